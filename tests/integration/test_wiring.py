"""The cycle (poll, handle, plan, send), the outbox and the store wired together, with only IMAP
and SMTP faked.

Each test reads like a conversation: a mail arrives, the bot runs, the test reads what the SMTP
server accepted and what the store holds. They run on SQLite and PostgreSQL and need no mail
server, so the wiring between the pure decisions and the store is checked on every run; the
same conversations on real Dovecot and Postfix live in ``tests/e2e``.
"""

from __future__ import annotations

import dataclasses
import email.policy
import shutil
import threading
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from mailbot.config import SHIPPED_TEMPLATES
from mailbot.errors import SendError
from mailbot.store.transaction import Transaction
from tests.support.fakes import FakeMailbox, FakeSmtp
from tests.support.wired import WiredBot, letter, wired_config

ANNA = "anna@a.example"
BOT = "anmeldung@example.org"


@pytest.fixture
def bot(database_url: str) -> WiredBot:
    return WiredBot.create(wired_config(database_url))


def status_of(bot: WiredBot, address: str) -> str | None:
    with bot.app() as app:
        found = [a.status.value for a in app.store.attendees() if a.email == address]
    return found[0] if found else None


def registered(bot: WiredBot, address: str = ANNA) -> EmailMessage:
    """``address`` registers; returns the confirmation the bot sent."""
    bot.receive(letter(address, "Hiermit melde ich mich an.\n\nViele Grüße\nAnna Weber"))
    bot.run_until_idle(expected_sent=1)
    (confirmation,) = bot.received_by(address)[-1:]
    assert str(confirmation["Subject"]).startswith("Anmeldebestätigung")
    return confirmation


def test_a_registration_is_stored_answered_in_its_thread_and_filed(bot: WiredBot) -> None:
    raw = letter(ANNA, "Hiermit melde ich mich an.\n\nViele Grüße\nAnna Weber")
    uid = bot.receive(raw)
    (sent,) = bot.run_until_idle(expected_sent=1)

    assert status_of(bot, ANNA) == "registered"
    answer = sent.message
    asked = email.message_from_bytes(raw, policy=email.policy.default)
    assert sent.mail_from == BOT and sent.to_address == ANNA
    assert answer["In-Reply-To"] == asked["Message-ID"]
    assert answer["Auto-Submitted"] == "auto-replied"
    assert bot.inbox.in_folder("Processed") == [uid] and bot.inbox.in_folder("INBOX") == []


def test_a_registration_is_never_lost_when_the_cycle_dies_after_its_commit(bot: WiredBot) -> None:
    """IMAP drops before the mail is filed and SMTP is down: the commit holds the registration
    and its answer, and the next cycle files and sends what this one could not."""
    uid = bot.receive(letter(ANNA, "Hiermit melde ich mich an."))
    bot.inbox.broken_after_fetch = True
    bot.smtp.on_connect = _refuse_connection
    report = bot.cycle()
    assert report.errors and bot.smtp.sent == []
    assert status_of(bot, ANNA) == "registered" and bot.inbox.in_folder("INBOX") == [uid]

    bot.inbox.broken_after_fetch = False
    bot.smtp.on_connect = None
    bot.later(minutes=10)
    (sent,) = bot.run_until_idle(expected_sent=1)
    assert sent.to_address == ANNA and bot.inbox.in_folder("Processed") == [uid]
    with bot.app() as app:
        assert len(app.store.attendees()) == 1 and app.store.review_items() == []


def test_a_message_failing_half_way_is_undone_alone_and_its_group_commits(
    bot: WiredBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three registrations handled in one transaction; the second fails after its attendee was
    written: that part is undone and left for review, the other two are stored and answered."""
    ben, cara = "ben@b.example", "cara@c.example"
    queue = Transaction.queue

    def fails_for_ben(
        tx: Transaction, message_id: str, purpose: Any, to: str, *rest: Any, **kw: Any
    ) -> None:
        if to == ben:  # his attendee and history rows are written by now
            raise RuntimeError("rendering broke")
        queue(tx, message_id, purpose, to, *rest, **kw)

    monkeypatch.setattr(Transaction, "queue", fails_for_ben)
    uids = [
        bot.receive(letter(address, "Hiermit melde ich mich an.", name=name))
        for address, name in ((ANNA, "Anna Weber"), (ben, "Ben Berg"), (cara, "Cara Cord"))
    ]
    report = bot.cycle()
    bot.run_until_idle()

    assert [h.outcome.value for h in report.handled] == ["acted", "failed", "acted"]
    assert [m.to_address for m in bot.smtp.sent] == [ANNA, cara]
    assert status_of(bot, ANNA) == status_of(bot, cara) == "registered"
    assert status_of(bot, ben) is None  # the part that stored him was undone
    with bot.app() as app:
        (item,) = app.store.review_items()
        assert item.sender == ben and "RuntimeError: rendering broke" in item.reason
        assert {c.email for c in app.store.history()} == {ANNA, cara}
    assert bot.inbox.in_folder("Processed") == [uids[0], uids[2]]
    assert bot.inbox.in_folder("INBOX") == [uids[1]]


def test_a_cancellation_in_the_bots_thread_cancels_at_once(bot: WiredBot) -> None:
    confirmation = registered(bot)
    bot.receive(letter(ANNA, "Leider muss ich absagen.", answering=confirmation))
    (sent,) = bot.run_until_idle(expected_sent=1)

    assert status_of(bot, ANNA) == "cancelled"
    assert str(sent.message["Subject"]).startswith("Abmeldung bestätigt")


def test_a_cancellation_whose_dmarc_check_failed_only_asks_to_confirm(database_url: str) -> None:
    """Even in the bot's own thread: the receiving server says the From: line is forged."""
    bot = WiredBot.create(wired_config(database_url, authserv_id="mx.example.org"))
    confirmation = registered(bot)
    failed = ("Authentication-Results", "mx.example.org; dmarc=fail header.from=a.example")
    bot.receive(letter(ANNA, "Leider muss ich absagen.", answering=confirmation, headers=(failed,)))
    (sent,) = bot.run_until_idle(expected_sent=1)

    assert status_of(bot, ANNA) == "registered"
    assert str(sent.message["Subject"]).startswith("Bitte bestätigen: Abmeldung")


def test_an_address_gets_the_daily_reply_limit_then_one_notice_then_silence(
    database_url: str,
) -> None:
    bot = WiredBot.create(wired_config(database_url, max_replies_per_day=2))
    last: EmailMessage | None = None
    for organisation in ("Amt 1", "Amt 2", "Amt 3", "Amt 4"):
        # new details each time, in the bot's own thread, so each one deserves an answer
        body = f"Hiermit melde ich mich an.\n\nName: Anna Weber\nOrganisation: {organisation}\n"
        bot.receive(letter(ANNA, body, answering=last))
        bot.run_until_idle()
        last = bot.received_by(ANNA)[-1]

    subjects = [str(m["Subject"]) for m in bot.received_by(ANNA)]
    assert [s.split(":")[0] for s in subjects] == [
        "Anmeldebestätigung",
        "Anmeldebestätigung",
        "Ihre Nachrichten zu Zukunftswerkstatt innovative Verwaltung",
    ]


def test_a_sent_mail_is_never_sent_again_in_later_cycles(bot: WiredBot) -> None:
    registered(bot)
    for hours in (0, 1, 24, 24 * 7):  # past any claim's lease
        bot.later(hours=hours)
        bot.run_until_idle(expected_sent=0)

    assert bot.smtp.recipients() == [ANNA]
    with bot.app() as app:
        assert app.store.outbox_counts() == {"sent": 1}


def test_two_senders_at_once_never_send_one_mail_twice(database_url: str) -> None:
    """``mailbot invite`` beside ``mailbot run``: both see the same due mail; each claims first."""
    smtp = FakeSmtp(on_connect=lambda: _refuse_connection())
    first = WiredBot.create(wired_config(database_url), smtp)
    people = [f"person{n}@a.example" for n in range(6)]
    for address in people:
        first.receive(letter(address, "Ich melde mich an.", name=f"Person {address[6]}"))
    report = first.cycle()  # everything handled and queued, nothing sent: SMTP was down
    assert len(report.handled) == 6 and report.drain.sent == []

    both_have_read_the_outbox = threading.Barrier(2, timeout=30)
    smtp.on_connect = both_have_read_the_outbox.wait
    second = WiredBot(first.config, FakeMailbox(), smtp, first.now)
    reports = []
    threads = [
        threading.Thread(target=lambda b=b: reports.append(b.cycle())) for b in (first, second)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert len(reports) == 2 and not any(r.errors for r in reports)
    assert sorted(smtp.attempts) == sorted(people)  # each one handed to SMTP exactly once
    assert sorted(reports[0].drain.sent + reports[1].drain.sent) == sorted(people)


def _refuse_connection() -> None:
    raise SendError("fake SMTP: connection refused", temporary=True)


def test_a_temporary_refusal_is_retried_after_a_doubling_wait(bot: WiredBot) -> None:
    """[outbox] retry_seconds = 60: waits of 60, 120, 240 s, each ±20 %."""
    assert bot.config.outbox.retry_seconds == 60
    bot.smtp.refusals[ANNA] = [SendError("451 try again later", temporary=True)] * 3
    bot.receive(letter(ANNA, "Hiermit melde ich mich an."))
    bot.cycle()
    assert bot.smtp.attempts == [ANNA]

    for tries, wait in enumerate((60, 120, 240), start=1):
        bot.later(seconds=wait * 0.8 - 1)
        bot.cycle()
        assert len(bot.smtp.attempts) == tries, f"tried again before {wait * 0.8:.0f} s"
        bot.later(seconds=wait * 0.4 + 2)
        bot.cycle()
        assert len(bot.smtp.attempts) == tries + 1, f"not tried again after {wait * 1.2:.0f} s"

    assert [s.to_address for s in bot.smtp.sent] == [ANNA]
    with bot.app() as app:
        assert app.store.outbox_counts() == {"sent": 1}


def test_a_permanent_refusal_is_a_failed_send_for_review_and_never_retried(bot: WiredBot) -> None:
    bot.smtp.refusals[ANNA] = [SendError("550 no such user", temporary=False)]
    bot.receive(letter(ANNA, "Hiermit melde ich mich an."))
    bot.run_until_idle(expected_sent=0)
    bot.later(hours=2)
    bot.run_until_idle(expected_sent=0)

    assert bot.smtp.attempts == [ANNA]
    with bot.app() as app:
        (failed,) = app.store.failed_sends()
    assert failed.to_address == ANNA and "550" in failed.error


def test_one_smtp_connection_serves_a_whole_cycle(bot: WiredBot) -> None:
    for n in range(5):
        bot.receive(letter(f"person{n}@a.example", "Ich melde mich an."))
    report = bot.cycle()
    assert len(report.drain.sent) == 5 and bot.smtp.connections == 1
    bot.cycle()  # nothing due: no connection at all
    assert bot.smtp.connections == 1


def test_a_broken_template_edit_keeps_the_last_good_version_and_is_listed_in_the_digest(
    database_url: str, tmp_path: Path
) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(SHIPPED_TEMPLATES, templates)
    config = dataclasses.replace(
        wired_config(database_url, templates=templates), digest_recipients=("orga@example.org",)
    )
    bot = WiredBot.create(config)
    with bot.app() as app:  # one running `mailbot run`: it keeps what worked
        cycle = app.cycle()
        bot.receive(letter(ANNA, "Hiermit melde ich mich an."))
        cycle.run()
        edited = templates / "de" / "confirmation.txt.j2"
        edited.write_text(edited.read_text() + "{% if %}\n")
        bot.receive(letter("ben@a.example", "Hiermit melde ich mich an.", name="Ben Berg"))
        cycle.run()
        bot.later(days=1)
        cycle.run()

    (answer,) = bot.received_by("ben@a.example")
    assert str(answer["Subject"]).startswith("Anmeldebestätigung")  # the last good version
    digest = bot.received_by("orga@example.org")[-1]
    text = digest.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Vorlagen mit Fehlern" in text and f"{edited}:" in text


def test_answers_a_limit_held_back_are_counted_in_the_next_digest(database_url: str) -> None:
    config = dataclasses.replace(
        wired_config(database_url, max_replies_per_day=1), digest_recipients=("orga@example.org",)
    )
    bot = WiredBot.create(config)
    last: EmailMessage | None = None
    for organisation in ("Amt 1", "Amt 2", "Amt 3"):  # each deserves an answer: new details
        bot.later(minutes=1)  # after the day's first digest, which the first cycle sends
        body = f"Hiermit melde ich mich an.\n\nName: Anna Weber\nOrganisation: {organisation}\n"
        bot.receive(letter(ANNA, body, answering=last))
        bot.run_until_idle()
        last = bot.received_by(ANNA)[-1]
    bot.later(days=1)
    bot.run_until_idle()

    digest = bot.received_by("orga@example.org")[-1]
    text = digest.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    # the second got the notice instead of its answer, the third nothing
    assert "Zurückgehaltene Antworten (Grenzen erreicht): 2 × Tageslimit einer Adresse" in text


def test_answers_are_limited_per_hour_to_one_domain_and_to_everyone(database_url: str) -> None:
    config = wired_config(database_url, max_replies_per_domain_per_hour=2, max_replies_per_hour=3)
    bot = WiredBot.create(config)
    people = ["a1@a.example", "a2@a.example", "a3@a.example", "b1@b.example", "b2@b.example"]
    for address in people:
        bot.receive(letter(address, "Hiermit melde ich mich an."))
        bot.run_until_idle()
    # a3: the domain's two answers this hour are gone; b2: the three answers of the hour
    assert bot.smtp.recipients() == ["a1@a.example", "a2@a.example", "b1@b.example"]
