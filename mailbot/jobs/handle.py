"""Handling one message: parse, classify, decide, and store its effects and replies together.

The caller's transaction (a batch of messages, committed at once) holds, for each message, its
record, the attendee's new state and the rendered replies in the outbox, all in one part of it
(a savepoint); IMAP bookkeeping and SMTP come after the commit, driven by the store, so they are
finished later if the process dies. A message that makes anything raise has its part undone and
is recorded as failed for review: it never blocks the messages after it. Only a database that
is gone stops the poll (nothing of the batch was committed then, so it is read again).
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from mailbot.compose.context import event_values
from mailbot.compose.templates import Templates
from mailbot.config import Config, EventSettings
from mailbot.domain.decision import Decision, Situation, decide, without_event
from mailbot.domain.limits import bounded_fields
from mailbot.domain.model import (
    FieldValue,
    InboundMessage,
    Outcome,
    Purpose,
    Recipient,
    ReplyKind,
    Thread,
    Understanding,
)
from mailbot.domain.routing import choose_event
from mailbot.domain.seats import Seats, seats_with
from mailbot.errors import StoreDataError, StoreError
from mailbot.jobs.time_limit import MessageTimeoutError, time_limit
from mailbot.outbox.enqueue import mail
from mailbot.store.records import Arrival, BotMails, Location, MessageRecord, Person
from mailbot.store.transaction import Transaction
from mailbot.understand import clauses
from mailbot.understand.authentication import sender_verified
from mailbot.understand.classify import Context, classify
from mailbot.understand.fields import attendee_fields
from mailbot.understand.parse import clean_line, parse

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Handled:
    """One line of a cycle's report."""

    sender: str | None
    subject: str
    kind: str | None
    rule: str | None
    outcome: Outcome
    reason: str
    replies: tuple[Purpose, ...] = ()
    message_id: str | None = None  # for the operator's log line, shortened there
    event_id: str | None = None  # the event it was found to be about, if any


# kinds that say what to do; an answer to "which event?" of another kind only names the event
_DECIDING = (ReplyKind.REGISTRATION, ReplyKind.DECLINE, ReplyKind.CANCELLATION)
_GUESSES = ("signature", "display name")
# Where a message answers several bot mails (its References name them all), the latest question
# the bot asked decides how a bare "Ja" is read.
_MOST_SPECIFIC = (
    Purpose.CLARIFICATION,
    Purpose.CANCELLATION_REQUEST,
    Purpose.WAITLIST_OFFER,
    Purpose.MISSING_INFORMATION,
    Purpose.CONFIRMATION,
    Purpose.INVITATION,
)


def with_invitation(
    understood: Understanding,
    msg: InboundMessage,
    invited: str | None,
    listed: dict[str, str] | None,
    labels: Mapping[str, str] | None = None,
) -> Understanding:
    """Fields from the organizer's invitation list, where the reply itself says nothing firmer.

    A reply from another address than the invited one must not take the invited person's
    details from the quoted invitation's pre-filled form.
    """
    fields = dict(understood.fields)
    if invited is not None and msg.sender is not None and invited != msg.sender.email:
        fields = attendee_fields(msg, trust_quote=False, labels=labels)
    for name, value in (listed or {}).items():
        current = fields.get(name)
        if value and (current is None or current.source in _GUESSES):
            fields[name] = FieldValue(value, "invitation list")
    return dataclasses.replace(understood, fields=bounded_fields(fields))


@dataclass(frozen=True)
class Known:
    """What the store knows that bears on one message, read once as it arrives (three
    statements, four where an event has an invitation list) and nothing of it read again
    while the message is handled."""

    arrival: Arrival
    mails: BotMails  # the bot's mails it answers
    person: Person  # its sender in every event (empty without a sender)


def message_key(msg: InboundMessage | None, raw: bytes) -> str:
    """The Message-ID, or a hash of the bytes where there is none (or nothing could be parsed)."""
    return (msg.message_id if msg else None) or "sha256:" + hashlib.sha256(raw).hexdigest()


class MessageHandler:
    """What the bot does with one fetched message; knows nothing of IMAP."""

    def __init__(
        self,
        config: Config,
        templates: Callable[[EventSettings | None], Templates],
        context: Context,
        clock: Callable[[], datetime],
    ) -> None:
        self.config = config
        self.templates = templates  # an event's own, or the bot's
        self.context = context
        self.clock = clock
        clauses.warm_up()

    def handle(
        self, tx: Transaction, location: Location, raw: bytes, too_large: int | None = None
    ) -> Handled:
        """``too_large``: the message's size where only its header was fetched."""
        msg: InboundMessage | None = None
        try:
            with time_limit(self.config.bot.message_time_limit):
                msg = parse(raw)
            now = self.clock()
            with tx.part():
                known = self._known(tx, location, raw, msg, now)
                thread = self._thread(msg, known)
                with time_limit(self.config.bot.message_time_limit):
                    understood = classify(msg, self.context, thread)
                understood = dataclasses.replace(
                    understood, fields=bounded_fields(understood.fields)
                )
                if too_large is None or understood.kind.is_automated:
                    return self._act(tx, location, raw, msg, understood, known, now)
            limit = self.config.imap.max_message_bytes
            return self._record_unhandled(
                tx,
                location,
                raw,
                msg,
                Outcome.REVIEW,
                f"too large to read ({too_large / 1e6:.0f} MB, limit {limit / 1e6:.0f} MB): "
                "left for a human",
            )
        except StoreDataError as exc:  # this message's data, not the database, is at fault
            log.error("message UID %s: %s", location.uid, exc)
            reason = f"the database refused what this message would store: {exc}"
            return self._record_unhandled(tx, location, raw, msg, Outcome.FAILED, reason)
        except StoreError:
            raise  # the database is gone: stop the cycle, nothing was recorded
        except (Exception, MessageTimeoutError) as exc:
            log.exception("message UID %s failed", location.uid)
            reason = f"the bot failed on this message: {type(exc).__name__}: {exc}"
            return self._record_unhandled(tx, location, raw, msg, Outcome.FAILED, reason)

    def _known(
        self, tx: Transaction, location: Location, raw: bytes, msg: InboundMessage, now: datetime
    ) -> Known:
        sender = msg.sender.email if msg.sender else None
        events = [event.id for event in self.config.events]
        arrival = tx.arrival(
            location,
            message_key(msg, raw),
            since=now - timedelta(hours=1),
            domain=sender.rpartition("@")[2] if sender else "",
            events=events,
        )
        person = (
            tx.person(sender, events, listed=arrival.listed_events) if sender else Person({}, {})
        )
        return Known(arrival, tx.bot_mails(msg.thread_ids), person)

    def _thread(self, msg: InboundMessage, known: Known) -> Thread:
        """Which bot mail the message answers and whether its sender was invited: to the event
        of that mail, or, outside any event's thread, to any event."""
        sender = msg.sender.email if msg.sender else None
        purposes = known.mails.purposes(sender) if sender else frozenset()
        invitation = known.mails.invitation_to()
        answered = known.mails.events()
        events = [e for e in self.config.events if e.id in answered] or self.config.events
        # invitations sent from the organizer's own mail program leave no list behind: then
        # nobody counts as a stranger
        listings = known.person.listings
        listed = any(
            event.id not in known.arrival.listed_events
            or (event.id in listings and listings[event.id].fields())
            for event in events
        )
        answers = next((p for p in _MOST_SPECIFIC if p in purposes), None)
        if answers is None and purposes:
            answers = sorted(purposes)[0]
        if answers is None and invitation is not None:
            answers = Purpose.INVITATION  # a stand-in answering the invitation from elsewhere
        return Thread(answers, invited=listed or invitation is not None)

    def _act(
        self,
        tx: Transaction,
        location: Location,
        raw: bytes,
        msg: InboundMessage,
        understood: Understanding,
        known: Known,
        now: datetime,
    ) -> Handled:
        sender = msg.sender.email if msg.sender else None
        events = self.config.events
        if known.arrival.recorded:
            return Handled(
                sender,
                msg.subject,
                None,
                None,
                Outcome.DUPLICATE,
                "already recorded",
                message_id=msg.message_id,
            )
        key = message_key(msg, raw)
        first_copy_for_review = known.arrival.first_copy_for_review
        asked = known.mails.asked_which_event(sender) if sender else None
        routed = choose_event(
            events,
            thread=known.mails.events(),
            holding=known.person.holds_place_in(),
            kind=understood.kind,
            subject=msg.subject,
            text=msg.new_text,
            now=now,
        )
        event = routed.event
        if (
            asked is not None
            and event is not None
            and understood.kind not in _DECIDING
            and not understood.kind.is_automated  # a robot's answer never acts
        ):
            # "Die Zukunftswerkstatt, bitte": the answer names the event, the first
            # message said what to do there
            understood = dataclasses.replace(
                understood, kind=ReplyKind(asked), rule="answer:which event"
            )
        if event is not None:
            tx = tx.scoped(event.id)
        invited = known.mails.invitation_to()
        listing = known.person.listings.get(tx.event_id)
        listed = listing.fields() if listing is not None else None
        if sender is not None and not understood.kind.is_automated:
            understood = with_invitation(understood, msg, invited, listed, self.context.form_labels)
        situation = self._situation(tx, event, sender, msg, now, known, invited, listed)
        if event is None and not understood.kind.is_automated:
            why = routed.rule
            if asked is not None:
                why = "the answer to which event names none of them"
            # only what says what to do is asked about; a question goes to a human
            ask = routed.ask and asked is None and understood.kind in _DECIDING
            if understood.kind not in _DECIDING:
                why = f"{understood.kind.value}: {understood.reason}; {why}"
            decision = without_event(situation, why, ask=ask)
        else:
            decision = decide(msg, understood, situation)
        needs_review = decision.outcome is Outcome.REVIEW or decision.review_note is not None
        if decision.outcome is Outcome.DUPLICATE:
            # a copy of mail left for a human stays beside it in the inbox, listed once
            needs_review = bool(first_copy_for_review)
        reason = decision.reason
        if len(events) > 1 and event is not None:
            reason += f"; event {event.id} ({routed.rule})"
        if invited is not None and invited != sender:
            reason += f"; answers the invitation sent to {invited}"
        if decision.review_note:
            reason += f"; for review: {decision.review_note}"
        row_id = tx.record_message(
            MessageRecord(
                location=location,
                message_key=key,
                sender=sender,
                subject=msg.subject,
                sent_at=msg.date,
                kind=understood.kind.value,
                rule=understood.rule,
                outcome=decision.outcome,
                reason=reason,
                needs_review=needs_review,
                event_id=event.id if event else None,
            ),
            now,
        )
        tx.mark_bounced(decision.bounced, now)
        if decision.limit_hit is not None:
            tx.record_limit_hit(decision.limit_hit, now)
        if sender is not None and decision.outcome is Outcome.ACTED:
            self._apply(tx, event, sender, msg, understood, decision, row_id, now, reason, known)
        return Handled(
            sender,
            msg.subject,
            understood.kind.value,
            understood.rule,
            decision.outcome,
            reason,
            decision.replies,
            msg.message_id,
            event.id if event else None,
        )

    def _situation(
        self,
        tx: Transaction,
        event: EventSettings | None,
        sender: str | None,
        msg: InboundMessage,
        now: datetime,
        known: Known,
        invited: str | None,
        listed: dict[str, str] | None,
    ) -> Situation:
        """What the store knows that bears on this message, in its event (if it has one)."""
        in_event = sender if event is not None else None
        unsolicited = (
            event is not None
            and event.confirm_unsolicited
            and listed is None
            and invited is None
            and not known.mails.mails  # it answers no mail of the bot's, to anyone
        )
        deadline = event.registration_deadline if event else None
        arrival = known.arrival
        return Situation(
            attendee=known.person.attendees.get(tx.event_id) if in_event else None,
            duplicate=arrival.first_copy_for_review is not None,
            answered_purposes=known.mails.purposes(in_event, tx.event_id)
            if in_event
            else frozenset(),
            # without a capacity no seat is ever taken: nothing to count
            seats=seats_with(tx.registered_count(), tx.offer_holders(), event.capacity, now)
            if event and event.capacity is not None
            else Seats(None, 0, 0),
            required=event.required_fields if event else (),
            now=now,
            closed=deadline is not None and now > deadline,
            replies_today=tx.mail_to_mailbox_since(sender, now - timedelta(days=1))
            if sender
            else 0,
            reply_limit=self.config.bot.max_replies_per_day,
            domain_replies_this_hour=arrival.answers_to_domain_this_hour if sender else 0,
            domain_limit=self.config.bot.max_replies_per_domain_per_hour,
            replies_this_hour=arrival.answers_this_hour,
            hourly_limit=self.config.bot.max_replies_per_hour,
            sender_verified=sender_verified(
                msg, self.config.bot.authserv_id, self.config.bot.require_dmarc
            ),
            unsolicited=unsolicited,
            stand_in_for=invited if invited not in (None, sender) else None,
            returned_to=tx.recipients_of(msg.returned),
        )

    def _apply(
        self,
        tx: Transaction,
        event: EventSettings | None,
        sender: str,
        msg: InboundMessage,
        understood: Understanding,
        decision: Decision,
        row_id: int,
        now: datetime,
        reason: str,
        known: Known,
    ) -> None:
        stored = known.person.attendees.get(event.id) if event is not None else None
        if event is not None and (decision.new_status is not None or decision.fields):
            cause = f"message {msg.message_id or 'without Message-ID'}: {reason}"
            stored = tx.save_attendee(
                sender,
                decision.new_status,
                decision.fields,
                understood.language,
                now,
                cause,
                known=known.person,
            )
        if event is not None and decision.offer_state is not None:
            stored = tx.set_offer(sender, decision.offer_state)
        # someone who is not stored (a registration after the deadline, a question which event
        # they mean) is answered all the same
        person = stored or Recipient(
            sender,
            understood.language,
            decision.fields.get("name"),
            decision.fields.get("organisation"),
            decision.fields.get("salutation"),
        )
        for purpose in decision.replies:
            values: dict[str, object] = {}
            if purpose is Purpose.WHICH_EVENT:
                values["events"] = [
                    event_values(e) for e in self.config.events if e.open_for_registration(now)
                ]
            mail(
                tx,
                self.config,
                event,
                self.templates(event),
                person,
                purpose,
                now,
                values=values,
                # a request goes to the address as a new thread, never quoting what it asks about
                answering=None if purpose.asks_the_person else msg,
                missing=decision.missing,
                cause_message=row_id,
            )

    def _record_unhandled(
        self,
        tx: Transaction,
        location: Location,
        raw: bytes,
        msg: InboundMessage | None,
        outcome: Outcome,
        reason: str,
    ) -> Handled:
        """Record a message the bot does not act on, for a human, and never lose it."""
        reason = clean_line(reason)[:2000]
        sender = msg.sender.email if msg and msg.sender else None
        subject = msg.subject if msg else ""
        try:
            with tx.part():
                self._record_failure(tx, location, raw, msg, outcome, reason)
        except StoreDataError:  # even its sender or subject was refused: keep the bare fact
            with tx.part():
                self._record_failure(tx, location, raw, None, outcome, reason)
        return Handled(
            sender, subject, None, None, outcome, reason, message_id=msg.message_id if msg else None
        )

    def _record_failure(
        self,
        tx: Transaction,
        location: Location,
        raw: bytes,
        msg: InboundMessage | None,
        outcome: Outcome,
        reason: str,
    ) -> None:
        sender = msg.sender.email if msg and msg.sender else None
        subject = msg.subject if msg else ""
        if not tx.is_recorded(location):
            tx.record_message(
                MessageRecord(
                    location=location,
                    message_key=message_key(msg, raw),
                    sender=sender,
                    subject=subject,
                    sent_at=msg.date if msg else None,
                    kind=None,
                    rule=None,
                    outcome=outcome,
                    reason=reason,
                    needs_review=True,
                ),
                self.clock(),
            )
