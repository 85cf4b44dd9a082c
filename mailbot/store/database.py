"""The database edge: attendees, the record of every message handled, and the outbox.

One ``transaction()`` holds everything one inbound message causes: its record, the attendee's
new state and the replies it queues. Either all of it is stored or none. IMAP bookkeeping and
SMTP happen only after that commit, driven by what is stored here, so a crash at any point
loses nothing and repeats nothing. SQLAlchemy errors are translated into ``StoreError``.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, func, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from mailbot.domain.model import Attendee, Channel, OutboxStatus, Outcome, Purpose
from mailbot.errors import StoreError
from mailbot.store.records import (
    Announcement,
    Change,
    FailedSend,
    OutboxMail,
    ReviewItem,
    attendee_from,
)
from mailbot.store.schema import (
    announcements,
    apply_migration,
    attendees,
    history,
    messages,
    outbox,
    pending_migrations,
)
from mailbot.store.transaction import Transaction


def this_process() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


SENDING = OutboxStatus.SENDING.value
CLAIM_LEASE = timedelta(minutes=10)  # a sender that hangs this long loses its claim


def owner_alive(owner: str | None) -> bool:
    """Whether the process that claimed a mail may still be sending it."""
    if not owner:
        return False
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return True  # another machine: only the lease tells
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return int(pid) != 0


def database_url(url: str) -> str:
    """``postgresql://`` means psycopg 3 here, the driver we install."""
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def _redacted(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


class Store:
    def __init__(self, engine: Engine, event_id: str, dry_run: bool = False) -> None:
        self.engine = engine
        self.event_id = event_id
        self.dry_run = dry_run  # every write transaction is rolled back: shows, keeps nothing

    @classmethod
    def open(cls, url: str, event_id: str, dry_run: bool = False) -> Store:
        try:
            engine = create_engine(database_url(url))
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            raise StoreError(f"database {_redacted(url)}: {exc}") from exc
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "begin", _sqlite_begin)
        return cls(engine, event_id, dry_run)

    def scoped(self, event_id: str) -> Store:
        """The same database, reading and writing another event's people; closed with this."""
        if event_id == self.event_id:
            return self
        return Store(self.engine, event_id, self.dry_run)

    def close(self) -> None:
        self.engine.dispose()

    def describe(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def _connection(self, write: bool, schema: bool = False) -> Iterator[Connection]:
        """``schema``: a migration, kept even in a dry run, which must read a current schema."""
        try:
            if write and self.dry_run and not schema:  # show what would happen, keep nothing
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
        with self._connection(write=True, schema=True) as conn:
            todo = pending_migrations(conn)
        for migration in todo:
            with self._connection(write=True, schema=True) as conn:
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
        """Mail to send now: pending and due, or claimed by a sender that died or timed out."""
        with self._connection(write=False) as conn:
            rows = conn.execute(
                select(
                    outbox.c.id,
                    outbox.c.message_id,
                    outbox.c.purpose,
                    outbox.c.to_address,
                    outbox.c.raw,
                    outbox.c.attempts,
                    outbox.c.status,
                    outbox.c.claimed_by,
                    outbox.c.next_attempt_at,
                    outbox.c.channel,
                )
                .where(outbox.c.status.in_((OutboxStatus.PENDING.value, SENDING)))
                .where((outbox.c.next_attempt_at <= now) | (outbox.c.status == SENDING))
                .order_by(outbox.c.id)
                .limit(limit)
            )
            return [
                OutboxMail(
                    r.id,
                    r.message_id,
                    Purpose(r.purpose),
                    r.to_address,
                    bytes(r.raw),
                    r.attempts,
                    OutboxStatus(r.status),
                    r.claimed_by,
                    Channel(r.channel),
                )
                for r in rows
                if r.status == OutboxStatus.PENDING
                or r.next_attempt_at <= now
                or not owner_alive(r.claimed_by)
            ]

    def claim(self, mail: OutboxMail, now: datetime) -> bool:
        """Take a mail for sending; False if another process took it first."""
        with self._connection(write=True) as conn:
            done = conn.execute(
                update(outbox)
                .where(
                    outbox.c.id == mail.id,
                    outbox.c.status == mail.status.value,
                    func.coalesce(outbox.c.claimed_by, "") == (mail.claimed_by or ""),
                )
                .values(
                    status=SENDING, claimed_by=this_process(), next_attempt_at=now + CLAIM_LEASE
                )
            )
            return bool(done.rowcount)

    def mark_sent(self, mail_id: int, now: datetime) -> None:
        with self._connection(write=True) as conn:
            conn.execute(
                update(outbox)
                .where(outbox.c.id == mail_id)
                .values(
                    status=OutboxStatus.SENT.value,
                    sent_at=now,
                    attempts=outbox.c.attempts + 1,
                    last_error=None,
                )
            )

    def mark_retry(self, mail_id: int, error: str, next_attempt_at: datetime) -> None:
        with self._connection(write=True) as conn:
            conn.execute(
                update(outbox)
                .where(outbox.c.id == mail_id)
                .values(
                    status=OutboxStatus.PENDING.value,
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
                .values(
                    status=OutboxStatus.FAILED.value,
                    attempts=outbox.c.attempts + 1,
                    last_error=error,
                )
            )

    # --- what organizers read --------------------------------------------------------------

    def attendees(self) -> list[Attendee]:
        with self._connection(write=False) as conn:
            rows = conn.execute(
                select(attendees)
                .where(attendees.c.event_id == self.event_id)
                .order_by(attendees.c.created_at, attendees.c.id)
            )
            return [attendee_from(row) for row in rows]

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
                .where(outbox.c.status == OutboxStatus.FAILED.value)
                .order_by(outbox.c.id)
            )
            return [
                FailedSend(
                    r.to_address, Purpose(r.purpose), r.message_id, r.last_error or "", r.created_at
                )
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

    def last_queued(self, purpose: Purpose) -> datetime | None:
        with self._connection(write=False) as conn:
            value = conn.scalar(
                select(func.max(outbox.c.created_at)).where(outbox.c.purpose == purpose.value)
            )
        return value if isinstance(value, datetime) else None

    def announce(self, first: Announcement, now: datetime) -> None:
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
                tx.set_announcement(first, now)

    def announcement(self) -> Announcement | None:
        with self._connection(write=False) as conn:
            row = conn.execute(
                select(announcements).where(announcements.c.event_id == self.event_id)
            ).first()
        if row is None:
            return None
        return Announcement(row.sequence, row.title, row.starts, row.ends, row.location)

    def last_read(self) -> datetime | None:
        """When the bot last handled a message."""
        with self._connection(write=False) as conn:
            value = conn.scalar(select(func.max(messages.c.processed_at)))
        return value if isinstance(value, datetime) else None

    def outbox_counts(self) -> dict[OutboxStatus, int]:
        with self._connection(write=False) as conn:
            rows = conn.execute(select(outbox.c.status, func.count()).group_by(outbox.c.status))
            return {OutboxStatus(status): int(n) for status, n in rows}


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Python's sqlite3 begins a transaction only before INSERT/UPDATE/DELETE, so CREATE TABLE
    # committed at once and a kill in the middle of a migration left half a schema that no
    # later start could finish. We begin every transaction ourselves (_sqlite_begin), as
    # SQLAlchemy's documentation recommends, so a migration commits whole or not at all.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    # WAL lets `mailbot export` read while the worker writes; FULL keeps every commit on disk
    # before the IMAP move that follows it, so a power cut cannot lose a filed message.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN")
