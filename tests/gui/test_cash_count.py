"""Counting a drawer by notes and coins, and a supervisor's confirmation, driven
with the keyboard as a cashier does: digits, Enter, Tab, the arrows."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from boxoffice.errors import ValidationError
from boxoffice.money import DENOMINATIONS_FEN
from widgets.cash_count import (
    CashCountDialog,
    CashCountWidget,
    PiecesSpinBox,
    SupervisorDialog,
    denomination_symbol,
)

from .conftest import wait_ops

INTRO = "Count the cash in the drawer."


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def type_text(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def press(qtbot: QtBot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), key, modifier)


def row_of(count: CashCountWidget) -> int:
    """The denomination whose field has the keyboard."""
    widget = focused()
    assert isinstance(widget, PiecesSpinBox)
    return next(fen for fen, spin in count.spins.items() if spin is widget)


def visible_label_text(dialog: QWidget) -> str:
    return "\n".join(
        label.text() for label in dialog.findChildren(QLabel) if label.isVisibleTo(dialog)
    )


def show(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.addWidget(widget)
    with qtbot.waitExposed(widget):
        widget.show()
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget.window())


@pytest.fixture
def count(qtbot: QtBot) -> Iterator[CashCountWidget]:
    window = QWidget()  # held here: the window owns the widget
    widget = CashCountWidget(window)
    QVBoxLayout(window).addWidget(widget)
    show(qtbot, window)
    widget.focus_first()
    yield widget


@pytest.fixture
def open_dialog(qtbot: QtBot) -> Callable[..., CashCountDialog]:
    def make(**kwargs: object) -> CashCountDialog:
        dialog = CashCountDialog("Close shift", INTRO, None, **kwargs)  # type: ignore[arg-type]
        show(qtbot, dialog)
        return dialog

    return make


def test_denominations_are_written_as_on_the_money() -> None:
    assert [denomination_symbol(fen) for fen in DENOMINATIONS_FEN] == [
        "¥100",
        "¥50",
        "¥20",
        "¥10",
        "¥5",
        "¥1",
        "¥0.5",
        "¥0.1",
    ]


def test_counting_with_the_keyboard_adds_up(qtbot: QtBot, count: CashCountWidget) -> None:
    totals: list[int] = []
    count.total_changed.connect(totals.append)
    assert row_of(count) == 10000
    assert count.total_label.text() == "¥0.00"

    type_text(qtbot, "3")
    press(qtbot, Qt.Key.Key_Return)
    assert row_of(count) == 5000
    for _ in range(5):
        press(qtbot, Qt.Key.Key_Down)
    assert row_of(count) == 50
    type_text(qtbot, "2")

    assert count.total_label.text() == "¥301.00"
    assert count.counts() == {10000: 3, 50: 2}
    assert count.total_fen() == 30100
    assert totals[-1] == 30100
    assert count.subtotals[10000].text() == "¥300.00"
    assert count.subtotals[50].text() == "¥1.00"


def test_up_goes_back_and_typing_replaces_the_count(qtbot: QtBot, count: CashCountWidget) -> None:
    type_text(qtbot, "3")
    press(qtbot, Qt.Key.Key_Tab)
    assert row_of(count) == 5000
    press(qtbot, Qt.Key.Key_Up)
    assert row_of(count) == 10000
    type_text(qtbot, "12")  # the 3 is selected on arrival: typing replaces it
    assert count.counts() == {10000: 12}
    press(qtbot, Qt.Key.Key_Up)  # already the first row
    assert row_of(count) == 10000
    # Emptying the field counts 0 at once, not the last number typed.
    press(qtbot, Qt.Key.Key_Backspace)
    assert count.counts() == {}
    assert count.total_label.text() == "¥0.00"


def test_enter_through_every_row_submits(qtbot: QtBot, count: CashCountWidget) -> None:
    submitted: list[bool] = []
    count.submitted.connect(lambda: submitted.append(True))
    for fen in DENOMINATIONS_FEN[:-1]:
        assert row_of(count) == fen
        type_text(qtbot, "1")
        press(qtbot, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
        assert not submitted
    assert row_of(count) == 10
    type_text(qtbot, "1")
    with qtbot.waitSignal(count.submitted, timeout=1000):
        press(qtbot, Qt.Key.Key_Return)
    assert count.total_fen() == sum(DENOMINATIONS_FEN)
    press(qtbot, Qt.Key.Key_Down)  # already the last row
    assert row_of(count) == 10


def test_set_counts_and_clear(qtbot: QtBot, count: CashCountWidget) -> None:
    with qtbot.waitSignal(count.total_changed) as signal:
        count.set_counts({5000: 2, 10: 5})
    assert signal.args == [10050]
    assert count.counts() == {5000: 2, 10: 5}
    assert count.total_label.text() == "¥100.50"
    with pytest.raises(ValidationError):
        count.set_counts({3000: 1})  # no ¥30 note
    with pytest.raises(ValidationError):
        count.set_counts({100: -1})
    assert count.counts() == {5000: 2, 10: 5}  # a refused count changes nothing
    count.clear()
    assert count.counts() == {}
    assert count.total_label.text() == "¥0.00"


def test_a_click_selects_the_count_so_typing_replaces_it(
    qtbot: QtBot, count: CashCountWidget
) -> None:
    count.set_counts({2000: 4})
    spin = count.spins[2000]
    qtbot.mouseClick(spin.lineEdit(), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: spin.lineEdit().selectedText() == "4")
    type_text(qtbot, "7")
    assert count.counts() == {2000: 7}


def test_full_width_digits_count(count: CashCountWidget) -> None:
    spin = count.spins[100]
    spin.lineEdit().setText("１２")  # what a Chinese keyboard in full-width mode sends
    assert count.counts() == {100: 12}


def test_the_mouse_wheel_never_changes_a_count(qtbot: QtBot, count: CashCountWidget) -> None:
    spin = count.spins[10000]
    type_text(qtbot, "3")
    centre = QPointF(spin.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(spin.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(spin, event)
    assert spin.value() == 3


def test_blind_count_shows_no_expected_amount(
    qtbot: QtBot, open_dialog: Callable[..., CashCountDialog]
) -> None:
    dialog = open_dialog()
    assert row_of(dialog.count) == 10000
    type_text(qtbot, "3")
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "1")

    text = visible_label_text(dialog).lower()
    assert "¥350.00" in text  # the count itself is shown
    for word in ("expected", "difference", "short", "over ", "exact"):
        assert word not in text
    assert dialog.expected_label is None and dialog.difference_label is None
    assert dialog.findChild(QLabel, "cashExpected") is None
    assert dialog.findChild(QLabel, "cashDifference") is None
    assert dialog.difference_fen() is None
    assert dialog.reason_edit is None

    # Enter down the remaining rows; Enter in the last one confirms.
    for _ in DENOMINATIONS_FEN[1:]:
        press(qtbot, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not dialog.isVisible()
    assert dialog.counts() == {10000: 3, 5000: 1}
    assert dialog.total_fen() == 35000
    assert dialog.reason() == ""


def test_difference_is_shown_and_coloured(
    qtbot: QtBot, open_dialog: Callable[..., CashCountDialog]
) -> None:
    dialog = open_dialog(expected_fen=30600)
    assert dialog.expected_label is not None and dialog.difference_label is not None
    assert dialog.expected_label.text() == "¥306.00"
    assert dialog.difference_label.text() == "Short -¥306.00"

    type_text(qtbot, "3")
    for _ in range(6):
        press(qtbot, Qt.Key.Key_Down)
    type_text(qtbot, "2")
    assert dialog.count.total_label.text() == "¥301.00"
    difference = dialog.difference_label
    assert difference.text() == "Short -¥5.00"
    assert difference.property("state") == "short"
    assert "#b91c1c" in difference.styleSheet()  # red
    assert dialog.difference_fen() == -500

    press(qtbot, Qt.Key.Key_Up)
    type_text(qtbot, "6")  # 6 × ¥1 instead of 0: ¥307.00
    assert difference.text() == "Over +¥1.00"
    assert difference.property("state") == "over"
    assert "#b45309" in difference.styleSheet()  # amber

    press(qtbot, Qt.Key.Key_Backspace)  # empty: 0 pieces
    assert difference.text() == "Short -¥5.00"
    type_text(qtbot, "5")
    assert difference.text() == "Exact"
    assert difference.property("state") == "exact"
    assert "#15803d" in difference.styleSheet()  # green
    assert difference.isVisibleTo(dialog)


def test_reason_after_the_last_row(
    qtbot: QtBot, open_dialog: Callable[..., CashCountDialog]
) -> None:
    dialog = open_dialog(expected_fen=10000, ask_reason=True, reason_required=True)
    type_text(qtbot, "1")
    for _ in DENOMINATIONS_FEN[1:]:
        press(qtbot, Qt.Key.Key_Down)
    type_text(qtbot, "3")
    press(qtbot, Qt.Key.Key_Return)  # the last row: on to the reason
    assert focused() is dialog.reason_edit
    assert dialog.isVisible()

    press(qtbot, Qt.Key.Key_Return)  # no reason yet
    assert dialog.isVisible()
    assert dialog.message.isVisible()
    assert focused() is dialog.reason_edit

    type_text(qtbot, "Gave change twice")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.counts() == {10000: 1, 10: 3}
    assert dialog.total_fen() == 10030
    assert dialog.reason() == "Gave change twice"


def test_ctrl_enter_confirms_and_esc_cancels(
    qtbot: QtBot, open_dialog: Callable[..., CashCountDialog]
) -> None:
    dialog = open_dialog(counts={2000: 4})
    assert dialog.total_fen() == 8000
    type_text(qtbot, "1")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.counts() == {10000: 1, 2000: 4}
    assert "Ctrl+Enter" in dialog.ok.text()

    other = open_dialog()
    type_text(qtbot, "2")
    press(qtbot, Qt.Key.Key_Escape)
    assert other.result() == QDialog.DialogCode.Rejected
    assert not other.isVisible()
    assert "Esc" in other.cancel.text()


def test_save_runs_the_callers_service_and_shows_a_refusal(
    qtbot: QtBot, open_dialog: Callable[..., CashCountDialog]
) -> None:
    calls: list[tuple[dict[int, int], str]] = []

    def save(counts: dict[int, int], reason: str) -> str:
        calls.append((counts, reason))
        if len(calls) == 1:
            raise ValidationError("The shift is already closed.")
        return "closed"

    dialog = open_dialog(save=save)
    type_text(qtbot, "2")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_ops(qtbot)
    assert dialog.isVisible()
    assert dialog.message.text() == "The shift is already closed."
    with qtbot.waitSignal(dialog.saved) as saved:
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        wait_ops(qtbot)
    assert saved.args == ["closed"]
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert calls == [({10000: 2}, ""), ({10000: 2}, "")]


def test_dialogs_fit_the_screen(open_dialog: Callable[..., CashCountDialog]) -> None:
    dialog = open_dialog(expected_fen=100, ask_reason=True)
    hint = dialog.sizeHint()
    assert hint.width() <= 1280 and hint.height() <= 800
    assert dialog.height() <= 800


def test_supervisor_types_login_and_password(qtbot: QtBot) -> None:
    dialog = SupervisorDialog("The drawer is short by more than ¥10.00.")
    show(qtbot, dialog)
    assert "short by more than ¥10.00" in visible_label_text(dialog)
    assert dialog.password_edit.echoMode() == QLineEdit.EchoMode.Password
    assert focused() is dialog.login_edit

    type_text(qtbot, "manager")
    press(qtbot, Qt.Key.Key_Return)  # no password yet
    assert dialog.isVisible()
    assert dialog.message.isVisible()
    assert focused() is dialog.password_edit

    type_text(qtbot, "s3cret-Pass")
    assert dialog.password_edit.displayText() != "s3cret-Pass"
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.login() == "manager"
    assert dialog.password() == "s3cret-Pass"


def test_supervisor_refused_by_the_service_tries_again(qtbot: QtBot) -> None:
    tried: list[tuple[str, str]] = []

    def confirm(login: str, password: str) -> str:
        tried.append((login, password))
        if password != "right":
            raise ValidationError("Wrong login name or password.")
        return login

    dialog = SupervisorDialog("Confirm the difference.", confirm=confirm)
    show(qtbot, dialog)
    type_text(qtbot, "manager")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "wrong")
    press(qtbot, Qt.Key.Key_Return)
    wait_ops(qtbot)
    assert dialog.isVisible()
    assert dialog.message.text() == "Wrong login name or password."
    assert dialog.password() == ""
    assert focused() is dialog.password_edit

    with qtbot.waitSignal(dialog.saved) as saved:
        type_text(qtbot, "right")
        press(qtbot, Qt.Key.Key_Return)
        wait_ops(qtbot)
    assert saved.args == ["manager"]
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert tried == [("manager", "wrong"), ("manager", "right")]


def test_supervisor_cancel_forgets_the_password(qtbot: QtBot) -> None:
    dialog = SupervisorDialog("Confirm the difference.")
    show(qtbot, dialog)
    type_text(qtbot, "manager")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "secret")
    press(qtbot, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert dialog.password() == ""
