"""Mail loops: a real Sieve vacation responder, and a hostile autoresponder that answers
everything without any RFC 3834 header and with a fresh subject each time. Over ten simulated
minutes the bot sends each of them at most one mail and never answers the autoresponder."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest

from tests.support import letters
from tests.support.bot import Bot
from tests.support.figures import FIGURES
from tests.support.mailservers import MailServers

pytestmark = [pytest.mark.mailservers, pytest.mark.reliability]
START = datetime(2024, 10, 21, 8, 0, tzinfo=UTC)
HOSTILE_WORDS = [
    "Vielen Dank! Ihre Anmeldung ist bei uns eingegangen.",
    "Ich komme gerne auf Sie zurück.",
    "Ja gerne, wir kümmern uns darum.",
    "Ihre Nachricht wurde registriert. Wir freuen uns auf Ihre Teilnahme.",
]


def hostile_answer(received: EmailMessage, me: str, round_: int) -> bytes:
    """What a badly written autoresponder sends: no headers, a new subject, nice words."""
    answer = EmailMessage(policy=email.policy.SMTP)
    answer["From"] = f"Poststelle <{me}>"
    answer["To"] = str(received["From"])
    answer["Subject"] = f"Ticket #{4711 + round_}: Ihre Nachricht"
    answer["Message-ID"] = letters.message_id("helpdesk.example.test")
    answer["In-Reply-To"] = str(received["Message-ID"])
    answer.set_content(HOSTILE_WORDS[round_ % len(HOSTILE_WORDS)])
    return answer.as_bytes()


def test_a_hostile_autoresponder_gets_one_mail_and_no_answer(
    mail_servers: MailServers, tmp_path: Path, unique: str
) -> None:
    bot = Bot.create(mail_servers, tmp_path, f"anmeldung-{unique}@example.test")
    robot = f"poststelle.{unique}@example.test"
    bot.receive(
        letters.outlook(robot, "Poststelle", bot.address, "Hiermit melden wir uns an."),
        sender=robot,
    )
    answered = 0
    seen = 0
    for minute in range(10):  # ten minutes of back and forth
        bot.run_until_idle(now=START + timedelta(minutes=minute))
        inbox = mail_servers.messages(robot)
        for raw in inbox[seen:]:
            received = email.message_from_bytes(raw, policy=email.policy.default)
            bot.receive(hostile_answer(received, robot, minute), sender=robot)  # type: ignore[arg-type]
            answered += 1
        seen = len(inbox)
    bot.run_until_idle(now=START + timedelta(minutes=11))
    assert len(bot.inbox_of(robot, 1)) == 1  # the confirmation, and nothing after it
    assert answered == 1
    FIGURES["loops: mails to a hostile autoresponder in 10 minutes"] = "1 (the confirmation)"


def test_a_sieve_vacation_responder_is_never_answered(
    mail_servers: MailServers, tmp_path: Path, unique: str
) -> None:
    bot = Bot.create(mail_servers, tmp_path, f"anmeldung-{unique}@example.test")
    away = f"urlaub.{unique}@example.test"
    mail_servers.vacation(away, "Ich bin bis zum 25. Oktober nicht im Buero.")
    # The organizer writes from the registration address by hand, as people do: no
    # Auto-Submitted header, so Dovecot's vacation responder answers it (it never answers the
    # bot's own mail, which is marked automatic).
    invitation = EmailMessage(policy=email.policy.SMTP)
    invitation["From"] = f"Metaplan <{bot.address}>"
    invitation["To"] = away
    invitation["Subject"] = letters.INVITATION_SUBJECT
    invitation["Message-ID"] = letters.message_id("example.test")
    invitation.set_content("Liebe Frau Urlaub, melden Sie sich gern an!")
    mail_servers.send(invitation.as_bytes(), bot.address, [away])
    vacation = mail_servers.wait_for(bot.address, 1)
    assert vacation and b"Auto-Submitted: auto-replied (vacation)" in vacation[0]

    for minute in range(10):
        bot.run_until_idle(now=START + timedelta(minutes=minute), expected_sent=0)
    assert len(mail_servers.messages(away)) == 1  # the organizer's mail, nothing from the bot
    review = bot.cli("review", "list").stdout
    assert "Nothing waits for a human." in review  # filed away, not left for anyone
    FIGURES["loops: answers to a Sieve vacation responder in 10 minutes"] = "0"
