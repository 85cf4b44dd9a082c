"""Reads and writes inside one open database transaction: what one command or one planner step
changes, or a batch of messages, committed together or not at all. Made only by
``Store.transaction``; ``part`` keeps one message's changes apart within a batch.
"""

from __future__ import annotations

import functools
import json
import uuid
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Select,
    String,
    Table,
    bindparam,
    case,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.exc import DataError, IntegrityError, SQLAlchemyError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import BindParameter
from sqlalchemy.sql.functions import FunctionElement

from mailbot.domain.limits import mailbox_of
from mailbot.domain.model import (
    Attendee,
    AttendeeStatus,
    Channel,
    Invitee,
    OfferState,
    OutboxStatus,
    Purpose,
)
from mailbot.domain.names import PersonName, parse_name
from mailbot.errors import StoreDataError, StoreError
from mailbot.store.records import (
    Announcement,
    Arrival,
    BotMail,
    BotMails,
    Listing,
    Location,
    MessageRecord,
    Person,
    attendee_from,
)
from mailbot.store.schema import (
    announcements,
    attendees,
    history,
    invitees,
    limit_hits,
    messages,
    outbox,
    template_versions,
)

NAME_PARTS = ("title", "first_name", "last_name")


class _Folded(FunctionElement[str]):
    """A column as LIKE compares it case-insensitively: ``lower()`` on PostgreSQL, whose LIKE
    heeds case. SQLite's LIKE ignores ASCII case already and its ``lower()`` folds nothing
    else, so there the column is compared as it is: ``lower()`` took most of the time of the
    reads that match the recent mail's addresses."""

    type = String()
    inherit_cache = True


@compiles(_Folded)
def _lower(element: _Folded, compiler: SQLCompiler, **kw: Any) -> str:
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(_Folded, "sqlite")
def _as_it_is(element: _Folded, compiler: SQLCompiler, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


# The statements every message makes, built once: SQLAlchemy takes about 50 µs to build and key
# a statement and about 12 µs to run a built one. A message reads what it needs in four
# statements (``arrival``, ``bot_mails``, ``person``; its invitation-list lines only where
# the arrival found a list) and writes each row complete, once.
_EVENT: BindParameter[str] = bindparam("event")
_EVENTS: BindParameter[list[str]] = bindparam("events", expanding=True)
_EMAIL: BindParameter[str] = bindparam("email")
_THREAD: BindParameter[list[str]] = bindparam("thread", expanding=True)  # the Message-IDs
_IS_RECORDED = (
    select(messages.c.id)
    .where(
        messages.c.mailbox == bindparam("mailbox"),
        messages.c.uidvalidity == bindparam("uidvalidity"),
        messages.c.uid == bindparam("uid"),
    )
    .limit(1)
)
_SEEN_BEFORE = (
    select(messages.c.needs_review)
    .where(messages.c.message_key == bindparam("key"))
    .order_by(messages.c.id)
    .limit(1)
)
_BOT_MAILS = (
    select(outbox.c.purpose, outbox.c.to_address, outbox.c.event_id, messages.c.kind)
    .select_from(outbox.outerjoin(messages, outbox.c.cause_message == messages.c.id))
    .where(outbox.c.message_id.in_(_THREAD))
    .order_by(outbox.c.id)
)
_ATTENDEE = select(attendees).where(attendees.c.event_id == _EVENT, attendees.c.email == _EMAIL)
_ATTENDEES_OF = select(attendees).where(
    attendees.c.event_id.in_(_EVENTS), attendees.c.email == _EMAIL
)
_LISTINGS_OF = select(
    invitees.c.event_id,
    invitees.c.name,
    invitees.c.organisation,
    invitees.c.salutation,
    invitees.c.role,
    invitees.c.title,
    invitees.c.first_name,
    invitees.c.last_name,
).where(invitees.c.event_id.in_(_EVENTS), invitees.c.email == _EMAIL)
_ANSWERS_SINCE = (
    select(func.count())
    .select_from(outbox)
    .where(outbox.c.cause_message.is_not(None), outbox.c.created_at >= bindparam("since"))
)
_ANSWERS_TO_DOMAIN_SINCE = _ANSWERS_SINCE.where(
    _Folded(outbox.c.to_address).like(bindparam("pattern"))
)
_TO_ADDRESSES_SINCE = select(outbox.c.to_address).where(outbox.c.created_at >= bindparam("since"))
_TO_MAILBOX_SINCE = _TO_ADDRESSES_SINCE.where(
    _Folded(outbox.c.to_address).like(bindparam("pattern"), escape="\\")
)
_TO_GMAIL_SINCE = _TO_ADDRESSES_SINCE.where(
    or_(
        _Folded(outbox.c.to_address).like(bindparam("pattern"), escape="\\"),
        _Folded(outbox.c.to_address).like(bindparam("pattern2"), escape="\\"),
    )
)
_REGISTERED_COUNT = (
    select(func.count())
    .select_from(attendees)
    .where(
        attendees.c.event_id == _EVENT,
        attendees.c.status == AttendeeStatus.REGISTERED.value,
    )
)
_WAITLISTED_AT = (
    select(attendees.c.registered_at)
    .where(
        attendees.c.event_id == _EVENT,
        attendees.c.email == _EMAIL,
        attendees.c.status == AttendeeStatus.WAITLISTED.value,
    )
    .scalar_subquery()
)
# NULL where the address is not waiting (or has no arrival time): no count without a time
_WAITING_AHEAD = select(
    case(
        (
            _WAITLISTED_AT.is_not(None),
            select(func.count())
            .select_from(attendees)
            .where(
                attendees.c.event_id == _EVENT,
                attendees.c.status == AttendeeStatus.WAITLISTED.value,
                attendees.c.registered_at < _WAITLISTED_AT,
            )
            .scalar_subquery(),
        )
    )
)
_OFFER_HOLDERS = select(attendees).where(
    attendees.c.event_id == _EVENT, attendees.c.offer_state == OfferState.OPEN.value
)
_ANNOUNCED_SEQUENCE = select(announcements.c.sequence).where(announcements.c.event_id == _EVENT)
# Rows written whole, their values given when run; the WHERE's parameters are named apart from
# the columns, whose names set the values.
_WHERE_ATTENDEE = (
    attendees.c.event_id == bindparam("where_event"),
    attendees.c.email == bindparam("where_email"),
)
_INSERT_MESSAGE = insert(messages)
_INSERT_ATTENDEE = insert(attendees).returning(*attendees.c)
_UPDATE_ATTENDEE = update(attendees).where(*_WHERE_ATTENDEE).returning(*attendees.c)
_INSERT_HISTORY = insert(history)
_INSERT_OUTBOX = insert(outbox)


@functools.cache
def _arrival(events: int) -> Select[Any]:
    """One row of what a message's arrival asks, for this many events' invitation lists."""
    lists = (
        select(invitees.c.id)
        .where(invitees.c.event_id == bindparam(f"event{n}"))
        .exists()
        .label(f"listed{n}")
        for n in range(events)
    )
    return select(
        _IS_RECORDED.exists().label("recorded"),
        _SEEN_BEFORE.scalar_subquery().label("first_copy_for_review"),
        _ANSWERS_SINCE.scalar_subquery().label("answers"),
        _ANSWERS_TO_DOMAIN_SINCE.scalar_subquery().label("answers_to_domain"),
        *lists,
    )


def _like_escaped(text: str) -> str:
    """Text matched literally by LIKE ... ESCAPE '\\'."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _ascii_start(text: str) -> str:
    for at, char in enumerate(text):
        if not char.isascii():
            return text[:at]
    return text


def _location(location: Location) -> dict[str, Any]:
    return {"mailbox": location.mailbox, "uidvalidity": location.uidvalidity, "uid": location.uid}


def store_error(exc: SQLAlchemyError, database: str) -> StoreError:
    """The one line an organizer reads; ``StoreDataError`` where the data, not the database,
    is at fault."""
    first_line = str(exc.orig if hasattr(exc, "orig") else exc).strip().splitlines()
    kind = StoreDataError if isinstance(exc, DataError | IntegrityError) else StoreError
    return kind(f"database {database}: {first_line[0] if first_line else exc}")


def _name_parts(
    fields: dict[str, str], current: Attendee | None, listed: PersonName | None
) -> dict[str, str | None]:
    """Salutation, title, first and last name to store with a new or renamed person.

    Parts given by hand (``mailbot edit``) are kept as given; the invitation list's split
    is used when the name is the list's person; otherwise the name is parsed.
    """
    given = {k: fields[k] for k in NAME_PARTS if k in fields}
    if current is not None and not given and not {"name", "salutation"} & fields.keys():
        return {}
    name = fields.get("name", current.name if current else None)
    salutation = fields.get("salutation", current.salutation if current else None)
    if given:
        base = current.person_name if current else parse_name(name)
        parts = parse_name(
            None,
            salutation=salutation,
            title=given.get("title", base.title),
            first_name=given.get("first_name", base.first_name),
            last_name=given.get("last_name", base.last_name),
        )
    else:
        parsed = parse_name(name, salutation=salutation)
        same = listed is not None and (
            not parsed.last_name or parsed.last_name.casefold() == listed.last_name.casefold()
        )
        parts = parsed
        if listed is not None and same:
            parts = PersonName(
                parsed.salutation or listed.salutation,
                listed.title or parsed.title,
                listed.first_name or parsed.first_name,
                listed.last_name,
            )
    values: dict[str, str | None] = {
        "salutation": parts.salutation.value if parts.salutation else salutation,
        "title": parts.title or None,
        "first_name": parts.first_name or None,
        "last_name": parts.last_name or None,
    }
    if given and "name" not in fields:
        values["name"] = parts.full_name or name
    return values


class Transaction:
    """Reads and writes inside one open transaction; made only by ``Store.transaction``."""

    def __init__(
        self,
        conn: Connection,
        event_id: str,
        database: str,
        sequences: dict[str, int] | None = None,
    ) -> None:
        self.conn = conn
        self.event_id = event_id
        self.database = database  # as errors name it, without the password
        # each event's announced calendar SEQUENCE, read once for every mail the transaction
        # attaches a calendar to; shared with the other events' views of it
        self._sequences = {} if sequences is None else sequences

    @contextmanager
    def part(self) -> Iterator[None]:
        """One message's changes within a batch (a savepoint): kept with the batch, or undone
        alone when anything in it raises, so the batch can go on without them."""
        try:
            with self.conn.begin_nested():
                yield
        except BaseException as exc:
            self._sequences.clear()  # what the part read may be undone with it
            if isinstance(exc, SQLAlchemyError):
                raise store_error(exc, self.database) from exc
            raise

    def scoped(self, event_id: str) -> Transaction:
        """The same open transaction, reading and writing another event's people."""
        return (
            self
            if event_id == self.event_id
            else Transaction(self.conn, event_id, self.database, self._sequences)
        )

    def is_recorded(self, location: Location) -> bool:
        return self.conn.execute(_IS_RECORDED, _location(location)).first() is not None

    def arrival(
        self,
        location: Location,
        message_key: str,
        *,
        since: datetime,
        domain: str,
        events: Sequence[str],
    ) -> Arrival:
        """Whether this message (at its location, or a copy by its key) was handled before,
        the answers queued since then (to anyone and to ``domain``), and which of ``events``
        have their invitation list here: one statement."""
        where: dict[str, Any] = {
            **_location(location),
            "key": message_key,
            "since": since,
            "pattern": f"%@{domain}",
            **{f"event{n}": event for n, event in enumerate(events)},
        }
        row = self.conn.execute(_arrival(len(events)), where).one()
        return Arrival(
            recorded=bool(row.recorded),
            first_copy_for_review=None
            if row.first_copy_for_review is None
            else bool(row.first_copy_for_review),
            answers_this_hour=int(row.answers or 0),
            answers_to_domain_this_hour=int(row.answers_to_domain or 0),
            listed_events=frozenset(e for n, e in enumerate(events) if row._mapping[f"listed{n}"]),
        )

    def bot_mails(self, thread_ids: Sequence[str]) -> BotMails:
        """The bot's mails (to anyone, about any event or none) that a message answers."""
        if not thread_ids:
            return BotMails()
        rows = self.conn.execute(_BOT_MAILS, {"thread": list(thread_ids)})
        return BotMails(
            tuple(BotMail(Purpose(r.purpose), r.to_address, r.event_id, r.kind) for r in rows)
        )

    def person(
        self, email: str, events: Sequence[str], *, listed: Collection[str] | None = None
    ) -> Person:
        """This address's answers and invitation-list lines in these events. ``listed``: those
        of them whose invitation list is here, where the caller read it already (``arrival``);
        an event without a list has no line to read."""
        where = {"events": list(events), "email": email}
        found = {
            row.event_id: attendee_from(row) for row in self.conn.execute(_ATTENDEES_OF, where)
        }
        if listed is not None:
            where["events"] = [event for event in events if event in listed]
        listings = {
            row.event_id: Listing(
                row.name,
                row.organisation,
                row.salutation,
                row.role,
                row.title,
                row.first_name,
                row.last_name,
            )
            for row in (self.conn.execute(_LISTINGS_OF, where) if where["events"] else ())
        }
        return Person(found, listings)

    def attendee(self, email: str) -> Attendee | None:
        row = self.conn.execute(_ATTENDEE, {"event": self.event_id, "email": email}).first()
        return attendee_from(row) if row is not None else None

    def waitlist_position(self, email: str) -> int | None:
        """Where this address stands on the event's waiting list, as stored; None if it is
        not waiting."""
        where = {"event": self.event_id, "email": email}
        ahead = self.conn.execute(_WAITING_AHEAD, where).scalar()
        return None if ahead is None else int(ahead) + 1

    def mail_to_mailbox_since(self, email: str, since: datetime) -> int:
        """How much mail the bot queued since then for the mailbox behind this address, however
        spelt ("Anna+1@", "a.n.n.a@googlemail.com")."""
        mailbox = mailbox_of(email)
        local, _, domain = mailbox.rpartition("@")
        # Outside Gmail (whose dots may fall anywhere) every spelling of the mailbox begins with
        # its local part, so the database passes on those few candidates, not all the day's
        # mail to the domain. Only the ASCII start: SQLite's lower() folds nothing else.
        if domain == "gmail.com":
            query = _TO_GMAIL_SINCE
            where = {"since": since, "pattern": "%@gmail.com", "pattern2": "%@googlemail.com"}
        else:
            query = _TO_MAILBOX_SINCE
            pattern = f"{_like_escaped(_ascii_start(local))}%@{_like_escaped(domain)}"
            where = {"since": since, "pattern": pattern}
        return sum(
            1 for address in self.conn.scalars(query, where) if mailbox_of(address) == mailbox
        )

    def record_limit_hit(self, which: str, now: datetime) -> None:
        self.conn.execute(insert(limit_hits).values(event_id=self.event_id, at=now, which=which))

    def recipients_of(self, message_ids: Sequence[str]) -> frozenset[str]:
        """Where the bot's mails with these Message-IDs went (a bounce returns one of them)."""
        if not message_ids:
            return frozenset()
        return frozenset(
            self.conn.scalars(
                select(outbox.c.to_address).where(outbox.c.message_id.in_(list(message_ids)))
            )
        )

    def remember_invitee(self, person: Invitee, now: datetime) -> None:
        """Keep a person from the invitation list; the first list that named them wins."""
        known = self.conn.execute(
            select(invitees.c.id).where(
                invitees.c.event_id == self.event_id, invitees.c.email == person.email
            )
        ).first()
        if known is None:
            name = person.person
            self.conn.execute(
                insert(invitees).values(
                    event_id=self.event_id,
                    email=person.email,
                    name=person.name or None,
                    organisation=person.organisation or None,
                    language=person.language,
                    extra=json.dumps(person.extra, ensure_ascii=False),
                    added_at=now,
                    salutation=name.salutation.value if name.salutation else None,
                    title=name.title or None,
                    first_name=name.first_name or None,
                    last_name=name.last_name or None,
                    role=person.role or None,
                )
            )

    def record_message(self, record: MessageRecord, now: datetime) -> int:
        location = record.location
        result = self.conn.execute(
            _INSERT_MESSAGE,
            {
                "mailbox": location.mailbox,
                "uidvalidity": location.uidvalidity,
                "uid": location.uid,
                "message_key": record.message_key,
                "sender": record.sender,
                "subject": record.subject,
                "sent_at": record.sent_at,
                "processed_at": now,
                "kind": record.kind,
                "rule": record.rule,
                "outcome": record.outcome.value,
                "reason": record.reason,
                "needs_review": record.needs_review,
                "filed": False,
                "event_id": record.event_id,
            },
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
        *,
        known: Person | None = None,
    ) -> Attendee:
        """Store the person's new state and append what changed to their history; returns the
        person as stored. ``known``: what this transaction read of the address just before,
        in this event too (else it is read here)."""
        if known is None:
            known = self.person(email, (self.event_id,))
        current = known.attendees.get(self.event_id)
        listing = known.listings.get(self.event_id)
        old_status = current.status if current else None
        changed = {k: v for k, v in fields.items() if current is None or getattr(current, k) != v}
        if status is not None and status is not old_status:
            what = f"status {old_status.value if old_status else 'new'} → {status.value}"
            self.record_change(email, old_status, status, what, cause, now)
        if changed:
            details = ", ".join(f"{k}={v}" for k, v in changed.items())
            self.record_change(email, None, None, f"details {details}", cause, now)
        listed = listing.person_name() if listing is not None else None
        values: dict[str, Any] = {**fields, **_name_parts(fields, current, listed)}
        values["updated_at"] = now
        if status is not None:
            values["status"] = status.value
            if status.holds_place and (current is None or not current.status.holds_place):
                values["registered_at"] = now
        if current is None:
            if status is None:
                raise ValueError("a new attendee needs a status")
            new = {"event_id": self.event_id, "email": email, "language": language}
            row = self.conn.execute(_INSERT_ATTENDEE, {**new, "created_at": now, **values}).one()
            return attendee_from(row)
        saved = self._update(email, values)
        assert saved is not None  # read in this transaction a moment ago
        return saved

    def _update(self, email: str, values: dict[str, Any]) -> Attendee | None:
        where = {"where_event": self.event_id, "where_email": email}
        row = self.conn.execute(_UPDATE_ATTENDEE, {**where, **values}).first()
        return attendee_from(row) if row is not None else None

    def mark_bounced(self, addresses: Sequence[str], now: datetime) -> int:
        """Note that mail to these addresses bounced, in every event; returns how many
        attendee records that touched."""
        if not addresses:
            return 0
        self.conn.execute(
            update(invitees).where(invitees.c.email.in_(list(addresses))).values(bounced_at=now)
        )
        result = self.conn.execute(
            update(attendees).where(attendees.c.email.in_(list(addresses))).values(bounced_at=now)
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
            _INSERT_HISTORY,
            {
                "event_id": self.event_id,
                "email": email,
                "at": now,
                "old_status": old.value if old else None,
                "new_status": new.value if new else None,
                "what": what[:2000],
                "cause": cause[:500],
            },
        )

    def kept_template(self, path: str) -> tuple[str | None, str | None] | None:
        """The sources of the last version of a template that rendered, if one was kept."""
        row = self.conn.execute(
            select(template_versions.c.text_source, template_versions.c.html_source).where(
                template_versions.c.path == path
            )
        ).first()
        return None if row is None else (row.text_source, row.html_source)

    def keep_template(
        self, path: str, sources: tuple[str | None, str | None], now: datetime
    ) -> None:
        values = {"text_source": sources[0], "html_source": sources[1], "kept_at": now}
        self.upsert(template_versions, {"path": path}, values)

    def upsert(self, table: Table, key: dict[str, Any], values: dict[str, Any]) -> None:
        """Update the row with this key, or insert it. Two workers may insert the same key at
        the same moment: the second's insert fails inside a savepoint and it updates instead,
        so neither transaction (and the mail it queues) is lost to the race."""
        where = [table.c[name] == value for name, value in key.items()]
        if self.conn.execute(update(table).where(*where).values(**values)).rowcount:
            return
        try:
            with self.conn.begin_nested():
                self.conn.execute(insert(table).values(**key, **values))
        except IntegrityError:
            self.conn.execute(update(table).where(*where).values(**values))

    def close_reviews_of(self, email: str, note: str, now: datetime) -> int:
        """An organizer acted on this person: their open review items are dealt with."""
        result = self.conn.execute(
            update(messages)
            .where(
                messages.c.sender == email,
                # this event's, and those the bot could not tie to one event
                (messages.c.event_id == self.event_id) | messages.c.event_id.is_(None),
                messages.c.needs_review.is_(True),
                messages.c.review_closed_at.is_(None),
            )
            .values(review_state="done", review_closed_at=now, review_note=note[:2000])
        )
        return int(result.rowcount or 0)

    def set_offer(
        self, email: str, state: OfferState, expires_at: datetime | None = None
    ) -> Attendee | None:
        """Returns the person as stored now (None: not stored in this event)."""
        values: dict[str, Any] = {"offer_state": state.value}
        if expires_at is not None:
            values["offer_expires_at"] = expires_at
        return self._update(email, values)

    def registered_count(self) -> int:
        return int(self.conn.scalar(_REGISTERED_COUNT, {"event": self.event_id}) or 0)

    def offer_holders(self) -> list[Attendee]:
        """Those with an open offer of a seat; whether the offer still holds the seat is the
        seat rule's to say (``domain.seats``)."""
        rows = self.conn.execute(_OFFER_HOLDERS, {"event": self.event_id})
        return [attendee_from(row) for row in rows]

    def registered(self) -> list[Attendee]:
        rows = self.conn.execute(
            select(attendees)
            .where(
                attendees.c.event_id == self.event_id,
                attendees.c.status == AttendeeStatus.REGISTERED.value,
            )
            .order_by(attendees.c.id)
        )
        return [attendee_from(row) for row in rows]

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
        return [attendee_from(row) for row in rows]

    def set_announcement(self, told: Announcement, now: datetime) -> None:
        """Record what attendees are told now about the event's time and place."""
        self._sequences.pop(self.event_id, None)  # read again, whether this part stays or not
        values = {
            "sequence": told.sequence,
            "title": told.title,
            "starts": told.starts,
            "ends": told.ends,
            "location": told.location,
            "updated_at": now,
        }
        done = self.conn.execute(
            update(announcements).where(announcements.c.event_id == self.event_id).values(**values)
        )
        if not done.rowcount:
            self.conn.execute(insert(announcements).values(event_id=self.event_id, **values))

    def announced_sequence(self) -> int:
        """The SEQUENCE attendees' calendars hold: 0 until a change was announced."""
        if self.event_id not in self._sequences:
            found = self.conn.scalar(_ANNOUNCED_SEQUENCE, {"event": self.event_id})
            self._sequences[self.event_id] = int(found or 0)
        return self._sequences[self.event_id]

    def is_queued(self, dedupe_key: str) -> bool:
        found = self.conn.execute(
            select(outbox.c.id).where(outbox.c.dedupe_key == dedupe_key)
        ).first()
        return found is not None

    def queue(
        self,
        message_id: str,
        purpose: Purpose,
        to_address: str,
        raw: bytes,
        cause_message: int | None,
        now: datetime,
        dedupe_key: str | None = None,
        channel: Channel = Channel.SMTP,
        *,
        event_id: str | None = None,
    ) -> None:
        self.conn.execute(
            _INSERT_OUTBOX,
            {
                "channel": channel.value,
                "event_id": event_id,
                "message_id": message_id,
                "purpose": purpose.value,
                "to_address": to_address,
                "raw": raw,
                "cause_message": cause_message,
                "status": OutboxStatus.PENDING.value,
                "attempts": 0,
                "next_attempt_at": now,
                "created_at": now,
                "dedupe_key": dedupe_key,
            },
        )

    def forget(self, email: str) -> bool:
        """Remove a person's personal data everywhere; keep what the counts need.

        The status and its dates stay, under an anonymous address, so totals stay right.
        """
        row = self.conn.execute(
            select(attendees.c.id, attendees.c.name).where(
                attendees.c.event_id == self.event_id, attendees.c.email == email
            )
        ).first()
        listed = self.conn.scalar(
            select(invitees.c.name).where(
                invitees.c.event_id == self.event_id, invitees.c.email == email
            )
        )
        anonymous = f"forgotten-{row.id if row else uuid.uuid4().hex[:8]}@invalid"
        self._scrub_mentions(email, [n for n in (row.name if row else None, listed) if n])
        if row is not None:
            self.conn.execute(
                update(attendees)
                .where(attendees.c.id == row.id)
                .values(
                    email=anonymous,
                    name=None,
                    organisation=None,
                    role=None,
                    dietary=None,
                    salutation=None,
                    title=None,
                    first_name=None,
                    last_name=None,
                )
            )
        self.conn.execute(
            update(history)
            .where(
                history.c.event_id == self.event_id,
                history.c.email == email,
            )
            .values(email=anonymous, what="personal data removed", cause="personal data removed")
        )
        # this event's messages and mail, and those about no one event
        of_this_event = (messages.c.event_id == self.event_id) | messages.c.event_id.is_(None)
        self.conn.execute(
            update(messages)
            .where(messages.c.sender == email, of_this_event)
            .values(sender=None, subject="")
        )
        mail_of_this_event = (outbox.c.event_id == self.event_id) | outbox.c.event_id.is_(None)
        self.conn.execute(
            update(outbox)
            .where(outbox.c.to_address == email, mail_of_this_event)
            .values(to_address=anonymous, raw=b"")
        )
        self.conn.execute(
            invitees.delete().where(invitees.c.event_id == self.event_id, invitees.c.email == email)
        )
        return row is not None

    def _scrub_mentions(self, email: str, names: list[str]) -> None:
        """The person's address and name wherever other rows mention them: reasons and review
        items, history causes, send errors; a digest not yet sent lists everyone, so it is
        dropped (the next one is made without the person)."""
        removed = "[removed]"
        texts = [email, *(n for n in names if len(n) >= 3)]
        for table, column in (
            (messages, messages.c.reason),
            (messages, messages.c.subject),
            (history, history.c.what),
            (history, history.c.cause),
            (outbox, outbox.c.last_error),
        ):
            for text in texts:
                self.conn.execute(
                    update(table)
                    .where(column.contains(text, autoescape=True))
                    .values({column.name: func.replace(column, text, removed)})
                )
        self.conn.execute(
            update(outbox)
            .where(outbox.c.purpose == "digest", outbox.c.status != "sent")
            .values(raw=b"", status="failed", last_error="dropped: it held a forgotten person")
        )

    def everyone_to_forget(self) -> list[str]:
        """Every address the event still holds personal data of, with the senders of messages
        the bot could not tie to one event (forgotten with the first event that is over)."""
        found = set(
            self.conn.scalars(
                select(attendees.c.email).where(
                    attendees.c.event_id == self.event_id, attendees.c.email.not_like("forgotten-%")
                )
            )
        )
        found |= set(
            self.conn.scalars(select(invitees.c.email).where(invitees.c.event_id == self.event_id))
        )
        found |= {
            s
            for s in self.conn.scalars(
                select(messages.c.sender)
                .where((messages.c.event_id == self.event_id) | messages.c.event_id.is_(None))
                .distinct()
            )
            if s
        }
        return sorted(found)
