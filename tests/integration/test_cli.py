"""The command line as admins and organizers use it: one clear line per mistake, no traceback."""

from __future__ import annotations

import errno
import json
import shutil
import socket
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from mailbot.cli.demo import BoundController, Collect, DemoImapServer
from mailbot.compose.export import attendee_row, to_csv
from mailbot.config import SHIPPED_TEMPLATES
from mailbot.domain.model import Attendee, AttendeeStatus
from tests.support import letters
from tests.support.bot import mailbot
from tests.support.samples import NOW, SAMPLE, with_change

DEMO_MAIL = Path(__file__).parent.parent.parent / "mailbot" / "cli" / "demo_mail"


def test_without_any_config_the_error_says_where_to_put_one(tmp_path: Path) -> None:
    result = mailbot("export", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "mailbot: no configuration: pass --config PATH, create ./config.toml, or set MAILBOT_CONFIG"
    )


def test_config_comes_from_the_environment_when_not_given(tmp_path: Path) -> None:
    config = tmp_path / "elsewhere.toml"
    config.write_text(SAMPLE.read_text())
    result = mailbot(
        "export", "--format", "json", cwd=tmp_path, env={"MAILBOT_CONFIG": str(config)}
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_a_bad_key_is_one_line_and_debug_shows_the_traceback(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(with_change("imap", "port", '"imap"'))
    result = mailbot("run", "--once", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "[imap] port: expected a whole number, got 'imap'" in result.stderr

    debug = mailbot("--debug", "run", "--once", cwd=tmp_path)
    assert "Traceback" in debug.stderr


def _unreachable_imap(tmp_path: Path) -> None:
    text = with_change("imap", "host", '"127.0.0.1"')
    text = text.replace("port = 993", "port = 1")
    text = text.replace('password_env = "MAILBOT_IMAP_PASSWORD"', 'password = "Sup3rGeheim"')
    (tmp_path / "config.toml").write_text(text)


def test_an_unreachable_imap_server_is_named_and_no_secret_printed(tmp_path: Path) -> None:
    _unreachable_imap(tmp_path)
    # at night nothing else is due: the IMAP failure is the cycle's only error
    result = mailbot("run", "--once", "--now", "2024-11-01T03:00", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "IMAP 127.0.0.1:1: cannot connect: connection refused" in result.stdout
    assert "Sup3rGeheim" not in result.stdout + result.stderr


def test_a_missing_smtp_password_is_a_cycle_error_and_the_report_stays(tmp_path: Path) -> None:
    # after [digest] time the digest is due, so the cycle needs the SMTP password, whose
    # variable is not set: that is this cycle's error, reported beside the IMAP one
    _unreachable_imap(tmp_path)
    result = mailbot("run", "--once", "--now", "2024-11-01T08:00", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "IMAP 127.0.0.1:1: cannot connect: connection refused" in result.stdout
    assert "digests queued: 1" in result.stdout
    assert "environment variable MAILBOT_SMTP_PASSWORD is not set" in result.stdout
    assert "0 messages handled; 0 mails sent" in result.stdout


def test_a_broken_template_is_a_cycle_error_and_the_report_stays(tmp_path: Path) -> None:
    # the digest is due, and an admin's edit broke its template before it ever rendered
    _unreachable_imap(tmp_path)
    config = (tmp_path / "config.toml").read_text()
    (tmp_path / "config.toml").write_text(
        config.replace("[bot]\n", '[bot]\ntemplates = "templates"\n', 1)
    )
    shutil.copytree(SHIPPED_TEMPLATES, tmp_path / "templates")
    digest = tmp_path / "templates" / "de" / "digest.txt.j2"
    digest.write_text(digest.read_text().replace("{% endset %}", "{% endset %}{% if %}", 1))
    result = mailbot("run", "--once", "--now", "2024-11-01T08:00", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "IMAP 127.0.0.1:1: cannot connect: connection refused" in result.stdout
    assert "error: " + str(digest) + ":1:" in result.stdout
    assert "0 messages handled; 0 mails sent" in result.stdout


def test_a_dry_run_shows_what_is_due_and_keeps_nothing(tmp_path: Path) -> None:
    _unreachable_imap(tmp_path)
    for _ in range(2):  # the second run finds the same due: the first kept nothing
        result = mailbot("run", "--once", "--dry-run", "--now", "2024-11-01T08:00", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert result.stdout == "digests queued: 1\n"


def test_inspect_explains_a_message_without_any_config(tmp_path: Path) -> None:
    result = mailbot(
        "inspect", str(DEMO_MAIL / "01-outlook-registration.eml"), "--json", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    explained = json.loads(result.stdout)
    assert explained["kind"] == "registration"
    assert explained["rule"] == "intent:registration"
    assert explained["fields"]["organisation"] == {
        "value": "Stadtverwaltung Quickborn",
        "source": "form",
    }
    assert "Von:" not in explained["new_text"]


def test_inspect_reads_a_bare_yes_as_the_worker_would_in_its_thread(tmp_path: Path) -> None:
    mail = tmp_path / "ja.eml"
    mail.write_bytes(letters.outlook("jan@a.example", "Jan Ott", "anmeldung@example.org", "Ja."))

    def read(*thread: str) -> dict[str, object]:
        result = mailbot("inspect", str(mail), "--json", *thread, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        explained: dict[str, object] = json.loads(result.stdout)
        return explained

    nobody_knows = read()
    assert (nobody_knows["kind"], nobody_knows["read_as"]) == ("unclear", None)
    asked = read("--answers", "clarification")
    assert asked["kind"] == "registration"
    assert asked["read_as"] == "a reply to the bot's clarification from an invited sender"
    assert read("--stranger")["read_as"] == "mail in no thread from a stranger"


def test_inspect_of_a_missing_file_is_one_line(tmp_path: Path) -> None:
    result = mailbot("inspect", "nope.eml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == "mailbot: nope.eml: cannot read: No such file or directory"


def test_csv_export_is_excel_friendly_and_never_a_formula() -> None:
    people = [
        Attendee(
            "anna@a.de",
            "Anna Müller",
            '=HYPERLINK("http://x")',
            None,
            "vegan",
            "de",
            AttendeeStatus.REGISTERED,
            NOW,
            NOW,
        )
    ]
    text = to_csv([attendee_row(p) for p in people], "de", ZoneInfo("Europe/Berlin"))
    assert text.startswith("\ufeffE-Mail;Anrede;Titel;Vorname;Nachname;Name;Organisation;")
    row = text.splitlines()[1].split(";")
    assert row[3:7] == ["Anna", "Müller", "Anna Müller", '"\'=HYPERLINK(""http://x"")"']
    assert row[9] == "angemeldet" and row[11] == "21.10.2024 09:30"  # local time, as written
    assert text.endswith("\r\n")


def test_the_demo_shows_the_whole_loop(tmp_path: Path) -> None:
    result = mailbot("demo", cwd=tmp_path, timeout=60)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "registered  anna.weber@stadt-quickborn.example" in out
    assert "declined    kai.petersen@kreis-pinneberg.example" in out
    assert "ignored   auto-reply   m.schulz@landkreis.example" in out
    assert "jonas.brandt@bezirksamt.example: 'AW: Einladung" in out.split("Left for a human")[1]
    assert "5 messages handled; 3 mails sent" in out


def test_the_demos_servers_hold_their_ports_from_the_moment_they_are_named() -> None:
    """A port probed free and bound later can be taken by another process in between: each
    port the demo writes into its config is already its own, before either server starts."""
    imap, smtp = DemoImapServer(), BoundController(Collect())
    try:
        for port in (imap.port, smtp.port):
            with socket.socket() as rival, pytest.raises(OSError) as taken:
                rival.bind(("127.0.0.1", port))
            assert taken.value.errno == errno.EADDRINUSE
    finally:
        imap.listening.close()
        smtp.listening.close()
        smtp.loop.close()  # made by aiosmtpd's Controller for a start that never came


def test_a_metrics_port_in_use_is_one_line_naming_it(tmp_path: Path) -> None:
    _unreachable_imap(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        config = tmp_path / "config.toml"
        config.write_text(config.read_text() + f"\n[metrics]\nport = {port}\n")
        config.chmod(0o600)  # a config others can read would add its warning line
        result = mailbot("run", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        f"mailbot: [metrics] port {port}: cannot listen on 127.0.0.1: Address already in use\n"
    )
