"""The demo prints to its virtual printer and keeps a picture of every paper
in <data dir>/printed, as the README says."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from boxoffice.clock import now
from boxoffice.services import device_settings, print_queue
from printing.forms import PrinterTestForm
from printing.templates import venue_templates
from widgets.app import open_store, start_demo_printer
from widgets.devices_ui import DeviceHub


def test_the_demo_prints_pictures_of_its_paper(qtbot: QtBot, tmp_path: Path) -> None:
    store = open_store(tmp_path, demo=True)
    printer = start_demo_printer(store, tmp_path)
    hub = DeviceHub(store, QApplication.instance(), retry_s=0.05)  # type: ignore[arg-type]
    try:
        settings = device_settings.get_device_settings(store)
        assert (settings.receipt.host, settings.receipt.port) == (printer.host, printer.port)
        hub.start()
        header = print_queue.venue_header(store)
        doc = venue_templates(tmp_path, ZoneInfo("Asia/Shanghai")).render(
            "test_page", PrinterTestForm(header, "1号售票窗口", printer.host, "80 mm", now())
        )
        with store.transaction() as db:
            print_queue.queue_documents(db, [doc], printer="receipt")
        hub.wake()
        qtbot.waitUntil(lambda: any((tmp_path / "printed").glob("*.png")), timeout=10_000)
        job = printer.wait_for_jobs(1, timeout=5)[0]
        assert "打印测试页" in job.text() and header.name in job.text()
        png = next((tmp_path / "printed").glob("*.png")).read_bytes()
        assert png.startswith(b"\x89PNG")
    finally:
        hub.stop()
        printer.stop()
        store.close()
