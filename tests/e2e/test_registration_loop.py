"""The registration loop end to end: real mail through Postfix into Dovecot, the bot's cycle,
and what each person finds in their own mailbox afterwards."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import letters
from tests.support.bot import Bot
from tests.support.mailservers import BOUNCE_DOMAIN, MailServers

pytestmark = pytest.mark.mailservers


def test_registration_is_answered_in_the_same_thread(bot: Bot, unique: str) -> None:
    anna = f"anna.weber.{unique}@example.test"
    mail = letters.outlook(
        anna,
        "Weber, Anna",
        bot.address,
        "Sehr geehrte Damen und Herren,\n\nhiermit melde ich mich verbindlich "
        "an.\n\nName: Dr. Anna Weber\nOrganisation: Stadtverwaltung "
        "Quickborn\nFunktion: Leiterin Hauptamt\nErnährung: vegetarisch\n\n"
        "Mit freundlichen Grüßen\nAnna Weber",
    )
    bot.receive(mail, sender=anna)

    assert bot.run_until_idle(expected_sent=1) == [anna]

    (confirmation,) = bot.inbox_of(anna, 1)
    sent_id = next(line for line in mail.decode().splitlines() if line.startswith("Message-ID"))
    assert confirmation["In-Reply-To"] == sent_id.split(": ", 1)[1]
    assert sent_id.split(": ", 1)[1] in confirmation["References"]
    assert confirmation["Auto-Submitted"] == "auto-replied"
    assert confirmation["X-Auto-Response-Suppress"] == "All"
    assert confirmation["Subject"] == "Anmeldebestätigung: Zukunftswerkstatt innovative Verwaltung"
    text = confirmation.get_body(("plain",)).get_content()
    html = confirmation.get_body(("html",)).get_content()
    assert "Guten Tag Dr. Anna Weber" in text
    assert "Donnerstag, 14. November 2024, 9:30 Uhr bis 18:00 Uhr" in text
    assert "Stadtverwaltung Quickborn" in html

    exported = json.loads(bot.cli("export", "--format", "json").stdout)
    assert exported == [
        {
            "email": anna,
            "salutation": None,
            "title": "Dr.",
            "first_name": "Anna",
            "last_name": "Weber",
            "name": "Dr. Anna Weber",
            "organisation": "Stadtverwaltung Quickborn",
            "role": "Leiterin Hauptamt",
            "dietary": "vegetarisch",
            "status": "registered",
            "invited_at": None,
            "registered_at": exported[0]["registered_at"],
            "updated_at": exported[0]["updated_at"],
            "bounced_at": None,
        }
    ]
    # handled mail leaves the inbox for Processed
    assert bot.servers.messages(bot.address) == []
    assert len(bot.servers.messages(bot.address, "Processed")) == 1


def test_decline_is_recorded_and_acknowledged(bot: Bot, unique: str) -> None:
    kai = f"kai.{unique}@example.test"
    bot.receive(
        letters.gmail(
            kai,
            "Kai Petersen",
            bot.address,
            "Hallo,\n\nich kann am 14.11. leider nicht teilnehmen, da ich auf "
            "einer Dienstreise bin.\n\nViele Grüße\nKai Petersen",
        ),
        sender=kai,
    )

    bot.run_until_idle(expected_sent=1)

    (ack,) = bot.inbox_of(kai, 1)
    assert ack["Subject"].startswith("Ihre Absage")
    people = json.loads(bot.cli("export", "--format", "json").stdout)
    assert [(p["email"], p["status"], p["name"]) for p in people] == [
        (kai, "declined", "Kai Petersen")
    ]


def test_robots_are_never_answered(bot: Bot, unique: str) -> None:
    maria = f"maria.{unique}@example.test"
    legacy = f"legacy.{unique}@example.test"
    newsletter = f"news.{unique}@example.test"
    bot.receive(
        letters.exchange_out_of_office(
            maria, "Maria Schulz", bot.address, in_reply_to=letters.INVITATION_ID
        ),
        sender=maria,
    )
    bot.receive(
        letters.exchange_out_of_office(
            legacy, "Old System", bot.address, in_reply_to=letters.INVITATION_ID, headers=False
        ),
        sender=legacy,
    )
    bot.receive(letters.list_mail(newsletter, bot.address), sender=newsletter)
    # A real bounce: the bot answers an address Postfix accepts and then bounces.
    ghost = f"ghost.{unique}@{BOUNCE_DOMAIN}"
    bot.receive(
        letters.gmail(ghost, "Ghost", bot.address, "Ich melde mich an."),
        sender=f"relay.{unique}@example.test",
    )

    report = bot.cycle()
    assert report.drain.sent == [ghost]  # the one registration; its confirmation bounces
    dsn = bot.servers.wait_for(bot.address, 1)
    assert len(dsn) == 1 and b"MAILER-DAEMON" in dsn[0], "Postfix's bounce did not arrive"

    assert bot.run_until_idle(expected_sent=0) == []
    processed = bot.servers.messages(bot.address, "Processed")
    assert len(processed) == 5 and b"MAILER-DAEMON" in processed[-1]
    # the bounce marks the attendee whose confirmation came back
    (ghost_record,) = json.loads(bot.cli("export", "--format", "json").stdout)
    assert ghost_record["email"] == ghost and ghost_record["bounced_at"] is not None
    for robot in (maria, legacy, newsletter):
        bot.inbox_of(robot, 0)
    review = json.loads(bot.cli("review", "list", "--format", "json").stdout)
    assert review["messages"] == []  # robots are filed away, not left for humans
    assert bot.servers.messages(bot.address) == []


def test_a_second_run_sends_nothing(bot: Bot, unique: str) -> None:
    lena = f"lena.{unique}@example.test"
    bot.receive(
        letters.apple_html(
            lena, "Lena Hoffmann", bot.address, "Bin gerne dabei! 👍<div>Ernährung: vegan</div>"
        ),
        sender=lena,
    )
    bot.run_until_idle(expected_sent=1)

    assert bot.run_until_idle(expected_sent=0) == []
    result = bot.cli("run", "--once")
    assert result.returncode == 0, result.stderr
    assert "0 messages handled; 0 mails sent" in result.stdout
    bot.inbox_of(lena, 1)


def test_the_same_person_registering_twice_stays_one_attendee(bot: Bot, unique: str) -> None:
    jan = f"jan.{unique}@example.test"
    bot.receive(
        letters.thunderbird(jan, "Jan Krüger", bot.address, "Ich nehme gerne teil."), sender=jan
    )
    bot.receive(
        letters.outlook(
            jan,
            "Krüger, Jan",
            bot.address,
            "Hiermit melde ich mich an.\n\nOrganisation: Amt Pinnau",
        ),
        sender=jan,
    )
    bot.run_until_idle(expected_sent=2)

    # the second mail is outside the bot's thread with Jan: its details wait for Jan's own answer
    people = json.loads(bot.cli("export", "--format", "json").stdout)
    assert [(p["email"], p["status"], p["organisation"]) for p in people] == [
        (jan, "registered", None)
    ]
    _confirmation, request = bot.inbox_of(jan, 2)
    assert "Amt Pinnau" not in request.as_string()
    bot.receive(
        letters.reply_to(request.as_bytes(), jan, "Jan Krüger", "Organisation: Amt Pinnau"),
        sender=jan,
    )
    bot.run_until_idle(expected_sent=1)
    people = json.loads(bot.cli("export", "--format", "json").stdout)
    assert [(p["email"], p["status"], p["organisation"]) for p in people] == [
        (jan, "registered", "Amt Pinnau")
    ]


def test_forged_cancellation_does_not_cancel(bot: Bot, unique: str) -> None:
    anna = f"anna.{unique}@example.test"
    bot.receive(
        letters.gmail(anna, "Anna Weber", bot.address, "Ich melde mich gerne an."), sender=anna
    )
    bot.run_until_idle(expected_sent=1)

    # Someone else claims to be Anna, outside any thread the bot started with her.
    bot.receive(
        letters.forged(anna, "Anna Weber", bot.address, "Bitte stornieren Sie meine Anmeldung."),
        sender=f"mallory.{unique}@example.test",
    )
    bot.run_until_idle(expected_sent=1)

    _confirmation, request = bot.inbox_of(anna, 2)
    assert request["Subject"].startswith("Bitte bestätigen")
    assert _status(bot, anna) == "registered"

    # Only the real Anna receives the request; her answer to it cancels.
    bot.receive(
        letters.reply_to(request.as_bytes(), anna, "Anna Weber", "Ja, bitte stornieren."),
        sender=anna,
    )
    bot.run_until_idle(expected_sent=1)
    assert _status(bot, anna) == "cancelled"
    assert bot.inbox_of(anna, 3)[2]["Subject"].startswith("Abmeldung bestätigt")


def test_cancellation_in_the_bots_thread_cancels_at_once(bot: Bot, unique: str) -> None:
    ben = f"ben.{unique}@example.test"
    bot.receive(letters.gmail(ben, "Ben Otto", bot.address, "Count me in!"), sender=ben)
    bot.run_until_idle(expected_sent=1)
    (confirmation,) = bot.inbox_of(ben, 1)

    bot.receive(
        letters.reply_to(
            confirmation.as_bytes(),
            ben,
            "Ben Otto",
            "Leider muss ich absagen, mir ist etwas dazwischengekommen.",
        ),
        sender=ben,
    )
    bot.run_until_idle(expected_sent=1)

    assert _status(bot, ben) == "cancelled"


def _status(bot: Bot, address: str) -> str:
    people = json.loads(bot.cli("export", "--format", "json").stdout)
    return next(p["status"] for p in people if p["email"] == address)


def test_a_refused_recipient_is_marked_failed_and_shown_for_review(bot: Bot, unique: str) -> None:
    stranger = f"someone.{unique}@elsewhere.invalid"  # Postfix refuses it with 550 at RCPT
    bot.receive(
        letters.gmail(stranger, "Some One", bot.address, "Ich nehme gerne teil."),
        sender=f"relay.{unique}@example.test",
    )

    assert bot.run_until_idle(expected_sent=0) == []

    review = json.loads(bot.cli("review", "list", "--format", "json").stdout)
    (failed,) = review["failed_sends"]
    assert failed["to"] == stranger
    assert "550" in failed["error"]
    assert bot.run_until_idle(expected_sent=0) == []  # a permanent failure is not retried


def test_the_long_running_worker_answers_and_stops_cleanly_on_sigterm(
    bot: Bot, unique: str
) -> None:
    worker = subprocess.Popen(
        [sys.executable, "-m", "mailbot", "--config", str(bot.config_path), "run"],
        cwd=bot.folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        eva = f"eva.{unique}@example.test"
        bot.receive(
            letters.outlook(eva, "Eva Lang", bot.address, "Ich nehme gerne teil."), sender=eva
        )
        (confirmation,) = bot.inbox_of(eva, 1)  # polled within poll_seconds = 1
        assert confirmation["Subject"].startswith("Anmeldebestätigung")
    finally:
        worker.send_signal(signal.SIGTERM)
        _, stderr = worker.communicate(timeout=30)
    assert worker.returncode == 0, stderr
    assert "stopping after the message in hand" in stderr
    assert "Traceback" not in stderr


def test_a_missing_required_field_is_asked_for_and_the_answer_completes_it(
    mail_servers: MailServers, tmp_path: Path, unique: str
) -> None:
    bot = Bot.create(
        mail_servers,
        tmp_path,
        f"anmeldung-{unique}@example.test",
        required_fields=("organisation",),
    )
    ole = f"ole.{unique}@example.test"
    bot.receive(letters.gmail(ole, "Ole Wiese", bot.address, "Ich bin dabei!"), sender=ole)
    bot.run_until_idle(expected_sent=1)
    (request,) = bot.inbox_of(ole, 1)
    assert "Ihre Organisation bzw. Behörde" in request.get_body(("plain",)).get_content()

    bot.receive(letters.reply_to(request.as_bytes(), ole, "Ole Wiese", "Amt Pinnau"), sender=ole)
    bot.run_until_idle(expected_sent=1)

    confirmation = bot.inbox_of(ole, 2)[1]
    assert confirmation["Subject"].startswith("Anmeldebestätigung")
    assert "Organisation: Amt Pinnau" in confirmation.get_body(("plain",)).get_content()
    (record,) = json.loads(bot.cli("export", "--format", "json").stdout)
    assert (record["status"], record["organisation"]) == ("registered", "Amt Pinnau")
