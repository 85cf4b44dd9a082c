"""The rows the store hands out, as frozen values: what organizers and the planner read."""

from __future__ import annotations

import json
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
from mailbot.domain.names import parse_name


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
