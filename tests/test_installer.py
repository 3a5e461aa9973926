"""The PyInstaller bundle builds, and the bundled executable starts and passes its self-check.

``BoxOffice --self-check --data-dir DIR`` opens (and migrates) the local store in DIR,
loads the translations, creates the main window offscreen, prints "self-check ok" and
exits 0. Run against the bundle, it proves the migrations, resources, translations,
Qt plugins and hidden imports all made it in.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build_installer.spec"


def _tail(text: str, lines: int = 60) -> str:
    return "\n".join(text.splitlines()[-lines:])


@pytest.mark.slow
def test_bundle_builds_and_passes_self_check(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            str(SPEC),
            "--noconfirm",
            "--log-level=WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(tmp_path / "work"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert build.returncode == 0, (
        f"pyinstaller failed:\n{_tail(build.stdout)}\n{_tail(build.stderr)}"
    )
    shutil.rmtree(tmp_path / "work")

    exe = dist / "BoxOffice" / ("BoxOffice.exe" if sys.platform == "win32" else "BoxOffice")
    assert exe.is_file(), f"no executable at {exe}"

    data_dir = tmp_path / "data"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        # The bundle must not find anything through the developer's environment.
        "PYTHONPATH": "",
        "BOXOFFICE_DATA_DIR": "",
    }
    run = subprocess.run(
        [str(exe), "--self-check", "--data-dir", str(data_dir)],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=180,
    )
    output = f"stdout:\n{_tail(run.stdout)}\nstderr:\n{_tail(run.stderr)}"
    assert run.returncode == 0, f"self-check exited {run.returncode}\n{output}"
    assert "self-check ok" in run.stdout, output
    assert (data_dir / "boxoffice.sqlite3").is_file(), output
    shutil.rmtree(dist)  # ~200 MB; pytest keeps the last three tmp dirs. Kept on failure.
