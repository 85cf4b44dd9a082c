"""Two events from one inbox, wired with only IMAP and SMTP faked (SQLite and PostgreSQL): a
mail belongs to the event of the thread it answers, or to the one it names, or to the only one
open; otherwise the sender is asked which, and nothing is guessed or acted on meanwhile."""

from __future__ import annotations

import argparse
import dataclasses
import json
from datetime import timedelta
from email.message import EmailMessage

import pytest

from mailbot.cli import commands
from tests.support.wired import WiredBot, letter, wired_config

ANNA = "anna@a.example"


@pytest.fixture
def bot(database_url: str) -> WiredBot:
    config = wired_config(database_url)
    day_before = (timedelta(days=1),)
    nord = dataclasses.replace(
        config.event, id="nord", title="Zukunftswerkstatt Nord", reminders=day_before
    )
    sued = dataclasses.replace(
        config.event,
        reminders=day_before,
        id="sued",
        title="Zukunftswerkstatt Süd",
        starts=config.event.starts + timedelta(days=21),
        ends=config.event.ends + timedelta(days=21),
    )
    return WiredBot.create(dataclasses.replace(config, events=(nord, sued)))


def people(bot: WiredBot, event: str) -> dict[str, str]:
    with bot.app() as app:
        store = app.store_for(app.event(event))
        return {a.email: a.status.value for a in store.attendees()}


def asked_which(bot: WiredBot, body: str, address: str = ANNA) -> EmailMessage:
    bot.receive(letter(address, body, subject="Anmeldung"))
    (sent,) = bot.run_until_idle(expected_sent=1)
    assert str(sent.message["Subject"]) == "Für welche Veranstaltung?"
    return sent.message


def test_an_unthreaded_registration_is_asked_about_and_the_answer_decides(bot: WiredBot) -> None:
    question = asked_which(bot, "Hiermit melde ich mich an.")
    text = question.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Zukunftswerkstatt Nord" in text and "Zukunftswerkstatt Süd" in text
    assert question["In-Reply-To"] is None  # a request of its own, quoting nothing
    assert people(bot, "nord") == people(bot, "sued") == {}

    bot.receive(letter(ANNA, "Die Zukunftswerkstatt Süd, bitte.", answering=question))
    (sent,) = bot.run_until_idle(expected_sent=1)
    assert str(sent.message["Subject"]) == "Anmeldebestätigung: Zukunftswerkstatt Süd"
    (ics,) = [p for p in sent.message.iter_attachments() if p.get_filename() == "sued.ics"]
    assert "UID:sued@" in ics.get_content()
    assert (people(bot, "nord"), people(bot, "sued")) == ({}, {ANNA: "registered"})

    # in the confirmation's thread, a cancellation is about that event alone
    bot.receive(letter(ANNA, "Leider muss ich absagen.", answering=sent.message))
    bot.run_until_idle(expected_sent=1)
    assert people(bot, "sued") == {ANNA: "cancelled"}


def test_an_answer_naming_no_event_and_an_unthreaded_question_wait_for_a_human(
    bot: WiredBot,
) -> None:
    question = asked_which(bot, "Hiermit melde ich mich an.")
    bot.receive(letter(ANNA, "Die, die näher liegt.", answering=question))
    bot.receive(letter("ben@b.example", "Gibt es dort Parkplätze?", name="Ben Ott"))
    bot.run_until_idle(expected_sent=0)
    with bot.app() as app:
        items = app.store.review_items()
    assert len(items) == 2 and all(item.event_id is None for item in items)
    assert "names none of them" in items[1].reason
    assert "several events are open" in items[0].reason
    assert people(bot, "nord") == people(bot, "sued") == {}


def test_a_mail_naming_one_event_or_when_only_one_is_open_goes_there(bot: WiredBot) -> None:
    bot.receive(letter(ANNA, "Ich melde mich zur Zukunftswerkstatt Nord an."))
    (sent,) = bot.run_until_idle(expected_sent=1)
    assert str(sent.message["Subject"]) == "Anmeldebestätigung: Zukunftswerkstatt Nord"

    bot.now = bot.config.event_named("nord").starts + timedelta(hours=1)  # Nord has begun
    bot.receive(letter("ben@b.example", "Hiermit melde ich mich an.", name="Ben Ott"))
    (sent,) = bot.run_until_idle(expected_sent=1)
    assert str(sent.message["Subject"]) == "Anmeldebestätigung: Zukunftswerkstatt Süd"
    assert (people(bot, "nord"), people(bot, "sued")) == (
        {ANNA: "registered"},
        {"ben@b.example": "registered"},
    )


def test_a_cancellation_named_in_answer_to_which_event_still_needs_the_persons_yes(
    bot: WiredBot,
) -> None:
    """Anyone can write From: anna; the answer to "which event?" only names the event, so the
    cancellation it completes is confirmed by Anna in that event's own thread first."""
    for event in ("Nord", "Süd"):
        bot.receive(letter(ANNA, f"Ich melde mich zur Zukunftswerkstatt {event} an."))
        bot.run_until_idle(expected_sent=1)
    question = asked_which(bot, "Ich muss leider absagen.")
    bot.receive(letter(ANNA, "Die Zukunftswerkstatt Nord", answering=question))
    (request,) = bot.run_until_idle(expected_sent=1)
    assert str(request.message["Subject"]).startswith("Bitte bestätigen: Abmeldung")
    assert people(bot, "nord") == people(bot, "sued") == {ANNA: "registered"}

    bot.receive(letter(ANNA, "Ja", answering=request.message))
    bot.run_until_idle(expected_sent=1)
    assert (people(bot, "nord"), people(bot, "sued")) == (
        {ANNA: "cancelled"},
        {ANNA: "registered"},
    )


def test_reminders_go_to_each_events_own_people_and_name_their_event(bot: WiredBot) -> None:
    for event, address in (("Nord", ANNA), ("Süd", "ben@b.example")):
        bot.receive(letter(address, f"Ich melde mich zur Zukunftswerkstatt {event} an."))
        bot.run_until_idle(expected_sent=1)
    nord = bot.config.event_named("nord")
    bot.now = nord.starts - timedelta(hours=23)  # the day before, past 09:00
    (reminder,) = bot.run_until_idle(expected_sent=1)
    assert reminder.to_address == ANNA
    assert str(reminder.message["Subject"]).startswith("Erinnerung: Zukunftswerkstatt Nord")
    assert [p.get_filename() for p in reminder.message.iter_attachments()] == ["nord.ics"]
    assert reminder.message["X-Mailbot-Event"] == "nord"


def test_review_list_for_one_event_shows_its_items_and_those_tied_to_none(
    bot: WiredBot, capsys: pytest.CaptureFixture[str]
) -> None:
    bot.receive(letter(ANNA, "Ich melde mich zur Zukunftswerkstatt Nord an."))
    (confirmation,) = bot.run_until_idle(expected_sent=1)
    bot.receive(letter(ANNA, "Gibt es dort Parkplätze?", answering=confirmation.message))
    bot.receive(letter("ben@b.example", "Wo findet das statt?", name="Ben Ott"))
    bot.run_until_idle()

    def listed(event: str) -> list[tuple[str | None, str | None]]:
        with bot.app() as app:
            args = argparse.Namespace(review_command="list", all=False, format="json", event=event)
            assert commands.review(app, args) == 0
        return [(m["sender"], m["event"]) for m in json.loads(capsys.readouterr().out)["messages"]]

    assert sorted(listed("nord"), key=str) == [(ANNA, "nord"), ("ben@b.example", None)]
    assert listed("sued") == [("ben@b.example", None)]
