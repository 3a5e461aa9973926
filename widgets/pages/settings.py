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
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from boxoffice.clock import DEFAULT_TIMEZONE
from boxoffice.permissions import Perm
from boxoffice.services import settings as settings_service
from boxoffice.services import staff
from boxoffice.services.settings import Settings
from boxoffice.services.staff import TerminalRow

from ..context import AppContext
from ..dialogs import FormDialog, hint_label, wide
from ..login import LANGUAGE_NAMES, ChangePasswordDialog
from ..ops import Op
from .base import Page

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
        store, me = self.ctx.store, self.ctx.me
        return lambda: staff.create_terminal(store, me, name=name, kind=kind)


class SettingsPage(Page):
    """Signals:
    language_changed(str): the interface language was switched and stored
    ("zh_CN" or "en"); the main window is rebuilt in it.
    """

    language_changed = Signal(str)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, self.tr("Settings"))
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
        self.body.addWidget(mine)

        # --- for administrators ---------------------------------------------------------
        self.admin_box: QFrame | None = None
        if self.is_admin:
            self.admin_box = self._build_admin_section()
            self.body.addWidget(self.admin_box)

        self.status_label = QLabel(self)
        self.status_label.setObjectName("settingsStatus")
        self.status_label.setWordWrap(True)
        self.body.addWidget(self.status_label)
        self.body.addStretch(1)

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
        self.terminal = QComboBox(box)
        self.terminal.setObjectName("terminal")
        self.terminal.setMinimumContentsLength(24)
        self.add_terminal_button = QPushButton(self.tr("A&dd terminal…"), box)
        self.add_terminal_button.setObjectName("addTerminal")
        self.add_terminal_button.clicked.connect(self.add_terminal)
        terminal_row = QHBoxLayout()
        terminal_row.addWidget(self.terminal, 1)
        terminal_row.addWidget(self.add_terminal_button)
        for widget in (self.timezone, self.threshold, self.lockout_minutes):
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
            self.buddy_label(self.tr("This device is te&rminal"), self.terminal), terminal_row
        )
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

    # --- loading ---------------------------------------------------------------------

    def refresh(self) -> None:
        store = self.ctx.store
        me = self.ctx.me
        admin = self.is_admin

        def load() -> tuple[Settings, list[TerminalRow]]:
            current = settings_service.get_settings(store)
            return current, staff.list_terminals(store, me) if admin else []

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
        store, me = self.ctx.store, self.ctx.me

        def done(_result: object) -> None:
            self.ctx.settings = replace(self.ctx.settings, language=language)
            if self.loaded is not None:
                self.loaded = replace(self.loaded, language=language)
            self.language_changed.emit(language)

        Op(self, lambda: settings_service.set_language(store, me, language)).disabling(
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
        store, me = self.ctx.store, self.ctx.me
        self.status_label.setText(
            self.tr("Terminal added. Choose it and save to make this device that terminal.")
        )
        self.run(
            lambda: staff.list_terminals(store, me),
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
            "terminal_id": self.terminal.currentData(),
        }
        return {k: v for k, v in wanted.items() if getattr(self.loaded, k) != v}

    def save(self) -> None:
        if not self.is_admin:
            return
        changes = self.changes()
        if not changes:
            self.status_label.setText(self.tr("Nothing to save: no setting was changed."))
            return
        store, me = self.ctx.store, self.ctx.me
        assert self.save_button is not None

        def done(updated: Settings) -> None:
            self.loaded = updated
            self.ctx.settings = updated
            message = self.tr("Settings saved.")
            if "terminal_id" in changes:
                message += " " + self.tr("This device is a different terminal from the next login.")
            self.status_label.setText(message)

        Op(self, lambda: settings_service.update_settings(store, me, **changes)).disabling(
            self.save_button
        ).success(done).failure(
            lambda _e: self.status_label.clear(), report=True
        ).run_in_background()
