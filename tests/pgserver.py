"""A throwaway PostgreSQL server for the test session.

:class:`PgServer` runs ``initdb`` into a fresh temporary directory, starts
``postgres`` on it and stops it again, removing the directory::

    with PgServer() as server:
        url = server.create_database("orders")   # postgresql+psycopg://postgres@127.0.0.1:PORT/orders
        engine = sqlalchemy.create_engine(url)

Fixtures, for a conftest to import (``from tests.pgserver import pg_server, pg_url  # noqa: F401``):

``pg_server``
    Session-scoped: one running :class:`PgServer`.
``pg_url``
    Function-scoped: the SQLAlchemy URL of a new, empty database made for the
    test (a copy of the server's template) and dropped after it. Dispose of
    the engines made on it: psycopg warns about connections left open, and the
    suite turns warnings into errors.

Without PostgreSQL (no ``initdb`` on PATH nor in ``/usr/lib/postgresql/*/bin``,
no psycopg, or running as root without a ``postgres`` user) the fixtures skip
the test, except when the environment variable ``CI`` is set: then they fail.
A server that is there but does not start is always an error.

The server, for tests only:

* listens on 127.0.0.1 only, on a free port, and on its Unix socket in the
  temporary directory (mode 0700: only the server's user and root reach it);
  ``trust`` authentication for TCP from 127.0.0.1 and for that socket are the
  only ``pg_hba.conf`` lines, so no password is needed, and every other
  connection is refused. Superuser: ``postgres``. ``url_for(name, socket=True)``
  connects over the socket, as a central store on the database's own machine
  would (``docs/deployment.md``).
* runs with ``fsync = off`` (and ``initdb --no-sync``): a crash of the machine
  can corrupt it, which does not matter for a server thrown away after the
  tests and must never be copied into a real configuration.
  ``synchronous_commit`` keeps its default (``on``), so commits behave as in
  production.
* ``max_connections = 100``, ``shared_buffers = 32MB``, UTF-8 with the C locale.
* runs as the ``postgres`` system user when the tests run as root (PostgreSQL
  refuses to run as root), and as the current user otherwise.

``postgres`` runs as a child of the test process (in a session of its own, so
a Ctrl-C in the terminal does not reach it), which waits for it once it ends:
no zombie is left for an init that reaps late. Stopping is ``pg_ctl stop -m
fast``, then, if the server is still there, SIGINT, SIGQUIT and SIGKILL. A
small watchdog process stops the server (SIGQUIT, then SIGKILL) and removes
the directory if the test process dies without calling :meth:`PgServer.stop`,
even on SIGKILL: it waits for the end of a pipe that only the test process holds.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, NoReturn

import pytest

HOST = "127.0.0.1"
SUPERUSER = "postgres"
MAINTENANCE_DB = "postgres"
TEMPLATE_DB = "pgserver_template"
"""Every :meth:`PgServer.create_database` copies this one unless told otherwise:
empty, like ``template1``, but free for a session to add to (extensions, a schema)."""

RUN_AS_WHEN_ROOT = "postgres"
DEBIAN_PG_ROOT = Path("/usr/lib/postgresql")  # Debian keeps the programs off PATH, in N/bin
_NAME_RE = re.compile(r"[a-z_][a-z0-9_]{0,62}")
_SOCKET_PATH_MAX = 100  # sun_path holds 108 bytes; the socket is DIR/.s.PGSQL.NNNNN


class PgUnavailable(RuntimeError):
    """No PostgreSQL here, or not one this user can run: skip locally, fail on CI."""


class PgStartError(RuntimeError):
    """PostgreSQL is installed but initdb or the server failed."""


def on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def find_bin_dir() -> Path:
    """The directory holding initdb, pg_ctl and postgres: from PATH, else Debian's
    newest ``/usr/lib/postgresql/N/bin``."""
    initdb = shutil.which("initdb")
    if initdb:
        candidates = [Path(initdb).resolve().parent]
    else:
        found = DEBIAN_PG_ROOT.glob("*/bin")
        candidates = sorted(found, key=lambda p: _version_key(p.parent.name), reverse=True)
    for directory in candidates:
        if all(os.access(directory / tool, os.X_OK) for tool in ("initdb", "pg_ctl", "postgres")):
            return directory
    raise PgUnavailable(
        "PostgreSQL's initdb/pg_ctl/postgres were not found on PATH nor in "
        "/usr/lib/postgresql/*/bin (on Debian: apt-get install postgresql)"
    )


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split(".") if part.isdigit())


def preflight(bin_dir: Path | None = None) -> tuple[Path, pwd.struct_passwd | None]:
    """Check that a server can be started here: the directory of PostgreSQL's programs,
    and the account to run them as (None: this process's own). Raises :class:`PgUnavailable`."""
    bin_dir = bin_dir or find_bin_dir()
    missing = [t for t in ("initdb", "pg_ctl", "postgres") if not os.access(bin_dir / t, os.X_OK)]
    if missing:
        raise PgUnavailable(f"no {', '.join(missing)} in {bin_dir}")
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        raise PgUnavailable(f"psycopg is not installed ({exc}); pip install -e '.[dev]'") from exc
    if os.geteuid() != 0:
        return bin_dir, None
    try:
        return bin_dir, pwd.getpwnam(RUN_AS_WHEN_ROOT)
    except KeyError:
        raise PgUnavailable(
            f"running as root, and PostgreSQL refuses to run as root, but there is no "
            f"{RUN_AS_WHEN_ROOT!r} user to run it as (Debian's postgresql package makes one)"
        ) from None


# --- Processes ------------------------------------------------------------------------


def _pid_alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting to be reaped by someone else does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat_line = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat_line.rpartition(")")[2].split()[0] != "Z"


def _postmaster_pid(data_dir: Path) -> int | None:
    """The pid in ``postmaster.pid`` if that process is alive and is this server's postmaster."""
    try:
        pid = int((data_dir / "postmaster.pid").read_text().split("\n", 1)[0])
    except (OSError, ValueError):
        return None
    if not _pid_alive(pid):
        return None
    with contextlib.suppress(OSError):  # without /proc, trust the pid file
        if str(data_dir).encode() not in Path(f"/proc/{pid}/cmdline").read_bytes():
            return None  # the pid was reused by something else
    return pid


def _wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while _pid_alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def kill_postmaster(data_dir: Path, timeout: float = 10.0) -> None:
    """Immediate shutdown (SIGQUIT), then SIGKILL, of the server in ``data_dir``, if it runs."""
    pid = _postmaster_pid(data_dir)
    if pid is None:
        return
    for sig in (signal.SIGQUIT, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)
        if _wait_gone(pid, timeout):
            return


def _watchdog_main(fd: int, root_dir: str, data_dir: str) -> None:
    """Run as a separate process: once every write end of pipe ``fd`` is closed
    (the test process stopped the server or died), kill the server and remove its directory."""
    while True:
        try:
            if not os.read(fd, 4096):
                break
        except InterruptedError:
            continue
        except OSError:
            break
    kill_postmaster(Path(data_dir))
    shutil.rmtree(root_dir, ignore_errors=True)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _traversable_by(path: Path, account: pwd.struct_passwd) -> bool:
    """Whether every directory from / down to ``path`` lets ``account`` through."""
    for directory in (path, *path.parents):
        st = directory.stat()
        if st.st_uid == account.pw_uid:
            bit = stat.S_IXUSR
        elif st.st_gid == account.pw_gid:
            bit = stat.S_IXGRP
        else:
            bit = stat.S_IXOTH
        if not st.st_mode & bit:
            return False
    return True


# --- The server -----------------------------------------------------------------------


class PgServer:
    """A PostgreSQL server in a temporary directory, for tests. See the module's docstring."""

    def __init__(self, *, bin_dir: Path | None = None, startup_timeout: float = 60.0) -> None:
        self._bin_dir = bin_dir
        self.startup_timeout = startup_timeout
        self.root_dir: Path | None = None
        self.port: int | None = None
        self.start_seconds: float | None = None
        """How long :meth:`start` took (initdb, start, template)."""
        self._run_as: pwd.struct_passwd | None = None
        self._postmaster: subprocess.Popen[bytes] | None = None
        self._watchdog: subprocess.Popen[bytes] | None = None
        self._watchdog_w: int | None = None
        self._names = itertools.count(1)

    # Where things are.

    @property
    def host(self) -> str:
        return HOST

    @property
    def user(self) -> str:
        return SUPERUSER

    @property
    def data_dir(self) -> Path:
        return self._root() / "data"

    @property
    def log_path(self) -> Path:
        return self._root() / "server.log"

    @property
    def url(self) -> str:
        """SQLAlchemy URL of the maintenance database ``postgres``."""
        return self.url_for(MAINTENANCE_DB)

    def url_for(self, dbname: str, *, socket: bool = False) -> str:
        """SQLAlchemy URL of database ``dbname``: over TCP, or over the Unix socket."""
        _check_name(dbname)
        if socket:
            return (
                f"postgresql+psycopg://{SUPERUSER}@/{dbname}"
                f"?host={self._root()}&port={self._port()}"
            )
        return f"postgresql+psycopg://{SUPERUSER}@{HOST}:{self._port()}/{dbname}"

    @property
    def running(self) -> bool:
        return self._postmaster is not None and self._postmaster.poll() is None

    @property
    def postmaster_pid(self) -> int | None:
        return self._postmaster.pid if self.running and self._postmaster else None

    def _root(self) -> Path:
        if self.root_dir is None:
            raise RuntimeError("the PostgreSQL server is not started")
        return self.root_dir

    def _port(self) -> int:
        if self.port is None:
            raise RuntimeError("the PostgreSQL server is not started")
        return self.port

    # Life cycle.

    def __enter__(self) -> PgServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> PgServer:
        """initdb, start, wait until it accepts connections, create the template database.

        Raises :class:`PgUnavailable` when PostgreSQL is not installed (or not runnable
        by this user) and :class:`PgStartError` when it is but does not work; leaves
        nothing behind either way."""
        if self.root_dir is not None:
            raise RuntimeError("the PostgreSQL server is already started")
        begun = time.monotonic()
        bin_dir, self._run_as = preflight(self._bin_dir)
        self.root_dir = self._make_root_dir()
        try:
            self._start_watchdog()
            self._initdb(bin_dir)
            self._start_server(bin_dir)
            self._sql(f"CREATE DATABASE \"{TEMPLATE_DB}\" TEMPLATE template0 ENCODING 'UTF8'")
        except BaseException:
            self.stop()
            raise
        self.start_seconds = time.monotonic() - begun
        return self

    def stop(self) -> None:
        """Stop the server (pg_ctl stop -m fast, else signals) and remove its directory.

        Safe to call more than once, and on a server whose start failed."""
        root = self.root_dir
        try:
            if self._postmaster is not None:
                self._stop_postmaster(self._postmaster)
                self._postmaster = None
            if root is not None:
                kill_postmaster(self.data_dir)  # in case it was not ours after all
        finally:
            if root is not None:
                shutil.rmtree(root, ignore_errors=True)
                self.root_dir = None
                self.port = None
            self._stop_watchdog()
        if root is not None and root.exists():
            raise PgStartError(f"could not remove {root}")

    def _stop_postmaster(self, proc: subprocess.Popen[bytes]) -> None:
        if proc.poll() is not None:
            return
        stopped = False
        with contextlib.suppress(subprocess.SubprocessError, OSError, PgUnavailable):
            pg_ctl = (self._bin_dir or find_bin_dir()) / "pg_ctl"
            result = self._run(
                [pg_ctl, "stop", "-D", self.data_dir, "-m", "fast", "-w", "-t", "30"], timeout=40
            )
            stopped = result.returncode == 0
        # pg_ctl only sent SIGINT and waited; the fall-backs are fast, immediate, kill.
        steps: list[tuple[signal.Signals | None, float]] = [(None, 10.0)] if stopped else []
        steps += [(signal.SIGINT, 30.0), (signal.SIGQUIT, 10.0), (signal.SIGKILL, 10.0)]
        for sig, grace in steps:
            if sig is not None:
                with contextlib.suppress(ProcessLookupError):
                    proc.send_signal(sig)
            try:
                proc.wait(timeout=grace)
                return
            except subprocess.TimeoutExpired:
                continue

    def _make_root_dir(self) -> Path:
        """A new directory, only for the server's user, whose socket path is short enough."""
        bases = [Path(tempfile.gettempdir()), Path("/tmp")]
        for base in bases:
            if len(str(base)) + 40 > _SOCKET_PATH_MAX or not base.is_dir():
                continue
            if self._run_as is not None and not _traversable_by(base, self._run_as):
                continue
            root = Path(tempfile.mkdtemp(prefix="pgserver-", dir=base))
            if self._run_as is not None:
                os.chown(root, self._run_as.pw_uid, self._run_as.pw_gid)
            return root
        who = self._run_as.pw_name if self._run_as else "this user"
        raise PgUnavailable(f"no temporary directory that {who} can use among {bases}")

    def _start_watchdog(self) -> None:
        r, w = os.pipe()  # both non-inheritable; the watchdog gets only r
        try:
            self._watchdog = subprocess.Popen(
                [
                    sys.executable,
                    "-I",
                    str(Path(__file__).resolve()),
                    "--watchdog",
                    str(r),
                    str(self._root()),
                    str(self.data_dir),
                ],
                pass_fds=(r,),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,  # outlives a kill of the test's process group
            )
        except BaseException:
            os.close(w)
            raise
        finally:
            os.close(r)
        self._watchdog_w = w

    def _stop_watchdog(self) -> None:
        if self._watchdog_w is not None:
            os.close(self._watchdog_w)
            self._watchdog_w = None
        if self._watchdog is not None:
            try:
                self._watchdog.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._watchdog.kill()
                self._watchdog.wait()
            self._watchdog = None

    def _env(self) -> dict[str, str]:
        # No PGDATA/PGPORT/PGHOST/... from the caller; English messages (we read the log).
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PG", "LC_", "LANG"))}
        env["LC_ALL"] = "C"
        if self._run_as is not None:
            env.update(HOME=self._run_as.pw_dir, USER=self._run_as.pw_name)
            env["LOGNAME"] = self._run_as.pw_name
        return env

    def _as_server_user(self) -> dict[str, Any]:
        """Popen arguments that run a program as the server's user."""
        if self._run_as is None:
            return {}
        return {"user": self._run_as.pw_uid, "group": self._run_as.pw_gid, "extra_groups": []}

    def _run(self, args: list[Any], *, timeout: float) -> subprocess.CompletedProcess[str]:
        """Run a PostgreSQL program as the server's user, in its directory."""
        return subprocess.run(
            [str(a) for a in args],
            cwd=self._root(),
            env=self._env(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            **self._as_server_user(),
        )

    def _initdb(self, bin_dir: Path) -> None:
        result = self._run(
            [
                bin_dir / "initdb",
                "-D",
                self.data_dir,
                "-U",
                SUPERUSER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",  # tests only, like fsync = off below
                "--no-instructions",
            ],
            timeout=max(self.startup_timeout, 120),
        )
        if result.returncode != 0:
            raise PgStartError(
                f"initdb failed (exit {result.returncode}):\n{result.stdout}\n{result.stderr}"
            )
        # TCP from 127.0.0.1, and the Unix socket in our own 0700 directory; nothing else.
        (self.data_dir / "pg_hba.conf").write_text(
            "# TYPE  DATABASE  USER  ADDRESS       METHOD\n"
            "host    all       all   127.0.0.1/32  trust\n"
            "local   all       all                 trust\n"
        )

    def _write_settings(self, port: int) -> None:
        settings = {
            "listen_addresses": f"'{HOST}'",
            "port": str(port),
            "unix_socket_directories": f"'{self._root()}'",
            "unix_socket_permissions": "0700",
            "max_connections": "100",
            "shared_buffers": "'32MB'",
            # For a throwaway test server only: a crash of the machine may corrupt it.
            "fsync": "off",
            "log_checkpoints": "off",
        }
        conf = self.data_dir / "postgresql.conf"
        text = conf.read_text().split("\n# --- pgserver ---\n", 1)[0]
        lines = [f"{name} = {value}" for name, value in settings.items()]
        conf.write_text(text + "\n# --- pgserver ---\n" + "\n".join(lines) + "\n")

    def _start_server(self, bin_dir: Path) -> None:
        """Start postgres on a free port and wait until it takes connections; another
        port if someone took the one found meanwhile."""
        attempts = 5
        for attempt in range(1, attempts + 1):
            port = _free_port()
            self._write_settings(port)
            with open(self.log_path, "wb") as log:
                self._postmaster = subprocess.Popen(
                    [str(bin_dir / "postgres"), "-D", str(self.data_dir)],
                    cwd=self._root(),
                    env=self._env(),
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # no SIGINT from the terminal's Ctrl-C
                    **self._as_server_user(),
                )
            self.port = port
            if self._wait_connectable(self._postmaster, time.monotonic() + self.startup_timeout):
                return
            log_tail = self._log_tail()
            if "could not bind" in log_tail and attempt < attempts:
                continue
            raise PgStartError(
                f"PostgreSQL exited while starting (exit {self._postmaster.returncode}):\n"
                f"--- {self.log_path} ---\n{log_tail}"
            )

    def _log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError as exc:
            return f"(no log: {exc})"

    def _wait_connectable(self, proc: subprocess.Popen[bytes], deadline: float) -> bool:
        """True once the server takes connections, False if it exits first."""
        import psycopg

        while True:
            if proc.poll() is not None:
                return False
            try:
                with self._connect():
                    return True
            except psycopg.OperationalError as exc:
                if proc.poll() is not None:
                    return False
                if time.monotonic() > deadline:
                    raise PgStartError(
                        f"PostgreSQL does not take connections on {HOST}:{self.port} after "
                        f"{self.startup_timeout:.0f} s: {exc}\n"
                        f"--- {self.log_path} ---\n{self._log_tail()}"
                    ) from exc
                time.sleep(0.02)

    # SQL.

    def _connect(self, dbname: str = MAINTENANCE_DB) -> Any:
        import psycopg

        return psycopg.connect(
            host=HOST,
            port=self._port(),
            user=SUPERUSER,
            dbname=dbname,
            autocommit=True,
            connect_timeout=5,
        )

    def _sql(self, statement: str, dbname: str = MAINTENANCE_DB) -> None:
        with self._connect(dbname) as conn:
            conn.execute(statement)

    def create_database(self, name: str, *, template: str = TEMPLATE_DB) -> str:
        """Create database ``name`` as a copy of ``template``; return its SQLAlchemy URL.

        Names are lower-case identifiers (``[a-z_][a-z0-9_]*``, at most 63 characters).
        Nobody may be connected to ``template`` meanwhile."""
        _check_name(name)
        _check_name(template)
        self._sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self.url_for(name)

    def drop_database(self, name: str) -> None:
        """Drop database ``name``, disconnecting whoever is still connected to it."""
        _check_name(name)
        self._sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def unique_name(self, hint: str = "db") -> str:
        """A database name not used before on this server, made from ``hint``."""
        slug = re.sub(r"[^a-z0-9_]+", "_", hint.lower()).strip("_") or "db"
        return f"t{next(self._names)}_{slug}"[:63]


def _check_name(name: str) -> None:
    if not _NAME_RE.fullmatch(name):
        raise ValueError(f"not a plain lower-case database name: {name!r}")


# --- Fixtures -----------------------------------------------------------------------


def skip_or_fail(exc: PgUnavailable) -> NoReturn:
    """Without PostgreSQL, skip the test, or fail it when ``CI`` is set."""
    if on_ci():
        pytest.fail(
            f"PostgreSQL is required on CI (CI={os.environ['CI']!r}) but unavailable: {exc}",
            pytrace=False,
        )
    pytest.skip(f"no PostgreSQL here: {exc}")


def start_or_skip(server: PgServer) -> PgServer:
    """``server.start()``, or :func:`skip_or_fail` without PostgreSQL."""
    try:
        return server.start()
    except PgUnavailable as exc:
        skip_or_fail(exc)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """One PostgreSQL server for the whole session (skipped without PostgreSQL, except on CI)."""
    server = start_or_skip(PgServer())
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server: PgServer, request: pytest.FixtureRequest) -> Iterator[str]:
    """SQLAlchemy URL of a new, empty database for this test, dropped afterwards."""
    name = pg_server.unique_name(request.node.name)
    url = pg_server.create_database(name)
    yield url
    pg_server.drop_database(name)


if __name__ == "__main__" and sys.argv[1:2] == ["--watchdog"]:
    _watchdog_main(int(sys.argv[2]), sys.argv[3], sys.argv[4])
