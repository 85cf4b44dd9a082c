"""Attendee details from a reply: the filled-in form block, else the sender's display name.

Every value keeps where it came from, so `mailbot inspect` can say why the bot believes it.
Pure functions.
"""

from __future__ import annotations

import re

from mailbot.model import FieldValue, Sender

# Label synonyms, German and English, for each field of the invitation's form block.
FORM_LABELS: dict[str, tuple[str, ...]] = {
    "name": (
        "name",
        "vor- und nachname",
        "vorname und name",
        "vorname, name",
        "teilnehmer",
        "teilnehmerin",
        "teilnehmer/in",
        "teilnehmer*in",
        "full name",
        "your name",
    ),
    "organisation": (
        "organisation",
        "organization",
        "behörde",
        "institution",
        "dienststelle",
        "einrichtung",
        "verwaltung",
        "firma",
        "unternehmen",
        "company",
        "employer",
        "arbeitgeber",
        "amt",
        "kommune",
        "organisation/behörde",
    ),
    "role": (
        "funktion",
        "position",
        "rolle",
        "role",
        "job title",
        "stelle",
        "amtsbezeichnung",
        "tätigkeit",
    ),
    "dietary": (
        "ernährung",
        "ernährungswunsch",
        "ernährungswünsche",
        "ernährungsweise",
        "essen",
        "essenswunsch",
        "verpflegung",
        "unverträglichkeiten",
        "allergien",
        "diet",
        "dietary",
        "dietary requirements",
        "dietary needs",
        "food",
        "catering",
    ),
}
_LABEL_TO_FIELD = {label: name for name, labels in FORM_LABELS.items() for label in labels}
_LABEL_LINE = re.compile(r"^[>\s]*[*_]*\s*([^:：*_\n]{2,40}?)\s*[*_]*\s*[:：]\s*[*_]*\s*(.*?)\s*$")
_PLACEHOLDER = re.compile(r"^[\s_.…\-–—\[\]()<>x?]*$|^\[.*\]$|^<.*>$|^\(.*\)$", re.I)
_MAX_VALUE = 200


def _is_value(text: str) -> bool:
    return bool(text) and not _PLACEHOLDER.match(text) and len(text) <= _MAX_VALUE


def form_fields(text: str) -> dict[str, FieldValue]:
    """Fields from ``Label: value`` lines; a value may stand on the line after its label."""
    found: dict[str, FieldValue] = {}
    lines = text.splitlines()
    for index, line in enumerate(lines):
        match = _LABEL_LINE.match(line)
        if not match:
            continue
        field = _LABEL_TO_FIELD.get(match.group(1).strip().lower())
        if field is None or field in found:
            continue
        value = match.group(2).strip()
        if not value and index + 1 < len(lines):
            following = lines[index + 1].lstrip("> ").strip()
            if not _LABEL_LINE.match(lines[index + 1]):
                value = following
        value = value.strip("*_ ").strip()
        if _is_value(value):
            found[field] = FieldValue(value, "form")
    return found


def name_from_display_name(sender: Sender) -> FieldValue | None:
    """The From display name as a person's name; "Weber, Anna" becomes "Anna Weber"."""
    name = sender.display_name.strip().strip("'\"").strip()
    if not name or "@" in name:
        return None
    if name.count(",") == 1:
        surname, given = (part.strip() for part in name.split(","))
        if surname and given and " " not in surname:
            name = f"{given} {surname}"
    return FieldValue(name, "display name")


def attendee_fields(new_text: str, sender: Sender | None) -> dict[str, FieldValue]:
    fields = form_fields(new_text)
    if "name" not in fields and sender is not None:
        fallback = name_from_display_name(sender)
        if fallback is not None:
            fields["name"] = fallback
    return fields
