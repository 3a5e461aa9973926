"""Running service calls off the GUI thread, one way for every screen.

``Op(parent, fn).success(cb).failure(cb).run_in_background()`` runs ``fn`` on
Qt's global thread pool and calls back on the GUI thread. Errors are reported
the same way everywhere: a refusal from a service (``BoxOfficeError``) as a
warning in the user's language, anything else as a fault with the details
logged. A failure callback replaces that default report, or, with
``report=True``, runs before it. ``.disabling(button)`` keeps the button that
started the call disabled until the call has ended.
"""

from __future__ import annotations

import functools
import itertools
import logging
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from boxoffice.errors import BoxOfficeError
from boxoffice.permissions import ALL_PERMISSIONS
from sync.client import AuthExpired, InFlight, Refused, SyncError, Unreachable

log = logging.getLogger(__name__)
T = TypeVar("T")

# Calls under way by key; a call stays here until its callback has run on the GUI thread.
_running: dict[int, Op[Any]] = {}
_keys = itertools.count(1)


def busy() -> bool:
    """Whether any operation is still running (tests wait on this)."""
    return bool(_running)


def error_text(exc: BaseException) -> str:
    """What to tell the user about ``exc``, in their language."""
    if isinstance(exc, Refused):  # the central store's refusal: the same words as a local one
        exc = exc.to_error()
    if isinstance(exc, BoxOfficeError):
        params = dict(exc.params)
        if "permission" in params:
            labels = {p.perm.value: p.label for p in ALL_PERMISSIONS}
            label = labels.get(str(params["permission"]), str(params["permission"]))
            params["permission"] = QCoreApplication.translate("core", label)
        return QCoreApplication.translate("core", exc.message).format(**params)
    if isinstance(exc, Unreachable):
        return QCoreApplication.translate(
            "ops",
            "The central store can't be reached right now. Check the network and try again; "
            "a change you were saving may or may not have been made, so look before repeating it.",
        )
    if isinstance(exc, InFlight):
        return QCoreApplication.translate(
            "ops", "The central store is still working on this. Try again in a moment."
        )
    if isinstance(exc, AuthExpired):
        return QCoreApplication.translate(
            "ops", "Your login at the central store has expired. Log out and log in again."
        )
    return QCoreApplication.translate(
        "ops", "Something went wrong: {error}. Nothing was lost; please try again."
    ).format(error=type(exc).__name__)


def report_error(parent: QWidget | None, exc: BaseException) -> QMessageBox:
    """The default way to show a failed operation: a window-modal message that
    does not block the event loop (Enter or Esc closes it)."""
    if isinstance(exc, (BoxOfficeError, SyncError)):
        icon, title = QMessageBox.Icon.Warning, QCoreApplication.translate("ops", "Not done")
    else:
        log.error("operation failed", exc_info=exc)
        icon, title = QMessageBox.Icon.Critical, QCoreApplication.translate("ops", "Error")
    box = QMessageBox(icon, title, error_text(exc), QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorReport")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def ask(parent: QWidget, title: str, text: str, on_yes: Callable[[], object]) -> QMessageBox:
    """A yes/no question that does not block the event loop; No is the default,
    so a stray Enter never confirms something destructive."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.setObjectName("question")
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.accepted.connect(lambda: on_yes())
    box.open()
    return box


class _Dispatcher(QObject):
    """The one object that brings finished calls back to the GUI thread.

    It lives as long as the application and carries only a number: no Qt
    object is made per call, and a worker never holds the last reference to
    anything a screen owns. (A signals object per call, owned by the runnable,
    was destroyed on the pool's thread when the runnable was, and a widget
    whose last reference a worker dropped was deleted off the GUI thread:
    both crashed the process now and then.)"""

    finished = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @Slot(int)
    def _deliver(self, key: int) -> None:
        op = _running.pop(key, None)
        if op is not None:
            op._finish()


_dispatcher: _Dispatcher | None = None


def _work(key: int) -> None:
    """Run on a pool thread: call the operation, keep its outcome on it, and
    let go of every reference before telling the GUI thread."""
    op = _running[key]
    try:
        op._outcome = (True, op.fn())
    except BaseException as exc:  # reported on the GUI thread, never swallowed
        op._outcome = (False, exc)
    del op
    assert _dispatcher is not None
    _dispatcher.finished.emit(key)


class Op(Generic[T]):
    """One service call in the background, with callbacks on the GUI thread."""

    def __init__(self, parent: QWidget | None, fn: Callable[[], T]) -> None:
        self.parent = parent
        self.fn = fn
        self._on_success: Callable[[T], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None
        self._report = True
        self._disabled: list[QWidget] = []
        self._outcome: tuple[bool, Any] = (False, None)

    def success(self, callback: Callable[[T], None]) -> Op[T]:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None], *, report: bool = False) -> Op[T]:
        """Call ``callback`` instead of reporting the error (``report``: before it)."""
        self._on_failure = callback
        self._report = report
        return self

    def disabling(self, widget: QWidget) -> Op[T]:
        """Disable ``widget`` now and enable it again when the call has ended,
        before the success or failure callback runs."""
        widget.setEnabled(False)
        self._disabled.append(widget)
        return self

    def _ended(self) -> None:
        for widget in self._disabled:
            if shiboken6.isValid(widget):
                widget.setEnabled(True)

    def run_in_background(self) -> Op[T]:
        global _dispatcher
        if _dispatcher is None:  # made on the GUI thread, where every call starts
            _dispatcher = _Dispatcher()
        key = next(_keys)
        _running[key] = self
        QThreadPool.globalInstance().start(functools.partial(_work, key))
        return self

    def _finish(self) -> None:
        ok, value = self._outcome
        self._outcome = (False, None)
        if ok:
            self._done(value)
        else:
            self._failed(value)

    def _gone(self) -> bool:
        """Whether the screen that started the call was closed meanwhile (a
        window logged out of): its callbacks would touch deleted widgets."""
        return self.parent is not None and not shiboken6.isValid(self.parent)

    def _done(self, result: T) -> None:
        self._ended()
        if self._gone():
            return
        if self._on_success is not None:
            self._on_success(result)

    def _failed(self, exc: BaseException) -> None:
        self._ended()
        if self._gone():
            log.warning("a call of a closed screen failed: %r", exc)
            return
        if self._on_failure is not None:
            self._on_failure(exc)
        if self._report:
            report_error(self.parent, exc)
