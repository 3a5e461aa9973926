"""The payment dialog, worked from the keyboard as a cashier works it.

Every key goes to the widget that has the keyboard focus, as a real keyboard's
would, so the tests also pin where the focus goes after each step.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from boxoffice.payments import Charge, PaymentProvider, SimulatedProvider, refund_charges
from devices.scanner import Scan
from tests.gui.conftest import message_box, wait_ops
from widgets.payment_dialog import PaymentDialog, TakenPayment
from widgets.scanning import ScanHub

NONE = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier
WECHAT = "134567890123456789"
ALIPAY = "281234567890123456"
OpenDialog = Callable[..., PaymentDialog]
DECLINED = "134567890123450000"
NO_ANSWER = "134567890123459999"


class GatedProvider(SimulatedProvider):
    """Charges only when the test opens the gate: the dialog's waiting is visible."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.ids: list[str] = []

    def charge(self, pay_code: str, amount_fen: int, order_id: str) -> Charge:
        self.ids.append(order_id)
        assert self.gate.wait(10)
        return super().charge(pay_code, amount_fen, order_id)


@pytest.fixture
def provider() -> SimulatedProvider:
    return SimulatedProvider()


@pytest.fixture
def open_dialog(qtbot: QtBot, provider: SimulatedProvider) -> Iterator[OpenDialog]:
    """``open_dialog(total_fen, ...)``: the dialog shown and active, as the sale screen opens it."""

    def make(
        total_fen: int, *, provider: PaymentProvider = provider, scans: ScanHub | None = None
    ) -> PaymentDialog:
        dialog = PaymentDialog(total_fen, None, order_id="order-1", provider=provider, scans=scans)
        qtbot.addWidget(dialog)
        with qtbot.waitExposed(dialog):
            dialog.open()
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
        return dialog

    yield make
    wait_ops(qtbot)


def focused(dialog: QDialog) -> QWidget:
    widget = dialog.focusWidget()
    assert widget is not None
    return widget


def press(qtbot: QtBot, dialog: QDialog, key: Qt.Key, mod: Qt.KeyboardModifier = NONE) -> None:
    """A key, where the keyboard focus is."""
    qtbot.keyClick(focused(dialog), key, mod)


def type_text(qtbot: QtBot, dialog: QDialog, text: str) -> None:
    qtbot.keyClicks(focused(dialog), text)


# --- Cash ------------------------------------------------------------------------------


def test_exact_cash_is_one_enter(qtbot: QtBot, open_dialog: OpenDialog) -> None:
    dialog = open_dialog(7600)
    assert dialog.total_label.text() == "¥76.00"
    assert dialog.remaining_label.text() == "¥76.00"
    assert focused(dialog) is dialog.tendered
    assert dialog.tendered.selectedText() == "76.00"  # typing replaces it
    assert dialog.method_buttons["cash"].isChecked()
    assert [b.text() for b in dialog.method_buttons.values()] == [
        "Cash (F1)",
        "Bank card (F2)",
        "Mobile pay (F3)",
    ]

    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        press(qtbot, dialog, Qt.Key.Key_Return)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.payments == [TakenPayment("cash", 7600)]
    assert (dialog.tendered_fen, dialog.change_fen) == (7600, 0)
    assert dialog.charges == []


def test_cash_with_change(qtbot: QtBot, open_dialog: OpenDialog) -> None:
    dialog = open_dialog(7600)
    type_text(qtbot, dialog, "100")
    assert dialog.tendered.text() == "100"
    assert dialog.change_label.text() == "Change ¥24.00"
    assert dialog.change_label.isVisible()
    assert dialog.change_label.font().pointSize() >= 28

    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        press(qtbot, dialog, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)

    assert dialog.payments == [TakenPayment("cash", 7600)]
    assert (dialog.tendered_fen, dialog.change_fen) == (10000, 2400)


def test_too_little_cash_is_refused(qtbot: QtBot, open_dialog: OpenDialog) -> None:
    dialog = open_dialog(7600)
    type_text(qtbot, dialog, "50")
    assert dialog.change_label.text() == "Short ¥26.00"

    with qtbot.assertNotEmitted(dialog.accepted):
        press(qtbot, dialog, Qt.Key.Key_Return)

    assert dialog.isVisible()
    assert dialog.message.isVisible()
    assert dialog.message.text().startswith("Tendered cash is less than the amount due.")
    assert dialog.payments == []
    assert dialog.remaining_label.text() == "¥76.00"
    # The amount is selected again for the correction.
    assert focused(dialog) is dialog.tendered
    assert dialog.tendered.selectedText() == "50"


def test_not_an_amount(qtbot: QtBot, open_dialog: OpenDialog) -> None:
    dialog = open_dialog(7600)
    type_text(qtbot, dialog, "abc")
    press(qtbot, dialog, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.message.text() == "“abc” is not an amount of money."
    assert dialog.payments == []


# --- Splits ------------------------------------------------------------------------------


def test_part_cash_then_card(qtbot: QtBot, open_dialog: OpenDialog) -> None:
    dialog = open_dialog(7600)
    type_text(qtbot, dialog, "50")
    press(qtbot, dialog, Qt.Key.Key_Return, CTRL)  # add and keep paying
    assert dialog.isVisible()
    assert dialog.payments == [TakenPayment("cash", 5000)]
    assert (dialog.paid_label.text(), dialog.remaining_label.text()) == ("¥50.00", "¥26.00")
    assert dialog.lines_table.rowCount() == 1
    assert dialog.lines_table.item(0, 0).text() == "Cash"
    assert dialog.lines_table.item(0, 1).text() == "¥50.00"
    assert dialog.tendered.text() == "26.00"

    press(qtbot, dialog, Qt.Key.Key_F2)
    assert dialog.method_buttons["card"].isChecked()
    assert dialog.card_amount.text() == "26.00"
    assert focused(dialog) is dialog.card_reference
    type_text(qtbot, dialog, "0012 3456")
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        press(qtbot, dialog, Qt.Key.Key_Return)

    assert dialog.payments == [TakenPayment("cash", 5000), TakenPayment("card", 2600, "00123456")]
    assert (dialog.tendered_fen, dialog.change_fen) == (5000, 0)


def test_card_for_part_then_cash_with_change(qtbot: QtBot, open_dialog: OpenDialog) -> None:
    dialog = open_dialog(7600)
    press(qtbot, dialog, Qt.Key.Key_F2)
    press(qtbot, dialog, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)  # back to the amount
    assert focused(dialog) is dialog.card_amount
    dialog.card_amount.selectAll()
    type_text(qtbot, dialog, "60")
    press(qtbot, dialog, Qt.Key.Key_Tab)
    type_text(qtbot, dialog, "778899")
    press(qtbot, dialog, Qt.Key.Key_Return)  # does not cover the total: stays open
    assert dialog.isVisible()
    assert dialog.remaining_label.text() == "¥16.00"

    press(qtbot, dialog, Qt.Key.Key_F1)
    assert focused(dialog) is dialog.tendered
    type_text(qtbot, dialog, "20")
    assert dialog.change_label.text() == "Change ¥4.00"
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        press(qtbot, dialog, Qt.Key.Key_Return)
    assert dialog.payments == [TakenPayment("card", 6000, "778899"), TakenPayment("cash", 1600)]
    assert (dialog.tendered_fen, dialog.change_fen) == (2000, 400)


def test_card_reference_is_checked(qtbot: QtBot, open_dialog: OpenDialog) -> None:
    dialog = open_dialog(7600)
    press(qtbot, dialog, Qt.Key.Key_F2)
    type_text(qtbot, dialog, "12")
    press(qtbot, dialog, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert "is not a card reference" in dialog.message.text()
    assert dialog.payments == []


def test_a_card_cannot_pay_more_than_is_due(qtbot: QtBot, open_dialog: OpenDialog) -> None:
    dialog = open_dialog(7600)
    press(qtbot, dialog, Qt.Key.Key_F2)
    dialog.card_amount.setText("80")
    type_text(qtbot, dialog, "123456")
    press(qtbot, dialog, Qt.Key.Key_Return)
    assert dialog.message.text() == "The amount is more than the ¥76.00 still to pay."
    assert dialog.payments == []


def test_del_removes_the_selected_line(qtbot: QtBot, open_dialog: OpenDialog) -> None:
    dialog = open_dialog(7600)
    type_text(qtbot, dialog, "50")
    press(qtbot, dialog, Qt.Key.Key_Return, CTRL)
    assert dialog.remaining_label.text() == "¥26.00"
    # Del in the amount field deletes text, not the line.
    press(qtbot, dialog, Qt.Key.Key_Delete)
    assert dialog.payments == [TakenPayment("cash", 5000)]

    while focused(dialog) is not dialog.lines_table:
        press(qtbot, dialog, Qt.Key.Key_Tab)
    press(qtbot, dialog, Qt.Key.Key_Delete)
    assert dialog.payments == []
    assert dialog.lines_table.rowCount() == 0
    assert dialog.remaining_label.text() == "¥76.00"
    assert dialog.tendered.text() == "76.00"


def test_lines_that_cover_the_total_finish_with_enter(
    qtbot: QtBot, open_dialog: OpenDialog
) -> None:
    dialog = open_dialog(7600)
    press(qtbot, dialog, Qt.Key.Key_Return, CTRL)  # exact cash, but keep the dialog open
    assert dialog.isVisible()
    assert dialog.status.text() == "Paid in full. Press Enter to finish."
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        press(qtbot, dialog, Qt.Key.Key_Return)
    assert dialog.payments == [TakenPayment("cash", 7600)]


# --- Mobile pay ----------------------------------------------------------------------------


def test_mobile_pay_code_is_charged(qtbot: QtBot, open_dialog: OpenDialog) -> None:
    provider = GatedProvider()
    dialog = open_dialog(7600, provider=provider)
    press(qtbot, dialog, Qt.Key.Key_F3)
    assert focused(dialog) is dialog.pay_code
    assert dialog.mobile_amount.text() == "76.00"
    type_text(qtbot, dialog, WECHAT)
    press(qtbot, dialog, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: provider.ids == ["order-1:1"])
    assert dialog.status.text() == "Waiting for the payment service…"
    assert not dialog.confirm.isEnabled()
    dialog.reject()  # Esc while the provider answers: nothing happens
    assert dialog.isVisible()

    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        provider.gate.set()
    (charge,) = dialog.charges
    assert charge.wallet == "wechat" and charge.amount_fen == 7600
    assert dialog.payments == [TakenPayment("mobile", 7600, charge.reference)]
    assert charge.reference.startswith("SIMW")
    # Charged once, under the line's id: asking again returns the same charge.
    assert provider.charge(WECHAT, 7600, "order-1:1") == charge


def test_declined_code_adds_nothing(
    qtbot: QtBot, open_dialog: OpenDialog, provider: SimulatedProvider
) -> None:
    dialog = open_dialog(7600)
    press(qtbot, dialog, Qt.Key.Key_F3)
    type_text(qtbot, dialog, DECLINED)
    press(qtbot, dialog, Qt.Key.Key_Return)
    wait_ops(qtbot)

    assert dialog.isVisible()
    assert dialog.message.text() == "The customer's balance is not enough."
    assert dialog.payments == [] and dialog.charges == []
    assert dialog.remaining_label.text() == "¥76.00"
    assert focused(dialog) is dialog.pay_code and dialog.pay_code.text() == ""

    # The customer pays with another wallet; a declined charge's id is not reused.
    type_text(qtbot, dialog, ALIPAY)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        press(qtbot, dialog, Qt.Key.Key_Return)
    assert dialog.charges[0].order_id == "order-1:2"
    assert dialog.charges[0].wallet == "alipay"


def test_no_answer_is_retried_under_the_same_id(qtbot: QtBot, open_dialog: OpenDialog) -> None:
    dialog = open_dialog(7600)
    press(qtbot, dialog, Qt.Key.Key_F3)
    type_text(qtbot, dialog, NO_ANSWER)
    press(qtbot, dialog, Qt.Key.Key_Return)
    wait_ops(qtbot)
    assert dialog.message.text() == (
        "The payment service did not answer; ask the customer to pay another way."
    )
    assert dialog.payments == []

    type_text(qtbot, dialog, WECHAT)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        press(qtbot, dialog, Qt.Key.Key_Return)
    assert dialog.charges[0].order_id == "order-1:1"


def test_not_a_pay_code(qtbot: QtBot, open_dialog: OpenDialog) -> None:
    dialog = open_dialog(7600)
    press(qtbot, dialog, Qt.Key.Key_F3)
    type_text(qtbot, dialog, "12345")
    press(qtbot, dialog, Qt.Key.Key_Return)
    assert dialog.message.text() == "“12345” is not a mobile pay code."
    assert dialog.payments == []


def test_a_scan_pays_by_mobile(qtbot: QtBot, open_dialog: OpenDialog) -> None:
    hub = ScanHub()
    dialog = open_dialog(7600, scans=hub)
    assert dialog.method_buttons["cash"].isChecked()
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        hub.scanned.emit(Scan(ALIPAY, "wedge"))
    assert dialog.payments[0].method == "mobile"
    assert dialog.charges[0].wallet == "alipay"
    hub.scanned.emit(Scan(WECHAT, "wedge"))  # after the dialog: not heard any more
    assert len(dialog.charges) == 1


def test_part_mobile_then_cash(qtbot: QtBot, open_dialog: OpenDialog) -> None:
    dialog = open_dialog(7600)
    press(qtbot, dialog, Qt.Key.Key_F3)
    press(qtbot, dialog, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    dialog.mobile_amount.selectAll()
    type_text(qtbot, dialog, "30")
    press(qtbot, dialog, Qt.Key.Key_Tab)
    type_text(qtbot, dialog, WECHAT)
    press(qtbot, dialog, Qt.Key.Key_Return)
    wait_ops(qtbot)
    assert dialog.isVisible()
    assert dialog.remaining_label.text() == "¥46.00"
    assert dialog.lines_table.item(0, 0).text() == "Mobile pay"
    assert dialog.lines_table.item(0, 2).text() == dialog.charges[0].reference

    press(qtbot, dialog, Qt.Key.Key_F1)
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        press(qtbot, dialog, Qt.Key.Key_Return)
    assert [p.method for p in dialog.payments] == ["mobile", "cash"]
    assert sum(p.amount_fen for p in dialog.payments) == 7600


def test_removing_a_mobile_line_refunds_it(
    qtbot: QtBot, open_dialog: OpenDialog, provider: SimulatedProvider
) -> None:
    dialog = open_dialog(7600)
    press(qtbot, dialog, Qt.Key.Key_F3)
    type_text(qtbot, dialog, WECHAT)
    press(qtbot, dialog, Qt.Key.Key_Return, CTRL)
    wait_ops(qtbot)
    (charge,) = dialog.charges
    dialog.lines_table.setFocus()
    press(qtbot, dialog, Qt.Key.Key_Delete)

    box = message_box(qtbot)
    assert box.text() == "Refund ¥76.00 to the customer's WeChat Pay and remove the line?"
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.payments == [])
    wait_ops(qtbot)
    assert dialog.charges == []
    assert dialog.remaining_label.text() == "¥76.00"
    with pytest.raises(Exception, match=r"Only ¥0.00"):
        provider.refund(charge.reference, 1, "another")


# --- Cancelling ------------------------------------------------------------------------


def test_esc_cancels(qtbot: QtBot, open_dialog: OpenDialog) -> None:
    dialog = open_dialog(7600)
    with qtbot.waitSignal(dialog.rejected, timeout=1000):
        press(qtbot, dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert dialog.payments == [] and dialog.charges == []


def test_esc_after_a_mobile_charge_asks_and_the_caller_refunds(
    qtbot: QtBot, open_dialog: OpenDialog, provider: SimulatedProvider
) -> None:
    dialog = open_dialog(7600)
    press(qtbot, dialog, Qt.Key.Key_F3)
    press(qtbot, dialog, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    dialog.mobile_amount.selectAll()
    type_text(qtbot, dialog, "30")
    press(qtbot, dialog, Qt.Key.Key_Tab)
    type_text(qtbot, dialog, WECHAT)
    press(qtbot, dialog, Qt.Key.Key_Return)
    wait_ops(qtbot)

    press(qtbot, dialog, Qt.Key.Key_Escape)
    box = message_box(qtbot)
    assert box.text() == (
        "¥30.00 was charged to the customer's phone. Cancel the payment and refund it?"
    )
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # No: keep paying
    qtbot.waitUntil(lambda: not box.isVisible())
    assert dialog.isVisible()

    press(qtbot, dialog, Qt.Key.Key_Escape)
    box = message_box(qtbot)
    with qtbot.waitSignal(dialog.rejected, timeout=1000):
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert [c.amount_fen for c in dialog.charges] == [3000]
    assert len(refund_charges(provider, dialog.charges, "order-1:cancelled")) == 1


def test_fits_the_window_screen(qtbot: QtBot, open_dialog: OpenDialog) -> None:
    dialog = open_dialog(123_456_78)
    assert dialog.width() <= 1280 and dialog.height() <= 800
    assert dialog.total_label.text() == "¥123,456.78"
    assert dialog.total_label.font().pointSize() >= 28
    assert dialog.total_label.font().bold()
