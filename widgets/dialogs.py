"""Shared by the catalogue, sessions and prices pages: a form dialog that shows
a service's refusal inline, a non-blocking note, and small field helpers."""

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
    carries the service's result.

    Signals:
        saved(object): the service call succeeded; its result.
    """

    saved = Signal(object)

    def __init__(self, title: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
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
        # Spin boxes get visible step arrows (the app style gives them none of their own).
        self.setStyleSheet(
            "QAbstractSpinBox::up-button, QAbstractSpinBox::down-button { width: 18px; }"
        )
        self.buttons = QDialogButtonBox(self)
        self.ok = QPushButton(self.tr("Save (Enter)"), self)
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(14)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def prepare(self) -> Callable[[], Any] | None:
        raise NotImplementedError

    def submit(self) -> None:
        if not self.ok.isEnabled():
            return  # already saving
        job = self.prepare()
        if job is None:
            return
        self.ok.setEnabled(False)
        self.show_message("")
        Op(self, job).success(self._saved).failure(self._refused).run_in_background()

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
        self.ok.setEnabled(True)
        self.saved.emit(result)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        if not isinstance(exc, BoxOfficeError):
            log.error("saving %s failed", type(self).__name__, exc_info=exc)
        self.ok.setEnabled(True)
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


def multi_line(parent: QWidget, max_height: int = 96) -> QPlainTextEdit:
    """A multi-line text field that Tab leaves instead of typing a tab."""
    edit = QPlainTextEdit(parent)
    edit.setTabChangesFocus(True)
    edit.setMaximumHeight(max_height)
    return edit
