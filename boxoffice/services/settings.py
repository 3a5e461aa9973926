"""Settings of this terminal and the venue, stored as JSON in the local store."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields, replace
from typing import Any

from sqlalchemy.orm import Session as OrmSession

from ..clock import DEFAULT_TIMEZONE, venue_zone
from ..db.models import Setting, Terminal
from ..db.store import Store
from ..errors import ValidationError
from ..i18n import QT_TRANSLATE_NOOP
from ..permissions import Perm
from .base import UnitOfWork, service

LANGUAGES = ("zh_CN", "en")


@dataclass(frozen=True)
class Settings:
    language: str = "zh_CN"
    venue_timezone: str = DEFAULT_TIMEZONE
    lockout_threshold: int = 5
    lockout_minutes: int = 15
    # A cash difference at closing above this needs a reason and a supervisor.
    shift_difference_limit_fen: int = 1000
    # How long after a sale its cashier may still void it (作废) as the shift's last sale.
    void_minutes: int = 10
    terminal_id: str | None = None

    def terminal_name(self, session: OrmSession) -> str:
        terminal = session.get(Terminal, self.terminal_id) if self.terminal_id else None
        return terminal.name if terminal is not None else ""


def read_settings(session: OrmSession) -> Settings:
    stored = {s.key: json.loads(s.value) for s in session.query(Setting).all()}
    known = {f.name for f in fields(Settings)}
    return Settings(**{k: v for k, v in stored.items() if k in known})


def get_settings(store: Store) -> Settings:
    """Anyone may read settings: the login dialog needs language and terminal."""
    with store.transaction() as session:
        return read_settings(session)


def _write(session: OrmSession, values: dict[str, Any]) -> None:
    for key, value in values.items():
        session.merge(Setting(key=key, value=json.dumps(value)))


def _validate(settings: Settings) -> None:
    if settings.language not in LANGUAGES:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "Unknown language “{language}”."), language=settings.language
        )
    venue_zone(settings.venue_timezone)
    if not 1 <= settings.lockout_threshold <= 20:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "Failed logins before lockout must be between 1 and 20.")
        )
    if not 1 <= settings.lockout_minutes <= 24 * 60:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "Lockout time must be between 1 minute and 24 hours.")
        )
    if not 0 <= settings.shift_difference_limit_fen <= 100_000_00:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "The cash difference limit must be between ¥0 and ¥100,000.")
        )
    if not 0 <= settings.void_minutes <= 24 * 60:
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "core", "The time to void a sale must be between 0 minutes and 24 hours."
            )
        )


@service(Perm.SETTINGS_MANAGE, audited=True)
def update_settings(uow: UnitOfWork, /, **changes: Any) -> Settings:
    """Change venue and terminal settings (timezone, lockout, this terminal, language)."""
    current = read_settings(uow.session)
    unknown = set(changes) - {f.name for f in fields(Settings)}
    if unknown:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "Unknown setting “{name}”."), name=sorted(unknown)[0]
        )
    updated = replace(current, **changes)
    _validate(updated)
    if updated.terminal_id is not None and uow.session.get(Terminal, updated.terminal_id) is None:
        raise ValidationError(QT_TRANSLATE_NOOP("core", "That terminal does not exist."))
    _write(uow.session, changes)
    uow.audit("settings.update", "settings", "", changes)
    return updated


@service(None, audited=True)
def set_language(uow: UnitOfWork, language: str) -> None:
    """Every member of staff may switch the interface language of this terminal."""
    _validate(replace(read_settings(uow.session), language=language))
    _write(uow.session, {"language": language})
    uow.audit("settings.language", "settings", "", {"language": language})


def this_terminal_name(store: Store) -> str:
    """The name of the terminal this device is set up as ("" if none yet)."""
    with store.transaction() as session:
        return read_settings(session).terminal_name(session)
