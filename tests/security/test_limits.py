"""However the address is spelt, one mailbox gets at most the daily limit and one notice."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from mailbot.domain.limits import mailbox_of
from mailbot.store.database import database_url as driver_url
from tests.support import letters
from tests.support.bot import Bot
from tests.support.figures import SECURITY_FIGURES
from tests.support.mailservers import MailServers

pytestmark = [pytest.mark.mailservers, pytest.mark.security]

VARIANTS = (
    "anna.weber@gmail.com",
    "Anna.Weber@gmail.com",
    "annaweber@gmail.com",
    "anna.weber+1@gmail.com",
    "anna.weber+2@gmail.com",
    "a.n.n.a.weber@gmail.com",
    "anna.weber@googlemail.com",
    "annaweber+x@googlemail.com",
    "ANNA.WEBER+y@GMAIL.COM",
    "an.na.we.ber@googlemail.com",
)


def test_address_variants_reach_one_mailbox_at_most_limit_plus_one_times(
    mail_servers: MailServers, tmp_path: Path, unique: str, database_url: str
) -> None:
    bot = Bot.create(
        mail_servers,
        tmp_path,
        f"anmeldung-{unique}@example.test",
        database=database_url,
        bot_extra="max_replies_per_day = 3",
    )
    for variant in VARIANTS:
        bot.receive(letters.gmail(variant, "Anna Weber", bot.address, "Ich melde mich an."))
    bot.run_until_idle()

    # what went to the mailbox, counted where the bot queued it (Postfix here refuses gmail.com)
    engine = create_engine(driver_url(database_url))
    with engine.connect() as conn:
        recipients = list(conn.scalars(text("SELECT to_address FROM outbox")))
    engine.dispose()
    received = sum(1 for r in recipients if mailbox_of(r) == "annaweber@gmail.com")
    SECURITY_FIGURES["mails to one mailbox through 10 address variants (daily limit 3)"] = str(
        received
    )
    assert received <= 3 + 1
