"""The legend beside a seat map: zones with their prices, and the state colours."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from boxoffice.money import format_fen
from seatmap.model import Layout

from .states import SELECTED_COLOUR, STATE_COLOURS, SeatState, state_name


def _swatch(colour: str, size: int = 14) -> QLabel:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(colour))
    label = QLabel()
    label.setPixmap(pixmap)
    return label


class SeatLegend(QWidget):
    """Zones (colour, name, price) then the colours of the other states."""

    def __init__(
        self,
        layout: Layout,
        zone_prices: Mapping[str, int] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        prices = zone_prices or {}
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 4, 4, 4)
        heading = QLabel(self.tr("Zones"))
        heading.setObjectName("legendHeading")
        grid.addWidget(heading, 0, 0, 1, 3)
        row = 1
        used = {seat.zone for _section, seat in layout.seats()}
        for zone in layout.zones:
            if zone.key not in used:
                continue
            price = prices.get(zone.key)
            grid.addWidget(_swatch(zone.colour), row, 0)
            grid.addWidget(QLabel(zone.name), row, 1)
            price_label = QLabel(format_fen(price) if price is not None else self.tr("no price"))
            price_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(price_label, row, 2)
            row += 1
        grid.addWidget(QLabel(self.tr("Seats")), row, 0, 1, 3)
        row += 1
        for state, colour in STATE_COLOURS.items():
            if state is SeatState.AVAILABLE:
                continue
            grid.addWidget(_swatch(colour), row, 0)
            grid.addWidget(QLabel(state_name(state)), row, 1, 1, 2)
            row += 1
        grid.addWidget(_swatch(SELECTED_COLOUR), row, 0)
        grid.addWidget(QLabel(self.tr("Selected")), row, 1, 1, 2)
        grid.setRowStretch(row + 1, 1)
