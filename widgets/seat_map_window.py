"""A session's seat map with live seat states, opened from Today's sessions
(Ctrl+M): the picker on the store of record's seats.

The seats come from the session's layout version (or, for a session seated
from a plain grid before its hall had a layout, from its seats' rows and
columns). Every second the window reads the seats' states again and hands
only the changes to the scene, which repaints just those seats: a sale at
another window shows here within about a second. A cashier may hold the
chosen seats (Ctrl+H) and release them (Ctrl+R); the holds are on the central
store, all or none, and closing the window releases them. Selling is the
ticket window's (issue 6).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QPushButton, QVBoxLayout, QWidget

from boxoffice.errors import NotFound
from boxoffice.permissions import Perm
from boxoffice.services import layouts, seating
from boxoffice.services.catalogue import SessionRow
from boxoffice.services.layouts import zone_name
from boxoffice.services.seating import HoldResult, SeatRow
from seatmap.model import Layout, Point, Seat, SeatId, SeatKind, Section, SectionId, Stage, Zone
from seatmap.model import loads as load_layout
from seatmap.view import SeatMapScene, SeatPicker, SeatState, state_name

from .context import AppContext
from .ops import Op, error_text

POLL_MS = 1000
"""How often the seat states are read again."""
_LABEL = re.compile(r"(.+?)排(\d+)号")


def seat_state(row: SeatRow, terminal_id: str | None) -> SeatState:
    """A seat's state as this window sees it."""
    mine = terminal_id is not None and row.terminal_id == terminal_id
    if row.state == "held":
        return SeatState.HELD_HERE if mine else SeatState.HELD_ELSEWHERE
    if row.state == "leased":
        return SeatState.LEASED_HERE if mine else SeatState.BLOCKED
    if row.state == "sold":
        return SeatState.SOLD
    if row.state == "blocked":
        return SeatState.BLOCKED
    return SeatState.AVAILABLE


def layout_of_seats(session: SessionRow, seats: Iterable[SeatRow]) -> Layout:
    """A layout for a session seated without one (a plain grid): one section,
    each seat at its hall row and column; zones keyed by price zone id."""
    placed: list[Seat] = []
    for row in seats:
        found = _LABEL.fullmatch(row.label)
        label, number = (found.group(1), int(found.group(2))) if found else (str(row.row), row.col)
        kind = SeatKind.WHEELCHAIR if row.accessible else SeatKind.NORMAL
        placed.append(
            Seat(
                row.col - 1,
                row.row - 1,
                label,
                number,
                row.zone_id or "",
                kind,
                SeatId(row.seat_id),
            )
        )
    columns = max((s.x for s in placed), default=0) + 1
    rows = max((s.y for s in placed), default=0) + 1
    section = Section(SectionId(session.hall_id), session.hall_name, columns, rows, tuple(placed))
    width = max(4.0, round(columns * 2 / 3))
    return Layout(
        session.hall_name,
        sections=(section,),
        zones=tuple(Zone(z.id, z.name, z.colour) for z in session.zones),
        stage=Stage((columns - width) / 2, -6, width, 3),
        focal_point=Point(columns / 2, round(rows / 3)),
    )


class SessionSeatMap(QMainWindow):
    """One session's seats, live. ``picker`` is the cashiers' seat picker."""

    def __init__(self, ctx: AppContext, session: SessionRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session = session
        self.picker: SeatPicker | None = None
        self.states: dict[SeatId, SeatState] = {}
        self.holds: list[HoldResult] = []
        self._polling = False
        # Local holds and releases so far: a read that began before one is stale.
        self._edits = 0
        self.setObjectName("sessionSeatMap")
        self.setWindowTitle(
            self.tr("Seat map — {show}, {time}, {hall}").format(
                show=session.show_name,
                time=ctx.format_time(session.starts_at),
                hall=session.hall_name,
            )
        )
        self.counts = QLabel(self)
        self.counts.setObjectName("seatCounts")
        self.message = QLabel(self.tr("Loading the seats…"), self)
        self.message.setObjectName("seatMapMessage")
        self.message.setWordWrap(True)
        self.hold_button = QPushButton(self.tr("Hold seats (Ctrl+H)"), self)
        self.hold_button.setShortcut(QKeySequence("Ctrl+H"))
        self.hold_button.clicked.connect(self.hold)
        self.release_button = QPushButton(self.tr("Release my holds (Ctrl+R)"), self)
        self.release_button.setShortcut(QKeySequence("Ctrl+R"))
        self.release_button.clicked.connect(self.release)
        may_sell = ctx.may(Perm.TICKETS_SELL)
        for button in (self.hold_button, self.release_button):
            button.setVisible(may_sell)
            button.setEnabled(False)
        bar = QHBoxLayout()
        bar.addWidget(self.counts, 1)
        bar.addWidget(self.hold_button)
        bar.addWidget(self.release_button)
        self.body = QVBoxLayout()
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.addLayout(bar)
        column.addLayout(self.body, 1)
        column.addWidget(self.message)
        self.setCentralWidget(central)
        self.resize(1280, 820)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        Op(self, self._read_everything).success(self._loaded).failure(
            lambda exc: self.message.setText(error_text(exc))
        ).run_in_background()

    # --- loading ----------------------------------------------------------------------

    def _read_everything(self) -> tuple[list[SeatRow], str | None]:
        seats = self.ctx.call(seating.list_session_seats, self.session.id)
        text = None
        if self.session.layout_version is not None:
            try:
                found = self.ctx.call(
                    layouts.list_hall_layout_text, self.session.hall_id, self.session.layout_version
                )
                text = found.layout_json
            except NotFound:  # the version is gone: draw the seats as they are
                text = None
        return seats, text

    def _loaded(self, found: tuple[list[SeatRow], str | None]) -> None:
        seats, text = found
        if not seats:
            self.message.setText(
                self.tr("This session has no seats: it sells general admission or by quota.")
            )
            return
        prices = {z.id: z.price_fen for z in self.session.zones}
        if text is not None:
            layout = load_layout(text)
            by_name = {z.name: z.price_fen for z in self.session.zones}
            zone_prices = {
                z.key: by_name[zone_name(z.key, z.name)]
                for z in layout.zones
                if zone_name(z.key, z.name) in by_name
            }
        else:
            layout = layout_of_seats(self.session, seats)
            zone_prices = prices
        terminal = self.ctx.me.terminal_id
        self.states = {SeatId(row.seat_id): seat_state(row, terminal) for row in seats}
        scene = SeatMapScene(layout, self.states, zone_prices, self)
        self.picker = SeatPicker(scene, parent=self)
        self.picker.selection_changed.connect(lambda _ids: self._update_buttons())
        self.body.addWidget(self.picker)
        self.picker.view.setFocus()
        self._show_counts()
        self.message.setText(
            self.tr(
                "Click or drag to choose seats, Ctrl+G to type one, Ctrl+B for the best "
                "available. Seats taken at other windows show within a second."
            )
        )
        self._update_buttons()
        self.timer.start()

    # --- live states --------------------------------------------------------------------

    def poll(self) -> None:
        """Read the states again; the scene repaints only the seats that changed."""
        if self._polling or self.picker is None:
            return
        self._polling = True
        edits = self._edits
        Op(self, lambda: self.ctx.call(seating.list_session_seats, self.session.id)).success(
            lambda seats: self._apply(seats, edits)
        ).failure(self._poll_failed).run_in_background()

    def _apply(self, seats: list[SeatRow], edits: int) -> None:
        self._polling = False
        if self.picker is None:
            return
        if edits != self._edits:
            # This window held or released seats while the read was on its way:
            # the answer predates that and would flip the seats back for a moment.
            self.poll()
            return
        terminal = self.ctx.me.terminal_id
        fresh = {SeatId(row.seat_id): seat_state(row, terminal) for row in seats}
        changed = {k: v for k, v in fresh.items() if self.states.get(k) is not v}
        self.states = fresh
        if changed:
            self.picker.scene.set_states(changed)
            # A chosen seat someone else took is dropped from the choice.
            lost = [s for s in self.picker.selected if not self.picker.selectable_id(s)]
            if lost:
                self.picker.deselect(lost)
            self._show_counts()

    def _poll_failed(self, exc: BaseException) -> None:
        self._polling = False
        self.message.setText(error_text(exc))

    def _show_counts(self) -> None:
        counts = Counter(self.states.values())
        self.counts.setText(
            " · ".join(
                f"{state_name(state)} {counts[state]:,}" for state in SeatState if counts[state]
            )
        )

    # --- holds --------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        chosen = bool(self.picker and self.picker.selected)
        self.hold_button.setEnabled(chosen)
        self.release_button.setEnabled(bool(self.holds))

    def hold(self) -> None:
        """Hold the chosen seats on the store of record: all of them or none,
        and a refusal names the seats already taken."""
        if self.picker is None or not self.picker.selected:
            return
        seats = [str(s) for s in self.picker.selected]
        Op(self, lambda: self.ctx.call(seating.hold_seats, self.session.id, seats)).success(
            self._held
        ).failure(lambda exc: self.message.setText(error_text(exc))).disabling(
            self.hold_button
        ).run_in_background()

    def _held(self, hold: HoldResult) -> None:
        self._edits += 1
        self.holds.append(hold)
        if self.picker is not None:
            self.picker.clear()
            held = {SeatId(s): SeatState.HELD_HERE for s in hold.seat_ids}
            self.states.update(held)
            self.picker.scene.set_states(held)
            self._show_counts()
        self.message.setText(
            self.tr("{count} seats held until {time}.").format(
                count=len(hold.seat_ids), time=self.ctx.format_time(hold.expires_at, seconds=True)
            )
        )
        self._update_buttons()
        self.poll()

    def release(self) -> None:
        holds, self.holds = self.holds, []
        if not holds:
            return
        Op(self, lambda: [self.ctx.call(seating.release_hold, h.hold_id) for h in holds]).success(
            lambda _done: self._released(sum(len(h.seat_ids) for h in holds))
        ).failure(lambda exc: self.message.setText(error_text(exc))).run_in_background()
        self._update_buttons()

    def _released(self, count: int) -> None:
        self._edits += 1
        self.message.setText(self.tr("{count} seats released.").format(count=count))
        self.poll()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.timer.stop()
        if self.holds:  # nothing is sold from here: give the seats back at once
            holds, self.holds = self.holds, []
            ctx = self.ctx
            Op(None, lambda: [ctx.call(seating.release_hold, h.hold_id) for h in holds]).failure(
                lambda _exc: None
            ).run_in_background()
        super().closeEvent(event)
