"""After `forget`, no copy of the person is left in the store or in the bot's IMAP folders; the
files the bot writes are its owner's; passwords never travel in clear to another machine."""

from __future__ import annotations

import email
import email.policy
import json
import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import column, create_engine, inspect, select, table

from mailbot.store.database import database_url as driver_url
from tests.support import letters
from tests.support.bot import Bot
from tests.support.figures import SECURITY_FIGURES
from tests.support.mailservers import MailServers

pytestmark = [pytest.mark.mailservers, pytest.mark.security]


def _decoded(raw: bytes) -> str:
    """A stored mail as a reader sees it: every header and part decoded."""
    if not raw:
        return ""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    texts = [str(value) for value in msg.values()]
    for part in msg.walk():
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes):
            texts.append(payload.decode("utf-8", "replace"))
    return "\n".join(texts)


def bytes_left(url: str, needles: list[str]) -> int:
    """Every occurrence of the person's address or name in any row, as bytes."""
    engine = create_engine(driver_url(url))
    found = 0
    with engine.connect() as conn:
        for name in inspect(conn).get_table_names():
            columns = [c["name"] for c in inspect(conn).get_columns(name)]
            for row in conn.execute(select(*(column(c) for c in columns)).select_from(table(name))):
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        value = _decoded(bytes(value))
                    text = str(value or "").lower()
                    found += sum(text.count(n.lower()) * len(n.encode()) for n in needles)
    engine.dispose()
    return found


def test_forget_leaves_no_copy_in_the_store_or_the_mailbox(
    mail_servers: MailServers, tmp_path: Path, unique: str, database_url: str
) -> None:
    bot = Bot.create(
        mail_servers,
        tmp_path,
        f"anmeldung-{unique}@example.test",
        database=database_url,
        digest='[digest]\nrecipients = ["orga@example.test"]',
    )
    anna = f"annegret.{unique}@example.test"
    name = "Annegret Quellmalz"
    colleague = f"kollege.{unique}@example.test"
    bot.receive(
        letters.gmail(anna, name, bot.address, "Ich melde mich an.\n\nOrganisation: Stadt Pinnau"),
        sender=anna,
    )
    bot.receive(
        letters.gmail(
            colleague,
            "Kai Kollege",
            bot.address,
            f"Ich melde mich an. Frau Quellmalz kommt auch: {anna}",
        ),
        sender=colleague,
    )
    bot.run_until_idle()
    assert bot.cli("digest", "--send").returncode == 0
    bot.run_until_idle()
    needles = [anna, name]
    assert bytes_left(database_url, needles) > 0

    result = bot.cli("forget", anna)
    assert result.returncode == 0, result.stderr

    left = bytes_left(database_url, needles)
    in_folders = [
        raw
        for folder in ("INBOX", "Processed")
        for raw in mail_servers.messages(bot.address, folder)
        if anna.encode() in raw
    ]
    if database_url.startswith("sqlite"):
        db_file = Path(database_url.removeprefix("sqlite:///"))
        left += sum(db_file.read_bytes().count(n.encode()) * len(n) for n in needles)
    backend = "SQLite" if database_url.startswith("sqlite") else "PostgreSQL"
    SECURITY_FIGURES[f"bytes of a forgotten person left in the store ({backend})"] = str(left)
    assert left == 0
    assert in_folders == []
    people = json.loads(bot.cli("export", "--format", "json").stdout)
    assert len([p for p in people if p["status"] == "registered"]) == 2  # the count stays right


def test_the_store_and_exports_are_owner_only(
    mail_servers: MailServers, tmp_path: Path, unique: str
) -> None:
    bot = Bot.create(mail_servers, tmp_path, f"anmeldung-{unique}@example.test")
    person = f"p.{unique}@example.test"
    bot.receive(letters.gmail(person, "P", bot.address, "Ich bin dabei."), sender=person)
    assert bot.cli("run", "--once").returncode == 0
    exported = tmp_path / "list.csv"
    assert bot.cli("export", "--format", "csv", "-o", str(exported)).returncode == 0
    for path in (tmp_path / "mailbot.db", exported):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path
    SECURITY_FIGURES["mode of the SQLite store and an export"] = "0600"


def test_a_config_others_can_read_is_warned_about(
    mail_servers: MailServers, tmp_path: Path, unique: str
) -> None:
    bot = Bot.create(mail_servers, tmp_path, f"anmeldung-{unique}@example.test")
    bot.config_path.chmod(0o644)
    (tmp_path / "imap.pass").chmod(0o640)
    result = bot.cli("status")
    assert f"{bot.config_path} can be read by other users" in result.stderr
    assert "imap.pass can be read by other users" in result.stderr
