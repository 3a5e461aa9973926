"""A virtual ESC/POS network printer on loopback, for tests, the demo and staff.

It listens like a real Ethernet receipt printer on a raw TCP port. Each
connection is one job: when the sender closes it, the bytes are read as the
printer would (`printing.escpos_decode`), appended to `VirtualPrinter.jobs`,
and, given a ``png_dir``, drawn as ``<seq>-job.png`` (``<seq>-job-partial.png``
for a job that did not arrive whole). Connections that only asked for status
are not jobs.

Real-time status requests (DLE EOT n) are answered the moment they arrive,
with Epson's bit layouts (`devices.status`), also while the printer is faulty,
as real ones do. Faults can be switched at any time from any thread:

* paper out, cover open: the printer stops printing. Bytes arriving meanwhile
  are thrown away, as a real printer's receive buffer is lost when its
  mechanism stops; a job hit by this is recorded as partial, one that lost
  everything is not recorded at all;
* paper near end, offline, drawer open: reported in the status only;
* `drop_after`: the next connection is reset (RST) after that many bytes;
* `stop`/`start`: switched off (connections refused) and on again, same port.

Run ``python -m devices.emulator.printer --port 9100 --png-dir DIR`` to have
one in the foreground; it prints a line per job and takes fault commands on
standard input (type ``help``).
"""

from __future__ import annotations

import argparse
import contextlib
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Self

from devices.status import FIXED_BITS
from printing.escpos_decode import Decoded, decode, render_paper_png
from printing.paper import PAPER_80, Paper, paper_for

#: Called after each recorded job: sequence number, the job, its picture's path.
JobCallback = Callable[[int, Decoded, Path | None], None]

POLL = 0.05  # seconds between looks at the stop flag while idle


class VirtualPrinter:
    """A network receipt printer on ``host``:``port`` (0: a free port)."""

    def __init__(
        self,
        png_dir: str | Path | None = None,
        *,
        paper: Paper = PAPER_80,
        host: str = "127.0.0.1",
        port: int = 0,
        on_job: JobCallback | None = None,
        idle_timeout: float = 60.0,
    ) -> None:
        self.png_dir = Path(png_dir) if png_dir is not None else None
        self.paper = paper
        self.host = host
        self.port = port
        self.on_job = on_job
        # A real printer drops a connection that sends nothing for a while,
        # so one stuck sender cannot keep everyone else out.
        self.idle_timeout = idle_timeout
        self._jobs: list[Decoded] = []
        self._changed = threading.Condition()
        self._paper_out = False
        self._cover_open = False
        self._paper_near_end = False
        self._offline = False
        self._drawer_open = False
        self._drop_after: int | None = None
        self._listener: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()

    # --- switching on and off ----------------------------------------------------

    def start(self) -> None:
        """Switch on: listen (on the same port as before, once there was one)."""
        if self._thread is not None:
            return
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if sys.platform != "win32":  # on Windows the option would let others steal the port
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            listener.bind((self.host, self.port))
            listener.listen(8)
        except OSError:
            listener.close()
            raise
        listener.settimeout(POLL)
        self.port = listener.getsockname()[1]
        self._listener = listener
        self._stopping.clear()
        self._thread = threading.Thread(
            target=self._serve, args=(listener,), name=f"virtual-printer-{self.port}", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Switch off: new connections are refused; a job under way is cut off."""
        thread, self._thread = self._thread, None
        if thread is None:
            return
        self._stopping.set()
        thread.join(5.0)
        if self._listener is not None:
            self._listener.close()
            self._listener = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # --- what was printed --------------------------------------------------------

    @property
    def jobs(self) -> list[Decoded]:
        """The jobs printed so far, oldest first (a copy)."""
        with self._changed:
            return list(self._jobs)

    def wait_for_jobs(self, n: int, timeout: float = 5.0) -> list[Decoded]:
        """All jobs, once there are at least ``n``; TimeoutError if not in time."""
        with self._changed:
            if not self._changed.wait_for(lambda: len(self._jobs) >= n, timeout):
                raise TimeoutError(f"{len(self._jobs)} of {n} print jobs after {timeout} s")
            return list(self._jobs)

    # --- faults --------------------------------------------------------------------

    def set_paper_out(self, value: bool = True) -> None:
        with self._changed:
            self._paper_out = value

    def set_cover_open(self, value: bool = True) -> None:
        with self._changed:
            self._cover_open = value

    def set_paper_near_end(self, value: bool = True) -> None:
        with self._changed:
            self._paper_near_end = value

    def set_offline(self, value: bool = True) -> None:
        with self._changed:
            self._offline = value

    def set_drawer_open(self, value: bool = True) -> None:
        """The drawer's switch; a drawer pulse in a job opens it too."""
        with self._changed:
            self._drawer_open = value

    def drop_after(self, nbytes: int) -> None:
        """Reset the next connection once it has sent ``nbytes`` bytes; the
        bytes up to there are kept as a partial job. Only that connection."""
        with self._changed:
            self._drop_after = nbytes

    def status_byte(self, n: int) -> int | None:
        """The answer to DLE EOT ``n`` now (None for an n it does not answer)."""
        with self._changed:
            stopped = self._paper_out or self._cover_open
            bits = {
                1: (self._offline or stopped) << 3 | self._drawer_open << 2,
                2: self._cover_open << 2 | self._paper_out << 5,
                3: 0,
                # An empty roll reads as near its end too: both sensors see no paper.
                4: (self._paper_near_end or self._paper_out) * 0x0C | self._paper_out * 0x60,
            }.get(n)
        return None if bits is None else FIXED_BITS | bits

    def _printing_stopped(self) -> bool:
        with self._changed:
            return self._paper_out or self._cover_open

    # --- the connection --------------------------------------------------------------

    def _serve(self, listener: socket.socket) -> None:
        while not self._stopping.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                self._job(conn)

    def _job(self, conn: socket.socket) -> None:
        with self._changed:
            drop, self._drop_after = self._drop_after, None
        conn.settimeout(POLL)
        received = bytearray()
        kept = bytearray()
        requests = _StatusRequests()
        lost = False  # bytes thrown away, or the connection broke
        idle_since = time.monotonic()
        while True:
            if self._stopping.is_set():
                _reset(conn)
                lost = True
                break
            try:
                chunk = conn.recv(65536)
            except TimeoutError:
                if time.monotonic() - idle_since > self.idle_timeout:
                    _reset(conn)
                    lost = True  # the sender never said the job was over
                    break
                continue
            except OSError:
                lost = True  # the sender reset the connection
                break
            if not chunk:
                break
            idle_since = time.monotonic()
            dropping = drop is not None and len(received) + len(chunk) >= drop
            if dropping and drop is not None:
                chunk = chunk[: drop - len(received)]
            received += chunk
            try:
                for n in requests.feed(chunk):
                    answer = self.status_byte(n)
                    if answer is not None:
                        conn.sendall(bytes((answer,)))
            except OSError:
                lost = True
                break
            if self._printing_stopped():
                lost = True
            else:
                kept += chunk
            if dropping:
                _reset(conn)
                lost = True
                break
        dropped = drop is not None and len(received) >= drop
        if not self._record(bytes(received), bytes(kept), complete=not lost, dropped=dropped):
            with self._changed:
                if drop is not None and not dropped and self._drop_after is None:
                    self._drop_after = drop  # a status query is no job: keep it for the next

    def _record(self, received: bytes, kept: bytes, *, complete: bool, dropped: bool) -> bool:
        """Keep the job (and its picture); False when the connection was no job."""
        job = decode(kept, self.paper)
        job.raw = received
        job.complete = complete
        if not job.lines and not dropped:
            return False  # only status requests, or nothing survived a fault
        with self._changed:
            seq = len(self._jobs) + 1
            if job.drawer_kicks:
                self._drawer_open = True
        png: Path | None = None
        if self.png_dir is not None:
            self.png_dir.mkdir(parents=True, exist_ok=True)
            png = self.png_dir / f"{seq:04d}-job{'' if complete else '-partial'}.png"
            png.write_bytes(render_paper_png(kept, self.paper))
        with self._changed:
            self._jobs.append(job)
            self._changed.notify_all()
        if self.on_job is not None:
            self.on_job(seq, job, png)
        return True


class _StatusRequests:
    """Finds DLE EOT n in the byte stream, across chunk boundaries, as a
    printer's receiver does before anything else reads the bytes."""

    def __init__(self) -> None:
        self._state = 0  # 0: looking for DLE; 1: after DLE; 2: after DLE EOT

    def feed(self, chunk: bytes) -> Iterator[int]:
        for b in chunk:
            if self._state == 2:
                self._state = 0
                yield b
            elif self._state == 1 and b == 0x04:
                self._state = 2
            else:
                self._state = 1 if b == 0x10 else 0


def _reset(conn: socket.socket) -> None:
    """Abort with an RST, as a printer losing power or its network does."""
    with contextlib.suppress(OSError):
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        conn.close()


# --- command line --------------------------------------------------------------------

_FAULTS = {
    "paper-out": "set_paper_out",
    "cover-open": "set_cover_open",
    "near-end": "set_paper_near_end",
    "offline": "set_offline",
    "drawer-open": "set_drawer_open",
}
_HELP = (
    "commands: paper-out | cover-open | near-end | offline | drawer-open [on|off], "
    "drop N (reset the next job after N bytes), off, on, ok (clear faults), quit"
)


def _print_job(seq: int, job: Decoded, png: Path | None) -> None:
    first = next((line for line in job.lines if not line.startswith("[")), "")
    print(
        f"job {seq}: {'complete' if job.complete else 'PARTIAL'}, {len(job.raw)} bytes, "
        f"{len(job.lines)} lines, {job.cuts} cut(s), {len(job.qr_codes)} QR, "
        f"{len(job.drawer_kicks)} drawer pulse(s) | {first}" + (f" -> {png}" if png else ""),
        flush=True,
    )


def _command(vp: VirtualPrinter, line: str) -> bool:
    """Carry out one command typed by a person; False to quit."""
    words = line.split()
    if not words:
        return True
    name, args = words[0].lower(), words[1:]
    if name in _FAULTS:
        value = not args or args[0].lower() in ("on", "1", "yes", "true")
        getattr(vp, _FAULTS[name])(value)
        print(f"{name}: {'on' if value else 'off'}", flush=True)
    elif name == "drop" and args and args[0].isdigit():
        vp.drop_after(int(args[0]))
        print(f"the next job is cut off after {args[0]} bytes", flush=True)
    elif name == "ok":
        for setter in _FAULTS.values():
            getattr(vp, setter)(False)
        print("all faults cleared", flush=True)
    elif name == "off":
        vp.stop()
        print("switched off", flush=True)
    elif name == "on":
        vp.start()
        print(f"switched on, port {vp.port}", flush=True)
    elif name in ("quit", "exit"):
        return False
    else:
        print(_HELP, flush=True)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m devices.emulator.printer",
        description="A virtual ESC/POS network receipt printer.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=9100, help="TCP port (0: any free one)")
    parser.add_argument("--png-dir", type=Path, help="write a picture of each job here")
    parser.add_argument("--paper", type=int, choices=(58, 80), default=80, help="paper width, mm")
    args = parser.parse_args(argv)
    vp = VirtualPrinter(
        args.png_dir,
        paper=paper_for(args.paper),
        host=args.host,
        port=args.port,
        on_job=_print_job,
    )
    with vp:
        print(f"virtual {args.paper} mm printer on {vp.host}:{vp.port}; {_HELP}", flush=True)
        try:
            for line in sys.stdin:
                if not _command(vp, line):
                    return 0
            threading.Event().wait()  # no more input (run in the background): serve on
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
