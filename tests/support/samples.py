"""Sample values shared by the test tiers: the documented config, a fixed moment, plain mail."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from mailbot.config import Config, load_config
from mailbot.domain.model import Attendee, AttendeeStatus, Understanding
from mailbot.understand.classify import Context, classify
from mailbot.understand.parse import parse
from mailbot.understand.phrases import Phrases

SAMPLE = Path(__file__).parent.parent.parent / "config.toml"
NOW = datetime(2024, 10, 21, 7, 30, tzinfo=UTC)
BOT = "anmeldung@example.org"
CONTEXT = Context(BOT, "de", Phrases.load())


def sample_config() -> Config:
    return load_config(SAMPLE)


def with_change(table: str, key: str, value: str | None) -> str:
    """The sample config with one key changed (value None: removed)."""
    lines, current = [], ""
    for line in SAMPLE.read_text().splitlines():
        if line.startswith("["):
            current = line.strip("[]")
        if current == table and line.split("=")[0].strip() == key:
            if value is not None:
                lines.append(f"{key} = {value}")
            continue
        lines.append(line)
        if value is not None and line == f"[{table}]" and f"\n{key} =" not in SAMPLE.read_text():
            lines.append(f"{key} = {value}")
    return "\n".join(lines) + "\n"


def plain(
    body: str,
    *,
    subject: str = "AW: Einladung",
    sender: str = "Anna Weber <anna@a.de>",
    headers: str = "",
) -> bytes:
    """A plain-text reply as a minimal client writes it."""
    return (
        f"From: {sender}\r\nTo: {BOT}\r\nSubject: {subject}\r\nMessage-ID: <m1@a.de>\r\n"
        f"{headers}Content-Type: text/plain; charset=utf-8\r\n\r\n{body}"
    ).encode()


def understand(raw: bytes) -> Understanding:
    return classify(parse(raw), CONTEXT)


def person(status: AttendeeStatus, name: str | None = "Anna Weber", at: datetime = NOW) -> Attendee:
    return Attendee("anna@a.de", name, None, None, None, "de", status, at, at)
