"""An attacker who knows a registered person's address, on Dovecot and Postfix, on SQLite and
PostgreSQL: forged details, a forged cancellation she protests against, a forged bounce, two
From: lines, authentication results written by the sender. None of it may change her
registration or put the forger's words into mail from the organizer's domain."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from tests.support import letters
from tests.support.bot import Bot
from tests.support.figures import SECURITY_FIGURES
from tests.support.mailservers import MailServers

pytestmark = [pytest.mark.mailservers, pytest.mark.security]

TRIED: Counter[str] = Counter()
SUCCEEDED: Counter[str] = Counter()
PHISH = "https://phish.example/login"


def attempt(kind: str, succeeded: bool) -> None:
    TRIED[kind] += 1
    SUCCEEDED[kind] += succeeded
    SECURITY_FIGURES["forged attempts tried / succeeded"] = ", ".join(
        f"{k} {TRIED[k]} / {SUCCEEDED[k]}" for k in sorted(TRIED)
    )


def person(bot: Bot, address: str) -> dict[str, str | None]:
    people = json.loads(bot.cli("export", "--format", "json").stdout)
    found: dict[str, str | None] = next(p for p in people if p["email"] == address)
    return found


@pytest.fixture
def registered(
    mail_servers: MailServers, tmp_path: Path, unique: str, database_url: str
) -> tuple[Bot, str]:
    """A bot on either store, and the address of Anna Weber, registered from her own mailbox."""
    bot = Bot.create(
        mail_servers, tmp_path, f"anmeldung-{unique}@example.test", database=database_url
    )
    address = f"anna.{unique}@example.test"
    bot.receive(
        letters.gmail(
            address, "Anna Weber", bot.address, "Ich melde mich an.\n\nOrganisation: Stadt Pinnau"
        ),
        sender=address,
    )
    bot.run_until_idle(expected_sent=1)
    return bot, address


def test_forged_details_change_nothing_and_are_never_repeated(
    registered: tuple[Bot, str], unique: str
) -> None:
    bot, anna = registered
    bot.receive(
        letters.forged(
            anna,
            f"Anna Weber {PHISH}",
            bot.address,
            f"Ich melde mich an.\n\nName: Bitte hier klicken {PHISH}\nOrganisation: {PHISH}",
        ),
        sender=f"mallory.{unique}@example.test",
    )
    bot.run_until_idle(expected_sent=1)

    stored = person(bot, anna)
    _confirmation, request = bot.inbox_of(anna, 2)
    attempt(
        "details",
        stored["name"] != "Anna Weber"
        or stored["organisation"] != "Stadt Pinnau"
        or PHISH in request.as_string(),
    )
    assert stored["organisation"] == "Stadt Pinnau" and PHISH not in request.as_string()
    assert SUCCEEDED["details"] == 0


def test_a_protest_against_a_forged_cancellation_keeps_the_seat(
    registered: tuple[Bot, str], unique: str
) -> None:
    bot, anna = registered
    bot.receive(
        letters.forged(anna, "Anna Weber", bot.address, "Bitte stornieren Sie meine Anmeldung."),
        sender=f"mallory.{unique}@example.test",
    )
    bot.run_until_idle(expected_sent=1)
    _confirmation, request = bot.inbox_of(anna, 2)
    bot.receive(
        letters.reply_to(
            request.as_bytes(),
            anna,
            "Anna Weber",
            "Das war ich nicht, ich habe nichts abgeschickt.",
        ),
        sender=anna,
    )
    bot.run_until_idle(expected_sent=0)

    attempt("cancellation", person(bot, anna)["status"] != "registered")
    review = json.loads(bot.cli("review", "list", "--format", "json").stdout)["messages"]
    assert any("neither yes nor no" in m["detail"] for m in review)
    assert SUCCEEDED["cancellation"] == 0


def test_a_bounce_that_returns_no_mail_of_the_bot_marks_nobody(
    registered: tuple[Bot, str], unique: str
) -> None:
    bot, anna = registered
    forged_bounce = (
        f"From: MAILER-DAEMON@evil.example.test\r\nTo: {bot.address}\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        f"Message-ID: {letters.message_id('evil.example.test')}\r\n"
        "Content-Type: text/plain\r\n\r\n"
        f"<{anna}>: host mx.example.test said: 550 5.1.1 User unknown\r\n"
        f"Final-Recipient: rfc822; {anna}\r\nAction: failed\r\nStatus: 5.1.1\r\n"
    ).encode()
    bot.receive(forged_bounce)
    bot.run_until_idle(expected_sent=0)

    attempt("bounce", person(bot, anna)["bounced_at"] is not None)
    assert SUCCEEDED["bounce"] == 0


def test_two_from_lines_speak_for_nobody(registered: tuple[Bot, str], unique: str) -> None:
    bot, anna = registered
    mallory = f"mallory.{unique}@example.test"
    for header in (f"From: {anna}\r\nFrom: {mallory}", f"From: {anna}, {mallory}"):
        bot.receive(
            (
                f"{header}\r\nTo: {bot.address}\r\nSubject: Absage\r\n"
                f"Message-ID: {letters.message_id('evil.example.test')}\r\n\r\n"
                "Ich sage ab, bitte stornieren.\r\n"
            ).encode(),
            sender=mallory,
        )
    bot.run_until_idle(expected_sent=0)

    attempt("duplicate From", person(bot, anna)["status"] != "registered")
    attempt("duplicate From", person(bot, anna)["status"] != "registered")
    assert SUCCEEDED["duplicate From"] == 0


def test_authentication_results_the_sender_wrote_are_not_believed(
    mail_servers: MailServers, tmp_path: Path, unique: str, database_url: str
) -> None:
    """Our receiving server (standing in: its header on top) found DMARC failed; the forger's
    own "pass" further down, or one claiming another server, counts for nothing."""
    bot = Bot.create(
        mail_servers,
        tmp_path,
        f"anmeldung-{unique}@example.test",
        database=database_url,
        bot_extra='authserv_id = "mx.example.test"\nrequire_dmarc = true',
    )
    victim = f"victim.{unique}@example.test"
    for results in (
        ("mx.example.test; dmarc=fail header.from=example.test", "mx.example.test; dmarc=pass"),
        ("mx.evil.example.test; dmarc=pass header.from=example.test",),
    ):
        raw = letters.gmail(victim, "Victim", bot.address, "Ich melde mich an.")
        added = "".join(f"Authentication-Results: {line}\r\n" for line in results).encode()
        bot.receive(added + raw, sender=f"mallory.{unique}@example.test")
    bot.run_until_idle()

    people = json.loads(bot.cli("export", "--format", "json").stdout)
    for _ in range(2):
        attempt("sender-added authentication", any(p["email"] == victim for p in people))
    assert SUCCEEDED["sender-added authentication"] == 0
