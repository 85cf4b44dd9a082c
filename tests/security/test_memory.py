"""Memory follows the bytes of one fetch, not the number of messages in a batch."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from tests.reliability.test_hostile import run_measured
from tests.support import letters
from tests.support.bot import Bot
from tests.support.figures import SECURITY_FIGURES
from tests.support.mailservers import MailServers

pytestmark = [pytest.mark.mailservers, pytest.mark.security]


def test_ten_20_mb_mails_in_one_batch_stay_under_300_mb(
    mail_servers: MailServers, tmp_path: Path, unique: str
) -> None:
    bot = Bot.create(mail_servers, tmp_path, f"anmeldung-{unique}@example.test")
    scan = base64.encodebytes(b"\x89PNG" * (15 * 1024 * 1024 // 4))  # 20 MB once encoded
    with mail_servers.imap(bot.address) as client:
        for n in range(10):
            raw = letters.gmail(
                f"scan{n}.{unique}@example.test", f"Person {n}", bot.address, "Ich bin dabei."
            )
            head, _, tail = raw.partition(b"\n\n")
            big = head.replace(b"multipart/alternative", b"multipart/mixed", 1) + b"\n\n" + tail
            client.append("INBOX", big.rstrip() + b"\n" + scan)
    result, peak_kb = run_measured(bot)
    assert result.returncode == 0, result.stderr
    assert "10 messages handled" in result.stdout
    assert peak_kb < 300 * 1024
    SECURITY_FIGURES["peak RSS, ten 20 MB mails in one batch"] = f"{peak_kb / 1024:.0f} MB"
