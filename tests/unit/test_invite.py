"""The organizer's invitation list as Excel and people write it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from mailbot.jobs.invitations import read_list

NOW = datetime(2024, 10, 18, 12, 0, tzinfo=UTC)


def test_an_excel_list_in_windows_1252_with_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "einladungen.csv"
    path.write_bytes(
        "E-Mail;Name;Behörde;Sprache;Anrede\r\n"
        "anna.weber@stadt.example;Dr. Anna Weber;Stadt Quickborn;de;Frau\r\n"
        "grace@council.example;Grace Miller;City Council;en;\r\n"
        "kein-at-zeichen.example;Kaputt;;;\r\n"
        "anna.weber@stadt.example;doppelt;;;\r\n"
        "Jörg@Gemeinde.EXAMPLE;Jörg Groß;Gemeinde;fr;Herr\r\n".encode("cp1252")
    )
    listing = read_list(path, "de")
    assert [(p.email, p.name, p.organisation, p.language, p.extra) for p in listing.people] == [
        (
            "anna.weber@stadt.example",
            "Dr. Anna Weber",
            "Stadt Quickborn",
            "de",
            {"salutation": "Frau"},
        ),
        ("grace@council.example", "Grace Miller", "City Council", "en", {"salutation": ""}),
    ]
    assert listing.invalid == [
        (4, "not an email address: kein-at-zeichen.example"),
        (5, "anna.weber@stadt.example is on the list twice"),
        (6, "not an email address: jörg@gemeinde.example"),
    ]


def test_a_utf8_list_with_commas_and_extra_columns(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text(
        "\ufeffemail,name,organisation,workshop\n"
        "kai@kreis.example,Kai Petersen,Kreis Pinneberg,Vormittag\n",
        encoding="utf-8",
    )
    (kai,) = read_list(path, "de").people
    assert kai.extra == {"workshop": "Vormittag"} and kai.language == "de"
