"""Opening the local store: SQLite in WAL mode, synchronous=FULL, migrated to head.

A store started on an older data directory is backed up and migrated; one
written by a newer BoxOffice is refused before anything is touched, because an
older program cannot know what a newer schema means.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import sessionmaker

try:
    import fcntl
except ImportError:  # Windows: the desktop's store has one process there
    fcntl = None  # type: ignore[assignment]

from ..errors import StoreTooNew
from ..i18n import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

DB_FILENAME = "boxoffice.sqlite3"
BUSY_TIMEOUT_S = 10.0
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
    cur.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
    cur.close()


class WriterDialect(SQLiteDialect_pysqlite):
    """pysqlite, each transaction begun with :attr:`begin_with` by the dialect.

    The writer takes the write lock at BEGIN: read-then-write transactions (the
    audit chain reads the last hash) must not interleave, and SQLite would
    otherwise fail the later writer with "database is locked" mid-way. Not a
    "begin" event, SQLAlchemy's usual recipe: any connection event makes it
    dispatch events around every statement, which was an eighth of the
    Python calls of the central store's writer."""

    begin_with = "BEGIN IMMEDIATE"
    supports_statement_cache = True  # a subclass must say so, or SQLAlchemy compiles every time

    def do_begin(self, dbapi_connection: Any) -> None:
        dbapi_connection.execute(self.begin_with)


class ReaderDialect(WriterDialect):
    """The reader's transactions take no lock: in WAL mode lists and look-ups
    never wait behind a sale being written."""

    begin_with = "BEGIN"
    supports_statement_cache = True


registry.register("sqlite.boxoffice_writer", __name__, "WriterDialect")
registry.register("sqlite.boxoffice_reader", __name__, "ReaderDialect")


def create_sqlite_engine(path: Path, *, writer: bool = True) -> Engine:
    """An engine on the store's file, for writing or (``writer=False``) reading."""
    driver = "boxoffice_writer" if writer else "boxoffice_reader"
    engine = create_engine(f"sqlite+{driver}:///{path}", connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _sqlite_pragmas)
    if not writer:
        event.listen(engine, "connect", _query_only)
    return engine


def _query_only(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    # A read service that tried to write would otherwise lose it silently.
    dbapi_conn.execute("PRAGMA query_only=ON")


def known_revisions() -> set[str]:
    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def refuse_newer(current: str | None) -> None:
    if current is not None and current not in known_revisions():
        raise StoreTooNew(
            QT_TRANSLATE_NOOP(
                "core",
                "This data directory was written by a newer version of BoxOffice "
                "(schema {revision}). Install that version or newer; nothing was changed.",
            ),
            revision=current,
        )


def stored_revision(path: Path) -> str | None:
    """The schema revision of an existing store, read without changing a byte
    (the engine's connect hook would switch the journal mode first)."""
    if not path.exists():
        return None
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.OperationalError:  # no alembic_version table yet
            return None
    return str(row[0]) if row else None


def migrate(engine: Engine, db_path: Path | None = None, target: str = "head") -> None:
    """Bring the schema to ``target``; refuse a store from a newer BoxOffice."""
    current = current_revision(engine)
    refuse_newer(current)
    if current is not None and current != head_revision() and db_path is not None:
        backup = db_path.with_name(f"{db_path.name}.before-{head_revision()}.bak")
        log.info("backing up %s to %s before migrating from %s", db_path, backup, current)
        # closing(): a sqlite3 connection's own "with" commits but does not close.
        with closing(sqlite3.connect(db_path)) as src, closing(sqlite3.connect(backup)) as dst:
            src.backup(dst)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)


class WriteLock:
    """The turn of one writer of a SQLite file: among the threads of this
    process, and (where the OS has ``flock``) among processes: the central
    store's server and its writer process (``central/writer_process.py``).

    SQLite serializes writers itself, but a writer that finds the file locked
    polls in its busy handler, asleep for up to 100 ms between tries. Here a
    waiting writer blocks on a lock the kernel hands over the moment it is
    free. It is held only around one transaction, never while waiting for
    anything but the database, and a process that dies lets go of its
    ``flock`` with it."""

    def __init__(self, database: str) -> None:
        self._threads = threading.RLock()
        self._depth = 0  # nested transactions of the thread holding the lock
        usable = fcntl is not None and database not in ("", ":memory:")
        self._path = f"{database}-writers.lock" if usable else None
        self._fd: int | None = None
        self._pid = 0  # a forked child opens its own: a flock is shared through an inherited fd

    def acquire(self, timeout: float) -> bool:
        if not self._threads.acquire(timeout=timeout):
            return False  # then SQLite's own busy_timeout decides
        self._depth += 1
        if self._depth == 1:
            fd = self._file()
            if fd is not None:
                assert fcntl is not None
                fcntl.flock(fd, fcntl.LOCK_EX)
        return True

    def release(self) -> None:
        self._depth -= 1
        if self._depth == 0 and self._fd is not None and self._path is not None:
            assert fcntl is not None
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        self._threads.release()

    def _file(self) -> int | None:
        if self._path is None:
            return None
        if self._fd is None or self._pid != os.getpid():
            try:
                self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            except OSError:  # a read-only folder: SQLite's busy handler still keeps order
                log.warning("no writers' lock file beside %s", self._path, exc_info=True)
                self._path = None
                return None
            self._pid = os.getpid()
        return self._fd


_WRITE_LOCKS: dict[str, WriteLock] = {}
_WRITE_LOCKS_GUARD = threading.Lock()


def _process_write_lock(engine: Engine) -> WriteLock:
    """One lock per SQLite database in this process, shared by every Store on it."""
    database = str(engine.url.database or "")
    with _WRITE_LOCKS_GUARD:
        lock = _WRITE_LOCKS.get(database)
        if lock is None:
            lock = _WRITE_LOCKS[database] = WriteLock(database)
        return lock


class Store:
    """The local store of one terminal: an engine and a session factory."""

    def __init__(
        self, engine: Engine, path: Path | None = None, reader: Engine | None = None
    ) -> None:
        self.engine = engine
        self.path = path
        self.reader = reader or engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._read_sessions = sessionmaker(self.reader, expire_on_commit=False)
        # SQLite: writers queue on a lock before BEGIN IMMEDIATE instead of
        # polling in SQLite's busy handler (WriteLock says why).
        self._write_lock = _process_write_lock(engine) if engine.dialect.name == "sqlite" else None

    @classmethod
    def open(cls, data_dir: Path, *, migrate_to: str = "head") -> Store:
        path = data_dir / DB_FILENAME
        refuse_newer(stored_revision(path))
        engine = create_sqlite_engine(path)
        try:
            migrate(engine, path, migrate_to)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, path, create_sqlite_engine(path, writer=False))

    @classmethod
    def connect(cls, url: str) -> Store:
        """A store on a database server (the central store on PostgreSQL), migrated."""
        engine = create_engine(url, pool_size=20, max_overflow=20, pool_pre_ping=True)
        try:
            migrate(engine)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self, conn: Connection | None = None) -> Iterator[OrmSession]:
        """One write transaction: committed on success, rolled back on error.

        ``conn``: a connection of this store's engine that the caller keeps
        checked out (the central store's writer thread), instead of one from
        the pool for this transaction alone (a checkout, and on PostgreSQL a
        ping, per transaction)."""
        lock = self._write_lock
        # Waiting longer than SQLite would is pointless: then let SQLite decide.
        locked = lock is not None and lock.acquire(timeout=BUSY_TIMEOUT_S)
        try:
            session = self._sessions(bind=conn) if conn is not None else self._sessions()
            with session, session.begin():
                yield session
        finally:
            if locked:
                assert lock is not None
                lock.release()

    @contextmanager
    def reading(self) -> Iterator[OrmSession]:
        """One read-only transaction: a consistent snapshot that takes no write lock.
        Closing the session ends it; the connection refuses writes (query_only)."""
        with self._read_sessions() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()
        if self.reader is not self.engine:
            self.reader.dispose()
