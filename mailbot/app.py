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

from mailbot.compose.form import form_labels
from mailbot.compose.templates import Templates
from mailbot.config import Config
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

    @classmethod
    def build(
        cls, config: Config, clock: Callable[[], datetime] = utc_now, *, dry_run: bool = False
    ) -> App:
        store = Store.open(config.bot.database, config.event.id, dry_run=dry_run)
        store.migrate(clock())
        return cls(
            config=config,
            store=store,
            templates=Templates(config.bot.templates, config.bot.language),
            context=Context(
                config.bot.address,
                config.bot.language,
                Phrases.load(config.phrases),
                config.event.title,
                form_labels(config.bot.templates),
            ),
            clock=clock,
            activity=Activity(config),
        )

    @property
    def dry_run(self) -> bool:
        return self.store.dry_run

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
        return MessageHandler(self.config, self.templates, self.context, self.clock)

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
        return Planner(self.config, self.store, self.templates)

    def sender(self) -> OutboxSender:
        return OutboxSender(self.config, self.store, self.transports(), self.clock, self.stop)

    def cycle(self) -> Cycle:
        return Cycle(
            self.poller(),
            self.planner(),
            self.sender(),
            self.config.event,
            self.store,
            self.clock,
        )
