"""用户管理: staff accounts — create, change roles, disable, reset passwords, delete.

Every change goes through :mod:`boxoffice.services.staff`, which refuses what
must not happen (disabling oneself, deleting an account with a history of
work, leaving nobody able to manage staff); the page shows those refusals.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from boxoffice.ids import RoleId, UserId
from boxoffice.permissions import Perm
from boxoffice.services import products, staff
from boxoffice.services.products import MerchantRow
from boxoffice.services.staff import RoleRow, UserRow

from ..context import AppContext
from ..dialogs import FormDialog, hint_label, wide
from ..ops import ask
from ..tables import Column, RowTable
from .base import Page, relabel
from .roles import role_title

ROLE_ID = Qt.ItemDataRole.UserRole


class UserDialog(FormDialog):
    """Create (``user`` is None) or edit a staff account.

    Signals:
        saved(object): the id of the account created or changed.
    """

    def __init__(
        self,
        ctx: AppContext,
        roles: Sequence[RoleRow],
        user: UserRow | None,
        parent: QWidget,
        merchants: Sequence[MerchantRow] = (),
    ) -> None:
        title = self.tr("New staff account") if user is None else self.tr("Edit staff account")
        super().__init__(title, parent)
        self.ctx = ctx
        self.user = user
        self.login = QLineEdit(self)
        self.login.setObjectName("login")
        self.login.setMaxLength(32)
        self.display_name = QLineEdit(self)
        self.display_name.setObjectName("displayName")
        self.display_name.setMaxLength(64)
        self.password: QLineEdit | None = None
        if user is None:  # created here, so Tab goes login, name, password, roles
            self.password = QLineEdit(self)
            self.password.setObjectName("password")
            self.password.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
        self.roles = QListWidget(self)
        self.roles.setObjectName("roles")
        self.roles.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        chosen = set(user.role_ids) if user is not None else set()
        for role in roles:
            item = QListWidgetItem(role_title(role), self.roles)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable
            )
            item.setData(ROLE_ID, role.id)
            item.setCheckState(
                Qt.CheckState.Checked if role.id in chosen else Qt.CheckState.Unchecked
            )
            if role.description:
                item.setToolTip(role.description)
        if self.roles.count():
            self.roles.setCurrentRow(0)
        # 操作员: an account working for a merchant sees that merchant only.
        self.merchant = wide(QComboBox(self))
        self.merchant.setObjectName("merchant")
        self.merchant.addItem(self.tr("None — venue staff"), None)
        for merchant in merchants:
            self.merchant.addItem(merchant.name, merchant.id)
        if user is not None and user.merchant_id is not None:
            if self.merchant.findData(user.merchant_id) < 0:  # a merchant not listed to us
                self.merchant.addItem(user.merchant_name or user.merchant_id, user.merchant_id)
            self.merchant.setCurrentIndex(self.merchant.findData(user.merchant_id))
        rows = max(3, min(self.roles.count(), 8))
        self.roles.setFixedHeight(
            rows * self.roles.sizeHintForRow(0) + 2 * self.roles.frameWidth() + 4
        )
        self.form.addRow(self.tr("&Login name"), self.login)
        self.form.addRow(self.tr("&Display name"), self.display_name)
        if self.password is not None:
            self.form.addRow(self.tr("Initial &password"), self.password)
            hint = self.tr("They must choose their own password at first login.")
            self.form.addRow("", hint_label(hint, self))
        self.form.addRow(self.tr("&Roles (Space ticks)"), self.roles)
        self.form.addRow(self.tr("&Merchant"), self.merchant)
        self.form.addRow(
            "",
            hint_label(
                self.tr("A merchant's operators and managers see and sell for it only."), self
            ),
        )
        if user is not None:
            self.login.setText(user.login)
            self.login.setReadOnly(True)
            self.login.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.display_name.setText(user.display_name)
            self.display_name.selectAll()
            self.display_name.setFocus()
        else:
            self.login.setFocus()

    def chosen_role_ids(self) -> list[RoleId]:
        return [
            RoleId(self.roles.item(i).data(ROLE_ID))
            for i in range(self.roles.count())
            if self.roles.item(i).checkState() == Qt.CheckState.Checked
        ]

    def chosen_merchant_id(self) -> str | None:
        data = self.merchant.currentData()
        return str(data) if data else None

    def prepare(self) -> Callable[[], UserId]:
        call = self.ctx.call
        display_name, role_ids = self.display_name.text(), self.chosen_role_ids()
        merchant_id = self.chosen_merchant_id()
        if self.user is None:
            assert self.password is not None
            login, password = self.login.text(), self.password.text()

            def create() -> UserId:
                return call(
                    staff.create_user,
                    login=login,
                    display_name=display_name,
                    password=password,
                    role_ids=role_ids,
                    merchant_id=merchant_id,
                )

            return create
        user_id = self.user.id

        def update() -> UserId:
            call(
                staff.update_user,
                user_id,
                display_name=display_name,
                role_ids=role_ids,
                merchant_id=merchant_id,
            )
            return user_id

        return update


class ResetPasswordDialog(FormDialog):
    """A temporary password for someone who forgot theirs (or is locked out).

    Signals:
        saved(object): the id of the account whose password was reset.
    """

    def __init__(self, ctx: AppContext, user: UserRow, parent: QWidget) -> None:
        super().__init__(self.tr("Reset password"), parent, ok_text=self.tr("Reset (Enter)"))
        self.ctx = ctx
        self.user = user
        self.add_intro(
            self.tr(
                "A temporary password for {name} ({login}). They must choose their own at "
                "their next login; a lockout is lifted."
            ).format(name=user.display_name, login=user.login)
        )
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
        self.form.addRow(self.tr("&Temporary password"), self.password)
        self.password.setFocus()

    def prepare(self) -> Callable[[], UserId]:
        call = self.ctx.call
        user_id, password = self.user.id, self.password.text()

        def reset() -> UserId:
            call(staff.reset_password, user_id, password)
            return user_id

        return reset


class UsersPage(Page):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, self.tr("Staff accounts"))
        self.roles: list[RoleRow] = []
        self.merchants: list[MerchantRow] = []
        self.dialog: FormDialog | None = None
        self.new_button = self.add_action_button(
            self.tr("New"), "Ctrl+N", self.new_user, primary=True
        )
        self.edit_button = self.add_action_button(self.tr("Edit"), "Ctrl+E", self.edit_user)
        self.edit_button.setToolTip(self.tr("Enter on a row edits it too."))
        self.enable_button = self.add_action_button(
            self.tr("Disable"), "Ctrl+D", self.toggle_enabled
        )
        self.reset_button = self.add_action_button(
            self.tr("Reset password"), "Ctrl+R", self.reset_password
        )
        self.delete_button = self.add_action_button(self.tr("Delete"), "Del", self.delete_user)
        yes, no = self.tr("Yes"), ""
        columns: list[Column[UserRow]] = [
            Column(self.tr("Login name"), lambda u: u.login),
            Column(self.tr("Name"), lambda u: u.display_name),
            Column(self.tr("Roles"), lambda u: ", ".join(u.role_names)),
            Column(self.tr("Merchant"), lambda u: u.merchant_name),
            Column(
                self.tr("Account"),
                lambda u: self.tr("Enabled") if u.enabled else self.tr("Disabled"),
            ),
            Column(self.tr("Locked"), lambda u: self.tr("Locked") if u.locked else no),
            Column(
                self.tr("Must change password"), lambda u: yes if u.must_change_password else no
            ),
            Column(
                self.tr("Last login"),
                lambda u: ctx.format_time(u.last_login_at),
                sort_key=lambda u: u.last_login_at.isoformat() if u.last_login_at else "",
            ),
        ]
        self.table: RowTable[UserRow] = RowTable(columns, self)
        self.table.setObjectName("users")
        self.table.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # Qt starts descending
        self.table.activated.connect(lambda _row: self.edit_user())
        self.table.selection_changed.connect(lambda _row: self._update_buttons())
        self.body.addWidget(self.table)
        self._update_buttons()

    # --- the list --------------------------------------------------------------

    def refresh(self, select: UserId | None = None) -> None:
        """Reload accounts and roles; select ``select``, else keep the selection."""
        call = self.ctx.call
        self.run(
            lambda: (
                call(staff.list_users),
                call(staff.list_roles),
                call(products.list_merchants),
            ),
            lambda result: self._show(*result, select=select),
        )

    def _show(
        self,
        users: list[UserRow],
        roles: list[RoleRow],
        merchants: list[MerchantRow],
        *,
        select: UserId | None,
    ) -> None:
        self.roles = roles
        self.merchants = merchants
        self.table.set_rows(users)
        if select is not None:
            self.table.select_where(lambda u: u.id == select)
        if self.table.selected() is None and self.table.visible_rows():
            first = self.table.visible_rows()[0]
            self.table.select_where(lambda u: u.id == first.id)
        self._update_buttons()

    def _update_buttons(self) -> None:
        user = self.table.selected()
        may = self.ctx.may(Perm.USERS_MANAGE)
        self.new_button.setEnabled(may)
        for button in (self.edit_button, self.enable_button, self.reset_button, self.delete_button):
            button.setEnabled(may and user is not None)
        enable = user is not None and not user.enabled
        relabel(self.enable_button, self.tr("Enable") if enable else self.tr("Disable"))

    # --- dialogs ---------------------------------------------------------------

    def _open(self, dialog: FormDialog) -> None:
        """Open ``dialog``; what it saved (an account's id) is selected afterwards."""
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.saved.connect(lambda user_id: self.refresh(select=user_id))
        dialog.open()

    def new_user(self) -> None:
        self._open(UserDialog(self.ctx, self.roles, None, self, self.merchants))

    def edit_user(self) -> None:
        user = self.table.selected()
        if user is None or not self.edit_button.isEnabled():
            return
        self._open(UserDialog(self.ctx, self.roles, user, self, self.merchants))

    def reset_password(self) -> None:
        user = self.table.selected()
        if user is None:
            return
        self._open(ResetPasswordDialog(self.ctx, user, self))

    # --- enable, disable, delete --------------------------------------------------

    def toggle_enabled(self) -> None:
        user = self.table.selected()
        if user is None:
            return
        call = self.ctx.call

        def set_enabled(enabled: bool) -> None:
            self.run(
                lambda: call(staff.set_user_enabled, user.id, enabled),
                lambda _r: self.refresh(select=user.id),
            )

        if not user.enabled:
            set_enabled(True)
            return
        ask(
            self,
            self.tr("Disable account"),
            self.tr(
                "Disable the account of {name} ({login})? They cannot log in until it is "
                "enabled again."
            ).format(name=user.display_name, login=user.login),
            lambda: set_enabled(False),
        )

    def delete_user(self) -> None:
        user = self.table.selected()
        if user is None:
            return
        call = self.ctx.call
        # Afterwards select the account below it (or above, if it was the last).
        rows = self.table.visible_rows()
        position = next(i for i, u in enumerate(rows) if u.id == user.id)
        neighbours = rows[position + 1 :] + rows[:position][::-1]
        after = neighbours[0].id if neighbours else None

        def delete() -> None:
            self.run(
                lambda: call(staff.delete_user, user.id),
                lambda _r: self.refresh(select=after),
            )

        ask(
            self,
            self.tr("Delete account"),
            self.tr("Delete the account of {name} ({login})? This cannot be undone.").format(
                name=user.display_name, login=user.login
            ),
            delete,
        )
