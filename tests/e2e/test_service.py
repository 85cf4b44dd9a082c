"""``mailbot run`` as a service on Dovecot and Postfix: what it logs, what it exposes to
monitoring, and how it treats a mailbox that was in use before its first start."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.support import letters
from tests.support.bot import Bot, clean_environment
from tests.support.mailservers import MailServers, free_port

pytestmark = pytest.mark.mailservers


@contextmanager
def running(
    bot: Bot, *options: str, env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen[str]]:
    """``mailbot run`` in the background; stopped with SIGTERM, its stderr kept on the handle."""
    worker = subprocess.Popen(
        [sys.executable, "-m", "mailbot", "--config", str(bot.config_path), *options],
        cwd=bot.folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**clean_environment(), **(env or {})},
    )
    try:
        yield worker
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.stdout_text, worker.stderr_text = worker.communicate(timeout=60)  # type: ignore[attr-defined]


def test_json_logs_say_what_happened_to_each_message_and_nothing_private(
    bot: Bot, unique: str
) -> None:
    eva = f"eva.{unique}@example.test"
    body = "Ich nehme gerne teil. Mein Geheimwort ist Zitronenfalter."
    with running(bot, "run", "--log-format", "json") as worker:
        message = letters.outlook(eva, "Eva Lang", bot.address, body)
        bot.receive(message, sender=eva)
        bot.inbox_of(eva, 1)
    assert worker.returncode == 0, worker.stderr_text

    lines = [json.loads(line) for line in worker.stderr_text.splitlines()]
    assert all({"ts", "level", "event"} <= line.keys() for line in lines)
    started = next(line for line in lines if line["event"] == "started")
    assert started["event_id"] == "zukunftswerkstatt-2024" and started["mode"] == "service"
    (handled,) = [line for line in lines if line["event"] == "message handled"]
    assert handled["level"] == "INFO"
    assert (handled["kind"], handled["rule"], handled["action"]) == (
        "registration",
        "intent:registration",
        "acted",
    )
    assert handled["replies"] == ["confirmation"]
    full_id = message.decode().split("Message-ID: <", 1)[1].split(">", 1)[0]
    local, domain = full_id.split("@")
    assert handled["message_id"] == f"<{local[:12]}…@{domain}>"  # enough to find it in the inbox
    cycle = next(line for line in lines if line["event"] == "cycle" and line["handled"] == 1)
    assert cycle["handled_acted"] == 1
    assert any(line["event"] == "cycle" and line["sent"] == 1 for line in lines)
    for private in ("Zitronenfalter", eva, "secret", full_id):
        assert private not in worker.stderr_text
    # without --debug the libraries say nothing: no IMAP dump, no scheduler chatter
    assert {line["logger"].split(".")[0] for line in lines} == {"mailbot"}


def test_text_logs_of_one_run_have_a_start_line_and_a_line_per_message(
    bot: Bot, unique: str
) -> None:
    for n in range(2):
        person = f"p{n}.{unique}@example.test"
        bot.receive(letters.gmail(person, f"Person {n}", bot.address, "Ich bin dabei."), person)

    result = bot.cli("run", "--once")

    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    (started,) = [line for line in lines if " INFO started version=" in line]
    assert "mode=once" in started
    handled = [line for line in lines if " INFO message handled " in line]
    assert len(handled) == 2
    assert all("kind=registration rule=intent:registration action=acted" in h for h in handled)
    assert " INFO cycle " in lines[-1] and "handled=2" in lines[-1] and "sent=2" in lines[-1]
    assert "2 messages handled; 2 mails sent" in result.stdout  # the report stays on stdout


def with_metrics(bot: Bot, stale_seconds: int = 60, bot_extra: str = "") -> int:
    """Serve the bot's metrics on a free port; returns it."""
    port = free_port()
    text = bot.config_path.read_text().replace("[bot]\n", f"[bot]\n{bot_extra}\n", 1)
    text += f"\n[metrics]\nport = {port}\nstale_seconds = {stale_seconds}\n"
    bot.config_path.write_text(text)
    return port


def get(port: int, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read().decode()


def until(check: callable, timeout: float = 60) -> None:  # type: ignore[valid-type]
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def metrics(port: int) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    status, text = get(port, "/metrics")
    assert status == 200
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_metrics_and_health_of_a_running_worker(bot: Bot, unique: str) -> None:
    port = with_metrics(bot, bot_extra="max_replies_per_day = 1")
    before = time.time()
    anna, kai = f"anna.{unique}@example.test", f"kai.{unique}@example.test"
    with running(bot, "run") as worker:
        until(lambda: _listening(port))
        bot.receive(letters.outlook(anna, "Anna Weber", bot.address, "Ich melde mich an."), anna)
        bot.receive(letters.gmail(kai, "Kai Petersen", bot.address, "Ich bin dabei."), kai)
        bot.receive(
            letters.exchange_out_of_office(
                f"m.{unique}@example.test", "M. Schulz", bot.address, in_reply_to="<x@y>"
            )
        )
        bot.inbox_of(anna, 1), bot.inbox_of(kai, 1)
        # Kai changes his mind the same day: past max_replies_per_day, one notice instead
        bot.receive(letters.gmail(kai, "Kai Petersen", bot.address, "Ich kann leider nicht."), kai)
        bot.inbox_of(kai, 2)
        until(lambda: metrics(port).get(("mailbot_replies_limited_total", ())) == 1)
        until(lambda: metrics(port)[("mailbot_outbox_pending", ())] == 0)

        found = metrics(port)
        health = get(port, "/healthz")
    assert worker.returncode == 0, worker.stderr_text

    def count(kind: str, action: str) -> float:
        return found[("mailbot_messages_total", (("action", action), ("kind", kind)))]

    assert count("registration", "acted") == 2
    assert count("decline", "acted") == 1
    assert count("auto-reply", "ignored") == 1
    assert found[("mailbot_outbox_failed", ())] == 0
    assert found[("mailbot_inbox_backlog", ())] == 0
    assert found[("mailbot_oldest_unprocessed_seconds", ())] == 0
    assert found[("mailbot_last_cycle_timestamp_seconds", ())] >= before
    assert found[("mailbot_imap_idle", ())] in (0, 1)
    assert health[0] == 200 and health[1].startswith("ok: ")


def test_health_turns_503_when_the_inbox_cannot_be_reached(
    mail_servers: MailServers, tmp_path: Path, unique: str
) -> None:
    bot = Bot.create(mail_servers, tmp_path, f"anmeldung-{unique}@example.test")
    port = with_metrics(bot, stale_seconds=2)
    config = bot.config_path.read_text()
    bot.config_path.write_text(config.replace(f"port = {mail_servers.imap_port}", "port = 1"))
    with running(bot, "run") as worker:
        until(lambda: _listening(port))
        until(lambda: get(port, "/healthz")[0] == 503)
        status, text = get(port, "/healthz")
    assert (status, text.split(":")[0]) == (503, "stale")
    assert "IMAP 127.0.0.1:1: cannot connect" in worker.stderr_text


def _listening(port: int) -> bool:
    try:
        get(port, "/healthz")
    except OSError:
        return False
    return True


@contextmanager
def notify_socket(folder: Path) -> Iterator[socket.socket]:
    """The datagram socket systemd listens on for a Type=notify service."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as listener:
        listener.bind(str(folder / "notify"))
        listener.settimeout(30)
        yield listener


def notices_until(listener: socket.socket, wanted: str) -> list[str]:
    said: list[str] = []
    while wanted not in said:
        said += listener.recv(4096).decode().splitlines()
    return said


def test_systemd_hears_ready_and_the_watchdog_while_imap_answers(
    bot: Bot, unique: str, tmp_path: Path
) -> None:
    with notify_socket(tmp_path) as listener:
        environment = {"NOTIFY_SOCKET": str(tmp_path / "notify"), "WATCHDOG_USEC": "2000000"}
        with running(bot, "run", env=environment):
            said = notices_until(listener, "READY=1")
            said += notices_until(listener, "WATCHDOG=1")
            kai = f"kai.{unique}@example.test"
            bot.receive(letters.gmail(kai, "Kai Petersen", bot.address, "Ich bin dabei."), kai)
            bot.inbox_of(kai, 1)
            said += notices_until(listener, "STATUS=last cycle: 1 messages handled, 1 mails sent")
        said += notices_until(listener, "STOPPING=1")
    assert said.index("READY=1") < said.index("WATCHDOG=1") < said.index("STOPPING=1")


def test_the_watchdog_starves_while_the_inbox_cannot_be_reached(
    mail_servers: MailServers, tmp_path: Path, unique: str
) -> None:
    bot = Bot.create(mail_servers, tmp_path, f"anmeldung-{unique}@example.test")
    config = bot.config_path.read_text()
    bot.config_path.write_text(config.replace(f"port = {mail_servers.imap_port}", "port = 1"))
    with notify_socket(tmp_path) as listener:
        environment = {"NOTIFY_SOCKET": str(tmp_path / "notify"), "WATCHDOG_USEC": "1000000"}
        with running(bot, "run", env=environment) as worker:
            said = notices_until(listener, "READY=1")
            time.sleep(4)  # several polls, each refused: systemd would restart us now
        said += notices_until(listener, "STOPPING=1")
    assert "WATCHDOG=1" not in said
    assert worker.stderr_text.count("IMAP 127.0.0.1:1: cannot connect") >= 2


def test_a_first_start_on_a_mailbox_in_use_answers_only_newer_mail(
    mail_servers: MailServers, tmp_path: Path, unique: str
) -> None:
    bot = Bot.create(mail_servers, tmp_path, f"anmeldung-{unique}@example.test", old_mail=False)
    earlier = [f"earlier{n}.{unique}@example.test" for n in range(2)]
    for person in earlier:
        bot.receive(letters.gmail(person, "Frühe Person", bot.address, "Ich bin dabei."), person)
    # arrival times are whole seconds and mail of the start's own second counts as new
    time.sleep(1.1)

    first = bot.cli("run", "--once")
    assert first.returncode == 0, first.stderr
    (said,) = [line for line in first.stderr.splitlines() if "left alone" in line]
    assert "2 messages in INBOX arrived before" in said and "run --backlog" in said
    assert "0 messages handled; 0 mails sent" in first.stdout

    later = f"later.{unique}@example.test"
    bot.receive(letters.gmail(later, "Späte Person", bot.address, "Ich bin dabei."), later)
    second = bot.cli("run", "--once")
    assert "1 messages handled; 1 mails sent" in second.stdout, second.stdout + second.stderr
    bot.inbox_of(later, 1)
    for person in earlier:
        bot.inbox_of(person, 0)
    assert len(mail_servers.messages(bot.address)) == 2  # the old mail is where it was


def test_backlog_on_the_first_start_answers_the_older_mail_too(
    mail_servers: MailServers, tmp_path: Path, unique: str
) -> None:
    bot = Bot.create(mail_servers, tmp_path, f"anmeldung-{unique}@example.test", old_mail=False)
    earlier = f"earlier.{unique}@example.test"
    bot.receive(letters.gmail(earlier, "Frühe Person", bot.address, "Ich bin dabei."), earlier)

    result = bot.cli("run", "--once", "--backlog")

    assert "1 messages handled; 1 mails sent" in result.stdout, result.stdout + result.stderr
    assert "left alone" not in result.stderr
    bot.inbox_of(earlier, 1)


def test_since_in_the_config_moves_the_line(
    mail_servers: MailServers, tmp_path: Path, unique: str
) -> None:
    bot = Bot.create(mail_servers, tmp_path, f"anmeldung-{unique}@example.test", old_mail=False)
    person = f"p.{unique}@example.test"
    bot.receive(letters.gmail(person, "Person", bot.address, "Ich bin dabei."), person)
    config = bot.config_path.read_text()
    bot.config_path.write_text(config.replace("[imap]\n", "[imap]\nsince = 2100-01-01\n"))

    result = bot.cli("run", "--once")

    assert "0 messages handled" in result.stdout
    (said,) = [line for line in result.stderr.splitlines() if "left alone" in line]
    assert "1 messages in INBOX arrived before 2100-01-01 00:00 CET" in said
    assert said.endswith("left alone: [imap] since")


def test_with_idle_two_workers_confirm_within_seconds_though_they_poll_every_five_minutes(
    mail_servers: MailServers, tmp_path: Path, unique: str, postgres_url: str
) -> None:
    bot = Bot.create(
        mail_servers, tmp_path, f"anmeldung-{unique}@example.test", database=postgres_url
    )
    bot.config_path.write_text(
        bot.config_path.read_text().replace("poll_seconds = 1\n", "poll_seconds = 300\n")
    )
    ports = [with_metrics(bot), free_port()]
    second = bot.config_path.read_text().replace(f"port = {ports[0]}", f"port = {ports[1]}")
    (tmp_path / "second.toml").write_text(second)
    people = [f"p{n}.{unique}@example.test" for n in range(5)]
    with running(bot, "run") as first, running(bot, "--config", "second.toml", "run") as other:
        for port in ports:  # both started, read the inbox once, and wait in IDLE
            until(lambda port=port: _listening(port) and metrics(port)[IDLE] == 1)
        for person in people:
            bot.receive(letters.gmail(person, "Person", bot.address, "Ich bin dabei."), person)
            # the next poll is minutes away: only IDLE can make this arrive in time
            (confirmation,) = bot.inbox_of(person, 1)
            assert confirmation["Subject"].startswith("Anmeldebestätigung")
    assert first.returncode == 0 and other.returncode == 0, first.stderr_text + other.stderr_text
    assert mail_servers.deliveries(f".{unique}@example.test") == {p: 1 for p in people}


IDLE = ("mailbot_imap_idle", ())
