"""商户管理 and 商品管理, driven with the keyboard on a copy of the demo store.

Real main windows and real .xlsx files; only the operating system's file
chooser is replaced (it is not ours to drive). QTest types Latin-1 only, so
what the tests type is in English or digits; Chinese goes in with setText.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from boxoffice import product_excel
from boxoffice.barcodes import with_check_digit
from boxoffice.db.store import Store
from boxoffice.services import products, staff
from boxoffice.services.products import ProductRow
from tests.conftest import table_snapshot
from widgets.main_window import MainWindow
from widgets.pages.merchants import MerchantDialog, MerchantsPage
from widgets.pages.products import (
    CategoryDialog,
    ImportProblemsDialog,
    ProductDialog,
    ProductsPage,
    StockDialog,
)
from widgets.pages.users import UserDialog, UsersPage

from .conftest import answer, error_shown, wait_ops
from .test_catalogue_pages import activate, choose, click_row, open_page, retype, shortcut

MakeWindow = Callable[[str], MainWindow]
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
SNACKS, SHOP = "小卖部", "文创商店"
TEA_500 = with_check_digit("690000000031")
TEA_1L = with_check_digit("690000000032")


def products_page(qtbot: QtBot, window: MainWindow) -> ProductsPage:
    page = open_page(qtbot, window, "products")
    assert isinstance(page, ProductsPage)
    return page


def saved(page: object) -> None:
    """The page's dialog was saved: it closed (and is gone); else say why not."""
    dialog = page.dialog  # type: ignore[attr-defined]
    assert dialog is None, getattr(getattr(dialog, "message", None), "text", lambda: "")()


def stored(window: MainWindow, name: str) -> ProductRow:
    return next(
        p for p in products.list_products(window.ctx.store, window.ctx.me) if p.name == name
    )


# --- 商户管理 ---------------------------------------------------------------------------------


def test_admin_adds_a_merchant_with_a_fee_rate_in_percent(
    qtbot: QtBot, main_window_for: MakeWindow
) -> None:
    window = main_window_for("admin")
    page = open_page(qtbot, window, "merchants")
    assert isinstance(page, MerchantsPage)
    assert {m.name for m in page.table.visible_rows()} >= {SNACKS, SHOP}
    assert page.new_button.text() == "New (Ctrl+N)"
    assert page.edit_button.text() == "Edit (F2)"

    shortcut(qtbot, page.table.view, Qt.Key.Key_N, CTRL)
    dialog = page.dialog
    assert isinstance(dialog, MerchantDialog)
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.name
    qtbot.keyClicks(dialog.name, "Cafe Corner")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.contact, "Wang")
    qtbot.keyClick(dialog.contact, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.phone, "13800000000")
    qtbot.keyClick(dialog.phone, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.fee
    retype(qtbot, dialog.fee, "6.25")
    qtbot.keyClick(dialog.fee, Qt.Key.Key_Return)
    wait_ops(qtbot)
    saved(page)

    cafe = next(
        m
        for m in products.list_merchants(window.ctx.store, window.ctx.me)
        if m.name == "Cafe Corner"
    )
    assert (cafe.contact, cafe.phone, cafe.fee_rate_bp, cafe.enabled) == (
        "Wang",
        "13800000000",
        625,
        True,
    )
    assert page.table.selected() is not None and page.table.selected().name == "Cafe Corner"
    assert (
        page.table.model.data(
            page.table.model.index(page.table.model.rows.index(page.table.selected()), 3)
        )
        == "6.25 %"
    )

    # F2 edits; a fee above 100 % cannot be typed.
    shortcut(qtbot, page.table.view, Qt.Key.Key_F2)
    dialog = page.dialog
    assert isinstance(dialog, MerchantDialog)
    qtbot.waitExposed(dialog)
    retype(qtbot, dialog.fee, "150")
    assert dialog.fee_rate_bp() <= 10_000
    qtbot.keyClick(dialog.fee, Qt.Key.Key_Escape)

    # Ctrl+D disables it (after asking).
    from PySide6.QtWidgets import QMessageBox

    from .conftest import answer

    shortcut(qtbot, page.table.view, Qt.Key.Key_D, CTRL)
    answer(qtbot, QMessageBox.StandardButton.Yes)
    wait_ops(qtbot)
    cafe = next(
        m
        for m in products.list_merchants(window.ctx.store, window.ctx.me)
        if m.name == "Cafe Corner"
    )
    assert cafe.enabled is False
    assert page.enable_button.text() == "Enable (Ctrl+D)"


# --- 商品管理 ---------------------------------------------------------------------------------


def test_admin_creates_a_product_with_two_skus_by_keyboard(
    qtbot: QtBot, main_window_for: MakeWindow
) -> None:
    window = main_window_for("admin")
    page = products_page(qtbot, window)
    assert page.merchant.isEnabled() and page.merchant_name() == SNACKS
    assert {p.name for p in page.table.visible_rows()} >= {"矿泉水", "可乐"}
    labels = {b.text() for b in (page.new_button, page.import_button, page.export_button) if b}
    assert labels == {"New (Ctrl+N)", "Import Excel (Ctrl+I)", "Export Excel (Ctrl+E)"}

    shortcut(qtbot, page.table.view, Qt.Key.Key_N, CTRL)
    dialog = page.dialog
    assert isinstance(dialog, ProductDialog)
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.name, "Iced Tea")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Tab)
    choose(qtbot, dialog.category, "饮料")
    qtbot.keyClick(dialog.category, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.unit, "cup")
    # Tab through the ticks to the first SKU's code.
    for _ in range(3):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    first = dialog.skus.lines[0]
    assert dialog.focusWidget() is first.code
    qtbot.keyClicks(first.code, "T-500")
    qtbot.keyClick(first.code, Qt.Key.Key_Tab)
    qtbot.keyClicks(first.name, "500ml")
    qtbot.keyClick(first.name, Qt.Key.Key_Tab)
    qtbot.keyClicks(first.price, "4.5")
    qtbot.keyClick(first.price, Qt.Key.Key_Tab)
    qtbot.keyClicks(first.barcodes, TEA_500)
    qtbot.keyClick(first.barcodes, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is first.track_stock
    qtbot.keyClick(first.track_stock, Qt.Key.Key_Space)
    # F7 adds a second SKU and puts the cursor in its code.
    activate(qtbot, dialog)
    qtbot.keyClick(first.track_stock, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: len(dialog.skus.lines) == 2)  # the button's click is animated
    second = dialog.skus.lines[1]
    assert dialog.focusWidget() is second.code
    qtbot.keyClicks(second.code, "T-1L")
    qtbot.keyClick(second.code, Qt.Key.Key_Tab)
    qtbot.keyClicks(second.name, "1L")
    qtbot.keyClick(second.name, Qt.Key.Key_Tab)
    qtbot.keyClicks(second.price, "7")
    qtbot.keyClick(second.price, Qt.Key.Key_Tab)
    qtbot.keyClicks(second.barcodes, f"{TEA_1L} / 12345678")
    qtbot.keyClick(second.barcodes, Qt.Key.Key_Return)
    wait_ops(qtbot)
    saved(page)

    tea = stored(window, "Iced Tea")
    assert (tea.category_name, tea.unit) == ("饮料", "cup")
    assert [(s.code, s.name, s.price_fen, s.track_stock, s.barcodes) for s in tea.skus] == [
        ("T-500", "500ml", 450, True, (TEA_500,)),
        ("T-1L", "1L", 700, False, tuple(sorted((TEA_1L, "12345678")))),
    ]
    assert page.table.selected() is not None and page.table.selected().name == "Iced Tea"
    row = page.table.model.rows.index(page.table.selected())
    assert page.table.model.data(page.table.model.index(row, 3)) == "¥4.50 – ¥7.00"

    # Ctrl+F finds it by a barcode, which is not a column.
    activate(qtbot, window)
    qtbot.keyClick(page.table.view, Qt.Key.Key_F, CTRL)
    assert page.search.hasFocus()
    qtbot.keyClicks(page.search, "12345678")
    assert [p.name for p in page.table.visible_rows()] == ["Iced Tea"]
    page.search.clear()

    # Stock: receive 5 of the 500ml, then a count finds 8 fewer: below zero, in red.
    click_row(qtbot, page.table, lambda p: p.name == "Iced Tea")
    shortcut(qtbot, page.table.view, Qt.Key.Key_K, CTRL)
    dialog = page.dialog
    assert isinstance(dialog, StockDialog)
    qtbot.waitExposed(dialog)
    retype(qtbot, dialog.quantity, "5")
    qtbot.keyClick(dialog.quantity, Qt.Key.Key_Return)
    wait_ops(qtbot)
    saved(page)
    shortcut(qtbot, page.table.view, Qt.Key.Key_K, CTRL)
    dialog = page.dialog
    assert isinstance(dialog, StockDialog)
    qtbot.waitExposed(dialog)
    choose(qtbot, dialog.kind, "Adjust")
    retype(qtbot, dialog.quantity, "-8")
    dialog.note.setFocus()
    qtbot.keyClicks(dialog.note, "counted")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    wait_ops(qtbot)
    saved(page)
    assert stored(window, "Iced Tea").skus[0].stock == -3
    selected = page.table.selected()
    assert selected is not None and selected.negative
    index = page.table.proxy.mapFromSource(
        page.table.model.index(page.table.model.rows.index(selected), page.STOCK_COLUMN)
    )
    assert index.data() == "-3 (below zero: T-500)"
    assert page._negative_at(index)


def test_a_refused_product_keeps_the_dialog_open(
    qtbot: QtBot, main_window_for: MakeWindow, demo_store: Store
) -> None:
    window = main_window_for("admin")
    page = products_page(qtbot, window)
    before = table_snapshot(demo_store)
    shortcut(qtbot, page.table.view, Qt.Key.Key_N, CTRL)
    dialog = page.dialog
    assert isinstance(dialog, ProductDialog)
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.name, "Twin")
    line = dialog.skus.lines[0]
    line.code.setFocus()
    qtbot.keyClicks(line.code, "10101")  # the demo's 矿泉水 has this code
    line.price.setFocus()
    qtbot.keyClicks(line.price, "3")
    qtbot.keyClick(line.price, Qt.Key.Key_Return)
    wait_ops(qtbot)
    assert dialog.isVisible()
    assert dialog.message.text().startswith("The code “10101” belongs to “矿泉水")
    # A price that is not money is caught before anything is sent.
    retype(qtbot, line.price, "abc")
    qtbot.keyClick(line.price, Qt.Key.Key_Return)
    assert dialog.message.text() == "SKU 1: “abc” is not an amount of money."
    qtbot.keyClick(line.price, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.dialog is None)
    assert table_snapshot(demo_store) == before


def test_categories_by_keyboard(qtbot: QtBot, main_window_for: MakeWindow) -> None:
    window = main_window_for("admin")
    page = products_page(qtbot, window)
    assert page.new_category_button is not None
    assert page.new_category_button.text() == "New category (Ctrl+Shift+N)"
    shortcut(qtbot, page.table.view, Qt.Key.Key_N, CTRL | SHIFT)
    dialog = page.dialog
    assert isinstance(dialog, CategoryDialog)
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.name, "Ice cream")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    wait_ops(qtbot)
    saved(page)
    # The new category is chosen, and empty.
    assert page.category_list.currentItem().text() == "Ice cream (0)"
    assert page.table.visible_rows() == []
    # A category in use is kept; an empty one goes.
    shortcut(qtbot, page.table.view, Qt.Key.Key_Delete, CTRL | SHIFT)
    assert answer(qtbot, QMessageBox.StandardButton.Yes) == "Delete the category “Ice cream”?"
    wait_ops(qtbot)
    snacks = page.merchant_id()
    names = {
        c.name for c in products.list_product_categories(window.ctx.store, window.ctx.me, snacks)
    }
    assert "Ice cream" not in names
    page.category_list.setCurrentRow(1)  # 饮料, which has products
    assert page.selected_category() is not None and page.selected_category().name == "饮料"
    assert {p.category_name for p in page.table.visible_rows()} == {"饮料"}
    page.category_list.setFocus()
    shortcut(qtbot, page.category_list, Qt.Key.Key_Delete, CTRL | SHIFT)
    answer(qtbot, QMessageBox.StandardButton.Yes)
    assert "still has 3 products" in error_shown(qtbot)


def write_workbook(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    book.active.append(["分类", "商品名称", "规格", "货号", "售价(元)", "条码", "管理库存"])
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_an_import_with_a_bad_row_lists_it_and_imports_nothing(
    qtbot: QtBot,
    main_window_for: MakeWindow,
    demo_store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = main_window_for("admin")
    page = products_page(qtbot, window)
    path = write_workbook(
        tmp_path / "goods.xlsx",
        [
            ["Snacks", "Nuts", "Small", "N-1", 5, "", "否"],
            ["Snacks", "Nuts", "Large", "N-2", "eight", "", "否"],
            ["Snacks", "Chips", "", "N-3", 6, "", "perhaps"],
        ],
    )
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    before = table_snapshot(demo_store)
    shortcut(qtbot, page.table.view, Qt.Key.Key_I, CTRL)
    wait_ops(qtbot)
    dialog = page.dialog
    assert isinstance(dialog, ImportProblemsDialog)
    qtbot.waitExposed(dialog)
    assert dialog.summary.text() == (
        "Nothing was imported: the file has 2 problems. Correct them first."
    )
    assert dialog.problems.toPlainText().splitlines() == [
        "Row 3, column “售价(元)”: “eight” is not an amount of money.",
        "Row 4, column “管理库存”: “perhaps” is not 是 or 否 (yes or no).",
    ]
    assert table_snapshot(demo_store) == before
    qtbot.keyClick(dialog.problems, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.dialog is None)

    # Corrected, it goes in whole: a new category, a product with two SKUs, another.
    write_workbook(
        path,
        [
            ["Snacks", "Nuts", "Small", "N-1", 5, "", "否"],
            ["Snacks", "Nuts", "Large", "N-2", "8", "", "否"],
            ["Snacks", "Chips", "", "N-3", 6, "", "是"],
        ],
    )
    page.import_from(path)
    wait_ops(qtbot)
    assert [s.code for s in stored(window, "Nuts").skus] == ["N-1", "N-2"]
    assert stored(window, "Chips").skus[0].track_stock
    assert {"Nuts", "Chips"} <= {p.name for p in page.table.visible_rows()}
    assert any(
        page.category_list.item(i).text().startswith("Snacks (2)")
        for i in range(page.category_list.count())
    )


def test_export_writes_every_sku_and_reads_back(
    qtbot: QtBot, main_window_for: MakeWindow, tmp_path: Path
) -> None:
    window = main_window_for("admin")
    page = products_page(qtbot, window)
    choose(qtbot, page.merchant, SHOP)
    wait_ops(qtbot)
    assert {p.name for p in page.table.visible_rows()} >= {"帆布袋", "剧院T恤"}
    target = tmp_path / "shop.xlsx"
    page.export_to(target)
    wait_ops(qtbot)
    listed = products.list_products(window.ctx.store, window.ctx.me, page.merchant_id())
    rows = product_excel.read_products(target)
    assert len(rows) == sum(len(p.skus) for p in listed)
    assert {r.product_name for r in rows} == {p.name for p in listed}
    assert openpyxl.load_workbook(target).active.title == SHOP


# --- A merchant's own staff ------------------------------------------------------------------


def test_a_merchant_manager_sees_only_their_merchant(
    qtbot: QtBot, main_window_for: MakeWindow
) -> None:
    window = main_window_for("zhaolei")
    keys = {spec.key for spec in window.specs}
    assert "products" in keys and "merchants" not in keys
    page = products_page(qtbot, window)
    assert page.merchant.count() == 1 and page.merchant.currentText() == SNACKS
    assert not page.merchant.isEnabled()
    snacks = page.merchant_id()
    assert {p.merchant_id for p in page.table.visible_rows()} == {snacks}
    assert page.new_button is not None and page.new_button.isEnabled()


# --- Staff accounts with their merchant ---------------------------------------------------------


def test_a_new_operator_is_given_a_merchant(qtbot: QtBot, main_window_for: MakeWindow) -> None:
    window = main_window_for("admin")
    page = open_page(qtbot, window, "users")
    assert isinstance(page, UsersPage)
    merchants = {u.login: u.merchant_name for u in page.table.visible_rows()}
    assert merchants["liuyang"] == SNACKS and merchants["zhangli"] == ""

    shortcut(qtbot, page.table.view, Qt.Key.Key_N, CTRL)
    dialog = page.dialog
    assert isinstance(dialog, UserDialog)
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.login, "sunmei")
    dialog.display_name.setText("孙梅")
    assert dialog.password is not None
    dialog.password.setFocus()
    qtbot.keyClicks(dialog.password, "Shop-Keeper-1")
    choose(qtbot, dialog.merchant, SHOP)
    qtbot.keyClick(dialog.merchant, Qt.Key.Key_Return)
    wait_ops(qtbot)
    assert not dialog.isVisible(), dialog.message.text()
    users = {u.login: u for u in staff.list_users(window.ctx.store, window.ctx.me)}
    assert users["sunmei"].merchant_name == SHOP
    assert page.table.selected() is not None and page.table.selected().merchant_name == SHOP
