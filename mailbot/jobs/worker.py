"""One cycle of the registration loop: read new mail, act on each message, send what is due.

For each message: parse, classify, decide (pure), then one transaction stores the message
record, the attendee's new state and the rendered replies in the outbox. IMAP bookkeeping
(move to Processed, or flag for review) and SMTP come after the commit, driven by the store, so
they are finished by the next cycle if this one dies. A message that makes anything raise is
recorded as failed for review and never blocks the messages after it.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from mailbot.compose.templates import Templates
from mailbot.config import Config
from mailbot.domain.decision import Decision, Situation, decide
from mailbot.domain.model import (
    Attendee,
    AttendeeStatus,
    FieldValue,
    InboundMessage,
    Outcome,
    Purpose,
    Thread,
    Understanding,
)
from mailbot.errors import MailboxError, StoreError
from mailbot.jobs.invitations import INVITATION
from mailbot.jobs.planner import Planned, Planner
from mailbot.jobs.time_limit import time_limit
from mailbot.mail.backoff import Backoff
from mailbot.mail.imap import Mailbox
from mailbot.mail.smtp import SmtpConnection
from mailbot.outbox.drain import DrainReport, Progress, drain
from mailbot.outbox.enqueue import queue_mail
from mailbot.store.database import Store
from mailbot.store.records import Location, MessageRecord
from mailbot.store.transaction import Transaction
from mailbot.understand import clauses
from mailbot.understand.classify import Context, classify, sender_verified
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
    replies: tuple[str, ...] = ()


@dataclass
class CycleReport:
    handled: list[Handled] = field(default_factory=list)
    drain: DrainReport = field(default_factory=DrainReport)
    planned: Planned = field(default_factory=Planned)
    errors: list[str] = field(default_factory=list)


_GUESSES = ("signature", "display name")
# Where a message answers several bot mails (its References name them all), the latest question
# the bot asked decides how a bare "Ja" is read.
_MOST_SPECIFIC = (
    Purpose.CLARIFICATION,
    Purpose.CANCELLATION_REQUEST,
    Purpose.WAITLIST_OFFER,
    Purpose.MISSING_INFORMATION,
    Purpose.CONFIRMATION,
    INVITATION,
)


def with_invitation(
    understood: Understanding,
    msg: InboundMessage,
    invited: str | None,
    listed: dict[str, str] | None,
) -> Understanding:
    """Fields from the organizer's invitation list, where the reply itself says nothing firmer.

    A reply from another address than the invited one must not take the invited person's
    details from the quoted invitation's pre-filled form.
    """
    fields = dict(understood.fields)
    if invited is not None and msg.sender is not None and invited != msg.sender.email:
        fields = attendee_fields(msg, trust_quote=False)
    for name, value in (listed or {}).items():
        current = fields.get(name)
        if value and (current is None or current.source in _GUESSES):
            fields[name] = FieldValue(value, "invitation list")
    return dataclasses.replace(understood, fields=fields)


def message_key(msg: InboundMessage | None, raw: bytes) -> str:
    """The Message-ID, or a hash of the bytes where there is none (or nothing could be parsed)."""
    return (msg.message_id if msg else None) or "sha256:" + hashlib.sha256(raw).hexdigest()


class Worker:
    def __init__(
        self,
        config: Config,
        store: Store,
        templates: Templates,
        context: Context,
        mailbox: Callable[[], Mailbox],
        smtp: Callable[[], SmtpConnection],
        clock: Callable[[], datetime],
    ) -> None:
        self.config = config
        self.store = store
        self.templates = templates
        self.context = context
        self.mailbox = mailbox
        self.smtp = smtp
        self.clock = clock
        self.planner = Planner(config, store, templates)
        clauses.warm_up()
        self.stop = threading.Event()  # set by SIGTERM: finish the message in hand, then stop
        self._changing = threading.Lock()  # inbox and planner change attendees one at a time
        self._sending = threading.Lock()  # one outbox drain at a time
        # a server that is down is tried again after 1, 2, 4 … polls, at most five minutes
        poll = timedelta(seconds=config.imap.poll_seconds)
        self.imap_backoff = Backoff(poll)
        self.smtp_backoff = Backoff(poll)

    def run_cycle(self) -> CycleReport:
        """One full cycle: new mail, then what time made due, then sending."""
        report = self.read_inbox()
        report.planned = self.plan()
        report.drain = self.send_due()
        if report.drain.error:
            report.errors.append(report.drain.error)
        return report

    def read_inbox(self) -> CycleReport:
        report = CycleReport()
        now = self.clock()
        if not self.imap_backoff.ready(now):
            return report  # the server failed recently: wait before trying again
        with self._changing:
            try:
                with self.mailbox() as mailbox:
                    self._read_inbox(mailbox, report)
            except MailboxError as exc:
                delay = self.imap_backoff.failed(now)
                log.error("%s (next try in %d s)", exc, delay.total_seconds())
                report.errors.append(str(exc))
            else:
                self.imap_backoff.succeeded()
        return report

    def plan(self) -> Planned:
        # Seats are counted and given in one place at a time: never both here and in read_inbox.
        with self._changing:
            return self.planner.queue_due(self.clock())

    def send_due(self, progress: Progress | None = None) -> DrainReport:
        now = self.clock()
        if not self.smtp_backoff.ready(now):
            return DrainReport()
        with self._sending:
            report = asyncio.run(
                drain(
                    self.store,
                    self.smtp(),
                    self.config.bot.address,
                    self.config.outbox,
                    self.clock,
                    should_stop=self.stop.is_set,
                    max_per_minute=self.config.smtp.max_per_minute,
                    progress=progress,
                )
            )
        if report.error:
            delay = self.smtp_backoff.failed(now)
            log.error("%s (next try in %d s)", report.error, delay.total_seconds())
        elif report.sent:
            self.smtp_backoff.succeeded()
        return report

    def _read_inbox(self, mailbox: Mailbox, report: CycleReport) -> None:
        settings = self.config.imap
        mailbox.ensure_folder(settings.processed_folder)
        uidvalidity = mailbox.open(settings.folder)
        self._file_away(mailbox, uidvalidity)  # whatever a previous cycle left unfiled
        uids = mailbox.uids_after(self.store.last_uid(settings.folder, uidvalidity))
        for start in range(0, len(uids), settings.batch_size):
            batch = uids[start : start + settings.batch_size]
            for fetched in mailbox.fetch(batch, settings.max_message_bytes):
                if self.stop.is_set():
                    break
                location = Location(settings.folder, uidvalidity, fetched.uid)
                too_large = None if fetched.complete else fetched.size
                report.handled.append(self.handle(location, fetched.raw, too_large))
            self._file_away(mailbox, uidvalidity)
            if self.stop.is_set():
                return

    def _file_away(self, mailbox: Mailbox, uidvalidity: int) -> None:
        pending = self.store.unfiled(self.config.imap.folder, uidvalidity)
        if not pending:
            return
        mailbox.flag_for_review([uid for _, uid, review in pending if review])
        mailbox.file_away(
            [uid for _, uid, review in pending if not review], self.config.imap.processed_folder
        )
        self.store.mark_filed(row_id for row_id, _, _ in pending)

    def handle(self, location: Location, raw: bytes, too_large: int | None = None) -> Handled:
        """``too_large``: the message's size where only its header was fetched."""
        msg: InboundMessage | None = None
        try:
            with time_limit(self.config.bot.message_time_limit):
                msg = parse(raw)
            thread = self._thread(msg)
            with time_limit(self.config.bot.message_time_limit):
                understood = classify(msg, self.context, thread)
            if too_large is not None and not understood.kind.is_automated:
                limit = self.config.imap.max_message_bytes
                return self._record_unhandled(
                    location,
                    raw,
                    msg,
                    Outcome.REVIEW,
                    f"too large to read ({too_large / 1e6:.0f} MB, limit {limit / 1e6:.0f} MB): "
                    "left for a human",
                )
            return self._act(location, raw, msg, understood)
        except StoreError:
            raise  # the database is gone: stop the cycle, nothing was recorded
        except Exception as exc:
            log.exception("message UID %s failed", location.uid)
            reason = f"the bot failed on this message: {type(exc).__name__}: {exc}"
            return self._record_unhandled(location, raw, msg, Outcome.FAILED, reason)

    def _thread(self, msg: InboundMessage) -> Thread:
        """Which bot mail the message answers and whether its sender was invited."""
        sender = msg.sender.email if msg.sender else None
        with self.store.transaction() as tx:
            purposes = tx.answered_purposes(sender, msg.thread_ids) if sender else frozenset()
            invitation = tx.invitation_to(msg.thread_ids)
            # invitations sent from the organizer's own mail program leave no list behind: then
            # nobody counts as a stranger
            listed = not tx.knows_invitees() or (
                sender is not None and tx.invitee(sender) is not None
            )
        answers = next((p for p in _MOST_SPECIFIC if p in purposes), None)
        if answers is None and purposes:
            answers = sorted(purposes)[0]
        if answers is None and invitation is not None:
            answers = INVITATION  # a stand-in answering the invitation from another address
        return Thread(answers, invited=listed or invitation is not None)

    def _act(
        self, location: Location, raw: bytes, msg: InboundMessage, understood: Understanding
    ) -> Handled:
        now = self.clock()
        sender = msg.sender.email if msg.sender else None
        deadline = self.config.event.registration_deadline
        with self.store.transaction() as tx:
            if tx.is_recorded(location):
                return Handled(
                    sender, msg.subject, None, None, Outcome.DUPLICATE, "already recorded"
                )
            key = message_key(msg, raw)
            first_copy_for_review = tx.seen_before(key)
            invited = tx.invitation_to(msg.thread_ids)
            if sender is not None and not understood.kind.is_automated:
                understood = with_invitation(understood, msg, invited, tx.invitee(sender))
            situation = Situation(
                attendee=tx.attendee(sender) if sender else None,
                duplicate=first_copy_for_review is not None,
                answered_purposes=tx.answered_purposes(sender, msg.thread_ids)
                if sender
                else frozenset(),
                registered_count=tx.seats_taken(now),
                capacity=self.config.event.capacity,
                required=self.config.event.required_fields,
                now=now,
                closed=deadline is not None and now > deadline,
                replies_today=tx.mail_to_since(sender, now - timedelta(days=1)) if sender else 0,
                reply_limit=self.config.bot.max_replies_per_day,
                sender_verified=sender_verified(msg),
            )
            decision = decide(msg, understood, situation)
            needs_review = decision.outcome is Outcome.REVIEW or decision.review_note is not None
            if decision.outcome is Outcome.DUPLICATE:
                # a copy of mail left for a human stays beside it in the inbox, listed once
                needs_review = bool(first_copy_for_review)
            reason = decision.reason
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
                ),
                now,
            )
            tx.mark_bounced(decision.bounced, now)
            if sender is not None and decision.outcome is Outcome.ACTED:
                self._apply(tx, sender, msg, understood, decision, row_id, now, reason)
        return Handled(
            sender,
            msg.subject,
            understood.kind.value,
            understood.rule,
            decision.outcome,
            reason,
            decision.replies,
        )

    def _apply(
        self,
        tx: Transaction,
        sender: str,
        msg: InboundMessage,
        understood: Understanding,
        decision: Decision,
        row_id: int,
        now: datetime,
        reason: str,
    ) -> None:
        if decision.new_status is not None or decision.fields:
            cause = f"message {msg.message_id or 'without Message-ID'}: {reason}"
            tx.save_attendee(
                sender, decision.new_status, decision.fields, understood.language, now, cause
            )
        if decision.offer_state is not None:
            tx.set_offer(sender, decision.offer_state)
        # someone who is not stored (a registration after the deadline) is answered all the same
        attendee = tx.attendee(sender) or Attendee(
            sender,
            decision.fields.get("name"),
            decision.fields.get("organisation"),
            None,
            None,
            understood.language,
            AttendeeStatus.DECLINED,
            None,
            now,
        )
        for purpose in decision.replies:
            queue_mail(
                tx,
                self.config,
                self.templates,
                attendee,
                purpose,
                now,
                answering=msg,
                missing=decision.missing,
                cause_message=row_id,
            )

    def _record_unhandled(
        self,
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
        with self.store.transaction() as tx:
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
        return Handled(sender, subject, None, None, outcome, reason)
