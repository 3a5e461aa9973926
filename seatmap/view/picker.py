"""The cashiers' seat picker: choose seats by click, drag-rectangle, label or
best available, with the orphan-seat warning. No database or network: it
works on a :class:`SeatMapScene` and reports the selection by a signal and an
optional callback; the window that owns it holds the seats on the server.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, QRectF, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from boxoffice.i18n import QT_TRANSLATE_NOOP
from seatmap.model import Seat, SeatId, Section
from seatmap.model.best import Step, best_available, leaves_orphan

from .legend import SeatLegend
from .scene import CELL, SeatMapScene
from .states import SeatState, state_name
from .view import SeatMapView

SELECTABLE = frozenset({SeatState.AVAILABLE, SeatState.LEASED_HERE})
"""States a cashier may pick a seat in."""
MAX_BEST = 50
"""Best available asks for at most this many seats (the server's limit)."""

_STEP_TEXT: dict[Step, str] = {
    Step.ADJACENT: QT_TRANSLATE_NOOP("SeatPicker", "Adjacent seats"),
    Step.ORPHAN: QT_TRANSLATE_NOOP("SeatPicker", "Adjacent seats, leaves a single seat"),
    Step.SPLIT: QT_TRANSLATE_NOOP("SeatPicker", "Split across rows"),
}


def step_text(step: Step) -> str:
    """The best-available step in the user's language."""
    return QCoreApplication.translate("SeatPicker", _STEP_TEXT[step])


def _normal(label: str) -> str:
    return "".join(label.split())


class SeatPicker(QWidget):
    """A seat map with its legend, a seat-label field (Ctrl+G), best available
    (Ctrl+B) and a status line. Click toggles a seat, dragging selects every
    selectable seat in the rectangle, Esc clears. ``selection_changed`` (and
    ``on_change`` if given) report the selected seat ids."""

    selection_changed = Signal(list)

    def __init__(
        self,
        scene: SeatMapScene,
        on_change: Callable[[list[str]], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.scene = scene
        self.on_change = on_change
        self._orphan: Seat | None = None
        self._press: QPoint | None = None
        self._labels: dict[str, list[Seat]] | None = None
        self._seats: dict[SeatId, tuple[Section, Seat]] = {
            seat.id: (section, seat) for section, seat in scene.layout.seats()
        }

        self.view = SeatMapView(scene, self)
        self.view.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.view.viewport().installEventFilter(self)
        self.legend = SeatLegend(scene.layout, scene.zone_prices, self)

        self.label_field = QLineEdit(self)
        self.label_field.setObjectName("seatLabel")
        self.label_field.setPlaceholderText(self.tr("e.g. 5排12号"))
        self.label_field.returnPressed.connect(self._select_label)
        label_caption = QLabel(self.tr("&Seat (Ctrl+G):"), self)
        label_caption.setBuddy(self.label_field)

        self.count = QSpinBox(self)
        self.count.setObjectName("bestCount")
        self.count.setRange(1, MAX_BEST)
        self.count.setValue(2)
        self.zone = QComboBox(self)
        self.zone.setObjectName("bestZone")
        self.zone.addItem(self.tr("Any zone"), None)
        used = {seat.zone for _section, seat in scene.layout.seats()}
        for zone in scene.layout.zones:
            if zone.key in used:
                self.zone.addItem(zone.name, zone.key)
        self.best_button = QPushButton(self.tr("&Best available (Ctrl+B)"), self)
        self.best_button.setObjectName("bestAvailable")
        self.best_button.clicked.connect(self.choose_best)

        self.status = QLabel(self)
        self.status.setObjectName("pickerStatus")
        self.status.setWordWrap(True)

        tools = QHBoxLayout()
        tools.addWidget(label_caption)
        tools.addWidget(self.label_field, 1)
        tools.addSpacing(12)
        tools.addWidget(self.count)
        tools.addWidget(self.zone)
        tools.addWidget(self.best_button)
        middle = QHBoxLayout()
        middle.addWidget(self.view, 1)
        middle.addWidget(self.legend)
        column = QVBoxLayout(self)
        column.addLayout(tools)
        column.addLayout(middle, 1)
        column.addWidget(self.status)

        for keys, slot in (
            (QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_G), self._focus_label),
            (QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_B), self.choose_best),
            (QKeySequence(Qt.Key.Key_Escape), self.clear),
        ):
            action = QAction(self)
            action.setShortcut(keys)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)

    # --- what may be chosen ----------------------------------------------------------

    def selectable(self, seat: Seat) -> bool:
        return self.scene.state_of(seat) in SELECTABLE

    def selectable_id(self, seat_id: SeatId) -> bool:
        found = self._seats.get(seat_id)
        return found is not None and self.selectable(found[1])

    def _free(self, seat: Seat) -> bool:
        """Free for anyone: what the orphan rule and best available count."""
        return self.scene.state_of(seat) is SeatState.AVAILABLE

    @property
    def selected(self) -> list[SeatId]:
        return sorted(self.scene.selected)

    @property
    def orphan_warning(self) -> bool:
        """Whether the selection leaves a single free seat alone in its row
        (the cashier was warned and may go ahead)."""
        return self._orphan is not None

    @property
    def status_text(self) -> str:
        return self.status.text()

    # --- changing the selection --------------------------------------------------------

    def _apply(self, seat_ids: Iterable[SeatId], message: str = "") -> None:
        """Select exactly ``seat_ids``, check the orphan rule, report."""
        before = self.scene.selected
        self.scene.set_selected(seat_ids)
        after = self.scene.selected
        chosen = [self._seats[s] for s in after]
        self._orphan = leaves_orphan(chosen, self._free) if after else None
        if self._orphan is not None and not message:
            message = self.tr(
                "Warning: this leaves {seat} as a single free seat. Keep the selection "
                "only if the customer insists."
            ).format(seat=self.scene.label_of(self._orphan))
        self.status.setText(message)
        if after != before:
            ids = [str(s) for s in sorted(after)]
            self.selection_changed.emit(ids)
            if self.on_change is not None:
                self.on_change(ids)

    def clear(self) -> None:
        """Drop the selection (Esc)."""
        self._apply([], self.tr("Selection cleared.") if self.scene.selected else "")

    def deselect(self, seat_ids: Iterable[SeatId]) -> None:
        """Drop seats from the selection that another window took meanwhile, saying so."""
        gone = set(seat_ids) & self.scene.selected
        if not gone:
            return
        names = ", ".join(sorted(self.scene.label_of(self._seats[s][1]) for s in gone))
        self._apply(
            self.scene.selected - gone,
            self.tr("Taken at another window meanwhile: {seats}.").format(seats=names),
        )

    def toggle(self, seat: Seat) -> None:
        """Select or unselect one seat; a seat nobody may choose stays as it is
        and the status line says why."""
        if seat.id in self.scene.selected:
            self._apply(self.scene.selected - {seat.id})
            return
        if not self.selectable(seat):
            self.status.setText(
                self.tr("{seat} cannot be chosen: {state}.").format(
                    seat=self.scene.label_of(seat), state=state_name(self.scene.state_of(seat))
                )
            )
            return
        self._apply(self.scene.selected | {seat.id})

    def seats_in(self, rect: QRectF) -> list[Seat]:
        """Selectable seats whose centre lies in ``rect`` (scene coordinates),
        by arithmetic per section."""
        found: list[Seat] = []
        for section in self.scene.layout.sections:
            x0 = max(0, math.ceil(rect.left() / CELL - section.x - 0.5))
            x1 = min(section.columns - 1, math.floor(rect.right() / CELL - section.x - 0.5))
            y0 = max(0, math.ceil(rect.top() / CELL - section.y - 0.5))
            y1 = min(section.rows - 1, math.floor(rect.bottom() / CELL - section.y - 0.5))
            for y in range(y0, y1 + 1):
                for x in range(x0, x1 + 1):
                    seat = section.seat_at(x, y)
                    if seat is not None and self.selectable(seat):
                        found.append(seat)
        return found

    def select_rect(self, rect: QRectF) -> None:
        """Add every selectable seat in ``rect`` (scene coordinates)."""
        seats = self.seats_in(rect.normalized())
        self._apply(self.scene.selected | {s.id for s in seats})

    def find_label(self, text: str) -> list[Seat]:
        """Seats called ``text``: "5排12号", or with the section "一楼池座 5排12号"."""
        if self._labels is None:
            labels: dict[str, list[Seat]] = {}
            layout = self.scene.layout
            for section, seat in layout.seats():
                labels.setdefault(_normal(self.scene.label_of(seat)), []).append(seat)
                labels.setdefault(_normal(layout.seat_label(section, seat)), []).append(seat)
            self._labels = labels
        return self._labels.get(_normal(text), [])

    def select_label(self, text: str) -> bool:
        """Add the seat called ``text``; say why not in the status line if it
        is unknown, ambiguous or cannot be chosen. Returns whether it was added."""
        text = text.strip()
        seats = self.find_label(text)
        if not seats:
            self.status.setText(self.tr("No seat is called “{label}”.").format(label=text))
            return False
        if len(seats) > 1:
            section = self.scene.section_of(seats[0].id)
            example = self.scene.layout.seat_label(section, seats[0]) if section else text
            self.status.setText(
                self.tr(
                    "Several seats are called “{label}”; add the section, e.g. “{example}”."
                ).format(label=text, example=example)
            )
            return False
        [seat] = seats
        if not self.selectable(seat):
            self.status.setText(
                self.tr("{seat} cannot be chosen: {state}.").format(
                    seat=self.scene.label_of(seat), state=state_name(self.scene.state_of(seat))
                )
            )
            return False
        self._apply(self.scene.selected | {seat.id})
        return True

    def _select_label(self) -> None:
        if self.select_label(self.label_field.text()):
            self.label_field.clear()

    def _focus_label(self) -> None:
        self.label_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.label_field.selectAll()

    def choose_best(self) -> None:
        """Best available (Ctrl+B): replace the selection with the best seats
        for the count and zone asked, and say which step found them."""
        count = self.count.value()
        zone = self.zone.currentData()
        best = best_available(
            self.scene.layout, count, self._free, zone if isinstance(zone, str) else None
        )
        if best is None:
            self.status.setText(self.tr("Not enough free seats for {count}.").format(count=count))
            return
        self._apply((s.id for s in best.seats), step_text(best.step))

    # --- mouse ---------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.view.viewport()
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
        ):
            kind = event.type()
            if kind == QEvent.Type.MouseButtonPress:
                self._press = event.position().toPoint()
            elif kind == QEvent.Type.MouseButtonRelease and self._press is not None:
                self._release(self._press, event.position().toPoint())
                self._press = None
        return super().eventFilter(watched, event)

    def _release(self, start: QPoint, end: QPoint) -> None:
        if (end - start).manhattanLength() < QApplication.startDragDistance():
            seat = self.scene.seat_at(self.view.mapToScene(end))
            if seat is not None:
                self.toggle(seat)
            return
        rect = QRectF(self.view.mapToScene(start), self.view.mapToScene(end))
        self.select_rect(rect)
