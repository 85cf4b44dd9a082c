"""What an organizer gets from each export: every column, local times as people write them,
statuses in words, and an Excel sheet that reads like a list (the formula guard is in
``test_export.py``; LibreOffice opens the CSV in ``tests/integration/test_organizer.py``)."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from mailbot.compose.export import (
    COLUMNS,
    attendee_row,
    invitation_row,
    to_badges,
    to_csv,
    to_front_desk_pdf,
    to_json,
    to_xlsx,
)
from mailbot.domain.model import Attendee, AttendeeStatus, Invitee
from mailbot.domain.names import PersonName, Salutation
from mailbot.store.records import Invitation
from tests.support.samples import NOW

BERLIN = ZoneInfo("Europe/Berlin")
JOERG = Attendee(
    "joerg@a.de",
    "Jörg Groß",
    "Amt Süderbrarup",
    "Leitung",
    "vegan",
    "de",
    AttendeeStatus.WAITLISTED,
    NOW,
    NOW,
    salutation="Herr",
    title="Dr.",
    first_name="Jörg",
    last_name="Groß",
)


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=";"))


def test_the_json_export_has_every_column_with_local_times_and_umlauts_as_written() -> None:
    text = to_json([attendee_row(JOERG)], BERLIN)
    assert text.endswith("}\n]\n") and "Jörg Groß" in text  # UTF-8, not \u escapes
    (person,) = json.loads(text)
    assert person == {
        "email": "joerg@a.de",
        "salutation": "Herr",
        "title": "Dr.",
        "first_name": "Jörg",
        "last_name": "Groß",
        "name": "Jörg Groß",
        "organisation": "Amt Süderbrarup",
        "role": "Leitung",
        "dietary": "vegan",
        "status": "waitlisted",
        "invited_at": None,
        "registered_at": "2024-10-21T09:30+02:00",
        "updated_at": "2024-10-21T09:30+02:00",
        "bounced_at": None,
    }


def invitation(answer: AttendeeStatus | None, invited: bool, bounced: bool) -> Invitation:
    name = PersonName(Salutation("Frau"), "", "Grace", "Miller")
    invitee = Invitee("grace@a.de", "Grace Miller", "", "en", {}, name, role="")
    return Invitation(
        invitee, NOW if invited else None, NOW if bounced else None, answer, None, None
    )


@pytest.mark.parametrize(
    ("answer", "invited", "bounced", "status"),
    [
        (AttendeeStatus.DECLINED, True, False, "declined"),
        (None, True, True, "bounced"),
        (None, True, False, "not answered"),
        (None, False, False, "queued"),
    ],
)
def test_an_invited_person_is_exported_with_their_answer_or_where_the_invitation_stands(
    answer: AttendeeStatus | None, invited: bool, bounced: bool, status: str
) -> None:
    row = invitation_row(invitation(answer, invited, bounced))
    assert row == {
        "email": "grace@a.de",
        "salutation": "Frau",
        "title": None,
        "first_name": "Grace",
        "last_name": "Miller",
        "name": "Grace Miller",
        "organisation": None,  # an empty cell on the list is no value
        "role": None,
        "dietary": None,
        "status": status,
        "invited_at": NOW if invited else None,
        "registered_at": None,
        "updated_at": None,
        "bounced_at": NOW if bounced else None,
    }


@pytest.mark.parametrize(
    ("language", "status", "when"),
    [("de", "Warteliste", "21.10.2024 09:30"), ("en", "waiting list", "21 Oct 2024, 09:30")],
)
def test_the_csv_says_the_status_in_words_and_the_local_time_as_people_write_it(
    language: str, status: str, when: str
) -> None:
    text = to_csv([attendee_row(JOERG)], language, BERLIN)
    assert text.endswith("\r\n") and text.count("\r\n") == 2  # Excel's line ends
    header, row = csv_rows(text)
    assert len(header) == len(row) == len(COLUMNS)
    cells = dict(zip(COLUMNS, row, strict=True))
    assert (cells["status"], cells["registered_at"], cells["invited_at"]) == (status, when, "")
    assert cells["salutation"] == "Herr" and cells["dietary"] == "vegan"


def test_the_badge_list_carries_role_dietary_needs_and_address() -> None:
    header, row = csv_rows(to_badges([JOERG], "de"))
    assert row == [
        "Groß",
        "Jörg",
        "Dr.",
        "Herr",
        "Amt Süderbrarup",
        "Leitung",
        "vegan",
        "joerg@a.de",
    ]
    assert len(header) == len(row)


@pytest.mark.parametrize(
    ("language", "title", "date_format"),
    [("de", "Teilnehmende", "DD.MM.YYYY HH:MM"), ("en", "Attendees", "YYYY-MM-DD HH:MM")],
)
def test_the_excel_sheet_reads_like_a_list_in_the_organizers_language(
    language: str, title: str, date_format: str
) -> None:
    rows = [attendee_row(JOERG), attendee_row(JOERG)]
    sheet = load_workbook(io.BytesIO(to_xlsx(rows, language, BERLIN))).active
    assert sheet is not None
    assert sheet.title == title and sheet.freeze_panes == "A2"  # the headings stay in view
    assert all(cell.font.bold for cell in sheet[1])
    registered = COLUMNS.index("registered_at") + 1
    for row in (2, 3):
        cell = sheet.cell(row, registered)
        assert cell.value == datetime(2024, 10, 21, 9, 30) and cell.number_format == date_format
    status = sheet.cell(2, COLUMNS.index("status") + 1)
    assert status.value in ("Warteliste", "waiting list") and status.number_format == "General"


def test_the_front_desk_list_names_day_place_and_count_and_lists_the_nameless_by_address() -> None:
    nameless = Attendee(
        "kai@a.de", None, None, None, None, "de", AttendeeStatus.REGISTERED, NOW, NOW
    )
    pdf = to_front_desk_pdf([JOERG, nameless], "Werkstatt", NOW.date(), "Quickborn", "de")
    reader = PdfReader(io.BytesIO(pdf))
    text = reader.pages[0].extract_text()
    assert "Montag, 21. Oktober 2024 · Quickborn · 2 Personen" in text
    assert "Groß, Jörg (Dr.)" in text and "Amt Süderbrarup" in text and "kai@a.de" in text
    assert "Werkstatt · Seite 1/1" in text
    assert reader.metadata is not None and reader.metadata.title == "Empfangsliste Werkstatt"


def test_the_front_desk_list_numbers_its_lines_and_writes_any_name_in_its_own_letters() -> None:
    """With the DejaVu font `scripts/check` installs; the PDF core fonts know Latin-1 only."""
    polish = Attendee(
        "l@a.de", "Łukasz Żółć", None, None, None, "de", AttendeeStatus.REGISTERED, NOW, NOW
    )
    pdf = to_front_desk_pdf([JOERG, polish], "Werkstatt", NOW.date(), "Quickborn", "de")
    lines = PdfReader(io.BytesIO(pdf)).pages[0].extract_text().splitlines()
    assert "Nr. Name Organisation Unterschrift" in lines
    assert "1 Groß, Jörg (Dr.) Amt Süderbrarup" in lines and "2 Żółć, Łukasz" in lines
