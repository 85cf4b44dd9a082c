"""The exports: no cell an attendee wrote can ever become a spreadsheet formula."""

from __future__ import annotations

import csv
import io
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from mailbot.compose.export import attendee_row, to_badges, to_csv, to_xlsx
from mailbot.domain.model import Attendee, AttendeeStatus
from tests.support.samples import NOW


def someone(organisation: str) -> Attendee:
    return Attendee(
        "anna@a.de",
        "Anna Weber",
        organisation,
        None,
        None,
        "de",
        AttendeeStatus.REGISTERED,
        NOW,
        NOW,
    )


BERLIN = ZoneInfo("Europe/Berlin")


def csv_cells(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=";"))


def organisation_in(rows: list[list[str]]) -> str:
    header, row = rows
    return row[header.index("Organisation")]


# OWASP's list: what Excel and LibreOffice read as the start of a formula
@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_starts_like_a_formula_is_text_in_every_export(start: str) -> None:
    value = f'{start}HYPERLINK("http://evil.example";"Klick")'
    person = someone(value)
    assert organisation_in(csv_cells(to_csv([attendee_row(person)], "de", BERLIN))) == "'" + value
    assert organisation_in(csv_cells(to_badges([person], "de"))) == "'" + value
    sheet = load_workbook(io.BytesIO(to_xlsx([attendee_row(person)], "de", BERLIN))).active
    assert sheet is not None  # XML keeps a CR as LF, so only the guard is compared here
    headings = [c.value for c in sheet[1]]
    cell = sheet.cell(2, headings.index("Organisation") + 1)
    assert cell.data_type == "s" and str(cell.value).startswith("'" + start.replace("\r", "\n"))


@given(st.text())
def test_any_organisation_reads_back_from_the_csv_unchanged_or_guarded(value: str) -> None:
    cell = organisation_in(csv_cells(to_csv([attendee_row(someone(value))], "de", BERLIN)))
    starts_like_a_formula = value[:1] in ("=", "+", "-", "@", "\t", "\r")
    assert cell == ("'" + value if starts_like_a_formula else value)
