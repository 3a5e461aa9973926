"""A printer reached by writing to a file: a device node such as
``/dev/usb/lp0`` (Linux's own USB printer driver) or a plain file for
capturing jobs."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import BinaryIO

from .base import LinkError


def is_usable() -> bool:
    """Always: it needs nothing beyond the standard library."""
    return True


class FileLink:
    """One-way link that appends each job's bytes to ``path``."""

    two_way = False

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._file: BinaryIO | None = None

    def open(self) -> None:
        try:
            # Unbuffered, so a write that fails (device gone) fails at once.
            self._file = open(self.path, "ab", buffering=0)  # noqa: SIM115 - closed in close()
        except OSError as exc:
            raise LinkError(f"cannot open {self.path}: {exc.strerror or exc}") from exc

    def write(self, data: bytes) -> None:
        if self._file is None:
            raise LinkError(f"{self.path} is not open")
        try:
            view = memoryview(data)
            while view:  # a device node may take less than all at once
                view = view[self._file.write(view) or 0 :]
        except OSError as exc:
            raise LinkError(f"{self.path}: {exc.strerror or exc}") from exc

    def read(self, size: int, timeout: float) -> bytes:
        return b""

    def close(self) -> None:
        file, self._file = self._file, None
        if file is not None:
            with contextlib.suppress(OSError):
                file.close()

    def describe(self) -> str:
        return str(self.path)
