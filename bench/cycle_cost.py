"""What a worker cycle costs, on Dovecot and Postfix started like the tests start them.

Prints three tables:
  1. a cycle that handles 10 new registrations while 0, 1,000 or 5,000 earlier messages stay in
     the inbox for review: the cost must follow the new mail, not the mailbox;
  2. the same with 0, 5,000 and 50,000 earlier messages, as ``mailbot run --once`` in its own
     process, with that process's peak RSS. Handling 50,000 mails first would take a quarter
     of an hour, so the earlier mail is appended to the inbox and recorded in the store as
     handled and filed (what a cycle leaves behind), directly;
  3. throughput for a backlog of 500 registrations (parse, classify, commit, send through
     Postfix).

Run as root (the mail servers need it):  .venv/bin/python bench/cycle_cost.py
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mailbot.domain.model import Outcome
from mailbot.store.records import Location, MessageRecord
from tests.support import letters
from tests.support.bot import Bot, clean_environment
from tests.support.mailservers import MailServers


def append(servers: MailServers, address: str, mails: list[bytes]) -> None:
    with servers.imap(address) as client:
        for mail in mails:
            client.append("INBOX", mail)


def question(n: int, bot: str) -> bytes:
    return letters.gmail(f"q{n}@example.test", "Frage", bot, "Gibt es Parkplätze?")


def registration(tag: str, n: int, bot: str) -> bytes:
    return letters.gmail(f"r{n}.{tag}@example.test", f"Person {n}", bot, "Ich bin dabei.")


def handled_before(servers: MailServers, bot: Bot, count: int) -> None:
    """``count`` questions in the inbox, recorded as handled and filed, as earlier cycles
    would have left them (appended 500 at a time, recorded in one transaction)."""
    with servers.imap(bot.address) as client:
        for start in range(0, count, 500):
            mails = [question(n, bot.address) for n in range(start, min(start + 500, count))]
            client.multiappend("INBOX", mails)
        uidvalidity = int(client.select_folder("INBOX")[b"UIDVALIDITY"])
        uids = client.search(["ALL"])
    now = datetime.now(UTC)
    with bot.app() as app:
        with app.store.transaction() as tx:
            ids = [
                tx.record_message(
                    MessageRecord(
                        Location("INBOX", uidvalidity, uid),
                        f"<q{uid}@example.test>",
                        f"q{uid}@example.test",
                        "Frage",
                        now,
                        "question",
                        "intent:question",
                        Outcome.REVIEW,
                        "a question: left for a human",
                        True,
                    ),
                    now,
                )
                for uid in uids
            ]
        app.store.mark_filed(ids)


# runs the worker as its only child, then prints the child's peak RSS (kB) as its last line
PEAK_RSS = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:]); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)"
)


def worker_run(bot: Bot) -> tuple[float, int]:
    """``mailbot run --once`` in its own process: its cycle's seconds (from its log line) and
    its peak RSS in MB."""
    worker = [sys.executable, "-m", "mailbot", "--config", str(bot.config_path), "run", "--once"]
    result = subprocess.run(
        [sys.executable, "-c", PEAK_RSS, *worker],
        capture_output=True,
        cwd=bot.folder,
        env=clean_environment(),
        text=True,
        check=True,
    )
    found = re.search(r"cycle .*seconds=([\d.]+)", result.stderr)
    if found is None:
        raise SystemExit(f"no cycle line from the worker:\n{result.stderr[-2000:]}")
    return float(found.group(1)), int(result.stderr.split()[-1]) // 1024


def timed_cycle(bot: Bot) -> tuple[float, int, int]:
    start = time.perf_counter()
    report = bot.cycle()
    return time.perf_counter() - start, len(report.handled), len(report.drain.sent)


def main() -> None:
    with MailServers.running() as servers, tempfile.TemporaryDirectory() as folder:
        print("Cycle with 10 new registrations, earlier messages left in the inbox for review")
        print(f"{'in inbox':>9} {'handled':>8} {'sent':>5} {'seconds':>8}")
        for old in (0, 1000, 5000):
            bot = Bot.create(servers, Path(folder) / f"old{old}", f"bench-{old}@example.test")
            append(servers, bot.address, [question(n, bot.address) for n in range(old)])
            bot.cycle()  # handles the old ones once; they stay in INBOX, flagged
            append(
                servers, bot.address, [registration(str(old), n, bot.address) for n in range(10)]
            )
            seconds, handled, sent = timed_cycle(bot)
            print(f"{old:>9} {handled:>8} {sent:>5} {seconds:>8.3f}")

        print("\nmailbot run --once with 10 new registrations; earlier mail in the inbox, handled")
        print(f"{'in inbox':>9} {'cycle s':>8} {'peak RSS MB':>12}")
        for old in (0, 5000, 50000):
            bot = Bot.create(servers, Path(folder) / f"big{old}", f"bench-big{old}@example.test")
            bot.cycle()  # the first start: what comes later is new mail
            handled_before(servers, bot, old)
            append(
                servers, bot.address, [registration(f"big{old}", n, bot.address) for n in range(10)]
            )
            seconds, rss = worker_run(bot)
            print(f"{old:>9} {seconds:>8.3f} {rss:>12}")

        print("\nBacklog of 500 registrations in one cycle")
        bot = Bot.create(servers, Path(folder) / "backlog", "bench-backlog@example.test")
        append(servers, bot.address, [registration("b", n, bot.address) for n in range(500)])
        seconds, handled, sent = timed_cycle(bot)
        print(
            f"handled {handled}, sent {sent} in {seconds:.1f} s: "
            f"{handled / seconds:.0f} messages/s end to end"
        )


if __name__ == "__main__":
    main()
