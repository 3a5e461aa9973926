"""The base of every page in the main window."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ..context import AppContext
from ..ops import Op

T = TypeVar("T")


class Page(QWidget):
    """A page: a heading, a toolbar row of buttons with visible shortcuts, a body.

    Subclasses fill ``self.body`` and implement :meth:`refresh`, which the
    main window calls when the page is shown and on F5.
    """

    def __init__(self, ctx: AppContext, heading: str) -> None:
        super().__init__()
        self.ctx = ctx
        self.heading = QLabel(heading, self)
        self.heading.setObjectName("pageHeading")
        self.toolbar = QHBoxLayout()
        self.toolbar.setSpacing(8)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addLayout(self.toolbar)
        self.body = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addLayout(self.body, 1)

    def add_action_button(
        self,
        text: str,
        shortcut: QKeySequence | QKeySequence.StandardKey | str,
        slot: Callable[[], object],
        *,
        primary: bool = False,
    ) -> QPushButton:
        """A toolbar button whose label shows its shortcut, e.g. "New (Ctrl+N)"."""
        sequence = QKeySequence(shortcut)
        label = f"{text} ({sequence.toString(QKeySequence.SequenceFormat.NativeText)})"
        button = QPushButton(label, self)
        button.setShortcut(sequence)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        button.clicked.connect(lambda: slot())
        if primary:
            button.setObjectName("primary")
        self.toolbar.addWidget(button)
        return button

    def refresh(self) -> None:
        """Reload what the page shows from the services."""

    def run(self, fn: Callable[[], T], then: Callable[[T], None] | None = None) -> Op[T]:
        """Run a service call off the GUI thread; errors are reported the usual way."""
        op = Op(self, fn)
        if then is not None:
            op.success(then)
        return op.run_in_background()
