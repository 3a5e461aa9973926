"""First start of a store, and the demo venue (``--demo``)."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

from sqlalchemy import func, select

from boxoffice import bootstrap
from boxoffice.clock import DEFAULT_TIMEZONE, now, venue_zone
from boxoffice.db.models import Hall, Role, User, Venue
from boxoffice.db.store import Store
from boxoffice.permissions import BUILTIN_ROLE_PERMISSIONS
from boxoffice.services import auth, catalogue, settings, staff
from boxoffice.services.base import Actor
from tests.conftest import DEMO_PASSWORDS, audit_entries, opened, table_snapshot

SHANGHAI = venue_zone(DEFAULT_TIMEZONE)


def _count(store: Store, model: type) -> int:
    with store.transaction() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


# --- A new store --------------------------------------------------------------------------


def test_new_store_is_initialized_once(tmp_path: Path) -> None:
    with opened(tmp_path) as store:
        assert bootstrap.ensure_initialized(store)
        first = table_snapshot(store, skip=())
        assert not bootstrap.ensure_initialized(store)
        assert table_snapshot(store, skip=()) == first


def test_new_store_contents(store: Store) -> None:
    with store.transaction() as session:
        users = list(session.scalars(select(User)))
        roles = {
            r.code: {p.permission for p in r.permissions} for r in session.scalars(select(Role))
        }
    assert [(u.login, u.must_change_password) for u in users] == [("admin", True)]
    assert [r.code for r in users[0].roles] == ["admin"]
    assert roles == {
        code.value: {p.value for p in perms} for code, perms in BUILTIN_ROLE_PERMISSIONS.items()
    }
    # This device is the first ticket window; the new store's log starts with its creation.
    terminal_id = settings.get_settings(store).terminal_id
    assert terminal_id is not None
    [entry] = audit_entries(store)
    assert (entry.action, entry.user_id) == ("system.initialize", None)
    assert _count(store, Venue) == 0


def test_initial_admin_password(store: Store) -> None:
    result = auth.login(store, bootstrap.INITIAL_ADMIN_LOGIN, bootstrap.INITIAL_ADMIN_PASSWORD)
    assert result.must_change_password
    assert result.actor.terminal_name == "1号售票窗口"


# --- The demo -------------------------------------------------------------------------------


def test_demo_venue_and_halls(demo_store: Store) -> None:
    with demo_store.transaction() as session:
        [venue] = session.scalars(select(Venue))
        halls = {h.name: h for h in session.scalars(select(Hall))}
        assert venue.name == "星海大剧院"
        assert set(halls) == {"大剧场", "小剧场"}
        big, small = halls["大剧场"], halls["小剧场"]
        assert (big.seating, small.seating) == ("reserved", "general")
        assert big.capacity > small.capacity > 0
        assert {big.venue_id, small.venue_id} == {venue.id}


def test_demo_shows(demo_store: Store, cashier: Actor) -> None:
    shows = catalogue.list_shows(demo_store, cashier)
    assert len(shows) >= 5
    assert len({s.category_name for s in shows}) >= 5
    assert all(s.enabled and s.duration_minutes > 0 and s.introduction for s in shows)
    assert "话剧《茶馆》" in {s.name for s in shows}


def test_demo_sessions_cover_two_weeks(demo_store: Store, cashier: Actor) -> None:
    sessions = catalogue.list_sessions(demo_store, cashier)
    days = sorted({s.starts_at.astimezone(SHANGHAI).date() for s in sessions})
    assert len(days) == 14
    assert days == [days[0] + timedelta(days=i) for i in range(14)]
    # The demo starts on the day it was made (the template may be from before midnight).
    assert now().astimezone(SHANGHAI).date() - days[0] in (timedelta(0), timedelta(days=1))
    # Every evening both halls play; weekends add a matinee in the big hall.
    per_day: dict[date, list[tuple[str, str]]] = defaultdict(list)
    for s in sessions:
        local = s.starts_at.astimezone(SHANGHAI)
        per_day[local.date()].append((local.strftime("%H:%M"), s.hall_name))
    for day, plays in per_day.items():
        evenings = [("19:30", "大剧场"), ("20:00", "小剧场")]
        matinee = [("14:00", "大剧场")] if day.weekday() >= 5 else []
        assert sorted(plays) == matinee + evenings, day


def test_every_demo_session_is_on_sale_with_priced_zones(demo_store: Store, cashier: Actor) -> None:
    sessions = catalogue.list_sessions(demo_store, cashier)
    assert sessions
    for s in sessions:
        assert s.status == "on_sale"
        assert s.zones
        assert all(z.price_fen > 0 for z in s.zones)
        assert len({z.name for z in s.zones}) == len(s.zones)
    big = [s for s in sessions if s.hall_name == "大剧场"]
    assert all(len(s.zones) > 1 for s in big)  # reserved seating sells several zones


def test_demo_sessions_do_not_overlap(demo_store: Store, cashier: Actor) -> None:
    """So that editing any of them is not refused because of another."""
    by_hall: dict[str, list[catalogue.SessionRow]] = defaultdict(list)
    for s in catalogue.list_sessions(demo_store, cashier):
        by_hall[s.hall_id].append(s)
    for sessions in by_hall.values():
        sessions.sort(key=lambda s: s.starts_at)
        for earlier, later in pairwise(sessions):
            assert earlier.ends_at <= later.starts_at


def _readme_logins() -> dict[str, str]:
    """The demo logins table of README.md: login -> password."""
    text = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    return dict(re.findall(r"^\| `([a-z0-9._-]+)` \| `([^`]+)` \|", text, flags=re.MULTILINE))


def test_readme_lists_every_demo_login() -> None:
    assert _readme_logins() == DEMO_PASSWORDS


def test_demo_logins_from_the_readme_work(demo_store: Store) -> None:
    roles = {d.login: d.role for d in bootstrap.DEMO_LOGINS}
    for login, password in _readme_logins().items():
        result = auth.login(demo_store, login, password)
        assert result.actor.permissions == {p.value for p in BUILTIN_ROLE_PERMISSIONS[roles[login]]}
        # Only the administrator must pick a new password before working.
        assert result.must_change_password == (login == "admin")
    assert set(roles.values()) == set(BUILTIN_ROLE_PERMISSIONS)  # one user per role at least


def test_readme_initial_admin_password_is_the_real_one() -> None:
    text = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert (
        f"`{bootstrap.INITIAL_ADMIN_LOGIN}` /\n`{bootstrap.INITIAL_ADMIN_PASSWORD}`" in text
        or f"`{bootstrap.INITIAL_ADMIN_LOGIN}` / `{bootstrap.INITIAL_ADMIN_PASSWORD}`" in text
    )


def test_demo_terminals(demo_store: Store, cashier: Actor) -> None:
    kinds = {t.name: t.kind for t in staff.list_terminals(demo_store, cashier)}
    assert kinds == {"1号售票窗口": "window", "2号售票窗口": "window", "小卖部收银台": "till"}


def test_demo_audit_log(demo_store: Store) -> None:
    actions = [e.action for e in audit_entries(demo_store)]
    assert actions == ["system.initialize", "system.demo_seed"]


def test_seeding_twice_adds_nothing(demo_store: Store) -> None:
    before = table_snapshot(demo_store, skip=())
    assert not bootstrap.seed_demo(demo_store)
    assert table_snapshot(demo_store, skip=()) == before


def test_seeding_a_store_that_has_a_venue_adds_nothing(store: Store) -> None:
    with store.transaction() as session:
        session.add(Venue(name="自有剧场"))
    before = table_snapshot(store, skip=())
    assert not bootstrap.seed_demo(store)
    assert table_snapshot(store, skip=()) == before
