"""Every kind of mail is made by one function: the same headers, the same .ics, one name."""

from __future__ import annotations

import dataclasses
import email
import email.policy
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest

from mailbot.compose.templates import Templates
from mailbot.config import SHIPPED_TEMPLATES, Config
from mailbot.domain.model import AttendeeStatus, Invitee, Purpose, Recipient
from mailbot.outbox.enqueue import mail
from mailbot.store.database import Store
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
