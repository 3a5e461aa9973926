"""The merchant reports page (统计报表), driven by keyboard: a supervisor sees
yesterday's settlement of the snack bar, confirms it paid with the transfer's
reference and exports it to Excel; a merchant's manager sees their own only.

Real main windows on a copy of the demo store; only the operating system's
file dialog is replaced (it would block), by one that answers a path."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from boxoffice.db.store import Store
from boxoffice.ids import new_id
from boxoffice.services import auth, till
from boxoffice.services.seating import PaymentLine
from boxoffice.services.till import GoodsLine
from boxoffice.services.venue_days import day_of, day_start
from tests.test_settlement import ZONE
from tests.test_till import at_till
from widgets.main_window import MainWindow
from widgets.pages import merchant_reports as page_module
from widgets.pages.merchant_reports import ConfirmPaidDialog, MerchantReportsPage

from .conftest import DEFAULT_PASSWORD, wait_ops
from .test_catalogue_pages import activate, open_page, shortcut

MakeWindow = Callable[[str], MainWindow]
ALT = Qt.KeyboardModifier.AltModifier


def sold_yesterday(store: Store, number: str = "Y-0001") -> str:
    """刘洋 took ¥100.00 for the snack bar by card yesterday afternoon (a stall fee)."""
    operator = at_till(store, auth.login(store, "liuyang", DEFAULT_PASSWORD).actor)
    yesterday = day_of(datetime.now(ZONE), ZONE) - timedelta(days=1)
    till.sell_goods(
        store,
        operator,
        order_id=new_id(),
        number=number,
        merchant_id=None,
        shift_id=None,
        lines=[GoodsLine(None, 1, 10000, description="摊位费")],
        payments=[PaymentLine("card", 10000, "POS-1")],
        kind="collection",
        note="摊位费",
        sold_at=day_start(yesterday, ZONE) + timedelta(hours=15),
    )
    return yesterday.isoformat()


def reports_page(qtbot: QtBot, window: MainWindow) -> MerchantReportsPage:
    page = open_page(qtbot, window, "merchant_reports")
    assert isinstance(page, MerchantReportsPage)
    return page


def test_a_supervisor_confirms_yesterdays_settlement_paid_and_exports_it(
    qtbot: QtBot,
    main_window_for: MakeWindow,
    demo_store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    yesterday = sold_yesterday(demo_store)
    window = main_window_for("chenjing")
    page = reports_page(qtbot, window)
    assert page.merchant.isEnabled() and page.merchant.currentText() == "All merchants"
    summary = page.tables["order_summary"]
    snack = next(r for r in summary.visible_rows() if r.merchant_name == "小卖部")
    assert (snack.collections_fen, snack.card_fen, snack.net_fen) == (10000, 10000, 10000)

    # Alt+5: the settlements, made now on this standalone desktop.
    qtbot.keyClick(summary.view, Qt.Key.Key_5, ALT)
    wait_ops(qtbot)
    table = page.tables["settlements"]
    [row] = table.visible_rows()
    assert (row.day.isoformat(), row.merchant_name, row.status) == (yesterday, "小卖部", "open")
    assert (row.sales_fen, row.fee_fen, row.payable_fen) == (10000, 800, 9200)
    assert "Payable ¥92.00, of which still open ¥92.00." in page.totals.text()
    assert table.view.hasFocus()
    qtbot.keyClick(table.view, Qt.Key.Key_Down)
    assert table.selected() == row and page.confirm_button is not None
    assert page.confirm_button.isEnabled()

    shortcut(qtbot, table.view, Qt.Key.Key_F9)
    dialog = page.dialog
    assert isinstance(dialog, ConfirmPaidDialog)
    assert "小卖部 ¥92.00" in dialog.intro.text() and yesterday in dialog.intro.text()
    qtbot.keyClick(dialog.reference, Qt.Key.Key_Return)  # no reference: refused inline
    assert dialog.isVisible() and "reference" in dialog.message.text()
    qtbot.keyClicks(dialog.reference, "ICBC-0001")
    qtbot.keyClick(dialog.reference, Qt.Key.Key_Return)
    wait_ops(qtbot)
    qtbot.waitUntil(lambda: page.dialog is None)
    wait_ops(qtbot)
    [paid] = table.visible_rows()
    assert (paid.status, paid.paid_by, paid.paid_reference) == ("paid", "陈静", "ICBC-0001")
    assert table.selected() == paid and not page.confirm_button.isEnabled()
    assert "confirmed paid" in page.status_label.text()

    # Yesterday's sale queued offline at another till arrives after the payment: F5.
    sold_yesterday(demo_store, "Y-0002")
    activate(qtbot, window)
    qtbot.keyClick(table.view, Qt.Key.Key_F5)
    wait_ops(qtbot)
    [late] = table.visible_rows()
    assert (late.payable_fen, late.late_fen) == (9200, 10000)
    assert table.model.data(table.proxy.mapToSource(table.proxy.index(0, 13))) == "¥100.00"
    assert "Late arrivals on paid days: ¥100.00." in page.totals.text()

    target = tmp_path / "settlements.xlsx"

    class SaveAs:
        @staticmethod
        def getSaveFileName(*_args: object) -> tuple[str, str]:
            return str(target), ""

    monkeypatch.setattr(page_module, "QFileDialog", SaveAs)
    shortcut(qtbot, table.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(target.exists)
    assert "Exported 1 rows" in page.status_label.text()
    ws = load_workbook(target).active
    assert "结算记录" in ws["A1"].value and "All merchants" in ws["A1"].value
    headers = [c.value for c in ws[2]]
    values = dict(zip(headers, [c.value for c in ws[3]], strict=True))
    assert values["商户"] == "小卖部" and values["状态"] == "已打款"
    assert values["应付商户"] == pytest.approx(92.00)
    assert values["转账流水号"] == "ICBC-0001"
    assert values["迟到金额"] == pytest.approx(100.00)


def test_a_merchants_manager_reads_their_own_reports_without_confirming(
    qtbot: QtBot, main_window_for: MakeWindow, demo_store: Store
) -> None:
    sold_yesterday(demo_store)
    window = main_window_for("zhaolei")
    page = reports_page(qtbot, window)
    assert page.merchant.count() == 1 and page.merchant.currentText() == "小卖部"
    assert not page.merchant.isEnabled()
    assert page.confirm_button is None
    qtbot.keyClick(page.tables["order_summary"].view, Qt.Key.Key_3, ALT)  # by operator
    wait_ops(qtbot)
    [operator] = page.tables["by_operator"].visible_rows()
    assert (operator.name, operator.orders, operator.net_fen) == ("刘洋", 1, 10000)
    qtbot.keyClick(page.tables["by_operator"].view, Qt.Key.Key_5, ALT)
    wait_ops(qtbot)
    assert [r.merchant_name for r in page.tables["settlements"].visible_rows()] == ["小卖部"]
