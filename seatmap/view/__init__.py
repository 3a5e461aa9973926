"""Qt rendering of seat layouts: the admins' designer and the cashiers' picker.

``SeatMapScene`` draws a session's seats by state, one item per tile of
seats; ``SeatMapView`` zooms, pans and fits it; ``SeatLegend`` explains the
colours. See docs/architecture.md, "Seat map rendering".
"""

from .legend import SeatLegend
from .picker import SeatPicker, step_text
from .scene import CELL, TILE, SeatMapScene, SeatTile
from .states import SELECTED_COLOUR, STATE_COLOURS, SeatState, state_name
from .view import SeatMapView

__all__ = [
    "CELL",
    "SELECTED_COLOUR",
    "STATE_COLOURS",
    "TILE",
    "SeatLegend",
    "SeatMapScene",
    "SeatMapView",
    "SeatPicker",
    "SeatState",
    "SeatTile",
    "state_name",
    "step_text",
]
