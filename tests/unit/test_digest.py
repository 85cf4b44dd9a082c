"""What the organizers' digest tells: a real time axis, the running total against capacity, the
invitation funnel, whom to chase, and at most 20 review items, newest first."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from mailbot.compose.digest import EventSnapshot, Snapshot, digest_context
from mailbot.compose.templates import Templates
from mailbot.domain.model import Attendee, AttendeeStatus, Invitee
from mailbot.store.records import Invitation, ReviewItem
from tests.support.samples import sample_config

NOW = datetime(2024, 10, 30, 6, 0, tzinfo=UTC)


def person(n: int, status: AttendeeStatus, registered: datetime) -> Attendee:
    return Attendee(f"p{n}@a.de", f"Person {n}", "Amt", None, None, "de", status, registered, NOW)


def invitation(n: int, invited: datetime, answer: AttendeeStatus | None) -> Invitation:
    return Invitation(
        Invitee(f"p{n}@a.de", f"Person {n}", "Amt", "de", {}), invited, None, answer, None, None
    )


def test_the_chart_is_a_time_line_from_the_first_invitation_with_a_running_total() -> None:
    config = dataclasses.replace(
        sample_config(), events=(dataclasses.replace(sample_config().event, capacity=4),)
    )
    monday = NOW - timedelta(days=9)
    people = [
        person(1, AttendeeStatus.REGISTERED, NOW - timedelta(days=6)),
        person(2, AttendeeStatus.REGISTERED, NOW - timedelta(days=6)),
        person(3, AttendeeStatus.REGISTERED, NOW - timedelta(days=1)),
        person(4, AttendeeStatus.CANCELLED, NOW - timedelta(days=2)),  # not in the total
    ]
    invitations = [
        invitation(n, monday, p.status if n <= 4 else None)
        for n, p in enumerate(
            [*people, *(person(n, AttendeeStatus.DECLINED, NOW) for n in (5, 6))], start=1
        )
    ]
    snapshot = Snapshot([EventSnapshot(config.event, people, [], invitations)], [], [], None)
    context = digest_context(config, snapshot, NOW.date(), NOW, {})
    (section,) = context["sections"]
    axis = section["per_day"]
    assert [d["day"] for d in axis] == [monday.date() + timedelta(days=n) for n in range(10)]
    assert [d["total"] for d in axis] == [0, 0, 0, 2, 2, 2, 2, 2, 3, 3]  # quiet days stay
    assert axis[-1]["height"] == 45  # three of four seats, of 60 pixels
    assert section["funnel"] == {"invited": 6, "answered": 4, "registered": 3}
    # invited nine days ago, no answer: to be chased
    assert [p["email"] for p in section["to_chase"]] == ["p5@a.de", "p6@a.de"]


def test_at_most_twenty_review_items_newest_first_then_a_count() -> None:
    items = [
        ReviewItem(
            f"m{n}", f"q{n}@a.de", "Frage", None, f"<{n}@a>", "question", "question: ?",
            NOW - timedelta(minutes=n), "review",
        )
        for n in range(25)
    ]  # fmt: skip
    config = sample_config()
    snapshot = Snapshot([EventSnapshot(config.event, [], [])], items, [], None)
    context = digest_context(config, snapshot, date(2024, 10, 30), NOW, {})
    assert [r["id"] for r in context["review"]] == [f"m{n}" for n in range(20)]
    assert (context["review_open"], context["review_more"]) == (25, 5)
    assert context["review"][0]["reason"] == "Eine Frage, bitte selbst beantworten"


def test_each_event_has_its_own_section_and_review_items_say_their_event() -> None:
    config = sample_config()
    nord = dataclasses.replace(config.event, id="nord", title="Werkstatt Nord", capacity=10)
    sued = dataclasses.replace(config.event, id="sued", title="Werkstatt Süd", capacity=None)
    config = dataclasses.replace(config, events=(nord, sued))
    registered = [person(n, AttendeeStatus.REGISTERED, NOW) for n in range(3)]
    items = [
        dataclasses.replace(item, event_id=event)
        for item, event in zip(
            [
                ReviewItem(
                    f"m{n}", "q@a.de", "Frage", None, f"<{n}@a>", "question", "question: ?",
                    NOW, "review",
                )
                for n in range(2)
            ],
            ("sued", None),
            strict=True,
        )
    ]  # fmt: skip
    snapshot = Snapshot(
        [EventSnapshot(nord, registered[:1], []), EventSnapshot(sued, registered[1:], [])],
        items,
        [],
        None,
    )
    context = digest_context(config, snapshot, NOW.date(), NOW, {})
    first, second = context["sections"]
    assert (first["event"]["title"], first["totals"]["registered"], first["capacity_left"]) == (
        "Werkstatt Nord",
        1,
        9,
    )
    assert (second["event"]["title"], second["totals"]["registered"]) == ("Werkstatt Süd", 2)
    assert [r["event"] for r in context["review"]] == ["Werkstatt Süd", ""]


def test_a_digest_template_from_before_many_events_still_renders_for_one_event(
    tmp_path: Path,
) -> None:
    """An admin's own digest template reads `totals`, `capacity`, `event.title` … at the top."""
    (tmp_path / "de").mkdir()
    (tmp_path / "de" / "digest.txt.j2").write_text(
        "{% set subject %}Bericht {{ event.title }}{% endset %}"
        "{{ totals.registered }} von {{ capacity }}; {{ review_open }} offen\n"
    )
    config = sample_config()
    people = [person(1, AttendeeStatus.REGISTERED, NOW)]
    snapshot = Snapshot([EventSnapshot(config.event, people, [])], [], [], None)
    values = digest_context(config, snapshot, NOW.date(), NOW, {})
    mail = Templates(tmp_path, "de").render("digest", "de", values)
    assert (mail.subject, mail.text.strip()) == (
        f"Bericht {config.event.title}",
        "1 von 60; 0 offen",
    )
