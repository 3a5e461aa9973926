"""The admins' venue designer: draw a hall's sections and seats.

Every change is one pure edit of :mod:`seatmap.model.edit` pushed on a
``QUndoStack`` as the layout before and after, so undo and redo are exact and
a refused edit (a paste over seats, a resize that would drop seats) changes
nothing and says why. The seats are drawn by the same :class:`SeatMapScene`
as the cashiers' picker; only the sections an edit touched are rebuilt.

Working by keyboard: arrows move the cell cursor, Shift+arrows stretch the
selection, Shift+Space and Ctrl+Space take whole rows or columns, Enter puts
seats in the selection and Delete removes them, Z and K set zone and kind, N
numbers, M mirrors, Ctrl+C/V copy and paste (Ctrl+Shift+V mirrored). With
the mouse: the Select (V), Paint (P) and Erase (E) tools act on a click or a
dragged rectangle, Shift takes the whole rows, Ctrl the whole columns; the
middle button pans. No database here: the window around it loads and saves.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import replace
from enum import StrEnum
from functools import partial

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QColor,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPen,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGraphicsItem,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStyleOptionGraphicsItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from boxoffice.errors import BoxOfficeError
from boxoffice.ids import new_id
from seatmap.model import (
    Block,
    Layout,
    Problem,
    Rect,
    SeatKind,
    Section,
    SectionId,
    validate,
)
from seatmap.model import edit as edits

from .designer_dialogs import (
    HallDialog,
    NumberingDialog,
    NumberingValues,
    SectionDialog,
    ZonesDialog,
    placed_by_seats,
)
from .scene import CELL, SeatMapScene
from .states import kind_name
from .view import SeatMapView

VALIDATE_AFTER_MS = 150
"""Validation runs this long after the last edit, so a burst of edits costs one run."""
SECTION_GAP = 3
"""Cells between a new section and the one above it."""

Cell = tuple[int, int]

_STEPS = {
    Qt.Key.Key_Left: (-1, 0),
    Qt.Key.Key_Right: (1, 0),
    Qt.Key.Key_Up: (0, -1),
    Qt.Key.Key_Down: (0, 1),
}


class Tool(StrEnum):
    """What a click or a dragged rectangle does."""

    SELECT = "select"
    PAINT = "paint"
    ERASE = "erase"


def core_text(exc: BoxOfficeError) -> str:
    """A refusal of the layout model in the user's language."""
    return QCoreApplication.translate("core", exc.message).format(**exc.params)


def problem_text(problem: Problem) -> str:
    return QCoreApplication.translate("core", problem.message).format(**problem.params)


class GridItem(QGraphicsItem):
    """A section's grid: its frame, and cell lines when zoomed in enough to
    paint single cells. The section being edited has a blue frame."""

    def __init__(self, section: Section, current: bool) -> None:
        super().__init__()
        self.section = section
        self.current = current
        self.rect = QRectF(
            section.x * CELL, section.y * CELL, section.columns * CELL, section.rows * CELL
        )
        self.setZValue(-1)

    def boundingRect(self) -> QRectF:
        return self.rect.adjusted(-2, -2, 2, 2)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        painter.fillRect(self.rect, QColor("#ffffff"))
        px = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform()) * CELL
        if px >= 6:
            painter.setPen(QPen(QColor("#e3e3e3"), 0))
            left, top = self.rect.left(), self.rect.top()
            right, bottom = self.rect.right(), self.rect.bottom()
            points = [
                point
                for i in range(1, self.section.columns)
                for point in (QPointF(left + i * CELL, top), QPointF(left + i * CELL, bottom))
            ]
            points += [
                point
                for j in range(1, self.section.rows)
                for point in (QPointF(left, top + j * CELL), QPointF(right, top + j * CELL))
            ]
            painter.drawLines(points)
        pen = QPen(QColor("#1565c0" if self.current else "#9e9e9e"), 2 if self.current else 1)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(self.rect)


class MarksItem(QGraphicsItem):
    """The selection, the cell cursor and the focal point, over the seats."""

    def __init__(self) -> None:
        super().__init__()
        self.selection_rect = QRectF()
        self.cursor_rect = QRectF()
        self.focal = QPointF()
        self._bounds = QRectF()
        self.setZValue(10)

    def set_marks(self, selection: QRectF, cursor: QRectF, focal: QPointF) -> None:
        self.prepareGeometryChange()
        self.selection_rect, self.cursor_rect, self.focal = selection, cursor, focal
        near_focal = QRectF(focal.x() - CELL, focal.y() - CELL, 2 * CELL, 2 * CELL)
        self._bounds = selection.united(cursor).united(near_focal).adjusted(-3, -3, 3, 3)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        if not self.selection_rect.isEmpty():
            painter.fillRect(self.selection_rect, QColor(0, 120, 215, 45))
            pen = QPen(QColor("#0078d7"), 2)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self.selection_rect)
        if not self.cursor_rect.isEmpty():
            pen = QPen(QColor("#d81b60"), 2)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self.cursor_rect)
        pen = QPen(QColor("#6a1b9a"), 2)
        pen.setCosmetic(True)
        painter.setPen(pen)
        f, r = self.focal, CELL * 0.8
        painter.drawLine(QPointF(f.x() - r, f.y()), QPointF(f.x() + r, f.y()))
        painter.drawLine(QPointF(f.x(), f.y() - r), QPointF(f.x(), f.y() + r))


class LayoutEdit(QUndoCommand):
    """One edit: the layout before and after it."""

    def __init__(self, designer: LayoutDesigner, text: str, before: Layout, after: Layout) -> None:
        super().__init__(text)
        self.designer = designer
        self.before = before
        self.after = after

    def redo(self) -> None:
        self.designer.show_layout(self.after)

    def undo(self) -> None:
        self.designer.show_layout(self.before)


class LayoutDesigner(QWidget):
    """Sections, seats, zones and numbering of one layout, with undo.

    ``actions_by_name`` holds every command with its shortcut, for the
    window's menus; ``changed`` fires after every edit, undo or redo."""

    changed = Signal(bool)
    """Carries whether the layout is as last saved."""

    def __init__(self, layout: Layout | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.seating = layout or Layout(name=self.tr("New hall"))
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self.changed)
        self.section_id: SectionId | None = None
        self.anchor: Cell = (0, 0)
        self.cell: Cell = (0, 0)
        self.selection: Rect | None = None
        self.clipboard: Block | None = None
        self.tool = Tool.SELECT
        self.problems: list[Problem] = []
        self.dialog: QDialog | None = None
        self._drag_from: Cell | None = None
        self._grids: list[GridItem] = []

        self.scene = SeatMapScene(self.seating, parent=self)
        self.marks = MarksItem()
        self.scene.addItem(self.marks)
        self.view = SeatMapView(self.scene, self)
        self.view.setObjectName("designerView")
        self.view.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.view.viewport().installEventFilter(self)
        self.view.installEventFilter(self)

        self.section_box = QComboBox(self)
        self.section_box.setObjectName("designerSection")
        self.section_box.activated.connect(self._section_chosen)
        self.zone_box = QComboBox(self)
        self.zone_box.setObjectName("designerZone")
        self.kind_box = QComboBox(self)
        self.kind_box.setObjectName("designerKind")
        for kind in SeatKind:
            self.kind_box.addItem(kind_name(kind), kind)

        self.problem_list = QListWidget(self)
        self.problem_list.setObjectName("designerProblems")
        self.problem_list.setWordWrap(True)
        self.problem_list.itemActivated.connect(self._problem_chosen)
        self.problem_heading = QLabel(self)
        self.problem_heading.setObjectName("designerProblemHeading")
        self.summary = QLabel(self)
        self.summary.setObjectName("designerSummary")
        self.status = QLabel(self)
        self.status.setObjectName("designerStatus")
        self.status.setWordWrap(True)
        self.place = QLabel(self)
        self.place.setObjectName("designerPlace")

        self.actions_by_name: dict[str, QAction] = {}
        self._make_actions()

        tools = QHBoxLayout()
        section_caption = QLabel(self.tr("Sectio&n:"), self)
        section_caption.setBuddy(self.section_box)
        tools.addWidget(section_caption)
        tools.addWidget(self.section_box, 1)
        tools.addSpacing(12)
        for name in ("tool_select", "tool_paint", "tool_erase"):
            button = QToolButton(self)
            button.setDefaultAction(self.actions_by_name[name])
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            tools.addWidget(button)
        tools.addSpacing(12)
        zone_caption = QLabel(self.tr("&Zone:"), self)
        zone_caption.setBuddy(self.zone_box)
        tools.addWidget(zone_caption)
        tools.addWidget(self.zone_box, 1)
        kind_caption = QLabel(self.tr("&Kind:"), self)
        kind_caption.setBuddy(self.kind_box)
        tools.addWidget(kind_caption)
        tools.addWidget(self.kind_box, 1)

        side = QVBoxLayout()
        side.addWidget(self.problem_heading)
        side.addWidget(self.problem_list, 1)
        side_box = QWidget(self)
        side_box.setLayout(side)
        side_box.setFixedWidth(300)
        middle = QHBoxLayout()
        middle.addWidget(self.view, 1)
        middle.addWidget(side_box)
        bottom = QHBoxLayout()
        bottom.addWidget(self.place, 1)
        bottom.addWidget(self.summary)
        column = QVBoxLayout(self)
        column.addLayout(tools)
        column.addLayout(middle, 1)
        column.addWidget(self.status)
        column.addLayout(bottom)

        self._validate_timer = QTimer(self)
        self._validate_timer.setSingleShot(True)
        self._validate_timer.setInterval(VALIDATE_AFTER_MS)
        self._validate_timer.timeout.connect(self.check)
        self.show_layout(self.seating)
        self.check()

    # --- commands -------------------------------------------------------------------

    def _make_actions(self) -> None:
        tools = QActionGroup(self)

        def add(
            name: str,
            text: str,
            keys: str | QKeySequence.StandardKey,
            slot: Callable[[], object],
            *,
            on_view: bool = False,
        ) -> QAction:
            action = QAction(text, self)
            action.setObjectName(name)
            action.setShortcuts(
                QKeySequence.keyBindings(keys)
                if isinstance(keys, QKeySequence.StandardKey)
                else [QKeySequence(k) for k in keys.split("; ")]
            )
            action.triggered.connect(slot)
            if name.startswith("tool_"):
                # Tool buttons show their key, as the menus do.
                plain = re.sub(r"\(&\w\)", "", text).replace("&", "")  # "选择(&S)" -> "选择"
                action.setIconText(f"{plain} ({keys})")
                action.setCheckable(True)
                tools.addAction(action)
            if on_view:
                # Enter and Delete act on the map only: the problem list and the
                # boxes use them too.
                action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
                self.view.addAction(action)
            else:
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                self.addAction(action)
            self.actions_by_name[name] = action
            return action

        add("tool_select", self.tr("&Select"), "V", self._tool(Tool.SELECT)).setChecked(True)
        add("tool_paint", self.tr("&Paint seats"), "P", self._tool(Tool.PAINT))
        add("tool_erase", self.tr("&Erase seats"), "E", self._tool(Tool.ERASE))
        add(
            "fill",
            self.tr("Put seats in the selection"),
            "Return; Enter",
            self.fill_selection,
            on_view=True,
        )
        add(
            "clear_seats",
            self.tr("Remove seats in the selection"),
            "Del; Backspace",
            self.erase_selection,
            on_view=True,
        )
        add(
            "deselect",
            self.tr("Clear the selection"),
            "Esc",
            lambda: self.select(None),
            on_view=True,
        )
        add("zone", self.tr("Set &zone of the selection"), "Z", self.zone_selection)
        add("kind", self.tr("Set &kind of the selection"), "K", self.kind_selection)
        add("number", self.tr("&Number the selection…"), "N", self.number_selection)
        add("mirror", self.tr("&Mirror the selection"), "M", self.mirror_selection)
        add("copy", self.tr("&Copy"), QKeySequence.StandardKey.Copy, self.copy_selection)
        add("cut", self.tr("Cu&t"), QKeySequence.StandardKey.Cut, self.cut_selection)
        add("paste", self.tr("&Paste"), QKeySequence.StandardKey.Paste, self.paste)
        add(
            "paste_mirrored",
            self.tr("Paste &mirrored"),
            "Ctrl+Shift+V",
            lambda: self.paste(mirrored=True),
        )
        add("select_all", self.tr("Select the whole &section"), "Ctrl+A", self.select_all)
        add("select_rows", self.tr("Select whole &rows"), "Shift+Space", self.select_rows)
        add("select_columns", self.tr("Select whole co&lumns"), "Ctrl+Space", self.select_columns)
        add("new_section", self.tr("&New section…"), "Ctrl+Shift+N", self.new_section)
        add("edit_section", self.tr("Section &properties…"), "F2", self.edit_section)
        add("remove_section", self.tr("&Delete section"), "Ctrl+Shift+Del", self.remove_section)
        add("next_section", self.tr("Next section"), "Ctrl+PgDown", lambda: self.step_section(1))
        add(
            "previous_section",
            self.tr("Previous section"),
            "Ctrl+PgUp",
            lambda: self.step_section(-1),
        )
        add("zones", self.tr("Price &zones…"), "F3", self.edit_zones)
        add("hall", self.tr("&Hall and stage…"), "F4", self.edit_hall)
        undo = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
        undo.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
        redo = self.undo_stack.createRedoAction(self, self.tr("&Redo"))
        redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        for name, action in (("undo", undo), ("redo", redo)):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
            self.actions_by_name[name] = action

    def _tool(self, tool: Tool) -> Callable[[], None]:
        return lambda: self.set_tool(tool)

    def set_tool(self, tool: Tool) -> None:
        self.tool = tool
        self.actions_by_name[f"tool_{tool.value}"].setChecked(True)
        self.say(
            {
                Tool.SELECT: self.tr("Select: click a cell or drag a rectangle."),
                Tool.PAINT: self.tr(
                    "Paint: click or drag to put seats (Shift: whole rows, Ctrl: whole columns)."
                ),
                Tool.ERASE: self.tr(
                    "Erase: click or drag to remove seats (Shift: whole rows, Ctrl: whole columns)."
                ),
            }[tool]
        )

    # --- the layout and its edits ------------------------------------------------------

    @property
    def section(self) -> Section | None:
        """The section being edited."""
        for section in self.seating.sections:
            if section.id == self.section_id:
                return section
        return None

    def edit(self, text: str, change: Callable[[Layout], Layout]) -> bool:
        """Apply one edit as one undo step. A refusal changes nothing and the
        status line says why; an edit that changes nothing adds no step."""
        try:
            after = change(self.seating)
        except BoxOfficeError as exc:
            self.say(core_text(exc), error=True)
            return False
        if after == self.seating:
            return False
        self.undo_stack.push(LayoutEdit(self, text, self.seating, after))
        return True

    def load(self, layout: Layout) -> None:
        """Start over with ``layout`` (opened or imported): no undo history."""
        self.undo_stack.clear()
        self.section_id = None
        self.selection = None
        self.show_layout(layout)
        self.undo_stack.setClean()
        self.check()
        self.view.fit()

    def is_clean(self) -> bool:
        return self.undo_stack.isClean()

    def mark_saved(self) -> None:
        self.undo_stack.setClean()

    def show_layout(self, layout: Layout) -> None:
        """Draw ``layout`` (after an edit, undo or redo)."""
        self.seating = layout
        self.scene.set_layout(layout)
        if self.section is None:
            self.section_id = layout.sections[0].id if layout.sections else None
        self._redraw_grids()
        self._refresh_sections()
        self._refresh_zones()
        self._clamp()
        self._update_marks()
        self.summary.setText(
            self.tr("{seats} seats in {sections} sections").format(
                seats=f"{layout.seat_count:,}", sections=len(layout.sections)
            )
        )
        self._validate_timer.start()
        self.changed.emit(self.undo_stack.isClean())

    def _redraw_grids(self) -> None:
        for item in self._grids:
            self.scene.removeItem(item)
        self._grids = [GridItem(s, s.id == self.section_id) for s in self.seating.sections]
        for item in self._grids:
            self.scene.addItem(item)
        self.scene.fit_scene_rect()

    def _refresh_sections(self) -> None:
        box = self.section_box
        box.blockSignals(True)
        box.clear()
        for section in self.seating.sections:
            box.addItem(
                self.tr("{name} ({columns} × {rows})").format(
                    name=section.name, columns=section.columns, rows=section.rows
                ),
                section.id,
            )
        box.setCurrentIndex(box.findData(self.section_id))
        box.blockSignals(False)

    def _refresh_zones(self) -> None:
        box = self.zone_box
        current = box.currentData()
        box.blockSignals(True)
        box.clear()
        for zone in self.seating.zones:
            box.addItem(f"{zone.name} ({zone.key})", zone.key)
        box.addItem(self.tr("(no zone)"), "")
        # A zone that went stays chosen as "(no zone)" only if it was chosen so;
        # otherwise the first zone, since seats without one cannot be sold.
        found = box.findData(current) if current else -1
        box.setCurrentIndex(found if found >= 0 else 0)
        box.blockSignals(False)

    def check(self) -> None:
        """Validate the layout and list its problems (runs shortly after each edit)."""
        self._validate_timer.stop()
        self.problems = validate(self.seating)
        self.problem_list.clear()
        for problem in self.problems:
            item = QListWidgetItem(problem_text(problem))
            self.problem_list.addItem(item)
        if self.problems:
            self.problem_heading.setText(
                self.tr("{count} problems (Enter on one shows it)").format(count=len(self.problems))
            )
        else:
            self.problem_heading.setText(
                self.tr("No problems: sessions can sell from this layout.")
            )

    def say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setProperty("error", error)
        self.status.setStyleSheet("color: #b71c1c;" if error else "")

    # --- sections -------------------------------------------------------------------------

    def set_section(self, section_id: SectionId) -> None:
        if section_id == self.section_id:
            return
        self.section_id = section_id
        self.selection = None
        self.anchor = self.cell = (0, 0)
        for item in self._grids:
            item.current = item.section.id == section_id
            item.update()
        self.section_box.setCurrentIndex(self.section_box.findData(section_id))
        self._update_marks()

    def _section_chosen(self, index: int) -> None:
        found = self.section_box.itemData(index)
        if isinstance(found, str):
            self.set_section(SectionId(found))
        self.view.setFocus()

    def step_section(self, step: int) -> None:
        ids = [s.id for s in self.seating.sections]
        if not ids:
            return
        here = ids.index(self.section_id) if self.section_id in ids else 0
        self.set_section(ids[(here + step) % len(ids)])

    def new_section(self) -> None:
        below = max((s.y + s.rows + SECTION_GAP for s in self.seating.sections), default=0)
        dialog = SectionDialog(self, below=below)
        dialog.accepted.connect(lambda: self._add_section(dialog))
        self._open(dialog)

    def _add_section(self, dialog: SectionDialog) -> None:
        v = dialog.values()
        section_id = SectionId(new_id())

        def add(layout: Layout) -> Layout:
            first = not layout.sections
            layout = edits.add_section(
                layout, v.name, v.columns, v.rows, x=v.x, y=v.y, section_id=section_id
            )
            layout = edits.update_section(layout, section_id, label_template=v.label_template)
            if first:  # the stage goes in front of the first section; F4 moves it
                stage, focal = placed_by_seats(layout)
                layout = replace(layout, stage=stage, focal_point=focal)
            return layout

        if self.edit(self.tr("Add section {name}").format(name=v.name), add):
            self.set_section(section_id)
            self.say(
                self.tr(
                    "Section {name} added: Ctrl+A selects it, Enter fills it with seats."
                ).format(name=v.name)
            )
            self.view.fit()

    def edit_section(self) -> None:
        section = self.section
        if section is None:
            self.say(self.tr("Add a section first (Ctrl+Shift+N)."), error=True)
            return
        dialog = SectionDialog(self, section)
        dialog.accepted.connect(lambda: self._change_section(section.id, dialog))
        self._open(dialog)

    def _change_section(self, section_id: SectionId, dialog: SectionDialog) -> None:
        v = dialog.values()

        def change(layout: Layout) -> Layout:
            layout = edits.update_section(
                layout, section_id, name=v.name, x=v.x, y=v.y, label_template=v.label_template
            )
            return edits.resize_section(layout, section_id, v.columns, v.rows)

        self.edit(self.tr("Change section {name}").format(name=v.name), change)

    def remove_section(self) -> None:
        section = self.section
        if section is None:
            return
        if self.edit(
            self.tr("Delete section {name}").format(name=section.name),
            lambda layout: edits.remove_section(layout, section.id),
        ):
            self.say(
                self.tr("Section {name} deleted (Ctrl+Z brings it back).").format(name=section.name)
            )

    def edit_zones(self) -> None:
        dialog = ZonesDialog(self, self.seating.zones)
        dialog.accepted.connect(lambda: self._set_zones(dialog))
        self._open(dialog)

    def _set_zones(self, dialog: ZonesDialog) -> None:
        zones = dialog.zones()
        if any(not z.key or not z.name for z in zones):
            self.say(
                self.tr("Every zone needs a key and a name; the zones were not changed."),
                error=True,
            )
            return
        self.edit(self.tr("Change price zones"), lambda layout: edits.set_zones(layout, zones))

    def edit_hall(self) -> None:
        dialog = HallDialog(self, self.seating)
        dialog.accepted.connect(lambda: self._set_hall(dialog))
        self._open(dialog)

    def _set_hall(self, dialog: HallDialog) -> None:
        v = dialog.values()
        if not v.name or "{seat}" not in v.label_template:
            self.say(
                self.tr(
                    "The hall needs a name, and the label template needs {seat}; nothing was changed."
                ),
                error=True,
            )
            return
        self.edit(
            self.tr("Change hall and stage"),
            lambda layout: replace(
                layout,
                name=v.name,
                label_template=v.label_template,
                stage=v.stage,
                focal_point=v.focal_point,
            ),
        )

    def _open(self, dialog: QDialog) -> None:
        """Dialogs are window-modal and do not block (tests drive them)."""
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self.view.setFocus())
        dialog.open()

    # --- the selection ---------------------------------------------------------------------

    def _clamp(self) -> None:
        section = self.section
        if section is None:
            self.selection = None
            return

        def inside(cell: Cell) -> Cell:
            return (
                min(max(cell[0], 0), section.columns - 1),
                min(max(cell[1], 0), section.rows - 1),
            )

        self.anchor, self.cell = inside(self.anchor), inside(self.cell)
        if self.selection is not None:
            s = self.selection
            x0, y0 = inside((s.x, s.y))
            x1, y1 = inside((s.x + s.width - 1, s.y + s.height - 1))
            self.selection = Rect(x0, y0, x1 - x0 + 1, y1 - y0 + 1)

    def select(self, rect: Rect | None, *, cursor: Cell | None = None) -> None:
        """Select cells of the current section (clamped to its grid)."""
        self.selection = rect
        if cursor is not None:
            self.cell = cursor
        self._clamp()
        self._update_marks()

    def _cells_between(self, a: Cell, b: Cell) -> Rect:
        return Rect(min(a[0], b[0]), min(a[1], b[1]), abs(a[0] - b[0]) + 1, abs(a[1] - b[1]) + 1)

    def select_all(self) -> None:
        section = self.section
        if section is not None:
            self.select(Rect(0, 0, section.columns, section.rows))

    def select_rows(self) -> None:
        section, rect = self.section, self._target()
        if section is not None and rect is not None:
            self.select(Rect(0, rect.y, section.columns, rect.height))

    def select_columns(self) -> None:
        section, rect = self.section, self._target()
        if section is not None and rect is not None:
            self.select(Rect(rect.x, 0, rect.width, section.rows))

    def _target(self) -> Rect | None:
        """What a command acts on: the selection, else the cursor's cell."""
        if self.section is None:
            self.say(self.tr("Add a section first (Ctrl+Shift+N)."), error=True)
            return None
        return self.selection or Rect(self.cell[0], self.cell[1], 1, 1)

    def _update_marks(self) -> None:
        section = self.section
        focal = self.seating.focal_point
        focal_at = QPointF(focal.x * CELL, focal.y * CELL)
        if section is None:
            self.marks.set_marks(QRectF(), QRectF(), focal_at)
            self.place.setText(self.tr("No section yet: Ctrl+Shift+N adds one."))
            return
        ox, oy = section.x * CELL, section.y * CELL

        def area(rect: Rect) -> QRectF:
            return QRectF(
                ox + rect.x * CELL, oy + rect.y * CELL, rect.width * CELL, rect.height * CELL
            )

        x, y = self.cell
        selection = area(self.selection) if self.selection else QRectF()
        self.marks.set_marks(selection, area(Rect(x, y, 1, 1)), focal_at)
        seat = section.seat_at(x, y)
        where = self.tr("{section}: row {row}, column {column}").format(
            section=section.name, row=y + 1, column=x + 1
        )
        if seat is not None:
            zone = self.seating.zone(seat.zone)
            where += " · " + self.tr("{seat}, zone {zone}, {kind}").format(
                seat=self.scene.label_of(seat),
                zone=zone.name if zone else (seat.zone or self.tr("none")),
                kind=kind_name(seat.kind),
            )
        if self.selection is not None:
            s = self.selection
            count = sum(1 for seat in section.seats if (seat.x, seat.y) in s)
            where += " · " + self.tr("selected {columns} × {rows} cells, {seats} seats").format(
                columns=s.width, rows=s.height, seats=count
            )
        self.place.setText(where)

    # --- seat commands ---------------------------------------------------------------------------

    def _zone(self) -> str:
        data = self.zone_box.currentData()
        return data if isinstance(data, str) else ""

    def _kind(self) -> SeatKind:
        return SeatKind(self.kind_box.currentData())  # Qt gives the enum back as text

    def edit_selection(
        self, text: str, change: Callable[[Layout, SectionId, Rect], Layout]
    ) -> bool:
        """One edit of the selected cells (else the cursor's cell) of the current section."""
        rect, section = self._target(), self.section
        if rect is None or section is None:
            return False
        return self.edit(text, lambda layout: change(layout, section.id, rect))

    def fill_selection(self) -> None:
        """Put seats in every empty cell of the selection (the zone and kind chosen)."""
        zone, kind = self._zone(), self._kind()
        before = self.seating.seat_count
        if self.edit_selection(self.tr("Paint seats"), partial(edits.paint, zone=zone, kind=kind)):
            self.say(self.tr("{count} seats added.").format(count=self.seating.seat_count - before))

    def erase_selection(self) -> None:
        before = self.seating.seat_count
        if self.edit_selection(self.tr("Erase seats"), edits.erase):
            self.say(
                self.tr("{count} seats removed.").format(count=before - self.seating.seat_count)
            )

    def zone_selection(self) -> None:
        self.edit_selection(self.tr("Set zone"), partial(edits.assign, zone=self._zone()))

    def kind_selection(self) -> None:
        self.edit_selection(self.tr("Set kind"), partial(edits.assign, kind=self._kind()))

    def number_selection(self) -> None:
        rect, section = self._target(), self.section
        if rect is None or section is None:
            return
        dialog = NumberingDialog(self)
        dialog.accepted.connect(lambda: self._number(section.id, rect, dialog))
        self._open(dialog)

    def _number(self, section_id: SectionId, rect: Rect, dialog: NumberingDialog) -> None:
        self.number(section_id, rect, dialog.values())

    def number(self, section_id: SectionId, rect: Rect, v: NumberingValues) -> None:
        """Number the seats of ``rect`` as the numbering dialog says (one undo step)."""
        if self.edit(
            self.tr("Number seats"),
            lambda layout: edits.number_seats(
                layout, section_id, rect, v.scheme, start=v.start, odd_side=v.odd_side, rows=v.rows
            ),
        ):
            self.say(self.tr("Seats numbered."))

    def mirror_selection(self) -> None:
        self.edit_selection(self.tr("Mirror"), edits.mirror_block)

    def copy_selection(self) -> bool:
        rect, section = self._target(), self.section
        if rect is None or section is None:
            return False
        self.clipboard = edits.copy_block(self.seating, section.id, rect)
        self.say(
            self.tr(
                "Copied {seats} seats ({columns} × {rows} cells). Ctrl+V pastes at the cursor, Ctrl+Shift+V mirrored."
            ).format(seats=len(self.clipboard.seats), columns=rect.width, rows=rect.height)
        )
        return True

    def cut_selection(self) -> None:
        if self.copy_selection():
            self.erase_selection()

    def paste(self, *, mirrored: bool = False) -> None:
        """Paste the copied block with its top left at the selection's (or the cursor's)."""
        section, block = self.section, self.clipboard
        if section is None or block is None:
            self.say(self.tr("Nothing copied yet (Ctrl+C)."), error=True)
            return
        if mirrored:
            block = block.mirrored()
        x, y = (self.selection.x, self.selection.y) if self.selection else self.cell
        if self.edit(
            self.tr("Paste mirrored") if mirrored else self.tr("Paste"),
            lambda layout: edits.paste_block(layout, section.id, block, x, y),
        ):
            self.select(Rect(x, y, block.width, block.height))
            self.say(self.tr("{count} seats pasted.").format(count=len(block.seats)))

    # --- problems ---------------------------------------------------------------------------

    def _problem_chosen(self, item: QListWidgetItem) -> None:
        problem = self.problems[self.problem_list.row(item)]
        self.go_to_problem(problem)

    def go_to_problem(self, problem: Problem) -> None:
        """Show the problem's place: its section, cell and seat."""
        params = problem.params
        section = next((s for s in self.seating.sections if s.name == params.get("section")), None)
        if section is None:
            return
        self.set_section(section.id)
        if "row" in params and "column" in params:
            cell = (int(params["column"]) - 1, int(params["row"]) - 1)
            self.anchor = cell
            self.select(Rect(cell[0], cell[1], 1, 1), cursor=cell)
            self.view.centerOn(self.marks.cursor_rect.center())
        self.say(problem_text(problem), error=True)
        self.view.setFocus()

    # --- mouse and keys ---------------------------------------------------------------------

    def _cell_at(self, pos: QPointF, section: Section, *, clamp: bool) -> Cell | None:
        x = math.floor(pos.x() / CELL - section.x)
        y = math.floor(pos.y() / CELL - section.y)
        if section.contains(x, y):
            return (x, y)
        if not clamp:
            return None
        return (min(max(x, 0), section.columns - 1), min(max(y, 0), section.rows - 1))

    def cell_rect(self, cell: Cell, section: Section | None = None) -> QRectF:
        """Where a cell of a section (the current one by default) is, in scene units."""
        section = section or self.section
        assert section is not None
        return QRectF((section.x + cell[0]) * CELL, (section.y + cell[1]) * CELL, CELL, CELL)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.view
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and self._key(event)
        ):
            return True
        if (
            watched is self.view.viewport()
            and isinstance(event, QMouseEvent)
            and self._mouse(event)
        ):
            return True
        return super().eventFilter(watched, event)

    def _mouse(self, event: QMouseEvent) -> bool:
        kind = event.type()
        pos = self.view.mapToScene(event.position().toPoint())
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            self.view.setFocus()
            hit = self._section_at(pos)
            if hit is None:
                return True
            self.set_section(hit.id)
            cell = self._cell_at(pos, hit, clamp=True)
            assert cell is not None
            self._drag_from = cell
            self.anchor = cell
            self.select(self._rect_for(cell, cell, event.modifiers()), cursor=cell)
            return True
        if kind == QEvent.Type.MouseMove and self._drag_from is not None:
            section = self.section
            if section is not None:
                cell = self._cell_at(pos, section, clamp=True)
                assert cell is not None
                self.select(self._rect_for(self._drag_from, cell, event.modifiers()), cursor=cell)
            return True
        if (
            kind == QEvent.Type.MouseButtonRelease
            and event.button() == Qt.MouseButton.LeftButton
            and self._drag_from is not None
        ):
            self._drag_from = None
            if self.tool is Tool.PAINT:
                self.fill_selection()
            elif self.tool is Tool.ERASE:
                self.erase_selection()
            return True
        return False

    def _rect_for(self, a: Cell, b: Cell, modifiers: Qt.KeyboardModifier) -> Rect:
        rect = self._cells_between(a, b)
        section = self.section
        assert section is not None
        if modifiers & Qt.KeyboardModifier.ShiftModifier:
            return Rect(0, rect.y, section.columns, rect.height)
        if modifiers & Qt.KeyboardModifier.ControlModifier:
            return Rect(rect.x, 0, rect.width, section.rows)
        return rect

    def _section_at(self, pos: QPointF) -> Section | None:
        """The section under ``pos``; the current one first, as sections may overlap."""
        current = self.section
        ordered = ([current] if current else []) + [
            s for s in self.seating.sections if s is not current
        ]
        return next((s for s in ordered if self._cell_at(pos, s, clamp=False)), None)

    def _key(self, event: QKeyEvent) -> bool:
        """Arrows move the cell cursor; with Shift they stretch the selection."""
        step = _STEPS.get(Qt.Key(event.key()))
        if step is None or self.section is None:
            return False
        if event.modifiers() & ~(
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
        ):
            return False
        self.cell = (self.cell[0] + step[0], self.cell[1] + step[1])
        self._clamp()
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.select(self._cells_between(self.anchor, self.cell))
        else:
            self.anchor = self.cell
            self.select(None)
        self.view.ensureVisible(self.marks.cursor_rect, 20, 20)
        return True
