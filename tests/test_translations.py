"""Every user-visible string has a Simplified Chinese translation, and the
committed .ts file is up to date with the source."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import i18n  # noqa: E402

pytestmark = pytest.mark.skipif(
    shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent)) is None,
    reason="pyside6-lupdate is installed with PySide6",
)


def sources(ts: Path) -> set[tuple[str, str]]:
    return {
        (context.findtext("name") or "", message.findtext("source") or "")
        for context in ET.parse(ts).getroot().iter("context")
        for message in context.iter("message")
    }


def test_committed_ts_has_every_string_in_the_source(tmp_path: Path) -> None:
    fresh = i18n.update(tmp_path / "fresh.ts")
    missing = sources(fresh) - sources(i18n.ts_path("zh_CN"))
    assert not missing, f"run `python tools/i18n.py update` and translate: {sorted(missing)[:10]}"


def test_every_string_is_translated_with_its_placeholders(tmp_path: Path) -> None:
    fresh = i18n.update(tmp_path / "fresh.ts")
    assert i18n.problems(fresh) == []


def test_translations_compile(tmp_path: Path) -> None:
    qm = tmp_path / "zh.qm"
    subprocess.run(
        [i18n._tool("lrelease"), str(i18n.ts_path("zh_CN")), "-qm", str(qm)],
        check=True,
        capture_output=True,
    )
    assert qm.stat().st_size > 1000
