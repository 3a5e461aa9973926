"""This computer as a terminal of a central store: its link, staff logins, and the sync loop.

A desktop app runs in one of two modes (docs/decisions.md, "Standalone or terminal"):

* **standalone** (no link): the local store is the store of record. The app
  works on it directly; this is the demo, and a venue with a single window.
* **terminal** (linked): an administrator registered this computer with a
  central store's address and a one-time code. The terminal key goes to the OS
  keyring (:mod:`sync.credentials`); the link (address, terminal id and name,
  no secret) goes to the local store's ``setting`` table. Staff log in through
  the central store, screens call services there (:mod:`sync.gateway`), sales
  queue in the local outbox and :class:`SyncRunner` sends them and follows the
  change feed.

The local staff table of a terminal is a cache of the central store's staff,
written at each online login: the account, its permissions (as one local role
per person), and an argon2id hash of the password just accepted by the central
store. It lets the local services check permissions for what happens on this
computer (queueing a sale, switching the language) and lets someone who logged
in online here recently log in again while the central store is unreachable
(:data:`OFFLINE_LOGIN_WINDOW`). Registering wipes the local accounts, so no
account the central store does not know can log in at a terminal.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields, replace
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, func, select

from boxoffice import bootstrap
from boxoffice.clock import now
from boxoffice.db.models import Role, RolePermission, SaleOrder, Setting, Terminal, User
from boxoffice.db.store import Store
from boxoffice.errors import (
    AuthenticationFailed,
    BoxOfficeError,
    Conflict,
    PermissionDenied,
    ValidationError,
)
from boxoffice.i18n import QT_TRANSLATE_NOOP
from boxoffice.ids import TerminalId, UserId
from boxoffice.permissions import Perm
from boxoffice.services import auth, remote, ticket_keys
from boxoffice.services.auth import LoginResult
from boxoffice.services.base import Actor, UnitOfWork, record_denial

from . import outbox
from .client import (
    AuthExpired,
    CentralClient,
    FeedBatch,
    InFlight,
    StaffLogin,
    SyncError,
    Unreachable,
)
from .credentials import (
    forget_terminal_credential,
    load_terminal_credential,
    save_terminal_credential,
)
from .feed import FeedFollower
from .gateway import RemoteGateway

log = logging.getLogger(__name__)

LINK_KEY = "central_link"
STAFF_CACHE_KEY = "staff_cache"
OFFLINE_LOGIN_WINDOW = timedelta(hours=24)
"""How long after an online login at this terminal the same person may log in
here while the central store is unreachable. A day covers an outage during a
shift and the next morning's opening; an account disabled centrally stops
working here at its next online login, or after this window at the latest."""
CACHED_ROLE_PREFIX = "central:"
_ANYONE = Actor(UserId(""), "", "", None, "", frozenset())
"""For calls where the staff token says who calls (RemoteGateway does not send the actor)."""


_OFFLINE_NO_CACHE = QT_TRANSLATE_NOOP(
    "core",
    "The central store can't be reached, and “{login}” has not logged in at this terminal in the last {hours} hours, so the login can't be checked. Check the network or ask a supervisor.",
)
_ALREADY_LINKED = QT_TRANSLATE_NOOP(
    "core", "This computer is already a terminal of {url}. Disconnect it first."
)
_HAS_SALES = QT_TRANSLATE_NOOP(
    "core",
    "This computer has sales of its own in its local store, so it can't become a terminal of another store.",
)
_UNSENT = QT_TRANSLATE_NOOP(
    "core",
    "{count} sales have not reached the central store yet. A supervisor must confirm before this goes ahead.",
)
_NOT_LINKED = QT_TRANSLATE_NOOP("core", "This computer is not a terminal of a central store.")


@dataclass(frozen=True)
class CentralLink:
    """Where this terminal's central store is, and who it is there (no secret)."""

    url: str
    terminal_id: str
    terminal_name: str
    allow_insecure: bool = False
    ca_bundle: str = ""  # the venue's own CA certificate (PEM), if its HTTPS uses one


# --- The link ---------------------------------------------------------------------------------


def read_link(store: Store) -> CentralLink | None:
    """The central store this computer is a terminal of, or None when standalone."""
    with store.reading() as session:
        raw = session.scalar(select(Setting.value).where(Setting.key == LINK_KEY))
    if raw is None:
        return None
    return CentralLink(**json.loads(raw))


def _require(store: Store, actor: Actor, perm: Perm, operation: str) -> None:
    """The same check a service makes, for operations that talk to the network
    first and must not hold the write lock meanwhile."""
    try:
        with store.reading() as session:
            UnitOfWork(session, actor).require(perm)
    except PermissionDenied as denied:
        record_denial(store, actor, operation, denied)
        raise


def register(
    store: Store,
    actor: Actor,
    url: str,
    code: str,
    *,
    allow_insecure: bool = False,
    ca_bundle: str = "",
) -> CentralLink:
    """Make this computer a terminal of the central store at ``url`` with a one-time code.

    Needs the settings permission locally. The code is spent at the central
    store; then the key goes to the keyring and the link to the local store,
    whose own staff accounts are replaced by the central store's (see the
    module's docstring). Staff log in again afterwards."""
    _require(store, actor, Perm.SETTINGS_MANAGE, "terminal.register")
    existing = read_link(store)
    if existing is not None:
        raise Conflict(_ALREADY_LINKED, url=existing.url)
    with store.reading() as session:
        if session.scalar(select(func.count()).select_from(SaleOrder)):
            raise Conflict(_HAS_SALES)
    if ca_bundle and not Path(ca_bundle).is_file():
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "The CA certificate file {path} does not exist."),
            path=ca_bundle,
        )
    registration = CentralClient.register(
        url, code, allow_insecure=allow_insecure, ca_bundle=ca_bundle or None
    )
    save_terminal_credential(registration, url)
    link = CentralLink(
        url.strip().rstrip("/"),
        registration.terminal_id,
        registration.terminal_name,
        allow_insecure,
        ca_bundle,
    )
    with store.transaction() as session:
        session.merge(Setting(key=LINK_KEY, value=json.dumps(asdict(link), ensure_ascii=False)))
        # The terminal as the central store knows it, so local audit entries and
        # the login screen name it; a local terminal of the same name gives way.
        session.execute(
            delete(Terminal).where(
                Terminal.name == link.terminal_name, Terminal.id != link.terminal_id
            )
        )
        session.merge(Terminal(id=link.terminal_id, name=link.terminal_name, kind="window"))
        session.merge(Setting(key="terminal_id", value=json.dumps(link.terminal_id)))
        wiped = [u.login for u in session.scalars(select(User))]
        session.execute(delete(User))
        session.execute(delete(Role).where(Role.name.startswith(CACHED_ROLE_PREFIX)))
        session.merge(Setting(key=STAFF_CACHE_KEY, value="{}"))
        UnitOfWork(session, actor).audit(
            "terminal.register",
            "terminal",
            link.terminal_id,
            {"central": link.url, "name": link.terminal_name, "local_accounts_removed": wiped},
        )
    log.info("registered as terminal %s of %s", link.terminal_name, link.url)
    return link


def unregister(store: Store, actor: Actor, *, confirmed_by: Actor | None = None) -> None:
    """Make this computer standalone again: forget the key and the link.

    Unsent or parked sales would lose their only record with the link, so they
    need a supervisor's confirmation (``confirmed_by``, someone who just logged
    in and holds the override permission). The local accounts were a cache of
    the central store's; the store gets a fresh initial administrator."""
    _require(store, actor, Perm.SETTINGS_MANAGE, "terminal.unregister")
    link = read_link(store)
    if link is None:
        raise Conflict(_NOT_LINKED)
    unsent = outbox.needs_override(store)
    check_override(store, unsent, confirmed_by, "terminal.unregister")
    forget_terminal_credential(link.url)
    with store.transaction() as session:
        session.execute(delete(Setting).where(Setting.key.in_((LINK_KEY, STAFF_CACHE_KEY))))
        UnitOfWork(session, actor).audit(
            "terminal.unregister",
            "terminal",
            link.terminal_id,
            {
                "central": link.url,
                "unsent_sales": unsent,
                "confirmed_by": confirmed_by.login if confirmed_by else "",
            },
        )
        session.execute(delete(User))
        session.execute(delete(Role).where(Role.name.startswith(CACHED_ROLE_PREFIX)))
        bootstrap.add_initial_admin(session)


def check_override(store: Store, unsent: int, confirmed_by: Actor | None, operation: str) -> None:
    """Refuse unless nothing is unsent or a supervisor with the override permission confirmed."""
    if unsent == 0:
        return
    if confirmed_by is None or not confirmed_by.may(Perm.SYNC_OVERRIDE):
        denied = PermissionDenied(_UNSENT, count=unsent)
        record_denial(store, confirmed_by, operation, denied)
        raise denied


def connect(link: CentralLink) -> CentralClient:
    """A client for ``link`` with the terminal's key from the keyring."""
    registration = load_terminal_credential(link.url)
    if registration is None or registration.terminal_id != link.terminal_id:
        raise AuthenticationFailed(
            QT_TRANSLATE_NOOP(
                "core",
                "This terminal's key for the central store is missing from the system keyring. Register the terminal again with a new code.",
            )
        )
    return CentralClient(
        link.url,
        registration.terminal_id,
        registration.terminal_key,
        allow_insecure=link.allow_insecure,
        ca_bundle=link.ca_bundle or None,
    )


# --- Staff --------------------------------------------------------------------------------------


def _cache_staff(store: Store, link: CentralLink, staff: StaffLogin, password: str) -> None:
    """Keep what the central store just said about this person (module docstring)."""
    with store.transaction() as session:
        session.execute(delete(User).where(User.login == staff.login, User.id != staff.user_id))
        user = session.get(User, staff.user_id)
        if user is None or not auth.verify_password(user.password_hash, password):
            password_hash = auth.hash_password(password)
        else:
            password_hash = user.password_hash
        role_name = CACHED_ROLE_PREFIX + staff.user_id
        role = session.scalar(select(Role).where(Role.name == role_name))
        if role is None:
            role = Role(name=role_name, description=f"{staff.login} @ {link.url}")
            session.add(role)
        role.permissions = [RolePermission(permission=p) for p in sorted(staff.permissions)]
        if user is None:
            user = User(id=staff.user_id, login=staff.login, password_hash=password_hash)
            session.add(user)
        user.display_name = staff.display_name
        user.password_hash = password_hash
        user.enabled = True
        user.must_change_password = staff.must_change_password
        user.failed_logins = 0
        user.locked_until = None
        user.last_login_at = now()
        user.roles = [role]
        row = session.get(Setting, STAFF_CACHE_KEY)
        cache: dict[str, str] = json.loads(row.value) if row is not None else {}
        cache[staff.user_id] = now().isoformat()
        session.merge(Setting(key=STAFF_CACHE_KEY, value=json.dumps(cache)))


def _cache_venue_settings(store: Store, client: CentralClient) -> None:
    """The venue's timezone and lockout rules as the central store has them, kept
    here so times show in the venue's zone, offline too. Best effort: a login
    that got this far is not undone because this one read failed."""
    try:
        venue = RemoteGateway(client).call(_ANYONE, remote.venue_settings)
    except (Unreachable, AuthExpired, InFlight, BoxOfficeError) as exc:
        log.warning("could not read the venue's settings: %s", exc)
        return
    with store.transaction() as session:
        for field in fields(venue):
            session.merge(Setting(key=field.name, value=json.dumps(getattr(venue, field.name))))


def _cached_at(store: Store, login: str) -> datetime | None:
    with store.reading() as session:
        user_id = session.scalar(select(User.id).where(User.login == login.strip().lower()))
        raw = session.scalar(select(Setting.value).where(Setting.key == STAFF_CACHE_KEY))
    if user_id is None or raw is None:
        return None
    at = json.loads(raw).get(user_id)
    return datetime.fromisoformat(at) if isinstance(at, str) else None


@dataclass(frozen=True)
class TerminalLogin:
    result: LoginResult
    online: bool


def login(
    store: Store,
    link: CentralLink,
    client: CentralClient | None,
    login_name: str,
    password: str,
) -> TerminalLogin:
    """Log in through the central store; if it can't be reached (or there is no
    client: the key is missing), against the local cache, for someone who logged
    in online here within the window."""
    try:
        if client is None:
            raise Unreachable("no client for the central store")
        staff = client.login(login_name, password)
    except Unreachable:
        cached = _cached_at(store, login_name)
        if cached is None or now() - cached > OFFLINE_LOGIN_WINDOW:
            raise AuthenticationFailed(
                _OFFLINE_NO_CACHE,
                login=login_name.strip(),
                hours=int(OFFLINE_LOGIN_WINDOW.total_seconds() // 3600),
            ) from None
        result = auth.login(store, login_name, password, terminal_id=link.terminal_id)
        log.info("%s logged in offline from the local cache", result.actor.login)
        return TerminalLogin(result, online=False)
    _cache_staff(store, link, staff, password)
    _cache_venue_settings(store, client)
    actor = Actor(
        UserId(staff.user_id),
        staff.login,
        staff.display_name,
        TerminalId(link.terminal_id),
        link.terminal_name,
        frozenset(staff.permissions),
    )
    if actor.may(Perm.TICKETS_SELL) and not staff.must_change_password:
        _publish_ticket_key(store, client, actor)
    return TerminalLogin(LoginResult(actor, staff.must_change_password), online=True)


def _publish_ticket_key(store: Store, client: CentralClient, actor: Actor) -> None:
    """Tell the central store the key this terminal signs tickets with, so the
    tickets it prints check at every window (the check runs centrally). Best
    effort: without a keyring nothing prints here anyway, and a failure now is
    retried at the next login."""
    try:
        with store.transaction() as session:
            key_text = ticket_keys.own_public_key(session)
        RemoteGateway(client).call(actor, ticket_keys.accept_public_key, key_text)
    except (BoxOfficeError, SyncError) as exc:
        log.warning("the ticket signing key was not published: %s", exc)


def confirm_override(
    store: Store,
    link: CentralLink | None,
    login_name: str,
    password: str,
    *,
    unsent: int,
    operation: str,
    actor: Actor,
) -> Actor:
    """A supervisor confirms, with their own login and password, that ``actor``
    may go ahead (``operation``: log out, disconnect…) although ``unsent``
    sales have not reached the central store. Checked where logins are checked
    (the central store, or this computer's store or cache); the confirmation is
    audited locally, next to the outbox it concerns."""
    if link is None:
        confirmer = auth.login(store, login_name, password).actor
    else:
        client = connect(link)
        try:
            checked = login(store, link, client, login_name, password)
            if checked.online:
                client.logout()
        finally:
            client.close()
        confirmer = checked.result.actor
    check_override(store, unsent, confirmer, operation)
    with store.transaction() as session:
        UnitOfWork(session, actor).audit(
            "sync.override",
            "operation",
            operation,
            {"unsent_sales": unsent, "confirmed_by": confirmer.login},
        )
    return confirmer


# --- The sync loop --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SyncStatus:
    """What the status bar shows for a terminal."""

    online: bool | None  # None: not tried yet
    queued: int  # sales waiting to be sent
    parked: int  # refused operations that need attention
    last_sync_at: datetime | None  # the last time the central store answered
    login_needed: bool = False  # the staff token expired: sending waits for a login


class SyncRunner:
    """Sends the outbox and follows the change feed on a thread of its own.

    One pass (:meth:`run_once`) drains what is due and catches up with the
    feed; the thread repeats it every ``interval`` seconds, or at once after
    :meth:`wake` (a sale was just queued). :meth:`status` returns the last
    pass's figures without touching the network or the store, so the GUI can
    poll it every second.

    Half a second between passes: a sale at another window reaches this one's
    seat map within a second (the issue's promise), at the cost of two small
    feed reads per second per window (a few ms of central CPU each)."""

    def __init__(
        self,
        store: Store,
        client: CentralClient,
        *,
        interval: float = 0.5,
        on_changes: Callable[[FeedBatch], object] | None = None,
    ) -> None:
        self.store = store
        self.client = client
        self.interval = interval
        self.worker = outbox.OutboxWorker(store, client)
        self.follower = FeedFollower(store, client, on_changes)
        self._status = SyncStatus(
            None,
            outbox.pending_count(store, outbox.SALES),
            len(outbox.parked(store)),
            outbox.last_success_at(store),
        )
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._pass_lock = threading.Lock()

    def status(self) -> SyncStatus:
        return self._status

    def run_once(self) -> SyncStatus:
        with self._pass_lock:
            online: bool | None = self._status.online
            last = self._status.last_sync_at
            login_needed = False
            try:
                report = self.worker.drain_once()
                login_needed = report.auth_expired
                if report.offline:
                    online = False
                elif report.sent or report.parked:
                    online, last = True, now()
                if not report.offline and not login_needed:
                    self.follower.follow_once()
                    online, last = True, now()
            except AuthExpired:
                online, login_needed, last = True, True, now()
            except InFlight:
                online, last = True, now()
            except Unreachable as away:
                log.info("central store unreachable: %s", away.reason)
                online = False
            except Exception:  # the loop must outlive any one bad pass; the log has it
                log.exception("sync pass failed")
            self._status = replace(
                self._status,
                online=online,
                queued=outbox.pending_count(self.store, outbox.SALES),
                parked=len(outbox.parked(self.store)),
                last_sync_at=last,
                login_needed=login_needed,
            )
            return self._status

    def wake(self) -> None:
        self._wake.set()

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="sync", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.run_once()
            self._wake.wait(self.interval)
            self._wake.clear()
