"""Mail the bot sends because time has passed: reminders, waiting-list offers, the digest.

Everything is derived from the store each time: who is registered, which reminder or digest
was already queued (its dedupe key), which offer is open or has run out. A restart, a late
start or running twice therefore does nothing twice, and a worker that was down at the due
time catches up once. Each step commits in its own transaction with the mail it queues.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from mailbot.compose.digest import Snapshot, digest_context
from mailbot.compose.export import attendee_row, to_csv
from mailbot.compose.mime import Attachment
from mailbot.compose.templates import RenderedMail, Templates
from mailbot.config import Config
from mailbot.domain.due import digest_day, due_reminders, retention_over
from mailbot.domain.model import OfferState, Purpose, Recipient
from mailbot.domain.seats import seats_with
from mailbot.jobs.organizer import announcement_of
from mailbot.outbox.enqueue import mail
from mailbot.store.database import Store

EVER = datetime(2000, 1, 1, tzinfo=UTC)  # before any digest: everything closed so far


@dataclass
class Planned:
    reminders: int = 0
    offers: list[str] = field(default_factory=list)
    expired: list[str] = field(default_factory=list)
    digests: int = 0


class Planner:
    def __init__(self, config: Config, store: Store, templates: Templates) -> None:
        self.config = config
        self.store = store
        self.templates = templates

    def queue_due(self, now: datetime) -> Planned:
        planned = Planned()
        self.store.announce(announcement_of(self.config.event, 0), now)
        self._waiting_list(now, planned)
        self._reminders(now, planned)
        if retention_over(self.config.event, now):
            return planned  # the event is long over: no more digests
        day = digest_day(self.config, now)
        if day is not None and self.config.digest_recipients:
            planned.digests = self.queue_digest(now, day, scheduled=True)
        return planned

    def _waiting_list(self, now: datetime, planned: Planned) -> None:
        capacity = self.config.event.capacity
        with self.store.transaction() as tx:
            waiting = tx.waiting_list()
            for person in waiting:
                if person.offer_state is OfferState.OPEN and not person.offer_open(now):
                    tx.set_offer(person.email, OfferState.EXPIRED)
                    tx.record_change(
                        person.email,
                        None,
                        None,
                        "waiting-list offer expired",
                        "no answer in time",
                        now,
                    )
                    planned.expired.append(person.email)
            free = seats_with(tx.registered_count(), tx.offer_holders(), capacity, now).free
            if free is None:
                return
            hours = timedelta(hours=self.config.event.waitlist_offer_hours)
            for person in waiting:
                if free <= 0:
                    break
                if person.offer_state is not None:
                    continue
                tx.set_offer(person.email, OfferState.OPEN, now + hours)
                tx.record_change(
                    person.email,
                    None,
                    None,
                    # local time, as people read the history (`mailbot show`)
                    f"offered a free seat until "
                    f"{(now + hours).astimezone(self.config.bot.timezone):%Y-%m-%d %H:%M}",
                    "a seat became free",
                    now,
                )
                offered = tx.attendee(person.email)
                assert offered is not None
                mail(
                    tx,
                    self.config,
                    self.templates,
                    offered,
                    Purpose.WAITLIST_OFFER,
                    now,
                    dedupe_key=f"offer:{self.config.event.id}:{person.email}",
                )
                planned.offers.append(person.email)
                free -= 1

    def _reminders(self, now: datetime, planned: Planned) -> None:
        for reminder in due_reminders(self.config, now):
            with self.store.transaction() as tx:
                for person in tx.registered():
                    key = f"reminder:{self.config.event.id}:{reminder.key}:{person.email}"
                    if mail(
                        tx,
                        self.config,
                        self.templates,
                        person,
                        Purpose.REMINDER,
                        now,
                        dedupe_key=key,
                    ):
                        planned.reminders += 1

    def digest(self, now: datetime, day: date) -> RenderedMail:
        """Today's digest as the organizers would read it."""
        values, _ = self._digest_values(now, day)
        return self.templates.render(Purpose.DIGEST, self.config.bot.language, values)

    def _digest_values(self, now: datetime, day: date) -> tuple[dict[str, Any], Attachment]:
        """The digest's template variables, and the attendee list as a CSV attachment."""
        since = self.store.last_queued(Purpose.DIGEST)
        people = self.store.attendees()
        snapshot = Snapshot(
            people,
            self.store.history(since=since),
            self.store.review_items(),
            self.store.failed_sends(),
            since,
            closed=[
                *self.store.review_items(closed_since=since or EVER),
                *self.store.failed_sends(closed_since=since or EVER),
            ],
            invitations=self.store.invitations(),
            limit_hits=self.store.limit_hits(since),
        )
        values = digest_context(self.config, snapshot, day, now, self.templates.problems)
        rows = [attendee_row(p) for p in people]
        csv = to_csv(rows, self.config.bot.language, self.config.bot.timezone).encode("utf-8")
        return values, Attachment(f"teilnehmende-{day.isoformat()}.csv", "text", "csv", csv)

    def queue_digest(self, now: datetime, day: date, scheduled: bool) -> int:
        """Queue the digest to every recipient: once per day when scheduled, else right now."""
        event = self.config.event.id
        tag = day.isoformat() if scheduled else f"now-{uuid.uuid4().hex[:8]}"
        keys = {to: f"digest:{event}:{tag}:{to}" for to in self.config.digest_recipients}
        with self.store.transaction() as tx:
            if scheduled and all(tx.is_queued(key) for key in keys.values()):
                return 0
        values, attachment = self._digest_values(now, day)
        queued = 0
        with self.store.transaction() as tx:
            for to, key in keys.items():
                queued += mail(
                    tx,
                    self.config,
                    self.templates,
                    Recipient(to, self.config.bot.language),
                    Purpose.DIGEST,
                    now,
                    values=values,
                    attachments=(attachment,),
                    dedupe_key=key,
                )
        return queued
