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

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime

from mailbot.domain.model import (
    Attendee,
    AttendeeStatus,
    InboundMessage,
    OfferState,
    Outcome,
    Purpose,
    ReplyKind,
    Understanding,
)
from mailbot.domain.seats import Seats


@dataclass(frozen=True)
class Situation:
    """What the store and the config know that bears on this message."""

    attendee: Attendee | None
    duplicate: bool  # the same Message-ID was handled before
    answered_purposes: frozenset[
        Purpose
    ]  # purposes of bot mails to this sender the message answers
    seats: Seats  # taken by registered people and by open waiting-list offers
    required: tuple[str, ...] = ()  # fields a registration must have before it is confirmed
    now: datetime | None = None
    closed: bool = False  # past the registration deadline
    replies_today: int = 0  # mail the bot sent this address in the last 24 hours
    reply_limit: int | None = None  # at most this many a day; then one notice, then silence
    sender_verified: bool = True  # False where the receiving server says DMARC failed


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    reason: str
    new_status: AttendeeStatus | None = None
    fields: dict[str, str] = field(default_factory=dict)
    replies: tuple[Purpose, ...] = ()
    offer_state: OfferState | None = None  # the person's waiting-list offer becomes this
    review_note: str | None = None  # acted on, and also shown in `review list`, saying why
    missing: tuple[str, ...] = ()  # required fields still unknown, for the request template
    bounced: tuple[str, ...] = ()  # addresses a bounce says are undeliverable


def decide(msg: InboundMessage, understood: Understanding, situation: Situation) -> Decision:
    decision = _limited(_decide(msg, understood, situation), situation)
    if understood.kind.is_automated or decision.outcome is not Outcome.ACTED:
        return decision
    notes = [decision.review_note] if decision.review_note else []
    if understood.has_question:
        notes.append("the message also asks a question")
    if understood.mentions:
        notes.append(
            "it names another person, not registered automatically: "
            + ", ".join(understood.mentions)
        )
    return dataclasses.replace(decision, review_note="; ".join(notes) or None)


def without_event(situation: Situation, reason: str, ask: bool) -> Decision:
    """A person's message that belongs to no one event: ask which, or leave it for a human."""
    if situation.duplicate:
        return Decision(Outcome.DUPLICATE, "this Message-ID was handled before")
    limit = situation.reply_limit
    if ask and limit is not None and situation.replies_today >= limit:
        # the reply-limit notice is about an event; this sender's is not known
        ask, reason = False, f"{reason}; reply limit of {limit} a day reached: not asked"
    if not ask:
        return Decision(Outcome.REVIEW, reason)
    return Decision(Outcome.ACTED, f"{reason}: asked which", replies=(Purpose.WHICH_EVENT,))


def _limited(decision: Decision, situation: Situation) -> Decision:
    """Mailman's rule: a few answers a day per address, then one notice, then nothing."""
    limit = situation.reply_limit
    if limit is None or not decision.replies or situation.replies_today < limit:
        return decision
    if situation.replies_today == limit:
        replies: tuple[Purpose, ...] = (Purpose.REPLY_LIMIT,)
        note = f"reply limit of {limit} a day reached: sent one notice instead"
    else:
        replies = ()
        note = f"reply limit of {limit} a day reached: not answered"
    return dataclasses.replace(decision, replies=replies, review_note=note)


def _decide(msg: InboundMessage, understood: Understanding, situation: Situation) -> Decision:
    if situation.duplicate:
        return Decision(Outcome.DUPLICATE, "this Message-ID was handled before")
    kind = understood.kind
    if kind.is_automated:
        if not understood.certain:
            return Decision(Outcome.REVIEW, f"{kind.value}? never answered: {understood.reason}")
        return Decision(
            Outcome.IGNORED,
            f"{kind.value}: never answered ({understood.reason})",
            bounced=msg.bounced if kind is ReplyKind.BOUNCE else (),
        )
    answered = situation.answered_purposes
    attendee = situation.attendee
    if (
        Purpose.WAITLIST_OFFER in answered
        and attendee is not None
        and attendee.status is AttendeeStatus.WAITLISTED
    ):
        return _answer_to_offer(understood, situation, attendee)
    if Purpose.CANCELLATION_REQUEST in answered:
        return _answer_to_cancellation_request(understood, situation)
    holds_place = situation.attendee is not None and situation.attendee.status.holds_place
    if (
        Purpose.MISSING_INFORMATION in answered
        and holds_place
        and kind not in (ReplyKind.DECLINE, ReplyKind.CANCELLATION)
    ):
        return _completion(msg, understood, situation)
    if kind is ReplyKind.REGISTRATION:
        return _registration(understood, situation)
    if kind is ReplyKind.DECLINE:
        return _decline(understood, situation)
    if kind is ReplyKind.CANCELLATION:
        return _cancellation(understood, situation)
    return Decision(Outcome.REVIEW, f"{kind.value}: {understood.reason}")


def _stored_fields(understood: Understanding, attendee: Attendee | None) -> dict[str, str]:
    """What the person wrote in a form always wins; guesses only fill what we do not know."""
    values = {}
    for name, found in understood.fields.items():
        if found.source == "form" or attendee is None or getattr(attendee, name) is None:
            values[name] = found.value
    return values


def _missing(situation: Situation, fields: dict[str, str]) -> tuple[str, ...]:
    attendee = situation.attendee
    return tuple(
        name
        for name in situation.required
        if not fields.get(name) and not (attendee and getattr(attendee, name))
    )


def _answer_to_offer(
    understood: Understanding, situation: Situation, attendee: Attendee
) -> Decision:
    """The answer to "a seat has become free": yes takes it, no passes it on."""
    kind = understood.kind
    if kind in (ReplyKind.DECLINE, ReplyKind.CANCELLATION) or understood.says_keep:
        return Decision(
            Outcome.ACTED,
            "declined the offered seat",
            AttendeeStatus.DECLINED,
            {},
            (Purpose.DECLINED,),
            offer_state=OfferState.DECLINED,
        )
    if kind is ReplyKind.QUESTION:
        return Decision(Outcome.REVIEW, "question in answer to a waiting-list offer")
    if situation.now is None or not attendee.offer_open(situation.now):
        return Decision(
            Outcome.REVIEW,
            "accepted a waiting-list offer that had expired or was "
            "never made; an organizer decides (mailbot admit)",
        )
    return Decision(
        Outcome.ACTED,
        "accepted the offered seat",
        AttendeeStatus.REGISTERED,
        _stored_fields(understood, attendee),
        (Purpose.CONFIRMATION,),
        offer_state=OfferState.ACCEPTED,
    )


def _registration(understood: Understanding, situation: Situation) -> Decision:
    attendee = situation.attendee
    fields = _stored_fields(understood, attendee)
    missing = _missing(situation, fields)
    if attendee is not None and attendee.status.holds_place:
        changed = {k: v for k, v in fields.items() if getattr(attendee, k) != v}
        if not changed:
            # Saying yes again changes nothing, and answering it would let an autoresponder that
            # uses the word "Anmeldung" keep a conversation going forever.
            return Decision(Outcome.IGNORED, f"already {attendee.status.value}; nothing new")
        if attendee.status is AttendeeStatus.WAITLISTED:
            reply = Purpose.WAITLISTED
        else:
            reply = Purpose.MISSING_INFORMATION if missing else Purpose.CONFIRMATION
        return Decision(
            Outcome.ACTED,
            f"already {attendee.status.value}; details updated",
            None,
            changed,
            (reply,),
            missing=missing,
        )
    if situation.closed:
        return Decision(
            Outcome.ACTED,
            "registration after the deadline: answered 'closed'",
            None,
            {},
            (Purpose.REGISTRATION_CLOSED,),
            review_note="registration after the deadline (mailbot admit to let in)",
        )
    if situation.seats.full:
        return Decision(
            Outcome.ACTED,
            "registration, but all seats are taken: waiting list",
            AttendeeStatus.WAITLISTED,
            fields,
            (Purpose.WAITLISTED,),
        )
    if missing:
        return Decision(
            Outcome.ACTED,
            f"registered; asked for {', '.join(missing)}",
            AttendeeStatus.REGISTERED,
            fields,
            (Purpose.MISSING_INFORMATION,),
            missing=missing,
        )
    return Decision(
        Outcome.ACTED, "registered", AttendeeStatus.REGISTERED, fields, (Purpose.CONFIRMATION,)
    )


def _completion(msg: InboundMessage, understood: Understanding, situation: Situation) -> Decision:
    """The answer to "please tell us your organisation": a form line, or just the value."""
    fields = {
        name: found.value for name, found in understood.fields.items() if found.source == "form"
    }
    missing = _missing(situation, fields)
    lines = [line.strip() for line in msg.new_text.splitlines() if line.strip()]
    if len(missing) == 1 and not fields and len(lines) == 1 and len(lines[0]) <= 120:
        fields = {missing[0]: lines[0].rstrip(".")}
        missing = ()
    if not fields:
        return Decision(
            Outcome.REVIEW,
            f"answer to a request for missing details, but no value for {', '.join(missing)} found",
        )
    if missing:
        return Decision(
            Outcome.ACTED,
            f"details updated; still missing {', '.join(missing)}",
            None,
            fields,
            (Purpose.MISSING_INFORMATION,),
            missing=missing,
        )
    return Decision(
        Outcome.ACTED,
        "registration completed with the missing details",
        None,
        fields,
        (Purpose.CONFIRMATION,),
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
    if situation.answered_purposes and situation.sender_verified:
        return Decision(
            Outcome.ACTED,
            "cancelled in a thread the bot started with this address",
            AttendeeStatus.CANCELLED,
            {},
            (Purpose.CANCELLED,),
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
            "kept the seat: answered the cancellation request with no",
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
