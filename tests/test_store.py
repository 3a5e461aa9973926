"""The local store: SQLite settings, migrations, old and newer data directories."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError

from boxoffice.db.models import Base, Role, RolePermission, User
from boxoffice.db.store import DB_FILENAME, Store, current_revision, head_revision
from boxoffice.errors import StoreTooNew
from boxoffice.services import auth, staff
from boxoffice.services.base import Actor
from tests.conftest import actor_for, opened, raw_sql


def test_connections_use_wal_and_full_sync(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_every_pooled_connection_gets_the_settings(store: Store) -> None:
    # Two connections open at once are two database connections: both are set up.
    first, second = store.engine.raw_connection(), store.engine.raw_connection()
    try:
        assert first.dbapi_connection is not second.dbapi_connection
        for conn in (first, second):
            cur = conn.cursor()
            assert cur.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert cur.execute("PRAGMA synchronous").fetchone()[0] == 2
            assert cur.execute("PRAGMA foreign_keys").fetchone()[0] == 1
            cur.close()
    finally:
        first.close()
        second.close()


def test_foreign_keys_are_enforced(store: Store) -> None:
    with pytest.raises(IntegrityError, match="FOREIGN KEY"), store.transaction() as session:
        session.add(RolePermission(role_id="no-such-role", permission="page.home"))
        session.flush()


def test_new_store_is_at_head(tmp_path: Path) -> None:
    with opened(tmp_path) as store:
        assert current_revision(store.engine) == head_revision()
    assert (tmp_path / DB_FILENAME).is_file()
    assert not list(tmp_path.glob("*.bak"))  # nothing to back up for a new store


def test_models_match_migrations(store: Store) -> None:
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_models_match_migrations_after_upgrade_from_first_revision(tmp_path: Path) -> None:
    Store.open(tmp_path, migrate_to="0001").close()
    with opened(tmp_path) as store, store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def _fill_first_revision_store(data_dir: Path) -> None:
    """What a BoxOffice at schema 0001 had written: a role and a user holding it."""
    old = Store.open(data_dir, migrate_to="0001")
    try:
        assert current_revision(old.engine) == "0001"
        with old.engine.connect() as conn:
            tables = {
                name
                for (name,) in conn.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                )
            }
        assert "staff_user" in tables
        assert "show_session" not in tables  # the catalogue came with 0002
        raw_sql(
            old,
            "INSERT INTO role (id, name, code, description, created_at) "
            "VALUES ('r1', '老角色', NULL, '', '2025-01-01 00:00:00.000000')",
            "INSERT INTO role_permission (role_id, permission) VALUES ('r1', 'users.manage')",
            "INSERT INTO staff_user (id, login, display_name, password_hash, enabled, "
            "must_change_password, failed_logins, locked_until, created_at, last_login_at) "
            "VALUES ('u1', 'laowang', '老王', 'x', 1, 0, 0, NULL, "
            "'2025-01-01 00:00:00.000000', NULL)",
            "INSERT INTO user_role (user_id, role_id) VALUES ('u1', 'r1')",
        )
    finally:
        old.close()


def test_old_data_directory_is_backed_up_and_migrated(tmp_path: Path) -> None:
    _fill_first_revision_store(tmp_path)

    with opened(tmp_path) as store:
        assert current_revision(store.engine) == head_revision()
        with store.transaction() as session:
            user = session.scalar(select(User).where(User.login == "laowang"))
            assert user is not None
            assert user.display_name == "老王"
            assert [r.name for r in user.roles] == ["老角色"]
            assert [p.permission for p in user.roles[0].permissions] == ["users.manage"]

    backups = list(tmp_path.glob("*.bak"))
    assert len(backups) == 1
    # The backup is the store as it was before migrating, data and all.
    conn = sqlite3.connect(backups[0])
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
        assert conn.execute("SELECT login FROM staff_user").fetchall() == [("laowang",)]
    finally:
        conn.close()


def test_migrated_store_is_usable(tmp_path: Path) -> None:
    """After migrating, the new tables work alongside the old data."""
    _fill_first_revision_store(tmp_path)
    with opened(tmp_path) as store, store.transaction() as session:
        role = session.get(Role, "r1")
        assert role is not None
        assert [u.login for u in role.users] == ["laowang"]
    with opened(tmp_path) as store:  # reopening an up-to-date store does not back up again
        assert current_revision(store.engine) == head_revision()
    assert len(list(tmp_path.glob("*.bak"))) == 1


def _stamp(path: Path, revision: str) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))
        conn.commit()
    finally:
        conn.close()


def test_newer_data_directory_is_refused_untouched(demo_data_dir: Path) -> None:
    db = demo_data_dir / DB_FILENAME
    _stamp(db, "9999")
    before = db.read_bytes()

    with pytest.raises(StoreTooNew) as refused:
        Store.open(demo_data_dir)

    assert refused.value.params == {"revision": "9999"}
    assert "newer version" in refused.value.english()
    assert "nothing was changed" in refused.value.english()
    assert db.read_bytes() == before
    assert not list(demo_data_dir.glob("*.bak"))
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("9999",)]
    finally:
        conn.close()


def test_newer_data_directory_stays_refused(demo_data_dir: Path) -> None:
    _stamp(demo_data_dir / DB_FILENAME, "9999")
    for _ in range(2):
        with pytest.raises(StoreTooNew):
            Store.open(demo_data_dir)


@pytest.mark.parametrize(
    ("statement", "message"),
    [
        ("UPDATE audit_entry SET detail = '{}'", "append-only"),
        ("UPDATE audit_entry SET action = 'x' WHERE seq = 1", "append-only"),
        ("DELETE FROM audit_entry", "deleted only by a purge"),
        ("DELETE FROM audit_entry WHERE seq = 1", "deleted only by a purge"),
    ],
)
def test_audit_entries_cannot_be_changed_behind_the_program(
    demo_store: Store, statement: str, message: str
) -> None:
    assert demo_store.path is not None
    conn = sqlite3.connect(demo_store.path)
    try:
        before = conn.execute("SELECT * FROM audit_entry ORDER BY seq").fetchall()
        assert before
        with pytest.raises(sqlite3.DatabaseError, match=message):
            conn.execute(statement)
        conn.rollback()
        assert conn.execute("SELECT * FROM audit_entry ORDER BY seq").fetchall() == before
    finally:
        conn.close()


def test_committed_changes_survive_reopening(ready_data_dir: Path, admin: Actor) -> None:
    with opened(ready_data_dir) as store:
        role_id = staff.create_role(store, admin, name="票务稽查", permissions=frozenset())
    with opened(ready_data_dir) as store:
        names = {r.id: r.name for r in staff.list_roles(store, admin)}
        assert names[role_id] == "票务稽查"


def test_failed_transaction_leaves_nothing(store: Store) -> None:
    class Boom(Exception):
        pass

    with pytest.raises(Boom), store.transaction() as session:
        session.add(Role(name="半途而废"))
        session.flush()
        raise Boom
    with store.transaction() as session:
        assert session.scalar(select(Role).where(Role.name == "半途而废")) is None


def test_seeded_store_reopens_with_accounts_intact(demo_data_dir: Path) -> None:
    with opened(demo_data_dir) as store:
        result = auth.login(store, "zhangli", "demo2026")
        assert not result.must_change_password
    with opened(demo_data_dir) as store:
        assert actor_for(store, "zhangli", "demo2026").display_name == "张丽"


def test_newer_store_in_rollback_journal_mode_is_refused_untouched(demo_data_dir: Path) -> None:
    """Opening would switch the journal mode to WAL; the refusal comes first."""
    db = demo_data_dir / DB_FILENAME
    _stamp(db, "9999")
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        conn.close()
    before = db.read_bytes()
    with pytest.raises(StoreTooNew):
        Store.open(demo_data_dir)
    assert db.read_bytes() == before
    assert not (demo_data_dir / f"{DB_FILENAME}-wal").exists()


def test_reads_do_not_wait_for_a_writer_and_cannot_write(store: Store) -> None:
    """A list on one screen must not hang behind a sale being written on another."""
    with store.transaction() as writing:
        writing.add(Role(name="写入中", code=None))
        writing.flush()
        with store.reading() as reading:  # would wait on the write lock if it took one
            names = set(reading.scalars(select(Role.name)))
            assert "写入中" not in names  # the uncommitted write is invisible
            with pytest.raises(OperationalError, match="readonly database"):
                reading.execute(Role.__table__.delete())


def test_a_write_takes_the_file_lock_at_its_first_statement_even_a_read(store: Store) -> None:
    """Read-then-write transactions (the audit chain reads its last hash first)
    must not interleave: a write begins with BEGIN IMMEDIATE, a read does not."""
    assert store.path is not None
    outside = sqlite3.connect(store.path, timeout=0, isolation_level=None)
    try:
        with store.reading() as reading:
            reading.execute(select(Role.name)).all()
            outside.execute("BEGIN IMMEDIATE")  # nobody holds the write lock
            outside.execute("ROLLBACK")
        with store.transaction() as writing:
            writing.execute(select(Role.name)).all()  # a read only, so far
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                outside.execute("BEGIN IMMEDIATE")
    finally:
        outside.close()


def test_a_store_from_before_the_tills_gets_the_merchant_roles(tmp_path: Path) -> None:
    """A venue that used 0010 keeps its roles; the merchant manager role arrives
    with its permissions, and the built-in roles gain the till's pages."""
    old = Store.open(tmp_path, migrate_to="0010")
    try:
        raw_sql(
            old,
            *(
                "INSERT INTO role (id, name, code, description, created_at) "
                f"VALUES ('{code}', '{name}', '{code}', '', '2025-01-01 00:00:00.000000')"
                for code, name in (
                    ("merchant_operator", "商户操作员"),
                    ("supervisor", "值班主管"),
                    ("admin", "系统管理员"),
                )
            ),
            "INSERT INTO role_permission (role_id, permission) "
            "VALUES ('merchant_operator', 'merchant.sell')",
        )
    finally:
        old.close()
    with opened(tmp_path) as store, store.reading() as session:
        roles = {r.code: r for r in session.scalars(select(Role))}
        manager = {p.permission for p in roles["merchant_manager"].permissions}
        assert roles["merchant_manager"].name == "商户管理员"
        assert {"merchant.sell", "products.manage", "page.till", "reports.view"} <= manager
        operator = {p.permission for p in roles["merchant_operator"].permissions}
        assert {"page.till", "page.shifts", "merchant.sell"} <= operator
        assert "settlement.confirm" in {p.permission for p in roles["supervisor"].permissions}
        assert "merchants.manage" in {p.permission for p in roles["admin"].permissions}


def _hold_the_write_turn(path: str, holding: Any, release: Any) -> None:
    """In another process: take the writers' turn (not SQLite's lock: only the
    turn can make the other process wait) until told to give it back."""
    other = Store.open(Path(path))
    lock = other._write_lock
    assert lock is not None
    assert lock.acquire(timeout=10)
    holding.set()
    release.wait(30)
    lock.release()
    other.close()


def test_a_writer_in_another_process_waits_its_turn_on_the_lock(store: Store) -> None:
    """The central store's writer process and its server share one SQLite file:
    a writer there takes its turn from a lock the kernel hands over at once,
    not from SQLite's busy handler (which sleeps between tries)."""
    import multiprocessing
    import threading

    assert store.path is not None
    context = multiprocessing.get_context("spawn")
    holding, release = context.Event(), context.Event()
    other = context.Process(
        target=_hold_the_write_turn, args=(str(store.path.parent), holding, release)
    )
    other.start()
    try:
        assert holding.wait(30)
        mine = threading.Event()

        def write() -> None:
            with store.transaction() as s:
                s.execute(select(1))
                mine.set()

        writer = threading.Thread(target=write)
        writer.start()
        assert not mine.wait(0.5)  # the other process has the turn
        assert (store.path.parent / f"{DB_FILENAME}-writers.lock").exists()
        release.set()
        assert mine.wait(10)  # and hands it over when it commits
        writer.join(10)
    finally:
        release.set()
        other.join(30)
    assert other.exitcode == 0
