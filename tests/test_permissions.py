"""Every service checks its permission against the store, whatever the GUI shows.

The tests walk ``boxoffice.services.base.REGISTRY``, so a new service is
covered the day it is declared. The permission check comes before the
arguments are used, so each service is called with ``None`` for every argument.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from boxoffice import services
from boxoffice.clock import now
from boxoffice.db.store import Store
from boxoffice.errors import PermissionDenied
from boxoffice.ids import TerminalId, UserId
from boxoffice.permissions import (
    ALL_PERMISSIONS,
    BUILTIN_ROLE_PERMISSIONS,
    BuiltinRole,
    Perm,
)
from boxoffice.services import audit, auth, catalogue, settings, staff
from boxoffice.services.audit import AuditQuery
from boxoffice.services.base import REGISTRY, Actor
from boxoffice.services.changes import ChangeBatch
from tests.conftest import (
    ROLE_OF_LOGIN,
    actor_for,
    audit_entries,
    copy_data_dir,
    last_audit_seq,
    opened,
    table_snapshot,
)

# Every module of the services package, so that a new one is walked too.
SERVICE_MODULES = {
    info.name: importlib.import_module(f"boxoffice.services.{info.name}")
    for info in pkgutil.iter_modules(services.__path__)
}
PROTECTED = sorted(name for name, info in REGISTRY.items() if info.permission is not None)
OPEN_TO_STAFF = sorted(name for name, info in REGISTRY.items() if info.permission is None)
NOBODY_PASSWORD = "Nothing-Allowed-1"


def _function(name: str) -> Callable[..., Any]:
    module_name, function_name = name.split(".")
    return getattr(SERVICE_MODULES[module_name], function_name)  # type: ignore[no-any-return]


def _call_with_dummies(name: str, store: Store, actor: Actor | None) -> object:
    """Call service ``name`` as ``actor`` with None for every argument."""
    fn = _function(name)
    params = list(inspect.signature(fn).parameters.values())[1:]  # after the unit of work
    args = [None for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    kwargs = {p.name: None for p in params if p.kind is p.KEYWORD_ONLY}
    return fn(store, actor, *args, **kwargs)


def test_registry_holds_every_service() -> None:
    assert {"auth", "staff", "catalogue", "audit", "settings"} <= set(SERVICE_MODULES)
    assert {n.split(".")[0] for n in REGISTRY} >= {"auth", "staff", "catalogue", "audit"}
    assert {"staff.create_user", "audit.purge_audit", "catalogue.save_session"} <= set(REGISTRY)
    for name in REGISTRY:
        assert callable(_function(name))


def test_every_state_change_is_declared_audited() -> None:
    reading = {n for n, i in REGISTRY.items() if not i.audited}
    assert all(n.split(".")[1].startswith(("list_", "verify_")) for n in reading)


# --- A user with no permissions at all ------------------------------------------------------


@pytest.fixture(scope="module")
def nobody_template(
    tmp_path_factory: pytest.TempPathFactory, ready_template: Path, demo_actors: dict[str, Actor]
) -> tuple[Path, Actor]:
    """The demo plus "nobody", whose only role holds no permissions."""
    directory = copy_data_dir(ready_template, tmp_path_factory.mktemp("nobody"))
    admin = demo_actors["admin"]
    with opened(directory) as store:
        role_id = staff.create_role(store, admin, name="无权限", permissions=frozenset())
        staff.create_user(
            store,
            admin,
            login="nobody",
            display_name="测试",
            password="First-Password-1",
            role_ids=[role_id],
        )
        first = actor_for(store, "nobody", "First-Password-1")
        auth.change_own_password(store, first, "First-Password-1", NOBODY_PASSWORD)
        nobody = actor_for(store, "nobody", NOBODY_PASSWORD)
    assert nobody.permissions == frozenset()
    return directory, nobody


@pytest.fixture
def nobody_store(nobody_template: tuple[Path, Actor], tmp_path: Path) -> Iterator[Store]:
    with opened(copy_data_dir(nobody_template[0], tmp_path / "nobody")) as store:
        yield store


@pytest.fixture
def nobody(nobody_template: tuple[Path, Actor]) -> Actor:
    return nobody_template[1]


@pytest.mark.parametrize("name", PROTECTED)
def test_service_refuses_a_user_without_its_permission(
    nobody_store: Store, nobody: Actor, name: str
) -> None:
    info = REGISTRY[name]
    assert info.permission is not None
    before = table_snapshot(nobody_store)
    seq = last_audit_seq(nobody_store)

    with pytest.raises(PermissionDenied) as refused:
        _call_with_dummies(name, nobody_store, nobody)

    assert refused.value.params == {"permission": info.permission.value}
    assert table_snapshot(nobody_store) == before  # nothing changed …
    [entry] = audit_entries(nobody_store, seq)  # … but the refusal is written down
    assert (entry.action, entry.user_login) == ("access.denied", "nobody")
    assert (entry.target_type, entry.target_id) == ("service", name)


@pytest.mark.parametrize("name", [n for n in OPEN_TO_STAFF if n.split(".")[1].startswith("list_")])
def test_lists_without_a_permission_are_open_to_all_staff(
    nobody_store: Store, nobody: Actor, name: str
) -> None:
    fn = _function(name)
    result = fn(nobody_store, nobody)
    assert isinstance(result, list | ChangeBatch)


def test_logout_and_language_need_no_permission(nobody_store: Store, nobody: Actor) -> None:
    settings.set_language(nobody_store, nobody, "en")
    assert settings.get_settings(nobody_store).language == "en"
    auth.logout(nobody_store, nobody)
    assert [e.action for e in audit_entries(nobody_store)[-2:]] == [
        "settings.language",
        "auth.logout",
    ]


# --- Accounts that may not act at all ------------------------------------------------------------


def _refusals(store: Store, actor: Actor, message: str) -> list[str]:
    """Call every service as ``actor``; return those that did not refuse with
    ``message`` or that changed anything besides the audit log."""
    wrong = []
    for name in sorted(REGISTRY):
        before = table_snapshot(store)
        try:
            _call_with_dummies(name, store, actor)
        except PermissionDenied as denied:
            if message not in denied.english() or table_snapshot(store) != before:
                wrong.append(name)
        else:
            wrong.append(name)
    return wrong


def test_disabled_account_is_refused_everything(
    ready_store: Store, admin: Actor, cashier: Actor
) -> None:
    staff.set_user_enabled(ready_store, admin, cashier.user_id, False)
    seq = last_audit_seq(ready_store)
    assert _refusals(ready_store, cashier, "Your account is disabled") == []
    denials = audit_entries(ready_store, seq)
    assert [e.target_id for e in denials] == sorted(REGISTRY)
    assert {e.action for e in denials} == {"access.denied"}


def test_account_that_must_change_its_password_is_refused_everything(
    demo_store: Store, demo_actors: dict[str, Actor]
) -> None:
    # The same admin account, in the pure demo where it still has the first password.
    admin = demo_actors["admin"]
    assert _refusals(demo_store, admin, "Please change your password") == []


def test_deleted_account_is_refused(ready_store: Store, admin: Actor) -> None:
    ghost = Actor(UserId("no-such-user"), "ghost", "", TerminalId(""), "", frozenset(Perm))
    with pytest.raises(PermissionDenied, match="disabled"):
        staff.list_users(ready_store, ghost)
    assert audit_entries(ready_store)[-1].action == "access.denied"


def test_nobody_logged_in_is_refused(ready_store: Store) -> None:
    with pytest.raises(PermissionDenied, match="log in first"):
        catalogue.list_halls(ready_store, None)  # type: ignore[arg-type]
    entry = audit_entries(ready_store)[-1]
    assert (entry.action, entry.user_id, entry.user_login) == ("access.denied", None, "")


def test_permissions_in_the_actor_do_not_grant_anything(ready_store: Store, cashier: Actor) -> None:
    """The Actor's permission set is for the GUI; a forged one changes nothing."""
    forged = Actor(
        cashier.user_id,
        cashier.login,
        cashier.display_name,
        cashier.terminal_id,
        cashier.terminal_name,
        frozenset(p.value for p in Perm),
    )
    with pytest.raises(PermissionDenied):
        staff.list_users(ready_store, forged)


# --- The built-in roles ------------------------------------------------------------------------


def test_builtin_roles_in_the_store_hold_their_permissions(
    ready_store: Store, admin: Actor
) -> None:
    roles = {r.code: r for r in staff.list_roles(ready_store, admin) if r.code}
    assert set(roles) == {r.value for r in BuiltinRole}
    for role in BuiltinRole:
        assert roles[role.value].permissions == {p.value for p in BUILTIN_ROLE_PERMISSIONS[role]}


def test_every_permission_has_a_label() -> None:
    assert {info.perm for info in ALL_PERMISSIONS} == set(Perm)
    assert all(info.label for info in ALL_PERMISSIONS)
    assert {info.perm for info in ALL_PERMISSIONS if info.is_page} == {
        p for p in Perm if p.value.startswith("page.")
    }


def test_admin_holds_every_permission() -> None:
    # Blind close is a rule for a role, not a power: administrators see the expected cash.
    assert BUILTIN_ROLE_PERMISSIONS[BuiltinRole.ADMIN] == frozenset(Perm) - {Perm.SHIFT_BLIND}


def test_everyone_may_open_home_and_settings() -> None:
    for permissions in BUILTIN_ROLE_PERMISSIONS.values():
        assert {Perm.PAGE_HOME, Perm.PAGE_SETTINGS} <= permissions


@pytest.mark.parametrize("login", sorted(ROLE_OF_LOGIN))
def test_builtin_role_may_do_exactly_what_it_holds(
    ready_store: Store, demo_actors: dict[str, Actor], login: str
) -> None:
    """Each demo user is refused exactly the services whose permission the
    role lacks. Past the check, the dummy arguments make the call fail some
    other way, which shows the check let it through."""
    holds = BUILTIN_ROLE_PERMISSIONS[ROLE_OF_LOGIN[login]]
    refused: set[str] = set()
    for name in PROTECTED:
        try:
            _call_with_dummies(name, ready_store, demo_actors[login])
        except PermissionDenied:
            refused.add(name)
        except Exception:  # any other failure means the check let the call through
            pass
    expected = {
        n
        for n in PROTECTED
        if REGISTRY[n].permission not in holds and REGISTRY[n].alternative not in holds
    }
    assert refused == expected


def test_alternative_permission_opens_a_service(
    ready_store: Store, admin: Actor, merchant: Actor
) -> None:
    """Role editors see the roles without being able to manage staff."""
    editors = staff.create_role(
        ready_store, admin, name="角色编辑", permissions=frozenset({Perm.ROLES_MANAGE.value})
    )
    staff.update_user(ready_store, admin, merchant.user_id, display_name="刘洋", role_ids=[editors])
    alternatives = {n for n, i in REGISTRY.items() if i.alternative is Perm.ROLES_MANAGE}
    assert "staff.list_roles" in alternatives
    assert {r.name for r in staff.list_roles(ready_store, merchant)} >= {"角色编辑", "售票员"}
    with pytest.raises(PermissionDenied):
        staff.list_users(ready_store, merchant)


def test_what_each_role_may_do(ready_store: Store, demo_actors: dict[str, Actor]) -> None:
    """Spot checks of the matrix above, with real arguments."""
    cashier, merchant = demo_actors["zhangli"], demo_actors["liuyang"]
    supervisor, admin = demo_actors["chenjing"], demo_actors["admin"]

    assert catalogue.list_sessions(ready_store, cashier)
    assert catalogue.list_ticket_types(ready_store, merchant)
    assert audit.list_audit(ready_store, supervisor, AuditQuery())
    assert audit.verify_audit_chain(ready_store, supervisor).ok
    assert staff.list_users(ready_store, admin)

    refusals: list[Callable[[], object]] = [
        lambda: staff.list_users(ready_store, cashier),
        lambda: audit.list_audit(ready_store, cashier, AuditQuery()),
        lambda: catalogue.list_sessions(ready_store, merchant),
        lambda: staff.list_users(ready_store, supervisor),
        lambda: catalogue.create_venue(ready_store, supervisor, name="x"),
        lambda: settings.update_settings(ready_store, supervisor, language="en"),
        lambda: audit.purge_audit(ready_store, supervisor, now() - timedelta(days=365)),
    ]
    for call in refusals:
        with pytest.raises(PermissionDenied):
            call()
