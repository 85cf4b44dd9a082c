"""What to do about one understood message, given what the store knows: a pure decision.

The decision names the new status, the fields to store and the replies to queue; the worker
applies it in one transaction. Nothing here does I/O, so every branch is tested without a
database or a mail server.

Who may cancel: only mail that answers a thread the bot started with that very address (its
In-Reply-To/References carry an unguessable Message-ID the bot generated for that address).
Anything else gets a request to confirm, sent to the registered address, so nobody can cancel
someone else by forging a From: line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from mailbot.model import AttendeeStatus, InboundMessage, Outcome, ReplyKind, Understanding


class Purpose:
    """Why the bot sent a mail; also the name of the template it is rendered from."""

    CONFIRMATION = "confirmation"
    WAITLISTED = "waitlisted"
    DECLINED = "declined"
    CANCELLATION_REQUEST = "cancellation_request"
    CANCELLED = "cancelled"

    ALL = (CONFIRMATION, WAITLISTED, DECLINED, CANCELLATION_REQUEST, CANCELLED)


@dataclass(frozen=True)
class Attendee:
    email: str
    name: str | None
    organisation: str | None
    role: str | None
    dietary: str | None
    language: str
    status: AttendeeStatus
    registered_at: datetime | None
    updated_at: datetime


@dataclass(frozen=True)
class Situation:
    """What the store knows that bears on this message."""

    attendee: Attendee | None
    duplicate: bool  # the same Message-ID was handled before
    answered_purposes: frozenset[str]  # purposes of bot mails to this sender the message answers
    registered_count: int
    capacity: int | None


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    reason: str
    new_status: AttendeeStatus | None = None
    fields: dict[str, str] = field(default_factory=dict)
    replies: tuple[str, ...] = ()
    needs_human: bool = False  # acted on, but also shown in `review list` (e.g. a question)


def decide(msg: InboundMessage, understood: Understanding, situation: Situation) -> Decision:
    if situation.duplicate:
        return Decision(Outcome.DUPLICATE, "this Message-ID was handled before")
    kind = understood.kind
    if kind.is_automated:
        return Decision(Outcome.IGNORED, f"{kind.value}: never answered ({understood.reason})")
    if Purpose.CANCELLATION_REQUEST in situation.answered_purposes:
        return _answer_to_cancellation_request(understood, situation)
    if kind is ReplyKind.REGISTRATION:
        return _registration(understood, situation)
    if kind is ReplyKind.DECLINE:
        return _decline(understood, situation)
    if kind is ReplyKind.CANCELLATION:
        return _cancellation(understood, situation)
    return Decision(Outcome.REVIEW, f"{kind.value}: {understood.reason}")


def _stored_fields(understood: Understanding, attendee: Attendee | None) -> dict[str, str]:
    """Form values always win; the display name only fills a name we do not have yet."""
    values = {}
    for name, found in understood.fields.items():
        if found.source == "form" or attendee is None or getattr(attendee, name) is None:
            values[name] = found.value
    return values


def _registration(understood: Understanding, situation: Situation) -> Decision:
    attendee = situation.attendee
    fields = _stored_fields(understood, attendee)
    question = understood.has_question
    if attendee is not None and attendee.status.holds_place:
        reply = (
            Purpose.CONFIRMATION
            if attendee.status is AttendeeStatus.REGISTERED
            else Purpose.WAITLISTED
        )
        return Decision(
            Outcome.ACTED,
            f"already {attendee.status.value}; details updated",
            None,
            fields,
            (reply,),
            question,
        )
    full = situation.capacity is not None and situation.registered_count >= situation.capacity
    if full:
        return Decision(
            Outcome.ACTED,
            "registration, but all seats are taken: waiting list",
            AttendeeStatus.WAITLISTED,
            fields,
            (Purpose.WAITLISTED,),
            question,
        )
    return Decision(
        Outcome.ACTED,
        "registered",
        AttendeeStatus.REGISTERED,
        fields,
        (Purpose.CONFIRMATION,),
        question,
    )


def _decline(understood: Understanding, situation: Situation) -> Decision:
    attendee = situation.attendee
    if attendee is not None and attendee.status.holds_place:
        return _cancellation(understood, situation)
    if attendee is not None and attendee.status is AttendeeStatus.DECLINED:
        return Decision(Outcome.IGNORED, "declined before; nothing new to say")
    return Decision(
        Outcome.ACTED,
        "declined",
        AttendeeStatus.DECLINED,
        _stored_fields(understood, attendee),
        (Purpose.DECLINED,),
        understood.has_question,
    )


def _cancellation(understood: Understanding, situation: Situation) -> Decision:
    attendee = situation.attendee
    if attendee is None or not attendee.status.holds_place:
        if attendee is not None:
            return Decision(Outcome.IGNORED, f"already {attendee.status.value}")
        return Decision(
            Outcome.ACTED,
            "cancellation from someone not registered: declined",
            AttendeeStatus.DECLINED,
            _stored_fields(understood, None),
            (Purpose.DECLINED,),
        )
    if situation.answered_purposes:
        return Decision(
            Outcome.ACTED,
            "cancelled in a thread the bot started with this address",
            AttendeeStatus.CANCELLED,
            {},
            (Purpose.CANCELLED,),
            understood.has_question,
        )
    return Decision(
        Outcome.ACTED,
        "cancellation not in a thread the bot started with this address: "
        "asked the registered address to confirm",
        None,
        {},
        (Purpose.CANCELLATION_REQUEST,),
    )


def _answer_to_cancellation_request(understood: Understanding, situation: Situation) -> Decision:
    attendee = situation.attendee
    if attendee is None or not attendee.status.holds_place:
        return Decision(Outcome.IGNORED, "answer to a cancellation request, nothing left to cancel")
    if understood.kind is ReplyKind.REGISTRATION or understood.says_keep:
        return Decision(
            Outcome.ACTED,
            "kept the seat: answered the cancellation request with yes",
            None,
            {},
            (Purpose.CONFIRMATION,),
        )
    if understood.kind is ReplyKind.QUESTION:
        return Decision(Outcome.REVIEW, "question in answer to a cancellation request")
    return Decision(
        Outcome.ACTED,
        "cancellation confirmed by answering the request",
        AttendeeStatus.CANCELLED,
        {},
        (Purpose.CANCELLED,),
    )
