"""Starting the desktop app: Qt application, translations, style, and the
login → main window → logout cycle."""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from boxoffice import bootstrap
from boxoffice.db.store import Store
from boxoffice.errors import BoxOfficeError
from boxoffice.ids import UserId
from boxoffice.paths import resources_dir
from boxoffice.permissions import BUILTIN_ROLE_PERMISSIONS, BuiltinRole
from boxoffice.services import device_settings
from boxoffice.services import settings as settings_service
from boxoffice.services.base import Actor
from devices.emulator.printer import VirtualPrinter
from sync import terminal
from sync.credentials import CREDENTIAL_FILE_ENV
from sync.gateway import RemoteGateway

from .context import AppContext
from .devices_ui import DeviceHub
from .login import ChangePasswordDialog, LoginDialog
from .main_window import MainWindow
from .ops import error_text

log = logging.getLogger(__name__)

# Fonts that carry Simplified Chinese on Linux, Windows and macOS, best first.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "WenQuanYi Micro Hei",
)


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setApplicationName("BoxOffice")
    app.setOrganizationName("BoxOffice")
    families = set(QFontDatabase.families())
    family = next((f for f in CJK_FAMILIES if f in families), None)
    if family is not None:
        font = QFont(family)
        font.setPointSize(10)
        app.setFont(font)
    else:
        log.warning("no CJK font found; Chinese may show as boxes (install fonts-noto-cjk)")
    style = resources_dir() / "styles" / "app.qss"
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    return app


class Translations:
    """The app's own .qm and Qt's for standard dialogs, swappable at run time."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.installed: list[QTranslator] = []

    def use(self, language: str) -> bool:
        for translator in self.installed:
            self.app.removeTranslator(translator)
        self.installed.clear()
        QLocale.setDefault(QLocale(language))
        if language == "en":
            return True  # source strings are English
        ours = QTranslator(self.app)
        loaded = ours.load(str(resources_dir() / "i18n" / f"boxoffice_{language}.qm"))
        if loaded:
            self.app.installTranslator(ours)
            self.installed.append(ours)
        else:
            log.warning("translation %s not found; run the set-up command", language)
        qt = QTranslator(self.app)
        if qt.load(
            f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        ):
            self.app.installTranslator(qt)
            self.installed.append(qt)
        return loaded


def open_store(data_dir: Path, *, demo: bool) -> Store:
    store = Store.open(data_dir)
    if terminal.read_link(store) is not None:
        return store  # a terminal: staff, shows and seats are the central store's
    if demo:
        bootstrap.seed_demo(store)
    else:
        bootstrap.ensure_initialized(store)
    return store


class Shell:
    """Runs the login → (password change) → main window → logout cycle.

    Every dialog is opened non-blocking, so the cycle can be driven by tests
    exactly as a cashier drives it with the keyboard."""

    def __init__(self, app: QApplication, ctx: AppContext) -> None:
        self.app = app
        self.ctx = ctx
        self.translations = Translations(app)
        self.translations.use(ctx.settings.language)
        self.login_dialog: LoginDialog | None = None
        self.password_dialog: ChangePasswordDialog | None = None
        self.window: MainWindow | None = None
        self.connect_error = ""

    def show_login(self) -> None:
        self.ctx.actor = None
        self._connect()
        dialog = LoginDialog(self.ctx)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.set_terminal_name(settings_service.this_terminal_name(self.ctx.store))
        if self.ctx.link is not None and self.ctx.client is None:
            dialog.show_problem(self.connect_error)
        dialog.language_chosen.connect(self._switch_language_at_login)
        dialog.accepted.connect(self._logged_in)
        dialog.rejected.connect(self._login_cancelled)
        self.login_dialog = dialog
        dialog.open()

    def _login_cancelled(self) -> None:
        if self.login_dialog is not None and not self.login_dialog.property("relaunching"):
            self.app.quit()

    def _logged_in(self) -> None:
        assert self.login_dialog is not None and self.login_dialog.result_ is not None
        result = self.login_dialog.result_
        self.login_dialog = None
        if self.ctx.link is not None and self.ctx.client is not None:
            # From here on, screens (and a forced password change) work on the central store.
            self.ctx.gateway = RemoteGateway(self.ctx.client)
        self.ctx.reload_settings()  # the venue's settings, as the login just cached them
        if not result.must_change_password:
            self._enter(result.actor)
            return
        change = ChangePasswordDialog(self.ctx, result.actor, forced=True)
        change.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        change.accepted.connect(lambda: self._enter(result.actor))
        change.rejected.connect(self.show_login)
        self.password_dialog = change
        change.open()

    def _connect(self) -> None:
        """Read the link again (an administrator may have just registered) and
        make its client; a missing key is said at the login, where it matters."""
        ctx = self.ctx
        ctx.link = terminal.read_link(ctx.store)
        if ctx.link is None:
            self._disconnect()
            return
        if ctx.client is None:
            try:
                ctx.client = terminal.connect(ctx.link)
            except BoxOfficeError as exc:
                self.connect_error = error_text(exc)
                log.warning("no client for the central store: %s", exc.english())

    def _disconnect(self) -> None:
        ctx = self.ctx
        self._stop_sync()
        if ctx.client is not None:
            ctx.client.close()
            ctx.client = None

    def _stop_sync(self) -> None:
        ctx = self.ctx
        if ctx.sync is not None:
            # Not longer than this on the GUI thread: a pass stuck on an unreachable
            # store ends by itself; a sale it was sending keeps its key, so a
            # second sender after the next login is answered by the replay.
            ctx.sync.stop(timeout=2.0)
            ctx.sync = None
        ctx.gateway = None

    def _enter(self, actor: Actor) -> None:
        self.password_dialog = None
        ctx = self.ctx
        ctx.actor = actor
        if ctx.link is not None and ctx.client is not None:
            # Sales drain from the outbox; the feed keeps this window up to date.
            ctx.sync = terminal.SyncRunner(ctx.store, ctx.client)
            ctx.sync.start()
        self.show_main()

    def _switch_language_at_login(self, language: str) -> None:
        self.ctx.settings = replace(self.ctx.settings, language=language)
        self.translations.use(language)
        if self.login_dialog is not None:  # rebuild it so every label is in the new language
            self.login_dialog.setProperty("relaunching", True)
            self.login_dialog.reject()
        self.show_login()

    def show_main(self) -> None:
        window = MainWindow(self.ctx)
        window.logout_requested.connect(self._logged_out)
        window.language_changed.connect(self._language_changed)
        window.quit_requested.connect(self.app.quit)
        self.window = window
        window.show()

    def _close_window(self) -> None:
        if self.window is not None:
            self.window.replacing = True
            self.window.close()
            self.window.deleteLater()
            self.window = None

    def _logged_out(self) -> None:
        self._close_window()
        self._stop_sync()
        self.show_login()

    def shutdown(self) -> None:
        """Before the store closes: stop sending and close connections."""
        self._disconnect()

    def _language_changed(self, language: str) -> None:
        self.ctx.reload_settings()
        self.translations.use(language)
        self._close_window()
        self.show_main()


def run(data_dir: Path, *, demo: bool) -> int:
    app = create_application()
    try:
        store = open_store(data_dir, demo=demo)
    except BoxOfficeError as exc:
        Translations(app).use("zh_CN")
        QMessageBox.critical(None, "BoxOffice", error_text(exc))
        return 2
    ctx = AppContext(store, data_dir)
    ctx.reload_settings()
    demo_printer = None
    if demo:
        # The demo signs its tickets like a venue does, but on any machine: its
        # throwaway keys go to a file in its own data folder rather than the OS
        # keyring (which a headless box lacks). A real installation never does
        # this by itself (docs/deployment.md).
        os.environ.setdefault(CREDENTIAL_FILE_ENV, str(data_dir / "demo-credentials.json"))
        demo_printer = start_demo_printer(store, data_dir)
    ctx.devices = DeviceHub(store, app)
    ctx.scans = ctx.devices.scans
    ctx.devices.start()
    shell = Shell(app, ctx)
    QTimer.singleShot(0, shell.show_login)
    app.setQuitOnLastWindowClosed(False)
    code = app.exec()
    shell.shutdown()
    ctx.devices.stop()
    if demo_printer is not None:
        demo_printer.stop()
    store.close()
    return int(code)


DEMO_PRINTER_PORT = 19100


def start_demo_printer(store: Store, data_dir: Path) -> VirtualPrinter:
    """The demo prints to a virtual 80 mm network printer on this computer,
    which saves a PNG of every printed paper in ``<data dir>/printed``
    (README). Port 19100, or a free one if that is taken."""
    printer = VirtualPrinter(data_dir / "printed", port=DEMO_PRINTER_PORT)
    try:
        printer.start()
    except OSError:
        printer = VirtualPrinter(data_dir / "printed")
        printer.start()
    device_settings.set_demo_devices(store, printer.host, printer.port)
    return printer


def self_check(data_dir: Path) -> int:
    """Open the store, load translations, build the main window offscreen; 0 if all works."""
    app = create_application()
    store = open_store(data_dir, demo=False)
    try:
        ctx = AppContext(store, data_dir)
        ctx.reload_settings()
        if not Translations(app).use("zh_CN"):
            print("self-check failed: Chinese translation missing", file=sys.stderr)
            return 1
        # The main window as an administrator sees it, without logging anyone in.
        ctx.actor = Actor(
            UserId(""),
            "self-check",
            "self-check",
            None,
            "",
            frozenset(p.value for p in BUILTIN_ROLE_PERMISSIONS[BuiltinRole.ADMIN]),
        )
        # Build every page (without loading data) to prove the bundle has all it needs.
        window = MainWindow(ctx, open_first_page=False)
        if not window.specs:
            print("self-check failed: no pages", file=sys.stderr)
            return 1
        for spec in window.specs:
            window.page(spec.key)
        # A seat layout through its JSON Schema: the bundle must carry the schema file.
        from seatmap.model import demo, dumps, loads

        hall = demo.grand_theatre()
        if loads(dumps(hall)) != hall:
            print("self-check failed: a seat layout did not survive saving", file=sys.stderr)
            return 1
        # A test page through the templates, ESC/POS and the paper preview: the
        # bundle must carry the templates, python-escpos's data and a font.
        from boxoffice.clock import now
        from printing.forms import PrinterTestForm, VenueHeader
        from printing.paper import PAPER_80
        from printing.preview import preview_png
        from printing.templates import venue_templates

        page = venue_templates(None, ctx.zone).render(
            "test_page", PrinterTestForm(VenueHeader("BoxOffice"), "self-check", "-", "80", now())
        )
        if not preview_png(page, PAPER_80).startswith(b"\x89PNG"):
            print("self-check failed: no paper preview", file=sys.stderr)
            return 1
        window.replacing = True
        window.close()
        print("self-check ok")
        return 0
    finally:
        store.close()
