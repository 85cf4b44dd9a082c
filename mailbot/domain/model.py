"""The typed values that flow between the stages.

All frozen: a stage receives values and returns new ones, never mutates. A raw
``email.message.Message`` never appears here; ``parse`` is the only stage that sees one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from mailbot.domain.names import PersonName, parse_name


class ReplyKind(StrEnum):
    """What a message is, as far as the bot is concerned."""

    REGISTRATION = "registration"
    DECLINE = "decline"
    CANCELLATION = "cancellation"
    QUESTION = "question"
    AUTO_REPLY = "auto-reply"
    BOUNCE = "bounce"
    LIST_MAIL = "list mail"
    OWN_MAIL = "own mail"
    UNCLEAR = "unclear"

    @property
    def is_automated(self) -> bool:
        """Mail written by a machine: never answered, whatever it says."""
        return self in _AUTOMATED


_AUTOMATED = frozenset(
    {ReplyKind.AUTO_REPLY, ReplyKind.BOUNCE, ReplyKind.LIST_MAIL, ReplyKind.OWN_MAIL}
)


class AttendeeStatus(StrEnum):
    REGISTERED = "registered"
    WAITLISTED = "waitlisted"
    DECLINED = "declined"
    CANCELLED = "cancelled"

    @property
    def holds_place(self) -> bool:
        return self in (AttendeeStatus.REGISTERED, AttendeeStatus.WAITLISTED)


class Outcome(StrEnum):
    """What became of one inbound message."""

    ACTED = "acted"  # state changed and/or a reply was queued
    IGNORED = "ignored"  # automated mail or nothing to do; filed away
    REVIEW = "review"  # left for a human, with a reason
    DUPLICATE = "duplicate"  # same Message-ID seen before; no effect
    FAILED = "failed"  # the bot raised while handling it; left for a human


@dataclass(frozen=True)
class Sender:
    email: str  # lower-cased addr-spec
    display_name: str


@dataclass(frozen=True)
class InboundMessage:
    """One received mail, decoded. Every string is printable text, never raw bytes."""

    message_id: str | None
    sender: Sender | None
    subject: str
    date: datetime | None
    in_reply_to: tuple[str, ...]
    references: tuple[str, ...]
    # lower-case header name -> every value, decoded; only what the rules need
    headers: dict[str, tuple[str, ...]]
    content_type: str
    text: str  # the whole readable body, HTML converted to text
    new_text: str  # what the sender wrote, without quotes, closing and signature
    signature: str = ""  # the closing ("Mit freundlichen Grüßen …") and any "-- " signature
    calendar_reply: str | None = None  # PARTSTAT of a METHOD:REPLY calendar part
    vcard: dict[str, str] = field(default_factory=dict)  # name, organisation, role
    bounced: tuple[str, ...] = ()  # addresses a delivery report says failed
    returned: tuple[str, ...] = ()  # Message-IDs a delivery report carries back
    defects: tuple[str, ...] = ()

    def header(self, name: str) -> str:
        values = self.headers.get(name.lower(), ())
        return values[0] if values else ""

    @property
    def thread_ids(self) -> tuple[str, ...]:
        """Every Message-ID this message answers, nearest first."""
        seen: dict[str, None] = {}
        for mid in (*self.in_reply_to, *reversed(self.references)):
            seen.setdefault(mid, None)
        return tuple(seen)


@dataclass(frozen=True)
class Thread:
    """Where a message stands in the conversation, as the store knows it (the worker looks it up).

    ``answers`` is the purpose of the bot mail it replies to ("invitation", "confirmation",
    "clarification" …), None for mail that answers nothing the bot sent; ``invited`` says whether
    the sender is on the invitation list or answers an invitation. Unsolicited mail (neither)
    needs stronger words before anything is done.
    """

    answers: str | None = None
    invited: bool = False

    @property
    def unsolicited(self) -> bool:
        return self.answers is None and not self.invited


@dataclass(frozen=True)
class FieldValue:
    value: str
    source: str  # "form", "display name", ... shown by `mailbot inspect`


@dataclass(frozen=True)
class Understanding:
    """What ``classify`` made of a message: a kind, the rule that decided, and the fields."""

    kind: ReplyKind
    rule: str
    reason: str
    language: str
    fields: dict[str, FieldValue] = field(default_factory=dict)
    evidence: tuple[str, ...] = ()  # the phrases that decided, for `inspect`
    has_question: bool = False
    says_keep: bool = False  # "nein", "bitte nicht stornieren": matters only for a cancellation
    certain: bool = True  # False: a guess about a machine; shown to a human, never answered
    mentions: tuple[str, ...] = ()  # other people named in the new text: addresses, clauses
    ask: bool = False  # unclear, but plausibly the sender's own yes or no: worth asking them
    readings: tuple[str, ...] = ()  # each clause of the new text and what it contributed
    details_only: bool = False  # a registration that only corrects details, never takes a seat


class Purpose(StrEnum):
    """Why the bot sends a mail; also the name of the template it is rendered from.

    Stored with every outbox row, so a reply's In-Reply-To tells what it answers. A new kind of
    mail (a follow-up the bot sends later) is one more member here and one template.
    """

    CONFIRMATION = "confirmation"
    WAITLISTED = "waitlisted"
    DECLINED = "declined"
    CANCELLATION_REQUEST = "cancellation_request"
    CHANGE_REQUEST = "change_request"  # details changed outside the person's thread: ask them
    REGISTRATION_REQUEST = "registration_request"  # double opt-in for an uninvited stranger
    CANCELLED = "cancelled"
    MISSING_INFORMATION = "missing_information"
    REGISTRATION_CLOSED = "registration_closed"
    WAITLIST_OFFER = "waitlist_offer"
    REMINDER = "reminder"
    CHANGE_NOTICE = "change_notice"
    REPLY_LIMIT = "reply_limit"
    CLARIFICATION = "clarification"  # "do you want to register?": asked once instead of guessing
    INVITATION = "invitation"
    FOLLOW_UP = "follow_up"  # the invitation again, to those who have not answered
    WHICH_EVENT = "which_event"  # several events are open and the message names none
    DIGEST = "digest"  # to the organizers, not to an attendee
    TEST_SEND = "test_send"  # `templates preview --to`: any template, marked [TEST]

    @property
    def to_attendee(self) -> bool:
        """Mail about a person's own registration, rendered with the attendee variables."""
        return self not in (
            Purpose.INVITATION,
            Purpose.FOLLOW_UP,
            Purpose.WHICH_EVENT,
            Purpose.DIGEST,
            Purpose.TEST_SEND,
        )

    @property
    def asks_the_person(self) -> bool:
        """Sent to the address a message claims to come from, never repeating what that message
        said: only the answer, from that address and in that thread, acts."""
        return self in (
            Purpose.CANCELLATION_REQUEST,
            Purpose.CHANGE_REQUEST,
            Purpose.REGISTRATION_REQUEST,
            Purpose.WHICH_EVENT,
        )

    @property
    def has_template(self) -> bool:
        """A test send borrows the template it tests; every other purpose has its own."""
        return self is not Purpose.TEST_SEND


class OfferState(StrEnum):
    """Where a waiting-list person's offer of a free seat stands (None: never offered)."""

    OPEN = "open"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"


class OutboxStatus(StrEnum):
    """Where one outgoing mail stands."""

    PENDING = "pending"  # queued, or waiting for its next attempt
    SENDING = "sending"  # claimed by one sender; nobody else sends it
    SENT = "sent"
    FAILED = "failed"  # given up: shown by `review list` and the digest
    DISMISSED = "dismissed"  # failed, and closed by a human (`mailbot review done`)


class Channel(StrEnum):
    """How an outbox row leaves: the drain hands it to the channel of this name."""

    SMTP = "smtp"


class _Named:
    """What attendees and other recipients share: a name split for greetings and lists, as
    stored, else parsed from ``name``."""

    name: str | None
    salutation: str | None
    title: str | None
    first_name: str | None
    last_name: str | None

    @property
    def person_name(self) -> PersonName:
        return parse_name(
            self.name,
            salutation=self.salutation,
            title=self.title,
            first_name=self.first_name,
            last_name=self.last_name,
        )


@dataclass(frozen=True)
class Recipient(_Named):
    """Whoever a mail goes to: an attendee, an invitee before any answer, an organizer."""

    email: str
    language: str
    name: str | None = None
    organisation: str | None = None
    salutation: str | None = None  # "Frau", "Herr", as the person or the list gave it
    title: str | None = None
    first_name: str | None = None
    last_name: str | None = None


@dataclass(frozen=True)
class Attendee(_Named):
    email: str
    name: str | None
    organisation: str | None
    role: str | None
    dietary: str | None
    language: str
    status: AttendeeStatus
    registered_at: datetime | None
    updated_at: datetime
    bounced_at: datetime | None = None
    offer_expires_at: datetime | None = None  # a waiting-list seat is offered until then
    offer_state: OfferState | None = None
    salutation: str | None = None  # "Frau", "Herr" or "divers" (domain.names.Salutation)
    title: str | None = None  # "Dr.", "Prof. Dr."
    first_name: str | None = None
    last_name: str | None = None  # with its particles: "von der Leyen"

    @property
    def recipient(self) -> Recipient:
        return Recipient(
            self.email,
            self.language,
            self.name,
            self.organisation,
            self.salutation,
            self.title,
            self.first_name,
            self.last_name,
        )

    def offer_open(self, now: datetime) -> bool:
        return (
            self.offer_state is OfferState.OPEN
            and self.offer_expires_at is not None
            and now < self.offer_expires_at
        )


@dataclass(frozen=True)
class Invitee:
    """A person on the organizer's invitation list, before any answer."""

    email: str
    name: str
    organisation: str
    language: str
    extra: dict[str, str]  # the list's other columns, by their heading, lower-cased
    person: PersonName = field(default_factory=PersonName)
    role: str = ""

    @property
    def recipient(self) -> Recipient:
        name = self.person
        return Recipient(
            self.email,
            self.language,
            self.name or None,
            self.organisation or None,
            name.salutation.value if name.salutation else None,
            name.title or None,
            name.first_name or None,
            name.last_name or None,
        )
