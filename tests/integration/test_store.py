"""The store on SQLite and PostgreSQL: migrations, one transaction per message, the outbox."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from mailbot.compose.export import attendee_row, to_csv
from mailbot.domain.model import AttendeeStatus, Channel, Outcome, Purpose
from mailbot.errors import StoreError
from mailbot.store.database import Store
from mailbot.store.records import Location, MessageRecord

NOW = datetime(2024, 10, 21, 9, 0, tzinfo=UTC)


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    store = Store.open(database_url, "werkstatt")
    store.migrate(NOW)
    yield store
    store.close()


def record(uid: int, key: str, *, review: bool = False) -> MessageRecord:
    return MessageRecord(
        Location("INBOX", 7, uid),
        key,
        "anna@a.de",
        "AW: Einladung",
        NOW,
        "registration",
        "intent:registration",
        Outcome.ACTED,
        "registered",
        review,
    )


def test_migrations_run_once(store: Store) -> None:
    assert store.migrate(NOW) == 0


def test_a_migration_interrupted_half_way_leaves_no_half_schema(database_url: str) -> None:
    # a worker killed while its first start creates the tables must leave a database the
    # next start can migrate: schema changes commit whole or not at all, SQLite included
    store = Store.open(database_url, "werkstatt")
    try:
        with pytest.raises(RuntimeError), store.transaction() as tx:
            tx.conn.execute(text("CREATE TABLE half_done (id INTEGER)"))
            raise RuntimeError("killed before the migration was recorded")
        with store.transaction() as tx:
            tables = tx.conn.dialect.get_table_names(tx.conn)
        assert "half_done" not in tables
        assert store.migrate(NOW) > 0
    finally:
        store.close()


def test_a_message_its_attendee_and_its_reply_commit_together(store: Store) -> None:
    with store.transaction() as tx:
        row = tx.record_message(record(1, "<m1@a.de>"), NOW)
        tx.save_attendee(
            "anna@a.de", AttendeeStatus.REGISTERED, {"name": "Anna"}, "de", NOW, "test"
        )
        tx.queue("<r1@x>", Purpose.CONFIRMATION, "anna@a.de", b"raw", row, NOW)

    with pytest.raises(RuntimeError), store.transaction() as tx:
        tx.record_message(record(2, "<m2@a.de>"), NOW)
        tx.save_attendee("ben@a.de", AttendeeStatus.REGISTERED, {}, "de", NOW, "test")
        tx.queue("<r2@x>", Purpose.CONFIRMATION, "ben@a.de", b"raw", None, NOW)
        raise RuntimeError("crash before commit")

    assert [a.email for a in store.attendees()] == ["anna@a.de"]
    assert [m.to_address for m in store.due_mail(NOW, 10)] == ["anna@a.de"]
    assert store.last_uid("INBOX", 7) == 1
    with store.transaction() as tx:
        assert tx.is_recorded(Location("INBOX", 7, 1))
        assert not tx.is_recorded(Location("INBOX", 7, 2))
        again, copy, new = (
            tx.arrival(location, key, since=NOW, domain="a.de", events=["werkstatt", "other"])
            for location, key in (
                (Location("INBOX", 7, 1), "<m1@a.de>"),
                (Location("INBOX", 7, 2), "<m1@a.de>"),
                (Location("INBOX", 7, 2), "<m2@a.de>"),
            )
        )
        assert again.recorded and again.first_copy_for_review is False
        assert not copy.recorded and copy.first_copy_for_review is False
        assert not new.recorded and new.first_copy_for_review is None
        # the reply counts as an answer to the domain and in all; no invitation list is here
        assert (new.answers_this_hour, new.answers_to_domain_this_hour) == (1, 1)
        assert new.listed_events == frozenset()


def test_the_same_location_cannot_be_recorded_twice(store: Store) -> None:
    with store.transaction() as tx:
        tx.record_message(record(1, "<m1@a.de>"), NOW)
    with pytest.raises(StoreError), store.transaction() as tx:
        tx.record_message(record(1, "<other@a.de>"), NOW)


def test_cursor_is_per_uidvalidity(store: Store) -> None:
    with store.transaction() as tx:
        tx.record_message(record(41, "<m1@a.de>"), NOW)
    assert store.last_uid("INBOX", 7) == 41
    assert store.last_uid("INBOX", 8) == 0


def test_unfiled_messages_until_marked(store: Store) -> None:
    with store.transaction() as tx:
        first = tx.record_message(record(1, "<m1@a.de>"), NOW)
        second = tx.record_message(record(2, "<m2@a.de>", review=True), NOW)
    assert store.unfiled("INBOX", 7) == [(first, 1, False), (second, 2, True)]
    store.mark_filed([first, second])
    assert store.unfiled("INBOX", 7) == []


def test_outbox_retry_and_failure(store: Store) -> None:
    with store.transaction() as tx:
        tx.queue("<a@x>", Purpose.CONFIRMATION, "anna@a.de", b"a", None, NOW)
        tx.queue("<b@x>", Purpose.CONFIRMATION, "ben@a.de", b"b", None, NOW)
    first, second = store.due_mail(NOW, 10)
    store.mark_retry(first.id, "451 try later", NOW + timedelta(minutes=5))
    store.mark_failed(second.id, "550 no such user")
    assert store.due_mail(NOW, 10) == []
    (retry,) = store.due_mail(NOW + timedelta(minutes=5), 10)
    assert retry.attempts == 1 and retry.raw == b"a"
    store.mark_sent(retry.id, NOW)
    assert store.outbox_counts() == {"sent": 1, "failed": 1}
    assert [(f.to_address, f.error) for f in store.failed_sends()] == [
        ("ben@a.de", "550 no such user")
    ]


def test_claiming_the_next_mails_marks_the_accepted_ones_sent_in_the_same_commit(
    store: Store,
) -> None:
    """The drain never holds more mails claimed and unmarked than it has connections: a crash
    sends at most those again."""
    with store.transaction() as tx:
        for n in range(5):
            tx.queue(f"<m{n}@x>", Purpose.CONFIRMATION, f"p{n}@a.de", b"m", None, NOW)
    first, second, *rest = store.due_mail(NOW, 100)
    assert store.claim([first], NOW) == [first]
    assert store.outbox_counts() == {"sending": 1, "pending": 4}
    # two connections: the accepted one marked, two more claimed, in one commit
    assert store.claim([second, rest[0]], NOW, sent=[first.id]) == [second, rest[0]]
    assert store.outbox_counts() == {"sent": 1, "sending": 2, "pending": 2}
    assert store.claim(rest[1:], NOW, sent=[second.id, rest[0].id]) == rest[1:]
    assert store.outbox_counts() == {"sent": 3, "sending": 2}
    assert store.claim([second], NOW) == []  # sent already: nobody takes it again


def test_thread_purposes_count_only_mail_to_that_address(store: Store) -> None:
    with store.transaction() as tx:
        tx.queue(
            "<to-anna@x>", Purpose.CONFIRMATION, "anna@a.de", b"a", None, NOW, event_id="werkstatt"
        )
        mails = tx.bot_mails(["<to-anna@x>", "<unknown@x>"])
        assert mails.purposes("anna@a.de", "werkstatt") == {"confirmation"}
        assert mails.purposes("anna@a.de", "other") == frozenset()
        assert mails.purposes("mallory@a.de") == frozenset()
        assert mails.events() == {"werkstatt"}


def test_mail_to_one_mailbox_is_counted_however_its_address_is_spelt(store: Store) -> None:
    spellings = ["Anna.W@a.de", "anna.w+event@A.DE", "a.nna@gmail.com", "ANNA@googlemail.com"]
    others = ["anna.wx@a.de", "anna_w@a.de", "anna.w@b.de", "bnna@gmail.com", "jürgen@a.de"]
    with store.transaction() as tx:
        for n, address in enumerate(spellings + others):
            tx.queue(f"<m{n}@x>", Purpose.CONFIRMATION, address, b"m", None, NOW)
        since = NOW - timedelta(days=1)
        assert tx.mail_to_mailbox_since("anna.w@a.de", since) == 2
        assert tx.mail_to_mailbox_since("anna@gmail.com", since) == 2
        assert tx.mail_to_mailbox_since("anna_w@a.de", since) == 1
        assert tx.mail_to_mailbox_since("JÜRGEN@a.de", since) == 1
        assert tx.mail_to_mailbox_since("anna.w@a.de", NOW + timedelta(seconds=1)) == 0


def test_answers_to_a_domain_are_counted_however_its_addresses_are_spelt(store: Store) -> None:
    with store.transaction() as tx:
        row = tx.record_message(record(1, "<m1@a.de>"), NOW)
        for n, address in enumerate(["anna@a.de", "Ben@A.De", "carl@b.a.de", "dora@b.de"]):
            tx.queue(f"<r{n}@x>", Purpose.CONFIRMATION, address, b"m", row, NOW)
        tx.queue("<i@x>", Purpose.INVITATION, "emil@a.de", b"m", None, NOW)  # no answer
        arrival = tx.arrival(
            Location("INBOX", 7, 2), "<m2@a.de>", since=NOW, domain="a.de", events=[]
        )
        # a.de twice however spelt; b.a.de and b.de are other domains
        assert (arrival.answers_this_hour, arrival.answers_to_domain_this_hour) == (4, 2)


def test_waitlist_positions_follow_arrival(store: Store) -> None:
    with store.transaction() as tx:
        for minute, email in enumerate(["a@a.de", "b@a.de", "c@a.de"]):
            tx.save_attendee(
                email, AttendeeStatus.WAITLISTED, {}, "de", NOW + timedelta(minutes=minute), "test"
            )
        assert [tx.waitlist_position(e) for e in ("a@a.de", "b@a.de", "c@a.de")] == [1, 2, 3]
        assert tx.waitlist_position("nobody@a.de") is None
        assert len(tx.waiting_list()) == 3


def test_times_come_back_as_aware_utc(store: Store) -> None:
    with store.transaction() as tx:
        tx.save_attendee(
            "anna@a.de",
            AttendeeStatus.REGISTERED,
            {},
            "de",
            NOW.astimezone(datetime.now().astimezone().tzinfo),
            "test",
        )
    (anna,) = store.attendees()
    assert anna.registered_at == NOW and anna.registered_at.tzinfo is not None


def test_an_unreachable_database_is_one_line_without_the_password() -> None:
    store = Store.open("postgresql://bot:S3cret@127.0.0.1:1/none", "werkstatt")
    with pytest.raises(StoreError) as caught:
        store.migrate(NOW)
    assert "S3cret" not in str(caught.value) and "127.0.0.1:1" in str(caught.value)
    assert "\n" not in str(caught.value)
    store.close()


def test_every_change_is_kept_in_the_history(store: Store) -> None:
    with store.transaction() as tx:
        tx.save_attendee(
            "anna@a.de", AttendeeStatus.REGISTERED, {"name": "Anna"}, "de", NOW, "message <m1@a.de>"
        )
        tx.save_attendee(
            "anna@a.de",
            AttendeeStatus.CANCELLED,
            {},
            "de",
            NOW + timedelta(hours=1),
            "mailbot cancel by orga",
        )
    changes = store.history("anna@a.de")
    assert [(c.what, c.cause) for c in changes] == [
        ("status new → registered", "message <m1@a.de>"),
        ("details name=Anna", "message <m1@a.de>"),
        ("status registered → cancelled", "mailbot cancel by orga"),
    ]
    assert [c.what for c in store.history(since=NOW)] == ["status registered → cancelled"]


def test_unprompted_mail_is_queued_once_per_key(store: Store) -> None:
    with store.transaction() as tx:
        tx.queue(
            "<r1@x>", Purpose.REMINDER, "anna@a.de", b"r", None, NOW, dedupe_key="reminder:P1D:a"
        )
        assert tx.is_queued("reminder:P1D:a") and not tx.is_queued("reminder:P7D:a")
    with pytest.raises(StoreError), store.transaction() as tx:
        tx.queue(
            "<r2@x>", Purpose.REMINDER, "anna@a.de", b"r", None, NOW, dedupe_key="reminder:P1D:a"
        )


def test_mail_queued_before_channels_existed_goes_out_by_smtp(store: Store) -> None:
    # a database from before migration 6: the outbox has no channel column yet
    with store.engine.begin() as conn:
        conn.execute(text("ALTER TABLE outbox DROP COLUMN channel"))
        conn.execute(text("DELETE FROM schema_migrations WHERE version = 6"))
        conn.execute(
            text(
                "INSERT INTO outbox (message_id, purpose, to_address, raw, status, attempts,"
                " next_attempt_at, created_at) VALUES ('<old@x>', 'confirmation', 'anna@a.de',"
                " :raw, 'pending', 0, :now, :now)"
            ),
            {"raw": b"raw", "now": NOW.replace(tzinfo=None)},
        )
    assert store.migrate(NOW) == 1
    (old,) = store.due_mail(NOW + timedelta(seconds=1), 10)
    assert old.message_id == "<old@x>" and old.channel is Channel.SMTP


def test_the_first_start_of_an_inbox_is_kept_from_the_first_run_on(store: Store) -> None:
    assert store.first_start("INBOX", NOW) == NOW
    assert store.first_start("INBOX", NOW + timedelta(days=3)) == NOW
    assert store.first_start("Anmeldungen", NOW + timedelta(days=3)) == NOW + timedelta(days=3)


def test_a_person_keeps_the_name_as_the_invitation_list_split_it(store: Store) -> None:
    from mailbot.domain.model import Invitee
    from mailbot.domain.names import parse_name

    listed = parse_name(None, salutation="Frau Dr.", first_name="Ursula", last_name="von der Leyen")
    with store.transaction() as tx:
        tx.remember_invitee(
            Invitee("uvdl@a.de", "Dr. Ursula von der Leyen", "Amt", "de", {}, listed, "Leitung"),
            NOW,
        )
        # the reply's form wrote the name the short way and no Anrede; the list knows better
        listing = tx.person("uvdl@a.de", ["werkstatt"]).listings["werkstatt"]
        arrival = tx.arrival(
            Location("INBOX", 7, 1), "<m@a.de>", since=NOW, domain="a.de", events=["x", "werkstatt"]
        )
        assert arrival.listed_events == {"werkstatt"}
        assert listing.fields() == {
            "name": "Dr. Ursula von der Leyen",
            "organisation": "Amt",
            "salutation": "Frau",
            "role": "Leitung",
        }
        tx.save_attendee(
            "uvdl@a.de",
            AttendeeStatus.REGISTERED,
            {"name": "U. von der Leyen", "salutation": "Frau"},
            "de",
            NOW,
            "test",
        )
        # someone not on the list: the name is parsed
        tx.save_attendee(
            "jk@a.de",
            AttendeeStatus.REGISTERED,
            {"name": "Krause, Jens", "salutation": "Herr"},
            "de",
            NOW,
            "test",
        )
    ursula, jens = store.attendees()
    assert (ursula.salutation, ursula.title, ursula.first_name, ursula.last_name) == (
        "Frau",
        "Dr.",
        "Ursula",
        "von der Leyen",
    )
    assert (jens.salutation, jens.title, jens.first_name, jens.last_name) == (
        "Herr",
        None,
        "Jens",
        "Krause",
    )
    with store.transaction() as tx:  # set by hand: kept as given, the name follows
        tx.save_attendee("jk@a.de", None, {"title": "Prof."}, "de", NOW, "mailbot edit")
    assert store.attendees()[1].name == "Jens Krause"
    assert store.attendees()[1].title == "Prof."


def test_two_workers_keeping_one_template_at_once_both_commit(postgres_url: str) -> None:
    import threading
    import time

    store = Store.open(postgres_url, "werkstatt")
    store.migrate(NOW)
    errors: list[BaseException] = []

    def second_worker() -> None:
        try:
            with store.transaction() as tx:  # waits for the first worker's row, then updates it
                tx.keep_template("de/confirmation.txt.j2", ("second", None), NOW)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    with store.transaction() as first:
        first.keep_template("de/confirmation.txt.j2", ("first", None), NOW)
        other = threading.Thread(target=second_worker)
        other.start()
        time.sleep(0.5)  # let the second worker's insert block on the first's
    other.join(30)
    assert errors == []
    with store.transaction() as tx:
        assert tx.kept_template("de/confirmation.txt.j2") == ("second", None)
    store.close()


# what ``parse`` lets through into a field: any text but control characters (tabs stay)
field_text = st.text(st.characters(exclude_categories=("Cs", "Cc")) | st.just("\t"), max_size=80)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=40)
@given(organisation=field_text, role=field_text, dietary=field_text)
def test_any_field_value_survives_the_store_and_the_csv(
    store: Store, organisation: str, role: str, dietary: str
) -> None:
    """Free-text fields come back as written (a name is parsed into its parts: not here)."""
    email = f"p{next(_numbers)}@a.de"  # one store for every example: a new person each time
    fields = {"organisation": organisation, "role": role, "dietary": dietary}
    with store.transaction() as tx:
        tx.save_attendee(email, AttendeeStatus.REGISTERED, fields, "de", NOW, "test")
    (person,) = [a for a in store.attendees() if a.email == email]
    assert (person.organisation, person.role, person.dietary) == (organisation, role, dietary)

    text = to_csv([attendee_row(person)], "de", ZoneInfo("Europe/Berlin"))
    header, row = csv.reader(io.StringIO(text[1:], newline=""), delimiter=";")
    for column, value in fields.items():
        guarded = value[:1] in ("=", "+", "-", "@", "\t", "\r")
        heading = {"organisation": "Organisation", "role": "Funktion", "dietary": "Ernährung"}
        assert row[header.index(heading[column])] == ("'" + value if guarded else value)


_numbers = itertools.count()


def test_an_inbox_turn_is_taken_per_schema_and_event(postgres_url: str) -> None:
    """Advisory locks are global to a PostgreSQL database: a bot in another schema (or another
    test run) must never hold this bot's turn at its inbox."""
    here = Store.open(postgres_url, "werkstatt")
    here.migrate(NOW)
    same = Store.open(postgres_url, "werkstatt")
    other_event = Store.open(postgres_url, "sommerfest")
    with here.inbox_turn("INBOX") as mine:
        assert mine
        with same.inbox_turn("INBOX") as also_mine:
            assert not also_mine  # two workers of one bot take turns
        with other_event.inbox_turn("INBOX") as theirs:
            assert theirs
    for store in (here, same, other_event):
        store.close()


def test_an_inbox_turn_in_another_schema_does_not_block(
    postgres_url: str, another_postgres_url: str
) -> None:
    first = Store.open(postgres_url, "werkstatt")
    second = Store.open(another_postgres_url, "werkstatt")
    for store in (first, second):
        store.migrate(NOW)
    with first.inbox_turn("INBOX") as mine, second.inbox_turn("INBOX") as theirs:
        assert mine and theirs
    first.close()
    second.close()


def test_a_sent_digest_keeps_no_copy_of_the_list_it_carried(store: Store) -> None:
    with store.transaction() as tx:
        tx.queue("<d@x>", Purpose.DIGEST, "orga@a.de", b"everyone's name", None, NOW)
        tx.queue("<c@x>", Purpose.CONFIRMATION, "anna@a.de", b"Anna's mail", None, NOW)
    digest, confirmation = store.due_mail(NOW, 10)
    for sent in (digest, confirmation):
        assert store.claim([sent], NOW)
        store.mark_sent(sent.id, NOW)
    with store.engine.connect() as conn:
        bodies = conn.execute(text("SELECT purpose, raw FROM outbox")).all()
    assert sorted((purpose, bytes(raw)) for purpose, raw in bodies) == [
        ("confirmation", b"Anna's mail"),
        ("digest", b""),
    ]


def test_a_database_of_one_event_keeps_its_threads_when_events_arrive(store: Store) -> None:
    # a database from before migration 13: messages and outbox have no event yet
    with store.transaction() as tx:
        tx.save_attendee("anna@a.de", AttendeeStatus.REGISTERED, {}, "de", NOW, "message")
    with store.engine.begin() as conn:
        for table in ("messages", "outbox"):
            conn.execute(text(f"ALTER TABLE {table} DROP COLUMN event_id"))
        conn.execute(text("DELETE FROM schema_migrations WHERE version = 13"))
        conn.execute(
            text(
                "INSERT INTO outbox (message_id, purpose, to_address, raw, status, attempts,"
                " next_attempt_at, created_at, channel) VALUES ('<conf@x>', 'confirmation',"
                " 'anna@a.de', :raw, 'sent', 1, :now, :now, 'smtp')"
            ),
            {"raw": b"raw", "now": NOW.replace(tzinfo=None)},
        )
    assert store.migrate(NOW) == 1
    with store.transaction() as tx:
        mails = tx.bot_mails(["<conf@x>"])
        assert mails.events() == {"werkstatt"}
        assert mails.purposes("anna@a.de", "werkstatt") == {Purpose.CONFIRMATION}
