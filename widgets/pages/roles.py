"""角色管理: roles and the permissions they grant.

A list of roles on the left (built-in ones marked), an editor on the right:
name, description, and every permission as a checkable tree in two groups,
pages (what navigation offers) and actions (what services allow).

Unsaved changes are never lost silently: choosing another role or starting a
new one while the editor differs from what was loaded asks first (No, the
default, keeps editing). A refresh (F5, or coming back to the page) reloads
the list but leaves changed fields alone.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from boxoffice.ids import RoleId
from boxoffice.permissions import ALL_PERMISSIONS, BUILTIN_ROLE_LABELS, BuiltinRole, Perm
from boxoffice.services import staff
from boxoffice.services.staff import RoleRow

from ..context import AppContext
from ..ops import ask, error_text
from .base import Page

CODE_ROLE = Qt.ItemDataRole.UserRole
"""Item data: a role's id in the list, a permission's code in the tree."""

EditorState = tuple[str, str, frozenset[str]]


def builtin_label(role: RoleRow) -> str | None:
    """The translated label of a built-in role (None for a role made here)."""
    if role.code is None or role.code not in BuiltinRole._value2member_map_:
        return None
    return QCoreApplication.translate("core", BUILTIN_ROLE_LABELS[BuiltinRole(role.code)])


def role_title(role: RoleRow) -> str:
    """A role's name, with the built-in label beside it when that says more."""
    label = builtin_label(role)
    return role.name if label is None or label == role.name else f"{role.name} — {label}"


class RolesPage(Page):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, self.tr("Roles and permissions"))
        self.roles: list[RoleRow] = []
        self.current: RoleRow | None = None  # the role in the editor; None: a new one or none
        self.creating = False  # the editor holds a role not saved yet
        self.baseline: EditorState = ("", "", frozenset())

        self.new_button = self.add_action_button(self.tr("New role"), "Ctrl+N", self.new_role)
        self.save_button = self.add_action_button(
            self.tr("Save"), "Ctrl+S", self.save, primary=True
        )
        self.delete_button = self.add_action_button(self.tr("Delete"), "Del", self.delete_role)

        # Left: the roles.
        self.list = QListWidget(self)
        self.list.setObjectName("roleList")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.currentRowChanged.connect(self._role_chosen)
        left = QVBoxLayout()
        left.addWidget(self.buddy_label(self.tr("&Roles"), self.list))
        left.addWidget(self.list, 1)

        # Right: the editor.
        self.name = QLineEdit(self)
        self.name.setObjectName("roleName")
        self.name.setMaxLength(64)
        self.description = QLineEdit(self)
        self.description.setObjectName("roleDescription")
        self.info = QLabel(self)
        self.info.setObjectName("roleInfo")
        form = QFormLayout()
        form.addRow(self.tr("&Name"), self.name)
        form.addRow(self.tr("&Description"), self.description)
        form.addRow("", self.info)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("permissions")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([self.tr("Permission"), self.tr("Code")])
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(True)
        self.items: dict[str, QTreeWidgetItem] = {}
        self._build_tree()
        tree_label = self.buddy_label(
            self.tr("&Permissions (Space ticks the highlighted one)"), self.tree
        )
        self.message = QLabel(self)
        self.message.setObjectName("errorMessage")
        self.message.setWordWrap(True)
        self.unsaved = QLabel(self.tr("Unsaved changes — Ctrl+S saves them."), self)
        self.unsaved.setObjectName("unsaved")
        self.unsaved.setStyleSheet("color: #b45309; font-weight: 600;")
        keep_space = self.unsaved.sizePolicy()
        keep_space.setRetainSizeWhenHidden(True)  # the tree does not jump when it shows
        self.unsaved.setSizePolicy(keep_space)
        self.unsaved.hide()
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(tree_label)
        right.addWidget(self.tree, 1)
        status = QHBoxLayout()
        status.addWidget(self.unsaved)
        status.addWidget(self.message, 1)
        right.addLayout(status)

        columns = QHBoxLayout()
        columns.setSpacing(16)
        columns.addLayout(left)
        columns.addLayout(right, 1)
        self.body.addLayout(columns, 1)

        self.name.textChanged.connect(self._edited)
        self.description.textChanged.connect(self._edited)
        self.tree.itemChanged.connect(self._edited)
        self._update_buttons()

    def _build_tree(self) -> None:
        flags = (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )
        groups = {
            True: QTreeWidgetItem(self.tree, [self.tr("Pages")]),
            False: QTreeWidgetItem(self.tree, [self.tr("Actions")]),
        }
        for group in groups.values():
            group.setFlags(flags | Qt.ItemFlag.ItemIsAutoTristate)
            group.setCheckState(0, Qt.CheckState.Unchecked)
        for info in ALL_PERMISSIONS:
            item = QTreeWidgetItem(
                groups[info.is_page],
                [QCoreApplication.translate("core", info.label), info.perm.value],
            )
            item.setFlags(flags)
            item.setData(0, CODE_ROLE, info.perm.value)
            item.setCheckState(0, Qt.CheckState.Unchecked)
            self.items[info.perm.value] = item
        self.tree.expandAll()
        self.tree.setCurrentItem(groups[True])

    # --- the editor ----------------------------------------------------------

    def state(self) -> EditorState:
        """What the editor holds now: name, description, ticked permission codes."""
        ticked = frozenset(
            code for code, item in self.items.items() if item.checkState(0) == Qt.CheckState.Checked
        )
        return self.name.text(), self.description.text(), ticked

    def is_dirty(self) -> bool:
        return self.state() != self.baseline

    def _fill(self, name: str, description: str, permissions: frozenset[str]) -> None:
        with QSignalBlocker(self.tree):
            for code, item in self.items.items():
                checked = code in permissions
                item.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.name.setText(name)
        self.description.setText(description)
        self.tree.viewport().update()
        self.baseline = self.state()
        self.message.clear()
        self._edited()

    def _load(self, role: RoleRow) -> None:
        """Show ``role`` in the editor, dropping whatever the editor held."""
        self.current, self.creating = role, False
        self._select_in_list(role.id)
        self._fill(role.name, role.description, role.permissions)
        lines = []
        if role.code is not None:
            lines.append(self.tr("Built-in role: it can be changed but not deleted."))
        lines.append(self.tr("Given to %n staff account(s).", "", role.user_count))
        self.info.setText(" ".join(lines))
        self._update_buttons()

    def _start_new(self) -> None:
        self.current, self.creating = None, True
        self._select_in_list(None)
        self._fill("", "", frozenset())
        self.info.setText(self.tr("A new role. Name it, tick what it may do, then save."))
        self._update_buttons()
        self.name.setFocus()

    def _edited(self, *_args: object) -> None:
        self.unsaved.setVisible(self.is_dirty())

    def _update_buttons(self) -> None:
        may = self.ctx.may(Perm.ROLES_MANAGE)
        for widget in (self.name, self.description, self.tree):
            widget.setEnabled(may and (self.current is not None or self.creating))
        self.new_button.setEnabled(may)
        self.save_button.setEnabled(may and (self.current is not None or self.creating))
        self.delete_button.setEnabled(may and self.current is not None)

    # --- the list -------------------------------------------------------------

    def _select_in_list(self, role_id: RoleId | None) -> None:
        with QSignalBlocker(self.list):
            for row in range(self.list.count()):
                if self.list.item(row).data(CODE_ROLE) == role_id:
                    self.list.setCurrentRow(row)
                    return
            self.list.setCurrentRow(-1)
            self.list.clearSelection()

    def _role_chosen(self, row: int) -> None:
        if not 0 <= row < len(self.roles):
            return
        role = self.roles[row]
        if self.current is not None and role.id == self.current.id and not self.creating:
            return
        if not self.is_dirty():
            self._load(role)
            return
        # Stay on what is being edited until the user agrees to drop it.
        self._select_in_list(self.current.id if self.current else None)
        self._confirm_discard(lambda: self._load(role))

    def _confirm_discard(self, then: Callable[[], object]) -> None:
        name = self.name.text().strip() or self.tr("the new role")
        ask(
            self,
            self.tr("Unsaved changes"),
            self.tr("Discard your changes to “{name}”?").format(name=name),
            then,
        )

    # --- actions ---------------------------------------------------------------

    def refresh(self, select: RoleId | None = None) -> None:
        """Reload the roles; ``select`` (just saved) is loaded into the editor."""
        call = self.ctx.call
        self.run(lambda: call(staff.list_roles), lambda roles: self._show(roles, select))

    def _show(self, roles: list[RoleRow], select: RoleId | None) -> None:
        self.roles = roles
        with QSignalBlocker(self.list):
            self.list.clear()
            for role in roles:
                text = role_title(role)
                if role.code is not None:
                    text = self.tr("{name} (built-in)").format(name=text)
                item = QListWidgetItem(text, self.list)
                item.setData(CODE_ROLE, role.id)
                if role.description:
                    item.setToolTip(role.description)
        # As wide as the longest entry (within reason), so nothing is cut off.
        wanted = self.list.sizeHintForColumn(0) + 2 * self.list.frameWidth() + 24
        self.list.setFixedWidth(max(220, min(wanted, 420)))
        by_id = {role.id: role for role in roles}
        if select is not None and select in by_id:
            self._load(by_id[select])
        elif self.creating:
            self._select_in_list(None)
        elif self.current is not None and self.current.id in by_id:
            if self.is_dirty():  # keep the user's edits; only the list moved on
                self.current = by_id[self.current.id]
                self._select_in_list(self.current.id)
            else:
                self._load(by_id[self.current.id])
        elif roles:
            self._load(roles[0])
        else:
            self.current = None
            self._update_buttons()

    def new_role(self) -> None:
        if self.is_dirty():
            self._confirm_discard(self._start_new)
        else:
            self._start_new()

    def save(self) -> None:
        if self.current is None and not self.creating:
            return
        call = self.ctx.call
        name, description, permissions = self.state()
        self.message.setText(self.tr("Saving…"))
        self.save_button.setEnabled(False)
        if self.current is None:

            def write() -> RoleId:
                return call(
                    staff.create_role, name=name, description=description, permissions=permissions
                )

        else:
            role_id = self.current.id

            def write() -> RoleId:
                call(
                    staff.update_role,
                    role_id,
                    name=name,
                    description=description,
                    permissions=permissions,
                )
                return role_id

        self.run(write, self._saved).failure(self._refused)

    def _saved(self, role_id: RoleId) -> None:
        self.creating = False
        self.message.clear()
        self.refresh(select=role_id)

    def _refused(self, exc: BaseException) -> None:
        self._update_buttons()
        self.message.setText(error_text(exc))

    def delete_role(self) -> None:
        role = self.current
        if role is None:
            return
        call = self.ctx.call

        def delete() -> None:
            self.run(lambda: call(staff.delete_role, role.id), lambda _r: self._deleted(role))

        ask(
            self,
            self.tr("Delete role"),
            self.tr("Delete the role “{name}”? This cannot be undone.").format(name=role.name),
            delete,
        )

    def _deleted(self, role: RoleRow) -> None:
        if self.current is not None and self.current.id == role.id:
            self.current = None
            self.baseline = self.state()  # nothing of the deleted role is worth keeping
        self.refresh()
