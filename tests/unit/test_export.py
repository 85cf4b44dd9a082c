"""The exports: no cell an attendee wrote can ever become a spreadsheet formula."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from mailbot.compose.export import to_badges, to_csv, to_xlsx
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


def csv_cells(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=";"))


# OWASP's list: what Excel and LibreOffice read as the start of a formula
@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_starts_like_a_formula_is_text_in_every_export(start: str) -> None:
    value = f'{start}HYPERLINK("http://evil.example";"Klick")'
    (row,) = csv_cells(to_csv([someone(value)]))[1:]
    assert row[3] == "'" + value
    (badge,) = csv_cells(to_badges([someone(value)]))[1:]
    assert badge[3] == "'" + value
    sheet = load_workbook(io.BytesIO(to_xlsx([someone(value)]))).active
    assert sheet is not None  # XML keeps a CR as LF, so only the guard is compared here
    cell = sheet.cell(2, 4)
    assert cell.data_type == "s" and str(cell.value).startswith("'" + start.replace("\r", "\n"))


@given(st.text())
def test_any_organisation_reads_back_from_the_csv_unchanged_or_guarded(value: str) -> None:
    (row,) = csv_cells(to_csv([someone(value)]))[1:]
    starts_like_a_formula = value[:1] in ("=", "+", "-", "@", "\t", "\r")
    assert row[3] == ("'" + value if starts_like_a_formula else value)
