"""票价: the price zones of each session, and the ticket types sold at a share of them.

Prices are typed in yuan ("480", "480.00", "99.5") and checked with the same
rules as every amount in the app (:class:`~widgets.money_edit.MoneyEdit`);
a session's zones are saved together, or not at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QColorDialog,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from boxoffice.ids import SessionId
from boxoffice.money import format_fen, percent_of
from boxoffice.permissions import Perm
from boxoffice.services import catalogue, staff
from boxoffice.services.catalogue import SessionRow, TicketTypeRow, ZoneInput, ZoneRow
from boxoffice.services.staff import RoleRow, TerminalRow

from ..context import AppContext
from ..dialogs import FormDialog, compact, hint_label
from ..money_edit import MoneyEdit
from ..ops import Op, ask, error_text
from ..tables import Column, RowTable
from .base import Page
from .sessions import prices_column, starts_column, status_text

COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# Distinct, print-friendly zone colours offered to each new zone in turn.
ZONE_PALETTE = (
    "#c0392b", "#2e86c1", "#27ae60", "#b8860b", "#8e44ad", "#d35400", "#16a085", "#7f8c8d",
)  # fmt: skip


# --- Price zones ---------------------------------------------------------------------------


class ColourField(QWidget):
    """A colour swatch (click to pick) next to its hex code (type it).

    Signals:
        changed(): the colour was edited.
    """

    changed = Signal()

    def __init__(self, colour: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.swatch = QToolButton(self)
        self.swatch.setFixedSize(26, 26)
        self.swatch.setToolTip(self.tr("Pick a colour"))
        self.swatch.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes name → hex → price
        self.swatch.clicked.connect(self.pick)
        self.hex = QLineEdit(colour, self)
        self.hex.setMaxLength(7)
        self.hex.setValidator(
            QRegularExpressionValidator(QRegularExpression("#[0-9A-Fa-f]{0,6}"), self.hex)
        )
        self.hex.textChanged.connect(self._typed)
        self.picker: QColorDialog | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(6)
        layout.addWidget(self.swatch)
        layout.addWidget(self.hex, 1)
        self._paint()

    def colour(self) -> str:
        return self.hex.text().strip().lower()

    def is_valid(self) -> bool:
        return COLOUR.match(self.colour()) is not None

    def set_read_only(self, read_only: bool) -> None:
        self.hex.setReadOnly(read_only)
        self.swatch.setEnabled(not read_only)

    def pick(self) -> None:
        self.picker = QColorDialog(QColor(self.colour() if self.is_valid() else "#ffffff"), self)
        self.picker.colorSelected.connect(lambda c: self.hex.setText(c.name()))
        self.picker.open()

    def _typed(self) -> None:
        self._paint()
        self.changed.emit()

    def _paint(self) -> None:
        colour = self.colour() if self.is_valid() else "transparent"
        self.swatch.setStyleSheet(
            f"QToolButton {{ background: {colour}; border: 1px solid #9ca3af; border-radius: 4px; }}"
        )


class ZoneEditor(QWidget):
    """The zones of one session: name, colour and price in yuan, one row each.

    Signals:
        edited(): something was typed; the zones differ from what is saved.
    """

    edited = Signal()
    NAME, COLOUR, PRICE = range(3)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: SessionRow | None = None
        self.dirty = False
        self.read_only = False
        self.title = QLabel(self.tr("Choose a session on the left."), self)
        self.title.setObjectName("cardHeading")
        self.title.setWordWrap(True)
        self.subtitle = QLabel(self)
        self.subtitle.setStyleSheet("color: #4b5563;")
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Zone"), self.tr("Colour"), self.tr("Price (yuan)")]
        )
        self.table.verticalHeader().setDefaultSectionSize(40)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.COLOUR, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(self.PRICE, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(self.COLOUR, 136)
        self.table.setColumnWidth(self.PRICE, 130)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the fields in it take focus
        self.table.setTabKeyNavigation(False)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.hint = hint_label(
            self.tr(
                "Type prices in yuan, like 480 or 99.50. All zones are saved together "
                "(Ctrl+S); nothing is saved while a price is wrong."
            ),
            self,
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.hint)

    # --- rows ---------------------------------------------------------------------------

    def row_count(self) -> int:
        return self.table.rowCount()

    def name_edit(self, row: int) -> QLineEdit:
        widget = self.table.cellWidget(row, self.NAME)
        assert isinstance(widget, QLineEdit)
        return widget

    def colour_field(self, row: int) -> ColourField:
        widget = self.table.cellWidget(row, self.COLOUR)
        assert isinstance(widget, ColourField)
        return widget

    def price_edit(self, row: int) -> MoneyEdit:
        widget = self.table.cellWidget(row, self.PRICE)
        assert isinstance(widget, MoneyEdit)
        return widget

    def load(self, session: SessionRow | None, ctx: AppContext) -> None:
        self.session = session
        self.table.setRowCount(0)
        self.show_message("")
        if session is None:
            self.title.setText(self.tr("Choose a session on the left."))
            self.subtitle.setText("")
        else:
            self.title.setText(session.show_name)
            self.subtitle.setText(
                self.tr("{time}  ·  {hall}  ·  {status}").format(
                    time=ctx.format_time(session.starts_at),
                    hall=session.hall_name,
                    status=status_text(session.status),
                )
            )
            for zone in session.zones:
                self._append(zone)
        self.set_dirty(False)

    def _append(self, zone: ZoneRow | None) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        used = {self.colour_field(r).colour() for r in range(row)}
        colour = (
            zone.colour
            if zone
            else next((c for c in ZONE_PALETTE if c not in used), ZONE_PALETTE[row % 8])
        )
        name = QLineEdit(zone.name if zone else "", self.table)
        name.setMaxLength(32)
        name.setPlaceholderText(self.tr("e.g. VIP, 甲票"))
        field = ColourField(colour, self.table)
        price = MoneyEdit(self.table)
        if zone is not None:
            price.set_fen(zone.price_fen)
        for widget in (name, field.hex, price):
            widget.setReadOnly(self.read_only)
        field.swatch.setEnabled(not self.read_only)
        name.textEdited.connect(lambda _t: self.set_dirty(True))
        field.changed.connect(lambda: self.set_dirty(True))
        price.textEdited.connect(lambda _t: self.set_dirty(True))
        price.validity_changed.connect(lambda _ok: self.show_message(""))
        self.table.setCellWidget(row, self.NAME, name)
        self.table.setCellWidget(row, self.COLOUR, field)
        self.table.setCellWidget(row, self.PRICE, price)
        self._chain_tab_order()
        return row

    def _chain_tab_order(self) -> None:
        """Tab walks name → colour → price, row after row."""
        fields: list[QWidget] = []
        for row in range(self.table.rowCount()):
            fields += [self.name_edit(row), self.colour_field(row).hex, self.price_edit(row)]
        for first, second in pairwise(fields):
            QWidget.setTabOrder(first, second)

    def add_zone(self) -> None:
        if self.session is None or self.read_only:
            return
        row = self._append(None)
        self.set_dirty(True)
        self.table.scrollToBottom()
        self.name_edit(row).setFocus()

    def focused_row(self) -> int:
        """The row holding the keyboard focus, else the last row (-1 if none)."""
        focus = self.focusWidget()
        for row in range(self.table.rowCount()):
            for column in range(3):
                cell = self.table.cellWidget(row, column)
                if cell is not None and (cell is focus or cell.isAncestorOf(focus)):
                    return row
        return self.table.rowCount() - 1

    def remove_zone(self) -> None:
        if self.session is None or self.read_only:
            return
        row = self.focused_row()
        if row < 0:
            return
        self.table.removeRow(row)
        self._chain_tab_order()
        self.set_dirty(True)
        if self.table.rowCount():
            self.name_edit(min(row, self.table.rowCount() - 1)).setFocus()

    def set_dirty(self, dirty: bool) -> None:
        self.dirty = dirty
        if dirty:
            self.edited.emit()

    # --- checking -----------------------------------------------------------------------

    def zones(self) -> list[ZoneInput] | None:
        """The zones as typed, or None after showing what is wrong (and focusing it)."""
        zones: list[ZoneInput] = []
        for row in range(self.table.rowCount()):  # mark every wrong price, not just the first
            if not self.price_edit(row).is_valid():
                self.price_edit(row).show_error()
        for row in range(self.table.rowCount()):
            name = self.name_edit(row).text().strip()
            label = name or self.tr("zone {n}").format(n=row + 1)
            colour, price = self.colour_field(row), self.price_edit(row)
            if not colour.is_valid():
                self.refuse(
                    colour.hex,
                    self.tr("“{colour}” for {zone} is not a colour like #c0392b.").format(
                        colour=colour.colour(), zone=label
                    ),
                )
                return None
            fen = price.fen()
            if fen is None:
                self.refuse(
                    price,
                    self.tr("Price of {zone}: {error}").format(zone=label, error=price.error()),
                )
                return None
            zones.append(ZoneInput(name=name, colour=colour.colour(), price_fen=fen))
        return zones

    def refuse(self, field: QWidget | None, text: str) -> None:
        self.show_message(self.tr("{problem} Nothing was saved.").format(problem=text), error=True)
        if field is not None:
            field.setFocus()

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b91c1c;" if error else "color: #15803d;")
        self.message.setVisible(bool(text))


# --- Ticket types ---------------------------------------------------------------------------


class TicketTypeDialog(FormDialog):
    """New ticket type (全价, 学生, 赠票 …), or edit one."""

    def __init__(
        self, ctx: AppContext, row: TicketTypeRow | None, next_order: int, parent: QWidget
    ) -> None:
        super().__init__(
            self.tr("New ticket type") if row is None else self.tr("Edit ticket type"), parent
        )
        self.ctx = ctx
        self.row = row
        self.sort_order = row.sort_order if row else next_order
        self.name = QLineEdit(row.name if row else "", self)
        self.name.setMaxLength(32)
        self.name.setPlaceholderText(self.tr("e.g. 学生票"))
        self.percent = QSpinBox(self)
        compact(self.percent)
        self.percent.setRange(0, 100)
        self.percent.setSuffix(" %")
        self.percent.setValue(row.percent if row else 100)
        self.percent.setToolTip(self.tr("The share of the zone price this ticket costs."))
        self.comp = QCheckBox(self.tr("&Complimentary ticket (free of charge)"), self)
        self.comp.setChecked(row.is_comp if row else False)
        self.comp.setToolTip(
            self.tr("Only staff allowed to issue complimentary tickets can sell it.")
        )
        self.comp.toggled.connect(self._comp_toggled)
        self.enabled = QCheckBox(self.tr("&Enabled (offered at the ticket window)"), self)
        self.enabled.setChecked(row.enabled if row else True)
        self.example = QLabel(self)
        self.example.setStyleSheet("color: #4b5563;")
        self.percent.valueChanged.connect(self._show_example)
        self.form.addRow(self.tr("&Name"), self.name)
        self.form.addRow(self.tr("&Share of full price"), self.percent)
        self.form.addRow("", self.example)
        self.form.addRow("", self.comp)
        self.form.addRow("", self.enabled)
        # 售票设置: which roles, at which windows, may sell it (none ticked: all).
        self.roles = _ChoiceList(self, "sellRoles")
        self.terminals = _ChoiceList(self, "sellTerminals")
        self.form.addRow(self.tr("Sold by &roles"), self.roles)
        self.form.addRow(self.tr("At &terminals"), self.terminals)
        self.form.addRow(
            "",
            hint_label(self.tr("Tick none to let every role, or every terminal, sell it."), self),
        )
        self._comp_toggled(self.comp.isChecked())
        self.name.setFocus()
        call = ctx.call
        Op(self, lambda: (call(staff.list_roles), call(staff.list_terminals))).success(
            self._fill
        ).failure(lambda exc: self.show_message(error_text(exc))).run_in_background()

    def _fill(self, found: tuple[list[RoleRow], list[TerminalRow]]) -> None:
        roles, terminals = found
        self.roles.fill([(r.id, r.name) for r in roles], self.row.sell_roles if self.row else ())
        self.terminals.fill(
            [(t.id, t.name) for t in terminals], self.row.sell_terminals if self.row else ()
        )

    def _comp_toggled(self, comp: bool) -> None:
        self.percent.setEnabled(not comp)
        self._show_example()

    def _show_example(self) -> None:
        price = 0 if self.comp.isChecked() else percent_of(48000, self.percent.value())
        self.example.setText(
            self.tr("A ¥480 seat costs {price} with this ticket.").format(price=format_fen(price))
        )

    def prepare(self) -> Callable[[], object] | None:
        call = self.ctx.call
        row_id = self.row.id if self.row else None
        values = {
            "name": self.name.text(),
            "percent": self.percent.value(),
            "is_comp": self.comp.isChecked(),
            "enabled": self.enabled.isChecked(),
            "sort_order": self.sort_order,
        }
        if self.roles.loaded and self.terminals.loaded:
            values["sell_roles"] = self.roles.checked()
            values["sell_terminals"] = self.terminals.checked()
        return lambda: call(catalogue.save_ticket_type, row_id, **values)


class _ChoiceList(QListWidget):
    """A short list of names to tick (Space ticks the current one)."""

    def __init__(self, parent: QWidget, name: str) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setMaximumHeight(96)
        self.loaded = False

    def fill(self, choices: list[tuple[str, str]], ticked: tuple[str, ...]) -> None:
        self.clear()
        for key, text in choices:
            item = QListWidgetItem(text, self)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if key in ticked else Qt.CheckState.Unchecked)
        self.loaded = True

    def checked(self) -> list[str]:
        return [
            str(self.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        ]


# --- The page -------------------------------------------------------------------------------


class PricesPage(Page):
    ZONES, TICKET_TYPES = range(2)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, self.tr("Prices"))
        self.dialog: QDialog | None = None
        self.may_manage = ctx.may(Perm.PRICES_MANAGE)
        self._reverting = False
        self._saved_message = ""
        # Price zones: upcoming sessions on the left, the chosen one's zones on the right.
        self.sessions: RowTable[SessionRow] = RowTable(
            [
                starts_column(ctx),
                Column(self.tr("Show"), lambda r: r.show_name),
                Column(self.tr("Hall"), lambda r: r.hall_name),
                prices_column(),
            ],
            self,
        )
        self.sessions.search.setPlaceholderText(self.tr("Search sessions (Ctrl+F)"))
        self.editor = ZoneEditor(self)
        self.editor.read_only = not self.may_manage
        self.sessions.selection_changed.connect(self._session_chosen)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.sessions)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([520, 480])
        splitter.setChildrenCollapsible(False)
        zones_tab = QWidget(self)
        zones_layout = QVBoxLayout(zones_tab)
        zones_layout.setContentsMargins(8, 10, 8, 8)
        zones_layout.addWidget(splitter)
        # Ticket types.
        self.ticket_types: RowTable[TicketTypeRow] = RowTable(
            [
                Column(self.tr("Ticket type"), lambda r: r.name),
                Column(
                    self.tr("Share of full price"),
                    lambda r: "—" if r.is_comp else f"{r.percent}%",
                    lambda r: -1 if r.is_comp else r.percent,
                    True,
                ),
                Column(self.tr("Complimentary"), lambda r: self.yes_no(r.is_comp)),
                Column(self.tr("Enabled"), lambda r: self.yes_no(r.enabled)),
                Column(
                    self.tr("A ¥480 seat costs"),
                    lambda r: format_fen(r.price_for(48000)),
                    lambda r: r.price_for(48000),
                    True,
                ),
            ],
            self,
        )
        self.ticket_types.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # as ordered
        types_tab = QWidget(self)
        types_layout = QVBoxLayout(types_tab)
        types_layout.setContentsMargins(8, 10, 8, 8)
        types_layout.addWidget(self.ticket_types)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(zones_tab, self.tr("Price zones"))
        self.tabs.addTab(types_tab, self.tr("Ticket types"))
        self.add_tab_shortcuts(self.tabs, [self.sessions.view, self.ticket_types.view])
        self.body.addWidget(self.tabs, 1)
        self.zone_buttons: list[QPushButton] = []
        self.type_buttons: list[QPushButton] = []
        if self.may_manage:
            self.add_button = self.add_action_button(
                self.tr("Add zone"), "Ctrl+Shift+N", self.editor.add_zone
            )
            self.remove_button = self.add_action_button(
                self.tr("Remove zone"), "Ctrl+Shift+Del", self.editor.remove_zone
            )
            self.save_button = self.add_action_button(
                self.tr("Save"), QKeySequence.StandardKey.Save, self.save_zones, primary=True
            )
            self.zone_buttons = [self.add_button, self.remove_button, self.save_button]
            self.new_button = self.add_action_button(
                self.tr("New"), QKeySequence.StandardKey.New, self.new_ticket_type, primary=True
            )
            self.edit_button = self.add_action_button(
                self.tr("Edit"), "Ctrl+E", self.edit_ticket_type
            )
            self.type_buttons = [self.new_button, self.edit_button]
            self.ticket_types.activated.connect(lambda _row: self.edit_ticket_type())
        self.tabs.currentChanged.connect(lambda _i: self._update_buttons())
        self.editor.edited.connect(self._update_buttons)
        self.ticket_types.selection_changed.connect(lambda _row: self._update_buttons())
        self._update_buttons()

    def _update_buttons(self) -> None:
        zones = self.tabs.currentIndex() == self.ZONES
        for button in self.zone_buttons:
            button.setVisible(zones)
            button.setEnabled(self.editor.session is not None)
        for button in self.type_buttons:
            button.setVisible(not zones)
        if self.type_buttons:
            self.edit_button.setEnabled(self.ticket_types.selected() is not None)

    # --- loading --------------------------------------------------------------------------

    def refresh(self) -> None:
        call = self.ctx.call
        today = self.ctx.day_start(self.ctx.today())
        self.run(
            lambda: (
                call(catalogue.list_sessions, starts_from=today),
                call(catalogue.list_ticket_types),
            ),
            self._loaded,
        )

    def _loaded(self, lists: tuple[list[SessionRow], list[TicketTypeRow]]) -> None:
        sessions, types = lists
        self._reverting = True  # reloading the list is not the user choosing a session
        try:
            self.sessions.set_rows(sessions)
        finally:
            self._reverting = False
        current = self.editor.session
        fresh = next((s for s in sessions if current and s.id == current.id), None)
        if fresh is None and current is not None:
            self.editor.load(None, self.ctx)  # the session is gone
        elif fresh is not None and not self.editor.dirty:
            self.editor.load(fresh, self.ctx)  # e.g. after saving: show what was stored
            if self._saved_message:
                self.editor.show_message(self._saved_message)
        self._saved_message = ""
        self.ticket_types.set_rows(types)
        self._update_buttons()

    # --- price zones ------------------------------------------------------------------------

    def _session_chosen(self, row: SessionRow | None) -> None:
        if self._reverting or row is None:
            return
        current = self.editor.session
        if current is not None and row.id == current.id:
            return
        if not self.editor.dirty or current is None:
            self.editor.load(row, self.ctx)
            self._update_buttons()
            return
        box = ask(
            self,
            self.tr("Unsaved prices"),
            self.tr("Discard the changed prices of “{show}”?").format(show=current.show_name),
            lambda: self._discard_and_load(row.id),
        )
        yes = QMessageBox.StandardButton.Yes
        box.finished.connect(
            lambda _r: (
                None
                if box.standardButton(box.clickedButton()) == yes
                else self._reselect(current.id)
            )
        )
        self.dialog = box

    def _discard_and_load(self, session_id: SessionId) -> None:
        row = next((r for r in self.sessions.model.rows if r.id == session_id), None)
        self.editor.load(row, self.ctx)
        self._update_buttons()

    def _reselect(self, session_id: SessionId) -> None:
        self._reverting = True
        try:
            self.sessions.select_where(lambda r: r.id == session_id)
        finally:
            self._reverting = False

    def save_zones(self) -> None:
        session = self.editor.session
        if session is None or not self.may_manage:
            return
        zones = self.editor.zones()
        if zones is None:
            return  # the editor said what is wrong; nothing was sent
        call = self.ctx.call
        self.save_button.setEnabled(False)

        def saved(_none: object) -> None:
            self.editor.set_dirty(False)
            self._saved_message = self.tr("Saved {n} zones for “{show}”.").format(
                n=len(zones), show=session.show_name
            )
            self.refresh()

        def refused(exc: BaseException) -> None:
            self._update_buttons()
            self.editor.refuse(None, error_text(exc))

        Op(self, lambda: call(catalogue.set_price_zones, session.id, zones)).success(saved).failure(
            refused
        ).run_in_background()

    # --- ticket types -------------------------------------------------------------------------

    def _open(self, dialog: FormDialog) -> None:
        def saved(new_id: object) -> None:
            self.ticket_types.select_on_next_load(str(new_id))
            self.refresh()

        dialog.saved.connect(saved)
        dialog.finished.connect(lambda _r: self.ticket_types.view.setFocus())
        self.dialog = dialog
        dialog.open()

    def new_ticket_type(self) -> None:
        rows = self.ticket_types.model.rows
        next_order = max((t.sort_order for t in rows), default=-1) + 1
        self._open(TicketTypeDialog(self.ctx, None, next_order, self))

    def edit_ticket_type(self) -> None:
        row = self.ticket_types.selected()
        if row is not None:
            self._open(TicketTypeDialog(self.ctx, row, row.sort_order, self))
