"""The central store commits a sale, the answer is lost on the way back, the
terminal restarts and sends the sale again: one sale, same number, same
tickets, same totals — through a real network fault on loopback."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from boxoffice.bootstrap import DEMO_PASSWORD
from boxoffice.clock import now
from boxoffice.db.models import SaleOrder, Ticket
from boxoffice.db.store import Store
from boxoffice.ids import TerminalId, UserId, new_id
from boxoffice.services import catalogue
from boxoffice.services.base import Actor
from sync import outbox
from sync.client import CentralClient
from tests.central_server import serving
from tests.conftest import opened
from tests.faultproxy import FaultProxy


def _client(url: str, registration: dict[str, str]) -> CentralClient:
    return CentralClient(
        url, registration["terminal_id"], registration["terminal_key"], timeout=(2, 5)
    )


@pytest.mark.parametrize("writer_process", [False, True], ids=["writer-thread", "writer-process"])
def test_a_sale_whose_answer_is_lost_is_one_sale_after_restart(
    ready_store: Store, store: Store, tmp_path: Path, writer_process: bool
) -> None:
    terminal_dir = Path(store.path).parent if store.path else tmp_path
    with (
        serving(ready_store, writer_process=writer_process) as central,
        FaultProxy(("127.0.0.1", int(central.url.rsplit(":", 1)[1]))) as proxy,
    ):
        registration = central.terminal("12号售票窗口")
        client = _client(proxy.url, registration)
        staff = client.login("zhangli", DEMO_PASSWORD)
        actor = Actor(
            UserId(staff.user_id),
            staff.login,
            staff.display_name,
            TerminalId(registration["terminal_id"]),
            "12号售票窗口",
            staff.permissions,
        )
        general = next(s for s in client.sessions() if s["hall_name"] == "小剧场")
        full = next(
            t.id for t in catalogue.list_ticket_types(ready_store, actor) if t.name == "全价"
        )
        order_id = new_id()
        body = {
            "order_id": order_id,
            "number": "W12-261122-0001",
            "session_id": general["id"],
            "hold_id": None,
            "lines": [{"seat_id": None, "ticket_type_id": full, "zone_id": None}] * 2,
            "payments": [{"method": "cash", "amount_fen": 24000, "reference": ""}],
        }
        outbox.record_sale(store, actor, body)

        proxy.reset()  # the server will commit, the terminal will never hear
        report = outbox.OutboxWorker(store, client).drain_once()
        assert report.sent == 0 and outbox.pending_count(store) == 1
        with ready_store.reading() as s:  # yet it is sold centrally
            assert (
                s.scalar(
                    select(func.count()).select_from(SaleOrder).where(SaleOrder.id == order_id)
                )
                == 1
            )
        store.close()  # the terminal crashes

        proxy.passthrough()
        with opened(terminal_dir) as restarted:  # and comes back
            again = _client(proxy.url, registration)
            again.login("zhangli", DEMO_PASSWORD)
            worker = outbox.OutboxWorker(restarted, again, clock=_later)
            assert worker.drain_until_empty(deadline_seconds=20).sent == 1
            assert outbox.pending_count(restarted) == 0

        with ready_store.reading() as s:
            orders = list(s.scalars(select(SaleOrder).where(SaleOrder.number == "W12-261122-0001")))
            assert [o.id for o in orders] == [order_id]
            assert orders[0].total_fen == 24000
            assert (
                s.scalar(
                    select(func.count()).select_from(Ticket).where(Ticket.order_id == order_id)
                )
                == 2
            )
        assert proxy.stats.resets >= 1


def _later() -> datetime:
    """Far enough ahead that the backoff after the lost answer has passed."""
    return now() + timedelta(hours=1)
