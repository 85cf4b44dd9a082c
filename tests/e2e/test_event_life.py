"""The event's life on Dovecot and Postfix: seats and the waiting list, reminders, calendar
files and the organizers' digest. The bot's clock is set by each test, as `--now` sets it."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from tests.support import letters
from tests.support.bot import Bot
from tests.support.mailservers import MailServers

pytestmark = pytest.mark.mailservers
BERLIN = ZoneInfo("Europe/Berlin")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=BERLIN)


def statuses(bot: Bot) -> dict[str, str]:
    return {
        p["email"]: p["status"] for p in json.loads(bot.cli("export", "--format", "json").stdout)
    }


def attachment(mail: EmailMessage, content_type: str) -> bytes:
    part = next(p for p in mail.iter_attachments() if p.get_content_type() == content_type)
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload


@pytest.fixture
def small_room(mail_servers: MailServers, tmp_path: Path, unique: str) -> Bot:
    return Bot.create(
        mail_servers,
        tmp_path,
        f"anmeldung-{unique}@example.test",
        capacity=2,
        event_extra="waitlist_offer_hours = 48",
    )


def register(bot: Bot, address: str, name: str, now: datetime) -> None:
    bot.receive(letters.gmail(address, name, bot.address, "Ich bin dabei."), sender=address)
    bot.run_until_idle(now=now)


def test_a_full_room_puts_the_third_on_the_waiting_list_and_promotes_after_acceptance(
    small_room: Bot, unique: str
) -> None:
    bot = small_room
    anna, ben, cara = (f"{n}.{unique}@example.test" for n in ("anna", "ben", "cara"))
    now = at("2024-10-21T10:00")
    for address, name in ((anna, "Anna"), (ben, "Ben"), (cara, "Cara")):
        register(bot, address, name, now)
    (waitlisted,) = bot.inbox_of(cara, 1)
    assert waitlisted["Subject"].startswith("Warteliste")
    assert "Position 1" in waitlisted.get_body(("plain",)).get_content()
    assert statuses(bot) == {anna: "registered", ben: "registered", cara: "waitlisted"}

    # Anna cancels in the bot's thread; the next cycle offers her seat to Cara.
    (confirmation,) = bot.inbox_of(anna, 1)
    bot.receive(
        letters.reply_to(confirmation.as_bytes(), anna, "Anna", "Ich muss leider absagen."),
        sender=anna,
    )
    bot.run_until_idle(now=now + timedelta(hours=1))
    assert statuses(bot)[anna] == "cancelled"
    offer = bot.inbox_of(cara, 2)[1]
    assert offer["Subject"].startswith("Ein Platz ist frei geworden")
    # the seat is held for 48 hours from the offer, made at 11:00 on Monday
    assert "bis Mittwoch, 23. Oktober 2024, 11:00 Uhr" in offer.get_body(("plain",)).get_content()

    bot.receive(
        letters.reply_to(offer.as_bytes(), cara, "Cara", "Ja, ich komme gerne!"), sender=cara
    )
    bot.run_until_idle(now=now + timedelta(hours=5))
    assert statuses(bot)[cara] == "registered"
    assert bot.inbox_of(cara, 3)[2]["Subject"].startswith("Anmeldebestätigung")
    show = bot.cli("show", cara).stdout
    assert "waitlisted → registered" in show and "accepted the offered seat" in show


def test_an_unanswered_offer_passes_to_the_next(small_room: Bot, unique: str) -> None:
    bot = small_room
    people = [f"p{i}.{unique}@example.test" for i in range(4)]
    now = at("2024-10-21T10:00")
    for index, address in enumerate(people):
        register(bot, address, f"Person {index}", now + timedelta(minutes=index))
    result = bot.cli("cancel", people[0], "--by", "orga", "--now", "2024-10-22T09:00")
    assert result.returncode == 0, result.stderr
    bot.run_until_idle(now=at("2024-10-22T09:01"))
    assert bot.inbox_of(people[2], 2)[1]["Subject"].startswith("Ein Platz")  # offered

    bot.run_until_idle(now=at("2024-10-24T09:02"))  # 48 hours later: no answer
    assert bot.inbox_of(people[3], 2)[1]["Subject"].startswith("Ein Platz")
    assert statuses(bot)[people[2]] == "waitlisted"
    assert "waiting-list offer expired" in bot.cli("show", people[2]).stdout
    bot.run_until_idle(now=at("2024-10-24T10:00"), expected_sent=0)


def test_reminders_go_out_once_each_at_the_local_hour_through_restarts(
    mail_servers: MailServers, tmp_path: Path, unique: str
) -> None:
    bot = Bot.create(
        mail_servers,
        tmp_path,
        f"anmeldung-{unique}@example.test",
        event_extra='reminders = ["P7D", "P1D"]\nreminder_time = "09:00"',
    )
    eva = f"eva.{unique}@example.test"
    register(bot, eva, "Eva Lang", at("2024-10-30T12:00"))

    assert bot.run_until_idle(now=at("2024-11-07T08:59")) == []
    assert bot.run_until_idle(now=at("2024-11-07T09:00")) == [eva]
    assert bot.run_until_idle(now=at("2024-11-07T09:05")) == []  # a restart sends nothing
    # the worker was down on the 13th at nine: the reminder goes out once when it is back
    assert bot.run_until_idle(now=at("2024-11-13T15:30")) == [eva]
    assert bot.run_until_idle(now=at("2024-11-13T16:00")) == []
    assert bot.run_until_idle(now=at("2024-11-14T10:00")) == []  # the event has begun

    _, first, second = bot.inbox_of(eva, 3)
    assert (
        first["Subject"]
        == second["Subject"]
        == ("Erinnerung: Zukunftswerkstatt innovative Verwaltung am Donnerstag, 14. November 2024")
    )
    assert first["Auto-Submitted"] == "auto-generated"
    calendar = icalendar.Calendar.from_ical(attachment(first, "text/calendar"))
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == at("2024-11-14T09:30")


def test_the_confirmation_carries_the_event_for_the_calendar(bot: Bot, unique: str) -> None:
    lena = f"lena.{unique}@example.test"
    register(bot, lena, "Lena", at("2024-10-21T10:00"))
    (confirmation,) = bot.inbox_of(lena, 1)
    calendar = icalendar.Calendar.from_ical(attachment(confirmation, "text/calendar"))
    assert str(calendar["METHOD"]) == "PUBLISH"
    (event,) = calendar.walk("VEVENT")
    start = event.decoded("dtstart")
    assert start == at("2024-11-14T09:30") and str(start.tzinfo) == "Europe/Berlin"
    assert event["location"] == "Metaplan, Goethestraße 16, 25451 Quickborn"
    assert str(event["uid"]).startswith("zukunftswerkstatt-2024@")
    assert [c["TZID"] for c in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]


def test_the_digest_arrives_once_a_day_with_the_numbers_and_the_list(
    mail_servers: MailServers, tmp_path: Path, unique: str
) -> None:
    orga = f"orga.{unique}@example.test"
    bot = Bot.create(
        mail_servers,
        tmp_path,
        f"anmeldung-{unique}@example.test",
        capacity=10,
        digest=f'[digest]\nrecipients = ["{orga}"]\ntime = "07:00"',
    )
    day_before = at("2024-11-06T06:30")  # before the digest time: nothing yet
    register(bot, f"a.{unique}@example.test", "Anna Weber", day_before)
    bot.receive(
        letters.outlook(
            f"b.{unique}@example.test",
            "Berg, Ben",
            bot.address,
            "Ich melde mich an.\n\nOrganisation: Amt Pinnau\nErnährung: vegan",
        ),
        sender=f"b.{unique}@example.test",
    )
    bot.receive(
        letters.gmail(
            f"c.{unique}@example.test", "Cem", bot.address, "Leider kann ich nicht teilnehmen."
        ),
        sender=f"c.{unique}@example.test",
    )
    bot.receive(
        letters.gmail(f"q.{unique}@example.test", "Quinn", bot.address, "Gibt es Parkplätze?"),
        sender=f"q.{unique}@example.test",
    )
    bot.run_until_idle(now=day_before)
    bot.inbox_of(orga, 0)

    bot.run_until_idle(now=at("2024-11-07T07:00"))
    bot.run_until_idle(now=at("2024-11-07T12:00"))  # once per day, also after a restart
    (digest,) = bot.inbox_of(orga, 1)
    text = digest.get_body(("plain",)).get_content()
    assert "Angemeldet: 2 von 10 Plätzen (8 frei)" in text
    assert "Abgesagt:   1" in text
    assert "+ angemeldet: Ben Berg (Amt Pinnau)" in text
    assert f"q.{unique}@example.test" in text and "Eine Frage" in text  # waiting for a human
    assert "1 × vegan, 1 × keine Angabe" in text or "1 × keine Angabe, 1 × vegan" in text
    html = digest.get_body(("html",)).get_content()
    assert 'bgcolor="#2a6ebb"' in html  # the seats bar
    rows = list(
        csv.reader(io.StringIO(attachment(digest, "text/csv").decode("utf-8-sig")), delimiter=";")
    )
    assert rows[0][:5] == ["E-Mail", "Anrede", "Titel", "Vorname", "Nachname"] and len(rows) == 4

    bot.run_until_idle(now=at("2024-11-08T07:00"))
    second = bot.inbox_of(orga, 2)[1]
    assert "Seit dem letzten Bericht keine Änderungen." in second.get_body(("plain",)).get_content()


def test_a_change_of_place_is_announced_with_an_updated_invitation(bot: Bot, unique: str) -> None:
    lena = f"lena.{unique}@example.test"
    register(bot, lena, "Lena", at("2024-10-21T10:00"))
    config = bot.config_path.read_text()
    bot.config_path.write_text(config.replace("Goethestraße 16", "Bahnhofstraße 1"))

    dry = bot.cli("notify-change", "--dry-run")
    assert "Goethestraße 16, 25451 Quickborn → Metaplan, Bahnhofstraße 1" in dry.stdout
    bot.inbox_of(lena, 1)
    result = bot.cli("notify-change")
    assert result.returncode == 0, result.stderr
    notice = bot.inbox_of(lena, 2)[1]
    assert notice["Subject"].startswith("Geändert")
    (event,) = icalendar.Calendar.from_ical(attachment(notice, "text/calendar")).walk("VEVENT")
    assert event["sequence"] == 1 and "Bahnhofstraße 1" in event["location"]
    assert "Nothing changed" in bot.cli("notify-change").stdout
