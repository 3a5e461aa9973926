"""The login dialog, and the dialog for changing one's own password."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from boxoffice.services import auth
from boxoffice.services.auth import LoginResult
from boxoffice.services.base import Actor
from sync import terminal
from sync.terminal import TerminalLogin

from .context import AppContext
from .dialogs import FormDialog
from .ops import Op, error_text

LANGUAGE_NAMES = {"zh_CN": "简体中文", "en": "English"}


class LoginDialog(QDialog):
    """Login name and password at this terminal.

    Signals:
        language_chosen(str): the user picked another interface language.
    """

    language_chosen = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result_: LoginResult | None = None
        self.setWindowTitle(self.tr("BoxOffice — Log in"))
        self.setMinimumWidth(420)
        title = QLabel(self.tr("BoxOffice"), self)
        title.setObjectName("loginTitle")
        self.terminal = QLabel(self)
        self.terminal.setObjectName("terminalName")
        self.login = QLineEdit(self)
        self.login.setObjectName("login")
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.language = QComboBox(self)
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(ctx.settings.language)))
        self.language.activated.connect(
            lambda _i: self.language_chosen.emit(str(self.language.currentData()))
        )
        self.message = QLabel(self)
        self.message.setObjectName("errorMessage")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("&Login name"), self.login)
        form.addRow(self.tr("&Password"), self.password)
        form.addRow(self.tr("Lan&guage"), self.language)
        self.buttons = QDialogButtonBox(self)
        self.ok = self.buttons.addButton(
            self.tr("Log in (Enter)"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok.setDefault(True)
        self.buttons.addButton(self.tr("Quit (Esc)"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(12)
        layout.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.terminal, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.login.setFocus()

    def set_terminal_name(self, name: str) -> None:
        text = (
            self.tr("Terminal: {name}").format(name=name) if name else self.tr("Terminal not set")
        )
        if self.ctx.link is not None:
            text += "\n" + self.tr("Central store: {url}").format(url=self.ctx.link.url)
        self.terminal.setText(text)

    def show_problem(self, text: str) -> None:
        """Something to know before logging in (say, the terminal's key is missing)."""
        self.message.setText(text)

    def submit(self) -> None:
        name, password = self.login.text(), self.password.text()
        if not name.strip() or not password:
            self.message.setText(self.tr("Enter your login name and password."))
            return
        self.message.setText(self.tr("Checking…"))
        store, link, client = self.ctx.store, self.ctx.link, self.ctx.client

        def check() -> TerminalLogin:
            if link is None:  # standalone: this computer's store checks
                return TerminalLogin(auth.login(store, name, password), online=True)
            return terminal.login(store, link, client, name, password)

        Op(self, check).disabling(self.ok).success(self._logged_in).failure(
            self._refused
        ).run_in_background()

    def _logged_in(self, login: TerminalLogin) -> None:
        self.result_ = login.result
        self.ctx.online = login.online
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.message.setText(error_text(exc))
        self.password.clear()
        self.password.setFocus()


class ChangePasswordDialog(FormDialog):
    """Change one's own password; forced after a first or reset password."""

    def __init__(
        self, ctx: AppContext, actor: Actor, *, forced: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("Change password"), parent, ok_text=self.tr("Change (Enter)"))
        self.ctx = ctx
        self.actor = actor
        self.add_intro(
            self.tr("This is a temporary password. Choose your own before you continue.")
            if forced
            else self.tr("Choose a new password.")
        )
        self.current = QLineEdit(self)
        self.new = QLineEdit(self)
        self.repeat = QLineEdit(self)
        for field, name in ((self.current, "current"), (self.new, "new"), (self.repeat, "repeat")):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setObjectName(name)
        self.form.addRow(self.tr("&Current password"), self.current)
        self.form.addRow(self.tr("&New password"), self.new)
        self.form.addRow(self.tr("&Repeat new password"), self.repeat)
        self.current.setFocus()

    def prepare(self) -> Callable[[], None] | None:
        if self.new.text() != self.repeat.text():
            self.show_message(self.tr("The two new passwords differ."))
            return None
        ctx, actor = self.ctx, self.actor
        current, new = self.current.text(), self.new.text()
        # On the store that checks logins: this computer's, or the central store.
        return lambda: ctx.call_as(actor, auth.change_own_password, current, new)
