"""What organizers do by hand: let someone in, cancel someone, look a person up, announce a
change of time or place, send themselves a template as a test. Every change is recorded in the
person's history with who did it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from mailbot.compose.template_check import sample_context
from mailbot.compose.templates import Templates
from mailbot.config import ATTENDEE_FIELDS, Config, EventSettings
from mailbot.domain.limits import bounded_field
from mailbot.domain.model import Attendee, AttendeeStatus, OfferState, Purpose, Recipient
from mailbot.errors import MailbotError
from mailbot.outbox.enqueue import mail
from mailbot.store.database import Store
from mailbot.store.records import Announcement, Change, Invitation
from mailbot.store.transaction import NAME_PARTS
from mailbot.understand.parse import clean_line


class UnknownPersonError(MailbotError):
    """An organizer named an address nobody has answered from."""


@dataclass(frozen=True)
class Person:
    attendee: Attendee | None  # None: invited, no answer yet
    history: list[Change]
    invitation: Invitation | None = None


def show(store: Store, email: str) -> Person:
    address = email.strip().lower()
    with store.transaction() as tx:
        attendee = tx.attendee(address)
    invitation = next((i for i in store.invitations() if i.invitee.email == address), None)
    if attendee is None and invitation is None:
        raise UnknownPersonError(f"{email}: neither invited nor answered")
    return Person(attendee, store.history(address), invitation)


def set_status(
    config: Config,
    event: EventSettings,
    store: Store,
    templates: Templates,
    email: str,
    status: AttendeeStatus,
    actor: str,
    now: datetime,
    notify: bool,
) -> Attendee:
    """``mailbot admit`` and ``mailbot cancel``: the organizer's word, mail to the person."""
    address = email.strip().lower()
    if "@" not in address:
        raise MailbotError(f"{email}: not an email address")
    purpose = Purpose.CONFIRMATION if status is AttendeeStatus.REGISTERED else Purpose.CANCELLED
    with store.transaction() as tx:
        current = tx.attendee(address)
        if current is None and status is not AttendeeStatus.REGISTERED:
            raise UnknownPersonError(f"{email}: nobody with this address has answered")
        language = current.language if current else config.bot.language
        cause = f"mailbot {'admit' if status.holds_place else 'cancel'} by {actor}"
        tx.save_attendee(address, status, {}, language, now, cause)
        tx.close_reviews_of(address, cause, now)
        if current is not None and current.offer_state is OfferState.OPEN:
            tx.set_offer(
                address, OfferState.ACCEPTED if status.holds_place else OfferState.DECLINED
            )
        attendee = tx.attendee(address)
        assert attendee is not None
        if notify:
            mail(tx, config, event, templates, attendee, purpose, now)
    return attendee


def announcement_of(event: EventSettings, sequence: int) -> Announcement:
    """What attendees are told about the event when the config says this."""
    return Announcement(sequence, event.title, event.starts, event.ends, event.location)


def event_changes(config: Config, event: EventSettings, announced: Announcement) -> list[str]:
    """What attendees were told and the config no longer says, in words for the notice."""
    zone = config.bot.timezone
    changes = []
    if event.starts != announced.starts or event.ends != announced.ends:
        old = announced.starts.astimezone(zone)
        changes.append(
            f"{old:%d.%m.%Y %H:%M}–{announced.ends.astimezone(zone):%H:%M} → "
            f"{event.starts:%d.%m.%Y %H:%M}–{event.ends:%H:%M}"
        )
    if event.location != announced.location:
        changes.append(f"{announced.location} → {event.location}")
    if event.title != announced.title:
        changes.append(f"{announced.title} → {event.title}")
    return changes


def notify_change(
    config: Config, event: EventSettings, store: Store, templates: Templates, now: datetime
) -> tuple[list[str], int]:
    """Announce what changed to everyone who holds or waits for a seat (offer holders are on
    the waiting list): same calendar UID, next SEQUENCE for the registered."""
    announced = store.announcement()
    if announced is None:
        store.announce(announcement_of(event, 0), now)
        return [], 0
    changes = event_changes(config, event, announced)
    if not changes:
        return changes, 0
    sequence = announced.sequence + 1
    queued = 0
    with store.transaction() as tx:
        tx.set_announcement(announcement_of(event, sequence), now)
        for person in [*tx.registered(), *tx.waiting_list()]:
            key = f"change:{event.id}:{sequence}:{person.email}"
            if mail(
                tx,
                config,
                event,
                templates,
                person,
                Purpose.CHANGE_NOTICE,
                now,
                dedupe_key=key,
                values={"changes": changes},
            ):
                queued += 1
    return changes, queued


def edit(
    config: Config, store: Store, email: str, settings: list[str], actor: str, now: datetime
) -> Attendee:
    """``mailbot edit EMAIL --set organisation=…``: fix details by hand, recorded."""
    fields: dict[str, str] = {}
    editable = (*ATTENDEE_FIELDS, *NAME_PARTS)
    for setting in settings:
        name, sep, value = setting.partition("=")
        name = name.strip().lower()
        if not sep or name not in editable:
            raise MailbotError(
                f"--set {setting}: expected FIELD=VALUE with FIELD one of {', '.join(editable)}"
            )
        value = clean_line(value)
        if bounded_field(name, value) != value:
            raise MailbotError(f"--set {name}=…: longer than a {name} may be")
        fields[name] = value
    with store.transaction() as tx:
        current = tx.attendee(email.strip().lower())
        if current is None:
            raise UnknownPersonError(f"{email}: nobody with this address has answered")
        cause = f"mailbot edit by {actor}"
        tx.save_attendee(current.email, None, fields, current.language, now, cause)
        tx.close_reviews_of(current.email, cause, now)
        changed = tx.attendee(current.email)
    assert changed is not None
    return changed


def forget(store: Store, email: str) -> bool:
    """``mailbot forget EMAIL`` (GDPR Art. 17): personal data gone, counts kept."""
    with store.transaction() as tx:
        return tx.forget(email.strip().lower())


def queue_test_send(
    config: Config,
    store: Store,
    templates: Templates,
    template: str,
    language: str,
    to: str,
    now: datetime,
) -> None:
    """``templates preview --to``: the template with sample data, marked [TEST]."""
    with store.transaction() as tx:
        mail(
            tx,
            config,
            None,
            templates,
            Recipient(to.strip(), language),
            Purpose.TEST_SEND,
            now,
            template=template,
            values=sample_context(config, template, language, now),
        )
