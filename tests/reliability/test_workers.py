"""Several workers: three ``mailbot run`` on one PostgreSQL store and one inbox, one of them
SIGKILLed in the middle of a backlog. Every registration is stored once and every person is
answered; a second answer can only come from the one kill landing between Postfix's acceptance
and the commit that marks the mail sent."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.reliability.test_crashes import backlog
from tests.support.bot import Bot, clean_environment
from tests.support.figures import FIGURES
from tests.support.mailservers import MailServers

pytestmark = [pytest.mark.mailservers, pytest.mark.reliability]


def test_three_workers_on_one_store_answer_everyone_once_though_one_is_killed(
    mail_servers: MailServers, tmp_path: Path, unique: str, postgres_url: str
) -> None:
    bot = Bot.create(
        mail_servers,
        tmp_path,
        f"anmeldung-{unique}@example.test",
        database=postgres_url,
        batch_size=10,
    )
    people = backlog(mail_servers, bot, 150, unique)
    command = [sys.executable, "-m", "mailbot", "--config", str(bot.config_path), "run"]
    workers = [
        subprocess.Popen(
            command,
            cwd=bot.folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=clean_environment(),
        )
        for _ in range(3)
    ]
    try:
        _until(lambda: _stored(bot) >= 40, "the workers did not start on the backlog")
        workers[0].kill()  # mid-way, without a chance to finish the message in hand
        workers[0].communicate(timeout=30)
        _until(lambda: _finished(bot, len(people)), "the two left did not finish the backlog")
    finally:
        for worker in workers[1:]:
            worker.send_signal(signal.SIGTERM)
        errors = [worker.communicate(timeout=60)[1] for worker in workers[1:]]
    assert all(worker.returncode == 0 for worker in workers[1:]), errors

    exported = json.loads(bot.cli("export", "--format", "json").stdout)
    assert sorted(p["email"] for p in exported) == sorted(people)  # each stored exactly once
    suffix = f".{unique}@example.test"
    _until(lambda: set(mail_servers.deliveries(suffix)) == set(people), "not everyone answered")
    delivered = mail_servers.deliveries(suffix)
    twice = sum(count - 1 for count in delivered.values())
    assert twice <= 1  # only the kill's own window, never the other workers
    FIGURES["3 workers, 1 killed: stored / answered / answered twice"] = (
        f"{len(exported)} / {len(delivered)} / {twice}"
    )


def _stored(bot: Bot) -> int:
    with bot.app() as app:
        return len(app.store.attendees())


def _finished(bot: Bot, expected: int) -> bool:
    with bot.app() as app:
        counts = app.store.outbox_counts()
        return len(app.store.attendees()) == expected and counts == {"sent": expected}


def _until(check: object, why: str, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while not check():  # type: ignore[operator]
        assert time.monotonic() < deadline, why
        time.sleep(0.5)
