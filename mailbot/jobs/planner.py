"""Mail the bot sends because time has passed: reminders, waiting-list offers, the digest.

Everything is derived from the store each time: who is registered, which reminder or digest
was already queued (its dedupe key), which offer is open or has run out. A restart, a late
start or running twice therefore does nothing twice, and a worker that was down at the due
time catches up once. Each step commits in its own transaction with the mail it queues.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from mailbot.compose.digest import Snapshot, digest_context
from mailbot.compose.export import to_csv
from mailbot.compose.mime import Attachment, Envelope, compose, new_message_id
from mailbot.compose.templates import RenderedMail, Templates
from mailbot.config import Config
from mailbot.domain.due import digest_day, due_reminders
from mailbot.domain.model import Purpose
from mailbot.outbox.enqueue import queue_mail
from mailbot.store.database import Store

DIGEST = "digest"


@dataclass
class Planned:
    reminders: int = 0
    offers: list[str] = field(default_factory=list)
    expired: list[str] = field(default_factory=list)
    digests: int = 0
    forgotten: int = 0


class Planner:
    def __init__(self, config: Config, store: Store, templates: Templates) -> None:
        self.config = config
        self.store = store
        self.templates = templates

    def queue_due(self, now: datetime) -> Planned:
        planned = Planned()
        self.store.announce(self.config, now)
        self._waiting_list(now, planned)
        self._reminders(now, planned)
        retain = self.config.event.retain_days
        if retain is not None and now >= self.config.event.ends + timedelta(days=retain):
            with self.store.transaction() as tx:
                for email in tx.everyone_to_forget():
                    tx.forget(email)
                    planned.forgotten += 1
            return planned  # the event is long over: nothing more to send
        day = digest_day(self.config, now)
        if day is not None and self.config.digest_recipients:
            planned.digests = self.queue_digest(now, day, scheduled=True)
        return planned

    def _waiting_list(self, now: datetime, planned: Planned) -> None:
        capacity = self.config.event.capacity
        with self.store.transaction() as tx:
            waiting = tx.waiting_list()
            for person in waiting:
                if person.offer_state == "open" and not person.offer_open(now):
                    tx.set_offer(person.email, "expired")
                    tx.record_change(
                        person.email,
                        None,
                        None,
                        "waiting-list offer expired",
                        "no answer in time",
                        now,
                    )
                    planned.expired.append(person.email)
            if capacity is None:
                return
            free = capacity - tx.seats_taken(now)
            hours = timedelta(hours=self.config.event.waitlist_offer_hours)
            for person in waiting:
                if free <= 0:
                    break
                if person.offer_state is not None:
                    continue
                tx.set_offer(person.email, "open", now + hours)
                tx.record_change(
                    person.email,
                    None,
                    None,
                    f"offered a free seat until {(now + hours).isoformat()}",
                    "a seat became free",
                    now,
                )
                offered = tx.attendee(person.email)
                assert offered is not None
                queue_mail(
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
                    if queue_mail(
                        tx,
                        self.config,
                        self.templates,
                        person,
                        Purpose.REMINDER,
                        now,
                        dedupe_key=key,
                    ):
                        planned.reminders += 1

    def digest(self, now: datetime, day: date) -> tuple[RenderedMail, bytes]:
        """Today's digest as rendered mail, and the attendee list as CSV."""
        since = self.store.last_queued(DIGEST)
        people = self.store.attendees()
        snapshot = Snapshot(
            people,
            self.store.history(since=since),
            self.store.review_items(),
            self.store.failed_sends(),
            since,
            self.store.limit_hits(since),
        )
        context = digest_context(self.config, snapshot, day, self.templates.problems)
        rendered = self.templates.render(DIGEST, self.config.bot.language, context)
        return rendered, to_csv(people).encode("utf-8")

    def queue_digest(self, now: datetime, day: date, scheduled: bool) -> int:
        """Queue the digest to every recipient: once per day when scheduled, else right now."""
        event = self.config.event.id
        tag = day.isoformat() if scheduled else f"now-{uuid.uuid4().hex[:8]}"
        keys = {to: f"digest:{event}:{tag}:{to}" for to in self.config.digest_recipients}
        with self.store.transaction() as tx:
            if scheduled and all(tx.is_queued(key) for key in keys.values()):
                return 0
        rendered, csv = self.digest(now, day)
        attachment = Attachment(f"teilnehmende-{day.isoformat()}.csv", "text", "csv", csv)
        queued = 0
        with self.store.transaction() as tx:
            for to, key in keys.items():
                if tx.is_queued(key):
                    continue
                message_id = new_message_id(self.config.bot.address)
                envelope = Envelope(
                    self.config.bot.name, self.config.bot.address, to, "", event, solicited=False
                )
                tx.queue(
                    message_id,
                    DIGEST,
                    to,
                    compose(rendered, envelope, message_id, now, (attachment,)),
                    None,
                    now,
                    key,
                )
                queued += 1
        return queued
