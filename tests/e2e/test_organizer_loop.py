"""The organizer's loop on Dovecot and Postfix: a German Excel list in, correct greetings out,
who has not answered, one follow-up, review items that close, and lists people can use."""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from mailbot.config import SHIPPED_TEMPLATES
from tests.support import letters
from tests.support.bot import Bot
from tests.support.mailservers import MailServers

pytestmark = pytest.mark.mailservers

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2024, 10, 21, 10, 0, tzinfo=BERLIN)
THURSDAY = datetime(2024, 10, 24, 10, 0, tzinfo=BERLIN)


def body_of(mail: object) -> str:
    part = mail.get_body(preferencelist=("plain",))  # type: ignore[attr-defined]
    return str(part.get_content())


def test_a_german_excel_list_from_invitation_to_front_desk(
    mail_servers: MailServers, tmp_path: Path, unique: str
) -> None:
    bot = Bot.create(mail_servers, tmp_path, f"anmeldung-{unique}@example.test")
    weber, krause, leyen, petersen = (
        f"{who}.{unique}@example.test" for who in ("weber", "krause", "leyen", "petersen")
    )
    listing = tmp_path / "Einladungsliste.csv"
    listing.write_bytes(
        "Anrede;Titel;Vorname;Nachname;E-Mail;Dienststelle;Raum\r\n"
        f"Frau;Dr.;Anna;Weber;{weber};Stadt Quickborn;A 1.04\r\n"
        f"Herr;;Jens;Krause;{krause};Kreis Pinneberg;B 2\r\n"
        f"Frau;;Ursula;von der Leyen;{leyen};Amt Süd;C 3\r\n"
        f";;Kai;Petersen;{petersen};Gemeinde Ellerbek;\r\n"
        f"Herr;;Jörg;Müller;jörg.{unique}@example.test;Amt Nord;\r\n".encode("cp1252")
    )

    dry = bot.cli("invite", str(listing), "--dry-run", "--now", MONDAY.isoformat())
    assert dry.returncode == 0, dry.stderr
    assert "Dienststelle → organisation" in dry.stdout
    assert f"{weber}: Sehr geehrte Frau Dr. Weber · Stadt Quickborn" in dry.stdout
    assert "4 invitations would be queued" in dry.stdout
    # the test Postfix does not offer SMTPUTF8: the address with an umlaut cannot be sent to
    assert (
        f"jörg.{unique}@example.test: the address needs SMTPUTF8, which 127.0.0.1 does not "
        "offer (skipped)"
    ) in dry.stdout
    bot.inbox_of(weber, 0)

    sent = bot.cli("invite", str(listing), "--now", MONDAY.isoformat())
    assert sent.returncode == 0, sent.stderr
    greetings = {
        person: body_of(bot.inbox_of(person, 1)[0]).splitlines()[0]
        for person in (weber, krause, leyen, petersen)
    }
    assert greetings == {
        weber: "Sehr geehrte Frau Dr. Weber,",
        krause: "Sehr geehrter Herr Krause,",
        leyen: "Sehr geehrte Frau von der Leyen,",
        petersen: "Guten Tag Kai Petersen,",
    }

    # Two answer; the confirmation greets them as the invitation did.
    for person, name in ((weber, "Anna Weber"), (leyen, "Ursula von der Leyen")):
        (invitation,) = bot.inbox_of(person, 1)
        bot.receive(
            letters.reply_to(invitation.as_bytes(), person, name, "Ich nehme gerne teil."),
            sender=person,
        )
    bot.run_until_idle(expected_sent=2, now=MONDAY)
    assert body_of(bot.inbox_of(weber, 2)[1]).startswith("Sehr geehrte Frau Dr. Weber,")
    assert body_of(bot.inbox_of(leyen, 2)[1]).startswith("Sehr geehrte Frau von der Leyen,")

    status = json.loads(bot.cli("status", "--json", "--now", MONDAY.isoformat()).stdout)
    assert {k: status[k] for k in ("invited", "registered", "not_answered", "bounced")} == {
        "invited": 4,
        "registered": 2,
        "not_answered": 2,
        "bounced": 0,
    }
    assert status["last_cycle_at"].startswith("2024-10-21T10:00")
    assert "invited, no answer yet" in bot.cli("show", krause).stdout

    # Krause asks a question: it waits for a human until someone closes it.
    (invitation,) = bot.inbox_of(krause, 1)
    bot.receive(
        letters.reply_to(
            invitation.as_bytes(), krause, "Jens Krause", "Gibt es Parkplätze vor Ort?"
        ),
        sender=krause,
    )
    bot.run_until_idle(expected_sent=0, now=MONDAY)
    (item,) = json.loads(bot.cli("review", "list", "--format", "json").stdout)["messages"]
    assert item["sender"] == krause and item["id"].startswith("m")
    assert item["reason"].startswith("Eine Frage")
    assert item["received_at"].startswith("2024-10-21T10:00+02:00")
    digest = bot.cli("digest", "--print", "--now", MONDAY.isoformat()).stdout
    assert f"[{item['id']}]" in digest and "Wartet auf Sie (1" in digest
    done = bot.cli("review", "done", item["id"], "--note", "Parkplätze per Telefon erklärt")
    assert done.returncode == 0, done.stderr
    assert json.loads(bot.cli("review", "list", "--format", "json").stdout)["messages"] == []
    digest = bot.cli("digest", "--print", "--now", MONDAY.replace(hour=12).isoformat()).stdout
    assert "Wartet auf Sie" not in digest
    assert f"[{item['id']}] {krause}" in digest and "Parkplätze per Telefon erklärt" in digest

    # Thursday: one follow-up to those who have not answered (Krause's question is no answer
    # to the invitation, so he is reminded too), never a second one.
    follow = bot.cli("invite", "--follow-up", "--now", THURSDAY.isoformat())
    assert follow.returncode == 0, follow.stderr
    assert "2 follow-ups queued" in follow.stdout
    (reminder,) = bot.inbox_of(petersen, 2)[1:]
    assert reminder["Subject"].startswith("Erinnerung: Einladung")
    assert body_of(reminder).startswith("Guten Tag Kai Petersen,")
    bot.inbox_of(krause, 2)
    bot.inbox_of(weber, 2)  # answered: nothing more
    again = bot.cli("invite", "--follow-up", "--now", THURSDAY.isoformat())
    assert "0 follow-ups queued" in again.stdout and "2 were followed up before" in again.stdout
    bot.inbox_of(petersen, 2)

    # The lists: German headings, the names split, those who have not answered, the front desk.
    rows = list(csv.reader(io.StringIO(bot.cli("export").stdout.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:6] == ["E-Mail", "Anrede", "Titel", "Vorname", "Nachname", "Name"]
    assert [r[:5] for r in rows[1:]] == [
        [weber, "Frau", "Dr.", "Anna", "Weber"],
        [leyen, "Frau", "", "Ursula", "von der Leyen"],
    ]
    assert rows[1][rows[0].index("Eingeladen am")] == "21.10.2024 10:00"
    waiting = bot.cli("export", "--status", "not-answered", "--format", "json").stdout
    assert [p["email"] for p in json.loads(waiting)] == [krause, petersen]
    desk = tmp_path / "empfang.pdf"
    assert bot.cli("export", "--format", "pdf", "-o", str(desk)).returncode == 0
    text = PdfReader(desk).pages[0].extract_text()
    assert text.index("von der Leyen, Ursula") < text.index("Weber, Anna (Dr.)")


def test_a_failed_message_handed_back_is_handled_once_more_and_only_once(
    mail_servers: MailServers, tmp_path: Path, unique: str
) -> None:
    # The admin's template breaks on a person without a name; the admin fixes it and hands the
    # message back with `mailbot review retry`.
    templates = tmp_path / "templates"
    shutil.copytree(SHIPPED_TEMPLATES, templates)
    confirmation = templates / "de" / "confirmation.txt.j2"
    working = confirmation.read_text()
    confirmation.write_text(
        working.replace("{{ salutation }},", "Guten Tag {{ attendee.name.split()[-1] }},")
    )
    (templates / "de" / "confirmation.html.j2").unlink()
    bot = Bot.create(
        mail_servers, tmp_path / "bot", f"anmeldung-{unique}@example.test", templates=templates
    )
    nameless = f"info.{unique}@example.test"
    bot.receive(letters.gmail(nameless, "", bot.address, "Ich melde mich an."), sender=nameless)
    bot.run_until_idle(expected_sent=0)
    (failed,) = json.loads(bot.cli("review", "list", "--format", "json").stdout)["messages"]
    assert failed["reason"].startswith("Der Bot ist an dieser Mail gescheitert")

    confirmation.write_text(working)
    retry = bot.cli("review", "retry", failed["id"])
    assert retry.returncode == 0, retry.stderr
    report = bot.cycle()
    assert [h.outcome.value for h in report.handled] == ["acted"]
    assert bot.inbox_of(nameless, 1)[0]["Subject"].startswith("Anmeldebestätigung")
    assert bot.run_until_idle(expected_sent=0) == []  # handled once, not again
    assert bot.servers.messages(bot.address) == []  # filed away now
    assert len(bot.servers.messages(bot.address, "Processed")) == 1
    everything = json.loads(bot.cli("review", "list", "--all", "--format", "json").stdout)
    (closed,) = everything["messages"]
    assert closed["id"] == failed["id"] and closed["state"] == "closed"
    assert closed["note"].startswith("handled again: acted")
    assert "registered" in bot.cli("show", nameless).stdout


def test_a_template_broken_after_a_restart_still_answers_with_the_last_good_version(
    mail_servers: MailServers, tmp_path: Path, unique: str
) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(SHIPPED_TEMPLATES, templates)
    bot = Bot.create(
        mail_servers, tmp_path / "bot", f"anmeldung-{unique}@example.test", templates=templates
    )
    anna, ben = f"anna.{unique}@example.test", f"ben.{unique}@example.test"
    bot.receive(letters.gmail(anna, "Anna Weber", bot.address, "Ich bin dabei."), sender=anna)
    bot.run_until_idle(expected_sent=1)

    # the admin breaks the confirmation; every cycle here is a fresh process's App
    confirmation = templates / "de" / "confirmation.txt.j2"
    confirmation.write_text(confirmation.read_text().replace("{{ event.location }}", "{{ oops"))
    bot.receive(letters.gmail(ben, "Ben Berg", bot.address, "Ich bin dabei."), sender=ben)
    assert bot.run_until_idle(expected_sent=1) == [ben]
    (answer,) = bot.inbox_of(ben, 1)
    assert answer["Subject"].startswith("Anmeldebestätigung")
    assert "Goethestraße 16" in body_of(answer)  # the version that worked
    doctor = bot.cli("doctor")
    assert "confirmation.txt.j2:10" in doctor.stdout, doctor.stdout  # where Jinja2 stopped
