"""Two events from one inbox, through Postfix and Dovecot: each invitation's thread keeps its
event, a registration that names no event is asked about rather than guessed, and every
organizer command shows one event at a time."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import icalendar
import pytest

from tests.support import letters
from tests.support.bot import Bot
from tests.support.mailservers import MailServers

pytestmark = pytest.mark.mailservers

NOW = datetime(2024, 10, 21, 8, 0, tzinfo=UTC)
EVENTS = """\
[[events]]
id = "werkstatt-nord"
title = "Zukunftswerkstatt Nord"
starts = 2024-11-20T09:30:00
ends = 2024-11-20T17:00:00
location = "Metaplan, Goethestraße 16, 25451 Quickborn"
capacity = 20

[[events]]
id = "werkstatt-sued"
title = "Zukunftswerkstatt Süd"
starts = 2024-12-05T09:30:00
ends = 2024-12-05T17:00:00
location = "Rathaus Augsburg, Rathausplatz 2, 86150 Augsburg"
capacity = 20
"""


def calendar_uid(mail: EmailMessage) -> str:
    (part,) = (p for p in mail.iter_attachments() if p.get_content_type() == "text/calendar")
    (entry,) = icalendar.Calendar.from_ical(part.get_content()).walk("VEVENT")
    return str(entry["uid"])


def people_of(bot: Bot, event: str) -> dict[str, str]:
    result = bot.cli("--now", NOW.isoformat(), "export", "--event", event, "--format", "json")
    assert result.returncode == 0, result.stderr
    return {p["email"]: p["status"] for p in json.loads(result.stdout)}


def test_two_events_from_one_inbox(mail_servers: MailServers, tmp_path: Path, unique: str) -> None:
    bot = Bot.create(mail_servers, tmp_path, f"anmeldung-{unique}@example.test", events=EVENTS)
    ida, ben, cem, dora = (f"{n}.{unique}@example.test" for n in ("ida", "ben", "cem", "dora"))
    nord_list = tmp_path / "nord.csv"
    nord_list.write_text(f"email,name\n{ida},Ida Lorenz\n{ben},Ben Ott\n")
    sued_list = tmp_path / "sued.csv"
    sued_list.write_text(f"email,name\n{ida},Ida Lorenz\n{cem},Cem Aydin\n")
    at = ("--now", NOW.isoformat())
    for listing, event in ((nord_list, "werkstatt-nord"), (sued_list, "werkstatt-sued")):
        invited = bot.cli(*at, "invite", str(listing), "--event", event)
        assert invited.returncode == 0, invited.stderr
    ambiguous = bot.cli(*at, "invite", str(nord_list))
    assert ambiguous.returncode == 2
    assert (
        ambiguous.stderr.count("\n") == 1 and "werkstatt-nord, werkstatt-sued" in ambiguous.stderr
    )

    ida_nord, ida_sued = sorted(bot.inbox_of(ida, 2), key=lambda m: "Süd" in str(m["Subject"]))
    assert "Zukunftswerkstatt Nord" in ida_nord["Subject"]
    assert "Zukunftswerkstatt Süd" in ida_sued["Subject"]
    (ben_nord,) = bot.inbox_of(ben, 1)
    (cem_sued,) = bot.inbox_of(cem, 1)

    # each reply answers its own invitation: the thread says which event it is about
    for invitation, person, name in (
        (ida_nord, ida, "Ida Lorenz"),
        (ida_sued, ida, "Ida Lorenz"),
        (ben_nord, ben, "Ben Ott"),
        (cem_sued, cem, "Cem Aydin"),
    ):
        bot.receive(
            letters.reply_to(invitation.as_bytes(), person, name, "Ich bin dabei."),
            sender=person,
        )
    bot.run_until_idle(expected_sent=4, now=NOW)
    confirmations = sorted(bot.inbox_of(ida, 4)[2:], key=lambda m: "Süd" in str(m["Subject"]))
    assert [str(m["Subject"]) for m in confirmations] == [
        "Anmeldebestätigung: Zukunftswerkstatt Nord",
        "Anmeldebestätigung: Zukunftswerkstatt Süd",
    ]
    assert [calendar_uid(m) for m in confirmations] == [
        "werkstatt-nord@example.test",
        "werkstatt-sued@example.test",
    ]
    assert "Zukunftswerkstatt Nord" in str(bot.inbox_of(ben, 2)[1]["Subject"])
    assert "Zukunftswerkstatt Süd" in str(bot.inbox_of(cem, 2)[1]["Subject"])

    # a registration in no thread while both are open: the bot asks, never guesses
    words = "Ich melde mich zur Zukunftswerkstatt an."
    bot.receive(letters.gmail(dora, "Dora Schulz", bot.address, words, subject="Anmeldung"), dora)
    bot.run_until_idle(expected_sent=1, now=NOW)
    (question,) = bot.inbox_of(dora, 1)
    assert str(question["Subject"]) == "Für welche Veranstaltung?"
    text = question.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Zukunftswerkstatt Nord" in text and "Zukunftswerkstatt Süd" in text
    assert people_of(bot, "werkstatt-nord").get(dora) is None
    assert people_of(bot, "werkstatt-sued").get(dora) is None

    # the answer names the event: the first message's registration goes there
    bot.receive(
        letters.reply_to(
            question.as_bytes(), dora, "Dora Schulz", "Die Zukunftswerkstatt Süd, bitte."
        ),
        sender=dora,
    )
    bot.run_until_idle(expected_sent=1, now=NOW)
    confirmation = bot.inbox_of(dora, 2)[1]
    assert str(confirmation["Subject"]) == "Anmeldebestätigung: Zukunftswerkstatt Süd"

    assert people_of(bot, "werkstatt-nord") == {ida: "registered", ben: "registered"}
    assert people_of(bot, "werkstatt-sued") == {
        ida: "registered",
        cem: "registered",
        dora: "registered",
    }
    sued = bot.cli(*at, "status", "--event", "werkstatt-sued")
    assert sued.returncode == 0, sued.stderr
    assert sued.stdout.startswith("Zukunftswerkstatt Süd (werkstatt-sued)\n")
    assert "seats:    3 of 20 taken, 17 free" in sued.stdout
    nord = bot.cli(*at, "status", "--event", "werkstatt-nord", "--json")
    assert nord.returncode == 0, nord.stderr
    assert (json.loads(nord.stdout)["registered"], json.loads(nord.stdout)["invited"]) == (2, 2)
    unknown = bot.cli(*at, "status", "--event", "werkstatt-west")
    assert unknown.returncode == 2 and unknown.stderr.count("\n") == 1
    assert "--event werkstatt-west: no such event" in unknown.stderr

    # the digest covers both, one section each
    digest = bot.cli(*at, "digest", "--print")
    assert digest.returncode == 0, digest.stderr
    assert "== Zukunftswerkstatt Nord," in digest.stdout
    assert "== Zukunftswerkstatt Süd," in digest.stdout
    assert "Tagesbericht: 2 Veranstaltungen, 5 angemeldet" in digest.stdout
