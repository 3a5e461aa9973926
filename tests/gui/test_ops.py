"""Background calls (widgets/ops.py): callbacks come back on the GUI thread,
and nothing a screen owns is ever destroyed on a worker thread (Qt objects
deleted off their own thread crash the process some time later)."""

from __future__ import annotations

import gc
import threading
import time

from PySide6.QtCore import QObject, Qt, QThread
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from boxoffice.errors import BoxOfficeError
from widgets import ops

from .conftest import wait_ops


def test_success_and_failure_come_back_on_the_gui_thread(qtbot: QtBot) -> None:
    gui = threading.get_ident()
    seen: list[tuple[str, object, bool]] = []
    ran_on: list[int] = []

    def work() -> int:
        ran_on.append(threading.get_ident())
        return 42

    def refuse() -> int:
        raise BoxOfficeError("No such order.")

    ops.Op(None, work).success(
        lambda v: seen.append(("ok", v, threading.get_ident() == gui))
    ).run_in_background()
    ops.Op(None, refuse).failure(
        lambda e: seen.append(("failed", str(e), threading.get_ident() == gui))
    ).run_in_background()
    wait_ops(qtbot)
    assert sorted(seen) == [("failed", "No such order.", True), ("ok", 42, True)]
    assert ran_on and ran_on[0] != gui


def test_a_window_only_a_finished_call_refers_to_is_destroyed_on_the_gui_thread(
    qtbot: QtBot,
) -> None:
    app = QApplication.instance()
    assert app is not None
    destroyed_on: list[bool] = []

    for _ in range(20):
        window = QWidget()  # a top-level window Python owns, like a closed seat map
        window.destroyed.connect(
            lambda _obj=None: destroyed_on.append(QThread.currentThread() is app.thread()),
            Qt.ConnectionType.DirectConnection,
        )

        def slow(w: QObject = window) -> str:
            time.sleep(0.01)
            return w.objectName()

        ops.Op(None, slow).run_in_background()
        del window, slow  # from here only the call refers to it
    wait_ops(qtbot)
    qtbot.wait(50)  # let every worker return
    gc.collect()
    assert destroyed_on == [True] * 20
