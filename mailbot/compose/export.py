"""Attendee lists for organizers: JSON for scripts, CSV that opens cleanly in German Excel,
an Excel workbook, and the front-desk list sorted by surname.

CSV is UTF-8 with a byte-order mark (Excel's cue for UTF-8) and ``;`` as separator by default,
which is what Excel expects in a German locale. A cell that begins with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return (OWASP's list of what spreadsheets read as the start of a
formula) is prefixed with ``'``, so attendee input can never become a spreadsheet formula.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Sequence
from typing import Any

from mailbot.domain.model import Attendee

COLUMNS = (
    "email",
    "salutation",
    "name",
    "organisation",
    "role",
    "dietary",
    "status",
    "registered_at",
    "updated_at",
    "bounced_at",
)


def attendee_row(attendee: Attendee) -> dict[str, Any]:
    return {
        "email": attendee.email,
        "salutation": attendee.salutation,
        "name": attendee.name,
        "organisation": attendee.organisation,
        "role": attendee.role,
        "dietary": attendee.dietary,
        "status": attendee.status.value,
        "registered_at": attendee.registered_at.isoformat() if attendee.registered_at else None,
        "updated_at": attendee.updated_at.isoformat(),
        "bounced_at": attendee.bounced_at.isoformat() if attendee.bounced_at else None,
    }


def to_json(people: Sequence[Attendee]) -> str:
    return json.dumps([attendee_row(a) for a in people], ensure_ascii=False, indent=2) + "\n"


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(people: Sequence[Attendee], separator: str = ";") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for person in people:
        row = attendee_row(person)
        writer.writerow([_cell(row[column]) for column in COLUMNS])
    return "\ufeff" + out.getvalue()


def to_xlsx(people: Sequence[Attendee]) -> bytes:
    """An Excel workbook: one sheet, a bold header, dates as dates, the same formula guard."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Teilnehmende"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for person in people:
        row = attendee_row(person)
        sheet.append([_cell(row[column]) for column in COLUMNS])
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def surname(person: Attendee) -> str:
    words = [w for w in (person.name or "").split() if not w.endswith(".")]
    return words[-1] if words else person.email.split("@")[0]


def _sort_key(person: Attendee) -> str:
    """As German lists sort (DIN 5007): "Ärztin" with the A's, "Groß" like "Gross"."""
    letters = unicodedata.normalize("NFKD", surname(person).casefold())
    return "".join(c for c in letters if not unicodedata.combining(c))


def to_badges(people: Sequence[Attendee], separator: str = ";") -> str:
    """The front-desk and badge list: registered people, sorted by surname."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    writer.writerow(
        (
            "Nachname (Sortierung)",
            "Anrede",
            "Name",
            "Organisation",
            "Funktion",
            "Ernährung",
            "E-Mail",
        )
    )
    for person in sorted(people, key=_sort_key):
        writer.writerow(
            [
                _cell(v)
                for v in (
                    surname(person),
                    person.salutation,
                    person.name,
                    person.organisation,
                    person.role,
                    person.dietary,
                    person.email,
                )
            ]
        )
    return "\ufeff" + out.getvalue()
