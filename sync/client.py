"""The terminal's HTTP client for the central store (docs/central-api.md).

Every call either returns the parsed answer or raises one of four errors,
and what the caller should do follows from the type alone:

``Unreachable``
    No usable answer: connection refused or reset, a timeout, a 5xx, an
    answer cut off or unreadable. **The outcome is unknown**: the server may
    have done the work. Retry later with the same idempotency key, never a
    new one.
``InFlight``
    409 ``InFlight``: the same key's first attempt is still running on the
    server (or 429, too many requests). Retry after ``retry_after`` seconds
    (from ``Retry-After``) with the same key.
``Refused``
    Any other 4xx: the server answered no (``kind``, English ``message``,
    ``params``, raw ``body``). ``to_error()`` gives the matching
    :class:`boxoffice.errors.BoxOfficeError` for the GUI to translate.
``AuthExpired``
    401 outside login and registration: the staff token ended (or the
    terminal's credential was revoked). Ask for a login and try again.

Security: plain ``http://`` is refused unless the host is this computer
(loopback) or ``allow_insecure=True``; certificates are verified (against
``ca_bundle`` if given). Redirects are never followed, so the terminal key
cannot be carried to another host. The environment is not consulted:
no proxy variables, no ``.netrc`` credentials, no
``REQUESTS_CA_BUNDLE``; a proxy must be configured explicitly. Passwords,
tokens and the terminal key are never logged and never in a ``repr``.

Thread safety: one client may be shared by threads (the GUI's background
work and the outbox worker): its connection pool is.

Transport: urllib3, the connection pool under ``requests``, used directly:
a window makes two requests per sale, and ``requests``' per-request work
(merging settings, preparing the request, hooks, cookies) cost about three
times urllib3's own on this path (1.6 against 0.9 ms of CPU per call on the
benchmark machine) for features this client turns off anyway. Certificates
are verified against ``certifi``'s bundle, as ``requests`` does, or the
``ca_bundle`` given.
"""

from __future__ import annotations

import email.utils
import ipaddress
import json
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import certifi
import urllib3
from urllib3.exceptions import DecodeError, HTTPError
from urllib3.exceptions import TimeoutError as TimedOut

from boxoffice.errors import (
    AuthenticationFailed,
    BoxOfficeError,
    Conflict,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from boxoffice.i18n import QT_TRANSLATE_NOOP
from boxoffice.services import idempotency
from boxoffice.services.products import ImportProblem, ImportRejected
from boxoffice.services.seating import SeatsUnavailable, TakenSeat

log = logging.getLogger(__name__)

API = "/api/v1"
DEFAULT_TIMEOUT: tuple[float, float] = (3.05, 10.0)
"""(connect, read) seconds. The read timeout bounds each wait for bytes, not the whole answer."""
DEFAULT_RETRY_AFTER = 1.0


# --- Errors -------------------------------------------------------------------------


class SyncError(Exception):
    """Base of the client's errors."""


class Unreachable(SyncError):
    """No usable answer; the outcome is unknown. Retry with the same key."""

    def __init__(self, reason: str, *, status: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


class InFlight(SyncError):
    """The key's first attempt is still running on the server; retry after ``retry_after`` s."""

    def __init__(self, retry_after: float, answer: ServerAnswer) -> None:
        super().__init__(f"in flight; retry after {retry_after:g} s")
        self.retry_after = retry_after
        self.answer = answer


@dataclass(frozen=True)
class ServerAnswer:
    """A 4xx answer in the API's error shape (or what could be made of one)."""

    status: int
    kind: str
    message: str
    params: dict[str, Any]
    body: Any = field(repr=False)

    def to_error(self) -> BoxOfficeError:
        """The matching core error, so the GUI translates it like a local refusal."""
        error = self.body.get("error") if isinstance(self.body, dict) else None
        if self.kind == "SeatsUnavailable" and isinstance(error, dict):
            taken = _taken_seats(error.get("taken"))
            if taken:
                return SeatsUnavailable(taken)
        if self.kind == "ImportRejected" and isinstance(error, dict):
            problems = _import_problems(error.get("problems"))
            if problems:
                return ImportRejected(problems)
        kind = _KINDS.get(self.kind) or _kind_for_status(self.status)
        try:
            return kind(self.message, **self.params)
        except (KeyError, IndexError, ValueError, TypeError):
            # The message's placeholders and the params disagree: show the status.
            return kind(_UNEXPLAINED, status=self.status)


class _Answered(SyncError):
    def __init__(self, answer: ServerAnswer) -> None:
        super().__init__(f"{answer.status} {answer.kind}: {answer.message}")
        self.answer = answer

    @property
    def status(self) -> int:
        return self.answer.status

    @property
    def kind(self) -> str:
        return self.answer.kind

    @property
    def message(self) -> str:
        return self.answer.message

    @property
    def params(self) -> dict[str, Any]:
        return self.answer.params

    @property
    def body(self) -> Any:
        return self.answer.body

    def to_error(self) -> BoxOfficeError:
        return self.answer.to_error()


class Refused(_Answered):
    """The server answered no (a 4xx other than InFlight). Do not retry unchanged."""


class AuthExpired(_Answered):
    """401: the staff token ended or the terminal's credential is no longer valid."""


class InsecureURL(ValidationError):
    """The central store's address would send credentials unencrypted."""


_UNEXPLAINED = QT_TRANSLATE_NOOP("core", "The central store refused the request (HTTP {status}).")

_KINDS: dict[str, type[BoxOfficeError]] = {
    "ValidationError": ValidationError,
    "NotFound": NotFound,
    "PermissionDenied": PermissionDenied,
    "AuthenticationFailed": AuthenticationFailed,
    "Conflict": Conflict,
    "SeatsUnavailable": Conflict,
    "KeyReused": idempotency.KeyReused,
    "InFlight": idempotency.InFlight,
}


def _kind_for_status(status: int) -> type[BoxOfficeError]:
    return {
        400: ValidationError,
        401: AuthenticationFailed,
        403: PermissionDenied,
        404: NotFound,
        413: ValidationError,
        422: ValidationError,
    }.get(status, Conflict)


def _import_problems(raw: Any) -> list[ImportProblem]:
    """An import's problems as the central store listed them (none if garbled)."""
    if not isinstance(raw, list):
        return []
    problems = []
    for p in raw:
        if not isinstance(p, dict) or not isinstance(p.get("params", {}), dict):
            return []
        try:
            problems.append(
                ImportProblem(
                    int(p["row"]),
                    str(p["column"]),
                    str(p["message"]),
                    tuple((str(k), str(v)) for k, v in p.get("params", {}).items()),
                )
            )
        except (KeyError, TypeError, ValueError):
            return []
    return problems


def _taken_seats(raw: Any) -> list[TakenSeat]:
    if not isinstance(raw, list):
        return []
    taken = []
    for item in raw:
        if not isinstance(item, dict):
            return []
        taken.append(
            TakenSeat(
                str(item.get("seat_id", "")),
                str(item.get("label", "")),
                str(item.get("state", "")),
                str(item.get("terminal_name", "")),
            )
        )
    return taken


def _answer(status: int, body: Any) -> ServerAnswer:
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict) and isinstance(error.get("message"), str):
        params = error.get("params")
        return ServerAnswer(
            status,
            str(error.get("kind") or _kind_for_status(status).__name__),
            error["message"],
            dict(params) if isinstance(params, dict) else {},
            body,
        )
    # Not our shape (a proxy's page, a bare framework error): keep what we can.
    return ServerAnswer(
        status, _kind_for_status(status).__name__, _UNEXPLAINED, {"status": status}, body
    )


def _retry_after(value: str | None) -> float:
    """``Retry-After`` as seconds: delta-seconds or an HTTP date."""
    if not value:
        return DEFAULT_RETRY_AFTER
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return DEFAULT_RETRY_AFTER
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


# --- Answers ------------------------------------------------------------------------


@dataclass(frozen=True)
class Registration:
    """A terminal's credential from a one-time code. Keep ``terminal_key`` secret."""

    terminal_id: str
    terminal_name: str
    terminal_key: str = field(repr=False)


@dataclass(frozen=True)
class StaffLogin:
    """A member of staff logged in at the central store."""

    token: str = field(repr=False)
    expires_at: datetime
    user_id: str
    login: str
    display_name: str
    permissions: frozenset[str]
    must_change_password: bool


@dataclass(frozen=True)
class FeedChange:
    seq: int
    kind: str
    session_id: str | None
    entity_id: str
    payload: dict[str, Any]
    at: datetime | None


@dataclass(frozen=True)
class FeedBatch:
    changes: tuple[FeedChange, ...]
    cursor: int
    more: bool


# --- The client -----------------------------------------------------------------------


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_base_url(base_url: str, *, allow_insecure: bool = False) -> str:
    """The address without a trailing slash; refuses plain HTTP to another computer."""
    parts = urlsplit(base_url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise InsecureURL(
            QT_TRANSLATE_NOOP(
                "core", "“{url}” is not a valid address for the central store (https://…)."
            ),
            url=base_url,
        )
    if parts.username or parts.password:
        raise InsecureURL(
            QT_TRANSLATE_NOOP(
                "core", "“{url}” is not a valid address for the central store (https://…)."
            ),
            url=f"{parts.scheme}://{parts.hostname}",
        )
    if parts.scheme == "http" and not allow_insecure and not _is_loopback(parts.hostname):
        raise InsecureURL(
            QT_TRANSLATE_NOOP(
                "core",
                "The central store must be reached over https:// (plain http:// only on this computer): {url}",
            ),
            url=base_url,
        )
    return base_url.strip().rstrip("/")


class CentralClient:
    """Calls to the central store on behalf of one terminal (and its logged-in staff)."""

    def __init__(
        self,
        base_url: str,
        terminal_id: str,
        terminal_key: str,
        *,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        allow_insecure: bool = False,
        ca_bundle: str | Path | None = None,
        proxy: str | None = None,
    ) -> None:
        self.base_url = check_base_url(base_url, allow_insecure=allow_insecure)
        self.terminal_id = terminal_id
        self._terminal_key = terminal_key
        self.timeout = timeout
        if ca_bundle is not None and not Path(ca_bundle).is_file():
            raise FileNotFoundError(f"CA bundle not found: {ca_bundle}")
        self._token: str | None = None
        pool: dict[str, Any] = {
            "num_pools": 4,
            "maxsize": 4,  # connections kept per host: the GUI's threads and the outbox's
            "retries": False,  # a failed request is the caller's to retry (same key)
            "cert_reqs": "CERT_REQUIRED",
            "ca_certs": str(ca_bundle) if ca_bundle is not None else certifi.where(),
        }
        self._pool: urllib3.PoolManager = (
            urllib3.ProxyManager(proxy, **pool) if proxy else urllib3.PoolManager(**pool)
        )

    def __repr__(self) -> str:
        return f"CentralClient({self.base_url!r}, terminal_id={self.terminal_id!r})"

    # --- plumbing ---

    def _send(
        self, method: str, url: str, body: bytes | None, headers: Mapping[str, str]
    ) -> urllib3.BaseHTTPResponse:
        """One request, its answer read whole; redirects are not followed."""
        connect, read = self.timeout
        return self._pool.request(
            method,
            url,
            body=body,
            headers=headers,
            timeout=urllib3.Timeout(connect=connect, read=read),
            retries=False,
            redirect=False,
        )

    def close(self) -> None:
        """Close every connection. The client may be used again afterwards."""
        self._pool.clear()

    def __enter__(self) -> CentralClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def logged_in(self) -> bool:
        return self._token is not None

    def _headers(self, *, credential: bool, token: bool) -> dict[str, str]:
        headers = {"Accept": "application/json"}
        if credential:
            headers["X-Terminal-Id"] = self.terminal_id
            headers["X-Terminal-Key"] = self._terminal_key
        if token and self._token is not None:
            headers["Authorization"] = f"Bearer {self._token}"
        return headers

    def _call(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        params: Mapping[str, str | int] | None = None,
        headers: Mapping[str, str] | None = None,
        credential: bool = True,
        token: bool = True,
        auth_refusal: bool = False,
    ) -> Any:
        """One request; the parsed JSON answer (None for an empty one) or a typed error.

        ``auth_refusal``: a 401 is a refusal of what was sent (wrong password,
        bad code), not an expired session."""
        send = self._headers(credential=credential, token=token)
        send.update(headers or {})
        url = self.base_url + API + path
        if params:
            url += "?" + urlencode(params)
        body = None
        if json_body is not None:
            body = json.dumps(json_body, allow_nan=False).encode("utf-8")
            send["Content-Type"] = "application/json"
        started = time.monotonic()
        try:
            response = self._send(method, url, body, send)
        except TimedOut as exc:
            log.info("%s %s: timed out (%s)", method, path, type(exc).__name__)
            raise Unreachable(f"timed out: {type(exc).__name__}") from exc
        except DecodeError as exc:
            raise Unreachable(f"unreadable answer: {exc}") from exc
        except (HTTPError, OSError) as exc:
            # Includes a refused connection, a reset or cut-off mid-answer and TLS failures.
            log.info("%s %s: no answer (%s)", method, path, type(exc).__name__)
            raise Unreachable(f"no answer: {type(exc).__name__}: {exc}") from exc
        status = response.status
        log.debug(
            "%s %s -> %s in %.0f ms", method, path, status, (time.monotonic() - started) * 1000
        )
        if status >= 500 or status in (408, 429) or status < 200 or 300 <= status < 400:
            if status == 429:
                raise InFlight(
                    _retry_after(response.headers.get("Retry-After")),
                    _answer(status, _json_or_text(response)),
                )
            raise Unreachable(f"HTTP {status}", status=status)
        if status >= 400:
            answer = _answer(status, _json_or_text(response))
            if status == 409 and answer.kind == "InFlight":
                raise InFlight(_retry_after(response.headers.get("Retry-After")), answer)
            if status == 401 and not auth_refusal:
                raise AuthExpired(answer)
            raise Refused(answer)
        if not response.data:
            return None
        try:
            return json.loads(response.data)
        except ValueError as exc:
            # Success whose receipt we cannot read: the outcome is known only to the server.
            raise Unreachable(f"unreadable answer (HTTP {status})", status=status) from exc

    # --- endpoints ---

    @classmethod
    def register(
        cls,
        base_url: str,
        code: str,
        *,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        allow_insecure: bool = False,
        ca_bundle: str | Path | None = None,
        proxy: str | None = None,
    ) -> Registration:
        """Exchange a one-time code for this terminal's credential (no credential needed)."""
        with cls(
            base_url,
            "",
            "",
            timeout=timeout,
            allow_insecure=allow_insecure,
            ca_bundle=ca_bundle,
            proxy=proxy,
        ) as anonymous:
            got = anonymous._call(
                "POST",
                "/terminals/register",
                json_body={"code": code},
                credential=False,
                token=False,
                auth_refusal=True,
            )
        body = _dict(got, "register")
        return Registration(
            str(body["terminal_id"]), str(body.get("terminal_name", "")), str(body["terminal_key"])
        )

    def healthz(self) -> bool:
        """Whether the central store answers at all (no credential needed)."""
        try:
            response = self._send("GET", self.base_url + "/healthz", None, {})
        except (HTTPError, OSError) as exc:
            raise Unreachable(f"no answer: {type(exc).__name__}") from exc
        return response.status == 200

    def login(self, login: str, password: str) -> StaffLogin:
        """Log a member of staff in; the token is kept for the calls that follow."""
        got = _dict(
            self._call(
                "POST",
                "/auth/login",
                json_body={"login": login, "password": password},
                token=False,
                auth_refusal=True,
            ),
            "login",
        )
        try:
            result = StaffLogin(
                token=str(got["token"]),
                expires_at=datetime.fromisoformat(str(got["expires_at"])),
                user_id=str(got["user_id"]),
                login=str(got["login"]),
                display_name=str(got.get("display_name", "")),
                permissions=frozenset(str(p) for p in got.get("permissions", [])),
                must_change_password=bool(got.get("must_change_password", False)),
            )
        except (KeyError, ValueError, TypeError) as exc:
            raise Unreachable("unreadable login answer") from exc
        self._token = result.token
        return result

    def logout(self) -> None:
        """End the staff session at the server; the token is forgotten whatever happens."""
        if self._token is None:
            return
        try:
            self._call("POST", "/auth/logout")
        except AuthExpired:
            pass  # already over
        finally:
            self._token = None

    def sessions(
        self, starts_from: datetime | None = None, starts_before: datetime | None = None
    ) -> list[dict[str, Any]]:
        """Sessions with their zones and prices, optionally within a time range."""
        params: dict[str, str | int] = {}
        if starts_from is not None:
            params["starts_from"] = starts_from.isoformat()
        if starts_before is not None:
            params["starts_before"] = starts_before.isoformat()
        return _list(self._call("GET", "/sessions", params=params), "sessions")

    def seats(self, session_id: str) -> list[dict[str, Any]]:
        """Every seat of a session with its state."""
        return _list(self._call("GET", f"/sessions/{_segment(session_id)}/seats"), "seats")

    def hold(self, session_id: str, seat_ids: list[str]) -> dict[str, Any]:
        """Hold all the seats or none (a 409 Refused names the seats taken)."""
        return _dict(
            self._call(
                "POST", "/holds", json_body={"session_id": session_id, "seat_ids": list(seat_ids)}
            ),
            "hold",
        )

    def best_available(
        self,
        session_id: str,
        count: int,
        *,
        zone_id: str | None = None,
        accessible: bool = False,
        allow_orphan: bool = False,
    ) -> dict[str, Any]:
        """Hold the best ``count`` free seats, chosen by the central store."""
        body: dict[str, Any] = {
            "session_id": session_id,
            "count": count,
            "accessible": accessible,
            "allow_orphan": allow_orphan,
        }
        if zone_id is not None:
            body["zone_id"] = zone_id
        return _dict(self._call("POST", "/holds/best", json_body=body), "best_available")

    def extend_hold(self, hold_id: str) -> dict[str, Any]:
        return _dict(self._call("POST", f"/holds/{_segment(hold_id)}/extend"), "extend_hold")

    def release_hold(self, hold_id: str) -> None:
        self._call("DELETE", f"/holds/{_segment(hold_id)}")

    def send_order(self, order_body: dict[str, Any]) -> dict[str, Any]:
        """Send a sale; its ``order_id`` is the idempotency key. Returns the receipt."""
        key = order_body.get("order_id")
        if not isinstance(key, str) or not key:
            raise ValueError("an order body needs its order_id")
        return _dict(
            self._call("POST", "/orders", json_body=order_body, headers={"Idempotency-Key": key}),
            "send_order",
        )

    def call_service(self, name: str, args: dict[str, Any]) -> dict[str, Any]:
        """Run an allowed service whose answer is a JSON object (an idempotent
        sale of the till) through ``POST /call/{name}``; ``args`` are already
        wire-encoded. Answers and refusals as for every other call."""
        got = _dict(self._call("POST", f"/call/{name}", json_body={"args": args}), name)
        return _dict(got.get("result"), name)

    def send_orders(
        self, order_bodies: list[dict[str, Any]]
    ) -> list[dict[str, Any] | Refused | InFlight]:
        """Send queued sales in order in one request (``POST /orders/batch``);
        each ``order_id`` is that sale's idempotency key.

        One answer per sale tried, in order: its receipt, ``Refused`` (the
        server's final answer for that sale, as ``send_order`` would raise it)
        or ``InFlight`` (retry it later, same key). A shorter list than
        ``order_bodies``: the sales after an ``InFlight`` one were not tried.
        The request itself raises as any other (``Unreachable``: the outcome
        of every sale in it is unknown; retry them all with the same keys)."""
        keys = [body.get("order_id") for body in order_bodies]
        if not keys or not all(isinstance(k, str) and k for k in keys):
            raise ValueError("every order body needs its order_id")
        got = _dict(
            self._call("POST", "/orders/batch", json_body={"orders": order_bodies}),
            "send_orders",
        )
        results = got.get("results")
        if not isinstance(results, list) or len(results) > len(keys):
            raise Unreachable("unexpected answer to send_orders")
        answers: list[dict[str, Any] | Refused | InFlight] = []
        for key, result in zip(keys, results, strict=False):
            if not isinstance(result, dict) or result.get("order_id") != key:
                raise Unreachable("unexpected answer to send_orders")
            status, body = result.get("status"), result.get("body")
            if status in (200, 201) and isinstance(body, dict):
                answers.append(body)
                continue
            if not isinstance(status, int) or not 400 <= status < 500:
                raise Unreachable("unexpected answer to send_orders")
            answer = _answer(status, body)
            if (status == 409 and answer.kind == "InFlight") or status == 429:
                retry = result.get("retry_after")
                answers.append(
                    InFlight(
                        float(retry) if isinstance(retry, int | float) else DEFAULT_RETRY_AFTER,
                        answer,
                    )
                )
                continue
            answers.append(Refused(answer))
        if len(answers) < len(keys) and (not answers or not isinstance(answers[-1], InFlight)):
            raise Unreachable("unexpected answer to send_orders")  # cut short without a reason
        return answers

    def changes(self, after: int, limit: int = 1000) -> FeedBatch:
        """Changes with a sequence number above ``after``, in commit order."""
        got = _dict(
            self._call("GET", "/changes", params={"after": int(after), "limit": int(limit)}),
            "changes",
        )
        try:
            return FeedBatch(
                tuple(_change(c) for c in got["changes"]),
                int(got["cursor"]),
                bool(got["more"]),
            )
        except (KeyError, ValueError, TypeError) as exc:
            raise Unreachable("unreadable change feed") from exc


def _segment(value: str) -> str:
    if not value or "/" in value or value in (".", "..") or "?" in value or "#" in value:
        raise ValueError(f"not a usable id: {value!r}")
    return value


def _json_or_text(response: urllib3.BaseHTTPResponse) -> Any:
    try:
        return json.loads(response.data)
    except ValueError:
        return response.data.decode("utf-8", "replace")[:2000]


def _dict(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Unreachable(f"unexpected answer to {what}")
    return value


def _list(value: Any, what: str) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise Unreachable(f"unexpected answer to {what}")
    return value


def _change(raw: Any) -> FeedChange:
    if not isinstance(raw, dict):
        raise TypeError("a change is an object")
    at = raw.get("at")
    payload = raw.get("payload") or {}
    if isinstance(payload, str):
        payload = json.loads(payload)
    session_id = raw.get("session_id")
    return FeedChange(
        seq=int(raw["seq"]),
        kind=str(raw["kind"]),
        session_id=str(session_id) if session_id is not None else None,
        entity_id=str(raw.get("entity_id", "")),
        payload=dict(payload),
        at=datetime.fromisoformat(at) if isinstance(at, str) else None,
    )
