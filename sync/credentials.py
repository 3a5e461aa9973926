"""Where a terminal keeps its central-store credential (docs/deployment.md).

The terminal id and its secret key go into the operating system's keyring
(Windows Credential Manager, macOS Keychain, the Secret Service on a Linux
desktop) through the ``keyring`` library, under the service name
``BoxOffice central <url>``. Two entries per central store:

* account ``terminal``: the terminal's id and name (JSON, no secret);
* account ``<terminal id>``: the terminal key.

The key is never written anywhere else: not to the data directory, not to a
settings file, not to the log.

A computer without a usable keyring (keyring's *fail* or *null* backend, or
any backend whose priority is below 1, e.g. keyrings.alt's plain-text file)
is refused with :class:`NoKeyring`; the secret is never quietly written to a
plain file instead. A headless machine whose administrator accepts a file can
opt in explicitly: ``BOXOFFICE_CREDENTIAL_FILE=/path`` keeps the credential in
that file, readable by its owner only (mode 0600, refused if others can read
it), with a warning in the log at every use.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from boxoffice.errors import BoxOfficeError
from boxoffice.i18n import QT_TRANSLATE_NOOP

from .client import Registration, check_base_url

log = logging.getLogger(__name__)

SERVICE_PREFIX = "BoxOffice central "
CREDENTIAL_FILE_ENV = "BOXOFFICE_CREDENTIAL_FILE"
"""Opt-in: keep the credential in this file (owner-only) instead of the OS keyring."""
INDEX_ACCOUNT = "terminal"
MIN_PRIORITY = 1.0
"""keyring's own advice: a backend below priority 1 is not recommended (fail, null, plain text)."""


class NoKeyring(BoxOfficeError):
    """No usable OS keyring, and no credential file was chosen."""


class CredentialFileUnsafe(BoxOfficeError):
    """The opted-in credential file cannot be used safely."""


_NO_KEYRING = QT_TRANSLATE_NOOP(
    "core",
    "This computer has no usable system keyring to keep the terminal's key for the central store. Use a desktop session with a keyring, or set BOXOFFICE_CREDENTIAL_FILE to a file readable only by this user (see docs/deployment.md).",
)
_KEYRING_FAILED = QT_TRANSLATE_NOOP(
    "core",
    "The system keyring could not be used ({reason}). Unlock it and try again, or set BOXOFFICE_CREDENTIAL_FILE to a file readable only by this user (see docs/deployment.md).",
)
_FILE_OPEN = QT_TRANSLATE_NOOP(
    "core",
    "The credential file {path} can be read by other users. Make it readable only by its owner (chmod 600).",
)
_FILE_BAD = QT_TRANSLATE_NOOP("core", "The credential file {path} cannot be used: {reason}")


def service_name(central_url: str) -> str:
    """``BoxOffice central <url>`` with the address in one canonical spelling."""
    return SERVICE_PREFIX + canonical_url(central_url)


def canonical_url(central_url: str) -> str:
    """Scheme and host in lower case, no trailing slash (``https://Central/`` = ``https://central``)."""
    parts = urlsplit(check_base_url(central_url, allow_insecure=True))
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path.rstrip("/"), "", ""))


def credential_file() -> Path | None:
    """The opted-in credential file (``BOXOFFICE_CREDENTIAL_FILE``), if any."""
    chosen = os.environ.get(CREDENTIAL_FILE_ENV, "").strip()
    return Path(chosen).expanduser().absolute() if chosen else None


# --- Public API -----------------------------------------------------------------------------------


def save_terminal_credential(registration: Registration, central_url: str) -> None:
    """Keep this terminal's credential for ``central_url``, replacing any earlier one.

    Raises :class:`NoKeyring` if there is no usable OS keyring and no
    credential file was chosen."""
    url = canonical_url(central_url)
    path = credential_file()
    if path is not None:
        _file_save(path, url, registration)
        return
    backend = _usable_keyring()
    service = SERVICE_PREFIX + url
    with _keyring_errors():
        earlier = _index(backend, service)
        # The key first: an index entry never points to a key that is not there.
        backend.set_password(service, registration.terminal_id, registration.terminal_key)
        backend.set_password(
            service,
            INDEX_ACCOUNT,
            json.dumps(
                {
                    "terminal_id": registration.terminal_id,
                    "terminal_name": registration.terminal_name,
                },
                ensure_ascii=False,
            ),
        )
        if earlier is not None and earlier[0] != registration.terminal_id:
            _delete(backend, service, earlier[0])
    log.info("Saved terminal %s's credential for %s in the system keyring", _id(registration), url)


def load_terminal_credential(central_url: str) -> Registration | None:
    """This terminal's credential for ``central_url``, or None if it has none yet."""
    url = canonical_url(central_url)
    path = credential_file()
    if path is not None:
        return _file_load(path, url)
    backend = _usable_keyring()
    service = SERVICE_PREFIX + url
    with _keyring_errors():
        index = _index(backend, service)
        if index is None:
            return None
        key = backend.get_password(service, index[0])
    if not key:
        log.warning("The keyring has terminal %s for %s but not its key", index[0], url)
        return None
    return Registration(index[0], index[1], key)


def forget_terminal_credential(central_url: str) -> None:
    """Remove this terminal's credential for ``central_url`` (nothing happens if there is none)."""
    url = canonical_url(central_url)
    path = credential_file()
    if path is not None:
        _file_forget(path, url)
        return
    backend = _usable_keyring()
    service = SERVICE_PREFIX + url
    with _keyring_errors():
        index = _index(backend, service)
        if index is not None:
            _delete(backend, service, index[0])
        _delete(backend, service, INDEX_ACCOUNT)
    log.info("Forgot the terminal credential for %s", url)


def save_secret(service: str, account: str, value: str) -> None:
    """Keep another secret of this terminal (the ticket signing key) the same
    way as the terminal key: the OS keyring, or the opted-in credential file."""
    path = credential_file()
    if path is not None:
        _warn_file(path)
        data = _file_read(path)
        data.setdefault("secrets", {})[f"{service}/{account}"] = value
        try:
            _file_write(path, data)
        except OSError as exc:
            raise CredentialFileUnsafe(
                _FILE_BAD, path=str(path), reason=exc.strerror or str(exc)
            ) from exc
        return
    backend = _usable_keyring()
    with _keyring_errors():
        backend.set_password(service, account, value)


def load_secret(service: str, account: str) -> str | None:
    path = credential_file()
    if path is not None:
        secrets = _file_read(path).get("secrets", {})
        value = secrets.get(f"{service}/{account}") if isinstance(secrets, dict) else None
        return str(value) if value else None
    backend = _usable_keyring()
    with _keyring_errors():
        return backend.get_password(service, account)


# --- The OS keyring -------------------------------------------------------------------------------


def _usable_keyring() -> KeyringBackend:
    try:
        backend = keyring.get_keyring()
        priority = float(backend.priority)
    except (keyring.errors.KeyringError, RuntimeError) as exc:
        log.warning("No usable system keyring: %s", exc)
        raise NoKeyring(_NO_KEYRING) from exc
    if priority < MIN_PRIORITY:
        log.warning(
            "No usable system keyring (%s.%s, priority %g)",
            type(backend).__module__,
            type(backend).__qualname__,
            priority,
        )
        raise NoKeyring(_NO_KEYRING)
    return backend


@contextlib.contextmanager
def _keyring_errors() -> Iterator[None]:
    try:
        yield
    except (keyring.errors.NoKeyringError, keyring.errors.InitError) as exc:
        log.warning("No usable system keyring: %s", exc)
        raise NoKeyring(_NO_KEYRING) from exc
    except keyring.errors.KeyringError as exc:
        reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        log.warning("The system keyring failed: %s", reason)
        raise NoKeyring(_KEYRING_FAILED, reason=reason) from exc


def _index(backend: KeyringBackend, service: str) -> tuple[str, str] | None:
    raw = backend.get_password(service, INDEX_ACCOUNT)
    if not raw:
        return None
    try:
        data = json.loads(raw)
        terminal_id = str(data["terminal_id"])
        name = str(data.get("terminal_name", ""))
    except (ValueError, TypeError, KeyError, AttributeError):
        log.warning("Ignoring an unreadable keyring entry for %s", service)
        return None
    return (terminal_id, name) if terminal_id else None


def _delete(backend: KeyringBackend, service: str, account: str) -> None:
    with contextlib.suppress(keyring.errors.PasswordDeleteError):
        backend.delete_password(service, account)


def _id(registration: Registration) -> str:
    return registration.terminal_name or registration.terminal_id


# --- The opted-in credential file -----------------------------------------------------------------


def _warn_file(path: Path) -> None:
    log.warning(
        "The terminal key is kept in the file %s (%s), not in a system keyring: "
        "anyone who can read that file or its backups can act as this terminal",
        path,
        CREDENTIAL_FILE_ENV,
    )


def _file_read(path: Path) -> dict[str, Any]:
    try:
        info = path.stat()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise CredentialFileUnsafe(
            _FILE_BAD, path=str(path), reason=exc.strerror or str(exc)
        ) from exc
    if not stat.S_ISREG(info.st_mode):
        raise CredentialFileUnsafe(_FILE_BAD, path=str(path), reason="not a regular file")
    if os.name == "posix" and info.st_mode & 0o077:
        raise CredentialFileUnsafe(_FILE_OPEN, path=str(path))
    try:
        data = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError) as exc:
        raise CredentialFileUnsafe(_FILE_BAD, path=str(path), reason=type(exc).__name__) from exc
    if not isinstance(data, dict):
        raise CredentialFileUnsafe(_FILE_BAD, path=str(path), reason="not a JSON object")
    return data


def _file_write(path: Path, data: dict[str, Any]) -> None:
    """Replace the file at once with a new one only its owner may read (0600)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # mkstemp makes the file 0600 before a byte of the secret is written.
    fd, temporary = tempfile.mkstemp(prefix=".credential-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, indent=2)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _file_save(path: Path, url: str, registration: Registration) -> None:
    _warn_file(path)
    data = _file_read(path)
    data[url] = {
        "terminal_id": registration.terminal_id,
        "terminal_name": registration.terminal_name,
        "terminal_key": registration.terminal_key,
    }
    try:
        _file_write(path, data)
    except OSError as exc:
        raise CredentialFileUnsafe(
            _FILE_BAD, path=str(path), reason=exc.strerror or str(exc)
        ) from exc
    log.info("Saved terminal %s's credential for %s in %s", _id(registration), url, path)


def _file_load(path: Path, url: str) -> Registration | None:
    _warn_file(path)
    entry = _file_read(path).get(url)
    if not isinstance(entry, dict):
        return None
    try:
        terminal_id, key = str(entry["terminal_id"]), str(entry["terminal_key"])
    except KeyError:
        log.warning("Ignoring an incomplete entry for %s in %s", url, path)
        return None
    if not terminal_id or not key:
        return None
    return Registration(terminal_id, str(entry.get("terminal_name", "")), key)


def _file_forget(path: Path, url: str) -> None:
    data = _file_read(path)
    if url not in data:
        return
    del data[url]
    try:
        _file_write(path, data)
    except OSError as exc:
        raise CredentialFileUnsafe(
            _FILE_BAD, path=str(path), reason=exc.strerror or str(exc)
        ) from exc
    log.info("Forgot the terminal credential for %s in %s", url, path)
