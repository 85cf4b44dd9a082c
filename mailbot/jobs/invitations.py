"""``mailbot invite invitees.csv``: the organizer's list becomes one invitation per person.

Every invitation goes through the outbox with a key per person, so a second run skips whoever
was invited and an interrupted run continues where it stopped, sending nobody twice. The list
is kept (``invitees``): a reply to an invitation, even from another address, is tied to it, and
the list's name and organisation fill what a reply does not say. Invalid addresses are listed
and skipped, never fatal.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from mailbot.compose.templates import Templates
from mailbot.config import LANGUAGES, Config, EventSettings
from mailbot.domain.model import Invitee, Purpose
from mailbot.errors import MailbotError
from mailbot.outbox.enqueue import mail
from mailbot.store.database import Store
from mailbot.store.transaction import Transaction
from mailbot.understand.parse import clean_line

_ADDRESS = re.compile(r"[!#-'*+\-./0-9=?A-Z^-~]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+")
_KNOWN = ("email", "name", "organisation", "language")
_SYNONYMS = {
    "e-mail": "email",
    "mail": "email",
    "organization": "organisation",
    "behörde": "organisation",
    "sprache": "language",
    "anrede": "salutation",
}
BATCH = 200


@dataclass
class InviteList:
    people: list[Invitee] = field(default_factory=list)
    invalid: list[tuple[int, str]] = field(default_factory=list)  # (line, why)


def read_list(path: Path, default_language: str) -> InviteList:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise MailbotError(f"{path}: cannot read: {exc.strerror}") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252")  # Excel's "CSV" on German Windows
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t") if text.strip() else None
    reader = csv.DictReader(io.StringIO(text), dialect=dialect or csv.excel)
    columns = {
        c: _SYNONYMS.get(c.strip().lower(), c.strip().lower()) for c in reader.fieldnames or []
    }
    if "email" not in columns.values():
        raise MailbotError(f"{path}: no email column (first line: {', '.join(columns)})")
    result = InviteList()
    seen: set[str] = set()
    for line, row in enumerate(reader, start=2):
        values = {columns[k]: clean_line(v or "") for k, v in row.items() if k in columns}
        email = values.get("email", "").lower()
        if not _ADDRESS.fullmatch(email):
            result.invalid.append((line, f"not an email address: {email or '(empty)'}"))
            continue
        if email in seen:
            result.invalid.append((line, f"{email} is on the list twice"))
            continue
        seen.add(email)
        language = values.get("language", "").lower() or default_language
        result.people.append(
            Invitee(
                email=email,
                name=values.get("name", ""),
                organisation=values.get("organisation", ""),
                language=language if language in LANGUAGES else default_language,
                extra={k: v for k, v in values.items() if k not in _KNOWN},
            )
        )
    return result


def invitation_key(event: EventSettings, email: str) -> str:
    return f"invite:{event.id}:{email}"


def queue_invitations(
    config: Config,
    event: EventSettings,
    store: Store,
    templates: Templates,
    people: list[Invitee],
    now: datetime,
    limit: int | None = None,
) -> tuple[int, int]:
    """Queue an invitation for everyone not yet invited; returns (queued, already invited)."""
    queued = skipped = 0
    for start in range(0, len(people), BATCH):
        with store.transaction() as tx:
            for person in people[start : start + BATCH]:
                if limit is not None and queued >= limit:
                    return queued, skipped
                key = invitation_key(event, person.email)
                if tx.is_queued(key):
                    skipped += 1
                    continue
                tx.remember_invitee(person, now)
                _queue(tx, config, event, templates, person, now, key)
                queued += 1
    return queued, skipped


def _queue(
    tx: Transaction,
    config: Config,
    event: EventSettings,
    templates: Templates,
    person: Invitee,
    now: datetime,
    key: str,
) -> None:
    row = {
        "email": person.email,
        "name": person.name,
        "organisation": person.organisation,
        **person.extra,
    }
    mail(
        tx,
        config,
        event,
        templates,
        person.recipient,
        Purpose.INVITATION,
        now,
        values={"invitee": row},
        dedupe_key=key,
    )
