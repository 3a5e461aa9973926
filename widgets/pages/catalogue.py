"""演出管理: show categories, shows and the venue's halls.

Three tabs (Ctrl+Tab or Alt+1..3) share one toolbar: New, Edit and Delete act
on the tab in front. Every change goes through :mod:`boxoffice.services.catalogue`,
which checks the permission again; a refusal is shown in the dialog, which
stays open so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QWidget,
)

from boxoffice.ids import CategoryId, HallId, VenueId
from boxoffice.permissions import Perm
from boxoffice.services import catalogue
from boxoffice.services.catalogue import CategoryRow, HallRow, ShowRow, VenueRow

from ..context import AppContext
from ..designer_window import DesignerWindow
from ..dialogs import FormDialog, compact, hint_label, inform, multi_line, wide
from ..ops import ask
from ..tables import Column, RowTable
from .base import Page

# --- Dialogs -----------------------------------------------------------------------------


class CategoryDialog(FormDialog):
    """New show category, or rename one."""

    def __init__(
        self, ctx: AppContext, row: CategoryRow | None, next_order: int, parent: QWidget
    ) -> None:
        super().__init__(
            self.tr("New category") if row is None else self.tr("Rename category"), parent
        )
        self.ctx = ctx
        self.row = row
        self.name = QLineEdit(self)
        self.name.setMaxLength(64)
        self.name.setPlaceholderText(self.tr("e.g. 话剧, 音乐会, 儿童剧"))
        self.order = QSpinBox(self)
        compact(self.order)
        self.order.setRange(0, 999)
        self.order.setToolTip(self.tr("Lists show categories with smaller numbers first."))
        self.name.setText(row.name if row else "")
        self.order.setValue(row.sort_order if row else next_order)
        self.form.addRow(self.tr("&Name"), self.name)
        self.form.addRow(self.tr("&Sort order"), self.order)
        self.name.setFocus()

    def prepare(self) -> Callable[[], CategoryId] | None:
        call = self.ctx.call
        row_id = self.row.id if self.row else None
        name, order = self.name.text(), self.order.value()
        return lambda: call(catalogue.save_category, row_id, name=name, sort_order=order)


class ShowDialog(FormDialog):
    """New show (演出节目), or edit one."""

    def __init__(
        self,
        ctx: AppContext,
        row: ShowRow | None,
        categories: list[CategoryRow],
        parent: QWidget,
        *,
        category_id: CategoryId | None = None,
    ) -> None:
        super().__init__(self.tr("New show") if row is None else self.tr("Edit show"), parent)
        self.setMinimumWidth(560)
        self.ctx = ctx
        self.row = row
        self.name = QLineEdit(self)
        self.name.setMaxLength(128)
        self.name.setPlaceholderText(self.tr("e.g. 话剧《茶馆》"))
        self.category = wide(QComboBox(self))
        for cat in categories:
            self.category.addItem(cat.name, cat.id)
        wanted = row.category_id if row else category_id
        if wanted is not None:
            self.category.setCurrentIndex(max(0, self.category.findData(wanted)))
        self.duration = QSpinBox(self)
        compact(self.duration)
        self.duration.setRange(1, 24 * 60)
        self.duration.setSingleStep(5)
        self.duration.setSuffix(self.tr(" min"))
        self.duration.setValue(row.duration_minutes if row else 120)
        self.enabled = QCheckBox(self.tr("On the &programme (can be scheduled and sold)"), self)
        self.enabled.setChecked(row.enabled if row else True)
        self.introduction = multi_line(self, 120)
        self.introduction.setPlaceholderText(
            self.tr("What the show is about, for tickets and screens")
        )
        self.notices = multi_line(self)
        self.notices.setPlaceholderText(self.tr("Late entry, age limits, photography…"))
        if row is not None:
            self.name.setText(row.name)
            self.introduction.setPlainText(row.introduction)
            self.notices.setPlainText(row.notices)
        self.form.addRow(self.tr("&Name"), self.name)
        self.form.addRow(self.tr("&Category"), self.category)
        self.form.addRow(self.tr("&Duration"), self.duration)
        self.form.addRow("", self.enabled)
        self.form.addRow(self.tr("&Introduction"), self.introduction)
        self.form.addRow(self.tr("N&otices"), self.notices)
        self.name.setFocus()

    def prepare(self) -> Callable[[], object] | None:
        category_id = self.category.currentData()
        if category_id is None:
            self.show_message(self.tr("Choose a category."))
            self.category.setFocus()
            return None
        call = self.ctx.call
        row_id = self.row.id if self.row else None
        values = {
            "category_id": CategoryId(str(category_id)),
            "name": self.name.text(),
            "duration_minutes": self.duration.value(),
            "introduction": self.introduction.toPlainText(),
            "notices": self.notices.toPlainText(),
            "enabled": self.enabled.isChecked(),
        }
        return lambda: call(catalogue.save_show, row_id, **values)


class HallDialog(FormDialog):
    """A new hall, in an existing venue or a new one; or edit a hall (not its venue).

    A new venue is created before its first hall. If the hall is then refused,
    the venue exists already: it is offered in the list and chosen, so saving
    again does not make a second one."""

    def __init__(
        self,
        ctx: AppContext,
        venues: list[VenueRow],
        parent: QWidget,
        *,
        row: HallRow | None = None,
    ) -> None:
        super().__init__(self.tr("New hall") if row is None else self.tr("Edit hall"), parent)
        self.ctx = ctx
        self.row = row
        self._created_venue: tuple[VenueId, str] | None = None
        self.venue = wide(QComboBox(self))
        if row is not None:  # a hall stays in its venue
            self.venue.addItem(row.venue_name, row.venue_id)
            self.venue.setEnabled(False)
        else:
            for venue in venues:
                self.venue.addItem(venue.name, venue.id)
                if venue.address:
                    self.venue.setItemData(
                        self.venue.count() - 1, venue.address, Qt.ItemDataRole.ToolTipRole
                    )
            self.venue.addItem(self.tr("New venue…"), None)
        self.venue_name = QLineEdit(self)
        self.venue_name.setMaxLength(128)
        self.venue_name.setPlaceholderText(self.tr("e.g. 星海大剧院"))
        self.venue_address = QLineEdit(self)
        self.venue_address.setPlaceholderText(self.tr("Street and number"))
        self.name = QLineEdit(self)
        self.name.setMaxLength(64)
        self.name.setPlaceholderText(self.tr("e.g. 大剧场"))
        self.seating = wide(QComboBox(self))
        self.seating.addItem(self.tr("Reserved seats"), "reserved")
        self.seating.addItem(self.tr("General admission"), "general")
        self.capacity = QSpinBox(self)
        compact(self.capacity)
        self.capacity.setRange(0, 200_000)
        self.capacity.setSingleStep(50)
        self.capacity.setGroupSeparatorShown(True)
        self.capacity.setValue(300)
        self.capacity.setSuffix(self.tr(" seats"))
        if row is not None:
            self.name.setText(row.name)
            self.seating.setCurrentIndex(max(0, self.seating.findData(row.seating)))
            self.capacity.setValue(row.capacity)
        self.form.addRow(self.tr("&Venue"), self.venue)
        self.form.addRow(self.tr("Venue &name"), self.venue_name)
        self.form.addRow(self.tr("Venue &address"), self.venue_address)
        self.form.addRow(self.tr("&Hall name"), self.name)
        self.form.addRow(self.tr("&Seating"), self.seating)
        self.form.addRow(self.tr("&Capacity"), self.capacity)
        self.venue.currentIndexChanged.connect(self._venue_chosen)
        self._venue_chosen()
        (self.venue_name if self.venue.currentData() is None else self.name).setFocus()

    def _venue_chosen(self) -> None:
        new = self.venue.currentData() is None
        for field in (self.venue_name, self.venue_address):
            field.setVisible(new)
            label = self.form.labelForField(field)
            if label is not None:
                label.setVisible(new)
        self.adjustSize()

    def prepare(self) -> Callable[[], object] | None:
        if not self.name.text().strip():
            self.show_message(self.tr("Give the hall a name."))
            self.name.setFocus()
            return None
        call = self.ctx.call
        venue_id = self.venue.currentData()
        venue_name, address = self.venue_name.text(), self.venue_address.text()
        hall = {
            "name": self.name.text(),
            "seating": str(self.seating.currentData()),
            "capacity": self.capacity.value(),
        }
        if self.row is not None:
            hall_id = self.row.id
            return lambda: call(catalogue.update_hall, hall_id, **hall)
        if venue_id is not None:
            chosen = VenueId(str(venue_id))
            return lambda: call(catalogue.create_hall, venue_id=chosen, **hall)

        def venue_then_hall() -> HallId:
            new_venue = call(catalogue.create_venue, name=venue_name, address=address)
            self._created_venue = (new_venue, venue_name.strip())
            return call(catalogue.create_hall, venue_id=new_venue, **hall)

        return venue_then_hall

    def _refused(self, exc: BaseException) -> None:
        # The venue may exist by now even though the hall was refused: offer it,
        # so trying again does not make a second venue.
        created, self._created_venue = self._created_venue, None
        if created is not None and self.venue.findData(created[0]) < 0:
            self.venue.insertItem(0, created[1], created[0])
            self.venue.setCurrentIndex(0)
        super()._refused(exc)


# --- The page ------------------------------------------------------------------------------


class CataloguePage(Page):
    CATEGORIES, SHOWS, HALLS = range(3)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, self.tr("Shows"))
        self.dialog: QDialog | None = None
        self.may_manage = ctx.may(Perm.SHOWS_MANAGE)
        self.categories: RowTable[CategoryRow] = RowTable(
            [
                Column(self.tr("Category"), lambda r: r.name),
                Column(self.tr("Shows"), lambda r: str(r.show_count), lambda r: r.show_count, True),
                Column(
                    self.tr("Sort order"), lambda r: str(r.sort_order), lambda r: r.sort_order, True
                ),
            ],
            self,
        )
        self.categories.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # as ordered
        self.shows: RowTable[ShowRow] = RowTable(
            [
                Column(self.tr("Show"), lambda r: r.name),
                Column(self.tr("Category"), lambda r: r.category_name),
                Column(
                    self.tr("Duration"),
                    lambda r: self.tr("{n} min").format(n=r.duration_minutes),
                    lambda r: r.duration_minutes,
                    True,
                ),
                Column(self.tr("On the programme"), lambda r: self.yes_no(r.enabled)),
                Column(self.tr("Introduction"), lambda r: _one_line(r.introduction)),
            ],
            self,
        )
        self.halls: RowTable[HallRow] = RowTable(
            [
                Column(self.tr("Venue"), lambda r: r.venue_name),
                Column(self.tr("Hall"), lambda r: r.name),
                Column(self.tr("Seating"), lambda r: self.seating_text(r.seating)),
                Column(
                    self.tr("Capacity"), lambda r: f"{r.capacity:,}", lambda r: r.capacity, True
                ),
            ],
            self,
        )
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.categories, self.tr("Categories"))
        self.tabs.addTab(self.shows, self.tr("Shows"))
        self.tabs.addTab(self.halls, self.tr("Venues and halls"))
        self.add_tab_shortcuts(self.tabs, [t.view for t in self.tables()])
        self.body.addWidget(self.tabs, 1)
        self.hint = hint_label("", self)
        self.body.addWidget(self.hint)
        self.new_button: QPushButton | None = None
        self.edit_button: QPushButton | None = None
        self.delete_button: QPushButton | None = None
        if self.may_manage:
            self.new_button = self.add_action_button(
                self.tr("New"), QKeySequence.StandardKey.New, self.new_item, primary=True
            )
            self.edit_button = self.add_action_button(self.tr("Edit"), "Ctrl+E", self.edit_item)
            self.delete_button = self.add_action_button(
                self.tr("Delete"), QKeySequence(Qt.Key.Key_Delete), self.delete_item
            )
            for table in self.tables():
                table.activated.connect(lambda _row: self.edit_item())
                table.selection_changed.connect(lambda _row: self._update_buttons())
        self.design_button: QPushButton | None = None
        self.designers: list[DesignerWindow] = []
        if ctx.may(Perm.VENUE_DESIGN):
            self.design_button = self.add_action_button(
                self.tr("Design seats"), "Ctrl+D", self.design_seats
            )
            self.halls.selection_changed.connect(lambda _row: self._update_buttons())
        self.tabs.currentChanged.connect(lambda _i: self._update_buttons())
        self._update_buttons()

    # --- tabs and buttons ---------------------------------------------------------

    def seating_text(self, seating: str) -> str:
        labels = {"reserved": self.tr("Reserved seats"), "general": self.tr("General admission")}
        return labels.get(seating, seating)

    def tables(self) -> tuple[RowTable[Any], ...]:
        """The tabs' tables, in the order of the tabs."""
        return (self.categories, self.shows, self.halls)

    def current_table(self) -> RowTable[Any]:
        return self.tables()[self.tabs.currentIndex()]

    def _update_buttons(self) -> None:
        tab = self.tabs.currentIndex()
        selected = self.current_table().selected() is not None
        hints = {
            self.CATEGORIES: self.tr("A category can be deleted once no show belongs to it."),
            self.SHOWS: self.tr(
                "A show can be deleted until it is scheduled. After that, take it off the "
                "programme (Edit) and it can no longer be scheduled."
            ),
            self.HALLS: self.tr(
                "A hall can be deleted until it has sessions. Seat layouts of reserved halls "
                "are drawn in the venue designer."
            ),
        }
        self.hint.setText(hints[tab] if self.may_manage else self.tr("You can look, not change."))
        for button in (self.edit_button, self.delete_button):
            if button is not None:
                button.setEnabled(selected)
        if self.design_button is not None:
            hall = self.halls.selected()
            self.design_button.setVisible(tab == self.HALLS)
            self.design_button.setEnabled(hall is not None and hall.seating == "reserved")

    # --- loading ---------------------------------------------------------------------

    def refresh(self) -> None:
        call = self.ctx.call
        self.run(
            lambda: (
                call(catalogue.list_categories),
                call(catalogue.list_shows),
                call(catalogue.list_halls),
            ),
            self._loaded,
        )

    def _loaded(self, lists: tuple[list[CategoryRow], list[ShowRow], list[HallRow]]) -> None:
        categories, shows, halls = lists
        self.categories.set_rows(categories)
        self.shows.set_rows(shows)
        self.halls.set_rows(halls)
        self._update_buttons()

    def _after_save(self, table: RowTable[Any]) -> Callable[[object], None]:
        def saved(new_id: object) -> None:
            if isinstance(new_id, str):
                table.select_on_next_load(new_id)
            self.refresh()

        return saved

    # --- actions ---------------------------------------------------------------------

    def _open(self, dialog: FormDialog, table: RowTable[Any]) -> None:
        dialog.saved.connect(self._after_save(table))
        dialog.finished.connect(lambda _r: table.view.setFocus())
        self.dialog = dialog
        dialog.open()

    def new_item(self) -> None:
        tab = self.tabs.currentIndex()
        if tab == self.CATEGORIES:
            rows = self.categories.model.rows
            next_order = max((c.sort_order for c in rows), default=-1) + 1
            self._open(CategoryDialog(self.ctx, None, next_order, self), self.categories)
        elif tab == self.SHOWS:
            if not self.categories.model.rows:
                inform(self, self.tr("Create a show category first (Alt+1, then New)."))
                return
            selected = self.shows.selected()
            self._open(
                ShowDialog(
                    self.ctx,
                    None,
                    self.categories.model.rows,
                    self,
                    category_id=selected.category_id if selected else None,
                ),
                self.shows,
            )
        else:
            call = self.ctx.call
            self.run(
                lambda: call(catalogue.list_venues),
                lambda venues: self._open(HallDialog(self.ctx, venues, self), self.halls),
            )

    def edit_item(self) -> None:
        tab = self.tabs.currentIndex()
        if tab == self.CATEGORIES and (category := self.categories.selected()) is not None:
            self._open(
                CategoryDialog(self.ctx, category, category.sort_order, self), self.categories
            )
        elif tab == self.SHOWS and (show := self.shows.selected()) is not None:
            self._open(ShowDialog(self.ctx, show, self.categories.model.rows, self), self.shows)
        elif tab == self.HALLS and (hall := self.halls.selected()) is not None:
            self._open(HallDialog(self.ctx, [], self, row=hall), self.halls)

    def delete_item(self) -> None:
        """Ask first; a refusal (say, a hall with sessions) is reported as usual."""
        tab = self.tabs.currentIndex()
        call = self.ctx.call
        if tab == self.CATEGORIES and (category := self.categories.selected()) is not None:
            self._delete(
                self.tr("Delete category"),
                self.tr("Delete the category “{name}”?").format(name=category.name),
                partial(call, catalogue.delete_category, category.id),
            )
        elif tab == self.SHOWS and (show := self.shows.selected()) is not None:
            self._delete(
                self.tr("Delete show"),
                self.tr("Delete the show “{name}”?").format(name=show.name),
                partial(call, catalogue.delete_show, show.id),
            )
        elif tab == self.HALLS and (hall := self.halls.selected()) is not None:
            self._delete(
                self.tr("Delete hall"),
                self.tr("Delete the hall “{name}” of {venue}?").format(
                    name=hall.name, venue=hall.venue_name
                ),
                partial(call, catalogue.delete_hall, hall.id),
            )

    def design_seats(self) -> None:
        """Open the venue designer on the selected reserved-seating hall (its own
        window, so the admin can keep the catalogue beside it)."""
        hall = self.halls.selected()
        if self.tabs.currentIndex() != self.HALLS or hall is None:
            return
        if hall.seating != "reserved":
            inform(
                self,
                self.tr("“{name}” sells general admission: it has no seats to design.").format(
                    name=hall.name
                ),
            )
            return
        for window in self.designers:
            if window.hall.id == hall.id:
                window.raise_()
                window.activateWindow()
                return
        window = DesignerWindow(self.ctx, hall, self)
        window.destroyed.connect(lambda _obj=None, w=window: self._forget(w))
        self.designers.append(window)
        window.show()

    def _forget(self, window: DesignerWindow) -> None:
        if window in self.designers:
            self.designers.remove(window)

    def _delete(self, title: str, question: str, job: Callable[[], None]) -> None:
        self.dialog = ask(
            self, title, question, lambda: self.run(job, lambda _none: self.refresh())
        )


def _one_line(text: str, limit: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
