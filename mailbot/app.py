"""The composition root: builds the edges from the config and wires the jobs to them.

Nothing else constructs clients or reads the config; tests and the demo build an ``App`` from a
``Config`` of their own. A dry run is a kind of ``App`` (``App.build(…, dry_run=True)``): its
store rolls back every write and its sender sends nothing, so no command has to remember to
switch anything off.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from mailbot.compose.form import form_labels
from mailbot.compose.templates import Templates
from mailbot.config import Config, EventSettings
from mailbot.domain.model import Channel
from mailbot.jobs.activity import Activity
from mailbot.jobs.cycle import Cycle
from mailbot.jobs.handle import MessageHandler
from mailbot.jobs.planner import Planner
from mailbot.jobs.poll import InboxPoller
from mailbot.jobs.send import OutboxSender
from mailbot.mail.imap import Mailbox
from mailbot.mail.smtp import SmtpConnection
from mailbot.outbox.channel import Transports
from mailbot.outbox.smtp_channel import SmtpChannel
from mailbot.store.database import Store
from mailbot.understand.classify import Context
from mailbot.understand.phrases import Phrases


def utc_now() -> datetime:
    return datetime.now(UTC)


def classify_context(config: Config) -> Context:
    """What the rules need besides the message, from the config."""
    return Context(
        config.bot.address,
        config.bot.language,
        Phrases.load(config.phrases),
        # unsolicited mail must name an event: any one of them
        " ".join(event.title for event in config.events),
        form_labels(config.bot.templates),
    )


@dataclass
class App:
    config: Config
    store: Store
    templates: Templates
    context: Context
    clock: Callable[[], datetime]
    activity: Activity
    # set by SIGTERM or Ctrl-C: finish the message or mail in hand, then stop
    stop: threading.Event = field(default_factory=threading.Event)
    # mail that arrived earlier is left alone (set by `mailbot run`: see jobs/first_start.py)
    inbox_cutoff: datetime | None = None
    _event_templates: dict[Path, Templates] = field(default_factory=dict)

    @classmethod
    def build(
        cls, config: Config, clock: Callable[[], datetime] = utc_now, *, dry_run: bool = False
    ) -> App:
        store = Store.open(config.bot.database, config.events[0].id, dry_run=dry_run)
        store.migrate(clock())
        return cls(
            config=config,
            store=store,
            templates=Templates(config.bot.templates, config.bot.language),
            context=classify_context(config),
            clock=clock,
            activity=Activity(config),
        )

    @property
    def dry_run(self) -> bool:
        return self.store.dry_run

    def event(self, event_id: str | None) -> EventSettings:
        """``--event ID``: optional where one event is configured."""
        return self.config.event_named(event_id)

    def store_for(self, event: EventSettings) -> Store:
        return self.store.scoped(event.id)

    def templates_for(self, event: EventSettings | None) -> Templates:
        """An event's own template folder where it has one; else the bot's. One ``Templates``
        per folder, so an admin's broken edit is remembered (and its last good version used)."""
        if event is None or event.templates is None:
            return self.templates
        found = self._event_templates.get(event.templates)
        if found is None:
            found = Templates(event.templates, self.config.bot.language, kept_as=f"{event.id}:")
            self._event_templates[event.templates] = found
        return found

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> App:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def mailbox(self) -> Mailbox:
        watching = self.activity.monitor is not None
        return Mailbox(
            self.config.imap,
            self.activity.inbox_found if watching else None,
            self.inbox_cutoff,
        )

    def smtp(self) -> SmtpConnection:
        return SmtpConnection(self.config.smtp)

    def transports(self) -> Transports:
        """Every channel an outbox row can name, each opened fresh for one drain."""
        return {Channel.SMTP: lambda: SmtpChannel(self.smtp(), self.config.bot.address)}

    def handler(self) -> MessageHandler:
        return MessageHandler(self.config, self.templates_for, self.context, self.clock)

    def poller(self) -> InboxPoller:
        return InboxPoller(
            self.config.imap,
            self.store,
            self.handler(),
            self.mailbox,
            self.clock,
            self.stop,
            self.activity,
        )

    def planner(self) -> Planner:
        return Planner(self.config, self.store, self.templates_for)

    def sender(self) -> OutboxSender:
        return OutboxSender(self.config, self.store, self.transports(), self.clock, self.stop)

    def cycle(self) -> Cycle:
        return Cycle(
            self.poller(),
            self.planner(),
            self.sender(),
            self.config.events,
            self.store,
            self.clock,
        )
