"""Shared by every page: a form dialog that shows a service's refusal inline,
a non-blocking note, and small field helpers."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from boxoffice.errors import BoxOfficeError

from .ops import Op, error_text

log = logging.getLogger(__name__)


class FormDialog(QDialog):
    """A form with an inline message line and Save (Enter) / Cancel (Esc).

    Subclasses fill ``self.form`` and implement :meth:`prepare`, which checks
    what can be checked here and returns the service call to run, or None
    after saying what is wrong. A refusal from the service is shown in the
    dialog, which stays open; on success the dialog closes and ``saved``
    carries the service's result. While the call runs the dialog cannot be
    cancelled: the call completes anyway, and its result is shown when it has.
    A dialog with nothing to save overrides :meth:`submit` instead.

    Signals:
        saved(object): the service call succeeded; its result.
    """

    saved = Signal(object)

    def __init__(self, title: str, parent: QWidget | None, *, ok_text: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.busy = False  # the service call is running
        self._focus_before: QWidget | None = None
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.form.setHorizontalSpacing(12)
        self.form.setVerticalSpacing(10)
        self.message = QLabel(self)
        self.message.setObjectName("errorMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.hide()
        self.buttons = QDialogButtonBox(self)
        self.ok = QPushButton(self.tr("Save (Enter)") if ok_text is None else ok_text, self)
        self.ok.setObjectName("primary")  # before it is first styled
        self.buttons.addButton(self.ok, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setDefault(True)
        self.cancel = self.buttons.addButton(
            self.tr("Cancel (Esc)"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        # Enter in a multi-line field makes a new line; Ctrl+Enter saves from anywhere.
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.submit)
        self.main_layout = QVBoxLayout(self)
        self.main_layout.setContentsMargins(24, 20, 24, 20)
        self.main_layout.setSpacing(14)
        self.main_layout.addLayout(self.form)
        self.main_layout.addWidget(self.message)
        self.main_layout.addWidget(self.buttons)

    def add_intro(self, text: str) -> QLabel:
        """A paragraph above the form that says what the dialog is for."""
        intro = QLabel(text, self)
        intro.setWordWrap(True)
        self.main_layout.insertWidget(0, intro)
        return intro

    def prepare(self) -> Callable[[], Any] | None:
        raise NotImplementedError

    def submit(self) -> None:
        if self.busy:
            return  # already saving
        job = self.prepare()
        if job is None:
            return
        self.busy = True
        self._focus_before = self.focusWidget()
        self.show_message("")
        Op(self, job).disabling(self.ok).success(self._saved).failure(
            self._refused
        ).run_in_background()

    def reject(self) -> None:
        """Esc, Cancel and closing the window do nothing while the service call runs."""
        if not self.busy:
            super().reject()

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.fit_height()

    def fit_height(self) -> None:
        """Grow to fit wrapped text that appeared after opening (Qt does not by itself)."""
        layout = self.layout()
        layout.activate()
        wanted = (
            layout.heightForWidth(self.width())
            if layout.hasHeightForWidth()
            else layout.sizeHint().height()
        )
        if wanted > self.height():
            self.resize(self.width(), wanted)

    def _saved(self, result: object) -> None:
        self.busy = False
        self.saved.emit(result)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        if not isinstance(exc, BoxOfficeError):
            log.error("saving %s failed", type(self).__name__, exc_info=exc)
        self.busy = False
        # Disabling Save moved the focus on if it was there; give it back for the correction.
        focus, self._focus_before = self._focus_before, None
        if focus is not None and focus.isEnabled() and focus.isVisible():
            focus.setFocus()
        self.show_message(self.describe_error(exc))

    def describe_error(self, exc: BaseException) -> str:
        return error_text(exc)


def inform(parent: QWidget, text: str) -> QMessageBox:
    """A short note that does not block the event loop (Enter or Esc closes it)."""
    box = QMessageBox(
        QMessageBox.Icon.Information,
        parent.window().windowTitle(),
        text,
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("information")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def wide(combo: QComboBox) -> QComboBox:
    """A combo box that takes the width of the form, like the text fields."""
    combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return combo


def compact(spin: QAbstractSpinBox, width: int = 160) -> QAbstractSpinBox:
    spin.setMinimumWidth(width)
    return spin


def hint_label(text: str, parent: QWidget) -> QLabel:
    """A grey, word-wrapped note that explains what is around it."""
    label = QLabel(text, parent)
    label.setObjectName("hint")
    label.setStyleSheet("color: #6b7280;")
    label.setWordWrap(True)
    return label


def multi_line(parent: QWidget, max_height: int = 96) -> QPlainTextEdit:
    """A multi-line text field that Tab leaves instead of typing a tab."""
    edit = QPlainTextEdit(parent)
    edit.setTabChangesFocus(True)
    edit.setMaximumHeight(max_height)
    return edit
