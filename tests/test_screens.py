"""`python -m boxoffice.screens` renders every main screen, in Chinese, offscreen."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QFontMetrics, QImage

from widgets.app import create_application
from widgets.screens import SCREENS

pytestmark = pytest.mark.slow


def test_screens_command_writes_every_screen(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "boxoffice.screens", "--out", str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    written = sorted(tmp_path.glob("*.png"))
    # The login, each role's pages, the venue designer (hall, zoomed, numbering dialog),
    # a cashier's seat map, then the terminal's: connect, offline window, override;
    # then printing: a ticket and a receipt off the virtual printer, the print
    # queue and devices pages, a handover slip on 80 and 58 mm paper.
    # The merchant's day: till, its orders, a goods receipt, products, merchants, settlement.
    assert len(written) == 1 + sum(len(keys) for _login, keys in SCREENS) + 3 + 1 + 4 + 6 + 3 + 6
    assert [p.name for p in written] == sorted(Path(line).name for line in done.stdout.split())
    dialogs = ("register.png", "override.png", "numbering.png")
    papers = [p for p in written if "-paper-" in p.name]
    windows = [p for p in written[1:] if not p.name.endswith(dialogs) and p not in papers]
    assert any(p.name.endswith("admin-print_queue.png") for p in windows)
    # Paper is as wide as the printer's dots: 576 on 80 mm, 384 on 58 mm.
    widths = {p.name.split("-paper-")[1]: QImage(str(p)).width() for p in papers}
    assert widths == {
        "ticket.png": 576,
        "receipt.png": 576,
        "goods-receipt.png": 576,
        "handover-80mm.png": 576,
        "handover-58mm.png": 384,
    }
    assert any(p.name.endswith("admin-designer.png") for p in windows)
    assert any(p.name.endswith("terminal-offline.png") for p in windows)
    for path in windows:
        image = QImage(str(path))
        assert (image.width(), image.height()) == (1280, 800), path.name


def test_the_app_font_has_chinese_glyphs(qapp: object) -> None:
    """Without a CJK font the screenshots (and the app) would show empty boxes."""
    app = create_application()
    metrics = QFontMetrics(app.font())
    assert all(metrics.inFontUcs4(ord(ch)) for ch in "售票员演出排场交班单")
