"""The audit log (操作日志): what gets written, the hash chain, search, export, purge."""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from boxoffice import bootstrap
from boxoffice.clock import now, venue_zone
from boxoffice.db.models import AuditAnchor, AuditEntry
from boxoffice.db.store import Store
from boxoffice.errors import AuthenticationFailed, PermissionDenied, ValidationError
from boxoffice.permissions import BuiltinRole
from boxoffice.services import audit, audit_chain, auth, catalogue, settings, staff
from boxoffice.services.audit import EXPORT_HEADER, AuditQuery
from boxoffice.services.base import Actor
from tests.conftest import (
    INITIAL_ADMIN_PASSWORD,
    READY_ADMIN_PASSWORD,
    actor_for,
    audit_count,
    audit_entries,
    copy_data_dir,
    last_audit_seq,
    opened,
    raw_sql,
)

# --- Every change is written down ----------------------------------------------------


def _role(store: Store, admin: Actor, code: BuiltinRole) -> str:
    return next(r.id for r in staff.list_roles(store, admin) if r.code == code.value)


# (operation, expected action, expected target type, detail key that must be there)
OPERATIONS: dict[str, tuple[Callable[[Store, Actor], object], str, str, str]] = {
    "create_role": (
        lambda s, a: staff.create_role(
            s, a, name="检票员", permissions=frozenset({"tickets.check"})
        ),
        "role.create",
        "role",
        "permissions",
    ),
    "update_role": (
        lambda s, a: staff.update_role(
            s,
            a,
            _role(s, a, BuiltinRole.MERCHANT),  # type: ignore[arg-type]
            name="商户",
            description="",
            permissions=frozenset({"merchant.sell"}),
        ),
        "role.update",
        "role",
        "removed",
    ),
    "set_user_enabled": (
        lambda s, a: staff.set_user_enabled(
            s,
            a,
            next(u.id for u in staff.list_users(s, a) if u.login == "wangfang"),
            False,
        ),
        "user.disable",
        "user",
        "login",
    ),
    "create_terminal": (
        lambda s, a: staff.create_terminal(s, a, name="3号售票窗口", kind="window"),
        "terminal.create",
        "terminal",
        "kind",
    ),
    "create_venue": (
        lambda s, a: catalogue.create_venue(s, a, name="音乐厅"),
        "venue.create",
        "venue",
        "name",
    ),
    "save_category": (
        lambda s, a: catalogue.save_category(s, a, None, name="杂技"),
        "category.create",
        "category",
        "name",
    ),
    "save_ticket_type": (
        lambda s, a: catalogue.save_ticket_type(s, a, None, name="军人", percent=70),
        "ticket_type.create",
        "ticket_type",
        "percent",
    ),
    "update_settings": (
        lambda s, a: settings.update_settings(s, a, lockout_minutes=30),
        "settings.update",
        "settings",
        "lockout_minutes",
    ),
    "set_language": (
        lambda s, a: settings.set_language(s, a, "en"),
        "settings.language",
        "settings",
        "language",
    ),
}


@pytest.mark.parametrize("name", OPERATIONS)
def test_each_change_writes_one_entry_saying_who_where_what(
    ready_store: Store, admin: Actor, name: str
) -> None:
    operation, action, target_type, detail_key = OPERATIONS[name]
    seq = last_audit_seq(ready_store)
    started = now()

    result = operation(ready_store, admin)

    [entry] = audit_entries(ready_store, seq)
    assert entry.action == action
    assert (entry.user_id, entry.user_login) == (admin.user_id, "admin")
    assert (entry.terminal_id, entry.terminal_name) == (admin.terminal_id, "1号售票窗口")
    assert entry.target_type == target_type
    if isinstance(result, str):  # operations that create something return its id
        assert entry.target_id == result
    assert detail_key in json.loads(entry.detail)
    assert started <= entry.at <= now()


def test_reading_writes_nothing(ready_store: Store, admin: Actor, supervisor: Actor) -> None:
    before = audit_count(ready_store)
    staff.list_users(ready_store, admin)
    staff.list_roles(ready_store, admin)
    catalogue.list_sessions(ready_store, supervisor)
    audit.list_audit(ready_store, supervisor, AuditQuery())
    audit.verify_audit_chain(ready_store, supervisor)
    assert audit_count(ready_store) == before


def test_refused_change_writes_only_the_refusal(ready_store: Store, cashier: Actor) -> None:
    seq = last_audit_seq(ready_store)
    with pytest.raises(PermissionDenied):
        catalogue.create_venue(ready_store, cashier, name="音乐厅")
    [entry] = audit_entries(ready_store, seq)
    assert (entry.action, entry.user_login) == ("access.denied", "zhangli")
    assert (entry.target_type, entry.target_id) == ("service", "catalogue.create_venue")
    assert "shows.manage" in json.loads(entry.detail)["reason"]


def test_audit_detail_keeps_chinese_readable(ready_store: Store, admin: Actor) -> None:
    seq = last_audit_seq(ready_store)
    catalogue.create_venue(ready_store, admin, name="星海音乐厅")
    [entry] = audit_entries(ready_store, seq)
    assert "星海音乐厅" in entry.detail  # not \\u escapes: the log is read by people


# --- The hash chain ---------------------------------------------------------------------------


def test_chain_verifies_on_the_demo(demo_store: Store, supervisor: Actor) -> None:
    report = audit.verify_audit_chain(demo_store, supervisor)
    assert report.ok
    assert report.checked == audit_count(demo_store) >= 2
    assert report.broken_seq is None


def test_chain_verifies_after_work(ready_store: Store, admin: Actor, supervisor: Actor) -> None:
    for name in ("杂技", "魔术", "相声"):
        catalogue.save_category(ready_store, admin, None, name=name)
    report = audit.verify_audit_chain(ready_store, supervisor)
    assert report.ok
    assert report.checked == audit_count(ready_store)


def _middle_seq(store: Store) -> int:
    entries = audit_entries(store)
    assert len(entries) >= 5
    return entries[len(entries) // 2].seq


def test_changed_entry_is_found(ready_store: Store, supervisor: Actor) -> None:
    middle = _middle_seq(ready_store)
    raw_sql(
        ready_store,
        "DROP TRIGGER audit_entry_no_update",
        f'UPDATE audit_entry SET detail = \'{{"note": "改过"}}\' WHERE seq = {middle}',
    )
    report = audit.verify_audit_chain(ready_store, supervisor)
    assert not report.ok
    assert report.broken_seq == middle
    assert report.checked == middle - 1
    assert report.reason == "content does not match its hash"


@pytest.mark.parametrize(
    "assignment",
    ["user_login = 'chenjing'", "action = 'auth.logout'", "at = '2020-01-01 00:00:00.000000'"],
)
def test_any_changed_field_is_found(ready_store: Store, supervisor: Actor, assignment: str) -> None:
    middle = _middle_seq(ready_store)
    raw_sql(
        ready_store,
        "DROP TRIGGER audit_entry_no_update",
        f"UPDATE audit_entry SET {assignment} WHERE seq = {middle}",
    )
    assert audit.verify_audit_chain(ready_store, supervisor).broken_seq == middle


def test_changed_entry_with_a_recomputed_hash_is_found_at_the_next(
    ready_store: Store, supervisor: Actor
) -> None:
    """Someone who knows the hash recipe re-hashes what they changed: the next
    entry's link to it no longer matches."""
    middle = _middle_seq(ready_store)
    [entry] = [e for e in audit_entries(ready_store) if e.seq == middle]
    forged = '{"note": "改过"}'
    new_hash = audit_chain.entry_hash(
        entry.prev_hash,
        entry.id,
        entry.at,
        entry.user_id,
        entry.user_login,
        entry.terminal_id,
        entry.terminal_name,
        entry.action,
        entry.target_type,
        entry.target_id,
        forged,
    )
    raw_sql(
        ready_store,
        "DROP TRIGGER audit_entry_no_update",
        f"UPDATE audit_entry SET detail = '{forged}', hash = '{new_hash}' WHERE seq = {middle}",
    )
    report = audit.verify_audit_chain(ready_store, supervisor)
    assert (report.ok, report.broken_seq) == (False, middle + 1)
    assert report.reason == "previous-hash mismatch"


def test_deleted_entry_is_found_at_the_next(ready_store: Store, supervisor: Actor) -> None:
    middle = _middle_seq(ready_store)
    raw_sql(
        ready_store,
        "DROP TRIGGER audit_entry_no_delete",
        f"DELETE FROM audit_entry WHERE seq = {middle}",
    )
    report = audit.verify_audit_chain(ready_store, supervisor)
    assert not report.ok
    assert report.broken_seq == middle + 1
    assert report.reason == "previous-hash mismatch"


def test_deleted_newest_entries_leave_a_valid_chain_but_fewer_entries(
    ready_store: Store, supervisor: Actor
) -> None:
    """Cutting off the tail cannot be seen from the chain alone; the count tells."""
    total = audit_count(ready_store)
    raw_sql(
        ready_store,
        "DROP TRIGGER audit_entry_no_delete",
        f"DELETE FROM audit_entry WHERE seq = {last_audit_seq(ready_store)}",
    )
    report = audit.verify_audit_chain(ready_store, supervisor)
    assert report.ok
    assert report.checked == total - 1


# --- Searching --------------------------------------------------------------------------------

T0 = datetime(2025, 6, 1, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai


def _append(store: Store, at: datetime, login: str, action: str, detail: dict[str, object]) -> int:
    with store.transaction() as session:
        entry = audit_chain.append(
            session,
            at=at,
            user_id=None,
            user_login=login,
            terminal_id=None,
            terminal_name="2号售票窗口",
            action=action,
            target_type="test",
            target_id=f"t-{action}",
            detail=json.dumps(detail, ensure_ascii=False),
        )
        return entry.seq


@pytest.fixture
def history(ready_store: Store) -> dict[str, int]:
    """Entries on 1-3 June 2025, name -> seq."""
    return {
        "sale": _append(ready_store, T0, "zhangli", "ticket.sell", {"show": "话剧《茶馆》"}),
        "refund": _append(
            ready_store, T0 + timedelta(hours=1), "zhangli", "ticket.refund", {"rate": "100%"}
        ),
        "price": _append(
            ready_store, T0 + timedelta(days=1), "chenjing", "session.prices", {"zone": "甲票"}
        ),
        "sale2": _append(
            ready_store, T0 + timedelta(days=2), "wangfang", "ticket.sell", {"show": "新年音乐会"}
        ),
    }


def _found(store: Store, actor: Actor, **query: object) -> list[int]:
    return [r.seq for r in audit.list_audit(store, actor, AuditQuery(**query))]  # type: ignore[arg-type]


def test_entry_written_in_venue_time_still_verifies(ready_store: Store, supervisor: Actor) -> None:
    """The store keeps UTC; an entry handed over in Shanghai time is hashed as stored."""
    shanghai_ten = datetime(2025, 6, 1, 10, 0, tzinfo=venue_zone("Asia/Shanghai"))
    seq = _append(ready_store, shanghai_ten, "zhangli", "ticket.sell", {})
    assert audit.verify_audit_chain(ready_store, supervisor).ok
    assert _found(ready_store, supervisor, starts=T0, ends=T0 + timedelta(seconds=1)) == [seq]


def test_entry_without_timezone_is_refused(ready_store: Store) -> None:
    count = audit_count(ready_store)
    with pytest.raises(ValidationError, match="without a timezone"):
        _append(ready_store, datetime(2025, 6, 1, 10, 0), "zhangli", "ticket.sell", {})
    assert audit_count(ready_store) == count


def test_list_audit_newest_first(
    ready_store: Store, supervisor: Actor, history: dict[str, int]
) -> None:
    rows = audit.list_audit(ready_store, supervisor, AuditQuery())
    assert [r.seq for r in rows] == sorted((r.seq for r in rows), reverse=True)
    assert len(rows) == audit_count(ready_store)
    assert [r.seq for r in audit.list_audit(ready_store, supervisor, AuditQuery(), limit=2)] == [
        rows[0].seq,
        rows[1].seq,
    ]


def test_filter_by_time(ready_store: Store, supervisor: Actor, history: dict[str, int]) -> None:
    day = timedelta(days=1)
    assert _found(ready_store, supervisor, starts=T0, ends=T0 + day) == [
        history["refund"],
        history["sale"],
    ]
    assert _found(ready_store, supervisor, starts=T0 + day, ends=T0 + 3 * day) == [
        history["sale2"],
        history["price"],
    ]
    # Starts inclusive, ends exclusive; any timezone names the same moment.
    shanghai_ten = datetime(2025, 6, 1, 10, 0, tzinfo=venue_zone("Asia/Shanghai"))
    assert _found(ready_store, supervisor, starts=shanghai_ten, ends=T0 + timedelta(hours=1)) == [
        history["sale"]
    ]
    with pytest.raises(ValidationError, match="without a timezone"):
        _found(ready_store, supervisor, starts=datetime(2025, 6, 1))


def test_filter_by_user(ready_store: Store, supervisor: Actor, history: dict[str, int]) -> None:
    june = {"starts": T0, "ends": T0 + timedelta(days=7)}
    assert _found(ready_store, supervisor, user_login=" ZhangLi ", **june) == [
        history["refund"],
        history["sale"],
    ]
    assert _found(ready_store, supervisor, user_login="zhang", **june) == []  # whole logins


def test_filter_by_action(ready_store: Store, supervisor: Actor, history: dict[str, int]) -> None:
    """An action is matched exactly, or as a group when it ends in a dot ("ticket.")."""
    assert _found(ready_store, supervisor, action="ticket.") == [
        history["sale2"],
        history["refund"],
        history["sale"],
    ]
    assert _found(ready_store, supervisor, action=" ticket.sell ") == [
        history["sale2"],
        history["sale"],
    ]
    assert _found(ready_store, supervisor, action="ticket.se") == []
    assert _found(ready_store, supervisor, action="sell") == []
    assert _found(ready_store, supervisor, action="ticket%") == []  # no wildcards
    assert _found(ready_store, supervisor, action="ticket_") == []


def test_filter_by_action_keeps_login_and_failed_login_apart(
    ready_store: Store, supervisor: Actor
) -> None:
    with pytest.raises(AuthenticationFailed):
        auth.login(ready_store, "zhangli", "wrong-password")
    logins = audit.list_audit(ready_store, supervisor, AuditQuery(action="auth.login"))
    assert logins and {r.action for r in logins} == {"auth.login"}
    group = audit.list_audit(ready_store, supervisor, AuditQuery(action="auth."))
    assert {"auth.login", "auth.login_failed"} <= {r.action for r in group}


def test_filter_by_text(ready_store: Store, supervisor: Actor, history: dict[str, int]) -> None:
    assert _found(ready_store, supervisor, text="茶馆") == [history["sale"]]
    assert _found(ready_store, supervisor, text="甲票") == [history["price"]]
    assert _found(ready_store, supervisor, text="100%") == [history["refund"]]
    assert _found(ready_store, supervisor, text="t-session.pri") == [history["price"]]
    assert _found(ready_store, supervisor, text="%") == [history["refund"]]  # literal
    assert _found(ready_store, supervisor, text="不存在的内容") == []


def test_filters_combine(ready_store: Store, supervisor: Actor, history: dict[str, int]) -> None:
    assert _found(ready_store, supervisor, user_login="zhangli", action="ticket.", text="茶馆") == [
        history["sale"]
    ]


def test_list_audit_actions(ready_store: Store, supervisor: Actor, history: dict[str, int]) -> None:
    actions = audit.list_audit_actions(ready_store, supervisor)
    assert actions == sorted(set(actions))
    assert {"ticket.sell", "ticket.refund", "session.prices", "auth.login"} <= set(actions)


# --- Export ------------------------------------------------------------------------------------


def test_export_xlsx(
    ready_store: Store, supervisor: Actor, history: dict[str, int], tmp_path: Path
) -> None:
    path = tmp_path / "操作日志.xlsx"
    query = AuditQuery(starts=T0, ends=T0 + timedelta(days=7))
    seq = last_audit_seq(ready_store)

    assert audit.export_audit(ready_store, supervisor, query, path, "Asia/Shanghai") == 4

    book = openpyxl.load_workbook(path)
    try:
        sheet = book["操作日志"]
        rows = list(sheet.iter_rows(values_only=True))
    finally:
        book.close()
    assert rows[0] == EXPORT_HEADER
    assert [r[0] for r in rows[1:]] == sorted(history.values())  # oldest first
    first = rows[1]
    assert first[1:7] == (
        "2025-06-01 10:00:00",  # venue time
        "zhangli",
        "2号售票窗口",
        "ticket.sell",
        "test",
        "t-ticket.sell",
    )
    assert json.loads(first[7]) == {"show": "话剧《茶馆》"}
    assert not list(tmp_path.glob("*.part"))

    [entry] = audit_entries(ready_store, seq)  # the export is itself written down
    assert (entry.action, entry.user_login) == ("audit.export", "chenjing")
    assert (entry.target_type, entry.target_id) == ("file", "操作日志.xlsx")
    assert json.loads(entry.detail)["rows"] == 4


def test_export_csv_opens_as_utf8_in_excel(
    ready_store: Store, supervisor: Actor, history: dict[str, int], tmp_path: Path
) -> None:
    path = tmp_path / "log.CSV"
    query = AuditQuery(user_login="zhangli", starts=T0, ends=T0 + timedelta(days=7))

    assert audit.export_audit(ready_store, supervisor, query, path, "UTC") == 2

    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    rows = list(csv.reader(data.decode("utf-8-sig").splitlines()))
    assert tuple(rows[0]) == EXPORT_HEADER
    assert [r[1] for r in rows[1:]] == ["2025-06-01 02:00:00", "2025-06-01 03:00:00"]  # UTC
    assert json.loads(rows[1][7]) == {"show": "话剧《茶馆》"}
    assert audit_entries(ready_store)[-1].action == "audit.export"


def test_export_refuses_other_formats(
    ready_store: Store, supervisor: Actor, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    before = audit_count(ready_store)
    with pytest.raises(ValidationError, match=r"\.xlsx or \.csv"):
        audit.export_audit(ready_store, supervisor, AuditQuery(), out / "log.pdf", "UTC")
    with pytest.raises(ValidationError, match="timezone"):
        audit.export_audit(ready_store, supervisor, AuditQuery(), out / "log.csv", "Mars/Base")
    assert list(out.iterdir()) == []
    assert audit_count(ready_store) == before


def test_export_needs_audit_view(ready_store: Store, cashier: Actor, tmp_path: Path) -> None:
    with pytest.raises(PermissionDenied):
        audit.export_audit(ready_store, cashier, AuditQuery(), tmp_path / "log.csv", "UTC")
    assert not (tmp_path / "log.csv").exists()


# --- Purge -----------------------------------------------------------------------------------

OLD = 3  # entries from 400 days ago
MIDDLE = 2  # entries from 100 days ago


@pytest.fixture(scope="module")
def aged(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Actor]:
    """A store whose log began long ago: 3 entries from 400 days back and 2 from
    100 days back, then a first start and an admin at work. Built once; each
    test gets a copy."""
    directory = tmp_path_factory.mktemp("aged")
    with opened(directory) as store:
        moment = now()
        with store.transaction() as session:
            for days, n in ((400, OLD), (100, MIDDLE)):
                for i in range(n):
                    audit_chain.append(
                        session,
                        at=moment - timedelta(days=days, minutes=n - i),
                        user_id=None,
                        user_login="zhangli",
                        terminal_id=None,
                        terminal_name="1号售票窗口",
                        action="ticket.sell",
                        target_type="ticket",
                        target_id=f"old-{days}-{i}",
                        detail="{}",
                    )
        bootstrap.ensure_initialized(store)
        admin = actor_for(store, "admin", INITIAL_ADMIN_PASSWORD)
        auth.change_own_password(store, admin, INITIAL_ADMIN_PASSWORD, READY_ADMIN_PASSWORD)
    return directory, admin


@pytest.fixture
def aged_store(aged: tuple[Path, Actor], tmp_path: Path) -> Iterator[Store]:
    with opened(copy_data_dir(aged[0], tmp_path / "aged")) as store:
        yield store


@pytest.fixture
def aged_admin(aged: tuple[Path, Actor]) -> Actor:
    return aged[1]


def _ages(store: Store) -> list[int]:
    """How many days old each entry is, in chain order."""
    moment = now()
    return [(moment - e.at).days for e in audit_entries(store)]


def test_purge_removes_only_older_entries(aged_store: Store, aged_admin: Actor) -> None:
    before = audit_entries(aged_store)
    assert [age for age in _ages(aged_store) if age > 30] == [400] * OLD + [100] * MIDDLE

    deleted = audit.purge_audit(aged_store, aged_admin, now() - timedelta(days=200))

    assert deleted == OLD
    after = audit_entries(aged_store)
    assert [e.id for e in after[:-1]] == [e.id for e in before[OLD:]]  # the rest untouched
    purge = after[-1]
    assert (purge.action, purge.user_login) == ("audit.purge", "admin")
    detail = json.loads(purge.detail)
    assert detail["deleted"] == OLD
    assert detail["anchor"] == before[OLD - 1].hash
    report = audit.verify_audit_chain(aged_store, aged_admin)
    assert report.ok
    assert report.checked == len(after)


def test_purges_add_up(aged_store: Store, aged_admin: Actor) -> None:
    audit.purge_audit(aged_store, aged_admin, now() - timedelta(days=200))
    assert audit.purge_audit(aged_store, aged_admin, now() - timedelta(days=31)) == MIDDLE

    assert [age for age in _ages(aged_store) if age > 30] == []
    with aged_store.transaction() as session:
        anchor = session.get(AuditAnchor, 1)
        assert anchor is not None
        assert anchor.purged_count == OLD + MIDDLE
    assert audit.verify_audit_chain(aged_store, aged_admin).ok


def test_purge_with_nothing_old_enough_is_still_recorded(
    aged_store: Store, aged_admin: Actor
) -> None:
    count = audit_count(aged_store)
    assert audit.purge_audit(aged_store, aged_admin, now() - timedelta(days=500)) == 0
    assert audit_count(aged_store) == count + 1
    assert audit_entries(aged_store)[-1].action == "audit.purge"
    assert audit.verify_audit_chain(aged_store, aged_admin).ok


@pytest.mark.parametrize("days_ago", [29, 0, -1])
def test_purge_refuses_recent_dates(aged_store: Store, aged_admin: Actor, days_ago: int) -> None:
    count = audit_count(aged_store)
    with pytest.raises(ValidationError) as refused:
        audit.purge_audit(aged_store, aged_admin, now() - timedelta(days=days_ago))
    assert refused.value.params == {"days": 30}
    assert audit_count(aged_store) == count


def test_purge_refuses_naive_dates(aged_store: Store, aged_admin: Actor) -> None:
    with pytest.raises(ValidationError, match="without a timezone"):
        audit.purge_audit(aged_store, aged_admin, datetime(2020, 1, 1))


def test_purge_keeps_old_dated_entries_after_newer_ones(
    aged_store: Store, aged_admin: Actor
) -> None:
    """Only an unbroken run from the start of the chain goes, so the chain stays whole."""
    late = _append(aged_store, now() - timedelta(days=365), "zhangli", "ticket.sell", {})
    audit.purge_audit(aged_store, aged_admin, now() - timedelta(days=200))
    assert late in {e.seq for e in audit_entries(aged_store)}
    assert audit.verify_audit_chain(aged_store, aged_admin).ok


def test_purge_needs_the_purge_permission(ready_store: Store, supervisor: Actor) -> None:
    """A supervisor may read the log but not delete from it."""
    assert audit.list_audit(ready_store, supervisor, AuditQuery())
    count = audit_count(ready_store)
    with pytest.raises(PermissionDenied) as refused:
        audit.purge_audit(ready_store, supervisor, now() - timedelta(days=200))
    assert refused.value.params == {"permission": "audit.purge"}
    assert audit_count(ready_store) == count + 1  # the refusal, and nothing removed
    assert audit_entries(ready_store)[-1].action == "access.denied"


def test_purge_closes_the_gate_behind_it(aged_store: Store, aged_admin: Actor) -> None:
    audit.purge_audit(aged_store, aged_admin, now() - timedelta(days=200))
    assert aged_store.path is not None
    conn = sqlite3.connect(aged_store.path)
    try:
        assert conn.execute("SELECT open FROM audit_purge_gate").fetchall() == [(0,)]
        with pytest.raises(sqlite3.DatabaseError, match="deleted only by a purge"):
            conn.execute("DELETE FROM audit_entry")
    finally:
        conn.close()


def test_tampering_after_a_purge_is_still_found(aged_store: Store, aged_admin: Actor) -> None:
    audit.purge_audit(aged_store, aged_admin, now() - timedelta(days=200))
    with aged_store.transaction() as session:
        first = session.scalar(select(func.min(AuditEntry.seq)))
    assert first is not None
    raw_sql(
        aged_store,
        "DROP TRIGGER audit_entry_no_delete",
        f"DELETE FROM audit_entry WHERE seq = {first}",
    )
    report = audit.verify_audit_chain(aged_store, aged_admin)
    assert (report.ok, report.broken_seq) == (False, first + 1)
