"""Every kind of mail is made by one function: the same headers, the same .ics, one name."""

from __future__ import annotations

import dataclasses
import email
import email.policy
import shutil
from collections.abc import Iterator
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from mailbot.compose.digest import EventSnapshot, Snapshot, digest_context
from mailbot.compose.templates import Templates
from mailbot.config import SHIPPED_TEMPLATES, Config
from mailbot.domain.model import Attendee, AttendeeStatus, Invitee, Purpose, Recipient
from mailbot.outbox.enqueue import mail
from mailbot.store.database import Store
from mailbot.understand.parse import parse
from tests.support.samples import NOW, person, sample_config


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store.open(f"sqlite:///{tmp_path / 'db.sqlite'}", "zukunftswerkstatt-2024")
    store.migrate(NOW)
    yield store
    store.close()


def queued(store: Store) -> list[EmailMessage]:
    return [
        email.message_from_bytes(m.raw, policy=email.policy.default)  # type: ignore[misc]
        for m in store.due_mail(NOW, 10)
    ]


def calendar_names(message: EmailMessage) -> list[str]:
    return [
        part.get_filename() or ""
        for part in message.iter_attachments()
        if part.get_content_type() == "text/calendar"
    ]


def test_an_english_invitation_and_a_german_confirmation_name_their_ics_alike(
    store: Store,
) -> None:
    config: Config = sample_config()
    config = dataclasses.replace(
        config, events=(dataclasses.replace(config.event, invitation_calendar=True),)
    )
    templates = Templates(SHIPPED_TEMPLATES, "de")
    invitee = Invitee("grace@a.example", "Grace Miller", "", "en", {})
    with store.transaction() as tx:
        row = {"email": invitee.email, "name": invitee.name, "organisation": ""}
        mail(
            tx,
            config,
            config.event,
            templates,
            invitee.recipient,
            Purpose.INVITATION,
            NOW,
            values={"invitee": row},
        )
        registered = person(AttendeeStatus.REGISTERED)
        mail(tx, config, config.event, templates, registered, Purpose.CONFIRMATION, NOW)
    invitation, confirmation = queued(store)
    assert (
        calendar_names(invitation) == calendar_names(confirmation) == ["zukunftswerkstatt-2024.ics"]
    )
    (calendar,) = (p for p in invitation.iter_attachments() if p.get_filename())
    assert "METHOD:REQUEST" in calendar.get_content()
    for message in (invitation, confirmation):
        assert message["Auto-Submitted"] in ("auto-generated", "auto-replied")
        assert message["X-Mailbot-Event"] == "zukunftswerkstatt-2024"


def test_a_test_send_borrows_the_template_and_says_it_is_a_test(store: Store) -> None:
    config = sample_config()
    with store.transaction() as tx:
        mail(
            tx,
            config,
            config.event,
            Templates(SHIPPED_TEMPLATES, "de"),
            Recipient("admin@a.de", "en"),
            Purpose.TEST_SEND,
            NOW,
            template=Purpose.REMINDER,
            values={"offer_expires": None},
        )
    (test,) = queued(store)
    assert test["Subject"].startswith("[TEST] Reminder:")
    assert calendar_names(test) == []  # only the real reminder carries the calendar
    assert store.due_mail(NOW, 10)[0].purpose is Purpose.TEST_SEND


def queue(
    store: Store,
    to: Attendee | Recipient,
    purpose: Purpose,
    config: Config | None = None,
    templates: Templates | None = None,
    **more: Any,
) -> bool:
    config = config or sample_config()
    event = None if purpose is Purpose.DIGEST else config.events[0]
    with store.transaction() as tx:
        return mail(
            tx,
            config,
            event,
            templates or Templates(SHIPPED_TEMPLATES, "de"),
            to,
            purpose,
            NOW,
            **more,
        )


def text_of(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()  # type: ignore[union-attr]


INVITEE = {"invitee": {"email": "grace@a.example", "name": "Grace Miller", "organisation": ""}}


def test_mail_that_goes_out_at_most_once_is_queued_once(store: Store) -> None:
    anna = person(AttendeeStatus.REGISTERED)
    assert queue(store, anna, Purpose.REMINDER, dedupe_key="reminder:1:anna@a.de")
    assert not queue(store, anna, Purpose.REMINDER, dedupe_key="reminder:1:anna@a.de")
    assert len(queued(store)) == 1


def test_the_confirmation_publishes_the_event_and_only_an_invitation_may_request_it(
    store: Store,
) -> None:
    config = sample_config()
    config = dataclasses.replace(
        config, events=(dataclasses.replace(config.event, invitation_calendar=True),)
    )
    queue(store, person(AttendeeStatus.REGISTERED), Purpose.CONFIRMATION, config)
    queue(store, person(AttendeeStatus.DECLINED), Purpose.DECLINED, config)
    confirmation, declined = queued(store)
    (calendar,) = (p for p in confirmation.iter_attachments() if p.get_filename())
    assert "METHOD:PUBLISH" in calendar.get_content()
    assert calendar_names(declined) == []


def test_an_invitation_carries_no_calendar_unless_the_config_asks(store: Store) -> None:
    queue(store, Recipient("grace@a.example", "en"), Purpose.INVITATION, values=INVITEE)
    (invitation,) = queued(store)
    assert calendar_names(invitation) == []


@pytest.mark.parametrize("purpose", [Purpose.CHANGE_NOTICE, Purpose.REMINDER])
def test_nobody_without_a_seat_gets_the_event_for_their_calendar(
    store: Store, purpose: Purpose
) -> None:
    queue(store, person(AttendeeStatus.WAITLISTED), purpose, values={"offer_expires": None})
    (message,) = queued(store)
    assert calendar_names(message) == []


def test_the_waiting_list_mail_tells_the_place_in_the_queue(store: Store) -> None:
    with store.transaction() as tx:
        for n, address in enumerate(("ben@a.de", "anna@a.de")):  # Ben was first
            later = NOW + timedelta(minutes=n)
            tx.save_attendee(address, AttendeeStatus.WAITLISTED, {}, "de", later, "test")
    queue(store, person(AttendeeStatus.WAITLISTED), Purpose.WAITLISTED)
    (message,) = queued(store)
    assert "Sie stehen an Position 2" in text_of(message)


def test_every_mail_to_people_carries_the_organizers_footer_in_their_language_but_the_digest(
    store: Store,
) -> None:
    grace = dataclasses.replace(person(AttendeeStatus.REGISTERED), language="en")
    queue(store, grace, Purpose.CONFIRMATION)
    queue(store, Recipient("orga@a.de", "de"), Purpose.DIGEST, values=digest_values())
    confirmation, digest = queued(store)
    assert "Privacy notice (GDPR Art. 13)" in text_of(confirmation)
    assert "DSGVO" not in text_of(digest) and "GDPR" not in text_of(digest)


def digest_values() -> dict[str, object]:
    config = sample_config()
    nobody = Snapshot([EventSnapshot(config.event, [], [])], [], [], None)
    return digest_context(config, nobody, NOW.date(), NOW, {})


def test_mail_in_a_thread_names_the_message_it_follows(store: Store) -> None:
    queue(store, person(AttendeeStatus.REGISTERED), Purpose.CONFIRMATION, in_thread_of="<i@b>")
    (message,) = queued(store)
    assert message["In-Reply-To"] == "<i@b>" and message["References"] == "<i@b>"


def test_an_answer_to_an_invitation_goes_to_the_bot_whoever_sends_it(store: Store) -> None:
    queue(store, Recipient("grace@a.example", "en"), Purpose.INVITATION, values=INVITEE)
    queue(store, person(AttendeeStatus.REGISTERED), Purpose.CONFIRMATION)
    invitation, confirmation = queued(store)
    assert invitation["Reply-To"] == sample_config().bot.address
    assert confirmation["Reply-To"] is None


def test_after_a_restart_a_broken_template_edit_is_rendered_from_the_last_good_version(
    store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "templates"
    shutil.copytree(SHIPPED_TEMPLATES, folder)
    config = sample_config()
    anna = person(AttendeeStatus.REGISTERED)
    queue(store, anna, Purpose.CONFIRMATION, config, Templates(folder, "de"))
    edited = folder / "de" / "confirmation.txt.j2"
    edited.write_text("{% set subject %}Kaputt{% endset %}{% if %}\n", encoding="utf-8")
    restarted = Templates(folder, "de")  # a new process: nothing of the first one in memory
    queue(store, anna, Purpose.CONFIRMATION, config, restarted)
    first, second = queued(store)
    assert second["Subject"] == first["Subject"]
    assert second["Subject"].startswith("Anmeldebestätigung")


def test_the_request_for_details_names_each_detail_still_missing(store: Store) -> None:
    queue(
        store,
        person(AttendeeStatus.REGISTERED),
        Purpose.MISSING_INFORMATION,
        missing=("organisation", "dietary"),
    )
    (message,) = queued(store)
    text = text_of(message)
    assert "Ihre Organisation bzw. Behörde" in text and "Ihre Ernährungswünsche" in text
    assert "Ihre Funktion" not in text


def test_a_reply_template_may_quote_the_subject_it_answers(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    shutil.copytree(SHIPPED_TEMPLATES, folder)
    edited = folder / "de" / "confirmation.txt.j2"
    edited.write_text(
        "{% set subject %}Re: {{ their_subject }}{% endset %}Danke.\n", encoding="utf-8"
    )
    answering = parse(
        b"From: anna@a.de\r\nSubject: Anmeldung Werkstatt\r\nMessage-ID: <m@a.de>\r\n\r\nJa\r\n"
    )
    anna = person(AttendeeStatus.REGISTERED)
    queue(store, anna, Purpose.CONFIRMATION, templates=Templates(folder, "de"), answering=answering)
    (message,) = queued(store)
    assert message["Subject"] == "Re: Anmeldung Werkstatt" and message["In-Reply-To"] == "<m@a.de>"


def test_with_two_events_a_mail_about_one_names_only_that_event_in_its_privacy_notice(
    store: Store,
) -> None:
    config = sample_config()
    werkstatt = config.event
    other = dataclasses.replace(werkstatt, id="sommerfest", title="Sommerfest")
    config = dataclasses.replace(config, events=(werkstatt, other))
    queue(store, person(AttendeeStatus.REGISTERED), Purpose.CONFIRMATION, config)
    (message,) = queued(store)
    assert werkstatt.title in text_of(message) and "Sommerfest" not in text_of(message)
