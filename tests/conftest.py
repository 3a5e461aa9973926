"""Shared fixtures: real stores in real SQLite files under ``tmp_path``.

Hashing a password (argon2id) costs about 0.1 s, so the stores with accounts
in them are built once per test session as *templates* and every test gets
its own copy, made with SQLite's backup API. Opening a copy is fast.

Templates (session-scoped data directories, never opened by a test):

``initialized_template``
    A fresh store after :func:`boxoffice.bootstrap.ensure_initialized`: the
    built-in roles, the standard ticket types, one ticket window and ``admin``
    with the initial password, which must be changed before any service runs.
``demo_template``
    :func:`boxoffice.bootstrap.seed_demo`, untouched.
``ready_template``
    The demo after the demo admin changed the first password to
    :data:`READY_ADMIN_PASSWORD` and every demo user logged in once.
    :func:`demo_actors` holds those logins.

Per-test fixtures: ``store``, ``demo_store`` / ``demo_data_dir``,
``ready_store`` / ``ready_data_dir``, and the actors ``admin``, ``supervisor``,
``cashier`` and ``merchant``. An :class:`Actor` only names a user and a
terminal; services re-read the user from the store on every call, so actors
from the session-wide logins act on every copy of the demo.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import keyring
import pytest
from sqlalchemy import func, select

from boxoffice import bootstrap
from boxoffice.db.models import AuditEntry
from boxoffice.db.store import DB_FILENAME, Store
from boxoffice.permissions import BuiltinRole
from boxoffice.services import auth
from boxoffice.services.base import Actor
from tests.central_server import CentralServer, serving
from tests.faultproxy import FaultProxy
from tests.memkeyring import MemoryKeyring
from tests.pgserver import pg_server, pg_url  # noqa: F401 - fixtures for PostgreSQL tests

INITIAL_ADMIN_PASSWORD = bootstrap.INITIAL_ADMIN_PASSWORD
READY_ADMIN_PASSWORD = "ready-admin-2026"
"""The demo admin's password in ``ready_template`` copies (changed from the first one)."""

DEMO_PASSWORDS: dict[str, str] = {d.login: d.password for d in bootstrap.DEMO_LOGINS}
"""Login -> password of the pure demo (``demo_store``)."""

READY_PASSWORDS: dict[str, str] = {**DEMO_PASSWORDS, "admin": READY_ADMIN_PASSWORD}
"""Login -> password in ``ready_store``."""

ROLE_OF_LOGIN: dict[str, BuiltinRole] = {d.login: d.role for d in bootstrap.DEMO_LOGINS}

# One demo login per built-in role; the demo has two cashiers, zhangli is "the" cashier.
CASHIER, MERCHANT, SUPERVISOR, ADMIN = "zhangli", "liuyang", "chenjing", "admin"


# --- Helpers -------------------------------------------------------------------


def copy_data_dir(source: Path, target: Path) -> Path:
    """Copy the store of data directory ``source`` into ``target`` (created).

    Uses SQLite's online backup, so a store in WAL mode is copied whole
    whatever sits in its ``-wal`` file."""
    target.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(source / DB_FILENAME)
    try:
        dst = sqlite3.connect(target / DB_FILENAME)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


@contextmanager
def opened(data_dir: Path) -> Iterator[Store]:
    """``Store.open`` that closes again."""
    store = Store.open(data_dir)
    try:
        yield store
    finally:
        store.close()


def actor_for(store: Store, login: str, password: str) -> Actor:
    """Log in for real (argon2 verify, ~0.1 s) and return the Actor."""
    return auth.login(store, login, password).actor


def audit_count(store: Store) -> int:
    with store.transaction() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


def audit_entries(store: Store, after_seq: int = 0) -> list[AuditEntry]:
    """The audit entries with ``seq`` above ``after_seq``, oldest first."""
    with store.transaction() as session:
        return list(
            session.scalars(
                select(AuditEntry).where(AuditEntry.seq > after_seq).order_by(AuditEntry.seq)
            )
        )


def last_audit_seq(store: Store) -> int:
    entries = audit_entries(store)
    return entries[-1].seq if entries else 0


def raw_sql(store: Store, *statements: str) -> None:
    """Run SQL on the store's file through a plain sqlite3 connection, bypassing
    the program the way someone with the file would."""
    assert store.path is not None
    conn = sqlite3.connect(store.path)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def table_snapshot(store: Store, *, skip: tuple[str, ...] = ("audit_entry",)) -> dict[str, list]:
    """Every row of every table (sorted), to show that a refused call changed nothing."""
    assert store.path is not None
    conn = sqlite3.connect(store.path)
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
            if name not in skip
        ]
        return {
            t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables
        }
    finally:
        conn.close()


# --- Templates -------------------------------------------------------------------


def _build(directory: Path, prepare: Callable[[Store], object]) -> Path:
    with opened(directory) as store:
        prepare(store)
    return directory


@pytest.fixture(scope="session")
def initialized_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("initialized"), bootstrap.ensure_initialized)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("demo"), bootstrap.seed_demo)


@pytest.fixture(scope="session")
def _ready(
    tmp_path_factory: pytest.TempPathFactory, demo_template: Path
) -> tuple[Path, dict[str, Actor]]:
    directory = copy_data_dir(demo_template, tmp_path_factory.mktemp("ready"))
    actors: dict[str, Actor] = {}
    with opened(directory) as store:
        actors["admin"] = actor_for(store, "admin", DEMO_PASSWORDS["admin"])
        auth.change_own_password(
            store, actors["admin"], DEMO_PASSWORDS["admin"], READY_ADMIN_PASSWORD
        )
        for login, password in DEMO_PASSWORDS.items():
            if login != "admin":
                actors[login] = actor_for(store, login, password)
    return directory, actors


@pytest.fixture(scope="session")
def ready_template(_ready: tuple[Path, dict[str, Actor]]) -> Path:
    return _ready[0]


@pytest.fixture(scope="session")
def demo_actors(_ready: tuple[Path, dict[str, Actor]]) -> dict[str, Actor]:
    """Login -> Actor for every demo user, valid in ``ready_store`` (and, except
    ``admin``, who must still change the first password there, in ``demo_store``)."""
    return _ready[1]


# --- Per-test stores ---------------------------------------------------------------


@pytest.fixture
def store(tmp_path: Path, initialized_template: Path) -> Iterator[Store]:
    """A brand-new store: ``admin`` / ``INITIAL_ADMIN_PASSWORD`` must change it first."""
    with opened(copy_data_dir(initialized_template, tmp_path / "fresh")) as s:
        yield s


@pytest.fixture
def demo_data_dir(tmp_path: Path, demo_template: Path) -> Path:
    """A data directory holding a copy of the pure demo; reopen it with ``opened``."""
    return copy_data_dir(demo_template, tmp_path / "demo")


@pytest.fixture
def demo_store(demo_data_dir: Path) -> Iterator[Store]:
    """The pure demo: passwords as in ``bootstrap.DEMO_LOGINS``, admin must change it."""
    with opened(demo_data_dir) as s:
        yield s


@pytest.fixture
def ready_data_dir(tmp_path: Path, ready_template: Path) -> Path:
    return copy_data_dir(ready_template, tmp_path / "ready")


@pytest.fixture
def ready_store(ready_data_dir: Path) -> Iterator[Store]:
    """The demo with every account usable; act as them with ``admin``, ``cashier`` …"""
    with opened(ready_data_dir) as s:
        yield s


@pytest.fixture
def admin(demo_actors: dict[str, Actor]) -> Actor:
    return demo_actors[ADMIN]


@pytest.fixture
def supervisor(demo_actors: dict[str, Actor]) -> Actor:
    return demo_actors[SUPERVISOR]


@pytest.fixture
def cashier(demo_actors: dict[str, Actor]) -> Actor:
    return demo_actors[CASHIER]


@pytest.fixture
def merchant(demo_actors: dict[str, Actor]) -> Actor:
    return demo_actors[MERCHANT]


# --- A central store on loopback, and the network in front of it ------------------------


@pytest.fixture
def central(ready_store: Store) -> Iterator[CentralServer]:
    """A real central store (uvicorn, loopback HTTP) over ``ready_store``."""
    with serving(ready_store) as server:
        yield server


@pytest.fixture
def central_proxy(central: CentralServer) -> Iterator[FaultProxy]:
    """A fault-injecting proxy in front of ``central`` (passes traffic until told otherwise)."""
    with FaultProxy(("127.0.0.1", int(central.url.rsplit(":", 1)[1]))) as running:
        yield running


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """The OS keyring, in memory, for this test."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)
