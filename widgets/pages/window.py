"""售票: the ticket window, where a cashier sells a session's tickets from the
keyboard.

A sale after the session is chosen: type the number of tickets, Enter (the
best seats are held and put in the cart), F12 (the payment dialog opens with
exact cash filled in), Enter (paid, sold, printing). Four keys; the focus is
back in the quantity field, its number selected, for the next customer.

Keys (shown on the buttons and in the line at the bottom):

================  ==========================================================
digits, Enter     in the quantity field: hold the best N seats (a reserved
                  session) or add N places (general admission) to the cart
Alt+Q / Alt+Z     the quantity field / the price zone (when there are several)
Ctrl+G            type a seat label on the map ("5排12号"); click and drag
                  choose seats too
Ctrl+H            hold the seats chosen on the map and add them to the cart
F3                ticket type of the selected cart rows (all rows if none)
F4                the customer's phone number (optional; finds the order)
Ctrl+D            a manual discount off the order, with a reason
                  (``sales.discount`` only)
F12, Ctrl+Enter   pay
Del               remove the selected cart row (from the empty quantity
                  field: the last row)
Esc               clear the cart, after a question; its seats are released
F2                choose another session
F9                open the shift (count the opening float)
================  ==========================================================

Nothing is sold without an open shift at this window: the page says so in a
banner and every selling key answers with it until F9 has opened one.

Holds. The cart's seats are always in **one** hold, because a sale consumes
one hold (``seating.sell``). Adding seats (best available or Ctrl+H) holds
the cart's seats and the new ones again as one new hold; a window may take
seats it already holds, so the cart's seats are never free in between. The
old holds, now empty, are released. Removing a seat (Del) holds the seats
that stay as a new hold, then releases the old one, which frees just the
removed seat: others see it free within a second. Esc, choosing another
session, leaving the page and closing the window release the hold. While
the cart holds seats the hold is extended every 60 s.

A committed sale's tickets and receipt are queued on this terminal's
printers at once. A sale the central store could not be reached for is
queued in the outbox (its seats stay held for it) and prints from Orders
once sent. A refused sale keeps the cart and its holds, and any mobile
charge is refunded.

The seats are the picker of the seat map window (widgets/seat_map_window.py):
the same states, the same loading (:func:`read_seats` and :func:`seat_scene`
follow its ``SessionSeatMap``), read again every second. The quantity field
stands in for the picker's own count, zone and Ctrl+B (chosen in the window,
not held), which are hidden.

The cart's rows are "selected" only while the cashier is in the list (Tab):
F3 and Del act on them, and the selection goes when the focus is back in the
quantity field, so F3 from there changes every row.

The customer display (pole display), when the Devices page names its serial
port, shows the total as the cart changes and the change after the sale; the
port is opened for each message, off the GUI thread, and a display that
does not answer is ignored.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from boxoffice import payments
from boxoffice.errors import NotFound
from boxoffice.ids import new_id
from boxoffice.money import MAX_FEN, format_fen
from boxoffice.permissions import Perm
from boxoffice.services import catalogue, layouts, printouts, seating, shifts
from boxoffice.services.catalogue import SessionRow, TicketTypeRow
from boxoffice.services.layouts import zone_name
from boxoffice.services.seating import HoldResult, SeatRow
from boxoffice.services.shifts import CashCount, ShiftRow
from devices.pole import PoleDisplay
from seatmap.model import SeatId
from seatmap.model import loads as load_layout
from seatmap.view import SeatMapScene, SeatPicker, SeatState
from sync import selling

from .. import window_support
from ..cash_count import CashCountDialog
from ..checkout import CheckoutTotals, give_back_charges
from ..context import AppContext
from ..dialogs import FormDialog, hint_label
from ..money_edit import MoneyEdit
from ..ops import Op, ask, error_text
from ..payment_dialog import PaymentDialog
from ..seat_map_window import POLL_MS, layout_of_seats, seat_state
from ..session_chooser import SessionChooserDialog, first_to_sell, status_text
from .base import Page, shortcut_label

EXTEND_MS = 60_000
"""How often the cart's hold is extended while the cashier works."""
MAX_QUANTITY = seating.MAX_SEATS_PER_HOLD
_PHONE = re.compile(r"\+?[0-9][0-9 -]{2,18}")  # as the sale checks it

_INK, _MUTED, _RED, _GREEN, _BLUE = "#1f2a37", "#6b7280", "#b91c1c", "#15803d", "#1d4ed8"


# --- the seats of a session (as widgets/seat_map_window.py loads them) -----------------


def read_seats(ctx: AppContext, session: SessionRow) -> tuple[list[SeatRow], str | None]:
    """The session's seats and, if it has one, its layout's JSON text (off the GUI thread)."""
    seats = ctx.call(seating.list_session_seats, session.id)
    text = None
    if seats and session.layout_version is not None:
        try:
            text = ctx.call(
                layouts.list_hall_layout_text, session.hall_id, session.layout_version
            ).layout_json
        except NotFound:  # the version is gone: draw the seats as they are
            text = None
    return seats, text


def seat_scene(
    ctx: AppContext,
    session: SessionRow,
    seats: list[SeatRow],
    text: str | None,
    parent: QWidget | None = None,
) -> SeatMapScene:
    """The session's seats by state, drawn from its layout (or its seats' grid)."""
    if text is not None:
        layout = load_layout(text)
        by_name = {z.name: z.price_fen for z in session.zones}
        zone_prices = {
            z.key: by_name[zone_name(z.key, z.name)]
            for z in layout.zones
            if zone_name(z.key, z.name) in by_name
        }
    else:
        layout = layout_of_seats(session, seats)
        zone_prices = {z.id: z.price_fen for z in session.zones}
    terminal = ctx.me.terminal_id
    states = {SeatId(row.seat_id): seat_state(row, terminal) for row in seats}
    return SeatMapScene(layout, states, zone_prices, parent)


# --- the cart ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CartLine:
    """One ticket in the cart: a held seat, or a general-admission place (no seat)."""

    seat_id: str | None
    label: str
    zone_id: str
    zone: str
    zone_price_fen: int
    ticket_type: TicketTypeRow

    @property
    def price_fen(self) -> int:
        return int(self.ticket_type.price_for(self.zone_price_fen))


# --- small dialogs -----------------------------------------------------------------------


class TicketTypeDialog(QDialog):
    """F3: the sellable ticket types in a short list; Enter (or the type's
    number) picks, Esc cancels. ``chosen`` after ``accepted``."""

    def __init__(
        self,
        types: list[TicketTypeRow],
        current: TicketTypeRow | None,
        zone_price_fen: int | None,
        count: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.types = types
        self.chosen: TicketTypeRow | None = None
        self.setObjectName("ticketTypeDialog")
        self.setWindowTitle(self.tr("Ticket type"))
        self.setMinimumWidth(440)
        intro = QLabel(
            plural(
                count,
                self.tr("Ticket type for 1 ticket:"),
                self.tr("Ticket type for {count} tickets:"),
            ).format(count=count),
            self,
        )
        self.list = QListWidget(self)
        self.list.setObjectName("ticketTypes")
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setStyleSheet(
            "QListWidget { font-size: 13pt; } QListWidget::item { padding: 6px; }"
        )
        for number, t in enumerate(types, start=1):
            if t.is_comp:
                detail = self.tr("free · needs a reason")
            elif zone_price_fen is not None:
                detail = f"{t.percent}% · {format_fen(t.price_for(zone_price_fen))}"
            else:
                detail = f"{t.percent}%"
            item = QListWidgetItem(f"{number}  {t.name}    {detail}", self.list)
            item.setData(Qt.ItemDataRole.UserRole, number - 1)
        row = next((i for i, t in enumerate(types) if current and t.id == current.id), 0)
        self.list.setCurrentRow(row)
        self.list.itemActivated.connect(lambda item: self.pick(item.data(Qt.ItemDataRole.UserRole)))
        self.list.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addWidget(intro)
        layout.addWidget(self.list)
        layout.addWidget(
            hint_label(self.tr("↑↓ and Enter, or the type's number · Esc cancels"), self)
        )
        height = min(420, 40 + 38 * len(types))
        self.list.setMinimumHeight(height)
        self.list.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.list and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            text = event.text()
            if text.isdigit() and 1 <= int(text) <= len(self.types):
                self.pick(int(text) - 1)
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.pick(self.list.currentRow())
                return True
        return super().eventFilter(watched, event)

    def pick(self, index: int) -> None:
        if 0 <= index < len(self.types) and self.chosen is None:
            self.chosen = self.types[index]
            self.accept()


class TextDialog(FormDialog):
    """One line of text, checked here (``check`` returns what is wrong, or None).

    Signals:
        saved(str): the text, stripped.
    """

    def __init__(
        self,
        title: str,
        intro: str,
        label: str,
        check: Callable[[str], str | None],
        parent: QWidget | None = None,
        *,
        text: str = "",
        placeholder: str = "",
        max_length: int = 200,
        ok_text: str | None = None,
    ) -> None:
        super().__init__(title, parent, ok_text=ok_text or self.tr("OK (Enter)"))
        self.check = check
        self.add_intro(intro)
        self.field = QLineEdit(text, self)
        self.field.setObjectName("textField")
        self.field.setMaxLength(max_length)
        self.field.setPlaceholderText(placeholder)
        self.field.selectAll()
        self.form.addRow(label, self.field)
        self.field.setFocus()

    def submit(self) -> None:
        text = self.field.text().strip()
        problem = self.check(text)
        if problem:
            self.show_message(problem)
            self.field.setFocus()
            return
        self.saved.emit(text)
        self.accept()


class DiscountDialog(FormDialog):
    """Ctrl+D: a discount off the order, with the reason it is given.

    Signals:
        saved(object): (amount in fen, reason); amount 0 removes the discount.
    """

    def __init__(
        self, subtotal_fen: int, amount_fen: int, reason: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("Discount"), parent, ok_text=self.tr("OK (Enter)"))
        self.subtotal_fen = subtotal_fen
        self.add_intro(
            self.tr(
                "A discount off the order's {total}, spread over its tickets. "
                "Say why: it is logged with the sale. 0 removes the discount."
            ).format(total=format_fen(subtotal_fen))
        )
        self.amount = MoneyEdit(self)
        self.amount.setObjectName("discountAmount")
        if amount_fen:
            self.amount.set_fen(amount_fen)
        self.reason = QLineEdit(reason, self)
        self.reason.setObjectName("discountReason")
        self.reason.setMaxLength(100)
        self.form.addRow(self.tr("&Amount"), self.amount)
        self.form.addRow(self.tr("&Reason"), self.reason)
        self.amount.selectAll()
        self.amount.setFocus()

    def submit(self) -> None:
        amount = self.amount.fen()
        if amount is None:
            self.show_message(self.amount.error() or self.tr("Enter an amount."))
            self.amount.setFocus()
            return
        if amount < 0 or amount > self.subtotal_fen:
            self.show_message(
                self.tr("A discount is between ¥0 and the order's {total}.").format(
                    total=format_fen(self.subtotal_fen)
                )
            )
            self.amount.setFocus()
            return
        reason = self.reason.text().strip()
        if amount and not reason:
            self.show_message(self.tr("Give a reason for the discount."))
            self.reason.setFocus()
            return
        self.saved.emit((int(amount), reason if amount else ""))
        self.accept()


# --- the page ----------------------------------------------------------------------------


class WindowPage(Page):
    """The ticket window: the session, its seats, the cart, and payment.

    Signals:
        shift_changed(object): this window's open shift (a ShiftRow), or None,
            whenever the page learns it (for the main window's status bar).
    """

    shift_changed = Signal(object)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, self.tr("Ticket window"))
        self.setObjectName("windowPage")
        self.shift: ShiftRow | None = None
        self.shift_known = False  # the store has answered whether a shift is open
        self.session: SessionRow | None = None
        self.reserved: bool | None = None  # None while the seats load
        self.types: list[TicketTypeRow] = []
        self.cart: list[CartLine] = []
        self.hold: HoldResult | None = None
        self.phone = ""
        self.discount_fen = 0
        self.discount_reason = ""
        self.comp_reason = ""
        self.seat_rows: dict[str, SeatRow] = {}
        self.states: dict[SeatId, SeatState] = {}
        self.picker: SeatPicker | None = None
        self.last_sale: dict[str, Any] | None = None  # the receipt of the last sale
        self.last_number = ""
        self.busy = False  # a hold is being changed on the store
        self.selling = False  # a sale is being committed
        self._pay_pending = False  # F12 came while the seats were being held
        self._polling = False
        self.dialog: QDialog | None = None
        self.payment: PaymentDialog | None = None

        # --- header: the shift, and the toolbar ---
        self.shift_label = QLabel(self)
        self.shift_label.setObjectName("shiftInfo")
        self.toolbar.insertWidget(0, self.shift_label)
        self.toolbar.insertSpacing(1, 12)
        self.session_button = self.add_action_button(self.tr("Session"), "F2", self.choose_session)
        self.shift_button = self.add_action_button(self.tr("Open shift"), "F9", self.open_shift)

        self.banner = QLabel(self.tr("No open shift — F9 Open shift"), self)
        self.banner.setObjectName("shiftBanner")
        self.banner.setStyleSheet(
            "background: #fef2f2; color: #991b1b; border: 1px solid #fecaca; border-radius: 6px;"
            " font-size: 14pt; font-weight: 700; padding: 10px 16px;"
        )
        self.banner.hide()
        self.body.addWidget(self.banner)

        # --- the session ---
        self.session_title = QLabel(self.tr("No session chosen — F2 Session"), self)
        self.session_title.setObjectName("sessionTitle")
        self.session_title.setStyleSheet(f"font-size: 15pt; font-weight: 700; color: {_INK};")
        self.session_detail = QLabel(self)
        self.session_detail.setObjectName("sessionDetail")
        self.session_detail.setStyleSheet(f"color: {_MUTED}; font-size: 11pt;")
        self.session_detail.setWordWrap(True)
        title_row = QHBoxLayout()
        title_row.setSpacing(16)
        title_row.addWidget(self.session_title)
        title_row.addWidget(self.session_detail, 1)
        self.body.addLayout(title_row)

        # --- left: quantity, zone, the seats ---
        self.quantity = QLineEdit(self)
        self.quantity.setObjectName("bestCount")
        self.quantity.setMaxLength(2)
        self.quantity.setFixedWidth(90)
        self.quantity.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.quantity.setPlaceholderText("2")
        self.quantity.setStyleSheet("font-size: 18pt; font-weight: 700; padding: 4px;")
        self.quantity.returnPressed.connect(self.quantity_entered)
        self.quantity.installEventFilter(self)
        quantity_label = self.buddy_label(self.tr("&Quantity"), self.quantity)
        quantity_label.setStyleSheet(f"font-size: 12pt; font-weight: 600; color: {_INK};")
        self.quantity_hint = QLabel(self)
        self.quantity_hint.setObjectName("quantityHint")
        self.quantity_hint.setStyleSheet(f"color: {_MUTED};")
        self.zone_combo = QComboBox(self)
        self.zone_combo.setObjectName("zoneChoice")
        self.zone_combo.setMinimumWidth(150)
        self.zone_label = self.buddy_label(self.tr("&Zone"), self.zone_combo)
        self.add_button = self._key_button(self.tr("Add chosen"), "Ctrl+H", self.add_chosen)
        QShortcut(QKeySequence("Ctrl+G"), self, self.type_seat)
        controls = QHBoxLayout()
        controls.setSpacing(8)
        controls.addWidget(quantity_label)
        controls.addWidget(self.quantity)
        controls.addWidget(self.quantity_hint)
        controls.addSpacing(12)
        controls.addWidget(self.zone_label)
        controls.addWidget(self.zone_combo)
        controls.addStretch(1)

        self.seat_area = QVBoxLayout()
        self.seat_area.setContentsMargins(0, 0, 0, 0)
        self.placeholder = QLabel(self)
        self.placeholder.setObjectName("seatPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet(
            f"color: {_MUTED}; font-size: 13pt; background: #ffffff;"
            " border: 1px dashed #d1d5db; border-radius: 8px; padding: 24px;"
        )
        self.seat_area.addWidget(self.placeholder, 1)
        left = QVBoxLayout()
        left.setSpacing(8)
        left.addLayout(controls)
        left.addLayout(self.seat_area, 1)

        # --- right: the cart ---
        cart_card = self.card(self.tr("Cart"))
        cart_card.setObjectName("card")
        cart_card.setFixedWidth(380)
        self.cart_card = cart_card
        self.table = QTableWidget(0, 4, cart_card)
        self.table.setObjectName("cart")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Seat"), self.tr("Zone"), self.tr("Type"), self.tr("Price")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.installEventFilter(self)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.extras = QLabel(cart_card)
        self.extras.setObjectName("cartExtras")
        self.extras.setWordWrap(True)
        self.extras.setStyleSheet(f"color: {_INK};")
        self.extras.hide()
        self.type_button = self._key_button(self.tr("Ticket type"), "F3", self.change_type)
        self.phone_button = self._key_button(self.tr("Phone"), "F4", self.ask_phone)
        self.discount_button = self._key_button(self.tr("Discount"), "Ctrl+D", self.ask_discount)
        self.discount_button.setVisible(ctx.may(Perm.SALES_DISCOUNT))
        self.remove_button = QPushButton(shortcut_label(self.tr("Remove"), "Del"), cart_card)
        self.remove_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.remove_button.clicked.connect(lambda: self.remove_line())
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self, self.remove_line)
        self.clear_button = QPushButton(shortcut_label(self.tr("Clear"), "Esc"), cart_card)
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clear_button.clicked.connect(lambda: self.clear_cart())
        shown = [self.type_button, self.phone_button, self.discount_button]
        if not ctx.may(Perm.SALES_DISCOUNT):
            shown.remove(self.discount_button)
        buttons = QVBoxLayout()
        buttons.setSpacing(6)
        for group in (shown, [self.remove_button, self.clear_button]):
            row = QHBoxLayout()
            row.setSpacing(6)
            for button in group:
                button.setStyleSheet("padding: 5px 8px;")
                row.addWidget(button)
            buttons.addLayout(row)
        totals = CheckoutTotals(cart_card, self.pay, size_pt=30, caption_pt=12)
        self.count_label, self.total_label = totals.count_label, totals.total_label
        self.change_label, self.pay_button = totals.change_label, totals.pay_button
        total_row = totals.row
        cart_layout = cart_card.layout()
        assert isinstance(cart_layout, QVBoxLayout)
        cart_layout.setAlignment(Qt.AlignmentFlag(0))  # the list takes the height there is
        cart_layout.addWidget(self.table, 1)
        cart_layout.addWidget(self.extras)
        cart_layout.addLayout(buttons)
        cart_layout.addLayout(total_row)
        cart_layout.addWidget(self.change_label)
        cart_layout.addWidget(self.pay_button)

        main = QHBoxLayout()
        main.setSpacing(16)
        main.addLayout(left, 1)
        main.addWidget(cart_card)
        self.body.addLayout(main, 1)

        # --- the message line and the keys ---
        self.message = QLabel(self)
        self.message.setObjectName("windowMessage")
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(28)
        self.message.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.body.addWidget(self.message)
        self.keys = hint_label("", self)
        self.keys.setObjectName("windowKeys")
        self.keys.setStyleSheet(
            f"color: {_INK}; background: #e5e7eb; border-radius: 4px; padding: 5px 8px;"
            " font-size: 9.5pt;"
        )
        self.body.addWidget(self.keys)

        self.setTabOrder(self.quantity, self.zone_combo)
        self.setTabOrder(self.zone_combo, self.table)

        self.poll_timer = QTimer(self)
        self.poll_timer.setInterval(POLL_MS)
        self.poll_timer.timeout.connect(self.poll)
        self.extend_timer = QTimer(self)
        self.extend_timer.setInterval(EXTEND_MS)
        self.extend_timer.timeout.connect(self.extend)

        self._show_session()
        self._show_shift()
        self._show_cart()

    # --- building ------------------------------------------------------------------------

    def _key_button(self, text: str, key: str, slot: Callable[[], object]) -> QPushButton:
        """A button showing its key; the key acts at once (a QShortcut) and the
        button never takes the focus from the quantity field."""
        sequence = QKeySequence(key)
        button = QPushButton(shortcut_label(text, sequence), self)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(lambda: slot())
        QShortcut(sequence, self, lambda: slot())
        return button

    # --- messages --------------------------------------------------------------------------

    def say(self, text: str, kind: str = "info") -> None:
        """The message line: ``info``, ``success`` or ``error``."""
        colour = {"error": _RED, "success": _GREEN}.get(kind, _BLUE)
        weight = "700" if kind != "info" else "400"
        self.message.setText(text)
        self.message.setProperty("kind", kind)
        self.message.setStyleSheet(f"color: {colour}; font-size: 12pt; font-weight: {weight};")

    def _refuse_no_shift(self) -> bool:
        """Say that nothing sells without a shift; True if there is none."""
        if self.shift is not None:
            return False
        if not self.shift_known:
            self.say(self.tr("Checking this window's shift…"))
        else:
            self.say(self.tr("No open shift — press F9 to open one before selling."), "error")
        return True

    def focus_quantity(self) -> None:
        """Back to the quantity field, its number selected; the cart's row
        selection was for the key just used, so it goes."""
        self.table.clearSelection()
        self.quantity.setFocus(Qt.FocusReason.OtherFocusReason)
        self.quantity.selectAll()

    # --- loading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """The open shift, the ticket types, and (first time) today's session to sell."""
        call = self.ctx.call
        want_sessions = self.session is None
        start = self.ctx.day_start(self.ctx.today())

        def load() -> tuple[ShiftRow | None, list[TicketTypeRow], list[SessionRow] | None]:
            shift = call(shifts.list_current_shift)
            types = call(catalogue.list_sellable_ticket_types)
            sessions = (
                call(
                    catalogue.list_sessions,
                    starts_from=start,
                    starts_before=start + timedelta(days=1),
                )
                if want_sessions
                else None
            )
            return shift, types, sessions

        Op(self, load).success(self._refreshed).failure(
            lambda exc: self.say(error_text(exc), "error")
        ).run_in_background()
        if self.picker is not None and self.isVisible():
            self.poll_timer.start()
        if self.dialog is None and self.payment is None:
            self.focus_quantity()

    def _refreshed(
        self, found: tuple[ShiftRow | None, list[TicketTypeRow], list[SessionRow] | None]
    ) -> None:
        shift, types, sessions = found
        self.shift, self.shift_known = shift, True
        self.types = types
        self._show_shift()
        if sessions is not None and self.session is None and shift is not None:
            first = first_to_sell(self.ctx, sessions)
            if first is not None:
                self.set_session(first)

    def _show_shift(self) -> None:
        shift = self.shift
        self._show_keys()
        if self.shift_known:
            self.shift_changed.emit(shift)
        self.banner.setVisible(self.shift_known and shift is None)
        self.shift_button.setEnabled(shift is None)
        if shift is None:
            self.shift_label.setText(self.tr("No open shift") if self.shift_known else "")
            self.shift_label.setStyleSheet(f"color: {_RED}; font-weight: 600;")
        else:
            self.shift_label.setText(
                self.tr("Shift: {cashier} · since {time}").format(
                    cashier=shift.cashier, time=self._when(shift.opened_at)
                )
            )
            self.shift_label.setStyleSheet(f"color: {_GREEN}; font-weight: 600;")

    def _when(self, moment: datetime) -> str:
        """A time of today as 16:30, of another day with its date."""
        local = self.ctx.local(moment)
        return f"{local:%H:%M}" if local.date() == self.ctx.today() else f"{local:%Y-%m-%d %H:%M}"

    # --- the shift ----------------------------------------------------------------------------

    def open_shift(self) -> None:
        """F9: count the opening float and open this window's shift."""
        if self.shift is not None:
            self.say(
                self.tr("A shift is already open: {cashier}, since {time}.").format(
                    cashier=self.shift.cashier, time=self.ctx.format_time(self.shift.opened_at)
                )
            )
            return
        if self.dialog is not None:
            return
        call = self.ctx.call

        def save(counts: dict[int, int], _reason: str) -> ShiftRow:
            return call(
                shifts.open_shift, counts=[CashCount(d, n) for d, n in sorted(counts.items())]
            )

        dialog = CashCountDialog(
            self.tr("Open shift"),
            self.tr(
                "Count the opening float (备用金) in the drawer, note by note and coin by coin. "
                "The shift opens with this amount."
            ),
            self,
            ok_text=self.tr("Open shift (Ctrl+Enter)"),
            save=save,
        )
        dialog.saved.connect(self._shift_opened)
        dialog.finished.connect(lambda _r: self.focus_quantity())
        self.open_dialog(dialog, "dialog")

    def _shift_opened(self, shift: object) -> None:
        assert isinstance(shift, ShiftRow)
        self.shift, self.shift_known = shift, True
        self._show_shift()
        self.say(
            self.tr("Shift opened with a float of {amount}. Ready to sell.").format(
                amount=format_fen(shift.opening_float_fen)
            ),
            "success",
        )
        if self.session is None:
            self.refresh()

    # --- the session -----------------------------------------------------------------------

    def choose_session(self) -> None:
        """F2: another session; a cart that holds seats is cleared after a question."""
        if self.dialog is not None or self.payment is not None or self.selling:
            return
        if self.cart:
            ask(
                self,
                self.tr("Choose another session"),
                self.tr("The cart will be emptied and its seats released. Go on?"),
                self._open_chooser,
            )
            return
        self._open_chooser()

    def _open_chooser(self) -> None:
        dialog = SessionChooserDialog(
            self.ctx, self, current=self.session.id if self.session else None
        )
        dialog.accepted.connect(lambda: self._session_chosen(dialog.chosen))
        dialog.finished.connect(lambda _r: self.focus_quantity())
        self.open_dialog(dialog, "dialog")

    def _session_chosen(self, session: SessionRow | None) -> None:
        if session is None:
            return
        if self.cart:
            self._release_all()
        self.set_session(session)

    def set_session(self, session: SessionRow) -> None:
        """Sell ``session``: load its seats (or learn it has none)."""
        self._drop_picker()
        self.session = session
        self.reserved = None
        self.seat_rows, self.states = {}, {}
        self.change_label.hide()
        self._show_session()
        self.placeholder.setText(self.tr("Loading the seats…"))
        self.placeholder.show()
        ctx = self.ctx
        Op(self, lambda: read_seats(ctx, session)).success(
            lambda found: self._seats_loaded(session, *found)
        ).failure(lambda exc: self._seats_failed(session, exc)).run_in_background()
        self.focus_quantity()

    def _seats_failed(self, session: SessionRow, exc: BaseException) -> None:
        if self.session is session:
            self.placeholder.setText(error_text(exc))

    def _seats_loaded(self, session: SessionRow, seats: list[SeatRow], text: str | None) -> None:
        if self.session is not session:
            return  # another session was chosen meanwhile
        if not seats:
            self.reserved = False
            self.placeholder.setText(
                self.tr(
                    "General admission: no seat numbers.\n\n"
                    "Type the number of places and press Enter to add them to the cart."
                )
            )
            self._show_session()
            return
        self.reserved = True
        self.seat_rows = {row.seat_id: row for row in seats}
        scene = seat_scene(self.ctx, session, seats, text, self)
        self.states = {
            SeatId(row.seat_id): seat_state(row, self.ctx.me.terminal_id) for row in seats
        }
        picker = SeatPicker(scene, parent=self)
        # The page's quantity field and server-side best seats replace the
        # picker's own count, zone and best-available controls.
        for widget in (picker.count, picker.zone, picker.best_button):
            widget.hide()
        picker.count.setObjectName("pickerCount")
        # Ctrl+G is the page's (it works from anywhere on the page: two
        # shortcuts on one key would cancel each other out), and the best
        # seats come from the quantity field, held on the store (not Ctrl+B).
        for action in picker.actions():
            if action.shortcut() in (QKeySequence("Ctrl+G"), QKeySequence("Ctrl+B")):
                picker.removeAction(action)
        picker.view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        picker.label_field.returnPressed.connect(self._label_typed)
        column = picker.layout()
        first = column.itemAt(0) if column is not None else None
        tools = first.layout() if first is not None else None  # the picker's row of seat tools
        if isinstance(tools, QHBoxLayout):
            tools.addWidget(self.add_button)
        self.placeholder.hide()
        self.seat_area.addWidget(picker, 1)
        self.picker = picker
        self._show_session()
        if self.isVisible():
            self.poll_timer.start()

    def _drop_picker(self) -> None:
        self.poll_timer.stop()
        if self.picker is not None:
            self.add_button.setParent(self)  # it lives in the picker's row; keep it
            self.add_button.hide()
            self.picker.hide()
            self.seat_area.removeWidget(self.picker)
            self.picker.deleteLater()
            self.picker = None

    def _show_session(self) -> None:
        session = self.session
        self.zone_combo.blockSignals(True)
        self.zone_combo.clear()
        if session is None:
            self.session_title.setText(self.tr("No session chosen — F2 Session"))
            self.session_detail.setText("")
            self.placeholder.setText(self.tr("Press F2 to choose the session to sell."))
        else:
            self.session_title.setText(session.show_name)
            starts = self.ctx.local(session.starts_at)
            day = starts.date()
            today = self.ctx.today()
            when = (
                self.tr("today {time}").format(time=f"{starts:%H:%M}")
                if day == today
                else f"{starts:%Y-%m-%d %H:%M}"
            )
            parts = [session.hall_name, when]
            if session.status != "on_sale":
                parts.append(status_text(session.status))
            parts.append(" · ".join(f"{z.name} {format_fen(z.price_fen)}" for z in session.zones))
            self.session_detail.setText("  ·  ".join(p for p in parts if p))
            if self.reserved:
                self.zone_combo.addItem(self.tr("Any zone"), None)
            for zone in session.zones:
                self.zone_combo.addItem(f"{zone.name} {format_fen(zone.price_fen)}", zone.id)
        self.zone_combo.blockSignals(False)
        several = session is not None and len(session.zones) > 1 and self.reserved is not None
        self.zone_combo.setVisible(several)
        self.zone_label.setVisible(several)
        reserved = bool(self.reserved)
        self.add_button.setVisible(reserved)
        self.quantity_hint.setText(
            self.tr("Enter: best seats")
            if reserved
            else self.tr("Enter: add places")
            if self.reserved is False
            else ""
        )
        self._show_keys()

    def _show_keys(self) -> None:
        """The line of keys at the bottom: what works here and now."""
        session = self.session
        if self.reserved is False:
            keys = [self.tr("3 Enter add places")]
            if session is not None and len(session.zones) > 1:
                keys.append(self.tr("Alt+Z zone"))
        else:
            keys = [
                self.tr("2 Enter best seats"),
                self.tr("Ctrl+G type a seat"),
                self.tr("Ctrl+H add chosen"),
            ]
        keys += [self.tr("F3 ticket type"), self.tr("F4 phone")]
        if self.ctx.may(Perm.SALES_DISCOUNT):
            keys.append(self.tr("Ctrl+D discount"))
        keys += [
            self.tr("F12 pay"),
            self.tr("Del remove"),
            self.tr("Esc clear"),
            self.tr("F2 session"),
        ]
        if self.shift is None:
            keys.append(self.tr("F9 open shift"))
        self.keys.setText(" · ".join(keys))

    # --- live seat states ---------------------------------------------------------------------

    def poll(self) -> None:
        """Read the seat states again: other windows' sales show within a second."""
        session = self.session
        if self._polling or self.picker is None or session is None:
            return
        self._polling = True
        call = self.ctx.call
        Op(self, lambda: call(seating.list_session_seats, session.id)).success(
            lambda seats: self._apply_states(session, seats)
        ).failure(self._poll_failed).run_in_background()

    def _apply_states(self, session: SessionRow, seats: list[SeatRow]) -> None:
        self._polling = False
        if self.picker is None or self.session is not session:
            return
        terminal = self.ctx.me.terminal_id
        self.seat_rows = {row.seat_id: row for row in seats}
        fresh = {SeatId(row.seat_id): seat_state(row, terminal) for row in seats}
        changed = {k: v for k, v in fresh.items() if self.states.get(k) is not v}
        self.states = fresh
        if changed:
            self.picker.scene.set_states(changed)
            lost = [s for s in self.picker.selected if not self.picker.selectable_id(s)]
            if lost:
                self.picker.deselect(lost)

    def _poll_failed(self, exc: BaseException) -> None:
        # Said under the map, not in the message line, which keeps the last sale's news.
        self._polling = False
        if self.picker is not None:
            self.picker.status.setText(error_text(exc))

    def _mark_held(self, seat_ids: list[str], state: SeatState) -> None:
        if self.picker is None:
            return
        marks = {SeatId(s): state for s in seat_ids}
        self.states.update(marks)
        self.picker.scene.set_states(marks)

    # --- adding to the cart ------------------------------------------------------------------------

    def _ready_to_change(self) -> bool:
        """Whether the cart may change now; says why not."""
        if self._refuse_no_shift():
            return False
        if self.session is None:
            self.say(self.tr("Choose a session first (F2)."), "error")
            return False
        if self.selling:
            self.say(self.tr("The sale is being saved…"))
            return False
        if self.busy:
            self.say(self.tr("One moment: the seats are being held…"))
            return False
        return True

    def quantity_entered(self) -> None:
        """Enter in the quantity field: the best N seats, or N places."""
        if not self._ready_to_change():
            return
        text = self.quantity.text().strip()
        if not text.isdigit() or not 1 <= int(text) <= MAX_QUANTITY:
            self.say(
                self.tr("Type how many tickets, 1 to {n}, then Enter.").format(n=MAX_QUANTITY),
                "error",
            )
            self.focus_quantity()
            return
        count = int(text)
        if self.reserved is None:
            self.say(self.tr("The seats are still loading; press Enter again in a moment."))
            return
        if self.reserved:
            self._hold_best(count)
        else:
            self._add_places(count)

    def _default_type(self) -> TicketTypeRow | None:
        if not self.types:
            self.say(self.tr("No ticket type may be sold here. Ask an administrator."), "error")
            return None
        return self.types[0]

    def _zone_of(self, zone_id: str | None) -> tuple[str, str, int]:
        """(id, name, price) of a session zone."""
        assert self.session is not None
        zones = {str(z.id): z for z in self.session.zones}
        zone = zones.get(zone_id or "") or self.session.zones[0]
        return zone.id, zone.name, zone.price_fen

    def _add_places(self, count: int) -> None:
        ticket_type = self._default_type()
        if ticket_type is None or self.session is None:
            return
        if not self.session.zones:
            self.say(self.tr("This session has no prices yet."), "error")
            return
        zone_id, name, price = self._zone_of(self.zone_combo.currentData())
        self.cart += [CartLine(None, "", zone_id, name, price, ticket_type) for _ in range(count)]
        self._cart_changed()
        self.say(
            plural(
                count,
                self.tr("1 place added: {zone}."),
                self.tr("{count} places added: {zone}."),
            ).format(count=count, zone=name),
            "success",
        )
        self.focus_quantity()

    def _seat_line(self, seat_id: str, ticket_type: TicketTypeRow) -> CartLine:
        row = self.seat_rows.get(seat_id)
        zone_id, name, price = self._zone_of(row.zone_id if row else None)
        return CartLine(seat_id, row.label if row else seat_id, zone_id, name, price, ticket_type)

    def _cart_seats(self) -> list[str]:
        return [line.seat_id for line in self.cart if line.seat_id is not None]

    def _hold_best(self, count: int) -> None:
        ticket_type = self._default_type()
        session = self.session
        if ticket_type is None or session is None:
            return
        zone_id = self.zone_combo.currentData()
        call, old, cart_seats = self.ctx.call, self.hold, self._cart_seats()

        def work() -> tuple[HoldResult, list[str]]:
            best = call(seating.best_available, session.id, count, zone_id=zone_id).hold
            if old is None:
                return best, list(best.seat_ids)
            try:
                merged = call(seating.hold_seats, session.id, cart_seats + list(best.seat_ids))
            except BaseException:
                _release_quietly(call, best.hold_id)
                raise
            for hold_id in (old.hold_id, best.hold_id):
                _release_quietly(call, hold_id)
            return merged, list(best.seat_ids)

        self.say(
            plural(
                count, self.tr("Holding the best seat…"), self.tr("Holding the best {count} seats…")
            ).format(count=count)
        )
        self._change_holds(
            session, work, lambda found: self._seats_added(found[0], found[1], ticket_type)
        )

    def add_chosen(self) -> None:
        """Ctrl+H: hold the seats chosen on the map and add them to the cart."""
        if not self._ready_to_change():
            return
        session = self.session
        if not self.reserved or self.picker is None or session is None:
            self.say(self.tr("This session has no seat map: type the number of places."))
            return
        in_cart = set(self._cart_seats())
        chosen = [str(s) for s in self.picker.selected if str(s) not in in_cart]
        if not chosen:
            self.say(
                self.tr("Choose seats on the map first: click, drag, or Ctrl+G to type one."),
                "error",
            )
            return
        ticket_type = self._default_type()
        if ticket_type is None:
            return
        call, old, wanted = self.ctx.call, self.hold, [*self._cart_seats(), *chosen]

        def work() -> HoldResult:
            hold = call(seating.hold_seats, session.id, wanted)
            if old is not None:
                _release_quietly(call, old.hold_id)
            return hold

        self.say(
            plural(
                len(chosen), self.tr("Holding 1 seat…"), self.tr("Holding {count} seats…")
            ).format(count=len(chosen))
        )
        self._change_holds(session, work, lambda hold: self._seats_added(hold, chosen, ticket_type))

    def _change_holds(
        self, session: SessionRow, work: Callable[[], Any], then: Callable[[Any], None]
    ) -> None:
        """Run a change of the cart's hold on the store; one at a time."""
        self.busy = True

        def done(result: Any) -> None:
            self.busy = False
            if self.session is not session:
                return
            then(result)
            if self._pay_pending:
                self._pay_pending = False
                self.pay()

        def failed(exc: BaseException) -> None:
            self.busy = False
            self._pay_pending = False
            self.say(error_text(exc), "error")
            self.poll()

        Op(self, work).success(done).failure(failed).run_in_background()

    def _seats_added(self, hold: HoldResult, added: list[str], ticket_type: TicketTypeRow) -> None:
        self.hold = hold
        self.cart += [self._seat_line(s, ticket_type) for s in added]
        if self.picker is not None:
            self.picker.clear()
        self._mark_held(added, SeatState.HELD_HERE)
        self._cart_changed()
        labels = "、".join(self._seat_line(s, ticket_type).label for s in added)
        self.say(
            plural(
                len(added),
                self.tr("1 seat held: {seats}."),
                self.tr("{count} seats held: {seats}."),
            ).format(count=len(added), seats=labels),
            "success",
        )
        self.focus_quantity()
        self.poll()

    def type_seat(self) -> None:
        """Ctrl+G: type a seat's label on the map."""
        if self.picker is None:
            self.say(self.tr("This session has no seat map: type the number of places."))
            return
        self.picker.label_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.picker.label_field.selectAll()

    def _label_typed(self) -> None:
        if self.picker is not None and self.picker.selected:
            self.say(
                plural(
                    len(self.picker.selected),
                    self.tr("1 seat chosen: Ctrl+H adds it to the cart."),
                    self.tr("{count} seats chosen: Ctrl+H adds them to the cart."),
                ).format(count=len(self.picker.selected))
            )

    # --- changing the cart -------------------------------------------------------------------------

    def _target_rows(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return rows or list(range(len(self.cart)))

    def change_type(self) -> None:
        """F3: the ticket type of the selected rows, or of every row."""
        if self._refuse_no_shift() or self.dialog is not None or self.selling:
            return
        if not self.cart:
            self.say(self.tr("The cart is empty."), "error")
            return
        rows = self._target_rows()
        first = self.cart[rows[0]]
        prices = {self.cart[r].zone_price_fen for r in rows}
        dialog = TicketTypeDialog(
            self.types,
            first.ticket_type,
            prices.pop() if len(prices) == 1 else None,
            len(rows),
            self,
        )
        dialog.accepted.connect(lambda: self._type_chosen(rows, dialog.chosen))
        dialog.finished.connect(lambda _r: self._after_dialog())
        self.open_dialog(dialog, "dialog")

    def _after_dialog(self) -> None:
        """A dialog closed: back to the quantity field, unless another opened."""

        def refocus() -> None:
            if self.dialog is None and self.payment is None:
                self.focus_quantity()

        QTimer.singleShot(0, self, refocus)

    def _type_chosen(self, rows: list[int], ticket_type: TicketTypeRow | None) -> None:
        if ticket_type is None:
            return
        if ticket_type.is_comp and not self.comp_reason:
            QTimer.singleShot(0, self, lambda: self._ask_comp_reason(rows, ticket_type))
            return
        self._set_type(rows, ticket_type)

    def _ask_comp_reason(self, rows: list[int], ticket_type: TicketTypeRow) -> None:
        dialog = TextDialog(
            self.tr("Complimentary tickets"),
            self.tr(
                "{type} tickets are free. Say why they are given: it is logged with the sale."
            ).format(type=ticket_type.name),
            self.tr("&Reason"),
            lambda text: None if text else self.tr("Give a reason for the complimentary tickets."),
            self,
            max_length=100,
        )
        dialog.saved.connect(lambda reason: self._comp_given(rows, ticket_type, str(reason)))
        dialog.finished.connect(lambda _r: self._after_dialog())
        self.open_dialog(dialog, "dialog")

    def _comp_given(self, rows: list[int], ticket_type: TicketTypeRow, reason: str) -> None:
        self.comp_reason = reason
        self._set_type(rows, ticket_type)

    def _set_type(self, rows: list[int], ticket_type: TicketTypeRow) -> None:
        for row in rows:
            if 0 <= row < len(self.cart):
                self.cart[row] = replace(self.cart[row], ticket_type=ticket_type)
        if not any(line.ticket_type.is_comp for line in self.cart):
            self.comp_reason = ""
        self._cart_changed()
        self.say(
            plural(
                len(rows),
                self.tr("1 ticket is now {type}."),
                self.tr("{count} tickets are now {type}."),
            ).format(count=len(rows), type=ticket_type.name),
            "success",
        )

    def ask_phone(self) -> None:
        """F4: the customer's phone number, to find the order again."""
        if self.dialog is not None or self.selling:
            return

        def check(text: str) -> str | None:
            if text and not _PHONE.fullmatch(text):
                return self.tr("“{phone}” is not a phone number.").format(phone=text)
            return None

        dialog = TextDialog(
            self.tr("Customer's phone"),
            self.tr(
                "The customer's phone number finds the order again later. Leave it empty for none."
            ),
            self.tr("&Phone"),
            check,
            self,
            text=self.phone,
            placeholder="13800138000",
            max_length=20,
        )
        dialog.saved.connect(lambda text: self._phone_given(str(text)))
        dialog.finished.connect(lambda _r: self._after_dialog())
        self.open_dialog(dialog, "dialog")

    def _phone_given(self, phone: str) -> None:
        self.phone = phone
        self._show_cart()

    def ask_discount(self) -> None:
        """Ctrl+D: a discount off the order (``sales.discount``)."""
        if self.dialog is not None or self.selling or self._refuse_no_shift():
            return
        if not self.ctx.may(Perm.SALES_DISCOUNT):
            self.say(self.tr("You may not give discounts: ask a supervisor."), "error")
            return
        if not self.cart:
            self.say(self.tr("The cart is empty."), "error")
            return
        dialog = DiscountDialog(self.subtotal_fen(), self.discount_fen, self.discount_reason, self)
        dialog.saved.connect(self._discount_given)
        dialog.finished.connect(lambda _r: self._after_dialog())
        self.open_dialog(dialog, "dialog")

    def _discount_given(self, given: object) -> None:
        assert isinstance(given, tuple)
        amount, reason = given
        self.discount_fen, self.discount_reason = int(amount), str(reason)
        self._cart_changed()

    def remove_line(self, row: int | None = None) -> None:
        """Del: remove the selected row (or ``row``); a seat is released."""
        if not self._ready_to_change() or not self.cart:
            return
        if row is None:
            rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
            if not rows:
                self.say(self.tr("Select the row to remove in the cart (Tab, ↑↓), then Del."))
                return
            row = rows[0]
        if not 0 <= row < len(self.cart):
            return
        line = self.cart[row]
        if line.seat_id is None:
            del self.cart[row]
            self._cart_changed()
            self.say(self.tr("One place removed."))
            return
        session, old, call = self.session, self.hold, self.ctx.call
        assert session is not None
        remaining = [s for s in self._cart_seats() if s != line.seat_id]

        def work() -> HoldResult | None:
            hold = call(seating.hold_seats, session.id, remaining) if remaining else None
            if old is not None:
                call(seating.release_hold, old.hold_id)
            return hold

        def removed(hold: HoldResult | None) -> None:
            self.hold = hold
            self.cart = [c for c in self.cart if c.seat_id != line.seat_id]
            self._mark_held([line.seat_id or ""], SeatState.AVAILABLE)
            self._cart_changed()
            self.say(self.tr("{seat} removed and released.").format(seat=line.label))
            self.poll()

        self._change_holds(session, work, removed)

    def clear_cart(self) -> None:
        """Esc: empty the cart after a question; its seats are released."""
        if self.selling or self.busy or self.dialog is not None:
            return
        if not self.cart:
            self.change_label.hide()
            self.say("")
            self.focus_quantity()
            return
        ask(
            self,
            self.tr("Clear the cart"),
            plural(
                len(self.cart),
                self.tr("Remove the ticket from the cart and release its seat?"),
                self.tr("Remove all {count} tickets from the cart and release their seats?"),
            ).format(count=len(self.cart)),
            self._clear_confirmed,
        )

    def _clear_confirmed(self) -> None:
        self._release_all()
        self.say(self.tr("Cart cleared."))
        self.focus_quantity()
        self.poll()

    def _release_all(self) -> None:
        """Empty the cart and give its seats back (in the background)."""
        hold, call = self.hold, self.ctx.call
        seats = self._cart_seats()
        self._reset_cart()
        if hold is not None:
            self._mark_held(seats, SeatState.AVAILABLE)
            Op(None, lambda: call(seating.release_hold, hold.hold_id)).failure(
                lambda _exc: None  # it runs out by itself in a few minutes
            ).run_in_background()

    def _reset_cart(self) -> None:
        self.cart = []
        self.hold = None
        self.phone = ""
        self.discount_fen, self.discount_reason, self.comp_reason = 0, "", ""
        self._cart_changed()

    def extend(self) -> None:
        """Every minute while the cart holds seats: keep them."""
        hold, call = self.hold, self.ctx.call
        if hold is None or self.selling:
            return

        def extended(result: HoldResult) -> None:
            if self.hold is not None and self.hold.hold_id == result.hold_id:
                self.hold = result

        Op(self, lambda: call(seating.extend_hold, hold.hold_id)).success(extended).failure(
            lambda exc: self.say(error_text(exc), "error")
        ).run_in_background()

    # --- keys the fields would swallow -----------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.table
            and event.type() == QEvent.Type.FocusIn
            and self.cart
            and not self.table.selectionModel().hasSelection()
        ):
            # Tabbing into the cart highlights a row at once: F3 and Del act on it.
            row = self.table.currentRow()
            self.table.selectRow(row if 0 <= row < len(self.cart) else 0)
        if watched is self.quantity and event.type() == QEvent.Type.ShortcutOverride:
            assert isinstance(event, QKeyEvent)
            # Where Ctrl+D means Delete (X11), the field would claim the page's key.
            if event.modifiers() == Qt.KeyboardModifier.ControlModifier and event.key() in (
                Qt.Key.Key_D,
                Qt.Key.Key_G,
                Qt.Key.Key_H,
            ):
                event.ignore()
                return True
        if watched is self.quantity and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Delete and not self.quantity.text() and self.cart:
                rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
                self.remove_line(rows[0] if rows else len(self.cart) - 1)
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.clear_cart()
            event.accept()
            return
        super().keyPressEvent(event)

    # --- totals -----------------------------------------------------------------------------------

    def subtotal_fen(self) -> int:
        return sum(line.price_fen for line in self.cart)

    def total_fen(self) -> int:
        return max(0, self.subtotal_fen() - self.discount_fen)

    def note(self) -> str:
        return "; ".join(r for r in (self.comp_reason, self.discount_reason) if r)[:200]

    def _cart_changed(self) -> None:
        if self.discount_fen and self.discount_fen > self.subtotal_fen():
            self.discount_fen, self.discount_reason = 0, ""
            self.say(self.tr("The discount was more than the cart and was removed."), "error")
        if self.cart:
            self.change_label.hide()
        self.extend_timer.start() if self.hold is not None else self.extend_timer.stop()
        self._show_cart()
        total = self.total_fen()
        self._pole(lambda pole: pole.show_total(total) if self.cart else pole.clear())

    def _show_cart(self) -> None:
        table = self.table
        table.setRowCount(len(self.cart))
        for row, line in enumerate(self.cart):
            texts = (
                line.label or self.tr("General"),
                line.zone,
                line.ticket_type.name,
                format_fen(line.price_fen),
            )
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if column == 3:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                table.setItem(row, column, item)
        if self.cart:
            table.scrollToBottom()
        self.total_label.setText(format_fen(self.total_fen()))
        self.count_label.setText(
            plural(len(self.cart), self.tr("1 ticket"), self.tr("{count} tickets")).format(
                count=len(self.cart)
            )
            if self.cart
            else ""
        )
        extras = []
        if self.discount_fen:
            extras.append(
                self.tr("Discount −{amount} ({reason})").format(
                    amount=format_fen(self.discount_fen), reason=self.discount_reason
                )
            )
        if self.comp_reason:
            extras.append(self.tr("Comp: {reason}").format(reason=self.comp_reason))
        if self.phone:
            extras.append(self.tr("Phone: {phone}").format(phone=self.phone))
        self.extras.setText("\n".join(extras))
        self.extras.setVisible(bool(extras))
        has = bool(self.cart)
        for button in (self.pay_button, self.type_button, self.remove_button, self.clear_button):
            button.setEnabled(has)
        self.discount_button.setEnabled(has)

    # --- paying -------------------------------------------------------------------------------------

    def pay(self) -> None:
        """F12 or Ctrl+Enter: take payment; on Enter in the dialog, sell."""
        if self._refuse_no_shift() or self.selling:
            return
        if self.payment is not None or self.dialog is not None:
            return
        if self.busy:
            self._pay_pending = True
            self.say(self.tr("Holding the seats; payment opens in a moment…"))
            return
        if not self.cart or self.session is None:
            self.say(
                self.tr("The cart is empty: type the number of tickets and press Enter."), "error"
            )
            self.focus_quantity()
            return
        total = self.total_fen()
        if total > MAX_FEN:
            self.say(self.tr("The order is too large for one sale."), "error")
            return
        dialog = PaymentDialog(total, self, order_id=new_id(), scans=self.ctx.scans)
        dialog.finished.connect(lambda result: self._paid(dialog, result))
        self.open_dialog(dialog, "payment")
        self.say(self.tr("Taking payment of {total}…").format(total=format_fen(total)))

    def _paid(self, dialog: PaymentDialog, result: int) -> None:
        charges = dialog.charges
        if result != QDialog.DialogCode.Accepted:
            self.say(self.tr("Payment cancelled; the cart is kept."))
            if charges:
                self._refund(charges, dialog.order_id, "")
            self.focus_quantity()
            return
        self._sell(dialog)

    def _sell(self, dialog: PaymentDialog) -> None:
        session, hold, shift = self.session, self.hold, self.shift
        assert session is not None and shift is not None
        ctx, me = self.ctx, self.ctx.me
        order_id = dialog.order_id
        tendered, change, charges = dialog.tendered_fen, dialog.change_fen, dialog.charges
        names = {str(t.id): t.name for t in self.types}
        body: dict[str, Any] = {
            "order_id": order_id,
            "session_id": session.id,
            "hold_id": hold.hold_id if hold is not None else None,
            "lines": [
                {
                    "seat_id": line.seat_id,
                    "ticket_type_id": line.ticket_type.id,
                    "zone_id": None if line.seat_id is not None else line.zone_id,
                }
                for line in self.cart
            ],
            "payments": [
                {"method": p.method, "amount_fen": p.amount_fen, "reference": p.reference}
                for p in dialog.payments
            ],
            "shift_id": shift.id,
        }
        if self.phone:
            body["phone"] = self.phone
        if self.note():
            body["note"] = self.note()
        if self.discount_fen:
            body["discount_fen"] = self.discount_fen

        def work() -> tuple[str, selling.SaleResult, BaseException | None]:
            number = selling.next_order_number(
                ctx.store, me.terminal_name, me.terminal_id, ctx.zone
            )
            result = selling.submit_sale(
                ctx.store, me, {**body, "number": number}, client=ctx.client
            )
            receipt, problem = result.receipt, None
            if receipt is not None:
                try:
                    window_support.queue_paper(
                        ctx,
                        lambda db: printouts.queue_sale_printouts(
                            db,
                            receipt,
                            session,
                            names,
                            window_support.sale_context(ctx),
                            window_support.templates(ctx),
                            created_by=me.user_id,
                            tendered_fen=tendered,
                        ),
                    )
                except Exception as exc:  # sold all the same: the paper is reprinted from Orders
                    problem = exc
            return number, result, problem

        self.selling = True
        self.pay_button.setEnabled(False)
        self.say(self.tr("Saving the sale…"))
        Op(self, work).success(lambda done: self._sold(*done, change=change)).failure(
            lambda exc: self._refused(exc, charges, order_id)
        ).run_in_background()

    def _sold(
        self,
        number: str,
        result: selling.SaleResult,
        problem: BaseException | None,
        *,
        change: int,
    ) -> None:
        self.selling = False
        self.last_number = number
        self.last_sale = result.receipt
        if result.receipt is not None:
            count = len(result.receipt.get("tickets", []))
            if problem is None:
                self.say(
                    plural(
                        count,
                        self.tr("Order {number} sold — printing 1 ticket."),
                        self.tr("Order {number} sold — printing {count} tickets."),
                    ).format(number=number, count=count),
                    "success",
                )
            else:
                self.say(
                    self.tr(
                        "Order {number} sold, but its paper could not be queued: {error} "
                        "Print the tickets from Orders."
                    ).format(number=number, error=error_text(problem)),
                    "error",
                )
        else:
            self.say(
                self.tr(
                    "The central store cannot be reached: the sale is queued and will be sent; "
                    "print the tickets from Orders once it is sent."
                ),
                "error",
            )
        # The sale used up the hold (a queued sale needs it when it is sent): nothing to release.
        sold = self._cart_seats()
        self._reset_cart()
        self._mark_held(sold, SeatState.SOLD if result.receipt is not None else SeatState.HELD_HERE)
        if change > 0:
            self.change_label.setText(self.tr("Change {amount}").format(amount=format_fen(change)))
            self.change_label.show()
        self._pole(lambda pole: pole.show_change(change))
        self.focus_quantity()
        self.poll()

    def _refused(self, exc: BaseException, charges: list[payments.Charge], order_id: str) -> None:
        self.selling = False
        self._show_cart()
        text = self.tr("The sale was refused: {error} The cart is kept.").format(
            error=error_text(exc)
        )
        self.say(text, "error")
        if charges:
            self._refund(charges, order_id, text)
        self.focus_quantity()
        self.poll()

    def _refund(self, charges: list[payments.Charge], order_id: str, before: str) -> None:
        """Give back mobile charges of a payment that sold nothing."""
        give_back_charges(self, self.say, charges, order_id, before)

    # --- the customer display ----------------------------------------------------------------

    def _pole(self, show: Callable[[PoleDisplay], object]) -> None:
        """Show something on the customer display, if this terminal has one."""
        hub = self.ctx.devices
        if hub is None or not hub.settings.pole.serial_port:
            return
        port, baudrate = hub.settings.pole.serial_port, hub.settings.pole.baudrate

        def write() -> None:
            with PoleDisplay(port, baudrate=baudrate) as pole:
                show(pole)

        Op(None, write).failure(lambda _exc: None).run_in_background()

    # --- showing and leaving ----------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.picker is not None:
            self.poll_timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.poll_timer.stop()
        window = self.window()
        if window.isMinimized():
            return  # still at the window, just out of sight
        if self.cart and not self.selling:
            self._release_all()


def plural(count: int, one: str, many: str) -> str:
    """The text for one thing, or for ``count`` of them (both translated)."""
    return one if count == 1 else many


def _release_quietly(call: Callable[..., object], hold_id: str) -> None:
    """Release a hold when tidying up after a change that went through: a
    failure is harmless (the hold is empty, or runs out by itself)."""
    with contextlib.suppress(Exception):
        call(seating.release_hold, hold_id)
