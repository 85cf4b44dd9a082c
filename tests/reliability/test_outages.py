"""Server outages: an SMTP server that answers 451 for a while and 550 for one recipient, and
Dovecot going away for ten seconds under a running worker. Nothing is lost; temporary failures
are retried with backoff, permanent ones are shown to a human."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.support import letters
from tests.support.bot import Bot
from tests.support.figures import FIGURES
from tests.support.mailservers import MailServers
from tests.support.ports import BoundController

pytestmark = [pytest.mark.mailservers, pytest.mark.reliability]
START = datetime(2024, 10, 21, 8, 0, tzinfo=UTC)


class Flaky:
    """451 for the first messages, 550 for one recipient, 250 for the rest; counts deliveries."""

    def __init__(self, refused: str, busy: int) -> None:
        self.refused = refused
        self.busy = busy
        self.accepted: Counter[str] = Counter()
        self.answers: list[str] = []

    async def handle_RCPT(  # noqa: N802 - the name aiosmtpd calls
        self,
        server: Any,
        session: Any,
        envelope: Any,
        address: str,
        options: Any,
    ) -> str:
        if address == self.refused:
            self.answers.append("550")
            return f"550 5.1.1 <{address}>: Recipient address rejected: no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.busy > 0:
            self.busy -= 1
            self.answers.append("451")
            return "451 4.3.0 Temporary failure, try again later"
        for address in envelope.rcpt_tos:
            self.accepted[address] += 1
        self.answers.append("250")
        return "250 OK"


@pytest.fixture
def flaky_smtp(unique: str) -> Iterator[tuple[int, Flaky]]:
    handler = Flaky(refused=f"nobody.{unique}@example.test", busy=3)
    controller = BoundController(handler)
    controller.start()
    yield controller.port, handler
    controller.stop()


def test_temporary_failures_are_retried_and_a_refusal_is_shown(
    mail_servers: MailServers, tmp_path: Path, unique: str, flaky_smtp: tuple[int, Flaky]
) -> None:
    port, server = flaky_smtp
    orga = f"orga.{unique}@example.test"
    bot = Bot.create(
        mail_servers,
        tmp_path,
        f"anmeldung-{unique}@example.test",
        smtp_port=port,
        digest=f'[digest]\nrecipients = ["{orga}"]',
    )
    people = [f"{name}.{unique}@example.test" for name in ("anna", "ben", "cara", "nobody")]
    for address in people:
        bot.receive(letters.gmail(address, "Jemand", bot.address, "Ich bin dabei."), sender=address)

    for minute in range(0, 60, 5):  # an hour, a cycle every five minutes
        with bot.app(START + timedelta(minutes=minute)) as app:
            app.cycle().run()

    assert server.answers[:3] == ["451", "451", "451"]
    assert dict(server.accepted) == {address: 1 for address in people[:3]} | {orga: 1}
    review = json.loads(bot.cli("review", "list", "--format", "json").stdout)
    (failed,) = review["failed_sends"]
    assert failed["to"] == people[3] and "550" in failed["error"]
    digest = bot.cli("digest", "--print", "--now", "2024-10-21T10:00").stdout
    assert people[3] in digest and "550" in digest
    FIGURES["outages: SMTP 451 x3 then 550 for one: lost"] = "0 (1 failed send shown for review)"


def test_dovecot_away_for_ten_seconds_under_a_running_worker(
    mail_servers: MailServers, tmp_path: Path, unique: str
) -> None:
    bot = Bot.create(mail_servers, tmp_path, f"anmeldung-{unique}@example.test")
    worker = subprocess.Popen(
        [sys.executable, "-m", "mailbot", "--config", str(bot.config_path), "run"],
        cwd=bot.folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    eva = f"eva.{unique}@example.test"
    try:
        time.sleep(2)
        mail_servers.stop_dovecot()
        # Postfix keeps the reply in its queue while Dovecot is down
        mail_servers.send(
            letters.gmail(eva, "Eva", bot.address, "Ich bin dabei."), eva, [bot.address]
        )
        time.sleep(10)
        assert worker.poll() is None, "the worker died while Dovecot was away"
        mail_servers.start_dovecot()
        mail_servers.wait_for(eva, 1, timeout=60)  # Postfix's retry, then the next poll
        (confirmation,) = bot.inbox_of(eva, 1)
        assert confirmation["Subject"].startswith("Anmeldebestätigung")
    finally:
        if not _listening(mail_servers):
            mail_servers.start_dovecot()
        worker.send_signal(signal.SIGTERM)
        _, stderr = worker.communicate(timeout=60)
    assert worker.returncode == 0, stderr[-3000:]
    assert "connection refused" in stderr and "next try in" in stderr
    FIGURES["outages: Dovecot away 10 s under mailbot run: lost"] = "0"


def _listening(servers: MailServers) -> bool:
    try:
        socket.create_connection(("127.0.0.1", servers.imap_port), 0.5).close()
    except OSError:
        return False
    return True


def test_postfix_stopped_in_the_middle_of_sending(
    mail_servers: MailServers, tmp_path: Path, unique: str
) -> None:
    bot = Bot.create(
        mail_servers,
        tmp_path,
        f"anmeldung-{unique}@example.test",
        smtp_extra="max_per_minute = 300",
    )  # 0.2 s apart: a send takes a while
    people = [f"p{n}.{unique}@example.test" for n in range(30)]
    with mail_servers.imap(bot.address) as client:
        for address in people:
            client.append("INBOX", letters.gmail(address, "Jemand", bot.address, "Ich bin dabei."))
    worker = subprocess.Popen(
        [sys.executable, "-m", "mailbot", "--config", str(bot.config_path), "run", "--once"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    with bot.app() as app:
        deadline = time.monotonic() + 60
        while app.store.outbox_counts().get("sent", 0) < 5 and time.monotonic() < deadline:
            time.sleep(0.05)
    mail_servers.stop_postfix()
    try:
        out, _ = worker.communicate(timeout=120)
        assert worker.returncode == 1 and "to retry" in out  # it noticed, it did not crash
    finally:
        mail_servers.start_postfix()
    for minute in range(1, 30):  # later cycles, once the backoff has passed
        bot.run_until_idle(now=datetime.now(UTC) + timedelta(minutes=minute))
        with bot.app() as app:
            if app.store.outbox_counts() == {"sent": len(people)}:
                break
    with bot.app() as app:
        assert app.store.outbox_counts() == {"sent": len(people)}
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        delivered = mail_servers.deliveries(f".{unique}@example.test")
        if sum(delivered.values()) >= len(people):
            break
        time.sleep(0.5)
    # nothing lost; only the one mail in flight when Postfix went away (accepted by Postfix,
    # its "250" never read) may arrive twice
    assert set(delivered) == set(people)
    assert sum(count - 1 for count in delivered.values()) <= 1, delivered
    FIGURES["outages: Postfix stopped mid-send: lost"] = (
        f"0 (sent twice: {sum(c - 1 for c in delivered.values())})"
    )
