"""A line edit for amounts in yuan, checked as it is typed.

What is typed is parsed with :func:`boxoffice.money.parse_fen` — the same
rules everywhere a cashier or an administrator types money — so "480",
"480.00", "¥480" and "1,280.5" all work and nothing ever becomes a float.
A bad amount is marked red and its reason, in the user's language, is the
tooltip and :meth:`MoneyEdit.error`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from boxoffice.errors import ValidationError
from boxoffice.money import Fen, format_fen, parse_fen

from .ops import error_text

_INVALID_STYLE = (
    "QLineEdit { border: 2px solid #b91c1c; border-radius: 4px; padding: 3px;"
    " background: #fef2f2; }"
)


class MoneyEdit(QLineEdit):
    """Signals:
    validity_changed(bool): the text became a valid amount, or stopped being one.
    """

    validity_changed = Signal(bool)

    def __init__(
        self, parent: QWidget | None = None, *, allow_negative: bool = False, required: bool = True
    ) -> None:
        super().__init__(parent)
        self.allow_negative = allow_negative
        self.required = required
        self._error: str | None = None
        self._shown_invalid = False
        self.setPlaceholderText(self.tr("e.g. 480 or 480.00"))
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setMaxLength(20)
        self.textChanged.connect(self._check)
        self.editingFinished.connect(self._show_state)
        self._check()

    # --- value -----------------------------------------------------------------

    def fen(self) -> Fen | None:
        """The amount typed, in fen; None when the text is not a valid amount
        (or empty and not required)."""
        if self._error is not None or not self.text().strip():
            return None
        return parse_fen(self.text(), allow_negative=self.allow_negative)

    def set_fen(self, amount: int | None) -> None:
        """Show ``amount`` as yuan without the currency sign, e.g. ``480.00``."""
        self.setText("" if amount is None else format_fen(amount, symbol=False))
        self._show_state()

    def error(self) -> str | None:
        """Why the text is not an amount, in the user's language; None if it is."""
        return self._error

    def is_valid(self) -> bool:
        return self._error is None

    def show_error(self) -> None:
        """Mark the field now (normally it is marked once editing finishes)."""
        self._show_state(force=True)

    # --- checking ----------------------------------------------------------------

    def _check(self) -> None:
        was_valid = self._error is None
        if not self.text().strip():
            self._error = self.tr("Enter an amount.") if self.required else None
        else:
            try:
                parse_fen(self.text(), allow_negative=self.allow_negative)
            except ValidationError as exc:
                self._error = error_text(exc)
            else:
                self._error = None
        if self._error is None and self._shown_invalid:
            self._show_state()  # clear the red mark as soon as the amount is right
        if was_valid != (self._error is None):
            self.validity_changed.emit(self._error is None)

    def _show_state(self, *, force: bool = False) -> None:
        invalid = self._error is not None and (force or bool(self.text().strip()))
        if invalid == self._shown_invalid:
            if invalid:
                self.setToolTip(self._error or "")
            return
        self._shown_invalid = invalid
        self.setStyleSheet(_INVALID_STYLE if invalid else "")
        self.setToolTip((self._error or "") if invalid else "")
