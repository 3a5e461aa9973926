"""Logging in, lockout, the first admin password and password rules."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from boxoffice.clock import now
from boxoffice.db.models import User
from boxoffice.db.store import Store
from boxoffice.errors import AuthenticationFailed, PermissionDenied, ValidationError
from boxoffice.permissions import BUILTIN_ROLE_PERMISSIONS, BuiltinRole
from boxoffice.services import auth, catalogue, settings, staff
from boxoffice.services.base import Actor
from tests.conftest import (
    DEMO_PASSWORDS,
    INITIAL_ADMIN_PASSWORD,
    audit_entries,
    last_audit_seq,
    opened,
)

CASHIER_PASSWORD = "demo2026"


def _user(store: Store, login: str) -> User:
    with store.transaction() as session:
        user = session.scalar(select(User).where(User.login == login))
        assert user is not None
        return user


def _fail(store: Store, login: str, password: str = "wrong-password") -> AuthenticationFailed:
    with pytest.raises(AuthenticationFailed) as refused:
        auth.login(store, login, password)
    return refused.value


def _move_lock(store: Store, login: str, locked_until: object) -> None:
    with store.transaction() as session:
        user = session.scalar(select(User).where(User.login == login))
        assert user is not None
        user.locked_until = locked_until  # type: ignore[assignment]


# --- Logging in -----------------------------------------------------------------


def test_login_returns_who_and_where(ready_store: Store) -> None:
    result = auth.login(ready_store, "zhangli", CASHIER_PASSWORD)
    actor = result.actor
    assert not result.must_change_password
    assert actor.login == "zhangli"
    assert actor.display_name == "张丽"
    assert actor.terminal_name == "1号售票窗口"
    assert actor.terminal_id == settings.get_settings(ready_store).terminal_id
    assert actor.permissions == {p.value for p in BUILTIN_ROLE_PERMISSIONS[BuiltinRole.CASHIER]}
    assert _user(ready_store, "zhangli").last_login_at is not None


def test_login_name_ignores_case_and_spaces(ready_store: Store) -> None:
    assert auth.login(ready_store, "  ZhangLi ", CASHIER_PASSWORD).actor.login == "zhangli"


def test_login_is_audited(ready_store: Store) -> None:
    seq = last_audit_seq(ready_store)
    actor = auth.login(ready_store, "zhangli", CASHIER_PASSWORD).actor
    [entry] = audit_entries(ready_store, seq)
    assert (entry.action, entry.user_login, entry.target_id) == (
        "auth.login",
        "zhangli",
        actor.user_id,
    )
    assert entry.terminal_name == "1号售票窗口"


def test_wrong_password_is_refused_and_counted(ready_store: Store) -> None:
    refused = _fail(ready_store, "zhangli")
    assert refused.message == "Wrong login name or password."
    assert _user(ready_store, "zhangli").failed_logins == 1
    _fail(ready_store, "zhangli", CASHIER_PASSWORD.upper())  # passwords are case-sensitive
    assert _user(ready_store, "zhangli").failed_logins == 2


def test_successful_login_resets_the_failure_count(ready_store: Store) -> None:
    _fail(ready_store, "zhangli")
    _fail(ready_store, "zhangli")
    auth.login(ready_store, "zhangli", CASHIER_PASSWORD)
    assert _user(ready_store, "zhangli").failed_logins == 0


def test_unknown_and_disabled_accounts_get_the_same_answer(
    ready_store: Store, admin: Actor
) -> None:
    wangfang = _user(ready_store, "wangfang")
    staff.set_user_enabled(ready_store, admin, wangfang.id, False)

    unknown = _fail(ready_store, "nobody", CASHIER_PASSWORD)
    disabled = _fail(ready_store, "wangfang", CASHIER_PASSWORD)  # right password
    wrong = _fail(ready_store, "zhangli", "not-it-at-all")

    assert unknown.message == disabled.message == wrong.message
    assert unknown.params == disabled.params == wrong.params == {}
    assert str(unknown) == str(disabled)


def test_failed_logins_are_audited(ready_store: Store) -> None:
    seq = last_audit_seq(ready_store)
    _fail(ready_store, "nobody")
    _fail(ready_store, "zhangli")
    unknown, wrong = audit_entries(ready_store, seq)
    assert (unknown.action, unknown.target_id) == ("auth.login_failed", "nobody")
    assert "unknown or disabled" in unknown.detail
    assert wrong.action == "auth.login_failed"
    assert wrong.target_id == _user(ready_store, "zhangli").id
    assert '"failed_logins": 1' in wrong.detail


# --- Lockout ----------------------------------------------------------------------


def test_five_failures_lock_the_account(ready_store: Store) -> None:
    seq = last_audit_seq(ready_store)
    for _ in range(4):
        _fail(ready_store, "zhangli")
    assert _user(ready_store, "zhangli").locked_until is None
    _fail(ready_store, "zhangli")
    locked_until = _user(ready_store, "zhangli").locked_until
    assert locked_until is not None
    assert now() + timedelta(minutes=14) < locked_until <= now() + timedelta(minutes=15)

    refused = _fail(ready_store, "zhangli", CASHIER_PASSWORD)  # even the right password
    assert "locked" in refused.message
    assert refused.params == {"minutes": 15}
    assert "15 minutes" in refused.english()

    entries = audit_entries(ready_store, seq)
    assert [e.action for e in entries] == ["auth.login_failed"] * 5 + ["auth.login_locked"]
    assert "locked_until" in entries[4].detail
    assert "locked_until" not in entries[3].detail
    assert entries[5].target_id == _user(ready_store, "zhangli").id


def test_lockout_threshold_and_time_are_settings(ready_store: Store, admin: Actor) -> None:
    settings.update_settings(ready_store, admin, lockout_threshold=2, lockout_minutes=1)
    _fail(ready_store, "zhangli")
    auth.login(ready_store, "zhangli", CASHIER_PASSWORD)  # one failure: fine
    _fail(ready_store, "zhangli")
    _fail(ready_store, "zhangli")
    refused = _fail(ready_store, "zhangli", CASHIER_PASSWORD)
    assert refused.params == {"minutes": 1}


@pytest.mark.parametrize(
    "changes",
    [
        {"lockout_threshold": 0},
        {"lockout_threshold": 21},
        {"lockout_minutes": 0},
        {"lockout_minutes": 24 * 60 + 1},
        {"lockout_limit": 3},  # no such setting
        {"terminal_id": "no-such-terminal"},
        {"language": "fr"},
        {"venue_timezone": "Mars/Olympus_Mons"},
    ],
)
def test_bad_settings_are_refused(
    ready_store: Store, admin: Actor, changes: dict[str, object]
) -> None:
    before = settings.get_settings(ready_store)
    with pytest.raises(ValidationError):
        settings.update_settings(ready_store, admin, **changes)
    assert settings.get_settings(ready_store) == before


def test_settings_are_kept(ready_data_dir: Path, admin: Actor) -> None:
    with opened(ready_data_dir) as store:
        updated = settings.update_settings(store, admin, lockout_threshold=3, lockout_minutes=30)
    with opened(ready_data_dir) as store:
        assert settings.get_settings(store) == updated
        assert (updated.lockout_threshold, updated.lockout_minutes) == (3, 30)


def test_terminal_setting_names_the_terminal_at_login(ready_store: Store, admin: Actor) -> None:
    till = staff.create_terminal(ready_store, admin, name="小卖部2号收银台", kind="till")
    settings.update_settings(ready_store, admin, terminal_id=till)
    actor = auth.login(ready_store, "liuyang", DEMO_PASSWORDS["liuyang"]).actor
    assert (actor.terminal_id, actor.terminal_name) == (till, "小卖部2号收银台")


def _lock_after_one_failure(store: Store, admin: Actor) -> None:
    settings.update_settings(store, admin, lockout_threshold=1, lockout_minutes=1)
    _fail(store, "zhangli")
    assert _user(store, "zhangli").locked_until is not None


def test_lockout_expires(ready_store: Store, admin: Actor) -> None:
    _lock_after_one_failure(ready_store, admin)
    _fail(ready_store, "zhangli", CASHIER_PASSWORD)

    _move_lock(ready_store, "zhangli", now() - timedelta(seconds=1))

    assert auth.login(ready_store, "zhangli", CASHIER_PASSWORD).actor.login == "zhangli"
    user = _user(ready_store, "zhangli")
    assert user.locked_until is None
    assert user.failed_logins == 0


def test_after_a_lock_expires_failures_count_from_zero(ready_store: Store, admin: Actor) -> None:
    settings.update_settings(ready_store, admin, lockout_threshold=2)
    _fail(ready_store, "zhangli")
    _fail(ready_store, "zhangli")
    _move_lock(ready_store, "zhangli", now() - timedelta(seconds=1))
    _fail(ready_store, "zhangli")  # one more mistake does not lock again at once
    assert auth.login(ready_store, "zhangli", CASHIER_PASSWORD).actor.login == "zhangli"


def test_wrong_passwords_while_locked_do_not_extend_the_lock(
    ready_store: Store, admin: Actor
) -> None:
    _lock_after_one_failure(ready_store, admin)
    locked_until = _user(ready_store, "zhangli").locked_until
    _fail(ready_store, "zhangli")
    _fail(ready_store, "zhangli")
    assert _user(ready_store, "zhangli").locked_until == locked_until


def test_lockout_is_per_account(ready_store: Store, admin: Actor) -> None:
    _lock_after_one_failure(ready_store, admin)
    assert auth.login(ready_store, "wangfang", CASHIER_PASSWORD).actor.login == "wangfang"


# --- The first admin password ---------------------------------------------------------


def test_new_store_admin_must_change_the_first_password(store: Store) -> None:
    result = auth.login(store, "admin", INITIAL_ADMIN_PASSWORD)
    assert result.must_change_password
    actor = result.actor

    with pytest.raises(PermissionDenied, match="change your password"):
        staff.list_users(store, actor)
    with pytest.raises(PermissionDenied, match="change your password"):
        catalogue.list_halls(store, actor)  # even operations without a permission

    auth.change_own_password(store, actor, INITIAL_ADMIN_PASSWORD, "Theatre-2026")

    # The same login session may now work; services read the account afresh.
    assert [u.login for u in staff.list_users(store, actor)] == ["admin"]
    again = auth.login(store, "admin", "Theatre-2026")
    assert not again.must_change_password
    _fail(store, "admin", INITIAL_ADMIN_PASSWORD)


def test_demo_admin_must_change_password_too(demo_store: Store) -> None:
    assert auth.login(demo_store, "admin", "demo-admin").must_change_password


def test_change_own_password_is_audited(store: Store) -> None:
    actor = auth.login(store, "admin", INITIAL_ADMIN_PASSWORD).actor
    seq = last_audit_seq(store)
    auth.change_own_password(store, actor, INITIAL_ADMIN_PASSWORD, "Theatre-2026")
    [entry] = audit_entries(store, seq)
    assert (entry.action, entry.user_login, entry.target_id) == (
        "auth.password_changed",
        "admin",
        actor.user_id,
    )


def test_change_own_password_needs_the_current_one(ready_store: Store, cashier: Actor) -> None:
    with pytest.raises(ValidationError, match="current password is wrong"):
        auth.change_own_password(ready_store, cashier, "not-my-password", "Fresh-Pass-1")
    with pytest.raises(ValidationError, match="must differ"):
        auth.change_own_password(ready_store, cashier, CASHIER_PASSWORD, CASHIER_PASSWORD)
    # Nothing changed: the old password still works.
    auth.login(ready_store, "zhangli", CASHIER_PASSWORD)


def test_new_password_must_follow_the_rules(ready_store: Store, cashier: Actor) -> None:
    with pytest.raises(ValidationError, match="too easy"):
        auth.change_own_password(ready_store, cashier, CASHIER_PASSWORD, "12345678")
    auth.login(ready_store, "zhangli", CASHIER_PASSWORD)  # unchanged


@pytest.mark.parametrize(
    ("new_password", "message"),
    [
        ("short1", "at least 8"),
        ("", "at least 8"),
        ("12345678", "too easy"),
        ("88888888", "too easy"),
        ("admin123", "too easy"),
        ("PASSWORD", "too easy"),  # common, whatever the case
        ("aaaaaaaaaaa", "too easy"),  # too few different characters
        ("abababab", "too easy"),
    ],
)
def test_password_rules(new_password: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        auth.check_password_rules(new_password, "zhangli")


@pytest.mark.parametrize("password", ["demo2026", "Theatre-2026", "剧院售票二零二六", "abc12345"])
def test_reasonable_passwords_pass_the_rules(password: str) -> None:
    auth.check_password_rules(password, "zhangli")


def test_password_equal_to_login_is_refused() -> None:
    with pytest.raises(ValidationError, match="too easy"):
        auth.check_password_rules("Chenjing2026", "chenjing2026")
    auth.check_password_rules("Chenjing-2026", "chenjing2026")  # close is fine


def test_min_length_is_in_the_message() -> None:
    with pytest.raises(ValidationError) as refused:
        auth.check_password_rules("abc", "someone")
    assert refused.value.params == {"n": auth.MIN_PASSWORD_LENGTH}


def test_changed_password_replaces_the_old_one(ready_store: Store, supervisor: Actor) -> None:
    auth.change_own_password(ready_store, supervisor, "demo2026", "Night-Shift-7")
    _fail(ready_store, "chenjing", "demo2026")
    assert auth.login(ready_store, "chenjing", "Night-Shift-7").actor.login == "chenjing"


def test_logout_is_audited(ready_store: Store, cashier: Actor) -> None:
    seq = last_audit_seq(ready_store)
    auth.logout(ready_store, cashier)
    [entry] = audit_entries(ready_store, seq)
    assert (entry.action, entry.user_login) == ("auth.logout", "zhangli")
