"""A printer installed in the operating system, fed raw ESC/POS bytes.

On Linux and macOS the job goes to CUPS with ``lp -d NAME -o raw`` (the
printer's queue must be a raw queue, or use a driver that passes raw data
through); on Windows to the spooler with the RAW data type (pywin32). The
spooler gives no answer from the printer, so this link is one-way.
"""

from __future__ import annotations

import importlib
import logging
import shutil
import subprocess
import sys
from types import ModuleType

from .base import LinkError

log = logging.getLogger(__name__)

JOB_NAME = "BoxOffice"
# lp returns once CUPS has queued the job; a scheduler that does not answer
# within this is as good as absent.
_LP_TIMEOUT_S = 30.0


def _win32print() -> ModuleType | None:
    if sys.platform != "win32":
        return None
    try:
        return importlib.import_module("win32print")
    except ImportError:
        return None


def is_usable() -> bool:
    """The spooler can be reached: pywin32 on Windows, CUPS's ``lp`` elsewhere."""
    if sys.platform == "win32":
        return _win32print() is not None
    return shutil.which("lp") is not None


def list_system_printers() -> list[str]:
    """The names of the printers the system knows, for the settings screen;
    empty (never an error) where there is no spooler to ask."""
    win32print = _win32print()
    if win32print is not None:
        flags = win32print.PRINTER_ENUM_LOCAL | win32print.PRINTER_ENUM_CONNECTIONS
        return sorted(str(p["pPrinterName"]) for p in win32print.EnumPrinters(flags, None, 4))
    lpstat = shutil.which("lpstat")
    if lpstat is None:
        return []
    try:
        done = subprocess.run(
            [lpstat, "-e"], capture_output=True, text=True, timeout=_LP_TIMEOUT_S, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.info("lpstat failed: %s", exc)
        return []
    if done.returncode != 0:  # the scheduler is not running
        log.info("lpstat -e: %s", done.stderr.strip())
        return []
    return sorted({line.strip() for line in done.stdout.splitlines() if line.strip()})


class SystemPrinterLink:
    """One-way link to the system printer ``name``.

    Writes are collected and go to the spooler as **one job** when the job is
    submitted, so a ticket is never interleaved with another program's job.
    :meth:`submit` does that and raises :class:`LinkError` if the spooler
    refuses; :meth:`close` submits whatever is still unsent and, as every
    link's ``close``, never raises (a failure there is logged)."""

    two_way = False

    def __init__(self, name: str) -> None:
        self.name = name
        self._job: bytearray | None = None

    def open(self) -> None:
        if not is_usable():
            if sys.platform == "win32":
                raise LinkError("printing to a Windows printer needs pywin32 (win32print)")
            raise LinkError("printing to a system printer needs CUPS (the lp command)")
        # Checked now, so a wrong name fails the job here and not in close(), which cannot raise.
        if self.name not in list_system_printers():
            raise LinkError(
                f"the system has no printer named {self.name!r} (or its spooler is down)"
            )
        self._job = bytearray()

    def write(self, data: bytes) -> None:
        if self._job is None:
            raise LinkError(f"printer {self.name} is not open")
        self._job += data

    def read(self, size: int, timeout: float) -> bytes:
        return b""

    def submit(self) -> None:
        """Hand the collected bytes to the spooler as one job; raises LinkError."""
        if self._job is None:
            raise LinkError(f"printer {self.name} is not open")
        job, self._job = bytes(self._job), bytearray()
        if not job:
            return
        win32print = _win32print()
        if win32print is not None:
            self._submit_windows(win32print, job)
        else:
            self._submit_cups(job)

    def close(self) -> None:
        if self._job:
            try:
                self.submit()
            except LinkError as exc:
                log.error("print job for %s lost: %s", self.name, exc)
        self._job = None

    def describe(self) -> str:
        return self.name

    def _submit_cups(self, job: bytes) -> None:
        lp = shutil.which("lp")
        if lp is None:
            raise LinkError("the lp command (CUPS) is not installed")
        try:
            done = subprocess.run(
                [lp, "-d", self.name, "-o", "raw", "-t", JOB_NAME],
                input=job,
                capture_output=True,
                timeout=_LP_TIMEOUT_S,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise LinkError(f"lp for {self.name}: {exc}") from exc
        if done.returncode != 0:
            reason = done.stderr.decode(errors="replace").strip() or f"exit {done.returncode}"
            raise LinkError(f"CUPS refused the job for {self.name}: {reason}")

    def _submit_windows(self, win32print: ModuleType, job: bytes) -> None:
        try:
            handle = win32print.OpenPrinter(self.name)
        except Exception as exc:  # pywintypes.error, without importing pywintypes
            raise LinkError(f"no Windows printer {self.name}: {exc}") from exc
        try:
            win32print.StartDocPrinter(handle, 1, (JOB_NAME, None, "RAW"))
            try:
                win32print.StartPagePrinter(handle)
                win32print.WritePrinter(handle, job)
                win32print.EndPagePrinter(handle)
            finally:
                win32print.EndDocPrinter(handle)
        except Exception as exc:
            raise LinkError(f"Windows spooler refused the job for {self.name}: {exc}") from exc
        finally:
            win32print.ClosePrinter(handle)
