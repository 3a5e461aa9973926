"""The base of every page in the main window."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..context import AppContext
from ..ops import Op

T = TypeVar("T")

Shortcut = QKeySequence | QKeySequence.StandardKey | str


def shortcut_label(text: str, shortcut: Shortcut) -> str:
    """The label of a button that shows its shortcut, e.g. "New (Ctrl+N)"."""
    native = QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)
    return f"{text} ({native})"


def relabel(button: QPushButton, text: str) -> None:
    """Give an action button another label; its shortcut stays (setText resets it)."""
    sequence = button.shortcut()
    button.setText(shortcut_label(text, sequence))
    button.setShortcut(sequence)


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

    def work_in_hand(self) -> tuple[str, Callable[[], object]] | None:
        """What logging out now would throw away on this page: a sentence for
        the question asked first, and a call recording it (run off the GUI
        thread, before the session ends). None: nothing would be lost."""
        return None

    def add_action_button(
        self,
        text: str,
        shortcut: Shortcut,
        slot: Callable[[], object],
        *,
        primary: bool = False,
    ) -> QPushButton:
        """A toolbar button whose label shows its shortcut, e.g. "New (Ctrl+N)"."""
        sequence = QKeySequence(shortcut)
        button = QPushButton(shortcut_label(text, sequence), self)
        button.setShortcut(sequence)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        button.clicked.connect(lambda: slot())
        if primary:
            button.setObjectName("primary")
        self.toolbar.addWidget(button)
        return button

    def add_tab_shortcuts(self, tabs: QTabWidget, focus: Sequence[QWidget] = ()) -> None:
        """Alt+1…Alt+n show tab n, Ctrl+Tab and Ctrl+Shift+Tab the next and previous
        one; each tab's title shows its Alt shortcut. The tab shown gives the keyboard
        focus to its widget in ``focus`` (by position), else to the tab itself."""

        def switch_to(index: int) -> None:
            tabs.setCurrentIndex(index % tabs.count())
            current = tabs.currentIndex()
            (focus[current] if current < len(focus) else tabs.currentWidget()).setFocus()

        for index in range(tabs.count()):
            tabs.setTabText(index, f"{tabs.tabText(index)}  (Alt+{index + 1})")
            QShortcut(QKeySequence(f"Alt+{index + 1}"), self, lambda i=index: switch_to(i))
        QShortcut(QKeySequence("Ctrl+Tab"), self, lambda: switch_to(tabs.currentIndex() + 1))
        QShortcut(QKeySequence("Ctrl+Shift+Tab"), self, lambda: switch_to(tabs.currentIndex() - 1))

    def buddy_label(self, text: str, buddy: QWidget) -> QLabel:
        """A label whose mnemonic (the letter after "&") focuses ``buddy``."""
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    def card(self, title: str) -> QFrame:
        """A white box with a heading; fill its layout."""
        card = QFrame(self)
        card.setObjectName("card")
        layout = QVBoxLayout(card)
        layout.setContentsMargins(16, 12, 16, 16)
        layout.setSpacing(10)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)  # heading first, however tall the card
        heading = QLabel(title, card)
        heading.setObjectName("cardHeading")
        layout.addWidget(heading)
        return card

    def open_dialog(self, dialog: QDialog, attribute: str) -> None:
        """Open ``dialog`` window-modal as ``self.<attribute>``, which is None again
        once the dialog has closed (it is deleted then)."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: setattr(self, attribute, None))
        setattr(self, attribute, dialog)
        dialog.open()

    def yes_no(self, value: bool) -> str:
        return self.tr("Yes") if value else self.tr("No")

    def refresh(self) -> None:
        """Reload what the page shows from the services."""

    def run(self, fn: Callable[[], T], then: Callable[[T], None] | None = None) -> Op[T]:
        """Run a service call off the GUI thread; errors are reported the usual way."""
        op = Op(self, fn)
        if then is not None:
            op.success(then)
        return op.run_in_background()
