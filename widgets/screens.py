"""Render every main screen, logged in as the role that uses it, to PNG files.

Used by ``python -m boxoffice.screens --out DIR`` to look at what we build,
in Chinese (default) or English, on a fresh copy of the demo data.
"""

from __future__ import annotations

import tempfile
import time
from datetime import timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from boxoffice import bootstrap
from boxoffice.clock import now
from boxoffice.services import auth, catalogue
from boxoffice.services.settings import get_settings, this_terminal_name
from seatmap.model import Rect, demo
from sync.terminal import CentralLink, SyncStatus

from . import ops
from .app import Translations, create_application, open_store
from .context import AppContext
from .designer_window import DesignerWindow
from .login import LoginDialog
from .main_window import MainWindow
from .seat_map_window import SessionSeatMap
from .sync_ui import OverrideDialog, RegisterDialog

# Who uses which screen: (login, page keys).
SCREENS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("zhangli", ("home", "sessions_today", "settings")),
    ("liuyang", ("home",)),
    ("chenjing", ("audit",)),
    ("admin", ("users", "roles", "catalogue", "sessions", "prices", "settings")),
)
SIZE = (1280, 800)
SCREENSHOT_ADMIN_PASSWORD = "Screens-Admin-2026"


def _settle(app: QApplication, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        app.processEvents()
        if not ops.busy() or time.monotonic() > deadline:
            break
        time.sleep(0.01)
    for _ in range(5):
        app.processEvents()


def _save(widget: QWidget, path: Path) -> Path:
    widget.grab().save(str(path))
    return path


def render_all(out: Path, language: str = "zh_CN") -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    app = create_application()
    Translations(app).use(language)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="boxoffice-screens-") as tmp:
        store = open_store(Path(tmp), demo=True)
        try:
            ctx = AppContext(store, Path(tmp), settings=get_settings(store))
            login = LoginDialog(ctx)
            login.set_terminal_name(this_terminal_name(store))
            login.show()
            _settle(app)
            written.append(_save(login, out / "01-login.png"))
            login.close()
            number = 2
            for user, keys in SCREENS:
                demo = next(d for d in bootstrap.DEMO_LOGINS if d.login == user)
                result = auth.login(store, user, demo.password)
                if result.must_change_password:
                    auth.change_own_password(
                        store, result.actor, demo.password, SCREENSHOT_ADMIN_PASSWORD
                    )
                    result = auth.login(store, user, SCREENSHOT_ADMIN_PASSWORD)
                ctx.actor = result.actor
                window = MainWindow(ctx)
                window.resize(*SIZE)
                window.show()
                for key in keys:
                    window.open_page(key)
                    _settle(app)
                    written.append(_save(window, out / f"{number:02d}-{demo.role.value}-{key}.png"))
                    number += 1
                window.close()
                window.deleteLater()
                _settle(app)
            designer = _designer_screens(app, ctx, out, number)
            written += designer
            number += len(designer)
            written.append(_seat_map_screen(app, ctx, out, number))
            number += 1
            written += _terminal_screens(app, ctx, out, number)
        finally:
            store.close()
    return written


class _ShownStatus:
    """What a terminal's sync loop would report while the central store is away
    (for the picture only: nothing is sent)."""

    def __init__(self) -> None:
        self.figures = SyncStatus(
            online=False, queued=3, parked=1, last_sync_at=now() - timedelta(minutes=4)
        )

    def status(self) -> SyncStatus:
        return self.figures


def _designer_screens(app: QApplication, ctx: AppContext, out: Path, number: int) -> list[Path]:
    """The venue designer on the demo's grand theatre: the whole hall with two
    rows selected, zoomed in on the stalls, and the numbering dialog."""
    hall = next(h for h in catalogue.list_halls(ctx.store, ctx.me) if h.seating == "reserved")
    window = DesignerWindow(ctx, hall)
    window.resize(*SIZE)
    window.show()
    _settle(app)
    d = window.designer
    d.load(demo.grand_theatre())
    stalls = d.seating.sections[0]
    d.set_section(stalls.id)
    d.select(Rect(0, 0, stalls.columns, 2), cursor=(12, 1))
    d.say(d.tr("Seats numbered."))
    _settle(app)
    written = [_save(window, out / f"{number:02d}-admin-designer.png")]
    d.view.fit()
    d.view.zoom_by(3.0)
    d.view.centerOn(d.cell_rect((stalls.columns // 2, 2)).center())
    d.select(None, cursor=(stalls.columns // 2, 2))
    _settle(app)
    written.append(_save(window, out / f"{number + 1:02d}-admin-designer-zoomed.png"))
    d.number_selection()
    _settle(app)
    if d.dialog is not None:
        written.append(_save(d.dialog, out / f"{number + 2:02d}-admin-designer-numbering.png"))
        d.dialog.reject()
    window.designer.mark_saved()
    window.close()
    _settle(app)
    return written


def _seat_map_screen(app: QApplication, ctx: AppContext, out: Path, number: int) -> Path:
    """A cashier's live seat map of today's reserved session: some seats sold
    and held elsewhere, two chosen by best available."""
    demo_login = next(d for d in bootstrap.DEMO_LOGINS if d.login == "zhangli")
    ctx.actor = auth.login(ctx.store, demo_login.login, demo_login.password).actor
    session = next(s for s in catalogue.list_sessions(ctx.store, ctx.me) if s.hall_name == "大剧场")
    window = SessionSeatMap(ctx, session)
    window.resize(*SIZE)
    window.show()
    _settle(app)
    picker = window.picker
    if picker is not None:
        picker.view.fit()
        picker.choose_best()
    _settle(app)
    path = _save(window, out / f"{number:02d}-cashier-seat-map.png")
    window.close()
    _settle(app)
    return path


def _terminal_screens(app: QApplication, ctx: AppContext, out: Path, number: int) -> list[Path]:
    """The connect dialog (standalone), then a terminal's window while offline
    and the supervisor's confirmation for logging out with unsent sales."""
    written: list[Path] = []
    register = RegisterDialog(ctx)
    register.show()
    _settle(app)
    written.append(_save(register, out / f"{number:02d}-admin-register.png"))
    register.close()
    number += 1
    demo = next(d for d in bootstrap.DEMO_LOGINS if d.login == "zhangli")
    ctx.actor = auth.login(ctx.store, demo.login, demo.password).actor
    ctx.link = CentralLink("https://central.venue.example:8765", "", "1号售票窗口")
    ctx.sync = _ShownStatus()  # type: ignore[assignment]
    try:
        window = MainWindow(ctx)
        window.resize(*SIZE)
        window.show()
        window.sync_label.update_text()
        window.banner.update_from(window.sync_label.status())
        _settle(app)
        written.append(_save(window, out / f"{number:02d}-terminal-offline.png"))
        number += 1
        confirm = OverrideDialog(ctx, 3, window.tr("logging out"), "auth.logout", window)
        confirm.show()
        _settle(app)
        written.append(_save(confirm, out / f"{number:02d}-terminal-override.png"))
        confirm.close()
        window.close()
        window.deleteLater()
        _settle(app)
    finally:
        ctx.link = None
        ctx.sync = None
    return written
