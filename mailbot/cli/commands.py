"""The organizer's commands behind the CLI: digest, show, admit, cancel, notify-change.

Each prints what it did in words and sends what it queued right away.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from mailbot.app import App, utc_now
from mailbot.compose.review import local_time
from mailbot.config import Config, EventSettings
from mailbot.domain.model import AttendeeStatus, OutboxStatus
from mailbot.domain.names import greeting
from mailbot.domain.seats import count_seats
from mailbot.errors import MailbotError, MailboxError, SendError
from mailbot.jobs.invite_list import InviteList, needs_smtputf8
from mailbot.jobs.organizer import (
    edit,
    forget,
    notify_change,
    queue_test_send,
    set_status,
    show,
)
from mailbot.mail.smtp import SmtpConnection


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
    zone = app.config.bot.timezone

    def when(moment: datetime | None) -> str:
        return f"{moment.astimezone(zone):%Y-%m-%d %H:%M}" if moment else "—"

    a, invitation = person.attendee, person.invitation
    if a is None:
        assert invitation is not None
        invitee = invitation.invitee
        state = {"queued": "invited (not sent yet)", "bounced": "invited, bounced"}.get(
            invitation.state, "invited, no answer yet"
        )
        print(f"{invitee.email}: {state}")
        details: tuple[tuple[str, str | None], ...] = (
            ("greeting", greeting(invitee.person, invitee.language)),
            ("name", invitee.name),
            ("organisation", invitee.organisation),
            ("role", invitee.role),
            ("language", invitee.language),
        )
    else:
        print(f"{a.email}: {a.status.value}")
        details = (
            ("greeting", greeting(a.person_name, a.language)),
            ("name", a.name),
            ("organisation", a.organisation),
            ("role", a.role),
            ("dietary", a.dietary),
            ("language", a.language),
        )
    for label, value in details:
        print(f"  {label + ':':<14}{value or '—'}")
    if invitation is not None:
        print(f"  {'invited:':<14}{when(invitation.invited_at)}")
        if invitation.followed_up_at:
            print(f"  {'followed up:':<14}{when(invitation.followed_up_at)}")
    bounced = (a.bounced_at if a else None) or (invitation.bounced_at if invitation else None)
    if bounced:
        print(f"  {'bounced:':<14}{when(bounced)}")
    if a is not None and a.offer_state:
        until = f" until {when(a.offer_expires_at)}" if a.offer_expires_at else ""
        print(f"  {'offer:':<14}{a.offer_state}{until}")
    print("history:")
    for change in person.history:
        print(f"  {when(change.at)}  {change.what}  ({change.cause})")
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
    from mailbot.jobs.invitations import queue_follow_ups, queue_invitations
    from mailbot.jobs.invite_list import read_list

    event = app.event(args.event)
    if args.follow_up:
        reached, before = queue_follow_ups(
            app.config, event, app.store_for(event), app.templates_for(event), app.clock()
        )
        for address in reached:
            print(f"  {address}")
        print(
            f"{len(reached)} follow-ups {'would be ' if app.dry_run else ''}queued to people who "
            f"have not answered; {before} were followed up before"
        )
        return 0 if app.dry_run else _send_with_progress(app)
    if not args.file:
        raise MailbotError("invite: give the list (invitees.csv or .xlsx), or --follow-up")
    listing = read_list(Path(args.file), app.config.bot.language)
    for line, why in listing.invalid:
        print(f"{args.file}:{line}: {why} (skipped)")
    international = [p for p in listing.people if needs_smtputf8(p.email)]
    if international:
        refusal = asyncio.run(_smtputf8_refusal(app.config))
        if refusal is not None:
            for person in international:
                print(f"{args.file}: {person.email}: {refusal} (skipped)")
            listing.people = [p for p in listing.people if not needs_smtputf8(p.email)]
    if app.dry_run:
        print(format_list_preview(listing))
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
    return _send_with_progress(app)


def _send_with_progress(app: App) -> int:
    """Send what is queued now, with a progress bar, rate and time left."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

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


async def _smtputf8_refusal(config: Config) -> str | None:
    """Why addresses with umlauts cannot be sent to, or None when the SMTP server takes them."""
    connection = SmtpConnection(config.smtp)
    try:
        await connection.connect()
        offered = await connection.offers_smtputf8()
    except SendError as exc:
        return f"the address needs SMTPUTF8, and asking the server failed: {exc}"
    finally:
        await connection.close()
    if offered:
        return None
    return f"the address needs SMTPUTF8, which {config.smtp.host} does not offer"


PREVIEW_ROWS = 5


def format_list_preview(listing: InviteList) -> str:
    """What ``invite --dry-run`` shows: the columns as understood, the first rows, the gaps."""
    lines = ["columns: " + ", ".join(f"{h} → {c}" for h, c in listing.columns.items())]
    for person in listing.people[:PREVIEW_ROWS]:
        lines.append(
            f"  {person.email}: {greeting(person.person, person.language)} · "
            f"{person.organisation or '(no organisation)'} · {person.language}"
        )
    if len(listing.people) > PREVIEW_ROWS:
        lines.append(f"  … and {len(listing.people) - PREVIEW_ROWS} more")
    nameless = [p.email for p in listing.people if not p.person.last_name]
    if nameless:
        lines.append(
            f"warning: {len(nameless)} people have no name and will be greeted without one: "
            + ", ".join(nameless[:10])
            + (" …" if len(nameless) > 10 else "")
        )
    return "\n".join(lines)


def status_values(app: App, event: EventSettings) -> dict[str, Any]:
    """The counts behind ``mailbot status`` and ``status --json``: the event's people, review
    items (its own and those the bot could not tie to one event); the outbox and the cycles
    serve every event."""
    store, now = app.store_for(event), app.clock()
    people = store.attendees()
    invitations = store.invitations()
    outbox = store.outbox_counts()
    last_cycle = store.last_cycle()
    bounced = {i.invitee.email for i in invitations if i.bounced_at is not None}
    bounced |= {p.email for p in people if p.bounced_at is not None}
    return {
        "invited": sum(i.invited_at is not None for i in invitations),
        **{s.value: sum(p.status is s for p in people) for s in AttendeeStatus},
        "not_answered": sum(i.state == "not answered" for i in invitations),
        "bounced": len(bounced),
        "followed_up": sum(i.followed_up_at is not None for i in invitations),
        "offers_open": count_seats(people, event.capacity, now).offered,
        "review_open": sum(i.event_id in (None, event.id) for i in store.review_items())
        + sum(f.event_id in (None, event.id) for f in store.failed_sends()),
        "outbox_pending": outbox.get(OutboxStatus.PENDING, 0) + outbox.get(OutboxStatus.SENDING, 0),
        "outbox_failed": outbox.get(OutboxStatus.FAILED, 0),
        "outbox_sent": outbox.get(OutboxStatus.SENT, 0),
        "last_cycle_at": local_time(last_cycle, app.config.bot.timezone),
        "last_mail_read_at": local_time(store.last_read(), app.config.bot.timezone),
        "capacity": event.capacity,
    }


def status(app: App, args: argparse.Namespace) -> int:
    """One screen for the organizer: the event, seats, counts, and what needs attention."""
    event = app.event(args.event)
    values = status_values(app, event)
    if args.json:
        print(json.dumps(values, ensure_ascii=False, indent=2))
        return 0
    print(f"{event.title}" + (f" ({event.id})" if len(app.config.events) > 1 else ""))
    print(f"  {event.starts:%d.%m.%Y %H:%M}–{event.ends:%H:%M}, {event.location}")
    seats = count_seats(app.store_for(event).attendees(), event.capacity, app.clock())
    if seats.free is not None:
        print(
            f"seats:    {seats.taken} of {seats.capacity} taken, {seats.free} free"
            + (f", {seats.offered} offered to the waiting list" if seats.offered else "")
        )
    print("people:   " + " · ".join(f"{values[s.value]} {s.value}" for s in AttendeeStatus))
    if values["invited"]:
        print(
            f"invited:  {values['invited']}, {values['not_answered']} not answered"
            + (f" ({values['followed_up']} followed up)" if values["followed_up"] else "")
            + f", {values['bounced']} bounced"
        )
    for label, key in (("last cycle", "last_cycle_at"), ("last mail read", "last_mail_read_at")):
        moment = values[key]
        print(f"{label}: " + (moment.replace("T", " ")[:16] if moment else "never"))
    print(
        f"outbox:   {values['outbox_pending']} waiting, {values['outbox_failed']} failed, "
        f"{values['outbox_sent']} sent" + (" (all events)" if len(app.config.events) > 1 else "")
    )
    review = values["review_open"]
    print(
        f"review:   {review} items wait for a human" + (" (mailbot review list)" if review else "")
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
    address = args.email.strip().lower()
    known = set()
    for event in app.config.events:
        with app.store_for(event).transaction() as tx:
            person = tx.attendee(address)
        if person is not None and person.name and len(person.name) >= 3:
            known.add(person.name)
    # a person's data goes from every event
    found = any([forget(app.store_for(event), args.email) for event in app.config.events])
    print(
        f"{args.email}: personal data removed from the store"
        if found
        else f"{args.email}: no attendee; any mail records of this address were removed"
    )
    imap = app.config.imap
    try:
        with app.mailbox() as mailbox:
            mentions = [address, *sorted(known)]
            deleted = mailbox.delete_mail_of(mentions, [imap.folder, imap.processed_folder])
    except MailboxError as exc:
        raise MailbotError(
            f"{exc}; the person's mail is still in the mailbox: run mailbot forget again"
        ) from exc
    print(f"{args.email}: {deleted} mails deleted from {imap.folder} and {imap.processed_folder}")
    return 0


def review(app: App, args: argparse.Namespace) -> int:
    """``mailbot review list|done|retry``."""
    from mailbot.compose.review import item_values, send_values

    store, language, zone = app.store, app.config.bot.language, app.config.bot.timezone
    if args.review_command == "done":
        actor = args.by or getpass.getuser()
        note = f"{args.note} ({actor})" if args.note else f"done ({actor})"
        store.close_review(args.id, note, app.clock())
        print(f"{args.id}: closed: {note}")
        return 0
    if args.review_command == "retry":
        store.retry_review(args.id, app.clock())
        print(
            f"{args.id}: "
            + (
                "will be handled again in the next cycle (mailbot run --once)"
                if args.id.lower().startswith("m")
                else "will be sent again (mailbot run --once)"
            )
        )
        return 0
    items = [item_values(i, language, zone) for i in store.review_items(everything=args.all)]
    sends = [send_values(f, language, zone) for f in store.failed_sends(everything=args.all)]
    if args.event:
        wanted = app.event(args.event).id
        items = [i for i in items if i["event"] in (wanted, None)]
        sends = [s for s in sends if s["event"] in (wanted, None)]
    if args.format == "json":
        print(json.dumps({"messages": items, "failed_sends": sends}, ensure_ascii=False, indent=2))
        return 0
    if not items and not sends:
        print("Nothing waits for a human.")
    for item in [*items, *sends]:
        who = item["sender"] or (f"to {item['to']}" if item.get("to") else "(no sender)")
        when = (item["received_at"] or "").replace("T", " ")[:16]
        state = "" if item["state"] == "open" else f"  [{item['state']}]"
        about = f"  ({item['event'] or 'which event?'})" if len(app.config.events) > 1 else ""
        print(f"{item['id']:>5}  {when}  {who}  {item['subject']!r}{about}{state}")
        print(f"       {item['reason']}")
        if item.get("detail") and item["detail"] not in item["reason"]:
            print(f"       ({item['detail']})")
        if item["note"]:
            print(f"       note: {item['note']}")
    return 0
