"""sync/terminal.py: registering a computer with a central store, staff logins
through it (and from the local cache when it is away), the sync loop's status,
and the supervisor's override for unsent sales. Real central store, real HTTP
on loopback, a fault proxy for the network going away."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from boxoffice.bootstrap import DEMO_PASSWORD, INITIAL_ADMIN_LOGIN, INITIAL_ADMIN_PASSWORD
from boxoffice.clock import now
from boxoffice.db.models import SaleOrder, Setting, User
from boxoffice.db.store import Store
from boxoffice.errors import AuthenticationFailed, Conflict, PermissionDenied, ValidationError
from boxoffice.ids import new_id
from boxoffice.permissions import Perm
from boxoffice.services import auth, catalogue, staff, ticket_keys
from boxoffice.services.base import Actor
from boxoffice.services.credentials import create_terminal_code_at_server
from sync import outbox, terminal
from sync.client import Refused
from sync.terminal import CentralLink, SyncRunner
from tests.central_server import CentralServer
from tests.conftest import READY_PASSWORDS, audit_entries, copy_data_dir, opened
from tests.faultproxy import FaultProxy
from tests.memkeyring import MemoryKeyring

pytestmark = pytest.mark.usefixtures("memory_keyring")


@pytest.fixture
def window(tmp_path: Path, ready_template: Path) -> Iterator[Store]:
    """A computer about to become a window: a store of its own, with its own admin."""
    with opened(copy_data_dir(ready_template, tmp_path / "window")) as store:
        yield store


def local_admin(store: Store) -> Actor:
    return auth.login(store, "admin", READY_PASSWORDS["admin"]).actor


def code_for(central: CentralServer, name: str = "7号售票窗口") -> str:
    return create_terminal_code_at_server(central.store, name=name, kind="window").code


def registered(window: Store, url: str, central: CentralServer) -> CentralLink:
    return terminal.register(
        window, local_admin(window), url, code_for(central), allow_insecure=False
    )


def general_sale(
    central_store: Store, actor: Actor, session_id: str, number: str
) -> dict[str, Any]:
    full = next(t.id for t in catalogue.list_ticket_types(central_store, actor) if t.name == "全价")
    return {
        "order_id": new_id(),
        "number": number,
        "session_id": session_id,
        "hold_id": None,
        "lines": [{"seat_id": None, "ticket_type_id": full, "zone_id": None}],
        "payments": [{"method": "cash", "amount_fen": 12000, "reference": ""}],
    }


# --- Registering ----------------------------------------------------------------------------------


def test_registering_makes_the_computer_a_terminal_whose_key_is_only_in_the_keyring(
    central: CentralServer, window: Store, memory_keyring: MemoryKeyring
) -> None:
    link = registered(window, central.url, central)

    assert link.terminal_name == "7号售票窗口" and terminal.read_link(window) == link
    keys = [v for (_s, account), v in memory_keyring.entries.items() if account != "terminal"]
    assert len(keys) == 1
    data_dir = Path(window.path).parent if window.path else None
    assert data_dir is not None
    window.close()
    assert not [
        p for p in data_dir.rglob("*") if p.is_file() and keys[0].encode() in p.read_bytes()
    ]


def test_registering_replaces_the_local_accounts_with_the_central_stores(
    central: CentralServer, window: Store
) -> None:
    registered(window, central.url, central)

    assert [e.action for e in audit_entries(window)][-1] == "terminal.register"
    with window.reading() as session:
        assert session.scalar(select(func.count()).select_from(User)) == 0
    with pytest.raises(AuthenticationFailed):  # the computer's own admin is gone
        auth.login(window, "admin", READY_PASSWORDS["admin"])


def test_only_an_administrator_registers_and_a_refusal_spends_no_code(
    central: CentralServer, window: Store
) -> None:
    cashier = auth.login(window, "zhangli", DEMO_PASSWORD).actor
    code = code_for(central)
    with pytest.raises(PermissionDenied):
        terminal.register(window, cashier, central.url, code)
    assert terminal.read_link(window) is None
    # The code still works for the administrator.
    assert terminal.register(window, local_admin(window), central.url, code).terminal_name


def test_a_wrong_code_is_refused_and_nothing_changes(central: CentralServer, window: Store) -> None:
    with pytest.raises(Refused):
        terminal.register(window, local_admin(window), central.url, "WRONG-CODE-1234")
    assert terminal.read_link(window) is None
    assert auth.login(window, "admin", READY_PASSWORDS["admin"]).actor.login == "admin"


def test_a_terminal_is_not_registered_twice(central: CentralServer, window: Store) -> None:
    link = registered(window, central.url, central)
    # The central store's administrator, now known here.
    admin = terminal.login(
        window, link, terminal.connect(link), "admin", READY_PASSWORDS["admin"]
    ).result.actor
    with pytest.raises(Conflict):
        terminal.register(window, admin, central.url, code_for(central, "8号售票窗口"))


def test_a_computer_with_its_own_sales_cannot_become_a_terminal(
    central: CentralServer, window: Store, admin: Actor
) -> None:
    with window.transaction() as session:
        session.add(
            SaleOrder(
                id=new_id(),
                number="LOCAL-0001",
                terminal_id=new_id(),
                user_id=admin.user_id,
                created_at=now(),
                total_fen=12000,
            )
        )
    with pytest.raises(Conflict):
        registered(window, central.url, central)


# --- Logging in -----------------------------------------------------------------------------------


def test_staff_log_in_through_the_central_store_and_are_cached_here(
    central: CentralServer, window: Store
) -> None:
    link = registered(window, central.url, central)
    client = terminal.connect(link)

    login = terminal.login(window, link, client, "chenjing", DEMO_PASSWORD)

    assert login.online and client.logged_in
    assert login.result.actor.terminal_name == link.terminal_name
    assert Perm.SHIFT_CLOSE.value in login.result.actor.permissions
    # The local services now know the same person with the same permissions.
    assert auth.login(window, "chenjing", DEMO_PASSWORD).actor.permissions == (
        login.result.actor.permissions
    )


def test_a_wrong_password_is_refused_by_the_central_store(
    central: CentralServer, window: Store
) -> None:
    link = registered(window, central.url, central)
    with pytest.raises(Refused):
        terminal.login(window, link, terminal.connect(link), "chenjing", "not-the-password")


def test_offline_only_someone_who_logged_in_here_recently_may_log_in(
    central: CentralServer,
    window: Store,
    central_proxy: FaultProxy,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    link = terminal.register(window, local_admin(window), central_proxy.url, code_for(central))
    client = terminal.connect(link)
    terminal.login(window, link, client, "zhangli", DEMO_PASSWORD)
    client.logout()
    central_proxy.reset()  # the network goes away

    offline = terminal.login(window, link, client, "zhangli", DEMO_PASSWORD)
    assert not offline.online and offline.result.actor.login == "zhangli"
    with pytest.raises(AuthenticationFailed):
        terminal.login(window, link, client, "zhangli", "wrong-password")
    with pytest.raises(AuthenticationFailed) as never_here:
        terminal.login(window, link, client, "chenjing", DEMO_PASSWORD)
    assert "has not logged in at this terminal" in never_here.value.english()

    later = now() + terminal.OFFLINE_LOGIN_WINDOW + timedelta(minutes=1)
    monkeypatch.setattr(terminal, "now", lambda: later)
    with pytest.raises(AuthenticationFailed):
        terminal.login(window, link, client, "zhangli", DEMO_PASSWORD)


def test_a_permission_revoked_centrally_is_gone_here_at_the_next_login(
    central: CentralServer, window: Store, admin: Actor
) -> None:
    link = registered(window, central.url, central)
    client = terminal.connect(link)
    before = terminal.login(window, link, client, "chenjing", DEMO_PASSWORD).result.actor
    assert before.may(Perm.AUDIT_VIEW)
    client.logout()
    cashier_role = next(r for r in staff.list_roles(central.store, admin) if r.code == "cashier")
    user = next(u for u in staff.list_users(central.store, admin) if u.login == "chenjing")
    staff.update_user(
        central.store, admin, user.id, display_name=user.display_name, role_ids=[cashier_role.id]
    )

    after = terminal.login(window, link, client, "chenjing", DEMO_PASSWORD).result.actor
    assert not after.may(Perm.AUDIT_VIEW)
    assert not auth.login(window, "chenjing", DEMO_PASSWORD).actor.may(Perm.AUDIT_VIEW)


# --- The sync loop ------------------------------------------------------------------------------


def test_the_sync_loop_sends_queued_sales_and_says_when_the_store_is_away(
    central: CentralServer, window: Store, central_proxy: FaultProxy
) -> None:
    link = terminal.register(window, local_admin(window), central_proxy.url, code_for(central))
    client = terminal.connect(link)
    actor = terminal.login(window, link, client, "zhangli", DEMO_PASSWORD).result.actor
    general = next(s for s in client.sessions() if s["hall_name"] == "小剧场")
    runner = SyncRunner(window, client)
    assert runner.status().online is None

    outbox.record_sale(window, actor, general_sale(central.store, actor, general["id"], "T7-0001"))
    assert runner.status().queued == 0  # the figures are the last pass's, until the next
    sent = runner.run_once()
    assert sent.online and sent.queued == 0 and sent.last_sync_at is not None
    with central.store.reading() as session:
        assert session.scalar(select(SaleOrder.number).where(SaleOrder.number == "T7-0001"))

    central_proxy.reset()
    outbox.record_sale(window, actor, general_sale(central.store, actor, general["id"], "T7-0002"))
    away = runner.run_once()
    assert away.online is False and away.queued == 1
    assert away.last_sync_at == sent.last_sync_at

    central_proxy.passthrough()
    # After the backoff the entry is due again; the next passes send it.
    runner.worker.clock = lambda: now() + timedelta(hours=1)
    back = runner.run_once()
    assert back.online and back.queued == 0 and back.last_sync_at > sent.last_sync_at  # type: ignore[operator]


def test_the_sync_loop_runs_on_its_own_thread_until_stopped(
    central: CentralServer, window: Store
) -> None:
    link = registered(window, central.url, central)
    client = terminal.connect(link)
    actor = terminal.login(window, link, client, "zhangli", DEMO_PASSWORD).result.actor
    general = next(s for s in client.sessions() if s["hall_name"] == "小剧场")
    runner = SyncRunner(window, client, interval=0.05)
    runner.start()
    try:
        outbox.record_sale(
            window, actor, general_sale(central.store, actor, general["id"], "T7-0003")
        )
        runner.wake()
        deadline = now() + timedelta(seconds=20)
        while now() < deadline and (runner.status().queued or not runner.status().online):
            import time

            time.sleep(0.05)
        assert runner.status().online and runner.status().queued == 0
    finally:
        runner.stop()
    assert runner._thread is None


# --- Unsent sales need a supervisor ------------------------------------------------------------


def _unsent_sale(window: Store, central: CentralServer, link: CentralLink) -> Actor:
    client = terminal.connect(link)
    actor = terminal.login(window, link, client, "zhangli", DEMO_PASSWORD).result.actor
    general = next(s for s in client.sessions() if s["hall_name"] == "小剧场")
    outbox.record_sale(window, actor, general_sale(central.store, actor, general["id"], "T7-0009"))
    # The supervisor has logged in here before (the cache knows them).
    terminal.login(window, link, terminal.connect(link), "chenjing", DEMO_PASSWORD)
    terminal.login(window, link, terminal.connect(link), "admin", READY_PASSWORDS["admin"])
    return actor


def test_a_supervisor_confirms_an_operation_with_unsent_sales(
    central: CentralServer, window: Store
) -> None:
    link = registered(window, central.url, central)
    cashier = _unsent_sale(window, central, link)

    with pytest.raises(PermissionDenied):  # a cashier can't confirm their own
        terminal.confirm_override(
            window, link, "zhangli", DEMO_PASSWORD, unsent=1, operation="auth.logout", actor=cashier
        )
    with pytest.raises(Refused):
        terminal.confirm_override(
            window, link, "chenjing", "wrong", unsent=1, operation="auth.logout", actor=cashier
        )
    who = terminal.confirm_override(
        window, link, "chenjing", DEMO_PASSWORD, unsent=1, operation="auth.logout", actor=cashier
    )
    assert who.login == "chenjing"
    last = audit_entries(window)[-1]
    assert last.action == "sync.override" and last.user_login == "zhangli"
    assert "chenjing" in last.detail


def test_disconnecting_with_unsent_sales_needs_a_supervisor_and_keeps_the_sales(
    central: CentralServer, window: Store, memory_keyring: MemoryKeyring
) -> None:
    link = registered(window, central.url, central)
    _unsent_sale(window, central, link)
    admin = auth.login(window, "admin", READY_PASSWORDS["admin"]).actor

    with pytest.raises(PermissionDenied) as refused:
        terminal.unregister(window, admin)
    assert "1 sales have not reached the central store" in refused.value.english()
    assert terminal.read_link(window) == link

    supervisor = terminal.login(
        window, link, terminal.connect(link), "chenjing", DEMO_PASSWORD
    ).result.actor
    terminal.unregister(window, admin, confirmed_by=supervisor)

    assert terminal.read_link(window) is None
    # The terminal key is gone; the ticket signing key stays with this store,
    # so the tickets it printed still check.
    assert {service for service, _account in memory_keyring.entries} <= {
        ticket_keys.KEYRING_SERVICE
    }
    assert outbox.needs_override(window) == 1  # the sale is still here, on record
    first = auth.login(window, INITIAL_ADMIN_LOGIN, INITIAL_ADMIN_PASSWORD)
    assert first.must_change_password
    with window.reading() as session:
        assert session.get(Setting, terminal.LINK_KEY) is None


def test_a_missing_ca_certificate_is_refused_before_the_code_is_spent(
    central: CentralServer, window: Store, tmp_path: Path
) -> None:
    code = code_for(central)
    with pytest.raises(ValidationError) as refused:
        terminal.register(
            window, local_admin(window), central.url, code, ca_bundle=str(tmp_path / "ca.pem")
        )
    assert "does not exist" in refused.value.english()
    assert terminal.register(window, local_admin(window), central.url, code).terminal_name
