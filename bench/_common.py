"""Helpers shared by the benchmarks in bench/: the machine, percentiles, CPU
accounting, a central store in a subprocess, and the figures in docs/performance.md.

Benchmarks print one JSON object on stdout and nothing else; progress goes to stderr.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import platform
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parent.parent
PERFORMANCE_DOC = ROOT / "docs" / "performance.md"
DOC_TITLE = (
    "# Performance\n\nFigures measured by the scripts in `bench/` (see `bench/README.md`).\n"
)

_T0 = time.monotonic()


def log(message: str) -> None:
    """Progress on stderr (stdout carries only the JSON result)."""
    print(f"[{time.monotonic() - _T0:7.1f}s] {message}", file=sys.stderr, flush=True)


# --- The machine ---------------------------------------------------------------------


def cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def machine_info() -> dict[str, Any]:
    return {
        "nproc": os.cpu_count(),
        "cpu_model": cpu_model(),
        "python": platform.python_version(),
        "os": f"{platform.system()} {platform.release()}",
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


# --- Figures -------------------------------------------------------------------------


def percentile(samples: Sequence[float], p: float) -> float:
    """The p-th percentile (0-100), linear between closest ranks."""
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * p / 100.0
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary_ms(samples_s: Sequence[float]) -> dict[str, float]:
    ms = [s * 1000.0 for s in samples_s]
    return {
        "p50_ms": round(percentile(ms, 50), 2),
        "p90_ms": round(percentile(ms, 90), 2),
        "p99_ms": round(percentile(ms, 99), 2),
        "max_ms": round(max(ms), 2) if ms else float("nan"),
        "mean_ms": round(statistics.fmean(ms), 2) if ms else float("nan"),
    }


def verdict(value: float, target: float, *, higher_is_better: bool) -> str:
    ok = value >= target if higher_is_better else value <= target
    return "pass" if ok else "FAIL"


# --- CPU accounting ------------------------------------------------------------------

_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def process_cpu_seconds(pid: int) -> float:
    """user + system CPU of one process (Linux /proc), 0 if unknown."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICK


def machine_cpu_seconds() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, all cores."""
    with open("/proc/stat") as f:
        parts = [int(x) for x in f.readline().split()[1:]]
    idle = parts[3] + (parts[4] if len(parts) > 4 else 0)
    total = sum(parts[:8])
    return (total - idle) / _TICK, total / _TICK


def family_cpu_seconds(root_pid: int | None) -> dict[int, float]:
    """CPU seconds of ``root_pid`` and its direct children (PostgreSQL's backends,
    the central store's writer process)."""
    if root_pid is None:
        return {}
    found = {root_pid: process_cpu_seconds(root_pid)}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[1]) == root_pid:
            found[int(entry.name)] = (int(fields[11]) + int(fields[12])) / _TICK
    return found


@dataclass
class CpuMeter:
    """CPU used during a phase, in cores (1.0 = one core busy for the whole phase):
    the server's processes (uvicorn and its writer process), this benchmark's
    clients, the database server's processes (PostgreSQL; SQLite runs inside the
    server's), and everything else on the machine."""

    server_pid: int | None
    database_pid: int | None = None
    extra_client_seconds: float = 0.0
    _start: dict[str, float] = field(default_factory=dict)
    _db_start: dict[int, float] = field(default_factory=dict)
    _server_start: dict[int, float] = field(default_factory=dict)
    _wall: float = 0.0

    def __enter__(self) -> CpuMeter:
        busy, total = machine_cpu_seconds()
        me = os.times()
        self._server_start = family_cpu_seconds(self.server_pid)
        self._start = {
            "client": me.user + me.system,
            "busy": busy,
            "total": total,
        }
        self._db_start = family_cpu_seconds(self.database_pid)
        self._wall = time.monotonic()
        return self

    def __exit__(self, *_exc: object) -> None:
        wall = time.monotonic() - self._wall
        busy, _total = machine_cpu_seconds()
        me = os.times()
        server = sum(
            cpu - self._server_start.get(pid, 0.0)
            for pid, cpu in family_cpu_seconds(self.server_pid).items()
        )
        client = me.user + me.system - self._start["client"] + self.extra_client_seconds
        database = sum(
            cpu - self._db_start.get(pid, 0.0)
            for pid, cpu in family_cpu_seconds(self.database_pid).items()
        )
        machine = busy - self._start["busy"]

        def cores(seconds: float) -> float:
            return round(seconds / wall, 2) if wall else 0.0

        self.seconds = {"server": server, "client": client, "database": database}
        self.result = {
            "wall_s": round(wall, 3),
            "server_cpu_s": round(server, 3),
            "server_python_cores": cores(server),
            "client_python_cores": cores(client),
            "database_cores": cores(database),
            "machine_busy_cores": cores(machine),
            # Other sessions' work on a shared machine (and the kernel's share not
            # charged to a process): the figures are worse the higher this is.
            "others_cores": cores(max(0.0, machine - server - client - database)),
        }


# --- A central store in its own process ----------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class CentralProcess:
    """``python -m central serve`` in a subprocess on a free loopback port."""

    def __init__(self, args: list[str], log_path: Path, wrapper: str | None = None) -> None:
        self.wrapper = wrapper
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.args = args
        self.log_path = log_path
        self.proc: subprocess.Popen[bytes] | None = None
        self.database_pid: int | None = None  # PostgreSQL's postmaster, for CPU accounting
        self._log: IO[bytes] | None = None

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def start(self, timeout: float = 60.0) -> CentralProcess:
        import requests

        # A wrapper (for experiments) is a script that patches the server, then
        # calls central.__main__.main() with the same arguments.
        program = [self.wrapper] if self.wrapper else ["-m", "central"]
        cmd = [sys.executable, *program, "serve", "--port", str(self.port), *self.args]
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        self.proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"the central store exited ({self.proc.returncode}); see {self.log_path}:\n"
                    + self.log_path.read_text(errors="replace")[-3000:]
                )
            try:
                if requests.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(
                    f"the central store did not start; see {self.log_path}:\n"
                    + self.log_path.read_text(errors="replace")[-3000:]
                )
            time.sleep(0.1)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)  # uvicorn's graceful shutdown
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=15)
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> CentralProcess:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()


@contextlib.contextmanager
def py_spy(pid: int | None, out: Path | None, *, gil: bool = False) -> Iterator[None]:
    """Sample ``pid``'s threads while they run on a CPU (py-spy, collapsed stacks into
    ``out``) during the block. A no-op without a pid, an output path, or py-spy.
    ``gil``: only the thread holding the GIL, without pausing the process
    (what a GIL-bound server spends its one core on)."""
    exe = Path(sys.executable).with_name("py-spy")
    if pid is None or out is None or not exe.exists():
        yield
        return
    cmd = [str(exe), "record", "--pid", str(pid), "--format", "raw", "--rate", "250"]
    cmd.append("--subprocesses")  # the central store's writer process too
    if gil:
        cmd += ["--gil", "--nonblocking"]
    proc = subprocess.Popen(
        [*cmd, "--output", str(out)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(0.5)  # let it attach
    try:
        yield
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


_PROJECT = re.compile(r"\((boxoffice|central|sync)/")
_LIBRARY = re.compile(r"\((?:.*site-packages/)?([A-Za-z_][A-Za-z0-9_]*)[/.]")


def summarize_collapsed(path: Path, top: int = 12) -> dict[str, Any]:
    """Where a py-spy profile's on-CPU samples went: the project's functions
    (inclusive share) and the library each sample's innermost frame is in."""
    inclusive: dict[str, int] = {}
    by_library: dict[str, int] = {}
    total = 0
    with contextlib.suppress(OSError):
        for line in path.read_text(errors="replace").splitlines():
            stack, _, count_text = line.rpartition(" ")
            if not count_text.isdigit():
                continue
            count = int(count_text)
            frames = stack.split(";")[1:]  # the first is the thread
            total += count
            for frame in {f for f in frames if _PROJECT.search(f)}:
                inclusive[frame] = inclusive.get(frame, 0) + count
            leaf = _LIBRARY.search(frames[-1]) if frames else None
            library = leaf.group(1) if leaf else "other"
            by_library[library] = by_library.get(library, 0) + count

    def share(c: int) -> float:
        return round(c / total, 3) if total else 0.0

    return {
        "samples": total,
        "project_inclusive": [
            {"frame": f, "share": share(c)}
            for f, c in sorted(inclusive.items(), key=lambda kv: -kv[1])[:top]
        ],
        "leaf_library": {
            k: share(c) for k, c in sorted(by_library.items(), key=lambda kv: -kv[1])[:top]
        },
    }


# --- docs/performance.md -------------------------------------------------------------


def write_doc_section(name: str, body: str, doc: Path = PERFORMANCE_DOC) -> None:
    """Replace the section between ``<!-- bench:NAME -->`` markers (or append it),
    keeping every other section of the document as it is."""
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    block = f"{start}\n{body.rstrip()}\n{end}\n"
    text = doc.read_text() if doc.exists() else DOC_TITLE
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end) + r"\n?", re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _m: block, text, count=1)
    else:
        text = text.rstrip() + "\n\n" + block
    doc.parent.mkdir(parents=True, exist_ok=True)
    tmp = doc.with_suffix(".md.tmp")
    tmp.write_text(text)
    tmp.replace(doc)
