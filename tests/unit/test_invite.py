"""The organizer's invitation list as Excel and people write it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from mailbot.domain.names import greeting
from mailbot.errors import MailbotError
from mailbot.jobs.invite_list import read_list

NOW = datetime(2024, 10, 18, 12, 0, tzinfo=UTC)


def test_an_excel_list_in_windows_1252_with_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "einladungen.csv"
    path.write_bytes(
        "E-Mail;Anrede;Titel;Vorname;Nachname;Dienststelle;Sprache;Raum\r\n"
        "anna.weber@stadt.example;Frau;Dr.;Anna;Weber;Stadt Quickborn;de;A 1.04\r\n"
        "grace@council.example;;;Grace;Miller;City Council;en;\r\n"
        "kein-at-zeichen.example;;;;Kaputt;;;\r\n"
        "anna.weber@stadt.example;;;;doppelt;;;\r\n"
        "Jörg@Gemeinde.EXAMPLE;Herr;;Jörg;Groß;Gemeinde;fr;\r\n"
        ";;;;;;;\r\n".encode("cp1252")
    )
    listing = read_list(path, "de")
    assert [
        (p.email, p.name, p.organisation, p.language, greeting(p.person, p.language), p.extra)
        for p in listing.people
    ] == [
        (
            "anna.weber@stadt.example",
            "Dr. Anna Weber",
            "Stadt Quickborn",
            "de",
            "Sehr geehrte Frau Dr. Weber",
            {"raum": "A 1.04"},
        ),
        (
            "grace@council.example",
            "Grace Miller",
            "City Council",
            "en",
            "Dear Grace Miller",
            {"raum": ""},
        ),
        # an address with an umlaut is read; whether it can be sent is the SMTP server's say
        (
            "jörg@gemeinde.example",
            "Jörg Groß",
            "Gemeinde",
            "de",
            "Sehr geehrter Herr Groß",
            {"raum": ""},
        ),
    ]
    assert listing.invalid == [
        (4, "not an email address: kein-at-zeichen.example"),
        (5, "anna.weber@stadt.example is on the list twice"),
    ]
    assert listing.columns["Dienststelle"] == "organisation"


def test_one_name_column_in_surname_first_order(tmp_path: Path) -> None:
    path = tmp_path / "liste.csv"
    path.write_text(
        'Anrede,Name,E-Mail,Behörde\n"Herr","Krause, Jens",jens.krause@amt.example,Amt Nord\n'
        '"Frau Dr.","von der Leyen, Ursula",uvdl@amt.example,Amt Süd\n',
        encoding="utf-8",
    )
    jens, ursula = read_list(path, "de").people
    assert greeting(jens.person, "de") == "Sehr geehrter Herr Krause"
    assert (jens.person.first_name, jens.organisation) == ("Jens", "Amt Nord")
    assert greeting(ursula.person, "de") == "Sehr geehrte Frau Dr. von der Leyen"


def test_an_xlsx_workbook(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Vorname", "Nachname", "email", "Anrede", "PLZ"])
    sheet.append(["Kai", "Petersen", "kai@kreis.example", None, 25421])
    path = tmp_path / "liste.xlsx"
    book.save(path)
    (kai,) = read_list(path, "en").people
    assert (kai.name, kai.language, kai.extra) == ("Kai Petersen", "en", {"plz": "25421"})
    assert greeting(kai.person, "de") == "Guten Tag Kai Petersen"


def test_a_file_that_is_no_workbook_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "liste.xlsx"
    path.write_text("not a zip", encoding="utf-8")
    with pytest.raises(MailbotError, match=r"liste.xlsx: not an Excel workbook"):
        read_list(path, "de")


def test_a_utf8_list_with_commas_and_extra_columns(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text(
        "\ufeffemail,name,organisation,workshop\n"
        "kai@kreis.example,Kai Petersen,Kreis Pinneberg,Vormittag\n",
        encoding="utf-8",
    )
    (kai,) = read_list(path, "de").people
    assert kai.extra == {"workshop": "Vormittag"} and kai.language == "de"
