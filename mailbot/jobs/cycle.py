"""One cycle of the registration loop, as ``mailbot run --once`` and the tests run it: poll the
inbox, queue what time made due, purge what retention says, then send.

Each step reports its own error and the cycle goes on: a missing password, a server that is
down, a template that cannot be rendered or a database that is away is that cycle's reported
error, with everything the other steps did still in the report, never an abort.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from mailbot.config import EventSettings
from mailbot.errors import MailbotError
from mailbot.jobs.handle import Handled
from mailbot.jobs.planner import Planned, Planner
from mailbot.jobs.poll import InboxPoller
from mailbot.jobs.retention import purge_expired
from mailbot.jobs.send import OutboxSender
from mailbot.outbox.drain import DrainReport
from mailbot.store.database import Store

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass
class CycleReport:
    handled: list[Handled] = field(default_factory=list)
    drain: DrainReport = field(default_factory=DrainReport)
    planned: Planned = field(default_factory=Planned)
    forgotten: int = 0  # addresses whose personal data the retention purge removed
    errors: list[str] = field(default_factory=list)


@dataclass
class Cycle:
    poller: InboxPoller
    planner: Planner
    sender: OutboxSender
    events: tuple[EventSettings, ...]
    store: Store
    clock: Callable[[], datetime]

    def run(self) -> CycleReport:
        report = CycleReport()
        polled = self._step(report, self.poller.poll)
        if polled is not None:
            report.handled = polled.handled
            if polled.error:
                report.errors.append(polled.error)
        self.plan(report)
        drained = self._step(report, self.sender.send_due)
        if drained is not None:
            report.drain = drained
            if drained.error:
                report.errors.append(drained.error)
        self._step(report, lambda: self.store.record_cycle(self.clock()))  # for `mailbot status`
        return report

    def plan(self, report: CycleReport) -> None:
        """What time made due, and the retention purge: the part a dry run shows."""
        planned = self._step(report, lambda: self.planner.queue_due(self.clock()))
        if planned is not None:
            report.planned = planned
        for event in self.events:

            def purge(event: EventSettings = event) -> int:
                return purge_expired(event, self.store.scoped(event.id), self.clock())

            report.forgotten += self._step(report, purge) or 0

    @staticmethod
    def _step(report: CycleReport, work: Callable[[], T]) -> T | None:
        try:
            return work()
        except MailbotError as exc:
            log.error("%s", exc)
            report.errors.append(str(exc))
            return None
