"""Staff accounts and roles, as an administrator manages them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from boxoffice.db.models import Role, User
from boxoffice.db.store import Store
from boxoffice.errors import (
    AuthenticationFailed,
    Conflict,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from boxoffice.ids import RoleId, UserId
from boxoffice.permissions import BUILTIN_ROLE_PERMISSIONS, BuiltinRole, Perm
from boxoffice.services import audit, auth, settings, staff
from boxoffice.services.audit import AuditQuery
from boxoffice.services.base import Actor
from tests.conftest import actor_for, audit_count, audit_entries, last_audit_seq, table_snapshot

NEW_PASSWORD = "Ticket-Window-3"


def _role_id(store: Store, admin: Actor, code: BuiltinRole) -> RoleId:
    [role] = [r for r in staff.list_roles(store, admin) if r.code == code.value]
    return role.id


def _user_id(store: Store, login: str) -> UserId:
    with store.transaction() as session:
        user_id = session.scalar(select(User.id).where(User.login == login))
    assert user_id is not None
    return UserId(user_id)


def _users(store: Store, admin: Actor) -> dict[str, staff.UserRow]:
    return {u.login: u for u in staff.list_users(store, admin)}


def _create_cashier(store: Store, admin: Actor, login: str = "sunqiang") -> UserId:
    return staff.create_user(
        store,
        admin,
        login=login,
        display_name="孙强",
        password=NEW_PASSWORD,
        role_ids=[_role_id(store, admin, BuiltinRole.CASHIER)],
    )


# --- Accounts ----------------------------------------------------------------------


def test_list_users_shows_the_demo_staff(ready_store: Store, admin: Actor) -> None:
    users = _users(ready_store, admin)
    assert set(users) == {"admin", "chenjing", "liuyang", "wangfang", "zhangli", "zhaolei"}
    assert users["chenjing"].role_names == ("值班主管",)
    assert users["zhangli"].display_name == "张丽"
    assert all(u.enabled and not u.locked for u in users.values())


def test_create_user(ready_store: Store, admin: Actor) -> None:
    seq = last_audit_seq(ready_store)
    user_id = staff.create_user(
        ready_store,
        admin,
        login="  SunQiang ",
        display_name=" 孙强 ",
        password=NEW_PASSWORD,
        role_ids=[_role_id(ready_store, admin, BuiltinRole.CASHIER)],
    )

    row = _users(ready_store, admin)["sunqiang"]  # stored lower-case, trimmed
    assert row.id == user_id
    assert row.display_name == "孙强"
    assert row.role_names == ("售票员",)
    assert row.must_change_password and row.enabled
    [entry] = audit_entries(ready_store, seq)
    assert (entry.action, entry.target_id) == ("user.create", user_id)
    assert '"login": "sunqiang"' in entry.detail

    # The new account logs in with any case, and must change the given password.
    result = auth.login(ready_store, "SUNQIANG", NEW_PASSWORD)
    assert result.must_change_password
    assert result.actor.permissions == {
        p.value for p in BUILTIN_ROLE_PERMISSIONS[BuiltinRole.CASHIER]
    }


@pytest.mark.parametrize("login", ["zhangli", "ZhangLi", " zhangli "])
def test_duplicate_login_is_refused(ready_store: Store, admin: Actor, login: str) -> None:
    before = audit_count(ready_store)
    with pytest.raises(Conflict) as refused:
        _create_cashier(ready_store, admin, login)
    assert refused.value.params == {"login": "zhangli"}
    assert len(_users(ready_store, admin)) == 6
    assert audit_count(ready_store) == before


@pytest.mark.parametrize(
    "login", ["", "a", "孙强", "zhao lei", "-zhao", ".zhao", "zhao@lei", "x" * 33]
)
def test_bad_login_is_refused(ready_store: Store, admin: Actor, login: str) -> None:
    with pytest.raises(ValidationError, match="login name is 2 to 32"):
        _create_cashier(ready_store, admin, login)
    assert len(_users(ready_store, admin)) == 6


@pytest.mark.parametrize("login", ["zl", "zhao.lei", "zhao_lei-2", "9527", "x" * 32])
def test_good_logins_are_accepted(ready_store: Store, admin: Actor, login: str) -> None:
    staff.create_user(
        ready_store, admin, login=login, display_name="孙强", password="Box-Office-9", role_ids=[]
    )
    assert login in _users(ready_store, admin)


def test_create_user_checks_the_password_rules(ready_store: Store, admin: Actor) -> None:
    with pytest.raises(ValidationError, match="too easy"):
        staff.create_user(
            ready_store,
            admin,
            login="sunqiang88",
            display_name="孙强",
            password="sunqiang88",  # the login itself
            role_ids=[],
        )
    with pytest.raises(ValidationError, match="at least 8"):
        staff.create_user(
            ready_store, admin, login="sunqiang", display_name="孙强", password="abc", role_ids=[]
        )
    assert "sunqiang" not in _users(ready_store, admin)


@pytest.mark.parametrize("display_name", ["", "   ", "名" * 65])
def test_create_user_needs_a_display_name(
    ready_store: Store, admin: Actor, display_name: str
) -> None:
    with pytest.raises(ValidationError, match="display name"):
        staff.create_user(
            ready_store,
            admin,
            login="sunqiang",
            display_name=display_name,
            password=NEW_PASSWORD,
            role_ids=[],
        )


def test_create_user_with_a_vanished_role_creates_nothing(ready_store: Store, admin: Actor) -> None:
    before = table_snapshot(ready_store)
    with pytest.raises(NotFound, match="roles no longer exists"):
        staff.create_user(
            ready_store,
            admin,
            login="sunqiang",
            display_name="孙强",
            password=NEW_PASSWORD,
            role_ids=[RoleId("no-such-role")],
        )
    assert table_snapshot(ready_store) == before


def test_update_user_changes_name_and_roles(ready_store: Store, admin: Actor) -> None:
    zhangli = _user_id(ready_store, "zhangli")
    supervisor_role = _role_id(ready_store, admin, BuiltinRole.SUPERVISOR)
    seq = last_audit_seq(ready_store)

    staff.update_user(
        ready_store, admin, zhangli, display_name="张丽丽", role_ids=[supervisor_role]
    )

    row = _users(ready_store, admin)["zhangli"]
    assert (row.display_name, row.role_names) == ("张丽丽", ("值班主管",))
    [entry] = audit_entries(ready_store, seq)
    assert entry.action == "user.update"
    assert "售票员" in entry.detail and "值班主管" in entry.detail
    # The next login carries the new role's permissions.
    actor = actor_for(ready_store, "zhangli", "demo2026")
    assert actor.may(Perm.AUDIT_VIEW)


def test_new_role_takes_effect_for_a_logged_in_user(
    ready_store: Store, admin: Actor, cashier: Actor
) -> None:
    with pytest.raises(PermissionDenied):
        audit.list_audit(ready_store, cashier, AuditQuery())
    staff.update_user(
        ready_store,
        admin,
        cashier.user_id,
        display_name="张丽",
        role_ids=[_role_id(ready_store, admin, BuiltinRole.SUPERVISOR)],
    )
    assert audit.list_audit(ready_store, cashier, AuditQuery())  # no new login needed


def test_unknown_user_is_not_found(ready_store: Store, admin: Actor) -> None:
    with pytest.raises(NotFound):
        staff.update_user(ready_store, admin, UserId("gone"), display_name="x", role_ids=[])
    with pytest.raises(NotFound):
        staff.set_user_enabled(ready_store, admin, UserId("gone"), False)
    with pytest.raises(NotFound):
        staff.reset_password(ready_store, admin, UserId("gone"), NEW_PASSWORD)
    with pytest.raises(NotFound):
        staff.delete_user(ready_store, admin, UserId("gone"))


# --- Disabling --------------------------------------------------------------------------


def test_disable_and_enable_a_user(ready_store: Store, admin: Actor, cashier: Actor) -> None:
    seq = last_audit_seq(ready_store)
    staff.set_user_enabled(ready_store, admin, cashier.user_id, False)

    assert not _users(ready_store, admin)["zhangli"].enabled
    with pytest.raises(AuthenticationFailed):
        auth.login(ready_store, "zhangli", "demo2026")
    with pytest.raises(PermissionDenied, match="disabled"):
        staff.list_terminals(ready_store, cashier)  # already logged in: refused at once

    staff.set_user_enabled(ready_store, admin, cashier.user_id, True)
    assert staff.list_terminals(ready_store, cashier)
    assert [e.action for e in audit_entries(ready_store, seq)] == [
        "user.disable",
        "auth.login_failed",
        "access.denied",
        "user.enable",
    ]


def test_you_cannot_disable_yourself(ready_store: Store, admin: Actor) -> None:
    with pytest.raises(Conflict, match="your own account"):
        staff.set_user_enabled(ready_store, admin, admin.user_id, False)
    assert _users(ready_store, admin)["admin"].enabled


def test_another_user_manager_may_be_disabled(ready_store: Store, admin: Actor) -> None:
    """With two accounts able to manage staff, either may disable the other."""
    admin_role = _role_id(ready_store, admin, BuiltinRole.ADMIN)
    chenjing = _user_id(ready_store, "chenjing")
    staff.update_user(ready_store, admin, chenjing, display_name="陈静", role_ids=[admin_role])
    staff.set_user_enabled(ready_store, admin, chenjing, False)
    assert not _users(ready_store, admin)["chenjing"].enabled


def test_the_last_user_manager_cannot_give_up_managing(ready_store: Store, admin: Actor) -> None:
    """Taking the only staff-managing role away from its only holder is refused:
    nobody could manage accounts afterwards."""
    cashier_role = _role_id(ready_store, admin, BuiltinRole.CASHIER)
    before = table_snapshot(ready_store)
    with pytest.raises(Conflict, match="At least one enabled account"):
        staff.update_user(
            ready_store, admin, admin.user_id, display_name="系统管理员", role_ids=[cashier_role]
        )
    assert table_snapshot(ready_store) == before
    assert staff.list_users(ready_store, admin)


def test_a_disabled_manager_does_not_count(ready_store: Store, admin: Actor) -> None:
    """A second admin that is disabled cannot take over, so the rule still holds."""
    admin_role = _role_id(ready_store, admin, BuiltinRole.ADMIN)
    cashier_role = _role_id(ready_store, admin, BuiltinRole.CASHIER)
    chenjing = _user_id(ready_store, "chenjing")
    staff.update_user(ready_store, admin, chenjing, display_name="陈静", role_ids=[admin_role])
    staff.set_user_enabled(ready_store, admin, chenjing, False)
    with pytest.raises(Conflict, match="At least one enabled account"):
        staff.update_user(
            ready_store, admin, admin.user_id, display_name="系统管理员", role_ids=[cashier_role]
        )
    # With the second admin enabled again, the first may step down.
    staff.set_user_enabled(ready_store, admin, chenjing, True)
    staff.update_user(
        ready_store, admin, admin.user_id, display_name="系统管理员", role_ids=[cashier_role]
    )
    with pytest.raises(PermissionDenied):
        staff.list_users(ready_store, admin)


# --- Passwords ------------------------------------------------------------------------------


def test_reset_password_forces_a_change_and_lifts_a_lockout(
    ready_store: Store, admin: Actor
) -> None:
    settings.update_settings(ready_store, admin, lockout_threshold=2)
    for _ in range(2):
        with pytest.raises(AuthenticationFailed):
            auth.login(ready_store, "zhangli", "forgot-it")
    assert _users(ready_store, admin)["zhangli"].locked

    staff.reset_password(ready_store, admin, _user_id(ready_store, "zhangli"), NEW_PASSWORD)

    row = _users(ready_store, admin)["zhangli"]
    assert not row.locked and row.must_change_password
    with pytest.raises(AuthenticationFailed):
        auth.login(ready_store, "zhangli", "demo2026")  # the old password is gone
    result = auth.login(ready_store, "zhangli", NEW_PASSWORD)
    assert result.must_change_password


def test_reset_password_checks_the_rules(ready_store: Store, admin: Actor) -> None:
    zhangli = _user_id(ready_store, "zhangli")
    with pytest.raises(ValidationError):
        staff.reset_password(ready_store, admin, zhangli, "12345678")
    assert not _users(ready_store, admin)["zhangli"].must_change_password


# --- Deleting -------------------------------------------------------------------------------


def test_user_with_history_cannot_be_deleted(ready_store: Store, admin: Actor) -> None:
    before = table_snapshot(ready_store)
    with pytest.raises(Conflict, match="history of work") as refused:
        staff.delete_user(ready_store, admin, _user_id(ready_store, "zhangli"))
    assert refused.value.params == {"login": "zhangli"}
    assert table_snapshot(ready_store) == before


def test_never_used_user_can_be_deleted(ready_store: Store, admin: Actor) -> None:
    user_id = _create_cashier(ready_store, admin)
    seq = last_audit_seq(ready_store)

    staff.delete_user(ready_store, admin, user_id)

    assert "sunqiang" not in _users(ready_store, admin)
    [entry] = audit_entries(ready_store, seq)
    assert (entry.action, entry.target_id) == ("user.delete", user_id)
    assert "sunqiang" in entry.detail
    # Its role survives, and holds one user fewer.
    counts = {r.code: r.user_count for r in staff.list_roles(ready_store, admin)}
    assert counts["cashier"] == 2


def test_user_who_logged_in_cannot_be_deleted(ready_store: Store, admin: Actor) -> None:
    user_id = _create_cashier(ready_store, admin)
    auth.login(ready_store, "sunqiang", NEW_PASSWORD)
    with pytest.raises(Conflict, match="history of work"):
        staff.delete_user(ready_store, admin, user_id)


# --- Roles ----------------------------------------------------------------------------------


def test_builtin_roles_are_listed_first(ready_store: Store, admin: Actor) -> None:
    staff.create_role(ready_store, admin, name="检票员", permissions=frozenset())
    roles = staff.list_roles(ready_store, admin)
    assert [r.code is None for r in roles] == [False] * 5 + [True]
    counts = {r.code: r.user_count for r in roles}
    assert counts == {
        "admin": 1,
        "cashier": 2,
        "merchant_operator": 1,
        "merchant_manager": 1,
        "supervisor": 1,
        None: 0,
    }


def test_create_update_and_delete_a_role(ready_store: Store, admin: Actor) -> None:
    seq = last_audit_seq(ready_store)
    role_id = staff.create_role(
        ready_store,
        admin,
        name=" 检票员 ",
        description=" 入口检票 ",
        permissions=frozenset({Perm.TICKETS_CHECK.value}),
    )
    [row] = [r for r in staff.list_roles(ready_store, admin) if r.id == role_id]
    assert (row.name, row.description, row.code) == ("检票员", "入口检票", None)
    assert row.permissions == {"tickets.check"}

    staff.update_role(
        ready_store,
        admin,
        role_id,
        name="检票组",
        description="",
        permissions=frozenset({"tickets.check", "sessions.view"}),
    )
    [row] = [r for r in staff.list_roles(ready_store, admin) if r.id == role_id]
    assert (row.name, row.permissions) == ("检票组", {"tickets.check", "sessions.view"})

    staff.delete_role(ready_store, admin, role_id)
    assert role_id not in {r.id for r in staff.list_roles(ready_store, admin)}

    create, update, delete = audit_entries(ready_store, seq)
    assert (create.action, update.action, delete.action) == (
        "role.create",
        "role.update",
        "role.delete",
    )
    assert '"added": ["sessions.view"]' in update.detail
    assert '"removed": []' in update.detail
    assert {create.target_id, update.target_id, delete.target_id} == {role_id}


def test_role_names_are_unique(ready_store: Store, admin: Actor) -> None:
    with pytest.raises(Conflict, match="exists already"):
        staff.create_role(ready_store, admin, name="售票员")
    role_id = staff.create_role(ready_store, admin, name="检票员")
    with pytest.raises(Conflict):
        staff.update_role(
            ready_store, admin, role_id, name="值班主管", description="", permissions=frozenset()
        )
    with pytest.raises(ValidationError, match="1 to 64"):
        staff.create_role(ready_store, admin, name="  ")


def test_unknown_permission_is_refused(ready_store: Store, admin: Actor) -> None:
    before = table_snapshot(ready_store)
    with pytest.raises(ValidationError) as refused:
        staff.create_role(
            ready_store, admin, name="超级", permissions=frozenset({"tickets.sell", "god.mode"})
        )
    assert refused.value.params == {"permission": "god.mode"}
    cashier_role = _role_id(ready_store, admin, BuiltinRole.CASHIER)
    with pytest.raises(ValidationError):
        staff.update_role(
            ready_store,
            admin,
            cashier_role,
            name="售票员",
            description="",
            permissions=frozenset({"tickets.sell", "god.mode"}),
        )
    assert table_snapshot(ready_store) == before


def test_builtin_role_cannot_be_deleted(ready_store: Store, admin: Actor) -> None:
    merchant_role = _role_id(ready_store, admin, BuiltinRole.MERCHANT)
    staff.update_user(
        ready_store, admin, _user_id(ready_store, "liuyang"), display_name="刘洋", role_ids=[]
    )
    with pytest.raises(Conflict, match="Built-in roles"):
        staff.delete_role(ready_store, admin, merchant_role)  # even with no users left
    assert merchant_role in {r.id for r in staff.list_roles(ready_store, admin)}


def test_builtin_role_may_be_renamed_and_is_still_found(ready_store: Store, admin: Actor) -> None:
    cashier_role = _role_id(ready_store, admin, BuiltinRole.CASHIER)
    staff.update_role(
        ready_store,
        admin,
        cashier_role,
        name="窗口售票",
        description="",
        permissions=BUILTIN_ROLE_PERMISSIONS[BuiltinRole.CASHIER],
    )
    assert _role_id(ready_store, admin, BuiltinRole.CASHIER) == cashier_role


def test_role_with_users_cannot_be_deleted(ready_store: Store, admin: Actor) -> None:
    role_id = staff.create_role(ready_store, admin, name="检票员")
    staff.update_user(
        ready_store,
        admin,
        _user_id(ready_store, "wangfang"),
        display_name="王芳",
        role_ids=[role_id],
    )
    with pytest.raises(Conflict, match="still has 1 users") as refused:
        staff.delete_role(ready_store, admin, role_id)
    assert refused.value.params == {"name": "检票员", "n": 1}
    assert role_id in {r.id for r in staff.list_roles(ready_store, admin)}


def test_unknown_role_is_not_found(ready_store: Store, admin: Actor) -> None:
    with pytest.raises(NotFound):
        staff.delete_role(ready_store, admin, RoleId("gone"))
    with pytest.raises(NotFound):
        staff.update_role(
            ready_store, admin, RoleId("gone"), name="x", description="", permissions=frozenset()
        )


def test_revoked_permission_takes_effect_for_a_logged_in_user(
    ready_store: Store, admin: Actor, supervisor: Actor
) -> None:
    assert supervisor.may(Perm.AUDIT_VIEW)
    assert audit.list_audit(ready_store, supervisor, AuditQuery())
    supervisor_role = _role_id(ready_store, admin, BuiltinRole.SUPERVISOR)

    staff.update_role(
        ready_store,
        admin,
        supervisor_role,
        name="值班主管",
        description="",
        permissions=BUILTIN_ROLE_PERMISSIONS[BuiltinRole.SUPERVISOR] - {Perm.AUDIT_VIEW},
    )

    assert supervisor.may(Perm.AUDIT_VIEW)  # what the GUI was told at login …
    with pytest.raises(PermissionDenied) as refused:  # … is not what the store allows
        audit.list_audit(ready_store, supervisor, AuditQuery())
    assert refused.value.params == {"permission": "audit.view"}


def test_role_editing_cannot_lock_everyone_out(ready_store: Store, admin: Actor) -> None:
    admin_role = _role_id(ready_store, admin, BuiltinRole.ADMIN)
    with pytest.raises(Conflict, match="At least one enabled account"):
        staff.update_role(
            ready_store,
            admin,
            admin_role,
            name="系统管理员",
            description="",
            permissions=frozenset(Perm) - {Perm.USERS_MANAGE},
        )
    with ready_store.transaction() as session:
        role = session.get(Role, admin_role)
        assert role is not None
        assert Perm.USERS_MANAGE.value in {p.permission for p in role.permissions}


# --- Terminals --------------------------------------------------------------------------------


def test_terminals(ready_store: Store, admin: Actor, cashier: Actor) -> None:
    names = {t.name: t.kind for t in staff.list_terminals(ready_store, cashier)}
    assert names == {"1号售票窗口": "window", "2号售票窗口": "window", "小卖部收银台": "till"}

    terminal_id = staff.create_terminal(ready_store, admin, name=" 3号售票窗口 ", kind="window")
    assert {t.id: t.name for t in staff.list_terminals(ready_store, cashier)}[terminal_id] == (
        "3号售票窗口"
    )
    with pytest.raises(Conflict):
        staff.create_terminal(ready_store, admin, name="3号售票窗口", kind="till")
    with pytest.raises(ValidationError):
        staff.create_terminal(ready_store, admin, name="4号", kind="kiosk")
    with pytest.raises(ValidationError):
        staff.create_terminal(ready_store, admin, name=" ", kind="till")
