"""设置: the interface language and one's password for everyone; the venue's
timezone, the lockout rules and which terminal this device is for administrators."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from boxoffice.clock import DEFAULT_TIMEZONE
from boxoffice.permissions import Perm
from boxoffice.services import settings as settings_service
from boxoffice.services import staff
from boxoffice.services.base import Actor
from boxoffice.services.settings import Settings
from boxoffice.services.staff import TerminalRow
from sync import terminal
from sync.terminal import CentralLink

from ..context import AppContext
from ..dialogs import FormDialog, hint_label, inform, wide
from ..login import LANGUAGE_NAMES, ChangePasswordDialog
from ..money_edit import MoneyEdit
from ..ops import Op, ask
from ..sync_ui import GuardedAction, RegisterDialog
from .base import Page, shortcut_label

COMMON_TIMEZONES = (
    "Asia/Shanghai",
    "Asia/Urumqi",
    "Asia/Hong_Kong",
    "Asia/Macau",
    "Asia/Taipei",
    "Asia/Singapore",
    "Asia/Kuala_Lumpur",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Europe/London",
    "Europe/Paris",
    "America/New_York",
    "America/Los_Angeles",
    "Australia/Sydney",
    "UTC",
)


class AddTerminalDialog(FormDialog):
    """Name a new terminal and say whether it is a ticket window or a till.

    Signals:
        saved(object): the id of the terminal added.
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Add terminal"), parent, ok_text=self.tr("Add (Enter)"))
        self.ctx = ctx
        self.name = QLineEdit(self)
        self.name.setObjectName("terminalName")
        self.name.setMaxLength(64)
        self.name.setPlaceholderText(self.tr("e.g. Window 3"))
        self.kind = wide(QComboBox(self))
        self.kind.setObjectName("terminalKind")
        self.kind.addItem(self.tr("Ticket window"), "window")
        self.kind.addItem(self.tr("Till (shop or bar)"), "till")
        self.form.addRow(self.tr("&Name"), self.name)
        self.form.addRow(self.tr("&Kind"), self.kind)
        self.name.setFocus()

    def prepare(self) -> Callable[[], str]:
        name, kind = self.name.text(), str(self.kind.currentData())
        call = self.ctx.call
        return lambda: call(staff.create_terminal, name=name, kind=kind)


class SettingsPage(Page):
    """Signals:
    language_changed(str): the interface language was switched and stored
    ("zh_CN" or "en"); the main window is rebuilt in it.
    link_changed(): this computer became a terminal of a central store, or
    standalone again; everyone logs in anew.
    """

    language_changed = Signal(str)
    link_changed = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, self.tr("Settings"))
        self.register_dialog: RegisterDialog | None = None
        self.guard: GuardedAction | None = None
        self.is_admin = ctx.may(Perm.SETTINGS_MANAGE)
        self.loaded: Settings | None = None
        self.password_dialog: ChangePasswordDialog | None = None
        self.terminal_dialog: AddTerminalDialog | None = None
        self.save_button: QPushButton | None = None
        if self.is_admin:
            self.save_button = self.add_action_button(
                self.tr("Save"), "Ctrl+S", self.save, primary=True
            )

        # --- for everyone ------------------------------------------------------------
        mine = self.card(self.tr("You and this screen"))
        self.language = QComboBox(mine)
        self.language.setObjectName("language")
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(ctx.settings.language)))
        self.apply_language_button = QPushButton(self.tr("S&witch language"), mine)
        self.apply_language_button.setObjectName("applyLanguage")
        self.apply_language_button.clicked.connect(self.apply_language)
        self.language.setMinimumWidth(260)
        language_row = QHBoxLayout()
        language_row.addWidget(self.language)
        language_row.addWidget(self.apply_language_button)
        language_row.addStretch(1)
        self.password_button = QPushButton(self.tr("Change my &password…"), mine)
        self.password_button.setObjectName("changePassword")
        self.password_button.clicked.connect(self.change_password)
        password_row = QHBoxLayout()
        password_row.addWidget(self.password_button)
        password_row.addStretch(1)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.addRow(self.buddy_label(self.tr("&Language"), self.language), language_row)
        form.addRow(self.tr("Password"), password_row)
        note = hint_label(
            self.tr("The language applies to this terminal; the window reopens in it."), mine
        )
        mine_layout = mine.layout()
        assert isinstance(mine_layout, QVBoxLayout)
        mine_layout.addLayout(form)
        mine_layout.addWidget(note)
        # The cards scroll when the window is shorter than they are (an
        # administrator's page has three of them).
        content = QWidget(self)
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        scroll = QScrollArea(self)
        scroll.setObjectName("settingsScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setStyleSheet(
            "QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; }"
        )
        scroll.setWidget(content)
        self.body.addWidget(scroll, 1)
        column.addWidget(mine)

        # --- for administrators ---------------------------------------------------------
        self.admin_box: QFrame | None = None
        if self.is_admin:
            self.admin_box = self._build_admin_section()
            column.addWidget(self.admin_box)
            column.addWidget(self._build_central_section())

        self.status_label = QLabel(self)
        self.status_label.setObjectName("settingsStatus")
        self.status_label.setWordWrap(True)
        column.addWidget(self.status_label)
        column.addStretch(1)

    def _build_admin_section(self) -> QFrame:
        box = self.card(self.tr("Venue and terminal (administrators)"))
        self.timezone = QComboBox(box)
        self.timezone.setObjectName("timezone")
        self.timezone.setEditable(True)
        self.timezone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.timezone.addItems(COMMON_TIMEZONES)
        self.timezone.setCurrentText(DEFAULT_TIMEZONE)
        self.threshold = QSpinBox(box)
        self.threshold.setObjectName("lockoutThreshold")
        self.threshold.setRange(1, 20)
        self.threshold.setSuffix(self.tr(" failed logins"))
        self.lockout_minutes = QSpinBox(box)
        self.lockout_minutes.setObjectName("lockoutMinutes")
        self.lockout_minutes.setRange(1, 24 * 60)
        self.lockout_minutes.setSuffix(self.tr(" minutes"))
        # Shift handover: a larger cash difference needs a supervisor; a sale
        # can be voided (作废) by its cashier within so many minutes.
        self.difference_limit = MoneyEdit(box)
        self.difference_limit.setObjectName("differenceLimit")
        self.void_minutes = QSpinBox(box)
        self.void_minutes.setObjectName("voidMinutes")
        self.void_minutes.setRange(0, 24 * 60)
        self.void_minutes.setSuffix(self.tr(" minutes"))
        self.terminal = QComboBox(box)
        self.terminal.setObjectName("terminal")
        self.terminal.setMinimumContentsLength(24)
        self.add_terminal_button = QPushButton(self.tr("A&dd terminal…"), box)
        self.add_terminal_button.setObjectName("addTerminal")
        self.add_terminal_button.clicked.connect(self.add_terminal)
        terminal_row = QHBoxLayout()
        terminal_row.addWidget(self.terminal, 1)
        terminal_row.addWidget(self.add_terminal_button)
        for widget in (
            self.timezone,
            self.threshold,
            self.lockout_minutes,
            self.difference_limit,
            self.void_minutes,
        ):
            widget.setMinimumWidth(260)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(self.buddy_label(self.tr("Venue &timezone"), self.timezone), self.timezone)
        form.addRow(
            self.buddy_label(self.tr("&Failed logins before lockout"), self.threshold),
            self.threshold,
        )
        form.addRow(
            self.buddy_label(self.tr("Lockout la&sts"), self.lockout_minutes),
            self.lockout_minutes,
        )
        form.addRow(
            self.buddy_label(
                self.tr("Cash &difference a supervisor approves above"), self.difference_limit
            ),
            self.difference_limit,
        )
        form.addRow(
            self.buddy_label(self.tr("Cashiers may &void their last sale for"), self.void_minutes),
            self.void_minutes,
        )
        if not self.ctx.is_terminal:  # a terminal is who the central store registered it as
            form.addRow(
                self.buddy_label(self.tr("This device is te&rminal"), self.terminal),
                terminal_row,
            )
        else:
            self.terminal.hide()
            self.add_terminal_button.hide()
        note = hint_label(
            self.tr(
                "Times everywhere are shown in the venue's timezone. A new terminal "
                "applies from the next login on this device."
            ),
            box,
        )
        layout = box.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.addLayout(form)
        layout.addWidget(note)
        return box

    def _build_central_section(self) -> QFrame:
        box = self.card(self.tr("Central store (administrators)"))
        link = self.ctx.link
        if link is None:
            text = self.tr(
                "This computer is the store of record (standalone): its own staff, shows and "
                "sales. To make it one of several windows working against a central store, "
                "connect it with a one-time code."
            )
            self.link_button = QPushButton(
                shortcut_label(self.tr("Connect to a central store…"), "Ctrl+Shift+K"), box
            )
            self.link_button.clicked.connect(self.register)
        else:
            text = self.tr(
                "This computer is terminal “{name}” of the central store at {url}. Staff, "
                "shows and prices are managed there; sales made here are sent there."
            ).format(name=link.terminal_name, url=link.url)
            self.link_button = QPushButton(
                shortcut_label(self.tr("Disconnect from the central store…"), "Ctrl+Shift+K"),
                box,
            )
            self.link_button.clicked.connect(self.unregister)
        self.link_button.setObjectName("linkButton")
        self.link_button.setShortcut("Ctrl+Shift+K")
        self.link_label = QLabel(text, box)
        self.link_label.setObjectName("linkState")
        self.link_label.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.link_button)
        row.addStretch(1)
        layout = box.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.addWidget(self.link_label)
        layout.addLayout(row)
        return box

    def register(self) -> None:
        dialog = RegisterDialog(self.ctx, self)
        dialog.saved.connect(self._registered)
        self.open_dialog(dialog, "register_dialog")

    def _registered(self, link: CentralLink) -> None:
        box = inform(
            self,
            self.tr(
                "This computer is now terminal “{name}” of {url}. Log in with your central "
                "store account."
            ).format(name=link.terminal_name, url=link.url),
        )
        box.finished.connect(lambda _r: self.link_changed.emit())

    def unregister(self) -> None:
        def go(confirmed_by: Actor | None) -> None:
            store, me = self.ctx.store, self.ctx.me
            self.run(
                lambda: terminal.unregister(store, me, confirmed_by=confirmed_by),
                lambda _r: self.link_changed.emit(),
            )

        def confirmed() -> None:
            self.guard = GuardedAction(
                self, self.ctx, self.tr("disconnecting"), "terminal.unregister", go
            )

        ask(
            self,
            self.tr("Disconnect"),
            self.tr(
                "Disconnect this computer from the central store? It becomes standalone with "
                "a fresh administrator account (admin / boxoffice); to use it as a terminal "
                "again, register it with a new code."
            ),
            confirmed,
        )

    # --- loading ---------------------------------------------------------------------

    def refresh(self) -> None:
        call, store = self.ctx.call, self.ctx.store
        admin = self.is_admin

        def load() -> tuple[Settings, list[TerminalRow]]:
            current = settings_service.get_settings(store)
            return current, call(staff.list_terminals) if admin else []

        self.run(load, self._show)

    def _show(self, loaded: tuple[Settings, list[TerminalRow]]) -> None:
        current, terminals = loaded
        self.loaded = current
        self.language.setCurrentIndex(max(0, self.language.findData(current.language)))
        if not self.is_admin:
            return
        self.timezone.setCurrentText(current.venue_timezone)
        self.threshold.setValue(current.lockout_threshold)
        self.lockout_minutes.setValue(current.lockout_minutes)
        self.difference_limit.set_fen(current.shift_difference_limit_fen)
        self.void_minutes.setValue(current.void_minutes)
        self._fill_terminals(terminals, current.terminal_id)

    def _fill_terminals(self, terminals: list[TerminalRow], chosen: str | None) -> None:
        kinds = {"window": self.tr("ticket window"), "till": self.tr("till")}
        self.terminal.clear()
        self.terminal.addItem(self.tr("(not set)"), None)
        for t in terminals:
            text = f"{t.name} — {kinds.get(t.kind, t.kind)}"
            if not t.enabled:
                text += " " + self.tr("(disabled)")
            self.terminal.addItem(text, t.id)
        self.terminal.setCurrentIndex(max(0, self.terminal.findData(chosen)))

    # --- everyone ------------------------------------------------------------------------

    def apply_language(self) -> None:
        language = str(self.language.currentData())
        here = self.ctx.call_here  # the language is this terminal's own, whatever the mode

        def done(_result: object) -> None:
            self.ctx.settings = replace(self.ctx.settings, language=language)
            if self.loaded is not None:
                self.loaded = replace(self.loaded, language=language)
            self.language_changed.emit(language)

        Op(self, lambda: here(settings_service.set_language, language)).disabling(
            self.apply_language_button
        ).success(done).run_in_background()

    def change_password(self) -> None:
        dialog = ChangePasswordDialog(self.ctx, self.ctx.me, forced=False, parent=self)
        dialog.accepted.connect(
            lambda: self.status_label.setText(self.tr("Your password was changed."))
        )
        self.open_dialog(dialog, "password_dialog")

    # --- administrators -------------------------------------------------------------------

    def add_terminal(self) -> None:
        dialog = AddTerminalDialog(self.ctx, self)
        dialog.saved.connect(self._terminal_added)
        self.open_dialog(dialog, "terminal_dialog")

    def _terminal_added(self, terminal_id: str) -> None:
        call = self.ctx.call
        self.status_label.setText(
            self.tr("Terminal added. Choose it and save to make this device that terminal.")
        )
        self.run(
            lambda: call(staff.list_terminals),
            lambda rows: self._fill_terminals(rows, terminal_id),
        )

    def changes(self) -> dict[str, Any]:
        """What the admin section would change, compared with what was loaded."""
        if not self.is_admin or self.loaded is None:
            return {}
        wanted: dict[str, Any] = {
            "venue_timezone": self.timezone.currentText().strip(),
            "lockout_threshold": self.threshold.value(),
            "lockout_minutes": self.lockout_minutes.value(),
            "void_minutes": self.void_minutes.value(),
        }
        limit = self.difference_limit.fen()
        if limit is not None:
            wanted["shift_difference_limit_fen"] = int(limit)
        if not self.ctx.is_terminal:
            wanted["terminal_id"] = self.terminal.currentData()
        return {k: v for k, v in wanted.items() if getattr(self.loaded, k) != v}

    def save(self) -> None:
        if not self.is_admin:
            return
        changes = self.changes()
        if not changes:
            self.status_label.setText(self.tr("Nothing to save: no setting was changed."))
            return
        call = self.ctx.call
        assert self.save_button is not None

        def done(updated: Settings) -> None:
            if self.ctx.is_terminal:
                # The central store answers with its own settings; only the venue's apply here.
                updated = replace(
                    self.ctx.settings,
                    venue_timezone=updated.venue_timezone,
                    lockout_threshold=updated.lockout_threshold,
                    lockout_minutes=updated.lockout_minutes,
                    shift_difference_limit_fen=updated.shift_difference_limit_fen,
                    void_minutes=updated.void_minutes,
                )
            self.loaded = updated
            self.ctx.settings = updated
            message = self.tr("Settings saved.")
            if "terminal_id" in changes:
                message += " " + self.tr("This device is a different terminal from the next login.")
            self.status_label.setText(message)

        Op(self, lambda: call(settings_service.update_settings, **changes)).disabling(
            self.save_button
        ).success(done).failure(
            lambda _e: self.status_label.clear(), report=True
        ).run_in_background()
