"""The rows the store hands out, as frozen values: what organizers and the planner read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mailbot.domain.model import (
    Attendee,
    AttendeeStatus,
    Channel,
    OfferState,
    OutboxStatus,
    Outcome,
    Purpose,
)


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
    sender: str | None
    subject: str
    date: datetime | None
    message_id: str
    kind: str | None
    reason: str
    processed_at: datetime


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
    )
