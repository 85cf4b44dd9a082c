"""Sending what the outbox holds, after the commit that queued it, through the channel each
row names, at most ``[smtp] max_per_minute`` mails a minute where the config sets it, over up
to ``[smtp] connections`` connections at once.

Mails are claimed before they are sent and marked sent right after the server accepted them,
in the commit that claims the next ones: one commit per round, however many connections are
busy, and never more mails claimed and unmarked than there are connections. The only way to
send one twice is a crash in the moment between that acceptance and that commit. Temporary
failures back off exponentially with jitter, capped; permanent ones, or too many attempts,
mark the mail failed, where ``review list`` and the digest show it. A failed connection or
login blames no mail.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from mailbot.config import OutboxSettings
from mailbot.domain.model import Channel
from mailbot.errors import SendError, SendLoginError
from mailbot.outbox.channel import Transport, Transports
from mailbot.store.database import Store
from mailbot.store.records import OutboxMail

log = logging.getLogger(__name__)

MAX_RETRY_DELAY = timedelta(hours=1)
DRAIN_LIMIT = 1000  # per cycle; the rest goes out in the next one


def retry_delay(attempts: int, base_seconds: int, rng: random.Random) -> timedelta:
    """Capped exponential backoff with ±20 % jitter, so retries of many mails spread out."""
    delay = min(timedelta(seconds=base_seconds * 2 ** max(attempts - 1, 0)), MAX_RETRY_DELAY)
    return delay * rng.uniform(0.8, 1.2)


@dataclass
class DrainReport:
    sent: list[str] = field(default_factory=list)  # recipients, in order of acceptance
    retrying: int = 0
    failed: int = 0
    error: str | None = None  # why the drain stopped early, if it did


Progress = Callable[[int, int], None]  # (sent or given up so far, due in this drain)


async def drain(
    store: Store,
    transports: Transports,
    settings: OutboxSettings,
    clock: Callable[[], datetime],
    rng: random.Random | None = None,
    should_stop: Callable[[], bool] = lambda: False,
    max_per_minute: int | None = None,
    progress: Progress | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    connections: int = 1,
) -> DrainReport:
    """Send what is due, each mail through the channel its row names.

    A channel is opened at its first mail, and again while mails wait and fewer than
    ``connections`` of it are open; one whose first connection cannot be opened, or whose
    login is refused, ends this drain for its mails without blaming any of them. A further
    connection the server refuses only leaves the drain with the ones it has.
    """
    due = store.due_mail(clock(), DRAIN_LIMIT)
    if not due:
        return DrainReport()
    sender = _Sender(
        store,
        transports,
        settings,
        clock,
        rng or random.Random(),  # noqa: S311 - jitter, not secrecy
        60.0 / max_per_minute if max_per_minute else 0.0,
        sleep,
        connections,
    )
    try:
        await sender.send(due, should_stop, progress)
    finally:
        await sender.finish()
    return sender.report


class _Sender:
    """One drain's connections, the mails in flight on them, and what the server accepted."""

    def __init__(
        self,
        store: Store,
        transports: Transports,
        settings: OutboxSettings,
        clock: Callable[[], datetime],
        rng: random.Random,
        spacing: float,
        sleep: Callable[[float], Awaitable[None]],
        connections: int,
    ) -> None:
        self.store = store
        self.transports = transports
        self.settings = settings
        self.clock = clock
        self.rng = rng
        self.spacing = spacing
        self.sleep = sleep
        self.report = DrainReport()
        self.most = dict.fromkeys(Channel, connections)  # fewer once a server refused one
        self.opened: dict[Channel, list[Transport]] = {channel: [] for channel in Channel}
        self.idle: dict[Channel, list[Transport]] = {channel: [] for channel in Channel}
        self.broken: set[Channel] = set()
        self.busy: dict[asyncio.Task[None], tuple[OutboxMail, Transport]] = {}
        self.accepted: list[int] = []  # marked sent with the next commit
        self.last_start: float | None = None

    async def send(
        self, due: list[OutboxMail], should_stop: Callable[[], bool], progress: Progress | None
    ) -> None:
        waiting = deque(due)
        needed = {mail.channel for mail in due}
        taken = 0
        while True:
            batch: list[tuple[OutboxMail, Transport]] = []  # claimed together
            while waiting and not should_stop() and not self.broken >= needed:
                mail = waiting[0]
                transport = None
                if mail.channel not in self.broken:
                    transport = await self._free_connection(mail.channel)
                    if transport is None and mail.channel not in self.broken:
                        break  # every connection of its channel is busy: wait for one
                waiting.popleft()
                if progress is not None:
                    progress(taken, len(due))
                taken += 1
                if transport is not None:
                    batch.append((mail, transport))
            if batch or self.accepted:
                await self._commit(batch)
            if not self.busy:
                if batch:  # another process took all of it: on to the next mails
                    continue
                break
            done, _ = await asyncio.wait(self.busy, return_when=asyncio.FIRST_COMPLETED)
            for task in sorted(done, key=lambda t: self.busy[t][0].id):
                self._settle(task)
        if progress is not None:
            report = self.report
            progress(len(report.sent) + report.retrying + report.failed, len(due))

    async def _free_connection(self, channel: Channel) -> Transport | None:
        """An idle connection of the channel, opened now if there is room for one more."""
        if self.idle[channel]:
            return self.idle[channel].pop()
        opened = self.opened[channel]
        if len(opened) >= self.most[channel]:
            return None
        if self.accepted:  # marked before a connection that may take its time
            await self._commit([])
        transport = self.transports[channel]()
        try:
            await transport.open()
        except SendError as exc:
            if not opened:
                self.report.error = str(exc)
                self.broken.add(channel)
            else:
                log.info("%s (sending over the %d connections open)", exc, len(opened))
                self.most[channel] = len(opened)
            return None
        opened.append(transport)
        return transport

    async def _commit(self, batch: list[tuple[OutboxMail, Transport]]) -> None:
        """One commit: what the server accepted is marked sent, the batch claimed; each claimed
        mail starts on its connection. In a thread, so the connections busy meanwhile go on."""
        sent, self.accepted = self.accepted, []
        mails = [mail for mail, _ in batch]
        taken = await asyncio.to_thread(self.store.claim, mails, self.clock(), sent)
        claimed = {mail.id for mail in taken}
        for mail, transport in batch:
            if mail.id in claimed:
                self.busy[asyncio.create_task(self._deliver(mail, transport))] = (mail, transport)
            else:  # another process is sending it
                self.idle[mail.channel].append(transport)

    async def _deliver(self, mail: OutboxMail, transport: Transport) -> None:
        if self.spacing:
            now = time.monotonic()
            start = now if self.last_start is None else max(now, self.last_start + self.spacing)
            self.last_start = start
            if start > now:
                await self.sleep(start - now)
        await transport.deliver(mail)

    def _settle(self, task: asyncio.Task[None]) -> None:
        mail, transport = self.busy.pop(task)
        report = self.report
        exc = task.exception()
        if exc is None:
            self.accepted.append(mail.id)
            report.sent.append(mail.to_address)
            self.idle[mail.channel].append(transport)
            return
        if isinstance(exc, SendLoginError):
            self.store.release(mail.id, self.clock())  # due again at the next cycle, not in 10 min
            report.error = str(exc)
            self.broken.add(mail.channel)
            return
        if not isinstance(exc, SendError):
            raise exc
        attempts = mail.attempts + 1
        if exc.temporary and attempts < self.settings.max_attempts:
            delay = retry_delay(attempts, self.settings.retry_seconds, self.rng)
            self.store.mark_retry(mail.id, str(exc), self.clock() + delay)
            report.retrying += 1
        else:
            self.store.mark_failed(mail.id, str(exc))
            report.failed += 1
            log.warning("gave up on mail to %s: %s", mail.to_address, exc)
        if transport.usable:
            self.idle[mail.channel].append(transport)
        else:
            report.error = str(exc)
            self.broken.add(mail.channel)

    async def finish(self) -> None:
        """However the drain ends: the mails in flight finish, what the server accepted is
        marked, the connections close."""
        try:
            if self.busy:
                await asyncio.wait(self.busy)
                for task, (mail, _) in sorted(self.busy.items(), key=lambda item: item[1][0].id):
                    try:
                        self._settle(task)
                    except Exception:  # the error that ended the drain is the one raised
                        log.exception("sending to %s failed", mail.to_address)
            if self.accepted:
                await asyncio.to_thread(self.store.claim, [], self.clock(), self.accepted)
                self.accepted = []
        finally:
            for opened in self.opened.values():
                for transport in opened:
                    await transport.close()
