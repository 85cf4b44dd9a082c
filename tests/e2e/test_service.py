"""``mailbot run`` as a service on Dovecot and Postfix: what it logs, what it exposes to
monitoring, and how it treats a mailbox that was in use before its first start."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.support import letters
from tests.support.bot import Bot, clean_environment

pytestmark = pytest.mark.mailservers


@contextmanager
def running(bot: Bot, *options: str) -> Iterator[subprocess.Popen[str]]:
    """``mailbot run`` in the background; stopped with SIGTERM, its stderr kept on the handle."""
    worker = subprocess.Popen(
        [sys.executable, "-m", "mailbot", "--config", str(bot.config_path), *options],
        cwd=bot.folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=clean_environment(),
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
    assert " INFO started version=" in lines[0] and "mode=once" in lines[0]
    handled = [line for line in lines if " INFO message handled " in line]
    assert len(handled) == 2
    assert all("kind=registration rule=intent:registration action=acted" in h for h in handled)
    assert " INFO cycle " in lines[-1] and "handled=2" in lines[-1] and "sent=2" in lines[-1]
    assert "2 messages handled; 2 mails sent" in result.stdout  # the report stays on stdout
