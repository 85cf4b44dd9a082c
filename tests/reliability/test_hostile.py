"""Hostile and broken input, secrets and TLS: each message is acted on or left for a human, the
worker never crashes, memory stays bounded, and no password ever appears in any output."""

from __future__ import annotations

import json
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from mailbot.understand.classify import Context, classify
from mailbot.understand.parse import parse
from mailbot.understand.phrases import Phrases
from tests.support import letters
from tests.support.bot import Bot
from tests.support.figures import FIGURES
from tests.support.mailservers import MailServers
from tests.support.ports import listening_socket, refused_port

pytestmark = [pytest.mark.mailservers, pytest.mark.reliability]


def malformed(bot: str) -> dict[str, bytes]:
    nested = b"".join(
        b"Content-Type: multipart/mixed; boundary=b%d\r\n\r\n--b%d\r\n" % (i, i) for i in range(100)
    )
    return {
        "no headers at all": b"Ich melde mich an.\r\n",
        "duplicate From": (
            b"From: a@x.example\r\nFrom: b@y.example\r\nSubject: Zusage\r\n\r\nIch bin dabei.\r\n"
        ),
        "wrong boundary": (
            b"From: c@x.example\r\nSubject: x\r\nContent-Type: multipart/mixed; "
            b"boundary=AAA\r\n\r\n--BBB\r\nContent-Type: text/plain\r\n\r\nJa\r\n"
        ),
        "100 nested multiparts": b"From: d@x.example\r\nSubject: tief\r\n" + nested + b"Ja\r\n",
        "unknown charset": (
            b"From: e@x.example\r\nSubject: =?klingon?q?Zusage?=\r\n"
            b"Content-Type: text/plain; charset=klingon\r\n\r\n"
            b"Ich bin dabei\xff\r\n"
        ),
        "10,000 recipients": (
            b"From: f@x.example\r\nSubject: Zusage\r\nTo: "
            + b", ".join(b"r%d@z.example" % n for n in range(10_000))
            + b"\r\n\r\nIch bin dabei.\r\n"
        ),
        "1 MB header line": (
            b"From: g@x.example\r\nSubject: " + b"A" * 1_000_000 + b"\r\n\r\nIch bin dabei.\r\n"
        ),
        "encoded CR/LF in From": (
            b"From: =?utf-8?q?Eve=0D=0ABcc=3A_x=40evil=2Eexample?= "
            b"<h@x.example>\r\nSubject: Zusage\r\n\r\nIch bin dabei.\r\n"
        ),
        "non-UTF-8 address": (
            b"From: J\xf6rg <j\xf6rg@x.example>\r\nSubject: Zusage\r\n\r\nIch bin dabei.\r\n"
        ),
        "template syntax in a name": letters.gmail(
            "k@x.example", "{{ bot.__class__ }}", bot, "Ich bin dabei.\n\nName: {% for x in y %}"
        ),
        "script in the organisation": letters.gmail(
            "l@x.example", "Lena", bot, "Ich bin dabei.\n\nOrganisation: <script>alert(1)</script>"
        ),
        "base64 garbage": (
            b"From: m@x.example\r\nSubject: x\r\nContent-Transfer-Encoding: "
            b"base64\r\n\r\n!!!not base64!!!\r\n"
        ),
    }


def run_measured(bot: Bot) -> tuple[subprocess.CompletedProcess[str], int]:
    """`mailbot run --once` in a child that reports its own peak memory (kB).

    VmHWM, not getrusage: on Linux ru_maxrss survives exec and would report the parent's peak.
    """
    code = (
        "import re, sys\nfrom mailbot.cli.main import main\n"
        f"sys.argv = ['mailbot', '--config', {str(bot.config_path)!r}, 'run', '--once']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "status = open('/proc/self/status').read()\n"
        "print('peak-rss-kb', re.search(r'VmHWM:\\s+(\\d+)', status).group(1))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=600
    )
    peak = int(result.stdout.rsplit("peak-rss-kb", 1)[1].split()[0])
    return result, peak


def test_malformed_mail_is_acted_on_or_reviewed_and_never_crashes(
    mail_servers: MailServers, tmp_path: Path, unique: str
) -> None:
    bot = Bot.create(mail_servers, tmp_path, f"anmeldung-{unique}@example.test")
    cases = malformed(bot.address)
    with mail_servers.imap(bot.address) as client:
        for raw in cases.values():
            client.append("INBOX", raw)
    result, _ = run_measured(bot)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{len(cases)} messages handled" in result.stdout
    lines = [
        line
        for line in result.stdout.splitlines()
        if line[:6] in ("acted ", "review", "ignore", "failed")
    ]
    assert len(lines) == len(cases)
    exported = json.loads(bot.cli("export", "--format", "json").stdout)
    assert all("\n" not in (p["name"] or "") for p in exported)
    FIGURES["hostile: malformed messages survived / total"] = f"{len(lines)} / {len(cases)}"
    context = Context(bot.address, "de", Phrases.load())
    slowest = 0.0
    for raw in cases.values():
        began = time.perf_counter()
        classify(parse(raw), context)
        slowest = max(slowest, time.perf_counter() - began)
    FIGURES["hostile: slowest malformed message to parse and classify"] = f"{slowest:.2f} s"


def test_a_50_mb_message_is_never_held_in_memory(
    mail_servers: MailServers, tmp_path: Path, unique: str
) -> None:
    bot = Bot.create(mail_servers, tmp_path, f"anmeldung-{unique}@example.test")
    with mail_servers.imap(bot.address) as client:  # the same cycle with a small message
        client.append(
            "INBOX", letters.gmail(f"small.{unique}@example.test", "S", bot.address, "Ja")
        )
    _, baseline_kb = run_measured(bot)
    attachment = b"A" * (50 * 1024 * 1024)
    big = letters.with_vcard(
        f"big.{unique}@example.test",
        "Big Mail",
        bot.address,
        "Ich melde mich an, Unterlagen anbei.",
        {"name": "Big Mail"},
    )
    big = big.replace(b"END:VCARD", b"NOTE:" + attachment[:10] + b"\r\nEND:VCARD")
    raw = big + b"\r\n" + attachment  # an attachment-sized tail, as a scan would add
    with mail_servers.imap(bot.address) as client:
        client.append("INBOX", raw)
    result, peak_kb = run_measured(bot)
    assert result.returncode == 0, result.stderr
    assert "too large to read" in result.stdout
    review = json.loads(bot.cli("review", "list", "--format", "json").stdout)["messages"]
    assert f"big.{unique}@example.test" in [m["sender"] for m in review]
    # read by its header only: the peak grows by far less than the message's 50 MB
    assert peak_kb - baseline_kb < 20 * 1024, (baseline_kb, peak_kb)
    FIGURES["hostile: peak memory with a 50 MB message"] = (
        f"{peak_kb / 1024:.0f} MB ({(peak_kb - baseline_kb) / 1024:+.0f} MB on a small one)"
    )


@pytest.fixture
def self_signed_tls_port(tmp_path: Path) -> Iterator[int]:
    """A TLS server with a self-signed certificate, as a misconfigured mail server has."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = listening_socket()
    port = int(server.getsockname()[1])
    server.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            try:
                with context.wrap_socket(conn, server_side=True) as tls:
                    tls.sendall(b"* OK ready\r\n")
            except (ssl.SSLError, OSError):
                conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield port
    stop.set()
    thread.join()
    server.close()


def test_a_self_signed_certificate_is_refused_with_a_clear_message(
    mail_servers: MailServers, tmp_path: Path, unique: str, self_signed_tls_port: int
) -> None:
    bot = Bot.create(mail_servers, tmp_path, f"anmeldung-{unique}@example.test")
    config = bot.config_path.read_text()
    bot.config_path.write_text(
        config.replace(
            f'port = {mail_servers.imap_port}\nsecurity = "none"',
            f'port = {self_signed_tls_port}\nsecurity = "tls"',
        )
    )
    result = bot.cli("doctor")
    imap_line = next(line for line in result.stdout.splitlines() if " imap " in line)
    assert imap_line.startswith("FAIL") and "TLS certificate not trusted" in imap_line
    assert "verify_tls = false" in imap_line


@pytest.fixture
def dead_smtp_port() -> Iterator[int]:
    with refused_port() as port:
        yield port


def test_no_password_appears_in_any_output(
    mail_servers: MailServers, tmp_path: Path, unique: str, dead_smtp_port: int
) -> None:
    secret = "S3cr3t-Passw0rd-4711"
    bot = Bot.create(
        mail_servers, tmp_path, f"anmeldung-{unique}@example.test", smtp_port=dead_smtp_port
    )
    (tmp_path / "imap.pass").write_text(secret)
    config = bot.config_path.read_text().replace(
        'security = "none"\ntimeout_seconds',
        f'security = "none"\nusername = "bot"\npassword = "{secret}"\ntimeout_seconds',
        1,
    )
    bot.config_path.write_text(config)
    outputs = []
    for command in (
        ["doctor"],
        ["run", "--once"],
        ["--debug", "run", "--once"],
        ["status"],
        ["review", "list"],
        ["export", "--format", "json"],
        ["show", "x@y.z"],
    ):
        result = bot.cli(*command)
        outputs.append(result.stdout + result.stderr)
    everything = "\n".join(outputs)
    assert "login refused" in everything  # the commands did talk to the servers
    assert secret not in everything
    FIGURES["secrets: outputs checked, passwords found"] = f"{len(outputs)}, 0"
