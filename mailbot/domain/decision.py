"""What to do about one understood message, given what the store knows: a pure decision.

The decision names the new status, the fields to store and the replies to queue; the worker
applies it in one transaction. Nothing here does I/O, so every branch is tested without a
database or a mail server.

Who may change a registration: only mail that answers a thread the bot started with that very
address (its In-Reply-To/References carry an unguessable Message-ID the bot generated for that
address), from a sender the receiving server did not find forged. Anything else gets a request
sent to the registered address, which repeats nothing of the triggering mail; only an explicit
answer to it acts, and anything else ("Das war ich nicht!") goes to a human. So nobody can cancel
someone else or change their details by forging a From: line. A stranger who was not invited and
writes outside any thread of the bot confirms their own address first (double opt-in).
"""

from __future__ import annotations

import dataclasses
import re
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
    replies_today: int = 0  # mail the bot sent this mailbox (however spelt) in the last 24 hours
    reply_limit: int | None = None  # at most this many a day; then one notice, then silence
    domain_replies_this_hour: int = 0  # answers to the sender's domain in the last hour
    domain_limit: int | None = None
    replies_this_hour: int = 0  # answers to anyone in the last hour
    hourly_limit: int | None = None
    sender_verified: bool = True  # False where the receiving server says DMARC failed
    # a new registration must be confirmed by reply first: a sender not invited, writing outside
    # any thread of the bot, where the config asks for that ([event] confirm_unsolicited)
    unsolicited: bool = False
    stand_in_for: str | None = None  # the invitee whose invitation another address answers
    returned_to: frozenset[str] = frozenset()  # where the bot's mail a bounce returns went

    @property
    def proven(self) -> bool:
        """The message answers the bot's own mail to this address: the sender is that person."""
        return bool(self.answered_purposes) and self.sender_verified


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
    limit_hit: str | None = None  # "mailbox", "domain" or "hour": which limit held a reply back


def decide(msg: InboundMessage, understood: Understanding, situation: Situation) -> Decision:
    decision = _limited(_decide(msg, understood, situation), situation)
    if understood.kind.is_automated or decision.outcome not in (Outcome.ACTED, Outcome.IGNORED):
        return decision
    notes = [decision.review_note] if decision.review_note else []
    if understood.has_question:
        notes.append("the message also asks a question")
    if understood.mentions:
        notes.append(
            "it names another person, not registered automatically: "
            + ", ".join(understood.mentions)
        )
    if decision.outcome is Outcome.IGNORED:
        # "Ich bin dabei. Gibt es Parkplätze?" from someone registered: nothing to do for the
        # bot, but the question must reach a person
        if not notes:
            return decision
        return dataclasses.replace(
            decision, outcome=Outcome.REVIEW, reason=f"{decision.reason}; {'; '.join(notes)}"
        )
    return dataclasses.replace(decision, review_note="; ".join(notes) or None)


def without_event(situation: Situation, reason: str, ask: bool) -> Decision:
    """A person's message that belongs to no one event: ask which, or leave it for a human.

    The question counts against the same limits as every answer; where one holds it back, a
    human reads the message (the reply-limit notice speaks of an event this one has none of).
    """
    if situation.duplicate:
        return Decision(Outcome.DUPLICATE, "this Message-ID was handled before")
    if not ask:
        return Decision(Outcome.REVIEW, reason)
    asked = _limited(
        Decision(Outcome.ACTED, f"{reason}: asked which", replies=(Purpose.WHICH_EVENT,)),
        situation,
    )
    if asked.limit_hit is None:
        return asked
    held = asked.review_note or ""
    if asked.limit_hit == "mailbox":
        held = f"reply limit of {situation.reply_limit} a day reached: not asked"
    return Decision(Outcome.REVIEW, f"{reason}; {held}", limit_hit=asked.limit_hit)


def _limited(decision: Decision, situation: Situation) -> Decision:
    """Mailman's rule: a few answers a day per mailbox, then one notice, then nothing; and no
    more than so many answers an hour to one domain and to everyone, so that nobody can turn the
    bot into a mail cannon by writing in other people's names."""
    if not decision.replies:
        return decision
    hour = situation.hourly_limit
    if hour is not None and situation.replies_this_hour >= hour:
        note = f"limit of {hour} answers an hour reached: not answered"
        return dataclasses.replace(decision, replies=(), review_note=note, limit_hit="hour")
    domain = situation.domain_limit
    if domain is not None and situation.domain_replies_this_hour >= domain:
        note = f"limit of {domain} answers an hour to one domain reached: not answered"
        return dataclasses.replace(decision, replies=(), review_note=note, limit_hit="domain")
    limit = situation.reply_limit
    if limit is None or situation.replies_today < limit:
        return decision
    if situation.replies_today == limit:
        replies: tuple[Purpose, ...] = (Purpose.REPLY_LIMIT,)
        note = f"reply limit of {limit} a day reached: sent one notice instead"
    else:
        replies = ()
        note = f"reply limit of {limit} a day reached: not answered"
    return dataclasses.replace(decision, replies=replies, review_note=note, limit_hit="mailbox")


def _decide(msg: InboundMessage, understood: Understanding, situation: Situation) -> Decision:
    if situation.duplicate:
        return Decision(Outcome.DUPLICATE, "this Message-ID was handled before")
    kind = understood.kind
    if kind.is_automated:
        if not understood.certain:
            return Decision(Outcome.REVIEW, f"{kind.value}? never answered: {understood.reason}")
        if kind is ReplyKind.BOUNCE:
            return _bounce(msg, understood, situation)
        return Decision(Outcome.IGNORED, f"{kind.value}: never answered ({understood.reason})")
    if situation.stand_in_for is not None:
        return Decision(
            Outcome.REVIEW,
            f"{kind.value} from another address in the thread of {situation.stand_in_for}'s "
            "invitation: not registered as a new person; an organizer decides",
        )
    answered = situation.answered_purposes
    attendee = situation.attendee
    if Purpose.REGISTRATION_REQUEST in answered and situation.proven:
        return _answer_to_registration_request(msg, understood, situation)
    if (
        Purpose.WAITLIST_OFFER in answered
        and attendee is not None
        and attendee.status is AttendeeStatus.WAITLISTED
    ):
        return _answer_to_offer(understood, situation, attendee)
    if Purpose.CANCELLATION_REQUEST in answered and situation.proven:
        return _answer_to_cancellation_request(msg, understood, situation)
    holds_place = situation.attendee is not None and situation.attendee.status.holds_place
    if (
        Purpose.CHANGE_REQUEST in answered
        and situation.proven
        and holds_place
        and kind not in (ReplyKind.DECLINE, ReplyKind.CANCELLATION)
    ):
        return _answer_to_change_request(understood, situation)
    if (
        Purpose.MISSING_INFORMATION in answered
        and situation.proven
        and holds_place
        and kind not in (ReplyKind.DECLINE, ReplyKind.CANCELLATION)
    ):
        return _completion(msg, understood, situation)
    if kind is ReplyKind.UNCLEAR and (understood.ask or Purpose.CLARIFICATION in answered):
        return _ask_back(understood, situation)
    if kind is ReplyKind.REGISTRATION:
        return _registration(understood, situation)
    if kind is ReplyKind.DECLINE:
        return _decline(understood, situation)
    if kind is ReplyKind.CANCELLATION:
        return _cancellation(understood, situation)
    return Decision(Outcome.REVIEW, f"{kind.value}: {understood.reason}")


def _ask_back(understood: Understanding, situation: Situation) -> Decision:
    """Unclear, but plausibly the sender's own yes or no: ask them once in their thread.

    Only in a thread the bot started (so the sender is a person who got our mail), never a
    second time in one conversation: an answer that is still unclear goes to a human.
    """
    answered = situation.answered_purposes
    if Purpose.CLARIFICATION in answered:
        return Decision(
            Outcome.REVIEW, f"still unclear after asking back once: {understood.reason}"
        )
    if not answered:
        return Decision(
            Outcome.REVIEW, f"unclear, and not in a thread of ours: {understood.reason}"
        )
    return Decision(
        Outcome.ACTED,
        f"unclear, so the sender is asked: {understood.reason}",
        None,
        {},
        (Purpose.CLARIFICATION,),
    )


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
    if kind is not ReplyKind.REGISTRATION:
        return Decision(
            Outcome.REVIEW, f"unclear answer to a waiting-list offer: {understood.reason}"
        )
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
        if not situation.proven:
            return Decision(
                Outcome.ACTED,
                "new details, but not in a thread the bot started with this address: "
                "asked the registered address to send them in answer",
                None,
                {},
                (Purpose.CHANGE_REQUEST,),
            )
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
    if understood.details_only:
        # "Stephan mit ph" in answer to an old confirmation, after cancelling: the person
        # corrects a registration that no longer holds a place; taking the seat again is theirs
        # to say, not ours to guess
        return Decision(
            Outcome.REVIEW,
            "corrects the details of a registration that holds no place: a human decides",
        )
    if situation.unsolicited or not situation.sender_verified:
        return Decision(
            Outcome.ACTED,
            "registration from an address that was not invited, outside any thread of the bot: "
            "asked that address to confirm first",
            None,
            {},
            (Purpose.REGISTRATION_REQUEST,),
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


# Where a value the sender wrote in answer to "Uns fehlen noch Angaben" came from.
_OWN_WORDS = ("form", "sentence", "line")


def _completion(msg: InboundMessage, understood: Understanding, situation: Situation) -> Decision:
    """The answer to "please tell us your organisation": a form line, or just the value."""
    fields = {
        name: found.value
        for name, found in understood.fields.items()
        if found.source in _OWN_WORDS and (name in situation.required or not situation.required)
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
    if situation.proven:
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


_YES = re.compile(
    r"^\W*(ja|jawohl|yes|yep|ok|okay|bestätigt|bestätige|confirmed?|richtig|genau|stimmt|"
    r"correct)\b",
    re.I,
)
_NO = re.compile(r"\b(nicht|nichts|nein|kein\w*|no|not|never|nie|niemals)\b", re.I)


def explicit_yes(text: str) -> bool:
    """A short answer that begins with yes, asks and denies nothing: "Ja", "Ja, das war ich"."""
    said = " ".join(text.split())
    return len(said) <= 80 and bool(_YES.match(said)) and "?" not in said and not _NO.search(said)


def _answer_to_cancellation_request(
    msg: InboundMessage, understood: Understanding, situation: Situation
) -> Decision:
    """Only "yes, cancel" cancels; "no" keeps the seat; anything else goes to a human."""
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
    if understood.kind in (ReplyKind.CANCELLATION, ReplyKind.DECLINE) or explicit_yes(msg.new_text):
        return Decision(
            Outcome.ACTED,
            "cancellation confirmed by answering the request",
            AttendeeStatus.CANCELLED,
            {},
            (Purpose.CANCELLED,),
        )
    return Decision(
        Outcome.REVIEW,
        "answer to a cancellation request that says neither yes nor no: the seat stays; "
        "an organizer reads it",
    )


def _answer_to_registration_request(
    msg: InboundMessage, understood: Understanding, situation: Situation
) -> Decision:
    """The double opt-in: "yes" (or a registration) from the address itself registers."""
    if understood.kind is ReplyKind.REGISTRATION or (
        understood.kind is ReplyKind.UNCLEAR and explicit_yes(msg.new_text)
    ):
        return _registration(understood, dataclasses.replace(situation, unsolicited=False))
    if understood.kind in (ReplyKind.DECLINE, ReplyKind.CANCELLATION) or understood.says_keep:
        return Decision(Outcome.IGNORED, "did not confirm the registration request: nothing done")
    return Decision(
        Outcome.REVIEW,
        "answer to a registration request that says neither yes nor no: an organizer reads it",
    )


def _answer_to_change_request(understood: Understanding, situation: Situation) -> Decision:
    """The person's own answer to "send us your new details": what it says is taken."""
    attendee = situation.attendee
    assert attendee is not None
    fields = {
        name: found.value
        for name, found in understood.fields.items()
        if found.source in ("form", "vCard") and getattr(attendee, name) != found.value
    }
    if not fields:
        return Decision(
            Outcome.REVIEW, "answer to a request for new details, but no details found in it"
        )
    missing = _missing(situation, fields)
    return Decision(
        Outcome.ACTED,
        "details changed by the person's own answer",
        None,
        fields,
        (Purpose.MISSING_INFORMATION if missing else Purpose.CONFIRMATION,),
        missing=missing,
    )


def _bounce(msg: InboundMessage, understood: Understanding, situation: Situation) -> Decision:
    """A bounce counts only for an address it proves the bot's own mail went to."""
    reason = f"bounce: never answered ({understood.reason})"
    counted = tuple(a for a in msg.bounced if a in situation.returned_to)
    unproven = [a for a in msg.bounced if a not in situation.returned_to]
    if unproven:
        return Decision(
            Outcome.REVIEW,
            reason + "; it names " + ", ".join(unproven) + " without returning the bot's mail "
            "to that address: not counted as undeliverable",
            bounced=counted,
        )
    return Decision(Outcome.IGNORED, reason, bounced=counted)
