"""Why a message waits for a human, said in the bot's language, and the review list's lines.

The store keeps the technical reason the rules wrote (English, for `mailbot inspect` and bug
reports); organizers read a short sentence in their language first, the detail after it. Pure.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from mailbot.store.records import FailedSend, ReviewItem

# (words in the technical reason or the kind, German, English): first hit wins
_REASONS: tuple[tuple[str, str, str], ...] = (
    ("the bot failed", "Der Bot ist an dieser Mail gescheitert", "The bot failed on this message"),
    (
        "database refused",
        "Die Datenbank hat einen Wert dieser Mail abgelehnt",
        "The database refused a value of this message",
    ),
    (
        "neither yes nor no",
        "Antwort auf eine Rückfrage, weder ja noch nein (nichts geändert)",
        "Answer to a request, neither yes nor no (nothing changed)",
    ),
    (
        "without returning the bot's mail",
        "Unzustellbarkeitsmeldung ohne die Mail des Bots (nicht gezählt)",
        "Bounce without the bot's mail in it (not counted)",
    ),
    (
        "limit of",
        "Antwortlimit erreicht (nicht beantwortet)",
        "Answer limit reached (not answered)",
    ),
    ("too large", "Zu groß zum Lesen", "Too large to read"),
    ("deadline", "Anmeldung nach dem Anmeldeschluss", "Registration after the deadline"),
    ("reply limit", "Antwortlimit für diese Adresse erreicht", "Reply limit reached"),
    ("expired", "Zusage zu einem abgelaufenen Nachrückangebot", "Accepted an expired offer"),
    ("waiting-list offer", "Frage zum Nachrückangebot", "Question about a waiting-list offer"),
    ("missing details", "Fehlende Angaben nicht gefunden", "Missing details not found"),
    ("cancellation request", "Frage zur Stornierung", "Question about a cancellation"),
    ("names another person", "Nennt eine weitere Person", "Names another person"),
    ("also asks a question", "Enthält zusätzlich eine Frage", "Also asks a question"),
    ("invitation sent to", "Antwort von einer anderen Adresse", "Answer from another address"),
    ("question", "Eine Frage, bitte selbst beantworten", "A question to answer yourself"),
    ("unclear", "Nicht eindeutig, bitte lesen und entscheiden", "Unclear: read and decide"),
    (
        "auto-reply",
        "Vermutlich automatisch (nie beantwortet)",
        "Probably automatic (never answered)",
    ),
    (
        "bounce",
        "Vermutlich Unzustellbarkeit (nie beantwortet)",
        "Probably a bounce (never answered)",
    ),
    ("list mail", "Rundmail (nie beantwortet)", "List mail (never answered)"),
)
_OTHERWISE = ("Bitte ansehen", "Please look at it")
_FAILED_SEND = ("Konnte nicht gesendet werden", "Could not be sent")


def localized_reason(kind: str | None, reason: str, language: str) -> str:
    """The sentence an organizer reads; where the bot failed, the error text after it (it
    names the template or the problem, which no sentence can)."""
    text = f"{reason} {kind or ''}".lower()
    key, german, english = next((hit for hit in _REASONS if hit[0] in text), ("", *_OTHERWISE))
    sentence = german if language == "de" else english
    if key == "the bot failed":
        return f"{sentence}: {reason.split(': ', 1)[-1]}"
    return sentence


def _with_detail(sentence: str, detail: str) -> str:
    return sentence if detail in sentence else f"{sentence} ({detail})"


def local_time(moment: datetime | None, zone: ZoneInfo) -> str | None:
    """ISO 8601 in the event's time zone, to the minute: what people compare with their clock."""
    if moment is None:
        return None
    return moment.astimezone(zone).isoformat(timespec="minutes")


def item_values(item: ReviewItem, language: str, zone: ZoneInfo) -> dict[str, Any]:
    return {
        "id": item.id,
        "kind": item.kind or item.outcome,
        "sender": item.sender,
        "subject": item.subject,
        # the sentence in the bot's language, then the rules' own words, which scripts match
        "reason": _with_detail(
            localized_reason(item.kind or item.outcome, item.reason, language), item.reason
        ),
        "detail": item.reason,  # the rules' own words, as `mailbot inspect` shows them
        "received_at": local_time(item.processed_at, zone),
        "message_id": item.message_id,
        "state": "retry" if item.retry else ("open" if item.is_open else "closed"),
        "closed_at": local_time(item.closed_at, zone),
        "note": item.note,
        "event": item.event_id,  # None: the bot could not tie it to one event
    }


def send_values(send: FailedSend, language: str, zone: ZoneInfo) -> dict[str, Any]:
    german, english = _FAILED_SEND
    return {
        "id": send.id,
        "kind": "failed send",
        "sender": None,
        "to": send.to_address,
        "subject": send.purpose,
        "purpose": send.purpose,
        "reason": f"{german if language == 'de' else english}: {send.error}",
        "error": send.error,
        "received_at": local_time(send.created_at, zone),
        "message_id": send.message_id,
        "state": "open" if send.closed_at is None else "closed",
        "closed_at": local_time(send.closed_at, zone),
        "note": send.note,
        "event": send.event_id,
    }
