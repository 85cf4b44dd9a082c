"""The composition root: builds the edges from the config and wires the worker.

Nothing else constructs clients or reads the config; tests and the demo build an ``App`` from a
``Config`` of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from mailbot.compose.templates import Templates
from mailbot.config import Config
from mailbot.jobs.worker import Worker
from mailbot.mail.imap import Mailbox
from mailbot.mail.smtp import SmtpConnection
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

    @classmethod
    def build(cls, config: Config, clock: Callable[[], datetime] = utc_now) -> App:
        store = Store.open(config.bot.database, config.event.id)
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
            ),
            clock=clock,
        )

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> App:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def mailbox(self) -> Mailbox:
        return Mailbox(self.config.imap)

    def smtp(self) -> SmtpConnection:
        return SmtpConnection(self.config.smtp)

    def worker(self) -> Worker:
        return Worker(
            self.config,
            self.store,
            self.templates,
            self.context,
            self.mailbox,
            self.smtp,
            self.clock,
        )
