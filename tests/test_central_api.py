"""The central store over real HTTP on loopback: who may call what, and every
bad request answered with a 4xx that says what is wrong — never a 500."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest
import requests

from boxoffice.bootstrap import DEMO_PASSWORD
from boxoffice.ids import new_id
from tests.central_server import CentralServer
from tests.conftest import READY_ADMIN_PASSWORD

ROLES = {
    "zhangli": DEMO_PASSWORD,  # cashier
    "liuyang": DEMO_PASSWORD,  # merchant operator
    "chenjing": DEMO_PASSWORD,  # supervisor
    "admin": READY_ADMIN_PASSWORD,
}


@pytest.fixture
def window(central: CentralServer) -> dict[str, str]:
    return central.terminal("9号售票窗口")


def session_id(central: CentralServer, headers: dict[str, str]) -> str:
    sessions = requests.get(f"{central.url}/api/v1/sessions", headers=headers, timeout=10).json()
    return str(next(s["id"] for s in sessions if s["hall_name"] == "大剧场"))


# (method, path template, body, permission the endpoint needs, or None for any staff)
ENDPOINTS = [
    ("GET", "/api/v1/sessions", None, "sessions.view"),
    ("GET", "/api/v1/sessions/{session}/seats", None, "sessions.view"),
    ("POST", "/api/v1/holds", {"session_id": "{session}", "seat_ids": ["r20c{n}"]}, "tickets.sell"),
    ("GET", "/api/v1/changes?after=0", None, None),
    ("POST", "/api/v1/terminals/codes", {"name": "新窗口{n}", "kind": "window"}, "settings.manage"),
    # The call endpoint: a list, a write, and one open to all staff.
    ("POST", "/api/v1/call/staff.list_users", {"args": {}}, "users.manage"),
    (
        "POST",
        "/api/v1/call/catalogue.save_category",
        {"args": {"category_id": None, "name": "分类{n}"}},
        "shows.manage",
    ),
    ("POST", "/api/v1/call/remote.whoami", {"args": {}}, None),
]
ROLE_PERMISSIONS = {
    "zhangli": {"sessions.view", "tickets.sell"},
    "liuyang": set(),
    "chenjing": {"sessions.view", "tickets.sell"},
    "admin": {"sessions.view", "tickets.sell", "settings.manage", "users.manage", "shows.manage"},
}


ORDER = new_id()


def fill(value: object, session: str, n: int) -> object:
    if isinstance(value, str):
        return value.replace("{session}", session).replace("{n}", str(n)).replace("{order}", ORDER)
    if isinstance(value, list):
        return [fill(v, session, n) for v in value]
    if isinstance(value, dict):
        return {k: fill(v, session, n) for k, v in value.items()}
    return value


def test_every_endpoint_allows_or_denies_each_role(
    central: CentralServer, window: dict[str, str]
) -> None:
    admin = central.headers(window, "admin", READY_ADMIN_PASSWORD)
    session = session_id(central, admin)
    for n, (login, password) in enumerate(ROLES.items(), start=1):
        headers = central.headers(window, login, password)
        for method, path, body, needed in ENDPOINTS:
            answer = requests.request(
                method,
                central.url + str(fill(path, session, n)),
                json=fill(body, session, n),
                headers=headers,
                timeout=10,
            )
            allowed = needed is None or needed in ROLE_PERMISSIONS[login]
            assert (answer.status_code < 400) == allowed, (login, method, path, answer.text)
            if allowed and path.endswith("/batch"):
                [result] = answer.json()["results"]
                assert result["status"] == 422, result
            if not allowed:
                assert answer.status_code == 403
                assert answer.json()["error"]["kind"] == "PermissionDenied"


@pytest.mark.parametrize(
    "method, path", [(m, p) for m, p, _b, _n in ENDPOINTS] + [("POST", "/api/v1/orders")]
)
def test_no_credential_is_refused_everywhere(
    central: CentralServer, window: dict[str, str], method: str, path: str
) -> None:
    url = central.url + path.replace("{session}", new_id())
    for headers in (
        {},  # nothing
        {"X-Terminal-Id": window["terminal_id"], "X-Terminal-Key": "wrong"},  # a forged terminal
        {
            "X-Terminal-Id": window["terminal_id"],
            "X-Terminal-Key": window["terminal_key"],
        },  # no staff
        {
            "X-Terminal-Id": window["terminal_id"],
            "X-Terminal-Key": window["terminal_key"],
            "Authorization": "Bearer not-a-token",
        },
    ):
        answer = requests.request(method, url, json={}, headers=headers, timeout=10)
        assert answer.status_code == 401, (headers, answer.text)


def test_a_token_is_bound_to_its_terminal_and_ends_at_logout(
    central: CentralServer, window: dict[str, str]
) -> None:
    other = central.terminal("10号售票窗口")
    headers = central.headers(window, "zhangli", DEMO_PASSWORD)
    stolen = {**central.headers(other), "Authorization": headers["Authorization"]}
    assert (
        requests.get(f"{central.url}/api/v1/sessions", headers=stolen, timeout=10).status_code
        == 401
    )
    assert (
        requests.post(f"{central.url}/api/v1/auth/logout", headers=headers, timeout=10).status_code
        == 204
    )
    assert (
        requests.get(f"{central.url}/api/v1/sessions", headers=headers, timeout=10).status_code
        == 401
    )


def test_a_registration_code_works_once(central: CentralServer) -> None:
    from boxoffice.services.credentials import create_terminal_code_at_server

    code = create_terminal_code_at_server(central.store, name="11号售票窗口", kind="window").code
    first = requests.post(
        f"{central.url}/api/v1/terminals/register", json={"code": code}, timeout=10
    )
    again = requests.post(
        f"{central.url}/api/v1/terminals/register", json={"code": code}, timeout=10
    )
    assert first.status_code == 200 and again.status_code == 401


def test_wrong_passwords_lock_the_account_through_the_api_too(
    central: CentralServer, window: dict[str, str]
) -> None:
    url, headers = f"{central.url}/api/v1/auth/login", central.headers(window)
    for _ in range(5):
        answer = requests.post(
            url, json={"login": "wangfang", "password": "nope-nope"}, headers=headers, timeout=10
        )
        assert answer.status_code == 401
    answer = requests.post(
        url, json={"login": "wangfang", "password": DEMO_PASSWORD}, headers=headers, timeout=10
    )
    assert answer.status_code == 401 and "locked" in answer.json()["error"]["message"]


BAD_ORDERS = [
    ("not json", 400),
    ({"order_id": 5}, 422),  # wrong type
    ({"lines": []}, 422),  # missing fields
    ({"payments": [{"method": "cash", "amount_fen": -1}]}, 422),  # negative
    ({"payments": [{"method": "cash", "amount_fen": 10**20}]}, 422),  # overflowing
    ({"payments": [{"method": "gold", "amount_fen": 100}]}, 422),  # unknown method
    ({"session_id": "no-such-session"}, 404),  # unknown id
    ({"extra": "field"}, 422),
]


@pytest.mark.parametrize("change, status", BAD_ORDERS)
def test_bad_orders_get_a_clear_4xx(
    central: CentralServer, window: dict[str, str], change: object, status: int
) -> None:
    headers = central.headers(window, "zhangli", DEMO_PASSWORD)
    order_id = new_id()
    body: dict[str, object] = {
        "order_id": order_id,
        "number": "T-1",
        "session_id": session_id(central, headers),
        "hold_id": None,
        "lines": [{"seat_id": None, "ticket_type_id": "x"}],
        "payments": [],
    }
    if isinstance(change, dict):
        answer = requests.post(
            f"{central.url}/api/v1/orders",
            json={**body, **change},
            headers={**headers, "Idempotency-Key": order_id},
            timeout=10,
        )
    else:
        answer = requests.post(
            f"{central.url}/api/v1/orders",
            data=str(change),
            headers={**headers, "Idempotency-Key": order_id, "Content-Type": "application/json"},
            timeout=10,
        )
    assert answer.status_code == status, answer.text
    error = answer.json()["error"]
    assert error["message"] and isinstance(error["params"], dict)


def test_an_oversized_body_is_refused(central: CentralServer, window: dict[str, str]) -> None:
    headers = central.headers(window, "zhangli", DEMO_PASSWORD)
    answer = requests.post(
        f"{central.url}/api/v1/holds",
        data="x" * 300_000,
        headers={**headers, "Content-Type": "application/json"},
        timeout=10,
    )
    assert answer.status_code == 413


def test_an_oversized_body_without_a_length_is_refused_too(
    central: CentralServer, window: dict[str, str]
) -> None:
    headers = central.headers(window, "zhangli", DEMO_PASSWORD)

    def chunks() -> Iterator[bytes]:
        for _ in range(40):
            yield b"x" * 10_000

    answer = requests.post(
        f"{central.url}/api/v1/orders/batch",
        data=chunks(),  # sent chunked: no Content-Length to check up front
        headers={**headers, "Content-Type": "application/json"},
        timeout=10,
    )
    assert answer.status_code == 413
    assert answer.json()["error"]["kind"] == "TooLarge"


def test_openapi_document_is_served(central: CentralServer) -> None:
    spec = requests.get(f"{central.url}/openapi.json", timeout=10).json()
    assert {
        "/api/v1/holds",
        "/api/v1/orders",
        "/api/v1/orders/batch",
        "/api/v1/changes",
    } <= set(spec["paths"])


def test_a_sale_over_http_and_its_replay(central: CentralServer, window: dict[str, str]) -> None:
    headers = central.headers(window, "zhangli", DEMO_PASSWORD)
    session = session_id(central, headers)
    hold = requests.post(
        f"{central.url}/api/v1/holds",
        json={"session_id": session, "seat_ids": ["r21c1", "r21c2"]},
        headers=headers,
        timeout=10,
    ).json()
    types = {
        z["name"]: z
        for z in requests.get(f"{central.url}/api/v1/sessions", headers=headers, timeout=10).json()[
            0
        ]["zones"]
    }
    del types
    full = central.store
    from boxoffice.services import catalogue
    from tests.conftest import actor_for

    cashier = actor_for(full, "zhangli", DEMO_PASSWORD)
    full_price = next(t.id for t in catalogue.list_ticket_types(full, cashier) if t.name == "全价")
    order_id = new_id()
    body = {
        "order_id": order_id,
        "number": "W9-0001",
        "session_id": session,
        "hold_id": hold["hold_id"],
        "lines": [
            {"seat_id": "r21c1", "ticket_type_id": full_price},
            {"seat_id": "r21c2", "ticket_type_id": full_price},
        ],
        "payments": [{"method": "cash", "amount_fen": 56000}],
    }
    sent = requests.post(
        f"{central.url}/api/v1/orders",
        json=body,
        headers={**headers, "Idempotency-Key": order_id},
        timeout=10,
    )
    assert sent.status_code == 201, sent.text
    replay = requests.post(
        f"{central.url}/api/v1/orders",
        json=body,
        headers={**headers, "Idempotency-Key": order_id},
        timeout=10,
    )
    assert replay.status_code == 201 and replay.json() == sent.json()
    other = {**body, "number": "W9-0002"}
    reused = requests.post(
        f"{central.url}/api/v1/orders",
        json=other,
        headers={**headers, "Idempotency-Key": order_id},
        timeout=10,
    )
    assert reused.status_code == 409 and reused.json()["error"]["kind"] == "KeyReused"
    taken = requests.post(
        f"{central.url}/api/v1/holds",
        json={"session_id": session, "seat_ids": ["r21c2", "r21c3"]},
        headers=headers,
        timeout=10,
    )
    assert taken.status_code == 409
    assert taken.json()["error"]["taken"] == [
        {"seat_id": "r21c2", "label": "21排2号", "state": "sold", "terminal_name": "9号售票窗口"}
    ]


def test_the_feed_carries_each_change_as_it_was_recorded(
    central: CentralServer, window: dict[str, str]
) -> None:
    """The feed is built around each change's stored JSON text (no parse and
    re-encode per request): what a window reads is exactly what was recorded."""
    from datetime import datetime

    from boxoffice.services import changes

    headers = central.headers(window, "zhangli", DEMO_PASSWORD)
    start = requests.get(f"{central.url}/api/v1/changes", headers=headers, timeout=10).json()
    payload = {"note": '大剧场 "A" 区\\n', "seats": ["r1c1", "r1c2"], "n": 2, "ok": True, "x": None}
    with central.store.transaction() as s:
        changes.record(s, "note", session_id=None, entity_id='实体"1"', payload=payload)
    page = requests.get(
        f"{central.url}/api/v1/changes",
        params={"after": start["cursor"]},
        headers=headers,
        timeout=10,
    )
    assert page.headers["content-type"] == "application/json"
    got = page.json()
    assert got["more"] is False and got["cursor"] == start["cursor"] + 1
    (change,) = got["changes"]
    assert change["seq"] == got["cursor"]
    assert (change["kind"], change["session_id"], change["entity_id"]) == ("note", None, '实体"1"')
    assert change["payload"] == payload
    assert datetime.fromisoformat(change["at"]).utcoffset() is not None


# --- The hot requests (central.hot): served past FastAPI's stack, answered alike ---


def test_a_hold_sent_in_chunks_is_read_whole(
    central: CentralServer, window: dict[str, str]
) -> None:
    headers = central.headers(window, "zhangli", DEMO_PASSWORD)
    body = json.dumps({"session_id": session_id(central, headers), "seat_ids": ["r18c1", "r18c2"]})

    def chunks() -> Iterator[bytes]:
        data = body.encode()
        for i in range(0, len(data), 7):
            yield data[i : i + 7]

    answer = requests.post(
        f"{central.url}/api/v1/holds",
        data=chunks(),  # chunked: the handler must gather every piece
        headers={**headers, "Content-Type": "application/json"},
        timeout=10,
    )
    assert answer.status_code == 201, answer.text
    assert sorted(answer.json()["seat_ids"]) == ["r18c1", "r18c2"]


def test_a_garbled_hold_is_400_for_staff_and_401_for_a_stranger(
    central: CentralServer, window: dict[str, str]
) -> None:
    headers = central.headers(window, "zhangli", DEMO_PASSWORD)
    garbled = b'{"session_id": "x", "seat_ids": ['
    answer = requests.post(f"{central.url}/api/v1/holds", data=garbled, headers=headers, timeout=10)
    assert answer.status_code == 400
    assert answer.json()["error"]["kind"] == "BadRequest"
    # Wrong key: the body's shape is nobody else's business.
    stranger = {**headers, "X-Terminal-Key": "not-the-key"}
    answer = requests.post(
        f"{central.url}/api/v1/holds", data=garbled, headers=stranger, timeout=10
    )
    assert answer.status_code == 401
    missing = {k: v for k, v in headers.items() if k != "Authorization"}
    answer = requests.post(f"{central.url}/api/v1/holds", data=garbled, headers=missing, timeout=10)
    assert answer.status_code == 401


def test_a_wrong_field_of_a_hold_is_named(central: CentralServer, window: dict[str, str]) -> None:
    headers = central.headers(window, "zhangli", DEMO_PASSWORD)
    answer = requests.post(
        f"{central.url}/api/v1/holds",
        json={"session_id": session_id(central, headers), "seat_ids": "r1c1"},
        headers=headers,
        timeout=10,
    )
    assert answer.status_code == 422
    assert answer.json()["error"]["params"]["field"] == "seat_ids"


def test_a_feed_cursor_that_is_not_a_number_is_named(
    central: CentralServer, window: dict[str, str]
) -> None:
    headers = central.headers(window, "zhangli", DEMO_PASSWORD)
    answer = requests.get(
        f"{central.url}/api/v1/changes", params={"after": "yesterday"}, headers=headers, timeout=10
    )
    assert answer.status_code == 422
    assert answer.json()["error"]["params"]["field"] == "query.after"
    # A stranger learns nothing, not even that the cursor is wrong.
    stranger = {**headers, "Authorization": "Bearer nope"}
    answer = requests.get(
        f"{central.url}/api/v1/changes", params={"after": "yesterday"}, headers=stranger, timeout=10
    )
    assert answer.status_code == 401
    # A cursor below zero reads from the start; a small limit pages.
    sid = session_id(central, headers)
    for seat in ("r16c1", "r16c2"):
        held = requests.post(
            f"{central.url}/api/v1/holds",
            json={"session_id": sid, "seat_ids": [seat]},
            headers=headers,
            timeout=10,
        )
        assert held.status_code == 201
    page = requests.get(
        f"{central.url}/api/v1/changes",
        params={"after": "-5", "limit": "1"},
        headers=headers,
        timeout=10,
    ).json()
    assert [c["seq"] for c in page["changes"]] == [1] and page["more"] is True


def test_a_fault_in_a_hold_is_a_logged_500_and_the_server_goes_on(
    central: CentralServer,
    window: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from central import group_commit

    headers = central.headers(window, "zhangli", DEMO_PASSWORD)
    sid = session_id(central, headers)
    real = group_commit.run_group

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    def hold() -> requests.Response:
        return requests.post(
            f"{central.url}/api/v1/holds",
            json={"session_id": sid, "seat_ids": ["r17c1"]},
            headers=headers,
            timeout=10,
        )

    monkeypatch.setattr(group_commit, "run_group", broken)
    with caplog.at_level(logging.ERROR):
        answer = hold()
    assert answer.status_code == 500
    assert answer.text == "Internal Server Error"
    assert any(
        r.name == "central.hot" and r.exc_info and "disk on fire" in str(r.exc_info[1])
        for r in caplog.records
    )
    monkeypatch.setattr(group_commit, "run_group", real)
    assert hold().status_code == 201


def test_the_hot_requests_are_documented_with_their_body_and_headers(
    central: CentralServer,
) -> None:
    spec = requests.get(f"{central.url}/openapi.json", timeout=10).json()
    hold = spec["paths"]["/api/v1/holds"]["post"]
    order = spec["paths"]["/api/v1/orders"]["post"]
    feed = spec["paths"]["/api/v1/changes"]["get"]
    assert {"x-terminal-id", "x-terminal-key", "authorization"} <= {
        p["name"] for p in hold["parameters"]
    }
    assert "idempotency-key" in {p["name"] for p in order["parameters"]}
    assert hold["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("HoldBody")
    assert {"after", "limit"} <= {p["name"] for p in feed["parameters"]}
