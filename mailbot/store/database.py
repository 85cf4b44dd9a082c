"""The database edge: attendees, the record of every message handled, and the outbox.

One ``transaction()`` holds everything one inbound message causes: its record, the attendee's
new state and the replies it queues. Either all of it is stored or none. IMAP bookkeeping and
SMTP happen only after that commit, driven by what is stored here, so a crash at any point
loses nothing and repeats nothing. SQLAlchemy errors are translated into ``StoreError``.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    LargeBinary,
    bindparam,
    case,
    create_engine,
    event,
    func,
    literal,
    select,
    text,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from mailbot.domain.model import Attendee, AttendeeStatus, Channel, OutboxStatus, Outcome, Purpose
from mailbot.errors import MailbotError, StoreError
from mailbot.store.records import (
    Announcement,
    Change,
    FailedSend,
    Invitation,
    OutboxMail,
    ReviewItem,
    attendee_from,
    invitee_from,
)
from mailbot.store.schema import (
    announcements,
    apply_migration,
    attendees,
    cycles,
    history,
    inbox_starts,
    invitees,
    limit_hits,
    messages,
    outbox,
    pending_migrations,
)
from mailbot.store.transaction import Transaction, store_error

# A mail taken for sending, if it is still in the state the sender saw; returns its id.
_CLAIM = (
    update(outbox)
    .where(
        outbox.c.id.in_(bindparam("ids", expanding=True)),
        outbox.c.status == bindparam("seen_status"),
        func.coalesce(outbox.c.claimed_by, "") == bindparam("seen_owner"),
    )
    .values(
        status=OutboxStatus.SENDING.value,
        claimed_by=bindparam("claimer"),
        next_attempt_at=bindparam("lease"),
    )
    .returning(outbox.c.id)
)
_MARK_SENT = (
    update(outbox)
    .where(outbox.c.id.in_(bindparam("ids", expanding=True)))
    .values(
        status=OutboxStatus.SENT.value,
        sent_at=bindparam("now"),
        attempts=outbox.c.attempts + 1,
        last_error=None,
        # a digest lists everyone: once delivered, the store keeps no second copy of that
        raw=case(
            (outbox.c.purpose == Purpose.DIGEST.value, literal(b"", LargeBinary)),
            else_=outbox.c.raw,
        ),
    )
)


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
        _owner_only_sqlite_file(url)
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
            raise store_error(exc, self.describe()) from exc

    def migrate(self, now: datetime) -> int:
        """Apply what is missing; returns how many migrations ran."""
        ran = 0
        # several workers starting at once on a new database: one migrates, the others wait
        with self._advisory_lock("mailbot migrations", wait=True):
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
            yield Transaction(conn, self.event_id, self.describe())

    def inbox_turn(self, mailbox: str, patience: float = 10.0) -> AbstractContextManager[bool]:
        """Whether this process may read the inbox now; PostgreSQL lets one worker at a time,
        so several workers take turns instead of racing for the same messages. A worker waits
        up to ``patience`` seconds for its turn — the one reading may have searched the inbox
        before the mail that woke this one arrived. SQLite: always."""
        return self._advisory_lock(
            f"mailbot inbox {self.event_id} {mailbox}", wait=False, patience=patience
        )

    @contextmanager
    def _advisory_lock(self, name: str, wait: bool, patience: float = 0.0) -> Iterator[bool]:
        """A PostgreSQL advisory lock held until the block ends or the process dies; with
        ``wait``, until it is ours, else whether it became free within ``patience`` seconds.
        SQLite has one writer anyway."""
        if self.engine.dialect.name != "postgresql":
            yield True
            return
        # Advisory locks are global to the database: the schema is part of the key, so bots
        # (and test runs) in other schemas never block this one.
        take = "pg_advisory_lock" if wait else "pg_try_advisory_lock"
        deadline = time.monotonic() + patience
        with self._connection(write=False) as conn:
            key = conn.scalar(
                text("SELECT hashtextextended(current_schema() || ' ' || :name, 0)"),
                {"name": name},
            )
            while True:
                taken = conn.scalar(text(f"SELECT {take}(:key)"), {"key": key})
                mine = wait or bool(taken)  # pg_advisory_lock returns only once it is ours
                conn.commit()  # the lock belongs to the session, not to an open transaction
                if mine or time.monotonic() >= deadline:
                    break
                time.sleep(0.1)
            try:
                yield mine
            finally:
                if mine:
                    conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                    conn.commit()

    def first_start(self, mailbox: str, now: datetime) -> datetime:
        """When the bot first read this inbox; ``now`` if this is that first time."""
        for _ in range(2):  # a second worker starting at the same moment may insert first
            with self._connection(write=False) as conn:
                found = conn.scalar(
                    select(inbox_starts.c.started_at).where(inbox_starts.c.mailbox == mailbox)
                )
            if found is not None or self.dry_run:
                return found or now
            try:
                with self._connection(write=True) as conn:
                    conn.execute(inbox_starts.insert().values(mailbox=mailbox, started_at=now))
                return now
            except StoreError as exc:
                if not isinstance(exc.__cause__, IntegrityError):
                    raise
        raise StoreError(f"database {self.describe()}: inbox_starts: no row for {mailbox}")

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

    def claim(
        self, mails: Sequence[OutboxMail], now: datetime, sent: Sequence[int] = ()
    ) -> list[OutboxMail]:
        """Take mails for sending, in one commit; returns those no other process took first.
        ``sent``: mails the server accepted since the drain's last commit, marked sent in this
        one, so the drain commits once per round however many connections it keeps busy.
        One statement marks them all, and one takes the mails found in each state (they are
        all pending, but for a dead sender's mail taken over)."""
        with self._connection(write=True) as conn:
            _mark_sent(conn, sent, now)
            found: dict[tuple[str, str], list[int]] = {}
            for mail in mails:
                found.setdefault((mail.status.value, mail.claimed_by or ""), []).append(mail.id)
            taken: set[int] = set()
            for (status, owner), ids in found.items():
                where = {"ids": ids, "seen_status": status, "seen_owner": owner}
                values = {"claimer": this_process(), "lease": now + CLAIM_LEASE}
                taken.update(conn.scalars(_CLAIM, {**where, **values}))
            return [mail for mail in mails if mail.id in taken]

    def mark_sent(self, mail_id: int, now: datetime) -> None:
        with self._connection(write=True) as conn:
            _mark_sent(conn, [mail_id], now)

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

    def release(self, mail_id: int, now: datetime) -> None:
        """Give a claimed mail back, due at once and not counted as an attempt: the reason it
        did not go out (a refused login) was none of its own."""
        with self._connection(write=True) as conn:
            conn.execute(
                update(outbox)
                .where(outbox.c.id == mail_id, outbox.c.status == SENDING)
                .values(status=OutboxStatus.PENDING.value, claimed_by=None, next_attempt_at=now)
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

    def review_items(
        self, *, closed_since: datetime | None = None, everything: bool = False
    ) -> list[ReviewItem]:
        """Messages left for a human, newest first: open ones, closed since a moment, or all."""
        query = select(messages).where(
            messages.c.needs_review.is_(True), messages.c.outcome != Outcome.DUPLICATE.value
        )
        if closed_since is not None:
            query = query.where(messages.c.review_closed_at > closed_since)
        elif not everything:
            query = query.where(messages.c.review_closed_at.is_(None))
        with self._connection(write=False) as conn:
            rows = conn.execute(
                query.order_by(messages.c.processed_at.desc(), messages.c.id.desc())
            )
            return [
                ReviewItem(
                    f"m{row.id}",
                    row.sender,
                    row.subject,
                    row.sent_at,
                    row.message_key,
                    row.kind,
                    row.reason,
                    row.processed_at,
                    row.outcome,
                    row.review_closed_at,
                    row.review_note,
                    row.review_state == "retry",
                    row.event_id,
                )
                for row in rows
            ]

    def failed_sends(
        self, *, closed_since: datetime | None = None, everything: bool = False
    ) -> list[FailedSend]:
        """Mail that could not be sent, newest first: open ones, closed since a moment, or all."""
        query = select(outbox).where(
            outbox.c.status.in_((OutboxStatus.FAILED.value, OutboxStatus.DISMISSED.value))
        )
        if closed_since is not None:
            query = query.where(outbox.c.review_closed_at > closed_since)
        elif not everything:
            query = query.where(outbox.c.review_closed_at.is_(None))
        with self._connection(write=False) as conn:
            rows = conn.execute(query.order_by(outbox.c.id.desc()))
            return [
                FailedSend(
                    r.to_address,
                    Purpose(r.purpose),
                    r.message_id,
                    r.last_error or "",
                    r.created_at,
                    f"s{r.id}",
                    r.review_closed_at,
                    r.review_note,
                    r.event_id,
                )
                for r in rows
            ]

    def close_review(self, item_id: str, note: str, now: datetime) -> None:
        """``mailbot review done ID``: a human has dealt with it."""
        with self.transaction() as tx:
            table, row_id = _review_row(tx.conn, item_id)
            values: dict[str, Any] = {"review_closed_at": now, "review_note": note}
            if table is messages:
                values["review_state"] = "done"
            else:
                values["status"] = OutboxStatus.DISMISSED.value  # never sent; no longer failing
            tx.conn.execute(update(table).where(table.c.id == row_id).values(**values))

    def retry_review(self, item_id: str, now: datetime) -> None:
        """``mailbot review retry ID``: a message is handled again by the next cycle; a failed
        mail is sent again from scratch."""
        with self.transaction() as tx:
            table, row_id = _review_row(tx.conn, item_id)
            if table is messages:
                tx.conn.execute(
                    update(messages).where(messages.c.id == row_id).values(review_state="retry")
                )
            else:
                tx.conn.execute(
                    update(outbox)
                    .where(outbox.c.id == row_id)
                    .values(
                        status=OutboxStatus.PENDING.value,
                        attempts=0,
                        next_attempt_at=now,
                        claimed_by=None,
                        review_closed_at=now,
                        review_note="sent again (mailbot review retry)",
                    )
                )

    def retries(self, mailbox: str, uidvalidity: int) -> list[tuple[int, int]]:
        """(row id, uid) of messages an organizer asked to have handled again."""
        with self._connection(write=False) as conn:
            rows = conn.execute(
                select(messages.c.id, messages.c.uid, messages.c.mailbox).where(
                    messages.c.review_state == "retry", messages.c.uidvalidity == uidvalidity
                )
            )
            return [
                (row.id, row.uid)
                for row in rows
                if row.mailbox in (mailbox, _retried_mailbox(mailbox, row.id))
            ]

    def release_for_retry(self, row_id: int) -> None:
        """Move the old record aside, so the message in the inbox counts as new once more.

        Its location and Message-ID get a mark; the record itself stays, with its history.
        Repeating this after a crash changes nothing more.
        """
        with self.transaction() as tx:
            row = tx.conn.execute(select(messages).where(messages.c.id == row_id)).first()
            if row is None or row.mailbox.endswith(f"#retried-{row_id}"):
                return
            tx.conn.execute(
                update(messages)
                .where(messages.c.id == row_id)
                .values(
                    mailbox=_retried_mailbox(row.mailbox, row_id)[:500],
                    message_key=f"retried-{row_id}:{row.message_key}"[:300],
                )
            )

    def finish_retry(self, row_id: int, note: str, now: datetime, *, reopen: bool) -> None:
        """The retried message was handled again (closed), or could not be (open again)."""
        with self._connection(write=True) as conn:
            conn.execute(
                update(messages)
                .where(messages.c.id == row_id)
                .values(
                    review_state=None if reopen else "retried",
                    review_closed_at=None if reopen else now,
                    review_note=note[:2000],
                )
            )

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

    def limit_hits(self, since: datetime | None) -> dict[str, int]:
        """How often each limit held an answer back since then, in every event: the limits
        count the bot's answers from this inbox, whatever they were about."""
        query = select(limit_hits.c.which, func.count()).group_by(limit_hits.c.which)
        if since is not None:
            query = query.where(limit_hits.c.at > since)
        with self._connection(write=False) as conn:
            return {str(which): int(n) for which, n in conn.execute(query)}

    def last_read(self) -> datetime | None:
        """When the bot last handled a message."""
        with self._connection(write=False) as conn:
            value = conn.scalar(select(func.max(messages.c.processed_at)))
        return value if isinstance(value, datetime) else None

    def invitations(self) -> list[Invitation]:
        """Everyone on the invitation list, in list order, with what became of the invitation."""
        prefix = f"invite:{self.event_id}:"
        follow_prefix = f"follow-up:{self.event_id}:"
        with self._connection(write=False) as conn:
            listed = conn.execute(
                select(invitees).where(invitees.c.event_id == self.event_id).order_by(invitees.c.id)
            ).all()
            answers = {
                row.email: row.status
                for row in conn.execute(
                    select(attendees.c.email, attendees.c.status).where(
                        attendees.c.event_id == self.event_id
                    )
                )
            }
            mail: dict[str, Any] = {}
            for row in conn.execute(
                select(
                    outbox.c.dedupe_key, outbox.c.sent_at, outbox.c.message_id, outbox.c.created_at
                ).where(
                    outbox.c.dedupe_key.like(f"{prefix}%")
                    | outbox.c.dedupe_key.like(f"{follow_prefix}%")
                )
            ):
                mail[row.dedupe_key] = row
        found = []
        for row in listed:
            invitation = mail.get(prefix + row.email)
            follow_up = mail.get(follow_prefix + row.email)
            found.append(
                Invitation(
                    invitee_from(row),
                    invitation.sent_at if invitation else None,
                    row.bounced_at,
                    AttendeeStatus(answers[row.email]) if row.email in answers else None,
                    follow_up.created_at if follow_up else None,
                    invitation.message_id if invitation else None,
                )
            )
        return found

    def record_cycle(self, now: datetime) -> None:
        with self.transaction() as tx:
            tx.upsert(cycles, {"event_id": self.event_id}, {"finished_at": now})

    def last_cycle(self) -> datetime | None:
        """When a cycle last finished; one cycle reads the inbox for every event."""
        with self._connection(write=False) as conn:
            value = conn.scalar(select(func.max(cycles.c.finished_at)))
        return value if isinstance(value, datetime) else None

    def outbox_counts(self) -> dict[OutboxStatus, int]:
        with self._connection(write=False) as conn:
            rows = conn.execute(select(outbox.c.status, func.count()).group_by(outbox.c.status))
            return {OutboxStatus(status): int(n) for status, n in rows}


def _mark_sent(conn: Connection, mail_ids: Sequence[int], now: datetime) -> None:
    if mail_ids:
        conn.execute(_MARK_SENT, {"ids": list(mail_ids), "now": now})


def _retried_mailbox(mailbox: str, row_id: int) -> str:
    return f"{mailbox}#retried-{row_id}"


def _review_row(conn: Connection, item_id: str) -> tuple[Any, int]:
    """The table and row of a review item's id (``m12``: a message, ``s5``: a failed send)."""
    kind, number = item_id[:1].lower(), item_id[1:]
    table = {"m": messages, "s": outbox}.get(kind)
    if table is None or not number.isdigit():
        raise MailbotError(f"{item_id}: not a review item id (mailbot review list shows them)")
    found = conn.execute(select(table.c.id).where(table.c.id == int(number))).first()
    if found is None:
        raise MailbotError(f"{item_id}: no such review item (mailbot review list shows them)")
    return table, int(number)


def _owner_only_sqlite_file(url: str) -> None:
    """The SQLite file holds everyone's personal data: only its owner may read it. Its WAL and
    shared-memory files are created by SQLite with the same mode."""
    try:
        parsed = make_url(url)
    except Exception:  # noqa: BLE001 - create_engine reports a bad URL in its own words
        return
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return
    path = str(parsed.database)
    try:
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        if os.stat(path).st_mode & 0o077:
            os.chmod(path, 0o600)
    except OSError as exc:
        raise StoreError(f"database {path}: cannot create it: {exc.strerror}") from exc


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Python's sqlite3 begins a transaction only before INSERT/UPDATE/DELETE, so CREATE TABLE
    # committed at once and a kill in the middle of a migration left half a schema that no
    # later start could finish. We begin every transaction ourselves (_sqlite_begin), as
    # SQLAlchemy's documentation recommends, so a migration commits whole or not at all.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # what `forget` removes is overwritten on disk, not left in free pages
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    # WAL lets `mailbot export` read while the worker writes; FULL keeps every commit on disk
    # before the IMAP move that follows it, so a power cut cannot lose a filed message.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN")
