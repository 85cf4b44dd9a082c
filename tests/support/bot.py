"""A bot wired to the test mail servers, and what a test does with it.

``Bot.receive`` delivers a mail to the bot's inbox through Postfix, as an attendee's client
would; ``run_until_idle`` runs worker cycles until nothing is left to do and returns who was
sent mail; ``inbox_of`` reads what a person actually received through Dovecot.
"""

from __future__ import annotations

import email
import email.policy
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

from sqlalchemy import create_engine, select

from mailbot.app import App
from mailbot.config import Config, load_config
from mailbot.jobs.cycle import CycleReport
from mailbot.store.database import database_url
from mailbot.store.schema import outbox
from tests.support.mailservers import PASSWORD, MailServers


def clean_environment() -> dict[str, str]:
    """The environment for a ``mailbot`` subprocess: the developer's ``MAILBOT_*`` variables
    never reach it, so no test passes only because a password happens to be set in a shell."""
    return {k: v for k, v in os.environ.items() if not k.startswith("MAILBOT_")}


def mailbot(
    *args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """``mailbot ARGS`` in a folder of its own, as an admin runs it."""
    return subprocess.run(
        [sys.executable, "-m", "mailbot", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**clean_environment(), **(env or {})},
        timeout=timeout,
    )


CONFIG = """\
[bot]
address = "{address}"
name = "Metaplan Anmeldung"
database = "{database}"
{templates}
# every test address is at example.test: one domain standing for hundreds in real life
max_replies_per_domain_per_hour = {domain_limit}
max_replies_per_hour = {hourly_limit}
{bot_extra}

[imap]
host = "127.0.0.1"
port = {imap_port}
security = "none"
username = "{address}"
password_file = "imap.pass"
folder = "{folder}"
poll_seconds = 1
batch_size = {batch_size}
timeout_seconds = {timeout}
{since}

[smtp]
host = "127.0.0.1"
port = {smtp_port}
security = "none"
timeout_seconds = {timeout}
{smtp_extra}

{events}

{digest}

[outbox]
retry_seconds = 1
"""


EVENT = """\
[event]
id = "zukunftswerkstatt-2024"
title = "Zukunftswerkstatt innovative Verwaltung"
starts = 2024-11-14T09:30:00
ends = 2024-11-14T18:00:00
location = "Metaplan, Goethestraße 16, 25451 Quickborn"
{capacity}
{required}
confirm_unsolicited = {confirm_unsolicited}
{event_extra}
"""


@dataclass
class Bot:
    servers: MailServers
    folder: Path
    address: str

    @classmethod
    def create(
        cls,
        servers: MailServers,
        folder: Path,
        address: str,
        *,
        capacity: int | None = None,
        templates: Path | None = None,
        database: str | None = None,
        smtp_port: int | None = None,
        batch_size: int = 100,
        timeout: int = 30,
        required_fields: tuple[str, ...] = (),
        folder_name: str = "INBOX",
        event_extra: str = "",
        digest: str = "",
        smtp_extra: str = "",
        confirm_unsolicited: bool = False,
        domain_limit: int = 100_000,
        hourly_limit: int = 100_000,
        bot_extra: str = "",
        old_mail: bool = True,
        events: str | None = None,
    ) -> Bot:
        """``confirm_unsolicited`` is off by default here: the test letters answer an invitation
        the organizer sent by hand, as if everyone writing had been invited. ``old_mail``: the
        bot answers mail delivered before its first run too (a test inbox holds only what the
        test put there); False: the default of a real installation. ``events``: the config's
        event tables as written (``[[events]]`` …), instead of the one ``[event]`` the other
        arguments fill in."""
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "imap.pass").write_text(PASSWORD)
        (folder / "config.toml").write_text(
            CONFIG.format(
                address=address,
                database=database or "sqlite:///mailbot.db",
                templates=f'templates = "{templates}"' if templates else "",
                imap_port=servers.imap_port,
                smtp_port=smtp_port or servers.smtp_port,
                events=events
                or EVENT.format(
                    capacity=f"capacity = {capacity}" if capacity else "",
                    required=f"required_fields = {list(required_fields)}"
                    if required_fields
                    else "",
                    event_extra=event_extra,
                    confirm_unsolicited=str(confirm_unsolicited).lower(),
                ),
                batch_size=batch_size,
                folder=folder_name,
                # the default send rate would make a 500-mail backlog take minutes
                smtp_extra=smtp_extra
                if "max_per_minute" in smtp_extra
                else smtp_extra + "\nmax_per_minute = 60000",
                digest=digest,
                timeout=timeout,
                domain_limit=domain_limit,
                hourly_limit=hourly_limit,
                bot_extra=bot_extra,
                since="since = 2000-01-01" if old_mail else "",
            )
        )
        # as an installation keeps them: only the owner reads the config and the password
        for secret in (folder / "imap.pass", folder / "config.toml"):
            secret.chmod(0o600)
        return cls(servers, folder, address)

    @property
    def config_path(self) -> Path:
        return self.folder / "config.toml"

    def config(self) -> Config:
        return load_config(self.config_path)

    def app(self, now: datetime | None = None) -> App:
        """The bot as `mailbot` builds it; with ``now``, its clock stands at that moment."""
        if now is None:
            return App.build(self.config())
        return App.build(self.config(), clock=lambda: now)

    # --- the attendee's side -----------------------------------------------------------

    def receive(self, raw: bytes, sender: str = "someone@example.test") -> None:
        """Deliver a mail to the bot's inbox through Postfix and wait until it is there.

        Delivery is read from Postfix's own log, not from the inbox: a worker running beside
        the test (with IMAP IDLE) may file the mail away before the inbox is looked at."""
        before = self.servers.deliveries(self.address)[self.address]
        self.servers.send(raw, sender, [self.address])
        deadline = time.monotonic() + 20
        while self.servers.deliveries(self.address)[self.address] == before:
            assert time.monotonic() < deadline, "Postfix did not deliver to the bot's inbox"
            time.sleep(0.1)

    def inbox_of(self, person: str, count: int) -> list[EmailMessage]:
        """What a person received, waiting for ``count`` mails; asserts it is exactly that."""
        raw = self.servers.wait_for(person, count)
        if count == 0:
            time.sleep(0.5)  # give a wrongly sent mail the chance to arrive
            raw = self.servers.messages(person)
        assert len(raw) == count, f"{person} received {len(raw)} mails, expected {count}"
        mails: list[EmailMessage] = [
            email.message_from_bytes(r, policy=email.policy.default)  # type: ignore[misc]
            for r in raw
        ]
        return sorted(mails, key=self._sent_order())

    def _sent_order(self) -> Callable[[EmailMessage], int]:
        """Mails in the order the bot queued them, not the order they arrived: Postfix delivers
        the mails of one drain in parallel, so a confirmation may land after the request queued
        behind it. Mail the bot did not send comes first, in the order it arrived."""
        engine = create_engine(database_url(self.config().bot.database))
        try:
            with engine.connect() as connection:
                queued = dict(connection.execute(select(outbox.c.message_id, outbox.c.id)).all())
        finally:
            engine.dispose()
        return lambda mail: queued.get(str(mail["Message-ID"]).strip(), 0)

    # --- the bot's side ------------------------------------------------------------------

    def cycle(self, now: datetime | None = None) -> CycleReport:
        with self.app(now) as app:
            return app.cycle().run()

    def run_until_idle(
        self, expected_sent: int | None = None, max_cycles: int = 5, now: datetime | None = None
    ) -> list[str]:
        """Run cycles until one handles nothing and sends nothing; return who was sent mail."""
        sent: list[str] = []
        for _ in range(max_cycles):
            report = self.cycle(now)
            assert not report.errors, report.errors
            sent += report.drain.sent
            if not report.handled and not report.drain.sent:
                break
        if expected_sent is not None:
            assert len(sent) == expected_sent, f"sent {sent}, expected {expected_sent} mails"
        return sent

    def cli(
        self, *args: str, env: dict[str, str] | None = None, timeout: float = 60
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "mailbot", "--config", str(self.config_path), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=self.folder,
            env={**clean_environment(), **(env or {})},
        )
