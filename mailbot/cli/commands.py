"""The organizer's commands behind the CLI: digest, show, admit, cancel, notify-change.

Each prints what it did in words and sends what it queued right away.
"""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path

from mailbot.app import App, utc_now
from mailbot.config import Config
from mailbot.domain.model import AttendeeStatus, OutboxStatus
from mailbot.domain.seats import count_seats
from mailbot.jobs.organizer import (
    edit,
    forget,
    notify_change,
    queue_test_send,
    set_status,
    show,
)


def digest(app: App, args: argparse.Namespace) -> int:
    now = app.clock()
    planner = app.planner()
    day = now.astimezone(app.config.bot.timezone).date()
    # every event, one section each; --event narrows it to one
    events = [app.event(args.event)] if args.event else None
    if args.send:
        queued = planner.queue_digest(now, day, scheduled=False, events=events)
        sent = app.sender().send_due()
        print(f"digest queued for {queued} recipients; {len(sent.sent)} mails sent")
        return 1 if sent.error else 0
    rendered = planner.digest(now, day, events)
    print(f"Subject: {rendered.subject}\n\n{rendered.text}", end="")
    return 0


def show_person(app: App, args: argparse.Namespace) -> int:
    person = show(app.store_for(app.event(args.event)), args.email)
    a = person.attendee
    zone = app.config.bot.timezone
    print(f"{a.email}: {a.status.value}")
    for label, value in (
        ("name", a.name),
        ("organisation", a.organisation),
        ("role", a.role),
        ("dietary", a.dietary),
        ("language", a.language),
    ):
        print(f"  {label + ':':<14}{value or '—'}")
    if a.bounced_at:
        print(f"  {'bounced:':<14}{a.bounced_at.astimezone(zone):%Y-%m-%d %H:%M}")
    if a.offer_state:
        until = (
            f" until {a.offer_expires_at.astimezone(zone):%Y-%m-%d %H:%M}"
            if (a.offer_expires_at)
            else ""
        )
        print(f"  {'offer:':<14}{a.offer_state}{until}")
    print("history:")
    for change in person.history:
        print(f"  {change.at.astimezone(zone):%Y-%m-%d %H:%M}  {change.what}  ({change.cause})")
    return 0


def change_status(app: App, args: argparse.Namespace, status: AttendeeStatus) -> int:
    actor = args.by or getpass.getuser()
    event = app.event(args.event)
    attendee = set_status(
        app.config,
        event,
        app.store_for(event),
        app.templates_for(event),
        args.email,
        status,
        actor,
        app.clock(),
        notify=not args.quiet,
    )
    sent = app.sender().send_due()
    told = f"; {len(sent.sent)} mail sent" if not args.quiet else "; no mail sent (--quiet)"
    print(f"{attendee.email}: {attendee.status.value} (by {actor}){told}")
    return 1 if sent.error else 0


def announce_change(app: App, args: argparse.Namespace) -> int:
    event = app.event(args.event)
    changes, queued = notify_change(
        app.config, event, app.store_for(event), app.templates_for(event), app.clock()
    )
    if not changes:
        print("Nothing changed since attendees were last told.")
        return 0
    print("Changed:\n" + "\n".join(f"  {change}" for change in changes))
    if app.dry_run:
        print(f"(dry run: nobody was told; {queued} registered people would be)")
        return 0
    sent = app.sender().send_due()
    print(f"updated invitation queued for {queued} registered people; {len(sent.sent)} sent")
    return 1 if sent.error else 0


def templates(config: Config, args: argparse.Namespace) -> int:
    from mailbot.compose.template_check import check, preview, readme

    if args.template_command == "check":
        folder = Path(args.folder) if args.folder else config.bot.templates
        problems = check(config, folder, utc_now())
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problems" if problems else f"all templates in {folder} render")
        return 1 if problems else 0
    if args.template_command == "doc":
        text = readme()
        if args.write:
            target = config.bot.templates / "README.md"
            target.write_text(text, encoding="utf-8")
            print(f"wrote {target}")
        else:
            print(text, end="")
        return 0
    language = args.lang or config.bot.language
    rendered = preview(config, args.name, language, utc_now())
    print(f"Subject: {rendered.subject}\n\n{rendered.text}", end="")
    if args.html:
        Path(args.html).write_text(rendered.html, encoding="utf-8")
        print(f"\n(HTML part written to {args.html})")
    if args.to:
        return _send_test(config, args.name, language, args.to)
    return 0


def _send_test(config: Config, name: str, language: str, to: str) -> int:
    """The template with sample data, through the outbox like every mail, sent right away."""
    with App.build(config) as app:
        queue_test_send(config, app.store, app.templates, name, language, to, app.clock())
        sent = app.sender().send_due()
    if sent.error:
        print(f"\n(not sent yet: {sent.error})")
        return 1
    print(f"\n(sent as [TEST] to {to})")
    return 0


def invite(app: App, args: argparse.Namespace) -> int:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from mailbot.jobs.invitations import queue_invitations, read_list

    event = app.event(args.event)
    listing = read_list(Path(args.file), app.config.bot.language)
    for line, why in listing.invalid:
        print(f"{args.file}:{line}: {why} (skipped)")
    queued, skipped = queue_invitations(
        app.config,
        event,
        app.store_for(event),
        app.templates_for(event),
        listing.people,
        app.clock(),
        args.limit,
    )
    print(
        f"{queued} invitations {'would be ' if app.dry_run else ''}queued; {skipped} "
        f"people were invited before; {len(listing.invalid)} lines skipped"
    )
    if app.dry_run:
        return 0
    counts = app.store.outbox_counts()
    total = counts.get(OutboxStatus.PENDING, 0) + counts.get(OutboxStatus.SENDING, 0)
    columns = (
        TextColumn("sending"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
    )
    sent = 0
    error = None
    with Progress(*columns, transient=False) as bar:
        task = bar.add_task("send", total=total, rate="")

        def advance(done: int, _due: int) -> None:
            bar.update(task, completed=sent + done)
            speed = bar.tasks[0].speed
            bar.update(task, rate=f"{speed * 60:.0f}/min" if speed else "")

        sender = app.sender()
        while True:
            report = sender.send_due(progress=advance)
            sent += len(report.sent) + report.failed + report.retrying
            error = report.error
            if error or not (report.sent or report.failed):
                break
    print(
        f"{sent} mails handed to {app.config.smtp.host}" + (f"; stopped: {error}" if error else "")
    )
    return 1 if error else 0


def status(app: App, args: argparse.Namespace) -> int:
    """One screen for the organizer: the event, seats, counts, and what needs attention."""
    config = app.config
    event = app.event(args.event)
    store = app.store_for(event)
    now = app.clock()
    people = store.attendees()
    counts = {s: sum(p.status is s for p in people) for s in AttendeeStatus}
    seats = count_seats(people, event.capacity, now)
    outbox = store.outbox_counts()
    last = store.last_read()
    print(f"{event.title}")
    print(f"  {event.starts:%d.%m.%Y %H:%M}–{event.ends:%H:%M}, {event.location}")
    if seats.free is not None:
        print(
            f"seats:    {seats.taken} of {seats.capacity} taken, {seats.free} free"
            + (f", {seats.offered} offered to the waiting list" if seats.offered else "")
        )
    print("people:   " + " · ".join(f"{count} {s.value}" for s, count in counts.items()))
    print(
        "last mail read: "
        + (f"{last.astimezone(config.bot.timezone):%Y-%m-%d %H:%M}" if last else "never")
    )
    print(
        f"outbox:   {outbox.get(OutboxStatus.PENDING, 0) + outbox.get(OutboxStatus.SENDING, 0)} "
        f"waiting, {outbox.get(OutboxStatus.FAILED, 0)} failed, "
        f"{outbox.get(OutboxStatus.SENT, 0)} sent"
    )
    review = len(store.review_items())
    print(
        f"review:   {review} messages wait for a human"
        + (" (mailbot review list)" if review else "")
    )
    return 0


def edit_person(app: App, args: argparse.Namespace) -> int:
    actor = args.by or getpass.getuser()
    store = app.store_for(app.event(args.event))
    person = edit(app.config, store, args.email, args.set, actor, app.clock())
    print(
        f"{person.email}: "
        + ", ".join(f"{s.split('=', 1)[0]} changed" for s in args.set)
        + f" (by {actor})"
    )
    return 0


def forget_person(app: App, args: argparse.Namespace) -> int:
    # a person's data goes from every event
    found = any([forget(app.store_for(event), args.email) for event in app.config.events])
    print(
        f"{args.email}: personal data removed"
        if found
        else f"{args.email}: no attendee; any mail records of this address were removed"
    )
    return 0
