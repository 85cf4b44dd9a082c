"""Invitations through Postfix: a thousand of them, killed half-way and restarted, and a reply
to an invitation from another address than the invited one."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.support import letters
from tests.support.bot import Bot
from tests.support.mailservers import MailServers

pytestmark = pytest.mark.mailservers


def test_a_thousand_invitations_killed_half_way_reach_everyone_once_but_the_one_in_flight(
    mail_servers: MailServers, tmp_path: Path, unique: str
) -> None:
    bot = Bot.create(
        mail_servers,
        tmp_path,
        f"anmeldung-{unique}@example.test",
        smtp_extra="max_per_minute = 60000",
    )
    suffix = f".{unique}@example.test"
    people = [f"guest{n}{suffix}" for n in range(1000)]
    listing = tmp_path / "einladungen.csv"
    listing.write_text(
        "email;name;organisation\n"
        + "".join(f"{address};Gast {n};Amt {n % 7}\n" for n, address in enumerate(people))
        + "kaputt;Ohne Adresse;\n",
        encoding="utf-8",
    )
    command = [
        sys.executable,
        "-m",
        "mailbot",
        "--config",
        str(bot.config_path),
        "invite",
        str(listing),
    ]

    first = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with bot.app() as app:
        deadline = time.monotonic() + 60
        while app.store.outbox_counts().get("sent", 0) < 400 and time.monotonic() < deadline:
            time.sleep(0.05)
        half = app.store.outbox_counts().get("sent", 0)
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    assert 400 <= half < 1000, "the kill did not land half-way"
    with bot.app() as app:  # what the killed sender had claimed and not marked sent
        in_flight = [
            m.to_address
            for m in app.store.due_mail(datetime.now(UTC), 10_000)
            if m.status == "sending"
        ]
    assert len(in_flight) <= 1

    second = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stderr
    assert f"{listing}:1002: not an email address: kaputt (skipped)" in second.stdout
    assert "0 invitations queued; 1000 people were invited before" in second.stdout
    assert "sending" in second.stdout and "1000" not in second.stdout.split("sending")[-1][:5]

    deadline = time.monotonic() + 60
    while sum(mail_servers.deliveries(suffix).values()) < 1000 and time.monotonic() < deadline:
        time.sleep(0.5)
    delivered = mail_servers.deliveries(suffix)
    assert set(delivered) == set(people)
    # Nobody is invited twice, except the one invitation the kill left in flight: Postfix may
    # have said "250" for it before the kill, and the restart cannot know.
    twice = [address for address, count in delivered.items() if count > 1]
    assert set(twice) <= set(in_flight) and max(delivered.values()) <= 2, (twice, in_flight)
    third = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert "0 invitations queued" in third.stdout and "0 mails handed" in third.stdout


def test_a_reply_from_another_address_is_left_for_a_human(
    mail_servers: MailServers, tmp_path: Path, unique: str
) -> None:
    bot = Bot.create(mail_servers, tmp_path, f"anmeldung-{unique}@example.test")
    invited = f"buero.{unique}@example.test"
    colleague = f"vertretung.{unique}@example.test"
    listing = tmp_path / "list.csv"
    listing.write_text(f"email,name,organisation\n{invited},Dr. Anna Weber,Stadt Quickborn\n")
    assert bot.cli("invite", str(listing)).returncode == 0
    (invitation,) = bot.inbox_of(invited, 1)
    assert invitation["Reply-To"] == bot.address
    assert invitation["Auto-Submitted"] == "auto-generated"

    bot.receive(
        letters.reply_to(
            invitation.as_bytes(),
            colleague,
            "Tom Berger",
            "Ich nehme an Stelle von Frau Weber teil.",
        ),
        sender=colleague,
    )
    bot.run_until_idle(expected_sent=0)

    # about the invitee, so never silently a new person: the organizer reads it
    people = {p["email"]: p for p in json.loads(bot.cli("export", "--format", "json").stdout)}
    assert colleague not in people and invited not in people
    review = json.loads(bot.cli("review", "list", "--format", "json").stdout)["messages"]
    [item] = [m for m in review if m["sender"] == colleague]
    assert f"answers the invitation sent to {invited}" in item["detail"]
