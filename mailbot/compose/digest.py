"""The organizers' daily digest: numbers they can trust, from the store, as template values.

Pure: the store's contents go in, a dict for the digest templates comes out, with one section
per event (seats, totals, changes, catering) and what needs a human once for all events. The
HTML template draws the seats as a bar and registrations per day as a chart with tables and
inline styles only, which is what Outlook renders; the text template says the same in words.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from mailbot.compose.context import event_values
from mailbot.config import Config, EventSettings
from mailbot.domain.model import Attendee, AttendeeStatus
from mailbot.domain.seats import count_seats
from mailbot.store.records import Change, FailedSend, ReviewItem

CHART_DAYS = 14


@dataclass(frozen=True)
class EventSnapshot:
    """What the store holds about one event at digest time."""

    event: EventSettings
    attendees: list[Attendee]
    changes: list[Change]  # since the previous digest


def _dietary(people: list[Attendee]) -> list[tuple[str, int]]:
    counts = Counter((p.dietary or "").strip().lower() or "keine Angabe" for p in people)
    return counts.most_common()


def _per_day(people: list[Attendee], config: Config, day: date) -> list[dict[str, Any]]:
    counts = Counter(
        p.registered_at.astimezone(config.bot.timezone).date()
        for p in people
        if p.registered_at is not None
    )
    days = sorted(d for d in counts if d <= day)[-CHART_DAYS:]
    top = max((counts[d] for d in days), default=0)
    return [
        {"day": d, "count": counts[d], "height": round(60 * counts[d] / top) if top else 0}
        for d in days
    ]


def digest_context(
    config: Config,
    sections: Sequence[EventSnapshot],
    review: Sequence[ReviewItem],
    failed: Sequence[FailedSend],
    since: datetime | None,
    day: date,
    now: datetime,
    template_problems: dict[str, str],
) -> dict[str, Any]:
    """One section per event; what waits for a human and what failed, once for all."""
    people = [p for section in sections for p in section.attendees]
    return {
        "sections": [_section(config, section, day, now) for section in sections],
        "bot": {"name": config.bot.name, "address": config.bot.address},
        "day": day,
        "since": since.astimezone(config.bot.timezone) if since else None,
        "review": [
            {"sender": r.sender or "(no sender)", "subject": r.subject, "reason": r.reason}
            for r in review
        ],
        "bounced": sorted({p.email for p in people if p.bounced_at is not None}),
        "failed": [{"to": f.to_address, "purpose": f.purpose, "error": f.error} for f in failed],
        "template_problems": [
            f"{path}: {problem}" for path, problem in sorted(template_problems.items())
        ],
    }


def _section(config: Config, section: EventSnapshot, day: date, now: datetime) -> dict[str, Any]:
    people = section.attendees
    by_status = Counter(p.status for p in people)
    registered = [p for p in people if p.status is AttendeeStatus.REGISTERED]
    seats = count_seats(people, section.event.capacity, now)
    by_email = {p.email: p for p in people}

    def moves(new_status: AttendeeStatus) -> list[dict[str, str]]:
        found = []
        for change in section.changes:
            if change.new_status == new_status.value:
                person = by_email.get(change.email)
                found.append(
                    {
                        "email": change.email,
                        "name": (person.name if person else None) or change.email,
                        "organisation": (person.organisation if person else None) or "",
                    }
                )
        return found

    return {
        "event": event_values(section.event),
        "totals": {status.value: by_status[status] for status in AttendeeStatus},
        "capacity": seats.capacity,
        "capacity_left": seats.free,
        "seats_offered": seats.offered,
        "seats_percent": min(round(100 * seats.taken / seats.capacity), 100)
        if seats.capacity
        else 0,
        "new_registrations": moves(AttendeeStatus.REGISTERED),
        "cancellations": moves(AttendeeStatus.CANCELLED),
        "new_waitlisted": moves(AttendeeStatus.WAITLISTED),
        "declines": moves(AttendeeStatus.DECLINED),
        "changed": bool(section.changes),
        "dietary": _dietary(registered),
        "per_day": _per_day(people, config, day),
    }
