"""What every screen needs: the local store, who is logged in, the settings,
and the way to the store of record (this computer's, or a central store's)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar
from zoneinfo import ZoneInfo

from boxoffice.clock import now, venue_zone
from boxoffice.db.store import Store
from boxoffice.permissions import Perm
from boxoffice.services.base import Actor
from boxoffice.services.settings import Settings, get_settings
from sync.client import CentralClient
from sync.gateway import Gateway, LocalGateway
from sync.terminal import CentralLink, SyncRunner

if TYPE_CHECKING:
    from .devices_ui import DeviceHub
    from .scanning import ScanHub

T = TypeVar("T")
P = ParamSpec("P")


@dataclass
class AppContext:
    store: Store
    data_dir: Path
    settings: Settings = field(default_factory=Settings)
    actor: Actor | None = None
    link: CentralLink | None = None  # set when this computer is a terminal of a central store
    client: CentralClient | None = None  # the link's client, once connected
    gateway: Gateway | None = None  # where screens' operations run; local store by default
    sync: SyncRunner | None = None  # sends the outbox and follows the feed (terminal only)
    online: bool = True  # False after an offline login, until the central store answers
    devices: DeviceHub | None = None  # this terminal's printers (and their spooler)
    scans: ScanHub | None = None  # every scan, from a keyboard-wedge or a serial scanner

    @property
    def is_terminal(self) -> bool:
        return self.link is not None

    def call(
        self, fn: Callable[Concatenate[Store, Actor, P], T], /, *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Run a service as the logged-in user on the store of record: the local
        store when standalone, the central store (over HTTP) when a terminal."""
        gateway = self.gateway or LocalGateway(self.store)
        return gateway.call(self.me, fn, *args, **kwargs)

    def call_as(
        self,
        actor: Actor,
        fn: Callable[Concatenate[Store, Actor, P], T],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """:meth:`call` for someone not (yet) logged in here: a forced password change."""
        gateway = self.gateway or LocalGateway(self.store)
        return gateway.call(actor, fn, *args, **kwargs)

    def call_here(
        self, fn: Callable[Concatenate[Store, Actor, P], T], /, *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Run a service on this computer's own store, whatever the mode (the
        interface language, the outbox)."""
        return fn(self.store, self.me, *args, **kwargs)

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
