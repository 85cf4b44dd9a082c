"""The rows the store hands out, as frozen values: what organizers and the planner read."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mailbot.domain.model import (
    Attendee,
    AttendeeStatus,
    Channel,
    Invitee,
    OfferState,
    OutboxStatus,
    Outcome,
    Purpose,
)
from mailbot.domain.names import PersonName, parse_name


@dataclass(frozen=True)
class Location:
    """Where a message sits on the IMAP server; stable while UIDVALIDITY is."""

    mailbox: str
    uidvalidity: int
    uid: int


@dataclass(frozen=True)
class MessageRecord:
    location: Location
    message_key: str
    sender: str | None
    subject: str
    sent_at: datetime | None
    kind: str | None
    rule: str | None
    outcome: Outcome
    reason: str
    needs_review: bool
    event_id: str | None = None  # the event it was found to be about


@dataclass(frozen=True)
class Arrival:
    """What the store knows of a message as it arrives, read in one statement: whether it was
    handled before, and the counts its answer is weighed against."""

    recorded: bool  # this location was handled already
    first_copy_for_review: bool | None  # None: a new mail; else whether its first copy was left
    answers_this_hour: int  # answers to inbound mail queued in the last hour, to anyone
    answers_to_domain_this_hour: int  # … to the sender's domain
    listed_events: frozenset[str]  # the events whose invitation list is here


@dataclass(frozen=True)
class BotMail:
    """One of the bot's mails that an inbound message answers (its References name it)."""

    purpose: Purpose
    to_address: str
    event_id: str | None
    cause_kind: str | None  # the kind of the message the bot was answering with it


@dataclass(frozen=True)
class BotMails:
    """The bot's mails one message answers, read once; each question about them answered here."""

    mails: tuple[BotMail, ...] = ()

    def purposes(self, email: str, event_id: str | None = None) -> frozenset[Purpose]:
        """Purposes of those mails *to this address*: about one event (what proves the person
        in it), or with no event about any event or none (what the message answers)."""
        return frozenset(
            m.purpose
            for m in self.mails
            if m.to_address == email and (event_id is None or m.event_id == event_id)
        )

    def events(self) -> frozenset[str]:
        """The events of those mails, to anyone."""
        return frozenset(m.event_id for m in self.mails if m.event_id is not None)

    def invitation_to(self) -> str | None:
        """The address an invitation went to, if the message answers one."""
        return next((m.to_address for m in self.mails if m.purpose is Purpose.INVITATION), None)

    def asked_which_event(self, email: str) -> str | None:
        """The kind of the message that made the bot ask this address "which event?", if the
        message answers that question."""
        return next(
            (
                m.cause_kind
                for m in self.mails
                if m.purpose is Purpose.WHICH_EVENT and m.to_address == email and m.cause_kind
            ),
            None,
        )


@dataclass(frozen=True)
class Listing:
    """One person's line in an event's invitation list."""

    name: str | None
    organisation: str | None
    salutation: str | None
    role: str | None
    title: str | None
    first_name: str | None
    last_name: str | None

    def fields(self) -> dict[str, str]:
        """Name, organisation, salutation and role, where the list gives them."""
        given = {
            "name": self.name,
            "organisation": self.organisation,
            "salutation": self.salutation,
            "role": self.role,
        }
        return {k: v for k, v in given.items() if v}

    def person_name(self) -> PersonName | None:
        """The name as the list split it, if the list named the person."""
        if not self.last_name:
            return None
        return parse_name(
            None,
            salutation=self.salutation,
            title=self.title,
            first_name=self.first_name,
            last_name=self.last_name,
        )


@dataclass(frozen=True)
class Person:
    """What the store holds about one address in the events asked about, read once per
    message: their answer (``Attendee``) and their invitation-list line, by event."""

    attendees: Mapping[str, Attendee]
    listings: Mapping[str, Listing]

    def holds_place_in(self) -> frozenset[str]:
        """The events where this address is registered or waiting."""
        return frozenset(e for e, a in self.attendees.items() if a.status.holds_place)


@dataclass(frozen=True)
class OutboxMail:
    id: int
    message_id: str
    purpose: Purpose
    to_address: str
    raw: bytes
    attempts: int
    status: OutboxStatus = OutboxStatus.PENDING
    claimed_by: str | None = None
    channel: Channel = Channel.SMTP


@dataclass(frozen=True)
class ReviewItem:
    """A message left for a human (id ``m<row>``) or a mail that could not be sent (``s<row>``)."""

    id: str
    sender: str | None
    subject: str
    date: datetime | None
    message_id: str
    kind: str | None  # what the bot took it for; "failed send" for mail it could not send
    reason: str
    processed_at: datetime  # when the bot received it (or queued the mail that failed)
    outcome: str = ""
    closed_at: datetime | None = None
    note: str | None = None
    retry: bool = False  # asked to be handled again by the next cycle
    event_id: str | None = None  # the event it is about; None: the bot could not tell

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


@dataclass(frozen=True)
class Change:
    email: str
    at: datetime
    old_status: str | None
    new_status: str | None
    what: str
    cause: str


@dataclass(frozen=True)
class Announcement:
    """What attendees were last told about the event's time and place."""

    sequence: int
    title: str
    starts: datetime
    ends: datetime
    location: str


@dataclass(frozen=True)
class FailedSend:
    to_address: str
    purpose: Purpose
    message_id: str
    error: str
    created_at: datetime
    id: str = ""  # the review item's id, s<row>
    closed_at: datetime | None = None
    note: str | None = None
    event_id: str | None = None  # the event the mail is about; None: the digest, a test …


def attendee_from(row: Any) -> Attendee:
    return Attendee(
        email=row.email,
        name=row.name,
        organisation=row.organisation,
        role=row.role,
        dietary=row.dietary,
        language=row.language,
        status=AttendeeStatus(row.status),
        registered_at=row.registered_at,
        updated_at=row.updated_at,
        bounced_at=row.bounced_at,
        offer_expires_at=row.offer_expires_at,
        offer_state=OfferState(row.offer_state) if row.offer_state else None,
        salutation=row.salutation,
        title=row.title,
        first_name=row.first_name,
        last_name=row.last_name,
    )


@dataclass(frozen=True)
class Invitation:
    """One person on the invitation list and what became of their invitation."""

    invitee: Invitee
    invited_at: datetime | None  # when the invitation was sent (None: queued, not yet sent)
    bounced_at: datetime | None
    answer: AttendeeStatus | None  # their status once they answered
    followed_up_at: datetime | None
    invitation_id: str | None  # the invitation's Message-ID, for the follow-up's thread

    @property
    def state(self) -> str:
        """answered, bounced, not answered, or queued (the invitation is not sent yet)."""
        if self.answer is not None:
            return "answered"
        if self.bounced_at is not None:
            return "bounced"
        return "not answered" if self.invited_at is not None else "queued"


def invitee_from(row: Any) -> Invitee:
    extra = json.loads(row.extra or "{}")
    name = parse_name(
        row.name,
        salutation=row.salutation,
        title=row.title,
        first_name=row.first_name,
        last_name=row.last_name,
    )
    return Invitee(
        row.email,
        row.name or "",
        row.organisation or "",
        row.language or "",
        extra,
        name,
        row.role or "",
    )
