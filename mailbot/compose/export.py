"""Lists for organizers: JSON for scripts, CSV that opens cleanly in German Excel, an Excel
workbook, the badge list and the printable front-desk list (PDF) sorted by surname.

CSV and Excel speak the bot's language: German column headings, statuses in words, dates and
times in the event's time zone, formatted as people write them ("21.10.2024 10:00"). JSON keeps
English keys and ISO 8601 local times, for scripts. CSV is UTF-8 with a byte-order mark (Excel's
cue for UTF-8) and ``;`` by default. A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return (OWASP's list of what spreadsheets read as the start of a formula) is
prefixed with ``'``, so attendee input can never become a spreadsheet formula.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime

from mailbot.domain.model import Attendee
from mailbot.domain.names import PersonName, surname_sort_key
from mailbot.store.records import Invitation

COLUMNS = (
    "email",
    "salutation",
    "title",
    "first_name",
    "last_name",
    "name",
    "organisation",
    "role",
    "dietary",
    "status",
    "invited_at",
    "registered_at",
    "updated_at",
    "bounced_at",
)
_TIMES = ("invited_at", "registered_at", "updated_at", "bounced_at")
HEADINGS = {
    "de": {
        "email": "E-Mail",
        "salutation": "Anrede",
        "title": "Titel",
        "first_name": "Vorname",
        "last_name": "Nachname",
        "name": "Name",
        "organisation": "Organisation",
        "role": "Funktion",
        "dietary": "Ernährung",
        "status": "Status",
        "invited_at": "Eingeladen am",
        "registered_at": "Angemeldet am",
        "updated_at": "Geändert am",
        "bounced_at": "Unzustellbar seit",
    },
    "en": {
        "email": "Email",
        "salutation": "Salutation",
        "title": "Title",
        "first_name": "First name",
        "last_name": "Last name",
        "name": "Name",
        "organisation": "Organisation",
        "role": "Role",
        "dietary": "Dietary needs",
        "status": "Status",
        "invited_at": "Invited",
        "registered_at": "Registered",
        "updated_at": "Changed",
        "bounced_at": "Bounced",
    },
}
STATUS_WORDS = {
    "de": {
        "registered": "angemeldet",
        "waitlisted": "Warteliste",
        "declined": "abgesagt",
        "cancelled": "storniert",
        "not answered": "keine Antwort",
        "bounced": "unzustellbar",
        "queued": "Einladung noch nicht gesendet",
    },
    "en": {
        "registered": "registered",
        "waitlisted": "waiting list",
        "declined": "declined",
        "cancelled": "cancelled",
        "not answered": "not answered",
        "bounced": "bounced",
        "queued": "invitation not sent yet",
    },
}
_DATE_TIME = {"de": "dd.MM.yyyy HH:mm", "en": "d MMM yyyy, HH:mm"}


def _name_values(name: PersonName) -> dict[str, Any]:
    return {
        "salutation": name.salutation.value if name.salutation else None,
        "title": name.title or None,
        "first_name": name.first_name or None,
        "last_name": name.last_name or None,
    }


def attendee_row(attendee: Attendee, invited_at: datetime | None = None) -> dict[str, Any]:
    """One person who answered; times stay datetimes until a format writes them."""
    return {
        "email": attendee.email,
        **_name_values(attendee.person_name),
        "name": attendee.name,
        "organisation": attendee.organisation,
        "role": attendee.role,
        "dietary": attendee.dietary,
        "status": attendee.status.value,
        "invited_at": invited_at,
        "registered_at": attendee.registered_at,
        "updated_at": attendee.updated_at,
        "bounced_at": attendee.bounced_at,
    }


def invitation_row(invitation: Invitation) -> dict[str, Any]:
    """One invited person, as far as the list and the invitation tell."""
    invitee = invitation.invitee
    return {
        "email": invitee.email,
        **_name_values(invitee.person),
        "name": invitee.name or None,
        "organisation": invitee.organisation or None,
        "role": invitee.role or None,
        "dietary": None,
        "status": invitation.answer.value if invitation.answer else invitation.state,
        "invited_at": invitation.invited_at,
        "registered_at": None,
        "updated_at": None,
        "bounced_at": invitation.bounced_at,
    }


def to_json(rows: Sequence[dict[str, Any]], zone: ZoneInfo) -> str:
    def value(v: Any) -> Any:
        return v.astimezone(zone).isoformat(timespec="minutes") if isinstance(v, datetime) else v

    data = [{k: value(v) for k, v in row.items()} for row in rows]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _words(row: dict[str, Any], language: str, zone: ZoneInfo) -> list[str]:
    """A row as people read it: status in words, local times as people write them."""
    cells = []
    for column in COLUMNS:
        value = row[column]
        if isinstance(value, datetime):
            value = format_datetime(value, _DATE_TIME[language], tzinfo=zone, locale=language)
        elif column == "status":
            value = STATUS_WORDS[language].get(value, value)
        cells.append(_cell(value))
    return cells


def to_csv(
    rows: Sequence[dict[str, Any]], language: str, zone: ZoneInfo, separator: str = ";"
) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    writer.writerow([HEADINGS[language][c] for c in COLUMNS])
    for row in rows:
        writer.writerow(_words(row, language, zone))
    return "\ufeff" + out.getvalue()


def to_xlsx(rows: Sequence[dict[str, Any]], language: str, zone: ZoneInfo) -> bytes:
    """An Excel workbook: bold headings, local times as real dates, the same formula guard."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Teilnehmende" if language == "de" else "Attendees"
    sheet.append([HEADINGS[language][c] for c in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        cells: list[Any] = _words(row, language, zone)
        for index, column in enumerate(COLUMNS):
            if isinstance(row[column], datetime):  # Excel keeps no zone: local wall time
                cells[index] = row[column].astimezone(zone).replace(tzinfo=None)
        sheet.append(cells)
    for index, column in enumerate(COLUMNS, start=1):
        if column in _TIMES:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = "DD.MM.YYYY HH:MM" if language == "de" else "YYYY-MM-DD HH:MM"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def by_surname(people: Sequence[Attendee]) -> list[Attendee]:
    """As German lists sort (DIN 5007): by surname without particles, umlauts as vowels."""
    return sorted(people, key=lambda p: surname_sort_key(p.person_name, p.email))


def to_badges(people: Sequence[Attendee], language: str, separator: str = ";") -> str:
    """The badge list for a mail merge: registered people, sorted by surname."""
    headings = HEADINGS[language]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    columns = ("last_name", "first_name", "title", "salutation", "organisation", "role")
    writer.writerow([headings[c] for c in (*columns, "dietary", "email")])
    for person in by_surname(people):
        name = _name_values(person.person_name)
        writer.writerow(
            [_cell(v) for v in (*(name.get(c) for c in columns[:4]), person.organisation)]
            + [_cell(person.role), _cell(person.dietary), _cell(person.email)]
        )
    return "\ufeff" + out.getvalue()


_FONT_PLACES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
)
_DESK = {
    "de": ("Empfangsliste", "Nr.", "Name", "Organisation", "Unterschrift", "Seite", "Personen"),
    "en": ("Front-desk list", "No.", "Name", "Organisation", "Signature", "Page", "people"),
}


def to_front_desk_pdf(
    people: Sequence[Attendee], title: str, day: date, place: str, language: str
) -> bytes:
    """The printable front-desk list: A4, by surname, a line to sign for each person, the
    heading repeated on every page. Made with fpdf2."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    words = _DESK[language]
    font_file = next((p for p in _FONT_PLACES if p.is_file()), None)

    class FrontDesk(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font(family, size=8)
            self.cell(0, 6, text(f"{title} · {words[5]} {self.page_no()}/{{nb}}"), align="C")

    pdf = FrontDesk(orientation="portrait", unit="mm", format="A4")
    bold = "BOLD"
    if font_file is not None:
        pdf.add_font("body", fname=str(font_file))
        bold_file = font_file.with_name(font_file.stem + "-Bold.ttf")
        if bold_file.is_file():
            pdf.add_font("body", style="B", fname=str(bold_file))
        else:
            bold = ""
        family = "body"

        def text(value: str) -> str:
            return value

    else:  # the PDF core fonts know Latin-1 only: enough for German names, not for every name
        family = "helvetica"

        def text(value: str) -> str:
            return value.encode("latin-1", "replace").decode("latin-1")

    pdf.set_title(text(f"{words[0]} {title}"))
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.add_page()
    pdf.set_font(family, size=14)
    pdf.multi_cell(0, 7, text(f"{words[0]}: {title}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, size=10)
    pdf.multi_cell(
        0,
        6,
        text(f"{format_date(day, 'full', locale=language)} · {place} · {len(people)} {words[6]}"),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)
    ordered = by_surname(people)
    with pdf.table(
        col_widths=(10, 62, 58, 60),
        line_height=9,
        headings_style=FontFace(emphasis=bold or None, fill_color=(225, 225, 225)),
        repeat_headings=1,
        text_align=("RIGHT", "LEFT", "LEFT", "LEFT"),
    ) as table:
        heading = table.row()
        for label in words[1:5]:
            heading.cell(text(label))
        for number, person in enumerate(ordered, start=1):
            name = person.person_name
            listed = ", ".join(p for p in (name.last_name, name.first_name) if p)
            if name.title:
                listed += f" ({name.title})"
            row = table.row()
            row.cell(str(number))
            row.cell(text(listed or person.email))
            row.cell(text(person.organisation or ""))
            row.cell("")
    return bytes(pdf.output())
