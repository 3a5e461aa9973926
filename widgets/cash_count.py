"""Counting a cash drawer by notes and coins, and a supervisor's confirmation.

A cashier opens a shift by counting the opening float (备用金) and closes it by
counting the drawer, ¥100 down to ¥0.1, one row per denomination
(:data:`boxoffice.money.DENOMINATIONS_FEN`). :class:`CashCountWidget` is the
count itself; :class:`CashCountDialog` puts it in a dialog, with the expected
amount and the live difference only when the caller passes one (a blind close
shows neither, so the count cannot be made to fit); :class:`SupervisorDialog`
collects a supervisor's own login name and password when a difference needs
one. Neither dialog checks anything a service should: an optional ``save`` /
``confirm`` callable runs off the GUI thread, and its refusal is shown inline
with the dialog left open, as in :class:`widgets.dialogs.FormDialog`.

Keys in the count: type the number of pieces (typing replaces what is there);
Tab, Down or Enter goes to the next denomination, Up (or Shift+Tab) back;
Enter in the last row finishes the count. Ctrl+Enter confirms a dialog from
anywhere, Esc cancels.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QValidator, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from boxoffice.money import DENOMINATIONS_FEN, count_total, format_fen

from .dialogs import FormDialog, hint_label

MAX_PIECES = 100_000  # as boxoffice.money.count_total allows

# What a Chinese keyboard may send in full-width mode.
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

_TOTAL_STYLE = "font-size: 24pt; font-weight: 700; color: #1f2a37;"
_SUBTOTAL_STYLE = "font-size: 12pt; color: {color};"
_DENOMINATION_STYLE = "font-size: 14pt; font-weight: 700; color: #1f2a37;"
_PIECES_STYLE = (
    "QSpinBox { font-size: 14pt; padding: 3px 10px; min-height: 26px; }"
    " QSpinBox:focus { background: #eff6ff; }"
    ' QSpinBox[zero="true"] { color: #9ca3af; }'
    " QSpinBox::up-button, QSpinBox::down-button { width: 0px; border: none; image: none; }"
)
_HEADER_STYLE = "color: #6b7280; font-size: 9.5pt; font-weight: 600;"
_MUTED = "#9ca3af"
_INK = "#1f2a37"

# Difference colours: short, over, exact (text, background, border).
_SHORT = ("#b91c1c", "#fef2f2", "#fecaca")
_OVER = ("#b45309", "#fffbeb", "#fde68a")
_EXACT = ("#15803d", "#f0fdf4", "#bbf7d0")


def denomination_symbol(fen: int) -> str:
    """``10000`` -> ``¥100``, ``50`` -> ``¥0.5``: how a note or coin is written."""
    yuan, rest = divmod(fen, 100)
    if rest == 0:
        return f"¥{yuan}"
    return f"¥{yuan}.{f'{rest:02d}'.rstrip('0')}"


def denomination_name(fen: int) -> str:
    """The note or coin in words, in the user's language: 100 yuan, 5 jiao (5角)."""
    if fen % 100 == 0:
        return QCoreApplication.translate("CashCountWidget", "{count} yuan").format(
            count=fen // 100
        )
    return QCoreApplication.translate("CashCountWidget", "{count} jiao").format(count=fen // 10)


def signed_fen(amount: int) -> str:
    """A difference with its sign: ``+¥5.00``, ``-¥5.00``, ``¥0.00``."""
    return ("+" if amount > 0 else "") + format_fen(amount)


class PiecesSpinBox(QSpinBox):
    """The number of pieces of one note or coin: typing replaces it, an empty
    field is 0, full-width digits count, and the mouse wheel never changes it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(0, MAX_PIECES)
        # No step buttons: the keys move between rows. (ButtonSymbols.NoButtons
        # under a style sheet leaves the text field 1 px wide in Qt 6.11, so the
        # buttons are styled away instead.)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)
        self.lineEdit().setTextMargins(6, 0, 8, 0)
        self.setProperty("zero", False)
        self.show_zero()

    def show_zero(self) -> None:
        """Grey out a count of 0 (a style sheet's ``[zero="true"]``)."""
        zero = self.value() == 0
        if self.property("zero") != zero:
            self.setProperty("zero", zero)
            self.style().unpolish(self)
            self.style().polish(self)

    def validate(self, text: str, pos: int) -> object:
        text = text.translate(_FULLWIDTH_DIGITS)
        if not text.strip():
            return QValidator.State.Acceptable, text, pos
        return super().validate(text, pos)

    def valueFromText(self, text: str) -> int:
        text = text.translate(_FULLWIDTH_DIGITS).strip()
        return 0 if not text else super().valueFromText(text)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.selectAll()
        if event.reason() == Qt.FocusReason.MouseFocusReason:
            # The click that focused the field would place the cursor after this.
            QTimer.singleShot(0, self, self.selectAll)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if not self.text().strip():
            self.setValue(0)
            self.lineEdit().setText(self.textFromValue(0))

    def wheelEvent(self, event: QWheelEvent) -> None:
        event.ignore()  # scrolling past must not change a count


class CashCountWidget(QWidget):
    """One row per denomination (¥100 … ¥0.1): pieces, the row's amount, and
    a large total.

    Signals:
        total_changed(int): the total in fen, whenever a count changes.
        submitted(): Enter in the last row: the cashier has finished counting.
    """

    total_changed = Signal(int)
    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cashCount")
        self._total = 0
        self.spins: dict[int, PiecesSpinBox] = {}
        self.subtotals: dict[int, QLabel] = {}

        card = QFrame(self)
        card.setObjectName("card")
        grid = QGridLayout(card)
        grid.setContentsMargins(18, 12, 18, 12)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(1, 1)
        grid.setColumnMinimumWidth(4, 130)
        for column, text in (
            (0, self.tr("Note / coin")),
            (2, self.tr("Pieces")),
            (4, self.tr("Amount")),
        ):
            header = QLabel(text, card)
            header.setStyleSheet(_HEADER_STYLE)
            align = Qt.AlignmentFlag.AlignLeft if column == 0 else Qt.AlignmentFlag.AlignRight
            grid.addWidget(header, 0, column, alignment=align | Qt.AlignmentFlag.AlignBottom)

        for row, fen in enumerate(DENOMINATIONS_FEN, start=1):
            symbol = QLabel(denomination_symbol(fen), card)
            symbol.setStyleSheet(_DENOMINATION_STYLE)
            symbol.setMinimumWidth(70)
            name = QLabel(denomination_name(fen), card)
            name.setStyleSheet(f"color: {_MUTED};")
            times = QLabel("×", card)
            times.setStyleSheet(f"color: {_MUTED}; font-size: 12pt;")
            spin = PiecesSpinBox(card)
            spin.setObjectName(f"pieces{fen}")
            spin.setAccessibleName(self.tr("Pieces of {note}").format(note=denomination_name(fen)))
            spin.setFixedWidth(120)
            spin.setStyleSheet(_PIECES_STYLE)
            spin.valueChanged.connect(lambda _v, f=fen: self._changed(f))
            spin.installEventFilter(self)
            subtotal = QLabel(card)
            subtotal.setObjectName(f"subtotal{fen}")
            subtotal.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.spins[fen] = spin
            self.subtotals[fen] = subtotal
            denomination = QHBoxLayout()
            denomination.setSpacing(8)
            denomination.addWidget(symbol)
            denomination.addWidget(name)
            denomination.addStretch(1)
            grid.addLayout(denomination, row, 0, 1, 2)
            grid.addWidget(times, row, 1, alignment=Qt.AlignmentFlag.AlignRight)
            grid.addWidget(spin, row, 2)
            equals = QLabel("=", card)
            equals.setStyleSheet(f"color: {_MUTED}; font-size: 12pt;")
            grid.addWidget(equals, row, 3)
            grid.addWidget(subtotal, row, 4)

        rule = QFrame(card)
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setStyleSheet("color: #e5e7eb;")
        grid.addWidget(rule, len(DENOMINATIONS_FEN) + 1, 0, 1, 5)
        total_caption = QLabel(self.tr("Total counted"), card)
        total_caption.setStyleSheet(f"font-size: 12pt; font-weight: 600; color: {_INK};")
        self.total_label = QLabel(card)
        self.total_label.setObjectName("cashTotal")
        self.total_label.setStyleSheet(_TOTAL_STYLE)
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        last = len(DENOMINATIONS_FEN) + 2
        grid.addWidget(total_caption, last, 0, 1, 2, alignment=Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(self.total_label, last, 2, 1, 3)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(card)
        ordered = list(self.spins.values())
        for before, after in pairwise(ordered):
            QWidget.setTabOrder(before, after)
        self.setFocusProxy(ordered[0])
        self._show_all()

    # --- the count ---------------------------------------------------------------

    def counts(self) -> dict[int, int]:
        """Pieces by denomination in fen, only those counted (non-zero)."""
        return {fen: spin.value() for fen, spin in self.spins.items() if spin.value()}

    def total_fen(self) -> int:
        return int(count_total(self.counts()))

    def set_counts(self, counts: dict[int, int]) -> None:
        """Show a count (denominations not given are 0). Raises
        :class:`boxoffice.errors.ValidationError` for an unknown denomination
        or a bad number of pieces, and then changes nothing."""
        count_total(counts)
        for fen, spin in self.spins.items():
            spin.blockSignals(True)
            spin.setValue(counts.get(fen, 0))
            spin.blockSignals(False)
        self._show_all()

    def clear(self) -> None:
        self.set_counts({})

    def focus_first(self) -> None:
        """Put the cursor in the first row (¥100), its count selected."""
        self._focus(0)

    # --- keys ----------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(watched, PiecesSpinBox):
            assert isinstance(event, QKeyEvent)
            modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if modifiers == Qt.KeyboardModifier.NoModifier:
                index = list(self.spins.values()).index(watched)
                key = event.key()
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    watched.interpretText()
                    if index == len(self.spins) - 1:
                        self.submitted.emit()
                    else:
                        self._focus(index + 1)
                    return True
                if key == Qt.Key.Key_Down:
                    self._focus(min(index + 1, len(self.spins) - 1))
                    return True
                if key == Qt.Key.Key_Up:
                    self._focus(max(index - 1, 0))
                    return True
        return super().eventFilter(watched, event)

    def _focus(self, index: int) -> None:
        spin = list(self.spins.values())[index]
        spin.setFocus(Qt.FocusReason.TabFocusReason)
        spin.selectAll()

    # --- showing -------------------------------------------------------------------

    def _changed(self, fen: int) -> None:
        self._show_row(fen)
        self._show_total()

    def _show_all(self) -> None:
        for fen in self.spins:
            self._show_row(fen)
        self._show_total()

    def _show_row(self, fen: int) -> None:
        spin = self.spins[fen]
        spin.show_zero()
        amount = fen * spin.value()
        label = self.subtotals[fen]
        label.setText(format_fen(amount))
        label.setStyleSheet(_SUBTOTAL_STYLE.format(color=_INK if amount else _MUTED))

    def _show_total(self) -> None:
        total = self.total_fen()
        self.total_label.setText(format_fen(total))
        if total != self._total:
            self._total = total
            self.total_changed.emit(total)


class CashCountDialog(FormDialog):
    """A count of the drawer in a dialog.

    ``expected_fen`` None is a blind count: neither the expected amount nor
    the difference is anywhere in the dialog. Given, both are shown, the
    difference live and coloured (red short, amber over, green exact).
    ``ask_reason`` adds a one-line reason field (required with
    ``reason_required``). Without ``save`` the dialog simply accepts; with it,
    ``save(counts, reason)`` runs off the GUI thread, a refusal is shown in
    the dialog (which stays open), and on success ``saved`` carries its result.

    Signals:
        saved(object): ``save``'s result (None without ``save``), before it closes.
    """

    def __init__(
        self,
        title: str,
        intro: str,
        parent: QWidget | None = None,
        *,
        expected_fen: int | None = None,
        ask_reason: bool = False,
        reason_required: bool = False,
        counts: dict[int, int] | None = None,
        ok_text: str | None = None,
        save: Callable[[dict[int, int], str], object] | None = None,
    ) -> None:
        super().__init__(
            title,
            parent,
            ok_text=ok_text if ok_text is not None else self.tr("Confirm (Ctrl+Enter)"),
        )
        self.setObjectName("cashCountDialog")
        self.setMinimumWidth(560)
        self.expected_fen = expected_fen
        self.reason_required = reason_required
        self._save = save
        self.add_intro(intro).setObjectName("cashCountIntro")
        self.count = CashCountWidget(self)
        self.main_layout.insertWidget(1, self.count)

        self.expected_label: QLabel | None = None
        self.difference_label: QLabel | None = None
        self.difference_panel: QFrame | None = None
        if expected_fen is not None:
            self._add_difference(expected_fen)

        self.reason_edit: QLineEdit | None = None
        if ask_reason:
            self.reason_edit = QLineEdit(self)
            self.reason_edit.setObjectName("cashReason")
            self.reason_edit.setMaxLength(200)
            self.reason_edit.setPlaceholderText(
                self.tr("Why the drawer is over or short, if it is")
                if not reason_required
                else self.tr("Required: why the drawer is over or short")
            )
            self.form.addRow(self.tr("&Reason"), self.reason_edit)

        keys = hint_label(
            self.tr(
                "Type the number of pieces; Enter or ↓ goes to the next row, ↑ back. "
                "Enter in the last row confirms."
            )
            if self.reason_edit is None
            else self.tr(
                "Type the number of pieces; Enter or ↓ goes to the next row, ↑ back. "
                "Enter in the last row goes to the reason."
            ),
            self,
        )
        keys.setObjectName("cashCountKeys")
        self.main_layout.insertWidget(self.main_layout.indexOf(self.message), keys)

        chain: list[QWidget] = [*self.count.spins.values()]
        if self.reason_edit is not None:
            chain.append(self.reason_edit)
        chain += [self.ok, self.cancel]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

        self.count.submitted.connect(self._count_finished)
        self.count.total_changed.connect(self._show_difference)
        if counts:
            self.count.set_counts(counts)
        self._show_difference(self.count.total_fen())
        self.count.focus_first()

    # --- what was counted --------------------------------------------------------

    def counts(self) -> dict[int, int]:
        return self.count.counts()

    def total_fen(self) -> int:
        return self.count.total_fen()

    def reason(self) -> str:
        """The reason typed, stripped; "" when none was asked for or typed."""
        return self.reason_edit.text().strip() if self.reason_edit is not None else ""

    # --- confirming ----------------------------------------------------------------

    def submit(self) -> None:
        if self.busy:
            return
        if self.reason_required and self.reason_edit is not None and not self.reason():
            self.show_message(self.tr("Write why the drawer is over or short."))
            self.reason_edit.setFocus()
            return
        if self._save is None:
            self.saved.emit(None)
            self.accept()
            return
        super().submit()

    def prepare(self) -> Callable[[], object] | None:
        save = self._save
        assert save is not None
        counts, reason = self.counts(), self.reason()
        return lambda: save(counts, reason)

    def _count_finished(self) -> None:
        if self.reason_edit is not None:
            self.reason_edit.setFocus(Qt.FocusReason.TabFocusReason)
        else:
            self.submit()

    # --- the difference ------------------------------------------------------------

    def _add_difference(self, expected_fen: int) -> None:
        panel = QFrame(self)
        panel.setObjectName("cashDifferencePanel")
        row = QHBoxLayout(panel)
        row.setContentsMargins(18, 10, 18, 10)
        row.setSpacing(12)
        caption = QLabel(self.tr("Expected in the drawer"), panel)
        caption.setStyleSheet(f"color: {_INK}; background: transparent;")
        self.expected_label = QLabel(format_fen(expected_fen), panel)
        self.expected_label.setObjectName("cashExpected")
        self.expected_label.setStyleSheet(
            f"font-size: 14pt; font-weight: 600; color: {_INK}; background: transparent;"
        )
        self.difference_label = QLabel(panel)
        self.difference_label.setObjectName("cashDifference")
        self.difference_label.setAlignment(
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        self.difference_label.setSizePolicy(
            QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred
        )
        row.addWidget(caption)
        row.addWidget(self.expected_label)
        row.addWidget(self.difference_label, 1)
        self.difference_panel = panel
        self.main_layout.insertWidget(2, panel)

    def _show_difference(self, total: int) -> None:
        if self.expected_fen is None or self.difference_label is None:
            return
        assert self.difference_panel is not None
        difference = total - self.expected_fen
        if difference < 0:
            (color, background, border), state = _SHORT, "short"
            text = self.tr("Short {amount}").format(amount=signed_fen(difference))
        elif difference > 0:
            (color, background, border), state = _OVER, "over"
            text = self.tr("Over {amount}").format(amount=signed_fen(difference))
        else:
            (color, background, border), state = _EXACT, "exact"
            text = self.tr("Exact")
        self.difference_label.setText(text)
        self.difference_label.setProperty("state", state)
        self.difference_label.setStyleSheet(
            f"font-size: 18pt; font-weight: 700; color: {color}; background: transparent;"
        )
        self.difference_panel.setStyleSheet(
            f"#cashDifferencePanel {{ background: {background}; border: 1px solid {border};"
            " border-radius: 8px; }"
        )

    def difference_fen(self) -> int | None:
        """Counted minus expected; None in a blind count."""
        return None if self.expected_fen is None else self.total_fen() - self.expected_fen


class SupervisorDialog(FormDialog):
    """A supervisor types their own login name and password at this window.

    The dialog only collects them. Without ``confirm`` it accepts once both
    are filled in and the caller reads :meth:`login` and :meth:`password`;
    with it, ``confirm(login, password)`` (the caller's service, which checks
    them) runs off the GUI thread, a refusal is shown in the dialog with the
    password cleared, and on success ``saved`` carries its result.

    Signals:
        saved(object): ``confirm``'s result (None without ``confirm``).
    """

    def __init__(
        self,
        explanation: str,
        parent: QWidget | None = None,
        *,
        title: str | None = None,
        ok_text: str | None = None,
        confirm: Callable[[str, str], object] | None = None,
    ) -> None:
        super().__init__(
            title if title is not None else self.tr("Supervisor confirmation"),
            parent,
            ok_text=ok_text if ok_text is not None else self.tr("Confirm (Enter)"),
        )
        self.setObjectName("supervisorDialog")
        self._confirm = confirm
        self.explanation = self.add_intro(explanation)
        self.explanation.setObjectName("supervisorExplanation")
        self.explanation.setTextFormat(Qt.TextFormat.PlainText)
        self.explanation.setStyleSheet(
            "background: #fffbeb; color: #92400e; border: 1px solid #fde68a;"
            " border-radius: 6px; padding: 10px 12px;"
        )
        self.login_edit = QLineEdit(self)
        self.login_edit.setObjectName("supervisorLogin")
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("supervisorPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow(self.tr("Supervisor &login"), self.login_edit)
        self.form.addRow(self.tr("&Password"), self.password_edit)
        self.main_layout.insertWidget(
            self.main_layout.indexOf(self.message),
            hint_label(self.tr("The supervisor types their own login name and password."), self),
        )
        self.login_edit.setFocus()

    def login(self) -> str:
        return self.login_edit.text().strip()

    def password(self) -> str:
        return self.password_edit.text()

    def submit(self) -> None:
        if self.busy:
            return
        if not self.login() or not self.password():
            self.show_message(self.tr("Enter the supervisor's login name and password."))
            (self.login_edit if not self.login() else self.password_edit).setFocus()
            return
        if self._confirm is None:
            self.saved.emit(None)
            self.accept()
            return
        super().submit()

    def prepare(self) -> Callable[[], object] | None:
        confirm = self._confirm
        assert confirm is not None
        login, password = self.login(), self.password()
        return lambda: confirm(login, password)

    def _refused(self, exc: BaseException) -> None:
        super()._refused(exc)
        self.password_edit.clear()
        self.password_edit.setFocus()

    def reject(self) -> None:
        super().reject()
        if not self.busy:
            self.password_edit.clear()
