"""When things go wrong: a message that makes the bot fail, a kill between commit and send,
and `mailbot doctor` against a wrong password and a dead port."""

from __future__ import annotations

import json
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from mailbot.config import SHIPPED_TEMPLATES
from tests.support import letters
from tests.support.bot import Bot
from tests.support.mailservers import MailServers
from tests.support.ports import listening_socket, refused_port

pytestmark = pytest.mark.mailservers


def test_a_message_that_makes_the_bot_fail_does_not_block_the_others(
    mail_servers: MailServers, tmp_path: Path, unique: str
) -> None:
    # An admin's template that assumes every attendee has a name: a realistic bug that only
    # the message without any name triggers.
    templates = tmp_path / "templates"
    shutil.copytree(SHIPPED_TEMPLATES, templates)
    confirmation = templates / "de" / "confirmation.txt.j2"
    confirmation.write_text(
        confirmation.read_text().replace(
            "{{ salutation }},", "Guten Tag {{ attendee.name.split()[-1] }},"
        )
    )
    (templates / "de" / "confirmation.html.j2").unlink()
    bot = Bot.create(
        mail_servers, tmp_path / "bot", f"anmeldung-{unique}@example.test", templates=templates
    )
    nameless = f"info.{unique}@example.test"
    anna = f"anna.{unique}@example.test"
    bot.receive(letters.gmail(nameless, "", bot.address, "Ich melde mich an."), sender=nameless)
    bot.receive(letters.gmail(anna, "Anna Weber", bot.address, "Ich melde mich an."), sender=anna)

    bot.run_until_idle(expected_sent=1)

    assert bot.inbox_of(anna, 1)[0]["Subject"].startswith("Anmeldebestätigung")
    bot.inbox_of(nameless, 0)
    review = json.loads(bot.cli("review", "list", "--format", "json").stdout)
    (failed,) = review["messages"]
    assert failed["sender"] == nameless
    assert "confirmation.txt.j2" in failed["reason"]
    assert "list object has no element -1" in failed["reason"]
    # The failed message stays in the inbox, flagged, for a human; Anna's was filed away.
    assert len(bot.servers.messages(bot.address)) == 1
    assert len(bot.servers.messages(bot.address, "Processed")) == 1
    # and the export holds no half-done registration for it
    exported = json.loads(bot.cli("export", "--format", "json").stdout)
    assert [p["email"] for p in exported] == [anna]


@pytest.fixture
def silent_smtp_port() -> Iterator[int]:
    """An SMTP port that accepts connections and never says a word: a send hangs there."""
    server = listening_socket()
    port = int(server.getsockname()[1])
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield port
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    server.close()


def test_a_kill_between_commit_and_send_resends_exactly_the_unsent(
    mail_servers: MailServers, tmp_path: Path, unique: str, silent_smtp_port: int
) -> None:
    bot = Bot.create(mail_servers, tmp_path / "bot", f"anmeldung-{unique}@example.test")
    early = [f"early{i}.{unique}@example.test" for i in range(2)]
    late = [f"late{i}.{unique}@example.test" for i in range(3)]
    for person in early:
        bot.receive(
            letters.gmail(person, "Early Bird", bot.address, "Ich bin dabei."), sender=person
        )
    bot.run_until_idle(expected_sent=2)
    for person in late:
        bot.receive(
            letters.gmail(person, "Late Comer", bot.address, "Ich bin dabei."), sender=person
        )

    # The worker commits the three registrations with their replies, then hangs in SMTP.
    hanging = Bot.create(
        mail_servers, tmp_path / "bot", bot.address, smtp_port=silent_smtp_port, timeout=300
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "mailbot", "--config", str(hanging.config_path), "run", "--once"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    app = hanging.app()
    store = app.store
    deadline = time.monotonic() + 30
    while store.outbox_counts().get("pending", 0) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert store.outbox_counts().get("pending") == 3, "the worker did not commit in time"
    worker.send_signal(signal.SIGKILL)
    worker.wait(10)
    app.close()

    restarted = Bot.create(mail_servers, tmp_path / "bot", bot.address)
    assert sorted(restarted.run_until_idle()) == sorted(late)
    for person in early + late:
        (confirmation,) = restarted.inbox_of(person, 1)
        assert confirmation["Subject"].startswith("Anmeldebestätigung")
    with restarted.app() as app:
        assert app.store.outbox_counts() == {"sent": 5}


@pytest.fixture
def dead_smtp_port() -> Iterator[int]:
    with refused_port() as port:
        yield port


def test_doctor_names_a_wrong_password_and_a_dead_port(
    mail_servers: MailServers, tmp_path: Path, unique: str, dead_smtp_port: int
) -> None:
    bot = Bot.create(
        mail_servers, tmp_path, f"anmeldung-{unique}@example.test", smtp_port=dead_smtp_port
    )
    (tmp_path / "imap.pass").write_text("Wr0ngPassw0rd!")

    result = bot.cli("doctor")

    assert result.returncode == 1
    lines = result.stdout.splitlines()
    imap_line = next(line for line in lines if " imap " in line)
    smtp_line = next(line for line in lines if " smtp " in line)
    assert imap_line.startswith("FAIL")
    assert f"127.0.0.1:{mail_servers.imap_port}" in imap_line and "login refused" in imap_line
    assert smtp_line.startswith("FAIL") and "connection refused" in smtp_line
    assert next(line for line in lines if " database " in line).startswith("ok")
    assert "Traceback" not in result.stdout + result.stderr
    assert "Wr0ngPassw0rd" not in result.stdout + result.stderr


def test_doctor_passes_on_a_working_setup(bot: Bot) -> None:
    result = bot.cli("doctor")
    assert result.returncode == 0, result.stdout + result.stderr
    assert all(line.startswith("ok") for line in result.stdout.splitlines())
    assert "Processed will be created" in result.stdout


def test_a_recreated_mailbox_is_not_handled_twice(
    mail_servers: MailServers, tmp_path: Path, unique: str
) -> None:
    """UIDVALIDITY changes when a folder is recreated (say, restored from a backup): the same
    mail comes back under new UIDs and must neither be answered again nor leave review."""
    folder = "Anmeldungen"
    bot = Bot.create(mail_servers, tmp_path, f"anmeldung-{unique}@example.test", folder_name=folder)
    anna = f"anna.{unique}@example.test"
    mails = [
        letters.gmail(anna, "Anna Weber", bot.address, "Ich bin dabei."),
        letters.gmail(
            f"jonas.{unique}@example.test", "Jonas Brandt", bot.address, "Gibt es Parkplätze?"
        ),
    ]

    def fill() -> int:
        with mail_servers.imap(bot.address) as client:
            if client.folder_exists(folder):
                client.delete_folder(folder)
            client.create_folder(folder)
            for mail in mails:
                client.append(folder, mail)
            return int(client.select_folder(folder)[b"UIDVALIDITY"])

    first = fill()
    bot.run_until_idle(expected_sent=1)
    second = fill()
    assert second != first

    assert bot.run_until_idle(expected_sent=0) == []
    bot.inbox_of(anna, 1)
    review = json.loads(bot.cli("review", "list", "--format", "json").stdout)
    assert [m["sender"] for m in review["messages"]] == [f"jonas.{unique}@example.test"]
    # the question is still in the folder, for a human; Anna's registration was filed away
    left = mail_servers.messages(bot.address, folder)
    assert len(left) == 1 and b"Parkpl" in left[0]
