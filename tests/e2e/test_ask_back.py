"""Asking instead of guessing, end to end: an unclear answer to an invitation gets one short
question in its thread; the answer to that question decides; a second unclear answer goes to a
human, and nobody is asked twice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support import letters
from tests.support.bot import Bot
from tests.support.mailservers import MailServers

pytestmark = pytest.mark.mailservers


def _invited(mail_servers: MailServers, tmp_path: Path, unique: str, *people: str) -> Bot:
    bot = Bot.create(mail_servers, tmp_path, f"anmeldung-{unique}@example.test")
    listing = tmp_path / "list.csv"
    listing.write_text(
        "email,name,organisation\n"
        + "".join(f"{p},{p.split('.')[0].title()},Amt\n" for p in people)
    )
    assert bot.cli("invite", str(listing)).returncode == 0
    return bot


def _status(bot: Bot, address: str) -> str | None:
    people = {p["email"]: p for p in json.loads(bot.cli("export", "--format", "json").stdout)}
    return people[address]["status"] if address in people else None


def test_the_answer_to_the_ask_back_registers(
    mail_servers: MailServers, tmp_path: Path, unique: str
) -> None:
    anna = f"anna.{unique}@example.test"
    bot = _invited(mail_servers, tmp_path, unique, anna)
    (invitation,) = bot.inbox_of(anna, 1)

    bot.receive(
        letters.reply_to(
            invitation.as_bytes(),
            anna,
            "Anna Weber",
            "Sofern mein Dezernent zustimmt, melde ich mich gern an.",
        ),
        sender=anna,
    )
    bot.run_until_idle(expected_sent=1)
    _, question = bot.inbox_of(anna, 2)
    assert question["Subject"].startswith("Kurze Rückfrage")
    assert question["Auto-Submitted"] == "auto-replied"
    assert (
        "Antworten Sie einfach mit „Ja“ oder „Nein“" in question.get_body(("plain",)).get_content()
    )
    assert _status(bot, anna) is None  # nothing is done on a guess

    bot.receive(
        letters.reply_to(question.as_bytes(), anna, "Anna Weber", "Ja, ich möchte mich anmelden."),
        sender=anna,
    )
    bot.run_until_idle(expected_sent=1)
    assert _status(bot, anna) == "registered"
    assert bot.inbox_of(anna, 3)[2]["Subject"].startswith("Anmeldebestätigung")


def test_a_bare_no_to_the_ask_back_declines_and_a_second_unclear_answer_goes_to_a_human(
    mail_servers: MailServers, tmp_path: Path, unique: str
) -> None:
    kai, lena = f"kai.{unique}@example.test", f"lena.{unique}@example.test"
    bot = _invited(mail_servers, tmp_path, unique, kai, lena)
    for person in (kai, lena):
        (invitation,) = bot.inbox_of(person, 1)
        bot.receive(
            letters.reply_to(
                invitation.as_bytes(), person, person, "Vielleicht, das weiß ich noch nicht."
            ),
            sender=person,
        )
    bot.run_until_idle(expected_sent=2)

    _, kai_question = bot.inbox_of(kai, 2)
    bot.receive(letters.reply_to(kai_question.as_bytes(), kai, "Kai", "Nein."), sender=kai)
    _, lena_question = bot.inbox_of(lena, 2)
    bot.receive(
        letters.reply_to(lena_question.as_bytes(), lena, "Lena", "Mal sehen, eventuell."),
        sender=lena,
    )
    bot.run_until_idle(expected_sent=1)  # Kai's decline; Lena is not asked a second time

    assert _status(bot, kai) == "declined"
    assert _status(bot, lena) is None
    assert len(bot.servers.messages(lena)) == 2
    review = bot.cli("review", "list").stdout
    assert lena in review and "still unclear after asking back once" in review


def test_a_stand_in_is_asked_about_the_senders_own_place_and_shown_to_the_organizers(
    mail_servers: MailServers, tmp_path: Path, unique: str
) -> None:
    """ "Statt meiner kommt Frau Roth": nobody is registered or cancelled on these words. The
    sender is asked once about their own place (another person must write in themselves), the
    mail waits in `review list` for Frau Roth, and the sender's "Nein" declines only them."""
    ute = f"ute.{unique}@example.test"
    bot = _invited(mail_servers, tmp_path, unique, ute)
    (invitation,) = bot.inbox_of(ute, 1)

    bot.receive(
        letters.reply_to(
            invitation.as_bytes(),
            ute,
            "Ute Lenz",
            "Statt meiner kommt Frau Jana Roth aus unserem Team. Sie isst vegetarisch.",
        ),
        sender=ute,
    )
    bot.run_until_idle(expected_sent=1)
    _, question = bot.inbox_of(ute, 2)
    text = question.get_body(("plain",)).get_content()
    assert question["Subject"].startswith("Kurze Rückfrage")
    assert "selbst" in text and "von ihrer eigenen Adresse" in text
    assert _status(bot, ute) is None  # nobody registered, nobody cancelled
    review = bot.cli("review", "list").stdout
    assert ute in review and "Jana Roth" in review

    bot.receive(letters.reply_to(question.as_bytes(), ute, "Ute Lenz", "Nein."), sender=ute)
    bot.run_until_idle(expected_sent=1)
    assert _status(bot, ute) == "declined"
