"""Render every main screen, logged in as the role that uses it, to PNG files.

Used by ``python -m boxoffice.screens --out DIR`` to look at what we build,
in Chinese (default) or English, on a fresh copy of the demo data.
"""

from __future__ import annotations

import os
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

from boxoffice import bootstrap
from boxoffice.clock import now
from boxoffice.ids import new_id
from boxoffice.services import (
    auth,
    catalogue,
    orders,
    print_queue,
    seating,
    settlement,
    shifts,
    ticket_keys,
    till,
)
from boxoffice.services.device_settings import set_demo_devices
from boxoffice.services.printouts import (
    SaleContext,
    goods_receipt,
    handover_slip,
    queue_sale_printouts,
)
from boxoffice.services.seating import PaymentLine, SaleLine
from boxoffice.services.settings import get_settings, this_terminal_name
from boxoffice.services.shifts import CashCount
from boxoffice.services.till import GoodsLine
from devices.emulator.printer import VirtualPrinter
from printing.escpos_decode import render_paper_png
from printing.forms import PrinterTestForm
from printing.paper import PAPER_58, PAPER_80
from printing.preview import preview_png
from printing.templates import venue_templates
from printing.ticket_code import TicketClaim, sign
from seatmap.model import Rect, demo
from sync.credentials import CREDENTIAL_FILE_ENV
from sync.selling import next_order_number
from sync.terminal import CentralLink, SyncStatus

from . import ops
from .app import Translations, create_application, open_store
from .context import AppContext
from .designer_window import DesignerWindow
from .devices_ui import DeviceHub
from .login import LoginDialog
from .main_window import MainWindow
from .seat_map_window import SessionSeatMap
from .sync_ui import OverrideDialog, RegisterDialog

# Who uses which screen: (login, page keys).
SCREENS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("zhangli", ("home", "sessions_today", "settings")),
    ("liuyang", ("home",)),
    ("chenjing", ("audit",)),
    ("admin", ("users", "roles", "catalogue", "sessions", "prices", "settings")),
)
SIZE = (1280, 800)
SCREENSHOT_ADMIN_PASSWORD = "Screens-Admin-2026"


def _settle(app: QApplication, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        app.processEvents()
        if not ops.busy() or time.monotonic() > deadline:
            break
        time.sleep(0.01)
    for _ in range(5):
        app.processEvents()


def _save(widget: QWidget, path: Path) -> Path:
    widget.grab().save(str(path))
    return path


def render_all(out: Path, language: str = "zh_CN") -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    app = create_application()
    Translations(app).use(language)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="boxoffice-screens-") as tmp:
        store = open_store(Path(tmp), demo=True)
        try:
            ctx = AppContext(store, Path(tmp), settings=get_settings(store))
            login = LoginDialog(ctx)
            login.set_terminal_name(this_terminal_name(store))
            login.show()
            _settle(app)
            written.append(_save(login, out / "01-login.png"))
            login.close()
            number = 2
            for user, keys in SCREENS:
                demo = next(d for d in bootstrap.DEMO_LOGINS if d.login == user)
                result = auth.login(store, user, demo.password)
                if result.must_change_password:
                    auth.change_own_password(
                        store, result.actor, demo.password, SCREENSHOT_ADMIN_PASSWORD
                    )
                    result = auth.login(store, user, SCREENSHOT_ADMIN_PASSWORD)
                ctx.actor = result.actor
                pages = _page_screens(app, ctx, keys, out, number, demo.role.value)
                written += pages
                number += len(pages)
            designer = _designer_screens(app, ctx, out, number)
            written += designer
            number += len(designer)
            written.append(_seat_map_screen(app, ctx, out, number))
            number += 1
            window = _window_screens(app, ctx, out, number)
            written += window
            number += len(window)
            merchant = _merchant_screens(app, ctx, out, number)
            written += merchant
            number += len(merchant)
            terminal = _terminal_screens(app, ctx, out, number)
            written += terminal
            number += len(terminal)
            written += _printing_screens(app, ctx, out, number)
        finally:
            store.close()
    return written


def _page_screens(
    app: QApplication, ctx: AppContext, keys: tuple[str, ...], out: Path, number: int, who: str
) -> list[Path]:
    """The main window as ``ctx.actor`` sees it, one picture per page."""
    written = []
    window = MainWindow(ctx)
    window.resize(*SIZE)
    window.show()
    for key in keys:
        window.open_page(key)
        _settle(app)
        written.append(_save(window, out / f"{number:02d}-{who}-{key}.png"))
        number += 1
    window.close()
    window.deleteLater()
    _settle(app)
    return written


class _ShownStatus:
    """What a terminal's sync loop would report while the central store is away
    (for the picture only: nothing is sent)."""

    def __init__(self) -> None:
        self.figures = SyncStatus(
            online=False, queued=3, parked=1, last_sync_at=now() - timedelta(minutes=4)
        )

    def status(self) -> SyncStatus:
        return self.figures


def _designer_screens(app: QApplication, ctx: AppContext, out: Path, number: int) -> list[Path]:
    """The venue designer on the demo's grand theatre: the whole hall with two
    rows selected, zoomed in on the stalls, and the numbering dialog."""
    hall = next(h for h in catalogue.list_halls(ctx.store, ctx.me) if h.seating == "reserved")
    window = DesignerWindow(ctx, hall)
    window.resize(*SIZE)
    window.show()
    _settle(app)
    d = window.designer
    d.load(demo.grand_theatre())
    stalls = d.seating.sections[0]
    d.set_section(stalls.id)
    d.select(Rect(0, 0, stalls.columns, 2), cursor=(12, 1))
    d.say(d.tr("Seats numbered."))
    _settle(app)
    written = [_save(window, out / f"{number:02d}-admin-designer.png")]
    d.view.fit()
    d.view.zoom_by(3.0)
    d.view.centerOn(d.cell_rect((stalls.columns // 2, 2)).center())
    d.select(None, cursor=(stalls.columns // 2, 2))
    _settle(app)
    written.append(_save(window, out / f"{number + 1:02d}-admin-designer-zoomed.png"))
    d.number_selection()
    _settle(app)
    if d.dialog is not None:
        written.append(_save(d.dialog, out / f"{number + 2:02d}-admin-designer-numbering.png"))
        d.dialog.reject()
    window.designer.mark_saved()
    window.close()
    _settle(app)
    return written


def _window_screens(app: QApplication, ctx: AppContext, out: Path, number: int) -> list[Path]:
    """A cashier's day: the ticket window with two seats in the cart, the
    order found again after a refund, the ticket check, the blind X report,
    and the handover slip of that real shift once closed (80 and 58 mm)."""
    written: list[Path] = []
    store = ctx.store
    os.environ.setdefault(CREDENTIAL_FILE_ENV, str(ctx.data_dir / "screens-keys.json"))
    cashier = next(d for d in bootstrap.DEMO_LOGINS if d.login == "zhangli")
    boss = next(d for d in bootstrap.DEMO_LOGINS if d.login == "chenjing")
    ctx.actor = me = auth.login(store, cashier.login, cashier.password).actor
    shift = shifts.open_shift(store, me, counts=[CashCount(10000, 3), CashCount(1000, 10)])
    session = next(s for s in catalogue.list_sessions(store, me) if s.hall_name == "大剧场")
    types = {t.name: t for t in catalogue.list_ticket_types(store, me)}
    zone_of = {x.seat_id: x.zone_id for x in seating.list_session_seats(store, me, session.id)}
    prices = {z.id: z.price_fen for z in session.zones}
    sales = []
    for count, kind, method in ((3, "全价", "cash"), (2, "学生", "card")):
        hold = seating.best_available(store, me, session.id, count).hold
        total = sum(types[kind].price_for(prices[zone_of[s] or ""]) for s in hold.seat_ids)
        order_id = new_id()
        sales.append(
            seating.sell(
                store,
                me,
                order_id=order_id,
                number=next_order_number(store, me.terminal_name, me.terminal_id, ctx.zone),
                session_id=session.id,
                hold_id=hold.hold_id,
                lines=[SaleLine(s, types[kind].id) for s in hold.seat_ids],
                payments=[PaymentLine(method, total, "" if method == "cash" else "881234")],
                shift_id=shift.id,
                phone="13800138000",
            )
        )
    first = sales[0]
    orders.refund_tickets(
        store,
        me,
        refund_id=new_id(),
        order_id=first["order_id"],
        ticket_ids=[first["tickets"][0]["ticket_id"]],
        reason="观众临时有事",
        shift_id=shift.id,
    )
    with store.transaction() as db:
        key = ticket_keys.signing_key(db)
    ticket = first["tickets"][1]
    code = sign(TicketClaim(ticket["ticket_id"], session.id, ticket["label"]), key)
    orders.check_ticket(store, me, code)  # checked in once: the window shows "already used"

    window = MainWindow(ctx)
    window.resize(*SIZE)
    window.show()
    page = window.open_page("window")
    _settle(app)
    count = page.findChild(QWidget, "bestCount")
    if count is not None:
        QTest.keyClicks(count, "2")
        QTest.keyClick(count, Qt.Key.Key_Return)
    _settle(app)
    written.append(_save(window, out / f"{number:02d}-cashier-window.png"))
    page = window.open_page("orders")
    _settle(app)
    search = page.findChild(QWidget, "orderSearch")
    if search is not None:
        QTest.keyClicks(search, first["number"])
        QTest.keyClick(search, Qt.Key.Key_Return)
    _settle(app)
    written.append(_save(window, out / f"{number + 1:02d}-cashier-orders.png"))
    page.show_check()  # Ctrl+K
    _settle(app)
    field = page.findChild(QWidget, "checkCode")
    if field is not None:
        QTest.keyClicks(field, code)
        QTest.keyClick(field, Qt.Key.Key_Return)
    _settle(app)
    written.append(_save(window, out / f"{number + 2:02d}-cashier-check.png"))
    window.open_page("shifts")
    _settle(app)
    written.append(_save(window, out / f"{number + 3:02d}-cashier-shift.png"))
    window.close()
    window.deleteLater()
    _settle(app)

    supervisor = auth.login(store, boss.login, boss.password).actor
    expected = shifts.list_shift_report(store, supervisor, shift.id).expected_cash_fen or 0
    z = shifts.close_shift(
        store,
        me,
        shift.id,
        # ¥0.50 short: the slip shows a difference and its reason.
        counts=[
            CashCount(10000, (expected - 50) // 10000),
            CashCount(10, (expected - 50) % 10000 // 10),
        ],
        reason="找零误差",
    )
    slip = handover_slip(
        z, print_queue.venue_header(store), ctx.zone, venue_templates(None, ctx.zone)
    )
    for offset, (paper, name) in enumerate(((PAPER_80, "80mm"), (PAPER_58, "58mm"))):
        path = out / f"{number + 4 + offset:02d}-paper-handover-{name}.png"
        path.write_bytes(preview_png(slip, paper))
        written.append(path)
    return written


def _login_as(ctx: AppContext, login: str) -> None:
    demo = next(d for d in bootstrap.DEMO_LOGINS if d.login == login)
    password = SCREENSHOT_ADMIN_PASSWORD if login == "admin" else demo.password
    ctx.actor = auth.login(ctx.store, login, password).actor


def _merchant_screens(app: QApplication, ctx: AppContext, out: Path, number: int) -> list[Path]:
    """A snack bar's day: the till with a cart being scanned, its receipts
    (商品订单), the receipt on paper, the merchant manager's products, the
    administrator's merchants, and the settlement of yesterday's sales."""
    store = ctx.store
    _login_as(ctx, "liuyang")
    me = ctx.me
    shift = shifts.open_shift(store, me, counts=[CashCount(10000, 2), CashCount(1000, 10)])
    cat = till.list_till_catalogue(store, me)
    by_label = {s.label: s for s in cat.skus}
    sales = []
    for days, items, method in (
        (1, (("咖啡 大杯", 2), ("爆米花 大份", 1)), "mobile"),
        (0, (("可乐 听装", 2), ("矿泉水 550ml", 3)), "cash"),
    ):
        lines = [
            GoodsLine(by_label[n].sku_id, q, by_label[n].price_fen, barcode=by_label[n].barcodes[0])
            for n, q in items
        ]
        total = sum(x.qty * x.unit_price_fen for x in lines)
        sales.append(
            till.sell_goods(
                store,
                me,
                order_id=new_id(),
                number=next_order_number(store, me.terminal_name, me.terminal_id, ctx.zone),
                merchant_id=None,
                shift_id=shift.id,
                lines=lines,
                payments=[PaymentLine(method, total, "" if method == "cash" else "2088123")],
                sold_at=now() - timedelta(days=days),
                delivery_recipient="王先生" if days else "",
                phone="13800138000" if days else "",
                delivery_address="滨江路88号 星海大剧院 3号门" if days else "",
            )
        )
    settlement.produce_settlements(store)
    written: list[Path] = []
    window = MainWindow(ctx)
    window.resize(*SIZE)
    window.show()
    page = window.open_page("till")
    _settle(app)
    entry = page.findChild(QWidget, "tillCode")
    for code in ("2*" + by_label["咖啡 中杯"].barcodes[0], by_label["爆米花 小份"].barcodes[0]):
        if entry is not None:
            QTest.keyClicks(entry, code)
            QTest.keyClick(entry, Qt.Key.Key_Return)
            _settle(app)
    written.append(_save(window, out / f"{number:02d}-merchant-till.png"))
    window.open_page("merchant_orders")
    _settle(app)
    written.append(_save(window, out / f"{number + 1:02d}-merchant-orders.png"))
    window.close()
    window.deleteLater()
    _settle(app)
    who = SaleContext(print_queue.venue_header(store), "小卖部收银台", me.display_name)
    paper = goods_receipt(sales[1], who, venue_templates(None, ctx.zone), tendered_fen=5000)
    path = out / f"{number + 2:02d}-paper-goods-receipt.png"
    path.write_bytes(preview_png(paper, PAPER_80))
    written.append(path)
    number += 3
    for login, key in (
        ("zhaolei", "products"),
        ("admin", "merchants"),
        ("chenjing", "merchant_reports"),
    ):
        _login_as(ctx, login)
        window = MainWindow(ctx)
        window.resize(*SIZE)
        window.show()
        page = window.open_page(key)
        _settle(app)
        tabs = page.findChild(QTabWidget)
        if key == "merchant_reports" and tabs is not None:
            tabs.setCurrentIndex(tabs.count() - 1)  # 结算记录
            _settle(app)
        written.append(_save(window, out / f"{number:02d}-{login}-{key}.png"))
        number += 1
        window.close()
        window.deleteLater()
        _settle(app)
    return written


def _seat_map_screen(app: QApplication, ctx: AppContext, out: Path, number: int) -> Path:
    """A cashier's live seat map of today's reserved session: some seats sold
    and held elsewhere, two chosen by best available."""
    demo_login = next(d for d in bootstrap.DEMO_LOGINS if d.login == "zhangli")
    ctx.actor = auth.login(ctx.store, demo_login.login, demo_login.password).actor
    session = next(s for s in catalogue.list_sessions(ctx.store, ctx.me) if s.hall_name == "大剧场")
    window = SessionSeatMap(ctx, session)
    window.resize(*SIZE)
    window.show()
    _settle(app)
    picker = window.picker
    if picker is not None:
        picker.view.fit()
        picker.choose_best()
    _settle(app)
    path = _save(window, out / f"{number:02d}-cashier-seat-map.png")
    window.close()
    _settle(app)
    return path


def _terminal_screens(app: QApplication, ctx: AppContext, out: Path, number: int) -> list[Path]:
    """The connect dialog (standalone), then a terminal's window while offline
    and the supervisor's confirmation for logging out with unsent sales."""
    written: list[Path] = []
    register = RegisterDialog(ctx)
    register.show()
    _settle(app)
    written.append(_save(register, out / f"{number:02d}-admin-register.png"))
    register.close()
    number += 1
    demo = next(d for d in bootstrap.DEMO_LOGINS if d.login == "zhangli")
    ctx.actor = auth.login(ctx.store, demo.login, demo.password).actor
    ctx.link = CentralLink("https://central.venue.example:8765", "", "1号售票窗口")
    ctx.sync = _ShownStatus()  # type: ignore[assignment]
    try:
        window = MainWindow(ctx)
        window.resize(*SIZE)
        window.show()
        window.sync_label.update_text()
        window.banner.update_from(window.sync_label.status())
        _settle(app)
        written.append(_save(window, out / f"{number:02d}-terminal-offline.png"))
        number += 1
        confirm = OverrideDialog(ctx, 3, window.tr("logging out"), "auth.logout", window)
        confirm.show()
        _settle(app)
        written.append(_save(confirm, out / f"{number:02d}-terminal-override.png"))
        confirm.close()
        window.close()
        window.deleteLater()
        _settle(app)
    finally:
        ctx.link = None
        ctx.sync = None
    return written


def _printing_screens(app: QApplication, ctx: AppContext, out: Path, number: int) -> list[Path]:
    """A real sale printed on the virtual printer (the ticket and the receipt
    as the paper comes out), the print queue with a job held up by paper out,
    the Devices page, and a handover slip's layout."""
    written: list[Path] = []
    store = ctx.store
    cashier = next(d for d in bootstrap.DEMO_LOGINS if d.login == "zhangli")
    actor = auth.login(store, cashier.login, cashier.password).actor
    with tempfile.TemporaryDirectory(prefix="boxoffice-paper-") as paper_dir:
        # Throwaway signing keys for the pictures, not the OS keyring's.
        os.environ.setdefault(CREDENTIAL_FILE_ENV, str(Path(paper_dir) / "keys.json"))
        printer = VirtualPrinter(paper_dir)
        printer.start()
        set_demo_devices(store, printer.host, printer.port)
        hub = DeviceHub(store, app, retry_s=0.1)
        ctx.devices, ctx.scans = hub, hub.scans
        try:
            session = next(
                s for s in catalogue.list_sessions(store, actor) if s.hall_name == "大剧场"
            )
            hold = seating.best_available(store, actor, session.id, 2).hold
            full = next(t for t in catalogue.list_ticket_types(store, actor) if t.name == "全价")
            zones = {
                x.seat_id: x.zone_id for x in seating.list_session_seats(store, actor, session.id)
            }
            prices = {z.id: z.price_fen for z in session.zones}
            total = sum(prices[zones[seat] or ""] for seat in hold.seat_ids)
            order_id = new_id()
            sale = seating.sell(
                store,
                actor,
                order_id=order_id,
                number="W1-" + order_id[-6:].upper(),
                session_id=session.id,
                hold_id=hold.hold_id,
                lines=[SaleLine(seat, full.id) for seat in hold.seat_ids],
                payments=[PaymentLine("cash", total)],
            )
            templates = venue_templates(None, ctx.zone)
            who = SaleContext(
                print_queue.venue_header(store),
                actor.terminal_name,
                actor.display_name,
                ("请提前30分钟检票入场", "演出开始后谢绝入场，不予退票"),
            )
            with store.transaction() as db:
                queue_sale_printouts(
                    db,
                    sale,
                    session,
                    {full.id: full.name},
                    who,
                    templates,
                    tendered_fen=total + 2000,
                )
            hub.start()
            jobs = printer.wait_for_jobs(3, timeout=10)
            for job, name in zip(
                jobs, ("paper-ticket", "paper-ticket-2", "paper-receipt"), strict=False
            ):
                if name != "paper-ticket-2":
                    path = out / f"{number:02d}-{name}.png"
                    path.write_bytes(render_paper_png(job.raw, PAPER_80))
                    written.append(path)
                    number += 1
            printer.set_paper_out(True)
            with store.transaction() as db:
                test = templates.render(
                    "test_page",
                    PrinterTestForm(who.venue, who.terminal, printer.host, "80 mm", now()),
                )
                print_queue.queue_documents(db, [test], printer="receipt")
            hub.wake()
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and not any(st.problem for st in hub.state.values()):
                _settle(app, 0.2)
                time.sleep(0.05)
            ctx.actor = auth.login(store, "admin", SCREENSHOT_ADMIN_PASSWORD).actor
            pages = _page_screens(app, ctx, ("print_queue", "devices"), out, number, "admin")
            written += pages
            number += len(pages)
        finally:
            hub.stop()
            ctx.devices = ctx.scans = None
            printer.stop()
    return written
