"""The organizer's hand tools on SQLite and PostgreSQL: edit, forget, retention, the exports."""

from __future__ import annotations

import csv
import dataclasses
import io
import os
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from mailbot.compose.export import attendee_row, to_badges, to_csv, to_front_desk_pdf, to_xlsx
from mailbot.compose.templates import Templates
from mailbot.config import SHIPPED_TEMPLATES
from mailbot.domain.model import Attendee, AttendeeStatus, Outcome, Purpose
from mailbot.jobs.organizer import edit, forget, notify_change
from mailbot.jobs.planner import Planner
from mailbot.jobs.retention import purge_expired
from mailbot.store.database import Store
from mailbot.store.records import Location, MessageRecord
from tests.support.samples import sample_config

NOW = datetime(2024, 10, 21, 9, 0, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    store = Store.open(database_url, sample_config().event.id)
    store.migrate(NOW)
    with store.transaction() as tx:
        row = tx.record_message(
            MessageRecord(
                Location("INBOX", 1, 1),
                "<m1@a.de>",
                "anna@a.de",
                "AW: Einladung",
                NOW,
                "registration",
                "intent:registration",
                Outcome.ACTED,
                "registered",
                False,
            ),
            NOW,
        )
        tx.save_attendee(
            "anna@a.de",
            AttendeeStatus.REGISTERED,
            {"name": "Dr. Anna Weber", "organisation": "Stadt Quickborn"},
            "de",
            NOW,
            "message <m1@a.de>",
        )
        tx.queue("<r1@x>", Purpose.CONFIRMATION, "anna@a.de", b"Dear Anna ...", row, NOW)
        tx.save_attendee(
            "ben@a.de", AttendeeStatus.DECLINED, {"name": "Ben Ott"}, "de", NOW, "message <m2@a.de>"
        )
    yield store
    store.close()


def test_edit_is_recorded_with_who_did_it(store: Store) -> None:
    changed = edit(
        sample_config(),
        store,
        "anna@a.de",
        ["organisation=Amt Pinnau", "dietary=vegan"],
        "orga",
        NOW,
    )
    assert (changed.organisation, changed.dietary) == ("Amt Pinnau", "vegan")
    last = store.history("anna@a.de")[-1]
    assert (last.what, last.cause) == (
        "details organisation=Amt Pinnau, dietary=vegan",
        "mailbot edit by orga",
    )


def test_forget_removes_personal_data_and_keeps_the_counts(store: Store) -> None:
    assert forget(store, "anna@a.de")
    people = store.attendees()
    assert sorted(p.status.value for p in people) == ["declined", "registered"]
    gone = next(p for p in people if p.status is AttendeeStatus.REGISTERED)
    assert gone.email.startswith("forgotten-") and gone.name is None
    assert gone.organisation is None
    assert all("Anna" not in c.what and c.email != "anna@a.de" for c in store.history(gone.email))
    assert store.history("anna@a.de") == []
    with store.transaction() as tx:
        assert tx.everyone_to_forget() == ["ben@a.de"]  # the message record is anonymous too


def test_personal_data_is_purged_retain_days_after_the_event(store: Store) -> None:
    config = sample_config()
    config = dataclasses.replace(
        config, events=(dataclasses.replace(config.event, retain_days=30),)
    )
    ends = config.event.ends
    assert purge_expired(config.event, store, ends + timedelta(days=29)) == 0
    assert purge_expired(config.event, store, ends + timedelta(days=30)) == 2
    assert all(p.email.startswith("forgotten-") for p in store.attendees())
    assert purge_expired(config.event, store, ends + timedelta(days=31)) == 0
    templates = Templates(SHIPPED_TEMPLATES, "de")
    planner = Planner(config, store, lambda _event: templates)
    assert planner.queue_due(ends + timedelta(days=31)).digests == 0  # long over: no digest


def people() -> list[Attendee]:
    return [
        Attendee(f"{n}@a.de", name, org, None, None, "de", AttendeeStatus.REGISTERED, NOW, NOW)
        for n, (name, org) in enumerate(
            [
                ("Jörg Groß", "Amt Süderbrarup"),
                ("Dr. Anna Ärztin", "Stadt Köln"),
                ("Kai Petersen", "=cmd|' /C calc'!A0"),
            ]
        )
    ]


def rows_of(people: list[Attendee]) -> list[dict[str, object]]:
    return [attendee_row(p) for p in people]


def test_the_badge_list_is_sorted_by_surname() -> None:
    rows = list(csv.reader(io.StringIO(to_badges(people(), "de").lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:4] == ["Nachname", "Vorname", "Titel", "Anrede"]
    assert [row[:3] for row in rows[1:]] == [
        ["Ärztin", "Anna", "Dr."],
        ["Groß", "Jörg", ""],
        ["Petersen", "Kai", ""],
    ]


def test_the_xlsx_export_reads_back() -> None:
    sheet = load_workbook(io.BytesIO(to_xlsx(rows_of(people()), "de", BERLIN))).active
    assert sheet is not None
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:7] == [
        "E-Mail",
        "Anrede",
        "Titel",
        "Vorname",
        "Nachname",
        "Name",
        "Organisation",
    ]
    assert rows[1][3:7] == ["Jörg", "Groß", "Jörg Groß", "Amt Süderbrarup"]
    assert rows[3][6] == "'=cmd|' /C calc'!A0"  # never a formula
    assert rows[1][11] == datetime(2024, 10, 21, 11, 0)  # a real date, local wall time


def test_the_front_desk_pdf_opens_and_lists_people_by_surname() -> None:
    many = people() + [
        Attendee(f"p{n}@a.de", f"Person{n:03d} Zett", "Amt", None, None, "de",
                 AttendeeStatus.REGISTERED, NOW, NOW)
        for n in range(60)
    ]  # fmt: skip
    pdf = to_front_desk_pdf(many, "Zukunftswerkstatt", NOW.date(), "Quickborn", "de")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 2  # the heading repeats on every page
    first = reader.pages[0].extract_text()
    assert "Empfangsliste: Zukunftswerkstatt" in first and "Unterschrift" in first
    assert (
        first.index("Ärztin, Anna (Dr.)") < first.index("Groß, Jörg") < first.index("Petersen, Kai")
    )
    assert "Unterschrift" in reader.pages[1].extract_text()


def test_the_csv_export_opens_in_libreoffice_with_umlauts_and_columns(tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        if IN_CI:
            pytest.fail("LibreOffice (soffice) missing: bash scripts/check installs it")
        pytest.skip("LibreOffice is not installed")
    source = tmp_path / "teilnehmende.csv"
    source.write_text(to_csv(rows_of(people()), "de", BERLIN), encoding="utf-8", newline="")
    # what Calc's import dialog offers for this file: ";" separated, '"' quoted, UTF-8
    result = subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--infilter=CSV:59,34,76,1",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    sheet = load_workbook(tmp_path / "teilnehmende.xlsx").active
    assert sheet is not None
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(rows) == 4 and len(rows[0]) == 14
    assert rows[0][3:5] == ["Vorname", "Nachname"]
    assert rows[1][5:7] == ["Jörg Groß", "Amt Süderbrarup"]
    assert rows[2][2:6] == ["Dr.", "Anna", "Ärztin", "Dr. Anna Ärztin"]
    assert rows[3][6] == "'=cmd|' /C calc'!A0"


def test_a_change_reaches_the_waiting_list_too_without_a_calendar_entry(store: Store) -> None:
    config = sample_config()
    templates = Templates(SHIPPED_TEMPLATES, "de")
    with store.transaction() as tx:
        tx.save_attendee(
            "cem@a.de", AttendeeStatus.WAITLISTED, {"name": "Cem Aydın"}, "de", NOW, "t"
        )
    assert notify_change(config, config.event, store, templates, NOW) == (
        [],
        0,
    )  # the first baseline
    moved = dataclasses.replace(
        config, events=(dataclasses.replace(config.event, location="Rathaus Quickborn, Saal 2"),)
    )
    changes, queued = notify_change(moved, moved.event, store, templates, NOW + timedelta(days=1))
    assert queued == 2 and changes == [f"{config.event.location} → Rathaus Quickborn, Saal 2"]
    mails = {
        m.to_address: message_from_bytes(m.raw, policy=policy.default)
        for m in store.due_mail(NOW + timedelta(days=1), 10)
    }
    anna, cem = mails["anna@a.de"], mails["cem@a.de"]
    assert any(part.get_content_type() == "text/calendar" for part in anna.walk())
    assert not any(part.get_content_type() == "text/calendar" for part in cem.walk())
    text = cem.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "weiterhin auf der Warteliste (Platz 1)" in text
