"""``mailbot templates check|preview|doc``: what admins need before they trust an edit.

``check`` renders every required template in every language against realistic sample data and
reports each problem as ``file:line: message``. ``doc`` writes templates/README.md from the
variables the code really passes, so the documentation cannot drift from it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from mailbot.compose.context import event_values, sample_attendee, template_context
from mailbot.compose.digest import EventSnapshot, digest_context
from mailbot.compose.templates import RenderedMail, Templates
from mailbot.config import LANGUAGES, Config
from mailbot.domain.model import Attendee, AttendeeStatus, Purpose
from mailbot.errors import TemplateError

REQUIRED = tuple(purpose for purpose in Purpose if purpose.has_template)

# What each variable means, for templates/README.md; the keys are checked against the code.
ATTENDEE_VARIABLES = {
    "salutation": 'the greeting: "Sehr geehrte Frau Dr. Weber", "Guten Tag Kai Petersen" '
    'when no Anrede is known, "Dear Ms Weber" in English',
    "attendee.email": "the person's address",
    "attendee.name": "their name as we know it (may be empty)",
    "attendee.organisation": "organisation or authority (may be empty)",
    "attendee.role": "their role (may be empty)",
    "attendee.dietary": "dietary needs (may be empty)",
    "attendee.status": "registered, waitlisted, declined or cancelled; empty where the person "
    "has not answered (an invitation)",
    "event.id": "the event's id from config.toml",
    "event.title": "the event's title",
    "event.starts": "start, a date-time: use `{{ event.starts | date(language) }}` and "
    "`{{ event.starts | time(language) }}`",
    "event.ends": "end, a date-time",
    "event.location": "where it takes place",
    "event.capacity": "number of seats, or none",
    "bot.name": "the bot's display name",
    "bot.address": "the bot's address",
    "waitlist_position": "place on the waiting list (waitlisted only), else none",
    "missing_fields": "names of required details still missing (name, organisation, role, "
    "dietary), for missing_information",
    "offer_expires": "until when an offered seat is held, a date-time, for waitlist_offer",
    "changes": "lines saying what changed about the event, for change_notice",
    "their_subject": "the subject of the mail being answered, if any",
    "events": "which_event only: the events open for registration, each with .title, .starts, "
    ".location and the other `event` values",
    "invitee": "invitation only: the row of the list, invitee.email, .name, .organisation and "
    "every other column by its name",
    "language": "de or en: the language of the template being rendered",
}
DIGEST_VARIABLES = {
    "day": "the day of the digest (a date)",
    "since": "when the previous digest was made, or none",
    "sections": "one per event, each with the values below as `s.event`, `s.totals` …",
    "s.event": "the event: .id, .title, .starts, .ends, .location, .capacity",
    "s.totals": "counts by status: .registered, .waitlisted, .declined, .cancelled",
    "s.capacity / s.capacity_left / s.seats_percent": "seats, seats left, share taken (0–100); "
    "a seat offered to the waiting list counts as taken",
    "s.seats_offered": "seats held for waiting-list people whose offer is open",
    "s.new_registrations / s.new_waitlisted / s.cancellations / s.declines": (
        "people whose status changed since the previous digest: .name, .email, .organisation"
    ),
    "s.changed": "whether anything changed since the previous digest",
    "s.dietary": "(kind, count) pairs for the registered people",
    "s.per_day": "registrations per day for the chart: .day, .count, .height (pixels)",
    "review": "messages waiting for a human: .sender, .subject, .reason",
    "bounced": "addresses whose mail bounced",
    "failed": "mails that could not be sent: .to, .purpose, .error",
    "template_problems": "templates whose last edit is broken (the old version is in use)",
    "bot / language": "as in the attendee templates",
}


def sample_context(config: Config, name: str, language: str, now: datetime) -> dict[str, Any]:
    if name == Purpose.DIGEST:
        people = [
            sample_attendee(language, now),
            Attendee(
                "kai@example.org",
                "Kai Petersen",
                "Kreis Pinneberg",
                None,
                "vegan",
                language,
                AttendeeStatus.WAITLISTED,
                now,
                now,
            ),
        ]
        sections = [EventSnapshot(event, people, []) for event in config.events]
        since = now - timedelta(days=1)
        return digest_context(config, sections, [], [], since, date.today(), now, {})
    context = template_context(
        config,
        config.events[0],
        sample_attendee(language, now),
        3,
        None,
        ("organisation", "dietary"),
    )
    context["events"] = [event_values(event) for event in config.events]
    context["changes"] = ["14.11.2024 09:30–18:00 → 15.11.2024 09:30–18:00"]
    context["invitee"] = {
        "email": "anna.weber@example.org",
        "name": "Dr. Anna Weber",
        "organisation": "Stadtverwaltung Quickborn",
    }
    return context


def check(config: Config, folder: Path, now: datetime) -> list[str]:
    problems = []
    known = {f"{name}.{kind}.j2" for name in REQUIRED for kind in ("txt", "html")}
    for language in LANGUAGES:
        for extra in sorted((folder / language).glob("*.j2")):
            if extra.name not in known:
                problems.append(f"{extra}:1: not a template the bot uses (a typo in the name?)")
        for name in REQUIRED:
            if not any((folder / language / f"{name}.{k}.j2").is_file() for k in ("txt", "html")):
                problems.append(f"{folder / language / name}.txt.j2:1: missing (required)")
                continue
            try:
                Templates(folder, language).render(
                    name, language, sample_context(config, name, language, now)
                )
            except TemplateError as exc:
                problems.append(str(exc))
    return problems


def preview(config: Config, name: str, language: str, now: datetime) -> RenderedMail:
    if name not in REQUIRED:
        raise TemplateError(f"{name}: no such template; known: {', '.join(REQUIRED)}")
    templates = Templates(config.bot.templates, language)
    return templates.render(name, language, sample_context(config, name, language, now))


def readme() -> str:
    lines = [
        "# Reply templates",
        "",
        "Written by `mailbot templates doc` from the variables the code passes: do not edit by",
        "hand. Check your edits with `mailbot templates check`, look at one with",
        "`mailbot templates preview NAME`.",
        "",
        "Each mail has `<language>/<name>.txt.j2` (the text part; the subject in",
        "`{% set subject %}…{% endset %}` at the top) and may have `<name>.html.j2` (the HTML",
        "part, autoescaped). With only one of them, the other part is made from it. Templates",
        "run in Jinja2's sandbox; a misspelt variable is an error, not a blank. An edit is used",
        "for the next mail; a broken edit leaves the last working version in use and is listed",
        "in the digest.",
        "",
        'Filters: `date(language)` ("Donnerstag, 14. November 2024"), `time(language)`',
        '("9:30 Uhr").',
        "",
        "## Templates",
        "",
    ]
    lines += [f"- `{name}`" for name in REQUIRED]
    lines += ["", "## Variables of every template except the digest", ""]
    lines += [f"- `{name}`: {text}" for name, text in ATTENDEE_VARIABLES.items()]
    lines += ["", "## Variables of `digest`", ""]
    lines += [f"- `{name}`: {text}" for name, text in DIGEST_VARIABLES.items()]
    return "\n".join(lines) + "\n"
