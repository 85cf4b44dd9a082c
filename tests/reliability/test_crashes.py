"""Crash consistency: the worker killed at random moments while it works through a backlog.

SIGKILL twenty times at seeded random moments, restarting each time, until the inbox is
drained: every registration is stored once, every sender is confirmed, and a second
confirmation happens only where a kill fell between Postfix's acceptance and our commit; those
windows are counted. SIGTERM ten times: no duplicate at all, since the worker finishes the mail
in hand before it stops. Both with one SMTP connection and with four.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.support import letters
from tests.support.bot import Bot
from tests.support.figures import FIGURES
from tests.support.mailservers import MailServers

pytestmark = [pytest.mark.mailservers, pytest.mark.reliability]
CLIENTS = (letters.gmail, letters.outlook, letters.thunderbird)


def backlog(servers: MailServers, bot: Bot, count: int, tag: str) -> list[str]:
    people = [f"r{n}.{tag}@example.test" for n in range(count)]
    with servers.imap(bot.address) as client:
        for n, address in enumerate(people):
            write = CLIENTS[n % len(CLIENTS)]
            client.append(
                "INBOX", write(address, f"Person {n}", bot.address, "Hiermit melde ich mich an.")
            )
    return people


def interrupt(
    bot: Bot, times: int, how: signal.Signals, seed: int, connections: int = 1
) -> tuple[int, list[str]]:
    """Start `mailbot run --once` and stop it at random moments; returns the stops that hit
    work, and the mail each stop left in flight (claimed by the stopped worker, not marked sent).
    """
    rng = random.Random(seed)
    command = [sys.executable, "-m", "mailbot", "--config", str(bot.config_path), "run", "--once"]
    hits = 0
    in_flight: list[str] = []
    for _ in range(times):
        worker = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.4, 2.0))
        if worker.poll() is None:
            worker.send_signal(how)
            hits += 1
        worker.wait(60)
        with bot.app() as app:
            claimed = [
                m.to_address
                for m in app.store.due_mail(datetime.now(UTC), 10_000)
                if m.status == "sending"
            ]
        assert len(claimed) <= connections, claimed  # one mail at a time on each connection
        in_flight += claimed
    return hits, in_flight


def drain(bot: Bot, expected: int) -> None:
    """Run the worker until every message is recorded and every reply sent."""
    outputs = []
    for _ in range(20):
        result = bot.cli("run", "--once", timeout=300)
        outputs.append(result.stdout[-800:] + result.stderr[-800:])
        with bot.app() as app:
            done = (
                app.store.outbox_counts() == {"sent": expected}
                and app.store.last_uid("INBOX", _uidvalidity(bot)) > 0
                and len(app.store.attendees()) == expected
            )
        if done and "0 messages handled" in result.stdout:
            return
        time.sleep(0.5)
    raise AssertionError("the worker did not come to rest:\n" + "\n---\n".join(outputs[-3:]))


def _uidvalidity(bot: Bot) -> int:
    with bot.servers.imap(bot.address) as client:
        return int(client.select_folder("INBOX", readonly=True)[b"UIDVALIDITY"])


def check_outcome(bot: Bot, servers: MailServers, people: list[str], tag: str) -> Counter[str]:
    exported = json.loads(bot.cli("export", "--format", "json").stdout)
    assert sorted(p["email"] for p in exported) == sorted(people)  # each stored exactly once
    assert {p["status"] for p in exported} == {"registered"}
    with bot.app() as app:
        counts = app.store.outbox_counts()
    assert counts == {"sent": len(people)}, counts  # nothing half-done in the outbox
    suffix = f".{tag}@example.test"
    deadline = time.monotonic() + 60
    while sum(servers.deliveries(suffix).values()) < len(people) and time.monotonic() < deadline:
        time.sleep(0.5)
    delivered = servers.deliveries(suffix)
    assert set(delivered) == set(people)  # every sender confirmed, nobody lost
    return delivered


@pytest.mark.parametrize("connections", [1, 4])
def test_twenty_kills_lose_nothing_and_repeat_only_in_the_window(
    mail_servers: MailServers, tmp_path: Path, unique: str, connections: int
) -> None:
    bot = Bot.create(
        mail_servers,
        tmp_path,
        f"anmeldung-{unique}@example.test",
        batch_size=25,
        smtp_extra=f"connections = {connections}",
    )
    people = backlog(mail_servers, bot, 500, unique)

    kills, in_flight = interrupt(bot, 20, signal.SIGKILL, seed=20261127, connections=connections)
    drain(bot, len(people))
    delivered = check_outcome(bot, mail_servers, people, unique)

    # a mail arrives twice only if a kill left it in flight: at most one per kill and
    # connection, and at most twice (the send the kill interrupted, then the one after the
    # restart)
    twice = sorted(address for address, count in delivered.items() if count > 1)
    assert set(twice) <= set(in_flight) and max(delivered.values()) <= 2, (twice, in_flight)
    windows = len(twice)
    if connections == 1:  # the figures the README shows
        FIGURES["SIGKILL: kills that hit a working worker"] = f"{kills} of 20"
        FIGURES["SIGKILL: registrations stored / lost"] = f"{len(people)} / 0"
        FIGURES["SIGKILL: duplicate windows hit (250 before commit)"] = str(windows)


@pytest.mark.parametrize("connections", [1, 4])
def test_ten_sigterms_send_nothing_twice(
    mail_servers: MailServers, tmp_path: Path, unique: str, connections: int
) -> None:
    bot = Bot.create(
        mail_servers,
        tmp_path,
        f"anmeldung-{unique}@example.test",
        batch_size=25,
        smtp_extra=f"connections = {connections}",
    )
    people = backlog(mail_servers, bot, 200, unique)

    stops, in_flight = interrupt(bot, 10, signal.SIGTERM, seed=7, connections=connections)
    assert in_flight == []  # the mails in hand are finished before the worker stops
    drain(bot, len(people))
    delivered = check_outcome(bot, mail_servers, people, unique)

    assert max(delivered.values()) == 1
    if connections == 1:
        FIGURES["SIGTERM: stops that hit a working worker"] = f"{stops} of 10"
        FIGURES["SIGTERM: duplicates"] = "0"
