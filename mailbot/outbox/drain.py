"""Sending what the outbox holds, after the commit that queued it, through the channel each
row names, at most ``[smtp] max_per_minute`` mails a minute where the config sets it.

Each mail is marked sent right after the SMTP server accepted it, in the same commit that claims
the next one (one commit per mail, and never more than one mail claimed and unmarked); the only
way to send one twice is a crash in the moment between that acceptance and that commit.
Temporary failures back off exponentially with jitter, capped; permanent ones, or too many
attempts, mark the mail failed, where ``review list`` and the digest show it. A failed
connection or login blames no mail.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from mailbot.config import OutboxSettings
from mailbot.domain.model import Channel
from mailbot.errors import SendError, SendLoginError
from mailbot.outbox.channel import Transport, Transports
from mailbot.store.database import Store

log = logging.getLogger(__name__)

MAX_RETRY_DELAY = timedelta(hours=1)
DRAIN_LIMIT = 1000  # per cycle; the rest goes out in the next one


def retry_delay(attempts: int, base_seconds: int, rng: random.Random) -> timedelta:
    """Capped exponential backoff with ±20 % jitter, so retries of many mails spread out."""
    delay = min(timedelta(seconds=base_seconds * 2 ** max(attempts - 1, 0)), MAX_RETRY_DELAY)
    return delay * rng.uniform(0.8, 1.2)


@dataclass
class DrainReport:
    sent: list[str] = field(default_factory=list)  # recipients, in order
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
) -> DrainReport:
    """Send what is due, each mail through the channel its row names.

    A channel is opened at its first mail; one that cannot be opened, or whose login is
    refused, ends this drain for its mails without blaming any of them.
    """
    report = DrainReport()
    due = store.due_mail(clock(), DRAIN_LIMIT)
    if not due:
        return report
    rng = rng or random.Random()  # noqa: S311 - jitter, not secrecy
    spacing = 60.0 / max_per_minute if max_per_minute else 0.0
    last_send: float | None = None
    opened: dict[Channel, Transport] = {}
    broken: set[Channel] = set()
    needed = {mail.channel for mail in due}
    accepted: int | None = None  # the mail the server just accepted, marked with the next claim

    def settle() -> None:
        nonlocal accepted
        if accepted is not None:
            store.mark_sent(accepted, clock())
            accepted = None

    try:
        for done, mail in enumerate(due):
            if should_stop() or broken >= needed:
                break
            if progress is not None:
                progress(done, len(due))
            if mail.channel in broken:
                continue
            transport = opened.get(mail.channel)
            if transport is None:
                settle()  # before a connection that may take its time
                transport = transports[mail.channel]()
                try:
                    await transport.open()
                except SendError as exc:
                    report.error = str(exc)
                    broken.add(mail.channel)
                    continue
                opened[mail.channel] = transport
            claimed = store.claim(mail, clock(), sent=accepted)
            accepted = None
            if not claimed:
                continue  # another process is sending it
            if spacing and last_send is not None:
                wait = spacing - (time.monotonic() - last_send)
                if wait > 0:
                    await sleep(wait)
            last_send = time.monotonic()
            try:
                await transport.deliver(mail)
            except SendLoginError as exc:
                store.release(mail.id, clock())  # due again at the next cycle, not in 10 min
                report.error = str(exc)
                broken.add(mail.channel)
                continue
            except SendError as exc:
                attempts = mail.attempts + 1
                if exc.temporary and attempts < settings.max_attempts:
                    store.mark_retry(
                        mail.id,
                        str(exc),
                        clock() + retry_delay(attempts, settings.retry_seconds, rng),
                    )
                    report.retrying += 1
                else:
                    store.mark_failed(mail.id, str(exc))
                    report.failed += 1
                    log.warning("gave up on mail to %s: %s", mail.to_address, exc)
                if not transport.usable:
                    report.error = str(exc)
                    broken.add(mail.channel)
                continue
            accepted = mail.id
            report.sent.append(mail.to_address)
        settle()
        if progress is not None:
            progress(len(report.sent) + report.retrying + report.failed, len(due))
    finally:
        settle()  # what the server accepted is marked, however the drain ends
        for transport in opened.values():
            await transport.close()
    return report
