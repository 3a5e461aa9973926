"""The venue designer's window: one hall's seat layout, opened from the halls
tab (Ctrl+D), saved to the store of record as a new version (Ctrl+S).

The drawing itself is :class:`seatmap.view.designer.LayoutDesigner`; this
window adds what needs the store and the file system: loading the hall's
latest version, saving, importing (our JSON, the CSV grid, a pretix plan)
and exporting (JSON, CSV, a PDF seat chart). Every menu item shows its
shortcut. An import replaces the drawing as one edit, so Ctrl+Z undoes it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox, QWidget

from boxoffice.errors import NotFound
from boxoffice.services import layouts
from boxoffice.services.catalogue import HallRow
from boxoffice.services.layouts import LayoutRow, LayoutText
from seatmap.model import Layout, dumps, loads
from seatmap.model.csvio import dumps_csv, loads_csv
from seatmap.model.jsonio import decode_text, parse_json, read_capped
from seatmap.model.pdf import export_pdf
from seatmap.model.pretix import import_pretix
from seatmap.view.designer import LayoutDesigner

from .context import AppContext
from .ops import Op, error_text


def read_layout_file(path: Path, current: Layout) -> Layout:
    """A layout from a file: CSV by its suffix; JSON in our format, or a
    pretix plan when it has pretix's shape. Refusals say what is wrong."""
    data = read_capped(path)
    if path.suffix.lower() == ".csv":
        return loads_csv(data, base=current, name=current.name)
    doc = parse_json(decode_text(data))
    if isinstance(doc, dict) and "format" not in doc and "size" in doc:  # pretix's shape
        return import_pretix(data).layout
    return loads(data)


def write_layout_file(path: Path, layout: Layout) -> None:
    """Our JSON, the CSV grid or a PDF seat chart, by the file's suffix."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        export_pdf(layout, path)
    elif suffix == ".csv":
        path.write_text(dumps_csv(layout), encoding="utf-8", newline="")
    else:
        path.write_text(dumps(layout), encoding="utf-8")


class DesignerWindow(QMainWindow):
    """One hall's layout in the designer. Closing with unsaved edits asks first."""

    def __init__(self, ctx: AppContext, hall: HallRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.hall = hall
        self.version: int | None = None
        self.loaded = False
        self._closing_after_save = False
        self._discard = False
        self.question: QMessageBox | None = None
        self.setObjectName("designerWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.designer = LayoutDesigner(Layout(name=hall.name), self)
        self.designer.setEnabled(False)
        self.designer.changed.connect(lambda _clean: self._update_title())
        self.setCentralWidget(self.designer)
        self._make_menus()
        self.resize(1280, 820)
        self._update_title()
        self.designer.say(self.tr("Loading the hall's layout…"))
        Op(self, lambda: ctx.call(layouts.list_hall_layout_text, hall.id)).success(
            self._loaded
        ).failure(self._load_failed).run_in_background()

    # --- menus -------------------------------------------------------------------------

    def _make_menus(self) -> None:
        acts = self.designer.actions_by_name
        view = self.designer.view
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.save_action = file_menu.addAction(self.tr("&Save to the hall"))
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_action.triggered.connect(self.save)
        file_menu.addSeparator()
        open_action = file_menu.addAction(self.tr("&Import a layout file…"))
        open_action.setShortcut(QKeySequence.StandardKey.Open)
        open_action.triggered.connect(self._choose_import)
        export_action = file_menu.addAction(self.tr("&Export (JSON, CSV or PDF chart)…"))
        export_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        export_action.triggered.connect(self._choose_export)
        file_menu.addSeparator()
        close_action = file_menu.addAction(self.tr("&Close"))
        close_action.setShortcut(QKeySequence("Ctrl+W"))
        close_action.triggered.connect(self.close)

        def menu(title: str, names: str) -> QMenu:
            """A menu of the designer's commands, "|" between groups."""
            found = self.menuBar().addMenu(title)
            for name in names.split():
                if name == "|":
                    found.addSeparator()
                else:
                    found.addAction(acts[name])
            return found

        menu(
            self.tr("&Edit"),
            "undo redo | copy cut paste paste_mirrored | select_all select_rows select_columns",
        )
        menu(
            self.tr("S&eats"),
            "tool_select tool_paint tool_erase | fill clear_seats | zone kind number mirror",
        )
        menu(
            self.tr("Se&ction"),
            "new_section edit_section remove_section | next_section previous_section",
        )
        menu(self.tr("&Hall"), "zones hall")
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        for action in (view.zoom_in_action, view.zoom_out_action, view.fit_action):
            view_menu.addAction(action)

    def _update_title(self) -> None:
        version = (
            self.tr("version {n}").format(n=self.version) if self.version else self.tr("not saved")
        )
        dirty = "" if self.designer.is_clean() else " *"
        self.setWindowTitle(
            self.tr("Seat layout — {venue} {hall} ({version}){dirty}").format(
                venue=self.hall.venue_name, hall=self.hall.name, version=version, dirty=dirty
            )
        )

    # --- loading and saving ------------------------------------------------------------

    def _loaded(self, found: LayoutText) -> None:
        try:
            layout = loads(found.layout_json)
        except Exception as exc:  # a stored version this build cannot read
            self._load_failed(exc)
            return
        self.version = found.layout.version
        self.designer.load(layout)
        self._ready(
            self.tr("Version {n} loaded: {seats} seats.").format(
                n=self.version, seats=f"{layout.seat_count:,}"
            )
        )

    def _load_failed(self, exc: BaseException) -> None:
        if isinstance(exc, NotFound):
            self._ready(
                self.tr(
                    "This hall has no seat layout yet. Ctrl+Shift+N adds a section; "
                    "F3 sets the price zones; Ctrl+O imports a file."
                )
            )
            return
        self.designer.say(error_text(exc), error=True)

    def _ready(self, message: str) -> None:
        self.loaded = True
        self.designer.setEnabled(True)
        self.designer.view.setFocus()
        self.designer.say(message)
        self._update_title()

    def save(self) -> None:
        """Store the drawing as the hall's next version; refusals (seats
        without a zone, duplicate labels) are shown and nothing is stored."""
        if not self.loaded:
            return
        layout = self.designer.seating
        text = dumps(layout)
        self.designer.say(self.tr("Saving…"))
        Op(self, lambda: self.ctx.call(layouts.save_hall_layout, self.hall.id, text)).success(
            self._saved
        ).failure(self._save_failed).disabling(self.designer).run_in_background()

    def _saved(self, row: LayoutRow) -> None:
        self.version = row.version
        self.designer.mark_saved()
        self._update_title()
        self.designer.say(
            self.tr(
                "Saved as version {n} ({seats} seats). New sessions of this hall take their "
                "seats from it."
            ).format(n=row.version, seats=f"{row.seat_count:,}")
        )
        self.designer.view.setFocus()
        if self._closing_after_save:
            self.close()

    def _save_failed(self, exc: BaseException) -> None:
        self._closing_after_save = False
        self.designer.say(error_text(exc), error=True)
        self.designer.view.setFocus()

    # --- files --------------------------------------------------------------------------

    def _choose_import(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Import a seat layout"),
            "",
            self.tr("Seat layouts (*.json *.csv);;pretix seating plans (*.json);;All files (*)"),
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        """Replace the drawing with a file's layout (one edit: Ctrl+Z undoes it).
        A broken file is refused with what is wrong, and nothing changes."""
        current = self.designer.seating
        Op(self, lambda: read_layout_file(path, current)).success(
            lambda layout: self._imported(path, layout)
        ).failure(lambda exc: self.designer.say(error_text(exc), error=True)).run_in_background()

    def _imported(self, path: Path, layout: Layout) -> None:
        if self.designer.edit(self.tr("Import {file}").format(file=path.name), lambda _old: layout):
            self.designer.view.fit()
            self.designer.say(
                self.tr("{file} imported: {seats} seats. Ctrl+Z undoes the import.").format(
                    file=path.name, seats=f"{layout.seat_count:,}"
                )
            )

    def _choose_export(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Export the seat layout"),
            f"{self.hall.name}.json",
            self.tr("Seat layout (*.json);;CSV grid (*.csv);;PDF seat chart (*.pdf)"),
        )
        if path:
            self.export_file(Path(path))

    def export_file(self, path: Path) -> None:
        layout = self.designer.seating
        Op(self, lambda: write_layout_file(path, layout)).success(
            lambda _none: self.designer.say(self.tr("Written to {path}.").format(path=path))
        ).failure(lambda exc: self.designer.say(error_text(exc), error=True)).run_in_background()

    # --- closing ------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._discard or self.designer.is_clean():
            event.accept()
            return
        event.ignore()
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Unsaved changes"),
            self.tr("Save the changes to {hall} before closing?").format(hall=self.hall.name),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("unsavedLayout")
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        box.finished.connect(lambda result: self._close_answer(QMessageBox.StandardButton(result)))
        self.question = box
        box.open()

    def _close_answer(self, answer: QMessageBox.StandardButton) -> None:
        if answer == QMessageBox.StandardButton.Save:
            self._closing_after_save = True
            self.save()
        elif answer == QMessageBox.StandardButton.Discard:
            self._discard = True
            self.close()
