"""Mail the bot sends because time has passed: reminders, waiting-list offers, the digest.

Everything is derived from the store each time: who is registered, which reminder or digest
was already queued (its dedupe key), which offer is open or has run out. A restart, a late
start or running twice therefore does nothing twice, and a worker that was down at the due
time catches up once. Each step commits in its own transaction with the mail it queues.
Reminders and offers are planned for every configured event; one digest covers them all.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from mailbot.compose.digest import EventSnapshot, Snapshot, digest_context
from mailbot.compose.export import attendee_row, to_csv
from mailbot.compose.mime import Attachment
from mailbot.compose.templates import RenderedMail, Templates
from mailbot.config import Config, EventSettings
from mailbot.domain.due import digest_day, due_reminders, retention_over
from mailbot.domain.model import OfferState, Purpose, Recipient
from mailbot.domain.seats import seats_with
from mailbot.jobs.organizer import announcement_of
from mailbot.outbox.enqueue import mail
from mailbot.store.database import Store
from mailbot.store.records import FailedSend, ReviewItem

EVER = datetime(2000, 1, 1, tzinfo=UTC)  # before any digest: everything closed so far


@dataclass
class Planned:
    reminders: int = 0
    offers: list[str] = field(default_factory=list)
    expired: list[str] = field(default_factory=list)
    digests: int = 0


class Planner:
    def __init__(
        self,
        config: Config,
        store: Store,
        templates: Callable[[EventSettings | None], Templates],
    ) -> None:
        self.config = config
        self.store = store
        self.templates = templates  # an event's own, or the bot's

    def queue_due(self, now: datetime) -> Planned:
        planned = Planned()
        for event in self.config.events:
            store = self.store.scoped(event.id)
            store.announce(announcement_of(event, 0), now)
            self._waiting_list(event, store, now, planned)
            self._reminders(event, store, now, planned)
        if all(retention_over(event, now) for event in self.config.events):
            return planned  # every event is long over: no more digests
        day = digest_day(self.config, now)
        if day is not None and self.config.digest_recipients:
            planned.digests = self.queue_digest(now, day, scheduled=True)
        return planned

    def _waiting_list(
        self, event: EventSettings, store: Store, now: datetime, planned: Planned
    ) -> None:
        with store.transaction() as tx:
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
            free = seats_with(tx.registered_count(), tx.offer_holders(), event.capacity, now).free
            if free is None:
                return
            hours = timedelta(hours=event.waitlist_offer_hours)
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
                    event,
                    self.templates(event),
                    offered,
                    Purpose.WAITLIST_OFFER,
                    now,
                    dedupe_key=f"offer:{event.id}:{person.email}",
                )
                planned.offers.append(person.email)
                free -= 1

    def _reminders(
        self, event: EventSettings, store: Store, now: datetime, planned: Planned
    ) -> None:
        for reminder in due_reminders(self.config, event, now):
            with store.transaction() as tx:
                for person in tx.registered():
                    key = f"reminder:{event.id}:{reminder.key}:{person.email}"
                    if mail(
                        tx,
                        self.config,
                        event,
                        self.templates(event),
                        person,
                        Purpose.REMINDER,
                        now,
                        dedupe_key=key,
                    ):
                        planned.reminders += 1

    def digest(
        self, now: datetime, day: date, events: Sequence[EventSettings] | None = None
    ) -> RenderedMail:
        """Today's digest as the organizers would read it: every event, or the ones given."""
        values, _ = self._digest_values(now, day, events or self.config.events)
        return self.templates(None).render(Purpose.DIGEST, self.config.bot.language, values)

    def _digest_values(
        self, now: datetime, day: date, events: Sequence[EventSettings]
    ) -> tuple[dict[str, Any], tuple[Attachment, ...]]:
        """The digest's template variables (one section per event), and each event's list of
        attendees as a CSV attachment."""
        since = self.store.last_queued(Purpose.DIGEST)
        sections = []
        attachments = []
        language, zone = self.config.bot.language, self.config.bot.timezone
        for event in events:
            store = self.store.scoped(event.id)
            people = store.attendees()
            sections.append(
                EventSnapshot(event, people, store.history(since=since), store.invitations())
            )
            name = f"teilnehmende-{day.isoformat()}.csv"
            if len(self.config.events) > 1:
                name = f"teilnehmende-{event.id}-{day.isoformat()}.csv"
            csv = to_csv([attendee_row(p) for p in people], language, zone).encode("utf-8")
            attachments.append(Attachment(name, "text", "csv", csv))
        about = {event.id for event in events}
        everything = len(about) == len(self.config.events)

        def covered(item: ReviewItem | FailedSend) -> bool:
            """With ``--event``: that event's items, and those the bot could not tie to one."""
            return everything or item.event_id is None or item.event_id in about

        snapshot = Snapshot(
            sections,
            [i for i in self.store.review_items() if covered(i)],
            [f for f in self.store.failed_sends() if covered(f)],
            since,
            closed=[
                *(i for i in self.store.review_items(closed_since=since or EVER) if covered(i)),
                *(f for f in self.store.failed_sends(closed_since=since or EVER) if covered(f)),
            ],
            limit_hits=self.store.limit_hits(since),
        )
        values = digest_context(self.config, snapshot, day, now, self._template_problems())
        return values, tuple(attachments)

    def _template_problems(self) -> dict[str, str]:
        """Broken edits in the bot's templates and in every event's own folder."""
        problems = dict(self.templates(None).problems)
        for event in self.config.events:
            if event.templates is not None:
                for path, problem in self.templates(event).problems.items():
                    problems[f"{event.id}/{path}"] = problem
        return problems

    def queue_digest(
        self,
        now: datetime,
        day: date,
        scheduled: bool,
        events: Sequence[EventSettings] | None = None,
    ) -> int:
        """Queue the digest to every recipient: once per day when scheduled, else right now."""
        covered = events or self.config.events
        about = "+".join(event.id for event in covered)
        tag = day.isoformat() if scheduled else f"now-{uuid.uuid4().hex[:8]}"
        keys = {to: f"digest:{about}:{tag}:{to}" for to in self.config.digest_recipients}
        with self.store.transaction() as tx:
            if scheduled and all(tx.is_queued(key) for key in keys.values()):
                return 0
        values, attachments = self._digest_values(now, day, covered)
        queued = 0
        with self.store.transaction() as tx:
            for to, key in keys.items():
                queued += mail(
                    tx,
                    self.config,
                    None,
                    self.templates(None),
                    Recipient(to, self.config.bot.language),
                    Purpose.DIGEST,
                    now,
                    values=values,
                    attachments=attachments,
                    dedupe_key=key,
                )
        return queued
