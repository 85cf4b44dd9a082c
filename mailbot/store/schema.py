"""The database tables and the ordered list of named migrations that build them.

SQLAlchemy Core; runs on SQLite and PostgreSQL. ``Store.migrate`` applies, in one transaction each,
the migrations not yet recorded in ``schema_migrations``. Migration 1 creates the tables as
they are defined here today; every later migration brings an older database to the same shape
and does nothing where the shape is already there (a new database got it from migration 1).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    func,
    insert,
    inspect,
    select,
    text,
    update,
)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC in, timezone-aware UTC out, on SQLite (which keeps no zone) too."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData()

schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("name", String(200), nullable=False),
    Column("applied_at", UTCDateTime, nullable=False),
)

attendees = Table(
    "attendees",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("event_id", String(200), nullable=False),
    Column("email", String(320), nullable=False),
    Column("name", Text),
    Column("organisation", Text),
    Column("role", Text),
    Column("dietary", Text),
    Column("language", String(8), nullable=False),
    Column("status", String(20), nullable=False),
    Column("registered_at", UTCDateTime),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("bounced_at", UTCDateTime),  # our mail to this address bounced (migration 2)
    Column("offer_expires_at", UTCDateTime),  # a waiting-list offer is open until (migration 3)
    Column("offer_state", String(20)),  # None | open | accepted | declined | expired (migr. 3)
    Column("salutation", String(40)),  # Anrede from the form: Frau, Herr (migration 4)
    # the name split for greetings and lists (migration 7): from the invitation list, the form,
    # or parsed from ``name``
    Column("title", String(80)),
    Column("first_name", Text),
    Column("last_name", Text),
    UniqueConstraint("event_id", "email", name="uq_attendees_event_email"),
)

messages = Table(
    "messages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("mailbox", String(500), nullable=False),
    Column("uidvalidity", Integer, nullable=False),
    Column("uid", Integer, nullable=False),
    # Message-ID, or a hash of the bytes when there is none: the same mail seen again
    # (redelivered, or after UIDVALIDITY changed) has no second effect.
    Column("message_key", String(300), nullable=False),
    Column("sender", String(320)),
    Column("subject", Text, nullable=False),
    Column("sent_at", UTCDateTime),
    Column("processed_at", UTCDateTime, nullable=False),
    Column("kind", String(40)),
    Column("rule", String(80)),
    Column("outcome", String(20), nullable=False),
    Column("reason", Text, nullable=False),
    Column("needs_review", Boolean, nullable=False),
    # IMAP bookkeeping (move to Processed / flag) happens after the commit; until it is done
    # the row says so, and the next cycle finishes it.
    Column("filed", Boolean, nullable=False),
    # a message left for a human is open until someone closes it (`mailbot review done`, or
    # acting on the person); "retry" asks the next cycle to handle it again (migration 8)
    Column("review_state", String(20)),  # None (open) | done | retry | retried
    Column("review_closed_at", UTCDateTime),
    Column("review_note", Text),
    # the event the message was found to be about; None: none (yet), e.g. "which event?"
    # was asked, or a robot's mail (migration 13)
    Column("event_id", String(200)),
    UniqueConstraint("mailbox", "uidvalidity", "uid", name="uq_messages_location"),
    Index("ix_messages_message_key", "message_key"),
    Index("ix_messages_unfiled", "filed", "mailbox", "uidvalidity"),
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("message_id", String(300), nullable=False, unique=True),
    Column("purpose", String(60), nullable=False),
    Column("to_address", String(320), nullable=False),
    Column("cause_message", Integer, ForeignKey("messages.id")),
    Column("raw", LargeBinary, nullable=False),
    Column("status", String(20), nullable=False),  # pending | sent | failed
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", UTCDateTime, nullable=False),
    Column("last_error", Text),
    Column("created_at", UTCDateTime, nullable=False),
    Column("sent_at", UTCDateTime),
    # mail the bot sends unprompted (reminders, digests, offers) carries a key that says what it
    # is for; the unique index makes "at most once" a property of the database (migration 3)
    Column("dedupe_key", String(300)),
    # host:pid of the process sending it (status "sending"), so that two processes never both
    # send one mail, and a killed sender's mail is taken over at once (migration 5)
    Column("claimed_by", String(200)),
    # how the mail leaves: the drain hands it to the channel of this name (migration 6)
    Column("channel", String(20), nullable=False, server_default="smtp"),
    # a failed send shown for review until a human closes it (migration 8)
    Column("review_closed_at", UTCDateTime),
    Column("review_note", Text),
    # the event the mail is about, so an answer in its thread belongs to it; None: the digest
    # and "which event?" (migration 13)
    Column("event_id", String(200)),
    Index("ix_outbox_due", "status", "next_attempt_at"),
    Index("ix_outbox_to_address", "to_address"),
    Index("ux_outbox_dedupe_key", "dedupe_key", unique=True),
    # the answer limits count the last hour's and day's mail from this index alone (migration
    # 14): without it every decision read every row, its whole raw mail included
    Index("ix_outbox_recent", "created_at", "cause_message", "to_address"),
)

history = Table(
    "history",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("event_id", String(200), nullable=False),
    Column("email", String(320), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("old_status", String(20)),
    Column("new_status", String(20)),
    Column("what", Text, nullable=False),  # what changed, in words
    Column("cause", Text, nullable=False),  # the message, command or job that changed it
    Index("ix_history_person", "event_id", "email", "at"),
    Index("ix_history_at", "event_id", "at"),
)

# The organizer's list of people invited (migration 5): replies are tied to it, and its
# names and organisations fill what a reply does not say.
invitees = Table(
    "invitees",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("event_id", String(200), nullable=False),
    Column("email", String(320), nullable=False),
    Column("name", Text),
    Column("organisation", Text),
    Column("language", String(8)),
    Column("extra", Text, nullable=False),  # the list's other columns, as JSON
    Column("added_at", UTCDateTime, nullable=False),
    # the list's name columns and role (migration 7)
    Column("salutation", String(40)),
    Column("title", String(80)),
    Column("first_name", Text),
    Column("last_name", Text),
    Column("role", Text),
    Column("bounced_at", UTCDateTime),  # the invitation bounced (migration 9)
    UniqueConstraint("event_id", "email", name="uq_invitees_event_email"),
)

# Every time a limit held an answer back (migration 12), counted in the digest. No address: it
# would be one more copy of personal data to forget.
limit_hits = Table(
    "limit_hits",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("event_id", String(200), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("which", String(20), nullable=False),  # mailbox | domain | hour
    Index("ix_limit_hits_at", "event_id", "at"),
)

# What attendees were last told about the event, so a change can be announced (migration 3).
announcements = Table(
    "announcements",
    metadata,
    Column("event_id", String(200), primary_key=True),
    Column("sequence", Integer, nullable=False),
    Column("title", Text, nullable=False),
    Column("starts", UTCDateTime, nullable=False),
    Column("ends", UTCDateTime, nullable=False),
    Column("location", Text, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)


# When the bot first read each inbox (migration 11): mail that arrived before is an organizer's
# old mail, left alone unless `run --backlog` or `[imap] since` says otherwise.
inbox_starts = Table(
    "inbox_starts",
    metadata,
    Column("mailbox", String(500), primary_key=True),
    Column("started_at", UTCDateTime, nullable=False),
)


# When the worker last finished a cycle, for `mailbot status` (migration 9).
cycles = Table(
    "cycles",
    metadata,
    Column("event_id", String(200), primary_key=True),
    Column("finished_at", UTCDateTime, nullable=False),
)


# The last version of each template that rendered, so that after a restart a broken edit
# still falls back to it (migration 10). Keyed by the template's path under the folder.
template_versions = Table(
    "template_versions",
    metadata,
    Column("path", String(300), primary_key=True),
    Column("text_source", Text),
    Column("html_source", Text),
    Column("kept_at", UTCDateTime, nullable=False),
)


def _initial_tables(conn: Connection) -> None:
    for table in (attendees, messages, outbox):
        table.create(conn)


def _add_missing_column(table: Table, name: str) -> Callable[[Connection], None]:
    def step(conn: Connection) -> None:
        if name in {c["name"] for c in inspect(conn).get_columns(table.name)}:
            return
        column_type = table.c[name].type.compile(dialect=conn.dialect)
        conn.execute(text(f'ALTER TABLE {table.name} ADD COLUMN "{name}" {column_type}'))

    return step


def _index(table: Table, name: str) -> Callable[[Connection], None]:
    def step(conn: Connection) -> None:
        next(i for i in table.indexes if i.name == name).create(conn, checkfirst=True)

    return step


def _event_life(conn: Connection) -> None:
    _add_missing_column(outbox, "dedupe_key")(conn)
    _add_missing_column(attendees, "offer_expires_at")(conn)
    _add_missing_column(attendees, "offer_state")(conn)
    _index(outbox, "ux_outbox_dedupe_key")(conn)
    for table in (history, announcements):
        table.create(conn, checkfirst=True)


def _invitations(conn: Connection) -> None:
    invitees.create(conn, checkfirst=True)
    _add_missing_column(outbox, "claimed_by")(conn)


def _outbox_channel(conn: Connection) -> None:
    """Every mail queued so far went out by SMTP, the only channel there was."""
    if "channel" in {c["name"] for c in inspect(conn).get_columns(outbox.name)}:
        return
    conn.execute(
        text("ALTER TABLE outbox ADD COLUMN \"channel\" VARCHAR(20) NOT NULL DEFAULT 'smtp'")
    )


def _inbox_starts(conn: Connection) -> None:
    """A store that has handled mail started when it handled its first message there."""
    inbox_starts.create(conn, checkfirst=True)
    first = select(messages.c.mailbox, func.min(messages.c.processed_at)).group_by(
        messages.c.mailbox
    )
    known = set(conn.scalars(select(inbox_starts.c.mailbox)))
    for mailbox, started_at in conn.execute(first):
        if mailbox not in known:
            conn.execute(insert(inbox_starts).values(mailbox=mailbox, started_at=started_at))


def _names(conn: Connection) -> None:
    for column in ("title", "first_name", "last_name"):
        _add_missing_column(attendees, column)(conn)
    for column in ("salutation", "title", "first_name", "last_name", "role"):
        _add_missing_column(invitees, column)(conn)


def _review(conn: Connection) -> None:
    for column in ("review_state", "review_closed_at", "review_note"):
        _add_missing_column(messages, column)(conn)
    for column in ("review_closed_at", "review_note"):
        _add_missing_column(outbox, column)(conn)


def _invitation_tracking(conn: Connection) -> None:
    _add_missing_column(invitees, "bounced_at")(conn)
    cycles.create(conn, checkfirst=True)


def _events_for_messages_and_outbox(conn: Connection) -> None:
    """A database of one event: its messages and mail were all about that event."""
    _add_missing_column(messages, "event_id")(conn)
    _add_missing_column(outbox, "event_id")(conn)
    # every store in use names its event in one of these (a cycle records itself, and
    # announces the event); before this migration a store held exactly one event
    known: set[str] = set()
    for table in (attendees, invitees, announcements, history, cycles, limit_hits):
        known |= set(conn.scalars(select(table.c.event_id).distinct()))
    if len(known) == 1:
        (only,) = known
        for table in (messages, outbox):
            conn.execute(update(table).where(table.c.event_id.is_(None)).values(event_id=only))


Migration = tuple[int, str, Callable[[Connection], None]]
MIGRATIONS: tuple[Migration, ...] = (
    (1, "attendees, messages and outbox", _initial_tables),
    (2, "attendees.bounced_at", _add_missing_column(attendees, "bounced_at")),
    (3, "history, announcements, outbox.dedupe_key, attendees' waiting-list offers", _event_life),
    (4, "attendees.salutation", _add_missing_column(attendees, "salutation")),
    (5, "invitees, outbox.claimed_by", _invitations),
    (6, "outbox.channel", _outbox_channel),
    (7, "people's names split: salutation, title, first and last name", _names),
    (8, "review items can be closed and retried", _review),
    (9, "invitees.bounced_at, cycles", _invitation_tracking),
    (10, "template_versions", lambda conn: template_versions.create(conn, checkfirst=True)),
    (11, "inbox_starts", _inbox_starts),
    (12, "limit_hits", lambda conn: limit_hits.create(conn, checkfirst=True)),
    (
        13,
        "messages.event_id, outbox.event_id: many events from one inbox",
        _events_for_messages_and_outbox,
    ),
    (14, "an index for the answer limits", _index(outbox, "ix_outbox_recent")),
)


def pending_migrations(conn: Connection) -> list[Migration]:
    schema_migrations.create(conn, checkfirst=True)
    applied = set(conn.scalars(select(schema_migrations.c.version)))
    return [m for m in MIGRATIONS if m[0] not in applied]


def apply_migration(conn: Connection, migration: Migration, now: datetime) -> None:
    version, name, step = migration
    step(conn)
    conn.execute(insert(schema_migrations).values(version=version, name=name, applied_at=now))
