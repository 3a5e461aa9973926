"""Lint, formatting and type checks run as part of the test suite."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


def test_ruff_check() -> None:
    result = _run("ruff", "check", "--no-cache", "--output-format=concise", ".")
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]


def test_ruff_format() -> None:
    result = _run("ruff", "format", "--no-cache", "--check", ".")
    assert result.returncode == 0, (
        "run `.venv/bin/ruff format .`\n" + result.stdout[-8000:] + result.stderr[-2000:]
    )


@pytest.mark.slow
def test_mypy() -> None:
    # Files and strictness come from [tool.mypy] in pyproject.toml.
    result = _run("mypy")
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]
