"""The seat map widget: zoom with the wheel or keys, pan by dragging or the middle button, fit the hall."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import (
    QAction,
    QHelpEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsView, QToolTip, QWidget

from .scene import SeatMapScene

ZOOM_STEP = 1.25
MIN_SCALE = 0.05
MAX_SCALE = 20.0


class SeatMapView(QGraphicsView):
    """Shows a :class:`SeatMapScene`. Ctrl++ / Ctrl+- zoom, Ctrl+0 fits the
    hall, the wheel zooms under the pointer, dragging (or the middle button, where
    the left one chooses seats) pans, hovering a seat
    shows its row, seat, zone and price."""

    def __init__(self, scene: SeatMapScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.seat_scene = scene
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        # Panning is by dragging; scroll bars would only take room from the map.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing, True)
        self.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        self._fitted = True
        self._pan_from: QPoint | None = None
        self.zoom_in_action = self._action(
            self.tr("Zoom &in"),
            # Ctrl+= as well: on many keyboards "+" needs Shift.
            [*QKeySequence.keyBindings(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+=")],
            self.zoom_in,
        )
        self.zoom_out_action = self._action(
            self.tr("Zoom &out"),
            QKeySequence.keyBindings(QKeySequence.StandardKey.ZoomOut),
            self.zoom_out,
        )
        self.fit_action = self._action(self.tr("&Fit the hall"), [QKeySequence("Ctrl+0")], self.fit)

    def _action(self, text: str, keys: list[QKeySequence], slot: Callable[[], None]) -> QAction:
        """A command of the map, active while it has the focus; windows may
        list it in their menus, which then show its shortcut."""
        action = QAction(text, self)
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def scale_factor(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float) -> None:
        current = self.scale_factor()
        factor = max(MIN_SCALE / current, min(MAX_SCALE / current, factor))
        self._fitted = False
        self.scale(factor, factor)

    def zoom_in(self) -> None:
        anchor = self.transformationAnchor()
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.zoom_by(ZOOM_STEP)
        self.setTransformationAnchor(anchor)

    def zoom_out(self) -> None:
        anchor = self.transformationAnchor()
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.zoom_by(1 / ZOOM_STEP)
        self.setTransformationAnchor(anchor)

    def fit(self) -> None:
        """Show the whole hall."""
        self.fitInView(self.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        self._fitted = True

    # The middle button pans whatever the left button does (choose seats in the
    # picker, paint in the designer).
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.MiddleButton:
            self._pan_from = event.position().toPoint()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            here = event.position().toPoint()
            self.pan_by(here - self._pan_from)
            self._pan_from = here
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.MiddleButton and self._pan_from is not None:
            self._pan_from = None
            self.viewport().unsetCursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def pan_by(self, delta: QPoint) -> None:
        """Move the map with the pointer by ``delta`` viewport pixels."""
        horizontal, vertical = self.horizontalScrollBar(), self.verticalScrollBar()
        horizontal.setValue(horizontal.value() - delta.x())
        vertical.setValue(vertical.value() - delta.y())

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(ZOOM_STEP**steps)
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fitted:
            self.fit()

    def tooltip_at(self, pos: QPoint) -> str:
        """The tooltip for a viewport position: empty away from seats."""
        seat = self.seat_scene.seat_at(self.mapToScene(pos))
        return self.seat_scene.tooltip_text(seat) if seat else ""

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)
