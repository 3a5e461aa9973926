"""A session's seat states as the picker shows them, and their colours."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QCoreApplication

from boxoffice.i18n import QT_TRANSLATE_NOOP
from seatmap.model import SeatKind


class SeatState(StrEnum):
    """What a cashier may do with a seat of this session, as drawn on the map."""

    AVAILABLE = "available"
    HELD_HERE = "held_here"
    HELD_ELSEWHERE = "held_elsewhere"
    SOLD = "sold"
    LEASED_HERE = "leased_here"
    BLOCKED = "blocked"
    NOT_FOR_SALE = "not_for_sale"


STATE_COLOURS: dict[SeatState, str] = {
    # AVAILABLE is drawn in its zone's colour; this is the legend's swatch.
    SeatState.AVAILABLE: "#ffffff",
    SeatState.HELD_HERE: "#ffd400",
    SeatState.HELD_ELSEWHERE: "#a0a0a0",
    SeatState.SOLD: "#505050",
    SeatState.LEASED_HERE: "#a3e635",
    SeatState.BLOCKED: "#202020",
    SeatState.NOT_FOR_SALE: "#e6e6e6",
}
SELECTED_COLOUR = "#00e5ff"
"""Selected seats are filled with this, whatever their state."""

_STATE_NAMES: dict[SeatState, str] = {
    SeatState.AVAILABLE: QT_TRANSLATE_NOOP("SeatMap", "Available"),
    SeatState.HELD_HERE: QT_TRANSLATE_NOOP("SeatMap", "Held by this window"),
    SeatState.HELD_ELSEWHERE: QT_TRANSLATE_NOOP("SeatMap", "Held by another window"),
    SeatState.SOLD: QT_TRANSLATE_NOOP("SeatMap", "Sold"),
    SeatState.LEASED_HERE: QT_TRANSLATE_NOOP("SeatMap", "Leased to this window"),
    SeatState.BLOCKED: QT_TRANSLATE_NOOP("SeatMap", "Blocked"),
    SeatState.NOT_FOR_SALE: QT_TRANSLATE_NOOP("SeatMap", "Not for sale"),
}


def state_name(state: SeatState) -> str:
    """The state in the user's language."""
    return QCoreApplication.translate("SeatMap", _STATE_NAMES[state])


_KIND_NAMES: dict[SeatKind, str] = {
    SeatKind.NORMAL: QT_TRANSLATE_NOOP("SeatMap", "Normal seat"),
    SeatKind.WHEELCHAIR: QT_TRANSLATE_NOOP("SeatMap", "Wheelchair space"),
    SeatKind.COMPANION: QT_TRANSLATE_NOOP("SeatMap", "Companion seat"),
    SeatKind.RESTRICTED_VIEW: QT_TRANSLATE_NOOP("SeatMap", "Restricted view"),
    SeatKind.NOT_FOR_SALE: QT_TRANSLATE_NOOP("SeatMap", "Not for sale"),
}


def kind_name(kind: SeatKind) -> str:
    """What a seat is for, in the user's language."""
    return QCoreApplication.translate("SeatMap", _KIND_NAMES[kind])
