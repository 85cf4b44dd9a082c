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
from mailbot.compose.digest import EventSnapshot, Snapshot, digest_context
from mailbot.compose.footer import with_footer
from mailbot.compose.templates import RenderedMail, Templates
from mailbot.config import LANGUAGES, Config
from mailbot.domain.model import Attendee, AttendeeStatus, Purpose
from mailbot.errors import TemplateError

REQUIRED = tuple(purpose for purpose in Purpose if purpose.has_template)

# When each template is sent, for templates/README.md
WHEN_SENT = {
    Purpose.CONFIRMATION: "a registration was accepted (also after `mailbot admit`)",
    Purpose.WAITLISTED: "a registration came when every seat was taken: the waiting list",
    Purpose.DECLINED: "someone said they cannot come",
    Purpose.CANCELLATION_REQUEST: "a cancellation came outside the bot's thread: please confirm",
    Purpose.CHANGE_REQUEST: "new details came outside the bot's thread: please send them in answer",
    Purpose.REGISTRATION_REQUEST: (
        "a registration from someone not invited, outside any thread: please confirm (double "
        "opt-in, `confirm_unsolicited`)"
    ),
    Purpose.CANCELLED: "a registration was cancelled (also after `mailbot cancel`)",
    Purpose.MISSING_INFORMATION: "a registration lacks a detail of `required_fields`",
    Purpose.REGISTRATION_CLOSED: "a registration came after `registration_deadline`",
    Purpose.WAITLIST_OFFER: "a seat became free: offered to the first on the waiting list",
    Purpose.REMINDER: "`reminders` before the event, to everyone registered",
    Purpose.CHANGE_NOTICE: "`mailbot notify-change` after the time or place changed",
    Purpose.REPLY_LIMIT: "an address reached `max_replies_per_day`: one notice, then silence",
    Purpose.CLARIFICATION: "a reply in the bot's thread stayed unclear: asked once, yes or no",
    Purpose.INVITATION: "`mailbot invite LIST`: once to each person on the list",
    Purpose.FOLLOW_UP: "`mailbot invite --follow-up`: once to the invited who have not answered",
    Purpose.WHICH_EVENT: "with `[[events]]`: a registration, decline or cancellation outside any "
    "thread names none of the events open for registration: the sender is asked which",
    Purpose.DIGEST: "daily at `[digest] time` to `[digest] recipients` (`mailbot digest --send`)",
}

# What each variable means, for templates/README.md; the keys are checked against the code.
ATTENDEE_VARIABLES = {
    "salutation": 'the greeting: "Sehr geehrte Frau Dr. Weber", "Guten Tag Kai Petersen" '
    'when no Anrede is known, "Dear Ms Weber" in English',
    "attendee.email": "the person's address",
    "attendee.name": "their name as we know it (may be empty)",
    "attendee.title": 'academic title, "Dr.", "Prof. Dr." (may be empty)',
    "attendee.first_name": "first name (may be empty)",
    "attendee.last_name": 'surname with its particles, "von der Leyen" (may be empty)',
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
    ".location and the other `event` values (which_event has no `event`)",
    "invitee": "invitation and follow_up only: the row of the list, invitee.email, .name, "
    ".salutation, .title, .first_name, .last_name, .organisation, .role and every other column "
    "by its heading, lower-cased (checked against the real list by `mailbot invite --dry-run`)",
    "language": "de or en: the language of the template being rendered",
}
DIGEST_VARIABLES = {
    "day": "the day of the digest (a date)",
    "since": "when the previous digest was made, or none",
    "sections": "one per event (one with `[event]`), each with the values below: `s.event`, "
    "`s.totals` … in `{% for s in sections %}`; with one event they are also there without "
    "`s.` (`totals`, `event` …), as in templates written before `[[events]]`",
    "s.event": "the event: .id, .title, .starts, .ends, .location, .capacity",
    "s.totals": "counts by status: .registered, .waitlisted, .declined, .cancelled",
    "s.capacity / s.capacity_left / s.seats_percent": "seats, seats left, share taken (0–100); "
    "a seat offered to the waiting list counts as taken",
    "s.seats_offered": "seats held for waiting-list people whose offer is open",
    "s.new_registrations / s.new_waitlisted / s.cancellations / s.declines": (
        "people whose status changed since the previous digest: .name, .email, .organisation"
    ),
    "s.changed": "whether anything changed since the previous digest",
    "s.bounced": "addresses whose mail bounced, invitations included",
    "s.invited / s.not_answered": "invitations sent; invited people who have neither answered "
    "nor bounced",
    "s.dietary": "(kind, count) pairs for the registered people",
    "s.per_day": "the chart's time axis, every day from the first invitation (at most 31): "
    ".day, .count (registrations that day), .total (running total), .height (pixels, against "
    "the capacity)",
    "s.funnel": "invitations: .invited, .answered, .registered",
    "s.to_chase / s.to_chase_count": "invited people without an answer for more than 7 days "
    "(at most 20): .name, .email, .organisation, .days, .followed_up; and how many there are",
    "review": "open review items of every event, newest first, at most 20: .id, .sender, "
    ".subject, .reason (in the bot's language), .received_at (local), .event (its event's "
    "title; empty where the bot could not tell)",
    "review_open / review_more": "how many items are open; how many of them are not listed",
    "review_closed": "items closed since the previous digest: .id, .who, .what, .note",
    "failed": "mails that could not be sent: .id, .to, .purpose, .error, .event",
    "limit_hits": (
        "answers held back by a limit since the previous digest, by limit: .mailbox (a day to "
        "one mailbox), .domain (an hour to one domain), .hour (an hour to anyone)"
    ),
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
        snapshot = Snapshot(sections, [], [], now - timedelta(days=1))
        return digest_context(config, snapshot, date.today(), now, {})
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
    context["invitee"] = SampleRow(
        email="anna.weber@example.org",
        name="Dr. Anna Weber",
        salutation="Frau",
        title="Dr.",
        first_name="Anna",
        last_name="Weber",
        organisation="Stadtverwaltung Quickborn",
        role="Amtsleiterin",
    )
    return context


class SampleRow(dict[str, str]):
    """An invitation list's row for checks: any other column of the list is there too.

    Which columns a list has is known only when it is read, so ``invitee.<column>`` renders as
    «column» here; ``mailbot invite --dry-run`` renders every row of the real list.
    """

    def __missing__(self, column: str) -> str:
        return f"«{column}»"


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
    rendered = templates.render(name, language, sample_context(config, name, language, now))
    # as real mail shows it: with the organizer's footer
    return rendered if name == Purpose.DIGEST else with_footer(rendered, config, language)


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
        "for the next mail; a broken edit leaves the last working version in use (kept in the",
        "store, so also after a restart) and is listed in the digest and by `mailbot doctor`.",
        "Every mail to people ends with the footer from `[organizer]` in config.toml.",
        "",
        'Filters: `date(language)` ("Donnerstag, 14. November 2024"), `time(language)`',
        '("9:30 Uhr").',
        "",
        "## Templates",
        "",
    ]
    lines += [f"- `{name}`: {WHEN_SENT[name]}" for name in REQUIRED]
    lines += ["", "## Variables of every template except the digest", ""]
    lines += [f"- `{name}`: {text}" for name, text in ATTENDEE_VARIABLES.items()]
    lines += ["", "## Variables of `digest`", ""]
    lines += [f"- `{name}`: {text}" for name, text in DIGEST_VARIABLES.items()]
    return "\n".join(lines) + "\n"
