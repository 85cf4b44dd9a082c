"""What a worker cycle costs, on Dovecot and Postfix started like the tests start them.

Prints two tables:
  1. a cycle that handles 10 new registrations while 0, 1,000 or 5,000 earlier messages stay in
     the inbox for review: the cost must follow the new mail, not the mailbox;
  2. throughput for a backlog of 500 registrations (parse, classify, commit, send through
     Postfix).

Run as root (the mail servers need it):  .venv/bin/python bench/cycle_cost.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support import letters
from tests.support.bot import Bot
from tests.support.mailservers import MailServers


def append(servers: MailServers, address: str, mails: list[bytes]) -> None:
    with servers.imap(address) as client:
        for mail in mails:
            client.append("INBOX", mail)


def question(n: int, bot: str) -> bytes:
    return letters.gmail(f"q{n}@example.test", "Frage", bot, "Gibt es Parkplätze?")


def registration(tag: str, n: int, bot: str) -> bytes:
    return letters.gmail(f"r{n}.{tag}@example.test", f"Person {n}", bot, "Ich bin dabei.")


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
