"""The change feed served from the process's recent changes (``central.feed``):
every window gets every change exactly once and in order, whoever read it
first; a caller the store does not know gets nothing, even of what is kept;
on SQLite and on a real PostgreSQL server over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from boxoffice import bootstrap
from boxoffice.bootstrap import DEMO_PASSWORD
from boxoffice.db.store import Store
from boxoffice.services import changes
from central.feed import FeedCache
from tests.central_server import CentralServer, serving


@pytest.fixture(params=["sqlite", "postgresql"])
def central_any(request: pytest.FixtureRequest) -> Iterator[CentralServer]:
    if request.param == "sqlite":
        store = request.getfixturevalue("ready_store")
        with serving(store) as server:
            yield server
        return
    store = Store.connect(request.getfixturevalue("pg_url"))
    bootstrap.seed_demo(store)
    try:
        with serving(store) as server:
            yield server
    finally:
        store.close()


def note(central: CentralServer, n: int) -> None:
    with central.store.transaction() as s:
        changes.record(s, "note", session_id=None, entity_id=f"第{n}条", payload={"n": n})


def read(central: CentralServer, headers: dict[str, str], after: int, limit: int = 1000) -> Any:
    answer = requests.get(
        f"{central.url}/api/v1/changes",
        params={"after": after, "limit": limit},
        headers=headers,
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


def follow(central: CentralServer, headers: dict[str, str], after: int, limit: int) -> list[Any]:
    """Every change after ``after``, page by page, as a window's follower reads them."""
    seen: list[Any] = []
    while True:
        page = read(central, headers, after, limit)
        seen += page["changes"]
        after = page["cursor"]
        if not page["more"]:
            return seen


def test_every_window_reads_every_change_once_in_order(central_any: CentralServer) -> None:
    one = central_any.headers(central_any.terminal("1号窗口"), "zhangli", DEMO_PASSWORD)
    two = central_any.headers(central_any.terminal("2号窗口"), "zhangli", DEMO_PASSWORD)
    start = read(central_any, one, 0)["cursor"]
    for n in range(5):
        note(central_any, n)
    first = read(central_any, one, start)  # read from the store, and kept
    assert [c["payload"]["n"] for c in first["changes"]] == [0, 1, 2, 3, 4]
    assert read(central_any, two, start) == first  # the same page, from what was kept
    for n in range(5, 12):
        note(central_any, n)
    # Pages of 3 across what is kept and what is not yet: each change once.
    paged = follow(central_any, two, start + 2, 3)
    assert [c["payload"]["n"] for c in paged] == list(range(2, 12))
    assert [c["seq"] for c in paged] == list(range(start + 3, start + 13))
    # A window catching up from the very beginning sees the same changes.
    everything = follow(central_any, one, 0, 4)
    assert [c["seq"] for c in everything] == list(range(1, start + 13))
    assert everything[-12:] == first["changes"] + paged[3:]


def test_a_caller_the_store_does_not_know_gets_nothing_kept(central_any: CentralServer) -> None:
    window = central_any.terminal("3号窗口")
    headers = central_any.headers(window, "zhangli", DEMO_PASSWORD)
    note(central_any, 1)
    assert read(central_any, headers, 0)["changes"]  # now kept by the process
    for stranger in (
        {**headers, "Authorization": "Bearer nope"},
        {**headers, "X-Terminal-Key": "not-the-key"},
        {k: v for k, v in headers.items() if k != "Authorization"},
    ):
        answer = requests.get(f"{central_any.url}/api/v1/changes", headers=stranger, timeout=10)
        assert answer.status_code == 401
        assert "changes" not in answer.json()
    # Logged out: the same token no longer reads what is kept.
    assert requests.post(f"{central_any.url}/api/v1/auth/logout", headers=headers, timeout=10).ok
    answer = requests.get(f"{central_any.url}/api/v1/changes", headers=headers, timeout=10)
    assert answer.status_code == 401


def test_the_cache_keeps_one_unbroken_run_of_the_latest_changes() -> None:
    cache = FeedCache(keep=5)
    assert cache.after(0, 10) == []
    cache.add(0, ["c1", "c2", "c3"])
    assert cache.after(0, 2) == ["c1", "c2"] and cache.after(1, 10) == ["c2", "c3"]
    assert cache.after(3, 10) == []  # the next one is not kept yet
    cache.add(1, ["c2", "c3", "c4"])  # read by a slower request: only c4 is new
    assert cache.after(0, 10) == ["c1", "c2", "c3", "c4"]
    cache.add(0, ["c1"])  # older than the end: nothing changes
    cache.add(4, ["c5", "c6", "c7"])  # more than it keeps: the oldest go
    assert cache.after(2, 10) == ["c3", "c4", "c5", "c6", "c7"]
    assert cache.after(1, 10) == []  # c2 is gone: asked of the store again
    cache.add(9, ["c10"])  # a gap (c8, c9 never read here): start again at c10
    assert cache.after(9, 10) == ["c10"] and cache.after(6, 10) == []
