"""The organizer's invitation list, as Excel and people write it: CSV or an Excel workbook.

CSV may be UTF-8 (with or without the byte-order mark Excel writes) or Windows-1252 (Excel's
"CSV" on German Windows), separated by ``;``, ``,`` or tabs; both are detected. Columns are
matched by their German or English heading (E-Mail/email, Anrede/salutation, Titel/title,
Vorname/first_name, Nachname/last_name, Name, Organisation/Dienststelle/Behörde, Funktion/role,
Sprache/language); every other column is kept as written and reaches the invitation template as
``invitee.<column>`` (heading lower-cased). A bad line is listed with its number and skipped,
never fatal; a file that cannot be read at all is one clear error.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from zipfile import BadZipFile

from mailbot.config import LANGUAGES
from mailbot.domain.model import Invitee
from mailbot.domain.names import parse_name
from mailbot.errors import MailbotError
from mailbot.understand.parse import clean_line

# Headings, reduced to their letters, for each column the bot understands.
_HEADINGS = {
    "email": ("email", "mail", "emailadresse", "emailaddress", "mailadresse", "eposta"),
    "salutation": ("anrede", "salutation", "form of address"),
    "title": ("titel", "title", "akademischergrad"),
    "first_name": ("vorname", "firstname", "givenname", "forename"),
    "last_name": ("nachname", "lastname", "surname", "familyname", "familienname", "zuname"),
    "name": ("name", "fullname", "vollständigername", "vorundnachname", "teilnehmer"),
    "organisation": (
        "organisation",
        "organization",
        "dienststelle",
        "behörde",
        "institution",
        "einrichtung",
        "firma",
        "company",
        "verwaltung",
    ),
    "role": ("funktion", "role", "position", "amt"),
    "language": ("sprache", "language", "lang"),
}
_BY_HEADING = {heading: column for column, names in _HEADINGS.items() for heading in names}
# An address: anything but spaces and the characters that separate addresses, one @, a dotted
# domain. Non-ASCII is allowed here; whether it can be sent is decided against the SMTP server.
ADDRESS = re.compile(r"[^\s@<>()\[\],;:\"]+@[^\s@<>()\[\],;:\"_]+(\.[^\s@<>()\[\],;:\"_]+)+")


@dataclass
class InviteList:
    people: list[Invitee] = field(default_factory=list)
    invalid: list[tuple[int, str]] = field(default_factory=list)  # (line, why)
    columns: dict[str, str] = field(default_factory=dict)  # heading as written -> what it means


def column_for(heading: str) -> str:
    """What a heading means: one of the bot's columns, or the heading itself, lower-cased."""
    letters = re.sub(r"[^\wäöüß]|_", "", heading.casefold())
    return _BY_HEADING.get(letters, clean_line(heading).lower())


def read_list(path: Path, default_language: str) -> InviteList:
    rows = _xlsx_rows(path) if path.suffix.lower() in (".xlsx", ".xlsm") else _csv_rows(path)
    heading_row = next(rows, None)
    if heading_row is None:
        raise MailbotError(f"{path}: the list is empty")
    headings = [clean_line(h) for h in heading_row]
    columns = {h: column_for(h) for h in headings if h}
    if "email" not in columns.values():
        raise MailbotError(
            f"{path}: no email column (first line: {', '.join(h for h in headings if h)})"
        )
    result = InviteList(columns=columns)
    seen: set[str] = set()
    for line, cells in enumerate(rows, start=2):
        values: dict[str, str] = {}
        for heading, cell in zip(headings, cells, strict=False):
            if heading and not values.get(columns[heading]):
                values[columns[heading]] = clean_line(cell)
        if not any(values.values()):
            continue  # an empty line, as Excel leaves them at the end
        email = _ascii_domain(values.get("email", "").lower())
        if not ADDRESS.fullmatch(email):
            result.invalid.append((line, f"not an email address: {email or '(empty)'}"))
            continue
        if email in seen:
            result.invalid.append((line, f"{email} is on the list twice"))
            continue
        seen.add(email)
        result.people.append(_invitee(email, values, default_language))
    return result


def _ascii_domain(address: str) -> str:
    """An internationalized domain in its ASCII form (IDNA), which every server accepts; a
    local part with umlauts stays: only a server offering SMTPUTF8 can take it."""
    local, at, domain = address.rpartition("@")
    if not at or domain.isascii():
        return address
    try:
        return f"{local}@{domain.encode('idna').decode('ascii')}"
    except UnicodeError:
        return address  # not a domain name: the address check says so


def needs_smtputf8(address: str) -> bool:
    return not address.isascii()


def _invitee(email: str, values: dict[str, str], default_language: str) -> Invitee:
    name = parse_name(
        values.get("name"),
        salutation=values.get("salutation"),
        title=values.get("title"),
        first_name=values.get("first_name"),
        last_name=values.get("last_name"),
    )
    full = values.get("name") or " ".join(p for p in (name.title, name.full_name) if p)
    language = values.get("language", "").lower()[:2]
    return Invitee(
        email=email,
        name=full,
        organisation=values.get("organisation", ""),
        language=language if language in LANGUAGES else default_language,
        extra={k: v for k, v in values.items() if k not in _HEADINGS},
        person=name,
        role=values.get("role", ""),
    )


def _csv_rows(path: Path) -> Iterator[list[str]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise MailbotError(f"{path}: cannot read: {exc.strerror}") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel's "CSV" on German Windows
    first_line = text.split("\n", 1)[0]
    # the heading line decides: it has no quoted separators, unlike names such as "Krause, Jens"
    separator = max((";", ",", "\t"), key=first_line.count)
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=separator)


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except OSError as exc:
        raise MailbotError(f"{path}: cannot read: {exc.strerror}") from exc
    except (BadZipFile, InvalidFileException, ValueError, KeyError) as exc:
        raise MailbotError(f"{path}: not an Excel workbook this bot can read: {exc}") from exc
    try:
        sheet = book.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield ["" if cell is None else _cell_text(cell) for cell in row]
    finally:
        book.close()


def _cell_text(cell: object) -> str:
    # Excel stores 12345 as 12345.0; a postcode or phone number must not grow a ".0"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)
