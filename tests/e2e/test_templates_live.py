"""An admin edits a template while `mailbot run` is running: the next mail uses the edit, and a
broken edit leaves the bot answering with the last version that worked."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from mailbot.config import SHIPPED_TEMPLATES
from tests.support import letters
from tests.support.bot import Bot
from tests.support.mailservers import MailServers

pytestmark = pytest.mark.mailservers


def test_edits_apply_without_restart_and_a_broken_edit_keeps_the_last_good_version(
    mail_servers: MailServers, tmp_path: Path, unique: str
) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(SHIPPED_TEMPLATES, templates)
    bot = Bot.create(
        mail_servers, tmp_path / "bot", f"anmeldung-{unique}@example.test", templates=templates
    )
    confirmation = templates / "de" / "confirmation.txt.j2"
    original = confirmation.read_text()
    worker = subprocess.Popen(
        [sys.executable, "-m", "mailbot", "--config", str(bot.config_path), "run"],
        cwd=bot.folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:

        def register(name: str) -> str:
            address = f"{name}.{unique}@example.test"
            bot.receive(
                letters.gmail(address, name.title(), bot.address, "Ich bin dabei."), sender=address
            )
            (mail,) = bot.inbox_of(address, 1)
            return str(mail["Subject"])

        assert register("anna").startswith("Anmeldebestätigung")
        confirmation.write_text(original.replace("Anmeldebestätigung:", "Sie sind dabei:"))
        assert register("ben").startswith("Sie sind dabei:")
        confirmation.write_text(original.replace("{% endset %}", "{% endset %}{% if %}", 1))
        assert register("cara").startswith("Sie sind dabei:")  # the last good version
    finally:
        worker.send_signal(signal.SIGTERM)
        _, stderr = worker.communicate(timeout=30)
    assert worker.returncode == 0
    assert "confirmation.txt.j2:1:" in stderr and "last version that worked" in stderr


def test_preview_sends_a_test_mail_marked_as_such(bot: Bot, unique: str) -> None:
    admin = f"admin.{unique}@example.test"
    result = bot.cli("templates", "preview", "reminder", "--lang", "en", "--to", admin)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Subject: Reminder: Zukunftswerkstatt")
    (test_mail,) = bot.inbox_of(admin, 1)
    assert test_mail["Subject"].startswith("[TEST] Reminder:")
    assert test_mail["Auto-Submitted"] == "auto-generated"
