"""Where things live: the data directory and the bundled resources."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "BoxOffice"
DATA_DIR_ENV = "BOXOFFICE_DATA_DIR"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--data-dir`` wins, then ``BOXOFFICE_DATA_DIR``, then the platform's user
    data location. Portable installs and tests use the first two."""
    chosen = explicit or os.environ.get(DATA_DIR_ENV) or platformdirs.user_data_dir(APP_NAME, False)
    path = Path(chosen).expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def resources_dir() -> Path:
    """``resources/`` beside the packages, in a checkout and in the PyInstaller bundle."""
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
    return base / "resources"
