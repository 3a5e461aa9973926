"""Best available: the server chooses adjacent seats near the front centre,
strands no single seat when that can be helped, and says when it had to."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from boxoffice.bootstrap import DEMO_PASSWORD
from boxoffice.clock import now
from boxoffice.db.models import Hall, PriceZone, Session, SessionSeat, Show
from boxoffice.db.store import Store
from boxoffice.errors import Conflict, NotFound, PermissionDenied, ValidationError
from boxoffice.ids import SessionId
from boxoffice.services import catalogue, seating
from boxoffice.services.base import Actor
from boxoffice.services.seating import (
    STEP_ADJACENT,
    STEP_ORPHAN,
    STEP_SPLIT,
    SeatsUnavailable,
    Spot,
)
from tests.central_server import CentralServer, serving
from tests.conftest import audit_entries, last_audit_seq


def big_hall_session(store: Store, actor: Actor) -> SessionId:
    return next(s.id for s in catalogue.list_sessions(store, actor) if s.hall_name == "大剧场")


def small_session(store: Store, rows: int, cols: int, front_rows: int | None = None) -> SessionId:
    """A session of ``rows`` x ``cols`` seats: zone 前区 for the first
    ``front_rows`` rows, 后区 behind; the last row's first two seats are accessible."""
    with store.transaction() as s:
        hall = s.scalar(select(Hall).where(Hall.name == "大剧场"))
        show = s.scalar(select(Show).limit(1))
        session = Session(
            show=show,
            hall=hall,
            starts_at=now() + timedelta(days=800),
            status="on_sale",
            zones=[
                PriceZone(name="前区", price_fen=10000, sort_order=0),
                PriceZone(name="后区", price_fen=5000, sort_order=1),
            ],
        )
        s.add(session)
        s.flush()
        front, back = (z.id for z in session.zones)
        split = rows if front_rows is None else front_rows
        seating.add_grid_seats(
            s, session, rows, cols, [front if r < split else back for r in range(rows)]
        )
        return SessionId(session.id)


def zones_of(store: Store, session_id: str) -> tuple[str, str]:
    with store.reading() as s:
        found = s.get(Session, session_id)
        assert found is not None
        front, back = (z.id for z in found.zones)
        return front, back


def take(store: Store, session_id: str, seat_ids: list[str], state: str = "sold") -> None:
    """Seats someone else has, as far as the search can tell."""
    with store.transaction() as s:
        s.execute(
            update(SessionSeat)
            .where(SessionSeat.session_id == session_id, SessionSeat.seat_id.in_(seat_ids))
            .values(state=state)
        )


def reset(store: Store, session_id: str) -> None:
    with store.transaction() as s:
        s.execute(
            update(SessionSeat)
            .where(SessionSeat.session_id == session_id)
            .values(state="available", hold_id=None, held_until=None, terminal_id=None)
        )


def states(store: Store, actor: Actor, session_id: SessionId) -> dict[str, str]:
    return {s.seat_id: s.state for s in seating.list_session_seats(store, actor, session_id)}


# --- Choosing -----------------------------------------------------------------------


def test_an_empty_hall_gives_the_centre_of_row_1(ready_store: Store, cashier: Actor) -> None:
    session = big_hall_session(ready_store, cashier)  # 30 rows of 40
    seq = last_audit_seq(ready_store)
    best = seating.best_available(ready_store, cashier, session, 2)
    assert best.step == STEP_ADJACENT
    assert best.hold.seat_ids == ("r1c20", "r1c21")
    seen = states(ready_store, cashier, session)
    assert seen["r1c20"] == seen["r1c21"] == "held"
    [entry] = audit_entries(ready_store, seq)
    assert (entry.action, entry.target_id) == ("seat.hold_best", best.hold.hold_id)
    # The centre of row 2 is nearer the focal point than the side of row 1.
    assert seating.best_available(ready_store, cashier, session, 3).hold.seat_ids == (
        "r2c19",
        "r2c20",
        "r2c21",
    )
    # A focal point further back moves the choice there.
    far = seating.best_available(ready_store, cashier, session, 2, focus=(10.0, 5.0))
    assert far.hold.seat_ids == ("r10c4", "r10c5")


def test_a_block_that_strands_a_seat_loses_to_one_that_does_not(
    ready_store: Store, cashier: Actor
) -> None:
    session = small_session(ready_store, 3, 8)
    # Row 1: 1 and 6 taken. Any 3 of 2–5 leaves one seat alone beside them.
    take(ready_store, session, ["r1c1", "r1c6"])
    best = seating.best_available(ready_store, cashier, session, 3)
    assert (best.step, best.hold.seat_ids) == (STEP_ADJACENT, ("r2c3", "r2c4", "r2c5"))
    seating.release_hold(ready_store, cashier, best.hold.hold_id)
    # Asked to, it takes the nearer block and says it strands a seat.
    nearer = seating.best_available(ready_store, cashier, session, 3, allow_orphan=True)
    assert (nearer.step, nearer.hold.seat_ids) == (STEP_ORPHAN, ("r1c3", "r1c4", "r1c5"))


def test_it_falls_back_to_stranding_a_seat_then_to_splitting(
    ready_store: Store, cashier: Actor
) -> None:
    session = small_session(ready_store, 2, 6)
    take(ready_store, session, ["r1c5", "r1c6", *(f"r2c{c}" for c in range(1, 7))])
    orphan = seating.best_available(ready_store, cashier, session, 3)
    assert orphan.step == STEP_ORPHAN
    assert orphan.hold.seat_ids in (("r1c1", "r1c2", "r1c3"), ("r1c2", "r1c3", "r1c4"))
    seating.release_hold(ready_store, cashier, orphan.hold.hold_id)

    reset(ready_store, session)
    take(ready_store, session, ["r1c2", "r1c5", "r1c6", "r2c2", "r2c3", "r2c4", "r2c5"])
    # Free: row 1 seats 1, 3, 4; row 2 seats 1, 6. No row has 3 together.
    split = seating.best_available(ready_store, cashier, session, 3)
    assert split.step == STEP_SPLIT
    assert set(split.hold.seat_ids) == {"r1c3", "r1c4", "r1c1"}  # nearest the front centre
    with pytest.raises(Conflict, match="3 asked for, 2 free"):
        seating.best_available(ready_store, cashier, session, 3)


def test_zone_and_accessible_filters(ready_store: Store, cashier: Actor) -> None:
    session = small_session(ready_store, 4, 6, front_rows=2)
    front, back = zones_of(ready_store, session)
    rear = seating.best_available(ready_store, cashier, session, 2, zone_id=back)
    assert rear.hold.seat_ids == ("r3c3", "r3c4")  # the front of the rear zone
    wheelchair = seating.best_available(ready_store, cashier, session, 2, accessible=True)
    assert wheelchair.hold.seat_ids == ("r4c1", "r4c2")
    with pytest.raises(Conflict, match="1 asked for, 0 free"):
        seating.best_available(ready_store, cashier, session, 1, zone_id=back, accessible=True)
    with pytest.raises(NotFound, match="price zone"):
        seating.best_available(ready_store, cashier, session, 1, zone_id="no-such-zone")
    assert (
        seating.best_available(ready_store, cashier, session, 2, zone_id=front)
        .hold.seat_ids[0]
        .startswith("r1")
    )


def test_bad_counts_and_permissions(ready_store: Store, cashier: Actor, merchant: Actor) -> None:
    session = big_hall_session(ready_store, cashier)
    for count in (0, 51, -1):
        with pytest.raises(ValidationError, match="1 to 50 seats"):
            seating.best_available(ready_store, cashier, session, count)
    with pytest.raises(PermissionDenied):
        seating.best_available(ready_store, merchant, session, 2)


def test_a_lost_race_searches_again(
    ready_store: Store, cashier: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another window takes a chosen seat between the search and the hold."""
    session = small_session(ready_store, 2, 4)
    take(ready_store, session, ["r1c2"])  # the search does not see this, the first time
    real = seating._spots
    calls: list[int] = []

    def stale_first(*args: object, **kwargs: object) -> list[Spot]:
        spots = real(*args, **kwargs)  # type: ignore[arg-type]
        calls.append(1)
        if len(calls) == 1:
            return [Spot(s.seat_id, s.row, s.col, True, True) for s in spots]
        return spots

    monkeypatch.setattr(seating, "_spots", stale_first)
    best = seating.best_available(ready_store, cashier, session, 2)
    assert len(calls) == 2
    assert best.hold.seat_ids == ("r1c3", "r1c4") and best.step == STEP_ADJACENT
    seen = states(ready_store, cashier, session)
    assert [k for k, v in seen.items() if v == "held"] == ["r1c3", "r1c4"]  # nothing else stuck


def test_a_race_lost_every_time_is_refused_cleanly(
    ready_store: Store, cashier: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = small_session(ready_store, 1, 4)
    take(ready_store, session, ["r1c2"])
    real = seating._spots
    monkeypatch.setattr(
        seating,
        "_spots",
        lambda *a, **k: [Spot(s.seat_id, s.row, s.col, True, True) for s in real(*a, **k)],
    )
    with pytest.raises(SeatsUnavailable):
        seating.best_available(ready_store, cashier, session, 2)
    assert sorted(states(ready_store, cashier, session).values()) == ["available"] * 3 + ["sold"]


# --- Property: the step is always the best one possible ------------------------------

ROWS, COLS = 3, 6


def brute_force(
    free: set[tuple[int, int]], wanted: set[tuple[int, int]], count: int, allow_orphan: bool
) -> tuple[str | None, dict[str, float]]:
    """Every block of ``count`` in every row, the hard way: the step that should
    be used and the smallest distance for each step."""
    focus_row, focus_col = 1.0, (1 + COLS) / 2
    nearest: dict[str, float] = {}
    for row in range(1, ROWS + 1):
        for first in range(1, COLS - count + 2):
            block = [(row, c) for c in range(first, first + count)]
            if not all(cell in wanted for cell in block):
                continue
            last = first + count - 1
            left = (row, first - 1) in free and (row, first - 2) not in free
            right = (row, last + 1) in free and (row, last + 2) not in free
            step = STEP_ORPHAN if left or right else STEP_ADJACENT
            d = (row - focus_row) ** 2 + ((first + last) / 2 - focus_col) ** 2
            nearest[step] = min(nearest.get(step, d), d)
    if allow_orphan and nearest:
        best = min(nearest.values())
        return (STEP_ADJACENT if nearest.get(STEP_ADJACENT) == best else STEP_ORPHAN), nearest
    for step in (STEP_ADJACENT, STEP_ORPHAN):
        if step in nearest:
            return step, nearest
    return (STEP_SPLIT if len(wanted) >= count else None), nearest


def test_best_available_property(ready_store: Store, cashier: Actor) -> None:
    session = small_session(ready_store, ROWS, COLS, front_rows=2)
    front, back = zones_of(ready_store, session)
    zone_of_row = {1: front, 2: front, 3: back}
    cells = [(r, c) for r in range(1, ROWS + 1) for c in range(1, COLS + 1)]

    @settings(max_examples=150, deadline=None)
    @given(
        taken=st.sets(st.sampled_from(cells)),
        count=st.integers(min_value=1, max_value=4),
        zone=st.sampled_from([None, "front", "back"]),
        allow_orphan=st.booleans(),
    )
    def check(
        taken: set[tuple[int, int]], count: int, zone: str | None, allow_orphan: bool
    ) -> None:
        reset(ready_store, session)
        take(ready_store, session, [f"r{r}c{c}" for r, c in taken])
        zone_id = {None: None, "front": front, "back": back}[zone]
        free = set(cells) - taken
        wanted = {cell for cell in free if zone_id is None or zone_of_row[cell[0]] == zone_id}
        expected, nearest = brute_force(free, wanted, count, allow_orphan)
        try:
            best = seating.best_available(
                ready_store, cashier, session, count, zone_id=zone_id, allow_orphan=allow_orphan
            )
        except Conflict as refused:
            assert expected is None and "Not enough" in refused.english()
            return
        assert best.step == expected
        got = [(int(s[1 : s.index("c")]), int(s[s.index("c") + 1 :])) for s in best.hold.seat_ids]
        assert len(set(got)) == len(got) == count  # distinct
        assert set(got) <= wanted  # free, and in the zone
        if best.step != STEP_SPLIT:
            rows = {r for r, _ in got}
            cols = sorted(c for _, c in got)
            assert len(rows) == 1 and cols == list(range(cols[0], cols[0] + count))
            d = (got[0][0] - 1) ** 2 + ((cols[0] + cols[-1]) / 2 - (1 + COLS) / 2) ** 2
            assert d == nearest[best.step]  # the nearest block of its kind
        else:
            focus_col = (1 + COLS) / 2
            dist = sorted((r - 1) ** 2 + (c - focus_col) ** 2 for r, c in wanted)
            assert sorted((r - 1) ** 2 + (c - focus_col) ** 2 for r, c in got) == dist[:count]

    check()


# --- Over HTTP ----------------------------------------------------------------------


@pytest.fixture
def central(ready_store: Store) -> Iterator[CentralServer]:
    with serving(ready_store) as server:
        yield server


def test_best_available_over_http(central: CentralServer, cashier: Actor) -> None:
    window = central.terminal("9号售票窗口")
    headers = central.headers(window, "zhangli", DEMO_PASSWORD)
    session = big_hall_session(central.store, cashier)
    url = f"{central.url}/api/v1/holds/best"
    answer = requests.post(
        url, json={"session_id": session, "count": 2}, headers=headers, timeout=10
    )
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["step"] == "adjacent" and body["seat_ids"] == ["r1c20", "r1c21"]
    assert {"hold_id", "session_id", "expires_at"} <= set(body)
    for bad in ({"count": 0}, {"count": 51}, {"count": "2"}, {"zone_id": ""}, {"extra": 1}):
        refused = requests.post(
            url, json={"session_id": session, "count": 2, **bad}, headers=headers, timeout=10
        )
        assert refused.status_code == 422, (bad, refused.text)
    merchant = central.headers(window, "liuyang", DEMO_PASSWORD)
    denied = requests.post(
        url, json={"session_id": session, "count": 2}, headers=merchant, timeout=10
    )
    assert denied.status_code == 403
