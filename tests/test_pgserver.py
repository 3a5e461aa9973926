"""The throwaway PostgreSQL server of tests/pgserver.py, against the real thing."""

from __future__ import annotations

import os
import pwd
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from tests import pgserver
from tests.pgserver import PgServer, PgUnavailable, preflight, skip_or_fail, start_or_skip

# Fixtures for this module (plain assignments, not imports, keep ruff's F811 quiet).
# Redundant once tests/conftest.py imports them; then these two lines can go.

ROOT = Path(__file__).resolve().parent.parent
URL_RE = re.compile(r"postgresql\+psycopg://postgres@127\.0\.0\.1:(\d+)/([a-z0-9_]+)")


# --- Helpers ----------------------------------------------------------------------


@pytest.fixture
def postgresql() -> None:
    """Skip (fail on CI) without PostgreSQL, for tests that start servers of their own."""
    try:
        preflight()
    except PgUnavailable as exc:
        skip_or_fail(exc)


@contextmanager
def engine_for(url: str, **kwargs: Any) -> Iterator[sa.Engine]:
    engine = sa.create_engine(url, **kwargs)
    try:
        yield engine
    finally:
        engine.dispose()


def url_parts(url: str) -> tuple[str, str]:
    """(port, database) of a URL from the server; fails on any other shape."""
    match = URL_RE.fullmatch(url)
    assert match is not None, url
    return match[1], match[2]


def scalar(url: str, sql: str) -> Any:
    with engine_for(url) as engine, engine.connect() as conn:
        return conn.execute(sa.text(sql)).scalar_one()


def processes() -> dict[int, tuple[int, int, str, str]]:
    """pid -> (ppid, uid, state, command line) of every process."""
    found: dict[int, tuple[int, int, str, str]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            uid = entry.stat().st_uid
        except OSError:
            continue
        state, ppid = stat.rpartition(")")[2].split()[:2]
        found[int(entry.name)] = (int(ppid), uid, state, cmdline)
    return found


def live(pids: set[int]) -> set[int]:
    """Those of ``pids`` that still run (zombies not counted)."""
    procs = processes()
    return {pid for pid in pids if pid in procs and procs[pid][2] != "Z"}


def listening_sockets(port: int) -> list[tuple[str, str]]:
    """(family, local address) of every TCP socket listening on ``port``."""
    found = []
    for family, table in (("ipv4", "/proc/net/tcp"), ("ipv6", "/proc/net/tcp6")):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            address, port_hex = fields[1].rsplit(":", 1)
            if fields[3] == "0A" and int(port_hex, 16) == port:  # 0A: LISTEN
                if family == "ipv4":
                    address = socket.inet_ntoa(bytes.fromhex(address)[::-1])
                found.append((family, address))
    return found


def wait_until(condition: Callable[[], bool], timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


# --- One server, start to stop ----------------------------------------------------------


def test_server_start_use_and_stop() -> None:
    server = PgServer()
    start_or_skip(server)
    try:
        assert server.start_seconds is not None
        print(f"PostgreSQL started in {server.start_seconds:.2f} s")
        root, port = server.root_dir, server.port
        assert root is not None and root.is_dir() and port is not None
        pm_pid = server.postmaster_pid
        assert pm_pid is not None
        assert server._watchdog is not None
        watchdog_pid = server._watchdog.pid

        # As the postgres user when we are root (PostgreSQL refuses root), else as us.
        procs = processes()
        expected_uid = os.getuid() if os.geteuid() else pwd.getpwnam("postgres").pw_uid
        assert procs[pm_pid][1] == expected_uid
        assert root.stat().st_uid == expected_uid
        assert root.stat().st_mode & 0o777 == 0o700
        backends = {pid for pid, (ppid, *_rest) in procs.items() if ppid == pm_pid}
        assert backends, "a running server has its checkpointer, walwriter … as children"

        # URLs and databases.
        assert url_parts(server.url) == (str(port), "postgres")
        url_a = server.create_database("alpha")
        url_b = server.create_database("beta")
        assert url_parts(url_a) == (str(port), "alpha")
        assert url_parts(url_b) == (str(port), "beta")
        with pytest.raises(ValueError):
            server.create_database('x"; DROP DATABASE alpha; --')

        version = scalar(url_a, "SELECT version()")
        assert isinstance(version, str) and version.startswith("PostgreSQL ")
        assert int(scalar(url_a, "SHOW server_version_num")) >= 150000

        with engine_for(url_a) as a, engine_for(url_b) as b:
            with a.begin() as conn:
                conn.execute(sa.text("CREATE TABLE seat (id int PRIMARY KEY, label text)"))
                conn.execute(sa.text("INSERT INTO seat VALUES (1, '一排1座'), (2, '一排2座')"))
            with a.connect() as conn:
                rows = conn.execute(sa.text("SELECT id, label FROM seat ORDER BY id")).all()
            assert [tuple(r) for r in rows] == [(1, "一排1座"), (2, "一排2座")]

            # beta is another database: no seat table there until it makes its own.
            with b.connect() as conn:
                assert conn.execute(sa.text("SELECT to_regclass('seat')")).scalar() is None
            with b.begin() as conn:
                conn.execute(sa.text("CREATE TABLE seat (id int PRIMARY KEY, label text)"))
                conn.execute(sa.text("INSERT INTO seat VALUES (9, 'beta')"))
            with a.connect() as conn:
                assert conn.execute(sa.text("SELECT count(*) FROM seat")).scalar() == 2
            with b.connect() as conn:
                assert conn.execute(sa.text("SELECT label FROM seat")).scalar_one() == "beta"

            # The settings the module documents.
            with a.connect() as conn:

                def show(name: str) -> object:
                    return conn.execute(sa.text(f"SHOW {name}")).scalar_one()

                assert show("listen_addresses") == "127.0.0.1"
                assert show("unix_socket_directories") == str(root)
                assert show("fsync") == "off"
                assert show("synchronous_commit") == "on"
                assert show("max_connections") == "100"
                assert show("server_encoding") == "UTF8"

        # Listens on 127.0.0.1 only: one IPv4 socket, nothing on IPv6 or other addresses.
        assert listening_sockets(port) == [("ipv4", "127.0.0.1")]
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.2", port), timeout=5).close()

        data_dir = server.data_dir
    finally:
        server.stop()

    # Nothing left: no postmaster, no child of it, no watchdog, no process naming the
    # directory, no directory.
    assert not server.running and server.root_dir is None
    assert not live({pm_pid, watchdog_pid, *backends})
    assert not [c for _, _, s, c in processes().values() if str(root) in c and s != "Z"]
    assert not root.exists() and not data_dir.exists()
    server.stop()  # again: nothing to do


@pytest.mark.usefixtures("postgresql")
def test_context_manager_stops_when_the_body_fails() -> None:
    server = PgServer()
    with pytest.raises(RuntimeError, match="boom"), server:
        if not server.running:
            pytest.fail("not started")
        root, pm_pid = server.root_dir, server.postmaster_pid
        raise RuntimeError("boom")
    assert root is not None and not root.exists()
    assert pm_pid is not None and not live({pm_pid})


@pytest.mark.usefixtures("postgresql")
def test_killed_test_process_leaves_nothing_behind() -> None:
    """If the test process dies without stop() (SIGKILL), the watchdog stops the server."""
    child = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, signal, sys\n"
            f"sys.path.insert(0, {str(ROOT)!r})\n"
            "from tests.pgserver import PgServer\n"
            "s = PgServer().start()\n"
            "print(s.root_dir, s.postmaster_pid, s._watchdog.pid, flush=True)\n"
            "os.kill(os.getpid(), signal.SIGKILL)\n",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    root_text, pm_text, watchdog_text = child.stdout.split()
    root = Path(root_text)
    pids = {int(pm_text), int(watchdog_text)}
    assert wait_until(lambda: not root.exists() and not live(pids)), (root, live(pids))


# --- Without PostgreSQL ---------------------------------------------------------------


def test_missing_postgresql_skips_locally_and_fails_on_ci(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = PgServer(bin_dir=tmp_path)
    with pytest.raises(PgUnavailable, match="initdb"):
        server.start()
    assert server.root_dir is None
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(pgserver, "DEBIAN_PG_ROOT", tmp_path)
    with pytest.raises(PgUnavailable, match="not found on PATH"):
        preflight()

    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no PostgreSQL here"):
        start_or_skip(PgServer(bin_dir=tmp_path))
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="required on CI"):
        start_or_skip(PgServer(bin_dir=tmp_path))


# --- The fixtures ---------------------------------------------------------------------

_seen_databases: set[str] = set()


@pytest.mark.parametrize("run", [1, 2])
def test_pg_url_is_a_fresh_database_per_test(pg_url: str, pg_server: PgServer, run: int) -> None:
    port, name = url_parts(pg_url)
    assert int(port) == pg_server.port
    assert name not in _seen_databases
    _seen_databases.add(name)
    with engine_for(pg_url) as engine:
        with engine.connect() as conn:
            tables = conn.execute(
                sa.text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            ).scalar()
            assert tables == 0
        with engine.begin() as conn:  # would fail if an earlier run's table were here
            conn.execute(sa.text("CREATE TABLE t (run int)"))
            conn.execute(sa.text("INSERT INTO t VALUES (:run)"), {"run": run})


def test_pg_url_database_is_dropped_after_the_test(pg_server: PgServer) -> None:
    assert _seen_databases, "runs after test_pg_url_is_a_fresh_database_per_test"
    names = scalar(pg_server.url, "SELECT string_agg(datname, ',') FROM pg_database")
    assert isinstance(names, str)
    assert not _seen_databases & set(names.split(","))


def test_twenty_concurrent_clients(pg_url: str) -> None:
    clients = 20
    barrier = threading.Barrier(clients)
    seen: list[int] = []
    errors: list[BaseException] = []

    def client() -> None:
        try:
            with engine_for(pg_url, poolclass=sa.NullPool) as engine, engine.connect() as conn:
                barrier.wait(timeout=30)  # all connected at once
                n = conn.execute(
                    sa.text(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    )
                ).scalar_one()
                seen.append(n)
                barrier.wait(timeout=30)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert len(seen) == clients and min(seen) >= clients
