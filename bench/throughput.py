"""1,000 registrations answered, side by side on the same Dovecot and Postfix in one run:

  floor   the transport alone: one IMAP connection fetches every message, one SMTP connection
          hands a small reply per message to Postfix — nothing read, decided or stored;
  naive   an imaplib + smtplib responder as one writes it in an afternoon: per message a FETCH,
          email.parser, a text reply in the thread, smtplib, a \\Seen flag — no store, no rules;
  mailbot ``mailbot run --once`` (Python's start-up included): parse, classify, one commit per
          group of messages with their outbox rows, templates, .ics, claim, send over
          ``[smtp] connections = 4`` (as for a relay of one's own), file away.

Each gets a fresh inbox of the same 1,000 Outlook/Gmail/Thunderbird registrations (appended
before the clock starts) and is timed until the last reply is accepted by Postfix. Ratios are
floor time / time: 1.0 is the transport's speed. Absolute times vary with the machine.

Run as root (the mail servers need it):  .venv/bin/python bench/throughput.py [N] [--database URL]

``--database postgresql://postgres@127.0.0.1:5432/test``: mailbot's store on PostgreSQL, in a
schema of its own that is dropped afterwards; SQLite in a temporary folder otherwise.
"""

from __future__ import annotations

import argparse
import email
import email.policy
import imaplib
import re
import resource
import smtplib
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support import letters
from tests.support.bot import Bot, clean_environment
from tests.support.mailservers import PASSWORD, MailServers
from tests.support.postgres import own_schema

CLIENTS = (letters.outlook, letters.gmail, letters.thunderbird)
SENDER = re.compile(rb"^From: [^\r\n]*?<?([\w.+-]+@[\w.-]+)>?\r?$", re.MULTILINE)


def fill(servers: MailServers, inbox: str, count: int, tag: str) -> None:
    with servers.imap(inbox) as client:
        for n in range(count):
            person = f"r{n}.{tag}@example.test"
            write = CLIENTS[n % len(CLIENTS)]
            mail = write(person, f"Person {n}", inbox, "Hiermit melde ich mich an.")
            client.append("INBOX", mail)


def reply_to(original: EmailMessage, inbox: str) -> EmailMessage:
    reply = EmailMessage()
    reply["From"] = inbox
    reply["To"] = original["From"]
    reply["Subject"] = "Anmeldebestätigung"
    reply["In-Reply-To"] = original["Message-ID"]
    reply["Auto-Submitted"] = "auto-replied"
    reply.set_content("Vielen Dank, Sie sind angemeldet.\n")
    return reply


def floor(servers: MailServers, inbox: str) -> float:
    began = time.perf_counter()
    with servers.imap(inbox) as client, smtplib.SMTP("127.0.0.1", servers.smtp_port) as smtp:
        client.select_folder("INBOX")
        uids = client.search(["ALL"])
        for start in range(0, len(uids), 100):
            fetched = client.fetch(uids[start : start + 100], [b"BODY.PEEK[]"])
            for data in fetched.values():
                raw = bytes(data[b"BODY[]"])
                found = SENDER.search(raw)
                assert found, "no From: line"
                smtp.sendmail(inbox, [found.group(1).decode()], b"Subject: ok\r\n\r\nok\r\n")
    return time.perf_counter() - began


def naive(servers: MailServers, inbox: str) -> float:
    began = time.perf_counter()
    imap = imaplib.IMAP4("127.0.0.1", servers.imap_port)
    imap.login(inbox, PASSWORD)
    imap.select("INBOX")
    with smtplib.SMTP("127.0.0.1", servers.smtp_port) as smtp:
        _, found = imap.uid("SEARCH", "UNSEEN")
        for uid in found[0].split():
            _, data = imap.uid("FETCH", uid, "(BODY.PEEK[])")
            part = data[0]
            assert isinstance(part, tuple)
            original = email.message_from_bytes(part[1], policy=email.policy.default)
            smtp.send_message(reply_to(original, inbox))  # type: ignore[arg-type]
            imap.uid("STORE", uid, "+FLAGS", "(\\Seen)")
    imap.logout()
    return time.perf_counter() - began


@contextmanager
def store_url(database: str | None) -> Iterator[str | None]:
    """The bot's database: a fresh schema of its own on PostgreSQL, else SQLite's default."""
    if database is None:
        yield None
        return
    with own_schema(database, "bench") as url:
        yield url


def mailbot(servers: MailServers, bot: Bot) -> tuple[float, float]:
    """Seconds until the last reply was accepted, and the CPU seconds mailbot spent (with any
    process of its own): the steadier figure on a machine others share."""
    command = [sys.executable, "-m", "mailbot", "--config", str(bot.config_path), "run", "--once"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    result = subprocess.run(
        command, capture_output=True, text=True, cwd=bot.folder, env=clean_environment()
    )
    seconds = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0 or f"{COUNT} mails sent" not in result.stdout:
        raise SystemExit(f"mailbot did not answer all:\n{result.stdout[-500:]}{result.stderr}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return seconds, cpu


def settle(servers: MailServers) -> None:
    """Let Postfix deliver the previous run's replies before the next run starts."""
    while not servers.queue_is_empty():
        time.sleep(0.5)


ARGUMENTS = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
ARGUMENTS.add_argument("count", nargs="?", type=int, default=1000)
ARGUMENTS.add_argument("--database", help="mailbot's store (default: SQLite)")
OPTIONS = ARGUMENTS.parse_args()
COUNT: int = OPTIONS.count


def main() -> None:
    results: dict[str, float] = {}
    cpu = 0.0
    with (
        MailServers.running() as servers,
        tempfile.TemporaryDirectory() as folder,
        store_url(OPTIONS.database) as database,
    ):
        for name in ("floor", "naive", "mailbot"):
            inbox = f"bench-{name}@example.test"
            fill(servers, inbox, COUNT, name)
            settle(servers)
            if name == "mailbot":
                bot = Bot.create(
                    servers, Path(folder), inbox, smtp_extra="connections = 4", database=database
                )
                results[name], cpu = mailbot(servers, bot)
            else:
                results[name] = (floor if name == "floor" else naive)(servers, inbox)
            settle(servers)

    base = results["floor"]
    store = "PostgreSQL" if OPTIONS.database else "SQLite"
    print(f"{COUNT} registrations answered through Postfix, Dovecot holding the inbox ({store})")
    print(f"{'':>8} {'seconds':>8} {'per s':>7} {'× floor':>8}")
    for name, seconds in results.items():
        print(f"{name:>8} {seconds:>8.2f} {COUNT / seconds:>7.0f} {base / seconds:>8.2f}")
    print(f"mailbot's CPU: {cpu:.2f} s")


if __name__ == "__main__":
    main()
