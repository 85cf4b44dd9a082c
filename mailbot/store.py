"""The database edge: attendees, the record of every message handled, and the outbox.

One ``transaction()`` holds everything one inbound message causes: its record, the attendee's
new state and the replies it queues. Either all of it is stored or none. IMAP bookkeeping and
SMTP happen only after that commit, driven by what is stored here, so a crash at any point
loses nothing and repeats nothing. SQLAlchemy errors are translated into ``StoreError``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, func, insert, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from mailbot.config import Config
from mailbot.errors import StoreError
from mailbot.model import AttendeeStatus, Outcome
from mailbot.schema import (
    announcements,
    apply_migration,
    attendees,
    history,
    messages,
    outbox,
    pending_migrations,
)
from mailbot.workflow import Attendee


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


@dataclass(frozen=True)
class OutboxMail:
    id: int
    message_id: str
    purpose: str
    to_address: str
    raw: bytes
    attempts: int


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
    purpose: str
    message_id: str
    error: str
    created_at: datetime


def database_url(url: str) -> str:
    """``postgresql://`` means psycopg 3 here, the driver we install."""
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def _redacted(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def _attendee(row: Any) -> Attendee:
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
        offer_state=row.offer_state,
    )


class Transaction:
    """Reads and writes inside one open transaction; made only by ``Store.transaction``."""

    def __init__(self, conn: Connection, event_id: str) -> None:
        self.conn = conn
        self.event_id = event_id

    def is_recorded(self, location: Location) -> bool:
        row = self.conn.execute(
            select(messages.c.id).where(
                messages.c.mailbox == location.mailbox,
                messages.c.uidvalidity == location.uidvalidity,
                messages.c.uid == location.uid,
            )
        ).first()
        return row is not None

    def seen_before(self, message_key: str) -> bool | None:
        """None if this mail is new; else whether its first copy was left for a human."""
        row = self.conn.execute(
            select(messages.c.needs_review)
            .where(messages.c.message_key == message_key)
            .order_by(messages.c.id)
            .limit(1)
        ).first()
        return None if row is None else bool(row.needs_review)

    def attendee(self, email: str) -> Attendee | None:
        row = self.conn.execute(
            select(attendees).where(
                attendees.c.event_id == self.event_id, attendees.c.email == email
            )
        ).first()
        return _attendee(row) if row is not None else None

    def count(self, status: AttendeeStatus) -> int:
        return int(
            self.conn.scalar(
                select(func.count())
                .select_from(attendees)
                .where(attendees.c.event_id == self.event_id, attendees.c.status == status.value)
            )
            or 0
        )

    def waitlist_position(self, email: str) -> int | None:
        me = self.attendee(email)
        if me is None or me.status is not AttendeeStatus.WAITLISTED or me.registered_at is None:
            return None
        ahead = self.conn.scalar(
            select(func.count())
            .select_from(attendees)
            .where(
                attendees.c.event_id == self.event_id,
                attendees.c.status == AttendeeStatus.WAITLISTED.value,
                attendees.c.registered_at < me.registered_at,
            )
        )
        return int(ahead or 0) + 1

    def answered_purposes(self, email: str, thread_ids: Sequence[str]) -> frozenset[str]:
        """Purposes of the bot's mails *to this address* that a message answers."""
        if not thread_ids:
            return frozenset()
        rows = self.conn.scalars(
            select(outbox.c.purpose).where(
                outbox.c.message_id.in_(list(thread_ids)), outbox.c.to_address == email
            )
        )
        return frozenset(rows)

    def record_message(self, record: MessageRecord, now: datetime) -> int:
        location = record.location
        result = self.conn.execute(
            insert(messages).values(
                mailbox=location.mailbox,
                uidvalidity=location.uidvalidity,
                uid=location.uid,
                message_key=record.message_key,
                sender=record.sender,
                subject=record.subject,
                sent_at=record.sent_at,
                processed_at=now,
                kind=record.kind,
                rule=record.rule,
                outcome=record.outcome.value,
                reason=record.reason,
                needs_review=record.needs_review,
                filed=False,
            )
        )
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])

    def save_attendee(
        self,
        email: str,
        status: AttendeeStatus | None,
        fields: dict[str, str],
        language: str,
        now: datetime,
        cause: str,
    ) -> None:
        """Store the person's new state and append what changed to their history."""
        current = self.attendee(email)
        old_status = current.status if current else None
        changed = {k: v for k, v in fields.items() if current is None or getattr(current, k) != v}
        if status is not None and status is not old_status:
            what = f"status {old_status.value if old_status else 'new'} → {status.value}"
            self.record_change(email, old_status, status, what, cause, now)
        if changed:
            details = ", ".join(f"{k}={v}" for k, v in changed.items())
            self.record_change(email, None, None, f"details {details}", cause, now)
        values: dict[str, Any] = {**fields, "updated_at": now}
        if status is not None:
            values["status"] = status.value
            if status.holds_place and (current is None or not current.status.holds_place):
                values["registered_at"] = now
        if current is None:
            if status is None:
                raise ValueError("a new attendee needs a status")
            self.conn.execute(
                insert(attendees).values(
                    event_id=self.event_id, email=email, language=language, created_at=now, **values
                )
            )
        else:
            self.conn.execute(
                update(attendees)
                .where(
                    attendees.c.event_id == self.event_id,
                    attendees.c.email == email,
                )
                .values(**values)
            )

    def mark_bounced(self, addresses: Sequence[str], now: datetime) -> int:
        """Note that mail to these attendees bounced; returns how many were attendees."""
        if not addresses:
            return 0
        result = self.conn.execute(
            update(attendees)
            .where(attendees.c.event_id == self.event_id, attendees.c.email.in_(list(addresses)))
            .values(bounced_at=now)
        )
        return int(result.rowcount or 0)

    def record_change(
        self,
        email: str,
        old: AttendeeStatus | None,
        new: AttendeeStatus | None,
        what: str,
        cause: str,
        now: datetime,
    ) -> None:
        self.conn.execute(
            insert(history).values(
                event_id=self.event_id,
                email=email,
                at=now,
                old_status=old.value if old else None,
                new_status=new.value if new else None,
                what=what[:2000],
                cause=cause[:500],
            )
        )

    def set_offer(self, email: str, state: str, expires_at: datetime | None = None) -> None:
        values: dict[str, Any] = {"offer_state": state}
        if expires_at is not None:
            values["offer_expires_at"] = expires_at
        self.conn.execute(
            update(attendees)
            .where(
                attendees.c.event_id == self.event_id,
                attendees.c.email == email,
            )
            .values(**values)
        )

    def seats_taken(self, now: datetime) -> int:
        """Registered people, plus seats held for someone by an open waiting-list offer."""
        held = self.conn.scalar(
            select(func.count())
            .select_from(attendees)
            .where(
                attendees.c.event_id == self.event_id,
                attendees.c.status == AttendeeStatus.WAITLISTED.value,
                attendees.c.offer_state == "open",
                attendees.c.offer_expires_at > now,
            )
        )
        return self.count(AttendeeStatus.REGISTERED) + int(held or 0)

    def registered(self) -> list[Attendee]:
        rows = self.conn.execute(
            select(attendees)
            .where(
                attendees.c.event_id == self.event_id,
                attendees.c.status == AttendeeStatus.REGISTERED.value,
            )
            .order_by(attendees.c.id)
        )
        return [_attendee(row) for row in rows]

    def waiting_list(self) -> list[Attendee]:
        """Everyone waiting, first come first."""
        rows = self.conn.execute(
            select(attendees)
            .where(
                attendees.c.event_id == self.event_id,
                attendees.c.status == AttendeeStatus.WAITLISTED.value,
            )
            .order_by(attendees.c.registered_at, attendees.c.id)
        )
        return [_attendee(row) for row in rows]

    def set_announcement(self, config: Config, sequence: int, now: datetime) -> None:
        """Record what attendees are told now about the event's time and place."""
        event = config.event
        values = {
            "sequence": sequence,
            "title": event.title,
            "starts": event.starts,
            "ends": event.ends,
            "location": event.location,
            "updated_at": now,
        }
        done = self.conn.execute(
            update(announcements).where(announcements.c.event_id == self.event_id).values(**values)
        )
        if not done.rowcount:
            self.conn.execute(insert(announcements).values(event_id=self.event_id, **values))

    def announced_sequence(self) -> int:
        """The SEQUENCE attendees' calendars hold: 0 until a change was announced."""
        value = self.conn.scalar(
            select(announcements.c.sequence).where(announcements.c.event_id == self.event_id)
        )
        return int(value or 0)

    def is_queued(self, dedupe_key: str) -> bool:
        found = self.conn.execute(
            select(outbox.c.id).where(outbox.c.dedupe_key == dedupe_key)
        ).first()
        return found is not None

    def queue(
        self,
        message_id: str,
        purpose: str,
        to_address: str,
        raw: bytes,
        cause_message: int | None,
        now: datetime,
        dedupe_key: str | None = None,
    ) -> None:
        self.conn.execute(
            insert(outbox).values(
                message_id=message_id,
                purpose=purpose,
                to_address=to_address,
                raw=raw,
                cause_message=cause_message,
                status="pending",
                attempts=0,
                next_attempt_at=now,
                created_at=now,
                dedupe_key=dedupe_key,
            )
        )


class Store:
    def __init__(self, engine: Engine, event_id: str) -> None:
        self.engine = engine
        self.event_id = event_id
        self.dry_run = False  # every write transaction is rolled back

    @classmethod
    def open(cls, url: str, event_id: str) -> Store:
        try:
            engine = create_engine(database_url(url))
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            raise StoreError(f"database {_redacted(url)}: {exc}") from exc
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        return cls(engine, event_id)

    def close(self) -> None:
        self.engine.dispose()

    def describe(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def _connection(self, write: bool) -> Iterator[Connection]:
        try:
            if write and self.dry_run:  # show what would happen, keep nothing
                with self.engine.connect() as conn, conn.begin() as transaction:
                    yield conn
                    transaction.rollback()
                return
            with self.engine.begin() if write else self.engine.connect() as conn:
                yield conn
        except SQLAlchemyError as exc:
            first_line = str(exc.orig if hasattr(exc, "orig") else exc).strip().splitlines()
            raise StoreError(
                f"database {self.describe()}: {first_line[0] if first_line else exc}"
            ) from exc

    def migrate(self, now: datetime) -> int:
        """Apply what is missing; returns how many migrations ran."""
        ran = 0
        with self._connection(write=True) as conn:
            todo = pending_migrations(conn)
        for migration in todo:
            with self._connection(write=True) as conn:
                apply_migration(conn, migration, now)
            ran += 1
        return ran

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        with self._connection(write=True) as conn:
            yield Transaction(conn, self.event_id)

    # --- after the commit: IMAP bookkeeping and the outbox ---------------------------------

    def last_uid(self, mailbox: str, uidvalidity: int) -> int:
        with self._connection(write=False) as conn:
            value = conn.scalar(
                select(func.max(messages.c.uid)).where(
                    messages.c.mailbox == mailbox, messages.c.uidvalidity == uidvalidity
                )
            )
        return int(value or 0)

    def unfiled(self, mailbox: str, uidvalidity: int) -> list[tuple[int, int, bool]]:
        """(row id, uid, stays for review) of handled messages still to be moved or flagged."""
        with self._connection(write=False) as conn:
            rows = conn.execute(
                select(messages.c.id, messages.c.uid, messages.c.needs_review)
                .where(
                    messages.c.filed.is_(False),
                    messages.c.mailbox == mailbox,
                    messages.c.uidvalidity == uidvalidity,
                )
                .order_by(messages.c.uid)
            )
            return [(row.id, row.uid, bool(row.needs_review)) for row in rows]

    def mark_filed(self, row_ids: Iterable[int]) -> None:
        ids = list(row_ids)
        if ids:
            with self._connection(write=True) as conn:
                conn.execute(update(messages).where(messages.c.id.in_(ids)).values(filed=True))

    def due_mail(self, now: datetime, limit: int) -> list[OutboxMail]:
        with self._connection(write=False) as conn:
            rows = conn.execute(
                select(
                    outbox.c.id,
                    outbox.c.message_id,
                    outbox.c.purpose,
                    outbox.c.to_address,
                    outbox.c.raw,
                    outbox.c.attempts,
                )
                .where(outbox.c.status == "pending", outbox.c.next_attempt_at <= now)
                .order_by(outbox.c.id)
                .limit(limit)
            )
            return [
                OutboxMail(r.id, r.message_id, r.purpose, r.to_address, bytes(r.raw), r.attempts)
                for r in rows
            ]

    def mark_sent(self, mail_id: int, now: datetime) -> None:
        with self._connection(write=True) as conn:
            conn.execute(
                update(outbox)
                .where(outbox.c.id == mail_id)
                .values(status="sent", sent_at=now, attempts=outbox.c.attempts + 1, last_error=None)
            )

    def mark_retry(self, mail_id: int, error: str, next_attempt_at: datetime) -> None:
        with self._connection(write=True) as conn:
            conn.execute(
                update(outbox)
                .where(outbox.c.id == mail_id)
                .values(
                    attempts=outbox.c.attempts + 1,
                    last_error=error,
                    next_attempt_at=next_attempt_at,
                )
            )

    def mark_failed(self, mail_id: int, error: str) -> None:
        with self._connection(write=True) as conn:
            conn.execute(
                update(outbox)
                .where(outbox.c.id == mail_id)
                .values(status="failed", attempts=outbox.c.attempts + 1, last_error=error)
            )

    # --- what organizers read --------------------------------------------------------------

    def attendees(self) -> list[Attendee]:
        with self._connection(write=False) as conn:
            rows = conn.execute(
                select(attendees)
                .where(attendees.c.event_id == self.event_id)
                .order_by(attendees.c.created_at, attendees.c.id)
            )
            return [_attendee(row) for row in rows]

    def review_items(self) -> list[ReviewItem]:
        with self._connection(write=False) as conn:
            rows = conn.execute(
                select(messages)
                .where(
                    messages.c.needs_review.is_(True), messages.c.outcome != Outcome.DUPLICATE.value
                )
                .order_by(messages.c.processed_at, messages.c.id)
            )
            return [
                ReviewItem(
                    row.sender,
                    row.subject,
                    row.sent_at,
                    row.message_key,
                    row.kind,
                    row.reason,
                    row.processed_at,
                )
                for row in rows
            ]

    def failed_sends(self) -> list[FailedSend]:
        with self._connection(write=False) as conn:
            rows = conn.execute(
                select(
                    outbox.c.to_address,
                    outbox.c.purpose,
                    outbox.c.message_id,
                    outbox.c.last_error,
                    outbox.c.created_at,
                )
                .where(outbox.c.status == "failed")
                .order_by(outbox.c.id)
            )
            return [
                FailedSend(r.to_address, r.purpose, r.message_id, r.last_error or "", r.created_at)
                for r in rows
            ]

    def history(self, email: str | None = None, since: datetime | None = None) -> list[Change]:
        """What changed, oldest first: for one person, or for everyone since a moment."""
        query = select(history).where(history.c.event_id == self.event_id)
        if email is not None:
            query = query.where(history.c.email == email)
        if since is not None:
            query = query.where(history.c.at > since)
        with self._connection(write=False) as conn:
            rows = conn.execute(query.order_by(history.c.at, history.c.id))
            return [
                Change(r.email, r.at, r.old_status, r.new_status, r.what, r.cause) for r in rows
            ]

    def last_queued(self, purpose: str) -> datetime | None:
        with self._connection(write=False) as conn:
            value = conn.scalar(
                select(func.max(outbox.c.created_at)).where(outbox.c.purpose == purpose)
            )
        return value if isinstance(value, datetime) else None

    def announce(self, config: Config, now: datetime) -> None:
        """The first calendar files go out with what the config says now: keep it as baseline."""
        with self.transaction() as tx:
            if (
                tx.conn.execute(
                    select(announcements.c.event_id).where(
                        announcements.c.event_id == self.event_id
                    )
                ).first()
                is None
            ):
                tx.set_announcement(config, 0, now)

    def announcement(self) -> Announcement | None:
        with self._connection(write=False) as conn:
            row = conn.execute(
                select(announcements).where(announcements.c.event_id == self.event_id)
            ).first()
        if row is None:
            return None
        return Announcement(row.sequence, row.title, row.starts, row.ends, row.location)

    def outbox_counts(self) -> dict[str, int]:
        with self._connection(write=False) as conn:
            rows = conn.execute(select(outbox.c.status, func.count()).group_by(outbox.c.status))
            return {status: int(n) for status, n in rows}


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    # WAL lets `mailbot export` read while the worker writes; FULL keeps every commit on disk
    # before the IMAP move that follows it, so a power cut cannot lose a filed message.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()
