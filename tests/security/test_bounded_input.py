"""Hostile input is bounded where it is read: no value outgrows its column or header, no message
stops the ones behind it, on SQLite and PostgreSQL, and no message costs more than a moment."""

from __future__ import annotations

import json
import logging
import os
import resource
import time
from pathlib import Path

import pytest

from mailbot.domain import limits
from mailbot.understand.classify import Context, classify
from mailbot.understand.parse import parse
from mailbot.understand.phrases import Phrases
from tests.support import letters
from tests.support.bot import Bot
from tests.support.figures import SECURITY_FIGURES
from tests.support.mailservers import MailServers

pytestmark = [pytest.mark.mailservers, pytest.mark.security]


def _plain(sender: str, name: str, to: str, subject: str, body: str) -> bytes:
    """A mail as a script writes it: the header lines exactly as given, however long."""
    return (
        f'From: "{name}" <{sender}>\r\nTo: {to}\r\nSubject: {subject}\r\n'
        f"Message-ID: {letters.message_id('x.example.test')}\r\n\r\n{body}\r\n"
    ).encode()


def test_a_hostile_message_never_blocks_the_next_one(
    mail_servers: MailServers, tmp_path: Path, unique: str, database_url: str
) -> None:
    bot = Bot.create(
        mail_servers, tmp_path, f"anmeldung-{unique}@example.test", database=database_url
    )
    form_user = f"form.{unique}@example.test"
    spammer = f"links.{unique}@example.test"
    next_person = f"next.{unique}@example.test"
    long_local = ("x" * 330) + "@example.test"
    bot.receive(
        letters.gmail(
            form_user,
            "Frieda Form",
            bot.address,
            "Ich melde mich an.\n\nAnrede: " + "Frau " * 8 + "X\nName: Frieda Form",
        )
    )
    bot.receive(_plain(long_local, "Long", bot.address, "Anmeldung", "Ich melde mich an."))
    bot.receive(
        _plain(
            spammer,
            "Besuchen Sie phish.example/gewinn " * 160,
            bot.address,
            "Anmeldung " + "!" * 2000,
            "Ich melde mich an.",
        )
    )
    bot.receive(letters.gmail(next_person, "Nora Next", bot.address, "Ich bin dabei."))

    bot.run_until_idle()

    assert len(bot.inbox_of(next_person, 1)) == 1, "the message after the hostile ones is answered"
    people = {p["email"]: p for p in json.loads(bot.cli("export", "--format", "json").stdout)}
    assert len(people[form_user]["salutation"]) <= limits.FIELD_LIMITS["salutation"]
    assert len(people[spammer]["name"]) <= limits.MAX_FIELD
    [to_spammer] = bot.inbox_of(spammer, 1)
    assert len(str(to_spammer["Subject"])) < 400 and len(str(to_spammer["To"])) < 400
    review = json.loads(bot.cli("review", "list", "--format", "json").stdout)["messages"]
    assert any(m["sender"] is None for m in review), "the 330-character address went to a human"
    assert long_local not in people


def test_a_value_the_database_refuses_fails_only_that_message(
    mail_servers: MailServers,
    tmp_path: Path,
    unique: str,
    postgres_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The second line of defence: without the cap, PostgreSQL refuses a 41-character
    salutation; the message is recorded as failed for a human and the next one is handled."""
    monkeypatch.setitem(limits.FIELD_LIMITS, "salutation", 1000)
    bot = Bot.create(
        mail_servers, tmp_path, f"anmeldung-{unique}@example.test", database=postgres_url
    )
    hostile = f"hostile.{unique}@example.test"
    next_person = f"next.{unique}@example.test"
    bot.receive(
        letters.gmail(hostile, "H", bot.address, "Ich melde mich an.\n\nAnrede: " + "F" * 41)
    )
    bot.receive(letters.gmail(next_person, "Nora Next", bot.address, "Ich bin dabei."))

    bot.run_until_idle()

    assert len(bot.inbox_of(next_person, 1)) == 1
    review = json.loads(bot.cli("review", "list", "--format", "json").stdout)["messages"]
    [failed] = [m for m in review if m["sender"] == hostile]
    assert "database refused" in failed["detail"]


def pathological(bot: str) -> dict[str, bytes]:
    header = f"From: p@x.example.test\r\nTo: {bot}\r\nSubject: Anmeldung\r\n".encode()
    html = header + b"Content-Type: text/html\r\n\r\n"
    nested = b"".join(
        b"Content-Type: multipart/mixed; boundary=b%d\r\n\r\n--b%d\r\n" % (i, i)
        for i in range(3000)
    )
    return {
        "a form line, then 300 spaces": header + b"\r\nName: Anna\r\n" + b" " * 300 + b"x\r\n",
        "240 kB of stray HTML end tags": html + b"<div>" * 20_000 + b"</span>" * 20_000,
        "240 kB of nested HTML": html + b"<div>" * 20_000 + b"</div>" * 20_000,
        "3,000 nested multiparts": header + nested + b"Ja\r\n",
        "200 kB of attribution words": header + b"\r\nJa\r\n" + b"schrieb " * 25_000 + b"\r\n",
        "200 kB of one word": header + b"\r\n" + b"a" * 200_000 + b":\r\n",
        "10,000 quote levels": header + b"\r\nJa\r\n" + b">" * 10_000 + b" x\r\n",
        "100,000 unclosed tags": html + b"<a " * 100_000,
        "10,000 registration phrases": header + b"\r\n" + b"Ich melde mich an. " * 10_000,
        "a 200 kB link": header + b"\r\nJa https://" + b"a" * 200_000 + b"\r\n",
    }


def test_no_pathological_message_stalls_the_reader() -> None:
    context = Context("anmeldung@example.org", "de", Phrases.load())
    costs = {}
    for name, raw in pathological("anmeldung@example.org").items():
        began = resource.getrusage(resource.RUSAGE_SELF).ru_utime
        understood = classify(parse(raw), context)
        costs[name] = resource.getrusage(resource.RUSAGE_SELF).ru_utime - began
        assert understood.rule, name
    slowest = max(costs, key=lambda name: costs[name])
    SECURITY_FIGURES["slowest pathological message (CPU)"] = (
        f"{costs[slowest]:.2f} s ({slowest}; {len(costs)} kinds)"
    )


def test_inspect_stops_at_the_time_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`mailbot inspect` reads a message under the worker's limit, so no file can hang it."""
    from mailbot.cli.main import main

    def stalls(raw: bytes) -> None:
        time.sleep(60)

    monkeypatch.setattr("mailbot.understand.parse.parse", stalls)
    config = tmp_path / "config.toml"
    config.write_text(
        '[bot]\naddress = "anmeldung@example.org"\nmessage_time_limit = 1\n'
        '[imap]\nhost = "127.0.0.1"\nusername = "u"\npassword = "p"\n'
        '[smtp]\nhost = "127.0.0.1"\n'
        '[event]\nid = "e"\ntitle = "t"\nstarts = 2024-11-14T09:30:00\n'
        'ends = 2024-11-14T18:00:00\nlocation = "l"\n'
    )
    mail = tmp_path / "slow.eml"
    mail.write_bytes(b"From: a@b.example\r\n\r\nJa\r\n")
    # main() makes the process's files owner-only and logs to this test's captured stderr: both
    # undone below, or mail servers started later could not read their own files and later
    # tests' log lines would go to a closed stream
    umask = os.umask(0o022)
    root, bot_log = logging.getLogger(), logging.getLogger("mailbot")
    handlers, levels = root.handlers[:], (root.level, bot_log.level)
    try:
        with pytest.raises(SystemExit) as exit_info:
            main(["--config", str(config), "inspect", str(mail)])
    finally:
        os.umask(umask)
        root.handlers[:] = handlers
        root.setLevel(levels[0])
        bot_log.setLevel(levels[1])
    assert exit_info.value.code != 0
    assert "took longer than 1 s" in capsys.readouterr().err
