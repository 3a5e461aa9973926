"""首页: who is logged in where, today's sessions at a glance, and the shortcuts."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QGridLayout, QLabel

from boxoffice.permissions import Perm
from boxoffice.services import catalogue
from boxoffice.services.catalogue import SessionRow

from ..context import AppContext
from ..pages import pages_for
from .base import Page


class HomePage(Page):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, self.tr("Home"))
        me = ctx.me
        greeting = QLabel(
            self.tr("Welcome, {name}. You are at {terminal}.").format(
                name=me.display_name, terminal=me.terminal_name or self.tr("an unnamed terminal")
            ),
            self,
        )
        greeting.setObjectName("greeting")
        self.body.addWidget(greeting)
        grid = QGridLayout()
        grid.setSpacing(16)
        self.today_card = self.card(self.tr("Today's sessions"))
        self.shortcuts_card = self.card(self.tr("Keyboard shortcuts"))
        grid.addWidget(self.today_card, 0, 0)
        grid.addWidget(self.shortcuts_card, 0, 1)
        self.body.addLayout(grid)
        self.body.addStretch(1)
        self.today_text = QLabel(self.tr("Loading…"), self.today_card)
        self.today_text.setWordWrap(True)
        self.today_text.setTextFormat(Qt.TextFormat.PlainText)
        self.today_card.layout().addWidget(self.today_text)
        lines = [
            f"Ctrl+{n}\t{QCoreApplication.translate('pages', spec.title)}"
            for n, spec in enumerate(pages_for(ctx)[:9], start=1)
        ]
        lines += [
            "F5\t" + self.tr("Refresh the page"),
            "Ctrl+F\t" + self.tr("Search a list"),
            "Ctrl+L\t" + self.tr("Log out"),
        ]
        shortcuts = QLabel("\n".join(lines), self.shortcuts_card)
        shortcuts.setTextFormat(Qt.TextFormat.PlainText)
        self.shortcuts_card.layout().addWidget(shortcuts)

    def refresh(self) -> None:
        if not self.ctx.may(Perm.SESSIONS_VIEW):
            self.today_text.setText(self.tr("Your role does not sell or manage sessions."))
            return
        start = self.ctx.day_start(self.ctx.today())
        call = self.ctx.call
        self.run(
            lambda: call(
                catalogue.list_sessions, starts_from=start, starts_before=start + timedelta(days=1)
            ),
            self._show_today,
        )

    def _show_today(self, sessions: list[SessionRow]) -> None:
        if not sessions:
            self.today_text.setText(self.tr("No sessions today."))
            return
        self.today_text.setText(
            "\n".join(
                f"{self.ctx.local(s.starts_at):%H:%M}  {s.show_name}  ·  {s.hall_name}"
                for s in sessions
            )
        )
