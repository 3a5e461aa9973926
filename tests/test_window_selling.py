"""sync/selling.py at a terminal: the window's sale goes straight to the central
store, in the cashier's shift there; with the central store away the same
body is queued and sent later under the same key, so it sells exactly once.
Real central store on loopback, a fault proxy for the network going away."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from boxoffice.bootstrap import DEMO_PASSWORD
from boxoffice.clock import now
from boxoffice.db.models import SaleOrder
from boxoffice.db.store import Store
from boxoffice.errors import Conflict
from boxoffice.services import shifts
from boxoffice.services.shifts import CashCount
from sync import outbox, selling, terminal
from sync.gateway import RemoteGateway
from sync.terminal import SyncRunner
from tests.central_server import CentralServer
from tests.faultproxy import FaultProxy
from tests.test_terminal_link import code_for, general_sale, local_admin, window  # noqa: F401

pytestmark = pytest.mark.usefixtures("memory_keyring")
ZONE = ZoneInfo("Asia/Shanghai")


def test_order_numbers_count_per_day_and_window(window: Store) -> None:  # noqa: F811
    day = now().replace(hour=12)
    first = selling.next_order_number(window, "W01 东门", None, ZONE, day)
    second = selling.next_order_number(window, "W01 东门", None, ZONE, day)
    assert first.endswith("-W01-0001") and second.endswith("-W01-0002")
    tomorrow = selling.next_order_number(window, "W01", None, ZONE, day + timedelta(days=1))
    assert tomorrow.endswith("-0001") and tomorrow[:6] != first[:6]
    assert selling.window_code("1号售票窗口", None) == "1"
    assert selling.window_code("", "019a2b3c-0000-7000-8000-00000000beef") == "BEEF"


def test_a_terminal_sells_in_its_central_shift_and_queues_when_the_store_is_away(
    central: CentralServer,
    window: Store,  # noqa: F811
    central_proxy: FaultProxy,
) -> None:
    link = terminal.register(window, local_admin(window), central_proxy.url, code_for(central))
    client = terminal.connect(link)
    actor = terminal.login(window, link, client, "zhangli", DEMO_PASSWORD).result.actor
    gateway = RemoteGateway(client)
    shift = gateway.call(actor, shifts.open_shift, counts=[CashCount(10000, 1)])
    general = next(s for s in client.sessions() if s["hall_name"] == "小剧场")

    body = {
        **general_sale(central.store, actor, general["id"], "T7-0001"),
        "shift_id": shift.id,
    }
    sold = selling.submit_sale(window, actor, body, client=client)
    assert not sold.queued and sold.receipt is not None
    assert sold.receipt["shift_id"] == shift.id and outbox.pending_count(window) == 0

    # A refusal (the order number is taken) is said at once and queues nothing.
    with pytest.raises(Conflict):
        selling.submit_sale(
            window,
            actor,
            {**general_sale(central.store, actor, general["id"], "T7-0001"), "shift_id": shift.id},
            client=client,
        )
    assert outbox.pending_count(window) == 0

    central_proxy.reset()
    away = {
        **general_sale(central.store, actor, general["id"], "T7-0002"),
        "shift_id": shift.id,
    }
    queued = selling.submit_sale(window, actor, away, client=client)
    assert queued.queued and queued.receipt is None and outbox.pending_count(window) == 1

    central_proxy.passthrough()
    runner = SyncRunner(window, client)
    runner.worker.clock = lambda: now() + timedelta(hours=1)
    assert runner.run_once().queued == 0
    report = gateway.call(actor, shifts.list_shift_report, shift.id)
    assert (report.orders, report.first_order, report.last_order) == (2, "T7-0001", "T7-0002")
    with central.store.reading() as s:
        assert s.scalar(select(func.count()).select_from(SaleOrder)) >= 2
        assert (
            s.scalar(
                select(func.count()).select_from(SaleOrder).where(SaleOrder.number == "T7-0002")
            )
            == 1
        )
