"""Opening the local store: SQLite in WAL mode, synchronous=FULL, migrated to head.

A store started on an older data directory is backed up and migrated; one
written by a newer BoxOffice is refused before anything is touched, because an
older program cannot know what a newer schema means.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import sessionmaker

from ..errors import StoreTooNew
from ..i18n import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

DB_FILENAME = "boxoffice.sqlite3"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def _sqlite_pragmas(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (below), not pysqlite.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    # FULL: a committed sale survives power loss, not just a process crash.
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def _begin_immediate(conn: Any) -> None:
    # Take the write lock at BEGIN: read-then-write transactions (the audit
    # chain reads the last hash) must not interleave, and SQLite would
    # otherwise fail the later writer with "database is locked" mid-way.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def create_sqlite_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "begin", _begin_immediate)
    return engine


def known_revisions() -> set[str]:
    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: Engine, db_path: Path | None = None, target: str = "head") -> None:
    """Bring the schema to ``target``; refuse a store from a newer BoxOffice."""
    current = current_revision(engine)
    if current is not None and current not in known_revisions():
        raise StoreTooNew(
            QT_TRANSLATE_NOOP(
                "core",
                "This data directory was written by a newer version of BoxOffice "
                "(schema {revision}). Install that version or newer; nothing was changed.",
            ),
            revision=current,
        )
    if current is not None and current != head_revision() and db_path is not None:
        backup = db_path.with_name(f"{db_path.name}.before-{head_revision()}.bak")
        log.info("backing up %s to %s before migrating from %s", db_path, backup, current)
        with sqlite3.connect(db_path) as src, sqlite3.connect(backup) as dst:
            src.backup(dst)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)


class Store:
    """The local store of one terminal: an engine and a session factory."""

    def __init__(self, engine: Engine, path: Path | None = None) -> None:
        self.engine = engine
        self.path = path
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, data_dir: Path, *, migrate_to: str = "head") -> Store:
        path = data_dir / DB_FILENAME
        engine = create_sqlite_engine(path)
        try:
            migrate(engine, path, migrate_to)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, path)

    @contextmanager
    def transaction(self) -> Iterator[OrmSession]:
        """One database transaction: committed on success, rolled back on error."""
        with self._sessions() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()
