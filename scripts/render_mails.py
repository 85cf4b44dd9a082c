"""Pictures of the mails people see: the HTML invitation, a confirmation and the organizers'
digest, rendered from the shipped templates with sample data and photographed by headless
Chromium (Debian's ``chromium`` package) into PNG files for the README.

    .venv/bin/python scripts/render_mails.py [--out docs] [--language de]

Needs no mail server and no database; it never sends anything.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from mailbot.compose.digest import EventSnapshot, Snapshot, digest_context
from mailbot.compose.footer import with_footer
from mailbot.compose.template_check import sample_context
from mailbot.compose.templates import Templates
from mailbot.config import SHIPPED_TEMPLATES, EventSettings, load_config
from mailbot.domain.model import Attendee, AttendeeStatus, Invitee
from mailbot.domain.names import parse_name
from mailbot.store.records import Change, Invitation, ReviewItem

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2024, 10, 30, 6, 0, tzinfo=UTC)  # the pictures never depend on today
WINDOW = "900,1400"

PEOPLE = [
    ("Frau", "Dr. Anna Weber", "Stadt Quickborn", "vegetarisch"),
    ("Herr", "Jens Krause", "Kreis Pinneberg", None),
    ("Frau", "Ursula von der Leyen", "Amt Süd", None),
    ("Herr", "Jörg Müller", "Gemeinde Ellerbek", "vegan"),
    ("Frau", "Prof. Dr. Eva Lang", "Hochschule Elmshorn", None),
    (None, "Kai Petersen", "Gemeinde Tangstedt", None),
    ("Herr", "Tom Berger", "Stadt Wedel", None),
    ("Frau", "Lena Fischer", "Amt Rantzau", "vegetarisch"),
    ("Herr", "Ali Yılmaz", "Stadt Pinneberg", None),
    ("Frau", "Maria de la Cruz", "Kreis Segeberg", None),
    ("Herr", "Paul Hansen", "Stadt Uetersen", None),
    ("Frau", "Sabine Koch", "Amt Geest und Marsch", None),
]


def digest_snapshot(event: EventSettings, language: str) -> Snapshot:
    """A week of an invitation round: registrations on most days, two items for a human."""
    attendees, invitations = [], []
    for n, (salutation, name, organisation, dietary) in enumerate(PEOPLE):
        email = f"person{n}@example.org"
        day = NOW - timedelta(days=(n * 5) % 9, hours=n)
        status = AttendeeStatus.REGISTERED if n < 9 else AttendeeStatus.WAITLISTED
        if n == 11:
            status = AttendeeStatus.DECLINED
        attendees.append(
            Attendee(
                email, name, organisation, None, dietary, language, status, day, day,
                salutation=salutation,
            )
        )  # fmt: skip
        person = parse_name(name, salutation=salutation)
        invitations.append(
            Invitation(
                Invitee(email, name, organisation, language, {}, person),
                day - timedelta(days=3),
                None,
                status,
                None,
                None,
            )
        )
    for n in range(6):  # invited, no answer yet; one invitation bounced
        email = f"silent{n}@example.org"
        invitations.append(
            Invitation(
                Invitee(email, "", "Amt", language, {}),
                NOW - timedelta(days=8),
                NOW - timedelta(days=7) if n == 0 else None,
                None,
                None,
                None,
            )
        )
    review = [
        ReviewItem(
            "m41",
            "jonas.becker@example.org",
            "AW: Einladung – Parkplätze?",
            NOW,
            "<q1@example.org>",
            "question",
            "question: asks about the venue",
            NOW - timedelta(hours=3),
            "review",
        ),
        ReviewItem(
            "m37",
            "buero@example.org",
            "AW: Einladung",
            NOW,
            "<q2@example.org>",
            "unclear",
            "unclear: no intent phrase found",
            NOW - timedelta(hours=20),
            "review",
        ),
    ]
    closed: list[ReviewItem] = [
        replace(
            review[1],
            id="m33",
            sender="sekretariat@example.org",
            subject="Vertretung",
            closed_at=NOW - timedelta(hours=5),
            note="mailbot admit by orga",
        )
    ]
    since = NOW - timedelta(days=1)
    changes = [
        Change(a.email, a.updated_at, None, a.status.value, "status", "message")
        for a in attendees
        if a.updated_at > since
    ]
    return Snapshot(
        [EventSnapshot(event, attendees, changes, invitations)], review, [], since, list(closed)
    )


def render_all(language: str, folder: Path) -> list[Path]:
    """The three mails as HTML files in ``folder``."""
    config = load_config(ROOT / "config.toml")
    config = replace(config, events=(replace(config.event, capacity=10),))
    templates = Templates(SHIPPED_TEMPLATES, language)
    pages = []
    for name in ("invitation", "confirmation"):
        context = sample_context(config, name, language, NOW)
        rendered = with_footer(templates.render(name, language, context), config, language)
        pages.append((name, rendered.subject, rendered.html))
    context = digest_context(config, digest_snapshot(config.event, language), NOW.date(), NOW, {})
    rendered = templates.render("digest", language, context)
    pages.append(("digest", rendered.subject, rendered.html))
    written = []
    for name, subject, html in pages:
        path = folder / f"mail-{name}-{language}.html"
        # the subject above the body, as a mail program shows it
        label = "Betreff" if language == "de" else "Subject"
        header = (
            '<div style="font: 13px Arial, sans-serif; color: #444; padding: 10px 14px; '
            f'border-bottom: 1px solid #ccc; background: #fafafa">{label}: <b>{subject}</b></div>'
        )
        path.write_text(_with_header(html, header), encoding="utf-8")
        written.append(path)
    return written


def _with_header(html: str, header: str) -> str:
    start = html.find(">", html.find("<body")) + 1
    return html[:start] + header + html[start:] if start > 0 else header + html


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def photograph(browser: str, page: Path, target: Path) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
                "--hide-scrollbars",
                f"--user-data-dir={profile}",
                f"--screenshot={target}",
                f"--window-size={WINDOW}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="where the PNGs go")
    parser.add_argument("--language", choices=("de", "en"), default="de")
    args = parser.parse_args()
    browser = chromium()
    if browser is None:
        print("chromium is not installed (apt-get install -y chromium)", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        for page in render_all(args.language, Path(folder)):
            target = args.out / page.with_suffix(".png").name
            photograph(browser, page, target)
            print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
