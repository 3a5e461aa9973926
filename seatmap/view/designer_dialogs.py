"""The designer's small dialogs: a section's name and grid, numbering a
selection, the zone list, the hall's stage and focal point.

Each dialog only gathers values; the designer turns them into one edit of
the layout (one undo step), so a refusal from the model leaves the layout as
it was and the dialog's values can be corrected.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from seatmap.model import (
    MAX_SIDE,
    Layout,
    Point,
    RowLabels,
    RowStyle,
    Scheme,
    Section,
    Side,
    Stage,
    Zone,
)
from seatmap.model.layout import MAX_NAME, MAX_ZONE_KEY

_ZONE_COLOURS = ("#e53935", "#fb8c00", "#fdd835", "#43a047", "#1e88e5", "#8e24aa", "#6d4c41")


class _Form(QDialog):
    """A titled form with OK and Cancel (Enter and Esc)."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setDefault(True)  # Enter in any field accepts
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addLayout(self.form)
        column.addWidget(self.buttons)

    def row(self, text: str, field: QWidget) -> QWidget:
        label = QLabel(text, self)
        label.setBuddy(field)
        self.form.addRow(label, field)
        return field


def _spin(low: int, high: int, value: int, parent: QWidget) -> QSpinBox:
    spin = QSpinBox(parent)
    spin.setRange(low, high)
    spin.setValue(value)
    return spin


def _real(low: float, high: float, value: float, parent: QWidget) -> QDoubleSpinBox:
    spin = QDoubleSpinBox(parent)
    spin.setDecimals(1)
    spin.setRange(low, high)
    spin.setValue(value)
    return spin


@dataclass(frozen=True)
class SectionValues:
    name: str
    columns: int
    rows: int
    x: float
    y: float
    label_template: str


class SectionDialog(_Form):
    """A new section, or an existing one's name, grid size and place."""

    def __init__(
        self, parent: QWidget | None, section: Section | None = None, *, below: float = 0
    ) -> None:
        super().__init__(self.tr("New section") if section is None else self.tr("Section"), parent)
        self.name = QLineEdit(section.name if section else self.tr("Stalls"), self)
        self.name.setMaxLength(MAX_NAME)
        self.columns = _spin(1, MAX_SIDE, section.columns if section else 40, self)
        self.rows = _spin(1, MAX_SIDE, section.rows if section else 20, self)
        self.place_x = _real(-1000, 1000, section.x if section else 0, self)
        self.place_y = _real(-1000, 1000, section.y if section else below, self)
        self.template = QLineEdit(section.label_template or "" if section else "", self)
        self.template.setPlaceholderText(self.tr("as the hall, e.g. {row}排{seat}号"))
        self.row(self.tr("&Name:"), self.name)
        self.row(self.tr("&Columns:"), self.columns)
        self.row(self.tr("&Rows:"), self.rows)
        self.row(self.tr("Place in hall, &x (cells):"), self.place_x)
        self.row(self.tr("Place in hall, &y (cells):"), self.place_y)
        self.row(self.tr("Seat &label template:"), self.template)
        self.name.selectAll()
        self.name.setFocus()

    def values(self) -> SectionValues:
        return SectionValues(
            self.name.text().strip(),
            self.columns.value(),
            self.rows.value(),
            self.place_x.value(),
            self.place_y.value(),
            self.template.text().strip(),
        )


@dataclass(frozen=True)
class NumberingValues:
    scheme: Scheme
    start: int
    odd_side: Side
    rows: RowLabels | None


class NumberingDialog(_Form):
    """How to number the selected seats, and whether to relabel their rows."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(self.tr("Number seats"), parent)
        self.scheme = QComboBox(self)
        for scheme, text in (
            (Scheme.ODD_EVEN, self.tr("Odd and even from the centre (单双号)")),
            (Scheme.LEFT_TO_RIGHT, self.tr("1…n from house left")),
            (Scheme.RIGHT_TO_LEFT, self.tr("1…n from house right")),
        ):
            self.scheme.addItem(text, scheme)
        self.start = _spin(1, 9999, 1, self)
        self.odd_side = QComboBox(self)
        self.odd_side.addItem(self.tr("Odd numbers on house right (右单左双)"), Side.RIGHT)
        self.odd_side.addItem(self.tr("Odd numbers on house left (左单右双)"), Side.LEFT)
        self.relabel = QCheckBox(self.tr("Also label the rows"), self)
        self.relabel.setChecked(True)
        self.row_style = QComboBox(self)
        self.row_style.addItem(self.tr("Numbers: 1, 2, 3 …"), RowStyle.NUMERIC)
        self.row_style.addItem(self.tr("Letters: A, B, C … (no I or O)"), RowStyle.LETTERS)
        self.first_row = _spin(1, 999, 1, self)
        self.back_to_front = QCheckBox(self.tr("Count rows from the back"), self)
        self.row(self.tr("&Scheme:"), self.scheme)
        self.row(self.tr("&First seat number:"), self.start)
        self.row(self.tr("&Odd side:"), self.odd_side)
        self.form.addRow(self.relabel)
        self.row(self.tr("Row label st&yle:"), self.row_style)
        self.row(self.tr("First &row:"), self.first_row)
        self.form.addRow(self.back_to_front)
        self.scheme.setFocus()
        self.scheme.currentIndexChanged.connect(self._enable)
        self.relabel.toggled.connect(self._enable)
        self._enable()

    def _enable(self) -> None:
        # Qt hands enum data back as plain strings.
        odd_even = Scheme(self.scheme.currentData()) is Scheme.ODD_EVEN
        self.odd_side.setEnabled(odd_even)
        self.start.setEnabled(not odd_even)
        for field in (self.row_style, self.first_row, self.back_to_front):
            field.setEnabled(self.relabel.isChecked())

    def values(self) -> NumberingValues:
        rows = (
            RowLabels(
                RowStyle(self.row_style.currentData()),
                self.first_row.value(),
                self.back_to_front.isChecked(),
            )
            if self.relabel.isChecked()
            else None
        )
        return NumberingValues(
            Scheme(self.scheme.currentData()),
            self.start.value(),
            Side(self.odd_side.currentData()),
            rows,
        )


class ZonesDialog(_Form):
    """The layout's price zones (票区): key, name and colour. A session prices
    each zone; seats refer to the key, so a key in use is best left alone."""

    def __init__(self, parent: QWidget | None, zones: tuple[Zone, ...]) -> None:
        super().__init__(self.tr("Price zones"), parent)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels([self.tr("Key"), self.tr("Name"), self.tr("Colour")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.cellDoubleClicked.connect(self._cell_chosen)
        for zone in zones:
            self._append(zone)
        add = QPushButton(self.tr("&Add zone"), self)
        add.clicked.connect(self.add_zone)
        remove = QPushButton(self.tr("&Remove zone"), self)
        remove.clicked.connect(self.remove_zone)
        colour = QPushButton(self.tr("&Colour…"), self)
        colour.clicked.connect(self.choose_colour)
        buttons = QHBoxLayout()
        for button in (add, remove, colour):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.form.addRow(self.table)
        self.form.addRow(buttons)
        self.resize(520, 360)

    def _append(self, zone: Zone) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(zone.key))
        self.table.setItem(row, 1, QTableWidgetItem(zone.name))
        swatch = QTableWidgetItem(zone.colour)
        swatch.setBackground(QColor(zone.colour))
        swatch.setFlags(swatch.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.table.setItem(row, 2, swatch)

    def add_zone(self) -> None:
        keys = {z.key for z in self.zones()}
        n = self.table.rowCount() + 1
        key = next(k for k in (f"Z{i}" for i in range(n, n + 100)) if k not in keys)
        colour = _ZONE_COLOURS[(n - 1) % len(_ZONE_COLOURS)]
        self._append(Zone(key, self.tr("Zone {n}").format(n=n), colour))
        self.table.setCurrentCell(self.table.rowCount() - 1, 1)

    def remove_zone(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def _cell_chosen(self, _row: int, column: int) -> None:
        if column == 2:
            self.choose_colour()

    def choose_colour(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        item = self.table.item(row, 2)
        if item is None:
            return
        chosen = QColorDialog.getColor(QColor(item.text()), self, self.tr("Zone colour"))
        if chosen.isValid():
            item.setText(chosen.name())
            item.setBackground(chosen)

    def zones(self) -> list[Zone]:
        found = []
        for row in range(self.table.rowCount()):
            key, name, colour = (self.table.item(row, c) for c in range(3))
            found.append(
                Zone(
                    (key.text() if key else "").strip()[:MAX_ZONE_KEY],
                    (name.text() if name else "").strip()[:MAX_NAME],
                    colour.text() if colour else "#808080",
                )
            )
        return found


@dataclass(frozen=True)
class HallValues:
    name: str
    label_template: str
    stage: Stage
    focal_point: Point


class HallDialog(_Form):
    """The layout's name, seat label template, stage and focal point (where
    best available measures from). "Place by the seats" centres the stage
    above the seats and puts the focal point a third of the way back."""

    def __init__(self, parent: QWidget | None, layout: Layout) -> None:
        super().__init__(self.tr("Hall and stage"), parent)
        self.layout_ = layout
        self.name = QLineEdit(layout.name, self)
        self.name.setMaxLength(MAX_NAME)
        self.template = QLineEdit(layout.label_template, self)
        stage = layout.stage
        self.stage_label = QLineEdit(stage.label, self)
        self.stage_x = _real(-1000, 1000, stage.x, self)
        self.stage_y = _real(-1000, 1000, stage.y, self)
        self.stage_w = _real(1, 1000, stage.width, self)
        self.stage_h = _real(1, 1000, stage.height, self)
        self.focal_x = _real(-1000, 1000, layout.focal_point.x, self)
        self.focal_y = _real(-1000, 1000, layout.focal_point.y, self)
        place = QPushButton(self.tr("&Place by the seats"), self)
        place.clicked.connect(self.place_by_seats)
        self.row(self.tr("&Name:"), self.name)
        self.row(self.tr("Seat &label template:"), self.template)
        self.row(self.tr("&Stage label:"), self.stage_label)
        self.row(self.tr("Stage &x, y:"), _pair(self, self.stage_x, self.stage_y))
        self.row(self.tr("Stage &width, height:"), _pair(self, self.stage_w, self.stage_h))
        self.row(self.tr("&Focal point x, y:"), _pair(self, self.focal_x, self.focal_y))
        self.form.addRow(place)

    def place_by_seats(self) -> None:
        stage, focal = placed_by_seats(self.layout_)
        for spin, value in (
            (self.stage_x, stage.x),
            (self.stage_y, stage.y),
            (self.stage_w, stage.width),
            (self.stage_h, stage.height),
            (self.focal_x, focal.x),
            (self.focal_y, focal.y),
        ):
            spin.setValue(value)

    def values(self) -> HallValues:
        return HallValues(
            self.name.text().strip(),
            self.template.text().strip(),
            Stage(
                self.stage_x.value(),
                self.stage_y.value(),
                self.stage_w.value(),
                self.stage_h.value(),
                self.stage_label.text().strip() or "舞台",
            ),
            Point(self.focal_x.value(), self.focal_y.value()),
        )


def _pair(parent: QWidget, first: QWidget, second: QWidget) -> QWidget:
    box = QWidget(parent)
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(first)
    row.addWidget(second)
    return box


def placed_by_seats(layout: Layout) -> tuple[Stage, Point]:
    """A stage centred above all sections (two thirds of their width, three
    cells deep, three cells clear of the front for the section's name), and the focal point on the
    centre line a third of the way back from the front of the seats."""
    sections = layout.sections
    left = min((s.x for s in sections), default=0)
    right = max((s.x + s.columns for s in sections), default=20)
    front = min((s.y for s in sections), default=0)
    back = max((s.y + s.rows for s in sections), default=10)
    width = max(4.0, round((right - left) * 2 / 3))
    centre = (left + right) / 2
    stage = Stage(centre - width / 2, front - 6, width, 3, layout.stage.label)
    focal = Point(round(centre * 2) / 2, round(front + (back - front) / 3))
    return stage, focal
