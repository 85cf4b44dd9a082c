"""The ``mailbot`` command. Organizers and admins script against it.

Every error a user can cause ends as one line on stderr naming the key, file or host, and a
non-zero exit; a traceback only with ``--debug``.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from mailbot import __version__
from mailbot.app import App, utc_now
from mailbot.cli.logs import FORMATS
from mailbot.cli.logs import configure as configure_logging
from mailbot.cli.output import format_cycle, format_planned
from mailbot.config import (
    BotSettings,
    Config,
    find_config_path,
    load_config,
    readable_by_others,
)
from mailbot.domain.model import AttendeeStatus, Purpose, Thread
from mailbot.errors import MailbotError

# the bot mails a person can answer (`inspect --answers`): all but the organizers' and tests'
ANSWERABLE = tuple(p.value for p in Purpose if p not in (Purpose.DIGEST, Purpose.TEST_SEND))

EXIT_USER_ERROR = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mailbot", description="Event registration by plain email."
    )
    parser.add_argument(
        "--config",
        metavar="PATH",
        help="config file (default: ./config.toml, then $MAILBOT_CONFIG)",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    parser.add_argument(
        "--log-format",
        choices=FORMATS,
        default="text",
        help="log lines on stderr: text (default) or json, one object per line",
    )
    parser.add_argument(
        "--now",
        metavar="ISO8601",
        type=_moment,
        help="act as if it were this moment (local time of the event if no "
        "offset), e.g. 2024-11-07T09:00",
    )
    parser.add_argument("--version", action="version", version=f"mailbot {__version__}")
    # commands about one event take --event ID (needed only where several are configured)
    one_event = argparse.ArgumentParser(add_help=False)
    one_event.add_argument(
        "--event",
        metavar="ID",
        help="the event's id from the config (needed where several are configured)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    # commands that depend on the clock take --now after their name too
    clock = argparse.ArgumentParser(add_help=False)
    clock.add_argument(
        "--now",
        metavar="ISO8601",
        type=_moment,
        default=argparse.SUPPRESS,
        help="act as if it were this moment",
    )

    run = commands.add_parser(
        "run", help="the worker: poll the inbox, answer, send", parents=[clock]
    )
    run.add_argument("--once", action="store_true", help="one full cycle, then exit")
    run.add_argument(
        "--log-format", choices=FORMATS, default=argparse.SUPPRESS, help="text or json"
    )
    run.add_argument(
        "--backlog",
        action="store_true",
        help="also handle mail that arrived before mailbot first read the inbox",
    )
    run.add_argument(
        "--dry-run",
        action="store_true",
        help="with --once: show the reminders, offers and digest that are due, "
        "read and send nothing",
    )

    export = commands.add_parser(
        "export",
        help="everyone who answered (or was invited), as CSV, Excel, JSON or PDF",
        parents=[one_event],
    )
    export.add_argument(
        "--format",
        choices=("json", "csv", "xlsx", "badges", "pdf"),
        default="csv",
        help="badges: registered people by surname for a mail merge; pdf: the printable "
        "front-desk list with a signature column",
    )
    export.add_argument(
        "--status",
        choices=("registered", "waitlisted", "declined", "cancelled", "invited", "not-answered"),
        help="only people with this status; invited: everyone on the invitation list; "
        "not-answered: invited people who have neither answered nor bounced",
    )
    export.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    export.add_argument(
        "--separator",
        choices=(";", ","),
        default=";",
        help="CSV separator (default ';', as German Excel expects)",
    )

    review = commands.add_parser("review", help="messages left for a human")
    review_commands = review.add_subparsers(dest="review_command", required=True)
    review_list = review_commands.add_parser("list", help="list them, with the reason")
    review_list.add_argument("--format", choices=("text", "json"), default="text")
    review_list.add_argument("--all", action="store_true", help="closed items too")
    review_list.add_argument(
        "--event",
        metavar="ID",
        help="only this event's items, and those the bot could tie to no event",
    )
    review_done = review_commands.add_parser(
        "done", help="close an item: a human has dealt with it", parents=[clock]
    )
    review_done.add_argument("id", metavar="ID", help="as review list shows it: m12, s3")
    review_done.add_argument("--note", metavar="TEXT", help="what was done")
    review_done.add_argument("--by", metavar="NAME", help="who did it (default: your login)")
    review_retry = review_commands.add_parser(
        "retry",
        help="handle a message again in the next cycle, or send a failed mail again",
        parents=[clock],
    )
    review_retry.add_argument("id", metavar="ID")

    inspect = commands.add_parser("inspect", help="what the bot understands of one .eml file")
    inspect.add_argument("file", metavar="FILE.eml")
    inspect.add_argument("--json", action="store_true")
    inspect.add_argument(
        "--answers",
        metavar="MAIL",
        choices=ANSWERABLE,
        help="read it as the worker would a reply to this bot mail: " + ", ".join(ANSWERABLE),
    )
    inspect.add_argument(
        "--stranger",
        action="store_true",
        help="read it as the worker would mail from someone never invited",
    )

    commands.add_parser("doctor", help="check config, mail servers, database and templates")
    invite = commands.add_parser(
        "invite", help="send the invitation to everyone on a list", parents=[clock, one_event]
    )
    invite.add_argument(
        "file",
        metavar="invitees.csv",
        nargs="?",
        help="CSV or .xlsx; columns E-Mail/email, Anrede, Titel, Vorname, Nachname, Name, "
        "Organisation/Dienststelle/Behörde, Funktion, Sprache, and any others for the template",
    )
    invite.add_argument(
        "--follow-up",
        action="store_true",
        help="the follow_up mail, once, to everyone invited who has not answered or bounced",
    )
    invite.add_argument("--dry-run", action="store_true", help="check the list, send nothing")
    invite.add_argument("--limit", type=int, metavar="N", help="invite at most N people now")
    templates = commands.add_parser("templates", help="check, preview and document templates")
    template_commands = templates.add_subparsers(dest="template_command", required=True)
    check = template_commands.add_parser("check", help="render every template; list problems")
    check.add_argument("--folder", metavar="DIR", help="templates to check (default: config's)")
    preview = template_commands.add_parser("preview", help="one template with sample data")
    preview.add_argument("name")
    preview.add_argument("--lang", choices=("de", "en"), help="default: the config's language")
    preview.add_argument("--html", metavar="FILE", help="write the HTML part here")
    preview.add_argument("--to", metavar="EMAIL", help="send it as a [TEST] mail to this address")
    doc = template_commands.add_parser("doc", help="templates/README.md from the code")
    doc.add_argument("--write", action="store_true", help="write it instead of printing it")
    digest = commands.add_parser(
        "digest", help="the organizers' daily digest", parents=[clock, one_event]
    )
    digest_mode = digest.add_mutually_exclusive_group(required=True)
    digest_mode.add_argument("--print", action="store_true", help="show today's digest")
    digest_mode.add_argument("--send", action="store_true", help="send it now")
    status = commands.add_parser(
        "status",
        help="one screen: seats, counts, what needs attention",
        parents=[clock, one_event],
    )
    status.add_argument("--json", action="store_true", help="the counts as JSON, for scripts")
    show = commands.add_parser("show", help="one person: details and history", parents=[one_event])
    show.add_argument("email")
    edit = commands.add_parser("edit", help="fix one person's details", parents=[clock, one_event])
    edit.add_argument("email")
    edit.add_argument(
        "--set",
        action="append",
        required=True,
        metavar="FIELD=VALUE",
        help="name, organisation, role, dietary, salutation, title, first_name or last_name; "
        "repeatable",
    )
    edit.add_argument("--by", metavar="NAME", help="who does it (default: your login)")
    forget = commands.add_parser("forget", help="remove a person's personal data (GDPR Art. 17)")
    forget.add_argument("email")
    for name, what in (
        ("admit", "register someone (past capacity or deadline too)"),
        ("cancel", "cancel someone's registration"),
    ):
        command = commands.add_parser(name, help=what, parents=[clock, one_event])
        command.add_argument("email")
        command.add_argument("--by", metavar="NAME", help="who does it (default: your login)")
        command.add_argument("--quiet", action="store_true", help="send the person no mail")
    change = commands.add_parser(
        "notify-change",
        help="tell everyone registered what changed about the event",
        parents=[one_event],
    )
    change.add_argument("--dry-run", action="store_true", help="show the change, tell nobody")
    init = commands.add_parser(
        "init", help="write a commented config.toml and a copy of the templates to edit"
    )
    init.add_argument("folder", metavar="DIR", nargs="?", default=".", help="default: here")
    demo = commands.add_parser("demo", help="a complete run on built-in mail servers")
    demo.add_argument("--keep", action="store_true", help="keep the demo's folder afterwards")
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    # the store, exports and previews hold personal data: whatever the bot writes is its owner's
    os.umask(0o077)
    args = _parser().parse_args(argv)
    configure_logging(args.log_format, args.debug)
    try:
        code = _dispatch(args)
    except MailbotError as exc:
        if args.debug:
            raise
        print(f"mailbot: {exc}", file=sys.stderr)
        code = EXIT_USER_ERROR
    except KeyboardInterrupt:
        code = 130
    sys.exit(code)


def _config(args: argparse.Namespace) -> Config:
    config = load_config(find_config_path(args.config))
    for path in readable_by_others(config):
        logging.getLogger("mailbot").warning(
            "%s can be read by other users of this machine: chmod 600 %s", path, path
        )
    return config


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "demo":
        from mailbot.cli.demo import run_demo

        return run_demo(keep=args.keep)
    if args.command == "init":
        from mailbot.cli.init import init

        written = init(Path(args.folder))
        print("wrote " + " and ".join(str(path) for path in written))
        print(f"next: edit {written[0]}, then mailbot --config {written[0]} doctor")
        return 0
    if args.command == "doctor":
        from mailbot.cli.doctor import format_checks, run_checks

        checks = run_checks(_config(args))
        print(format_checks(checks))
        return 0 if all(check.ok for check in checks) else 1
    if args.command == "inspect":
        return _inspect(args)
    if args.command == "templates":
        from mailbot.cli.commands import templates

        return templates(_config(args), args)
    config = _config(args)
    clock = _fixed_clock(args.now, config.bot.timezone) if args.now else utc_now
    dry_run = bool(getattr(args, "dry_run", False))
    if args.command == "run" and dry_run and not args.once:
        raise MailbotError("--dry-run goes with --once")
    with App.build(config, clock, dry_run=dry_run) as app:
        if args.command == "run":
            return _run(app, once=args.once, backlog=args.backlog)
        if args.command == "export":
            return _export(app, args)
        from mailbot.cli import commands

        if args.command == "review":
            return commands.review(app, args)
        if args.command == "digest":
            return commands.digest(app, args)
        if args.command == "show":
            return commands.show_person(app, args)
        if args.command == "status":
            return commands.status(app, args)
        if args.command == "edit":
            return commands.edit_person(app, args)
        if args.command == "forget":
            return commands.forget_person(app, args)
        if args.command == "invite":
            return commands.invite(app, args)
        if args.command in ("admit", "cancel"):
            status = (
                AttendeeStatus.REGISTERED if args.command == "admit" else (AttendeeStatus.CANCELLED)
            )
            return commands.change_status(app, args, status)
        return commands.announce_change(app, args)


def _moment(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 moment: {text!r}") from exc


def _fixed_clock(moment: datetime, zone: ZoneInfo) -> Callable[[], datetime]:
    fixed = moment.replace(tzinfo=zone) if moment.tzinfo is None else moment
    return lambda: fixed.astimezone(UTC)


def _run(app: App, once: bool, backlog: bool) -> int:
    from mailbot.jobs.cycle import CycleReport
    from mailbot.jobs.first_start import inbox_cutoff
    from mailbot.jobs.schedule import run_cycle, run_forever, stop_on_signals

    cycle = app.cycle()
    if app.dry_run:  # what time made due, without reading or sending anything
        report = CycleReport()
        cycle.plan(report)
        print(format_planned(report) or "Nothing is due.")
        for error in report.errors:
            print(f"error: {error}")
        return 1 if report.errors else 0
    if not once:
        from mailbot.jobs.systemd import Systemd

        app.activity.systemd = Systemd()
    if not once and app.config.metrics.port is not None:
        from mailbot.jobs.monitor import Monitor

        app.activity.monitor = Monitor(app.config)
        app.activity.monitor.serve(app.config.metrics.address, app.config.metrics.port)
    app.activity.started(app.store.describe(), "once" if once else "service")
    app.inbox_cutoff = inbox_cutoff(app.config, app.store, app.mailbox, app.clock(), backlog)
    if once:
        stop_on_signals(app.stop)
        report = run_cycle(cycle, app.activity)
        print(format_cycle(report))
        return 1 if report.errors else 0
    run_forever(cycle, app.stop, app.config.imap.poll_seconds, app.activity, app.mailbox)
    return 0


def _export(app: App, args: argparse.Namespace) -> int:
    from mailbot.compose import export

    config = app.config
    language, zone = config.bot.language, config.bot.timezone
    event = app.event(args.event)
    store = app.store_for(event)
    people = store.attendees()
    invitations = store.invitations()
    status = "registered" if args.format in ("badges", "pdf") else args.status
    if status in ("invited", "not-answered"):
        if args.format in ("badges", "pdf"):
            raise MailbotError(f"--format {args.format} lists registered people only")
        wanted = [i for i in invitations if status == "invited" or i.state == "not answered"]
        rows = [export.invitation_row(i) for i in wanted]
    else:
        invited_at = {i.invitee.email: i.invited_at for i in invitations}
        if status:
            people = [p for p in people if p.status.value == status]
        rows = [export.attendee_row(p, invited_at.get(p.email)) for p in people]
    if args.format in ("xlsx", "pdf"):
        if not args.output:
            raise MailbotError(f"--format {args.format} needs -o FILE.{args.format}")
        if args.format == "xlsx":
            data = export.to_xlsx(rows, language, zone)
        else:
            data = export.to_front_desk_pdf(
                people, event.title, event.starts.date(), event.location, language
            )
    else:
        text = {
            "json": lambda: export.to_json(rows, zone),
            "csv": lambda: export.to_csv(rows, language, zone, args.separator),
            "badges": lambda: export.to_badges(people, language, args.separator),
        }[args.format]()
        if not args.output:
            sys.stdout.write(text)
            return 0
        data = text.encode("utf-8")
    try:
        Path(args.output).write_bytes(data)
    except OSError as exc:
        raise MailbotError(f"{args.output}: cannot write: {exc.strerror}") from exc
    return 0


def _inspect(args: argparse.Namespace) -> int:
    from mailbot.app import classify_context
    from mailbot.cli.explain import as_json, as_text
    from mailbot.compose.form import form_labels
    from mailbot.config import SHIPPED_TEMPLATES
    from mailbot.understand.classify import Context, classify
    from mailbot.understand.parse import parse
    from mailbot.understand.phrases import Phrases

    try:
        raw = Path(args.file).read_bytes()
    except OSError as exc:
        raise MailbotError(f"{args.file}: cannot read: {exc.strerror}") from exc
    from mailbot.jobs.time_limit import MessageTimeoutError, time_limit

    try:
        config = _config(args)
        context = classify_context(config)
        limit = config.bot.message_time_limit
    except MailbotError:
        if args.config:
            raise
        # works without a config: the shipped templates' form
        context = Context(
            "anmeldung@example.org", "de", Phrases.load(), "", form_labels(SHIPPED_TEMPLATES)
        )
        limit = BotSettings.message_time_limit
    # where the message stands in the conversation is the store's knowledge: given here, the
    # reading is the worker's; not given, nobody knows (neither a reply nor a stranger's mail)
    thread = None
    if args.answers or args.stranger:
        thread = Thread(args.answers, invited=not args.stranger)
    try:
        with time_limit(limit):  # the worker's limit: what stalls it must not stall inspect
            msg = parse(raw)
            understood = classify(msg, context, thread)
    except MessageTimeoutError as exc:
        raise MailbotError(
            f"{args.file}: {exc} to read; the worker leaves such a message for a human"
        ) from exc
    print(as_json(msg, understood, thread) if args.json else as_text(msg, understood, thread))
    return 0
