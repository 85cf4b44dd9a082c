"""The organizers' daily digest: numbers they can trust, from the store, as template values.

Pure: the store's contents go in, a dict for the digest templates comes out, with one section
per event (seats, totals, changes, invitations, catering) and what needs a human once for all
events. The HTML template draws the seats as a bar and registrations per day as a chart with
tables and inline styles only, which is what Outlook renders; the text template says the same
in words.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from mailbot.compose.context import event_values
from mailbot.compose.review import localized_reason
from mailbot.config import Config, EventSettings
from mailbot.domain.model import Attendee, AttendeeStatus
from mailbot.domain.seats import count_seats
from mailbot.store.records import Change, FailedSend, Invitation, ReviewItem

CHART_DAYS = 31  # the chart's time axis: at most the last month
CHART_HEIGHT = 60  # pixels of a full house
CHASE_AFTER = timedelta(days=7)  # no answer this long after the invitation: someone to chase
REVIEW_SHOWN = 20  # the digest lists this many open items, then only counts the rest


@dataclass(frozen=True)
class EventSnapshot:
    """What the store holds about one event at digest time."""

    event: EventSettings
    attendees: list[Attendee]
    changes: list[Change]  # since the previous digest
    invitations: list[Invitation] = field(default_factory=list)


@dataclass(frozen=True)
class Snapshot:
    """What the store holds at digest time: each event, and what needs a human once for all."""

    events: list[EventSnapshot]
    review: list[ReviewItem]  # open, newest first
    failed: list[FailedSend]  # open, newest first
    since: datetime | None  # when the previous digest was made
    closed: list[ReviewItem | FailedSend] = field(default_factory=list)  # since the previous
    limit_hits: dict[str, int] = field(default_factory=dict)  # answers held back, by limit


def _dietary(people: list[Attendee]) -> list[tuple[str, int]]:
    counts = Counter((p.dietary or "").strip().lower() or "keine Angabe" for p in people)
    return counts.most_common()


def _per_day(
    people: list[Attendee],
    invitations: list[Invitation],
    config: Config,
    event: EventSettings,
    day: date,
) -> list[dict[str, Any]]:
    """A real time axis: every day from the first invitation (or registration) to the digest's
    day, quiet days too, with the registrations of the day and the running total; the bars'
    heights are against the capacity where there is one."""
    zone = config.bot.timezone
    registered = [
        p.registered_at.astimezone(zone).date()
        for p in people
        if p.registered_at is not None and p.status is AttendeeStatus.REGISTERED
    ]
    invited = [i.invited_at.astimezone(zone).date() for i in invitations if i.invited_at]
    starts = [d for d in (*registered, *invited) if d <= day]
    if not starts:
        return []
    first = max(min(starts), day - timedelta(days=CHART_DAYS - 1))
    counts = Counter(registered)
    total = sum(n for d, n in counts.items() if d < first)
    running = []
    for offset in range((day - first).days + 1):
        current = first + timedelta(days=offset)
        total += counts[current]
        running.append((current, total))
    top = max(event.capacity or 0, total, 1)
    return [
        {"day": d, "count": counts[d], "total": t, "height": round(CHART_HEIGHT * t / top)}
        for d, t in running
    ]


def _to_chase(invitations: list[Invitation], now: datetime) -> list[dict[str, Any]]:
    """Invited people who have not answered for CHASE_AFTER: whom to call or write to."""
    quiet = [
        i
        for i in invitations
        if i.state == "not answered" and i.invited_at and now - i.invited_at >= CHASE_AFTER
    ]
    return [
        {
            "email": i.invitee.email,
            "name": i.invitee.name or i.invitee.email,
            "organisation": i.invitee.organisation,
            "days": (now - i.invited_at).days if i.invited_at else 0,
            "followed_up": i.followed_up_at is not None,
        }
        for i in quiet
    ]


def _closed(item: ReviewItem | FailedSend) -> dict[str, str]:
    if isinstance(item, ReviewItem):
        who, what = item.sender or "(no sender)", item.subject
    else:
        who, what = item.to_address, item.purpose
    return {"id": item.id, "who": who, "what": what, "note": item.note or ""}


def digest_context(
    config: Config,
    snapshot: Snapshot,
    day: date,
    now: datetime,
    template_problems: dict[str, str],
) -> dict[str, Any]:
    """One section per event; what waits for a human, what failed and the limits, once."""
    language, zone = config.bot.language, config.bot.timezone
    titles = {section.event.id: section.event.title for section in snapshot.events}
    sections = [_section(config, section, day, now) for section in snapshot.events]
    # one event: its values at the top too, so a digest template written before [[events]]
    # (`{{ totals.registered }}`) renders as it did
    return {
        **(sections[0] if len(sections) == 1 else {}),
        "sections": sections,
        "bot": {"name": config.bot.name, "address": config.bot.address},
        "day": day,
        "since": snapshot.since.astimezone(zone) if snapshot.since else None,
        "review": [
            {
                "id": r.id,
                "sender": r.sender or "(no sender)",
                "subject": r.subject,
                "reason": localized_reason(r.kind or r.outcome, r.reason, language),
                "received_at": r.processed_at.astimezone(zone),
                "event": titles.get(r.event_id or "", ""),
            }
            for r in snapshot.review[:REVIEW_SHOWN]
        ],
        "review_open": len(snapshot.review),
        "review_more": max(len(snapshot.review) - REVIEW_SHOWN, 0),
        "review_closed": [_closed(item) for item in snapshot.closed],
        "failed": [
            {
                "id": f.id,
                "to": f.to_address,
                "purpose": f.purpose,
                "error": f.error,
                "event": titles.get(f.event_id or "", ""),
            }
            for f in snapshot.failed
        ],
        # how often a limit held an answer back since the previous digest: mailbox (per day),
        # domain and hour (per hour)
        "limit_hits": dict(snapshot.limit_hits),
        "template_problems": [
            f"{path}: {problem}" for path, problem in sorted(template_problems.items())
        ],
    }


def _section(config: Config, section: EventSnapshot, day: date, now: datetime) -> dict[str, Any]:
    people = section.attendees
    invitations = section.invitations
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

    to_chase = _to_chase(invitations, now)
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
        "bounced": sorted(
            {p.email for p in people if p.bounced_at is not None}
            | {i.invitee.email for i in invitations if i.bounced_at is not None}
        ),
        "invited": sum(i.invited_at is not None for i in invitations),
        "not_answered": sum(i.state == "not answered" for i in invitations),
        "dietary": _dietary(registered),
        "per_day": _per_day(people, invitations, config, section.event, day),
        "funnel": {
            "invited": sum(i.invited_at is not None for i in invitations),
            "answered": sum(i.answer is not None for i in invitations),
            "registered": sum(i.answer is AttendeeStatus.REGISTERED for i in invitations),
        },
        "to_chase": to_chase[:REVIEW_SHOWN],
        "to_chase_count": len(to_chase),
    }
