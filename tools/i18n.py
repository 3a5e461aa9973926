"""Translations: update the .ts files from the source, check them, build .qm files.

    python tools/i18n.py update    # collect new strings into resources/i18n/*.ts
    python tools/i18n.py check     # every string translated, placeholders intact
    python tools/i18n.py release   # build .qm files (the set-up command runs this)

Source strings are English; Simplified Chinese is the default language. The
.ts files are committed and edited with Qt Linguist (pyside6-linguist).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
SOURCES = ("boxoffice", "widgets", "seatmap", "printing", "devices", "sync", "central")
LANGUAGES = ("zh_CN",)
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def ts_path(language: str) -> Path:
    return I18N / f"boxoffice_{language}.ts"


def _tool(name: str) -> str:
    found = shutil.which(f"pyside6-{name}", path=str(Path(sys.executable).parent)) or shutil.which(
        f"pyside6-{name}"
    )
    if found is None:
        raise SystemExit(f"pyside6-{name} not found; install the project first")
    return found


def source_files() -> list[str]:
    files = []
    for package in SOURCES:
        files += sorted(str(p.relative_to(ROOT)) for p in (ROOT / package).rglob("*.py"))
    return files


def update(target: Path | None = None, language: str = "zh_CN") -> Path:
    ts = target or ts_path(language)
    if target is not None and not target.exists() and ts_path(language).exists():
        shutil.copy(ts_path(language), target)
    subprocess.run(
        [
            _tool("lupdate"),
            *source_files(),
            "-no-obsolete",
            "-locations",
            "none",
            "-target-language",
            language,
            "-ts",
            str(ts),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return ts


def problems(ts: Path) -> list[str]:
    """Untranslated strings and translations whose {placeholders} differ."""
    found = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            text = translation.text if translation is not None else None
            if (
                translation is None
                or translation.get("type") in ("unfinished", "vanished", "obsolete")
                or not text
            ):
                found.append(f"[{name}] untranslated: {source}")
            elif sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
                found.append(f"[{name}] placeholders differ: {source} -> {text}")
    return found


def release() -> None:
    for language in LANGUAGES:
        ts = ts_path(language)
        if ts.exists():
            subprocess.run(
                [_tool("lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))],
                check=True,
                capture_output=True,
            )


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "update":
        for language in LANGUAGES:
            print(update(language=language))
    elif command == "release":
        release()
    elif command == "check":
        bad = [p for language in LANGUAGES for p in problems(ts_path(language))]
        print("\n".join(bad) or "all strings translated")
        return 1 if bad else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
