"""The real bot (``App``, its cycle, outbox, store, templates) with only its mail edges faked.

``WiredBot.receive`` puts a mail in the fake inbox, ``run_until_idle`` runs ``mailbot run
--once`` cycles until nothing is left to do and returns what the fake SMTP server accepted, and
the clock stands still unless a test moves it. The store is whatever URL the test gives (the
``database_url`` fixture: SQLite and PostgreSQL).
"""

from __future__ import annotations

import dataclasses
import email.policy
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from mailbot.app import App
from mailbot.config import Config
from mailbot.jobs.cycle import CycleReport
from tests.support.fakes import FakeMailbox, FakeSmtp, Sent
from tests.support.samples import sample_config

# a Monday in October, 09:30 in Berlin: no reminder and no digest is due unless a test asks
START = datetime(2024, 10, 21, 7, 30, tzinfo=UTC)


def letter(
    sender: str,
    body: str,
    *,
    name: str = "Anna Weber",
    subject: str = "AW: Einladung",
    answering: EmailMessage | None = None,
    headers: tuple[tuple[str, str], ...] = (),
) -> bytes:
    """A plain-text mail from a person; ``answering``: a mail of the bot, in its thread."""
    msg = EmailMessage(policy=email.policy.SMTP)
    for header, value in headers:  # as a receiving server adds them: above the rest
        msg[header] = value
    msg["From"] = f"{name} <{sender}>"
    msg["To"] = "anmeldung@example.org"  # the sample config's bot
    msg["Subject"] = subject if answering is None else "Re: " + str(answering["Subject"])
    msg["Date"] = format_datetime(START)
    msg["Message-ID"] = make_msgid(domain=sender.split("@")[1])
    if answering is not None:
        msg["In-Reply-To"] = str(answering["Message-ID"])
        msg["References"] = str(answering["Message-ID"])
    msg.set_content(body)
    return msg.as_bytes()


def wired_config(database_url: str, **bot: object) -> Config:
    """The documented sample config on this database, without digest and reminders.

    As in the end-to-end driver (``tests.support.bot``), ``confirm_unsolicited`` is off: the
    letters answer an invitation the organizer sent by hand. The double opt-in of strangers is
    tested in ``tests/security``."""
    config = sample_config()
    return dataclasses.replace(
        config,
        bot=dataclasses.replace(config.bot, database=database_url, **bot),  # type: ignore[arg-type]
        events=(dataclasses.replace(config.event, reminders=(), confirm_unsolicited=False),),
        digest_recipients=(),
    )


@dataclass
class WiredBot:
    config: Config
    inbox: FakeMailbox
    smtp: FakeSmtp
    now: datetime = START

    @classmethod
    def create(cls, config: Config, smtp: FakeSmtp | None = None) -> WiredBot:
        return cls(config, FakeMailbox(config.imap.folder), smtp or FakeSmtp())

    @contextmanager
    def app(self) -> Iterator[App]:
        """The bot as ``mailbot`` builds it, with the fakes plugged into its two mail edges."""
        with App.build(self.config, clock=lambda: self.now) as app:
            app.mailbox = lambda: self.inbox  # type: ignore[method-assign]
            app.smtp = self.smtp.connection  # type: ignore[method-assign]
            yield app

    def receive(self, raw: bytes) -> int:
        return self.inbox.deliver(raw, self.config.imap.folder)

    def later(self, **delta: float) -> None:
        self.now += timedelta(**delta)

    def cycle(self) -> CycleReport:
        """One ``mailbot run --once``."""
        with self.app() as app:
            return app.cycle().run()

    def run_until_idle(self, expected_sent: int | None = None, max_cycles: int = 5) -> list[Sent]:
        """Cycles until one handles nothing and sends nothing; what the SMTP server accepted."""
        before = len(self.smtp.sent)
        for _ in range(max_cycles):
            report = self.cycle()
            assert not report.errors, report.errors
            if not report.handled and not report.drain.sent:
                break
        sent = self.smtp.sent[before:]
        if expected_sent is not None:
            assert len(sent) == expected_sent, (
                f"sent {[s.to_address for s in sent]}, expected {expected_sent} mails"
            )
        return sent

    def received_by(self, address: str) -> list[EmailMessage]:
        return self.smtp.to(address)
