"""What every screen needs: the local store, who is logged in, the settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from boxoffice.clock import now, venue_zone
from boxoffice.db.store import Store
from boxoffice.permissions import Perm
from boxoffice.services.base import Actor
from boxoffice.services.settings import Settings, get_settings


@dataclass
class AppContext:
    store: Store
    data_dir: Path
    settings: Settings = field(default_factory=Settings)
    actor: Actor | None = None

    def reload_settings(self) -> Settings:
        self.settings = get_settings(self.store)
        return self.settings

    @property
    def me(self) -> Actor:
        assert self.actor is not None, "screen shown without a login"
        return self.actor

    def may(self, perm: Perm) -> bool:
        return self.actor is not None and self.actor.may(perm)

    @property
    def zone(self) -> ZoneInfo:
        return venue_zone(self.settings.venue_timezone)

    def local(self, moment: datetime) -> datetime:
        """An instant in the venue's timezone, for showing to people."""
        return moment.astimezone(self.zone)

    def today(self) -> date:
        """Today at the venue, whatever the computer's own timezone."""
        return self.local(now()).date()

    def day_start(self, day: date) -> datetime:
        """The first instant of ``day`` at the venue (midnight, venue time)."""
        return datetime.combine(day, time.min, tzinfo=self.zone)

    def format_time(self, moment: datetime | None, *, seconds: bool = False) -> str:
        if moment is None:
            return "—"
        return self.local(moment).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
