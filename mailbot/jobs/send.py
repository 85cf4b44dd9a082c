"""Draining the outbox as a job: what ``mailbot run`` sends every few seconds, and what every
command that queued mail calls right away.

A channel that cannot be reached backs off like the inbox does (1, 2, 4 … send intervals, at
most five minutes) and reports its error; nothing is lost, the mail waits in the outbox. An
``App`` built for a dry run sends nothing.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from mailbot.config import Config
from mailbot.mail.backoff import Backoff
from mailbot.outbox.channel import Transports
from mailbot.outbox.drain import DrainReport, Progress, drain
from mailbot.store.database import Store

log = logging.getLogger(__name__)


class OutboxSender:
    def __init__(
        self,
        config: Config,
        store: Store,
        transports: Transports,
        clock: Callable[[], datetime],
        stop: threading.Event,
    ) -> None:
        self.config = config
        self.store = store
        self.transports = transports
        self.clock = clock
        self.stop = stop
        self.backoff = Backoff(timedelta(seconds=config.imap.poll_seconds))

    def send_due(self, progress: Progress | None = None) -> DrainReport:
        now = self.clock()
        if self.store.dry_run or not self.backoff.ready(now):
            return DrainReport()
        report = asyncio.run(
            drain(
                self.store,
                self.transports,
                self.config.outbox,
                self.clock,
                should_stop=self.stop.is_set,
                max_per_minute=self.config.smtp.max_per_minute,
                connections=self.config.smtp.connections,
                progress=progress,
            )
        )
        if report.error:
            delay = self.backoff.failed(now)
            log.error("%s (next try in %d s)", report.error, delay.total_seconds())
        elif report.sent:
            self.backoff.succeeded()
        return report
