"""Screens' operations on the central store (sync.gateway.RemoteGateway over
``POST /api/v1/call/{name}``, real HTTP on loopback) give what the same call
gives on the store itself, refusals included, and only allowed operations go."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests

from boxoffice.bootstrap import DEMO_PASSWORD
from boxoffice.db.store import Store
from boxoffice.errors import BoxOfficeError, Conflict, PermissionDenied, ValidationError
from boxoffice.services import audit, auth, catalogue, leases, settings, staff
from boxoffice.services.audit import AuditQuery
from boxoffice.services.base import Actor
from boxoffice.services.catalogue import ZoneInput
from boxoffice.services.remote import NotRemote, VenueSettings, venue_settings, whoami
from sync.client import AuthExpired, CentralClient, Unreachable
from sync.gateway import Gateway, LocalGateway, RemoteGateway
from tests.central_server import CentralServer, free_port
from tests.conftest import READY_ADMIN_PASSWORD, audit_entries, last_audit_seq

WINDOW = "9号售票窗口"


@pytest.fixture
def window(central: CentralServer) -> dict[str, str]:
    return central.terminal(WINDOW)


@pytest.fixture
def connect(
    central: CentralServer, window: dict[str, str]
) -> Iterator[Callable[[str, str], RemoteGateway]]:
    clients: list[CentralClient] = []

    def login(name: str, password: str) -> RemoteGateway:
        client = CentralClient(central.url, window["terminal_id"], window["terminal_key"])
        clients.append(client)
        client.login(name, password)
        return RemoteGateway(client)

    yield login
    for client in clients:
        client.close()


@pytest.fixture
def remote(connect: Callable[[str, str], RemoteGateway]) -> RemoteGateway:
    """The administrator at window 9."""
    return connect("admin", READY_ADMIN_PASSWORD)


@pytest.fixture
def local(central: CentralServer) -> LocalGateway:
    """The same store, called in-process."""
    return LocalGateway(central.store)


def refusal(gateway: Gateway, actor: Actor, fn: Any, *args: Any, **kwargs: Any) -> BoxOfficeError:
    with pytest.raises(BoxOfficeError) as refused:
        gateway.call(actor, fn, *args, **kwargs)
    return refused.value


def same_refusal(remote_error: BoxOfficeError, local_error: BoxOfficeError) -> None:
    assert type(remote_error) is type(local_error)
    assert remote_error.message == local_error.message
    assert remote_error.params == local_error.params


def test_lists_equal_what_the_store_itself_answers(
    remote: RemoteGateway, local: LocalGateway, admin: Actor
) -> None:
    calls: list[tuple[Any, tuple[Any, ...], dict[str, Any]]] = [
        (catalogue.list_venues, (), {}),
        (catalogue.list_halls, (), {}),
        (catalogue.list_categories, (), {}),
        (catalogue.list_shows, (), {}),
        (catalogue.list_sessions, (), {}),
        (catalogue.list_sessions, (), {"starts_from": datetime.now(UTC) + timedelta(days=2)}),
        (catalogue.list_ticket_types, (), {}),
        (staff.list_users, (), {}),
        (staff.list_roles, (), {}),
        (staff.list_terminals, (), {}),
        (audit.list_audit, (AuditQuery(action="auth."),), {"limit": 20}),
        (audit.list_audit_actions, (), {}),
        (audit.verify_audit_chain, (), {}),
        (venue_settings, (), {}),
    ]
    for fn, args, kwargs in calls:
        there = remote.call(admin, fn, *args, **kwargs)
        here = local.call(admin, fn, *args, **kwargs)
        assert there == here, fn
        assert type(there) is type(here)
    shows = remote.call(admin, catalogue.list_shows)
    assert shows and all(isinstance(s, catalogue.ShowRow) for s in shows)
    sessions = remote.call(admin, catalogue.list_sessions)
    assert all(s.starts_at.utcoffset() is not None for s in sessions)
    assert any(s.zones for s in sessions)


def test_create_and_update_round_trip(
    central: CentralServer, remote: RemoteGateway, local: LocalGateway, admin: Actor
) -> None:
    seq = last_audit_seq(central.store)
    category = remote.call(admin, catalogue.save_category, None, name="相声与评书", sort_order=7)
    show = remote.call(
        admin,
        catalogue.save_show,
        None,
        category_id=category,
        name="相声专场",
        duration_minutes=90,
        introduction="两位演员",
    )
    same = remote.call(
        admin,
        catalogue.save_show,
        show,
        category_id=category,
        name="相声大会",
        duration_minutes=100,
        enabled=False,
    )
    assert same == show
    hall = next(h for h in remote.call(admin, catalogue.list_halls) if h.seating == "reserved")
    starts = datetime(2031, 5, 1, 19, 30, tzinfo=UTC)
    session = remote.call(
        admin, catalogue.save_session, None, show_id=show, hall_id=hall.id, starts_at=starts
    )
    remote.call(
        admin,
        catalogue.set_price_zones,
        session,
        [ZoneInput("甲区", "#C0392B", 18000), ZoneInput("乙区", "#2980b9", 12000)],
    )
    remote.call(admin, catalogue.set_session_status, session, "on_sale")

    there = remote.call(admin, catalogue.list_shows)
    assert there == local.call(admin, catalogue.list_shows)
    row = next(s for s in there if s.id == show)
    assert (row.name, row.duration_minutes, row.enabled, row.introduction) == (
        "相声大会",
        100,
        False,
        "",
    )
    sessions = remote.call(admin, catalogue.list_sessions)
    assert sessions == local.call(admin, catalogue.list_sessions)
    made = next(s for s in sessions if s.id == session)
    assert made.starts_at == starts and made.status == "on_sale"
    assert [(z.name, z.colour, z.price_fen) for z in made.zones] == [
        ("甲区", "#c0392b", 18000),
        ("乙区", "#2980b9", 12000),
    ]
    # Audited on the central store, by the administrator at window 9.
    written = [(e.action, e.user_login, e.terminal_name) for e in audit_entries(central.store, seq)]
    assert [a for a, _u, _t in written] == [
        "category.create",
        "show.create",
        "show.update",
        "session.create",
        "session.prices",
        "session.status",
    ]
    assert {(u, t) for _a, u, t in written} == {("admin", WINDOW)}


def test_staff_and_roles_round_trip(
    connect: Callable[[str, str], RemoteGateway],
    remote: RemoteGateway,
    local: LocalGateway,
    admin: Actor,
) -> None:
    role = remote.call(
        admin,
        staff.create_role,
        name="票务助理",
        permissions=frozenset({"sessions.view", "audit.view"}),
    )
    user = remote.call(
        admin,
        staff.create_user,
        login="zhouyi",
        display_name="周一",
        password="Temp-Password-9",
        role_ids=[role],
    )
    # The new account must change its first password before anything else, at the terminal too.
    first = connect("zhouyi", "Temp-Password-9")
    newcomer = first.call(admin, whoami)  # who they are may be asked at once
    forced = refusal(first, newcomer, catalogue.list_shows)
    assert forced.message == "Please change your password before you continue."
    first.call(newcomer, auth.change_own_password, "Temp-Password-9", "Own-Password-9")
    assert first.call(newcomer, catalogue.list_shows) == local.call(admin, catalogue.list_shows)

    remote.call(admin, staff.set_user_enabled, user, False)
    users = remote.call(admin, staff.list_users)
    assert users == local.call(admin, staff.list_users)
    row = next(u for u in users if u.id == user)
    assert (row.login, row.enabled, row.must_change_password, row.role_ids) == (
        "zhouyi",
        False,
        False,
        (role,),
    )
    roles = remote.call(admin, staff.list_roles)
    assert roles == local.call(admin, staff.list_roles)
    assert next(r for r in roles if r.id == role).permissions == {"sessions.view", "audit.view"}


def test_a_missing_permission_is_refused_as_at_the_store_and_audited_there(
    central: CentralServer,
    connect: Callable[[str, str], RemoteGateway],
    local: LocalGateway,
    cashier: Actor,
) -> None:
    remote = connect("zhangli", DEMO_PASSWORD)
    seq = last_audit_seq(central.store)
    there = refusal(remote, cashier, staff.list_users)
    assert isinstance(there, PermissionDenied)
    assert there.params == {"permission": "users.manage"}
    [entry] = audit_entries(central.store, seq)
    assert (entry.action, entry.target_type, entry.target_id) == (
        "access.denied",
        "service",
        "staff.list_users",
    )
    assert (entry.user_login, entry.terminal_name) == ("zhangli", WINDOW)
    same_refusal(there, refusal(local, cashier, staff.list_users))
    # A write is refused the same way, and nothing is written.
    before = remote.call(cashier, catalogue.list_categories)
    same_refusal(
        refusal(remote, cashier, catalogue.save_category, None, name="不该有"),
        refusal(local, cashier, catalogue.save_category, None, name="不该有"),
    )
    assert remote.call(cashier, catalogue.list_categories) == before


def test_refusals_arrive_with_their_parameters(
    remote: RemoteGateway, local: LocalGateway, admin: Actor
) -> None:
    long_name = "全" * 40
    there = refusal(remote, admin, catalogue.save_ticket_type, None, name=long_name, percent=50)
    assert isinstance(there, ValidationError)
    assert there.params == {"limit": 32}
    same_refusal(
        there, refusal(local, admin, catalogue.save_ticket_type, None, name=long_name, percent=50)
    )
    existing = remote.call(admin, catalogue.list_categories)[0].name
    clash = refusal(remote, admin, catalogue.save_category, None, name=existing)
    assert isinstance(clash, Conflict) and clash.params == {"name": existing}
    same_refusal(clash, refusal(local, admin, catalogue.save_category, None, name=existing))
    naive = datetime(2031, 5, 1, 19, 30)
    same_refusal(
        refusal(remote, admin, catalogue.list_sessions, starts_from=naive),
        refusal(local, admin, catalogue.list_sessions, starts_from=naive),
    )
    unknown = refusal(remote, admin, catalogue.delete_show, "no-such-show")
    same_refusal(unknown, refusal(local, admin, catalogue.delete_show, "no-such-show"))


def test_settings_password_and_identity(
    central: CentralServer,
    connect: Callable[[str, str], RemoteGateway],
    remote: RemoteGateway,
    admin: Actor,
    cashier: Actor,
) -> None:
    updated = remote.call(
        admin, settings.update_settings, venue_timezone="Asia/Urumqi", lockout_threshold=3
    )
    assert (updated.venue_timezone, updated.lockout_threshold) == ("Asia/Urumqi", 3)
    assert settings.get_settings(central.store).venue_timezone == "Asia/Urumqi"
    assert remote.call(admin, venue_settings) == VenueSettings("Asia/Urumqi", 3, 15)
    # Which terminal a computer is, and its language, are not the central store's to set.
    terminal = refusal(remote, admin, settings.update_settings, terminal_id=None)
    assert terminal.message == "“{field}” is not expected here."
    assert terminal.params == {"field": "terminal_id"}

    mine = connect("zhangli", DEMO_PASSWORD)
    me = mine.call(cashier, whoami)
    assert (me.user_id, me.login, me.terminal_name) == (cashier.user_id, "zhangli", WINDOW)
    assert me.permissions == cashier.permissions and me.verified is None
    supervisor_role = next(
        r.id for r in remote.call(admin, staff.list_roles) if r.code == "supervisor"
    )
    remote.call(
        admin, staff.update_user, cashier.user_id, display_name="张丽", role_ids=[supervisor_role]
    )
    refreshed = mine.call(cashier, whoami)
    assert "audit.view" in refreshed.permissions and refreshed.display_name == "张丽"

    wrong = refusal(mine, cashier, auth.change_own_password, "not-my-password", "New-Password-7")
    assert wrong.message == "The current password is wrong."
    mine.call(cashier, auth.change_own_password, DEMO_PASSWORD, "New-Password-7")
    again = connect("zhangli", "New-Password-7")
    assert again.call(cashier, whoami).login == "zhangli"


def test_an_operation_not_on_the_list_is_refused_before_any_traffic(admin: Actor) -> None:
    # Nothing listens here: any request would end in Unreachable.
    dead = RemoteGateway(CentralClient(f"http://127.0.0.1:{free_port()}", "t", "k"))
    for fn, args in [
        (leases.lease_seats, ("session", "terminal", ["r1c1"])),
        (audit.export_audit, (AuditQuery(), "/tmp/x.csv", "UTC")),
        (settings.set_language, ("en",)),
        (staff.create_terminal, ()),
        (len, ([],)),
    ]:
        with pytest.raises(NotRemote) as refused:
            dead.call(admin, fn, *args)
        assert (
            refused.value.message == "The central store does not offer the operation “{operation}”."
        )

    def list_shows(store: Store, actor: Actor) -> list[catalogue.ShowRow]:
        return []

    list_shows.__module__ = catalogue.__name__  # looks like it, but is not the service
    with pytest.raises(NotRemote):
        dead.call(admin, list_shows)
    with pytest.raises(TypeError):  # as calling it here would
        dead.call(admin, catalogue.list_shows, "extra")
    with pytest.raises(ValidationError):  # a naive time is refused here, as by the service
        dead.call(admin, catalogue.list_sessions, starts_from=datetime(2031, 1, 1))
    with pytest.raises(Unreachable):  # while an allowed call does try to go out
        dead.call(admin, catalogue.list_shows)


def test_an_ended_session_and_an_absent_store(
    central: CentralServer, window: dict[str, str], admin: Actor
) -> None:
    client = CentralClient(central.url, window["terminal_id"], window["terminal_key"])
    client.login("admin", READY_ADMIN_PASSWORD)
    remote = RemoteGateway(client)
    assert remote.call(admin, catalogue.list_halls)
    client.logout()
    with pytest.raises(AuthExpired):
        remote.call(admin, catalogue.list_halls)
    central.server.should_exit = True
    central.thread.join(timeout=15)
    with pytest.raises(Unreachable):
        remote.call(admin, catalogue.list_halls)
    client.close()


# --- The endpoint itself, as any HTTP client sees it ---------------------------------------------


def post(
    central: CentralServer, headers: dict[str, str], name: str, body: Any, *, raw: bool = False
) -> requests.Response:
    url = f"{central.url}/api/v1/call/{name}"
    if raw:
        return requests.post(
            url,
            data=body,
            headers={**headers, "Content-Type": "application/json"},
            timeout=10,
        )
    return requests.post(url, json=body, headers=headers, timeout=10)


@pytest.mark.parametrize(
    "name",
    [
        "catalogue.no_such_thing",
        "seating.sell",
        "seating.hold_seats",
        "audit.export_audit",
        "settings.set_language",
        "base.record_denial",
        "os.system",
        "catalogue",
        "..",
    ],
)
def test_unknown_or_excluded_names_are_404(
    central: CentralServer, window: dict[str, str], name: str
) -> None:
    headers = central.headers(window, "admin", READY_ADMIN_PASSWORD)
    answer = post(central, headers, name, {"args": {}})
    assert answer.status_code == 404, answer.text
    error = answer.json()["error"]
    if name != "..":  # the router's own 404
        assert error["kind"] == "NotRemote"
        assert error["params"] == {"operation": name}
    assert error["message"]


NOW = "2031-05-01T19:30:00+08:00"
BAD_ARGS: list[tuple[str, Any, int, str | None]] = [
    # (operation, body, status, the field the refusal names)
    ("catalogue.list_shows", {"args": {"extra": 1}}, 422, "extra"),
    ("catalogue.list_shows", {"args": [], "more": 1}, 422, None),
    ("catalogue.list_shows", {"args": []}, 422, None),
    ("catalogue.list_shows", [], 422, None),
    ("catalogue.list_shows", "not json", 400, None),
    ("catalogue.save_category", {"args": {"name": "x"}}, 422, "category_id"),
    ("catalogue.save_category", {"args": {"category_id": None}}, 422, "name"),
    ("catalogue.save_category", {"args": {"category_id": 5, "name": "x"}}, 422, "category_id"),
    ("catalogue.save_category", {"args": {"category_id": None, "name": 5}}, 422, "name"),
    (
        "catalogue.save_category",
        {"args": {"category_id": None, "name": "x", "sort_order": True}},
        422,
        "sort_order",
    ),
    (
        "catalogue.save_category",
        {"args": {"category_id": None, "name": "x", "sort_order": 10**30}},
        422,
        "sort_order",
    ),
    (
        "catalogue.save_category",
        {"args": {"category_id": None, "name": "x", "sort_order": 1.5}},
        422,
        "sort_order",
    ),
    ("catalogue.save_category", {"args": {"category_id": None, "name": "a\u0000b"}}, 422, "name"),
    (
        "catalogue.save_category",
        '{"args": {"category_id": null, "name": "\\ud800"}}',
        422,
        "name",
    ),
    ("catalogue.list_sessions", {"args": {"starts_from": "2031-05-01T19:30"}}, 422, "starts_from"),
    ("catalogue.list_sessions", {"args": {"starts_from": "tomorrow"}}, 422, "starts_from"),
    (
        "catalogue.list_sessions",
        {"args": {"starts_from": "0001-01-01T00:00:00+05:00"}},
        422,
        "starts_from",
    ),
    ("staff.set_user_enabled", {"args": {"user_id": "u", "enabled": 1}}, 422, "enabled"),
    ("staff.create_role", {"args": {"name": "x", "permissions": "audit.view"}}, 422, "permissions"),
    (
        "catalogue.set_price_zones",
        {"args": {"session_id": "s", "zones": [{"name": "A", "colour": "#000000"}]}},
        422,
        "zones[0].price_fen",
    ),
    (
        "catalogue.set_price_zones",
        {
            "args": {
                "session_id": "s",
                "zones": [{"name": "A", "colour": "#000000", "price_fen": 1, "seats": 2}],
            }
        },
        422,
        "zones[0].seats",
    ),
    (
        "audit.list_audit",
        {"args": {"query": {"starts": "2031-05-01T00:00:00"}}},
        422,
        "query.starts",
    ),
    ("audit.list_audit", {"args": {"query": {"action": ["auth."]}}}, 422, "query.action"),
    ("audit.purge_audit", {"args": {"before": NOW, "after": NOW}}, 422, "after"),
    ("settings.update_settings", {"args": {"terminal_id": None}}, 422, "terminal_id"),
    ("settings.update_settings", {"args": {"language": "en"}}, 422, "language"),
    ("settings.update_settings", {"args": {"lockout_minutes": "15"}}, 422, "lockout_minutes"),
    ("settings.update_settings", {"args": {"venue_timezone": "Mars/Olympus"}}, 422, None),
    ("auth.change_own_password", {"args": {"old_password": "x"}}, 422, "new_password"),
]


@pytest.mark.parametrize(
    "name, body, status, field", BAD_ARGS, ids=[f"{n}-{i}" for i, (n, *_r) in enumerate(BAD_ARGS)]
)
def test_malformed_arguments_are_a_clear_4xx_never_a_500(
    central: CentralServer,
    window: dict[str, str],
    name: str,
    body: Any,
    status: int,
    field: str | None,
) -> None:
    headers = central.headers(window, "admin", READY_ADMIN_PASSWORD)
    seq = last_audit_seq(central.store)
    answer = post(central, headers, name, body, raw=isinstance(body, str))
    assert answer.status_code == status, answer.text
    error = answer.json()["error"]
    assert error["message"] and isinstance(error["params"], dict)
    if field is not None:
        assert error["kind"] == "ValidationError"
        assert error["params"]["field"] == field, error
    assert not [e for e in audit_entries(central.store, seq) if e.action != "auth.login"]


def test_the_answer_is_the_encoded_result(central: CentralServer, window: dict[str, str]) -> None:
    headers = central.headers(window, "chenjing", DEMO_PASSWORD)
    answer = post(central, headers, "remote.whoami", {})
    assert answer.status_code == 200, answer.text
    me = answer.json()["result"]
    assert me["login"] == "chenjing" and me["terminal_name"] == WINDOW
    assert me["permissions"] == sorted(me["permissions"]) and "audit.view" in me["permissions"]
    assert me.get("verified") is None  # the server's own bookkeeping never reaches a terminal
    rows = post(central, headers, "audit.list_audit", {"args": {"query": {}, "limit": 2}})
    assert rows.status_code == 200 and len(rows.json()["result"]) == 2


def test_the_terminal_side_imports_neither_fastapi_nor_the_server() -> None:
    import subprocess
    import sys

    code = (
        "import sys, sync.gateway, boxoffice.wire, boxoffice.services.remote\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('fastapi', 'starlette', 'uvicorn', 'central', 'PySide6'))\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
