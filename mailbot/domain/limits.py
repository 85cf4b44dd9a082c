"""How long a value from a message may be, wherever it goes: a column, a header, a template.

Attendee input is capped once, when it is read, so that no value can fail a database write (a
41-character salutation in a 40-character column stops a PostgreSQL transaction) or carry a
5,000-character "name" full of links into the bot's own mail. Pure values, nothing else.
"""

from __future__ import annotations

from mailbot.domain.model import FieldValue

MAX_ADDRESS = 254  # RFC 5321's longest usable path; longer From addresses are no sender
MAX_DISPLAY_NAME = 200
MAX_SUBJECT = 300
MAX_FIELD = 200  # name, organisation, role, dietary
FIELD_LIMITS = {"salutation": 40}  # "Frau Prof. Dr." fits; a sentence does not


_GMAIL = ("gmail.com", "googlemail.com")


def mailbox_of(address: str) -> str:
    """The mailbox an address delivers to: case, plus-tags and Gmail's dots and second domain
    do not make another person, so limits count per mailbox, not per spelling."""
    local, _, domain = address.strip().lower().rpartition("@")
    local = local.split("+", 1)[0]
    if domain in _GMAIL:
        return local.replace(".", "") + "@gmail.com"
    return f"{local}@{domain}"


def bounded_field(name: str, value: str) -> str:
    """The value cut to what its field may hold, without trailing white space."""
    return value[: FIELD_LIMITS.get(name, MAX_FIELD)].rstrip()


def bounded_fields(fields: dict[str, FieldValue]) -> dict[str, FieldValue]:
    return {
        name: FieldValue(bounded_field(name, found.value), found.source)
        for name, found in fields.items()
    }
