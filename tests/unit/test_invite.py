"""The organizer's invitation list as Excel and people write it, and the send throttle."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mailbot.config import OutboxSettings
from mailbot.domain.model import Channel, Purpose
from mailbot.jobs.invitations import read_list
from mailbot.outbox import drain as drain_module
from mailbot.outbox.drain import drain
from mailbot.store.database import Store
from mailbot.store.records import OutboxMail

NOW = datetime(2024, 10, 18, 12, 0, tzinfo=UTC)


def test_an_excel_list_in_windows_1252_with_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "einladungen.csv"
    path.write_bytes(
        "E-Mail;Name;Behörde;Sprache;Anrede\r\n"
        "anna.weber@stadt.example;Dr. Anna Weber;Stadt Quickborn;de;Frau\r\n"
        "grace@council.example;Grace Miller;City Council;en;\r\n"
        "kein-at-zeichen.example;Kaputt;;;\r\n"
        "anna.weber@stadt.example;doppelt;;;\r\n"
        "Jörg@Gemeinde.EXAMPLE;Jörg Groß;Gemeinde;fr;Herr\r\n".encode("cp1252")
    )
    listing = read_list(path, "de")
    assert [(p.email, p.name, p.organisation, p.language, p.extra) for p in listing.people] == [
        (
            "anna.weber@stadt.example",
            "Dr. Anna Weber",
            "Stadt Quickborn",
            "de",
            {"salutation": "Frau"},
        ),
        ("grace@council.example", "Grace Miller", "City Council", "en", {"salutation": ""}),
    ]
    assert listing.invalid == [
        (4, "not an email address: kein-at-zeichen.example"),
        (5, "anna.weber@stadt.example is on the list twice"),
        (6, "not an email address: jörg@gemeinde.example"),
    ]


def test_a_utf8_list_with_commas_and_extra_columns(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text(
        "\ufeffemail,name,organisation,workshop\n"
        "kai@kreis.example,Kai Petersen,Kreis Pinneberg,Vormittag\n",
        encoding="utf-8",
    )
    (kai,) = read_list(path, "de").people
    assert kai.extra == {"workshop": "Vormittag"} and kai.language == "de"


class Stopwatch:
    """The drain's monotonic clock, moved only by the drain's own sleeps: no real time passes,
    so what the test sees does not depend on how fast the machine claims and sends."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.events: list[tuple[str, float]] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.events.append(("wait", seconds))
        self.now += seconds


class CountingChannel:
    """Accepts every mail and notes the moment it did."""

    usable = True

    def __init__(self, clock: Stopwatch) -> None:
        self.clock = clock

    async def open(self) -> None:
        pass

    async def close(self) -> None:
        pass

    async def deliver(self, mail: OutboxMail) -> None:
        self.clock.events.append(("send", self.clock.now))


def test_the_throttle_spaces_sends(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'db.sqlite'}", "werkstatt")
    store.migrate(NOW)
    with store.transaction() as tx:
        for n in range(5):
            tx.queue(f"<m{n}@x>", Purpose.INVITATION, f"p{n}@a.example", b"raw", None, NOW)
    clock = Stopwatch()
    monkeypatch.setattr(drain_module, "time", clock)

    progress: list[tuple[int, int]] = []
    report = asyncio.run(
        drain(
            store,
            {Channel.SMTP: lambda: CountingChannel(clock)},
            OutboxSettings(8, 60),
            lambda: NOW,
            max_per_minute=120,
            progress=lambda done, due: progress.append((done, due)),
            sleep=clock.sleep,
        )
    )
    store.close()
    assert len(report.sent) == 5
    # 120 a minute: a wait before every send but the first, and sends 0.5 s apart
    assert [kind for kind, _ in clock.events] == ["send"] + ["wait", "send"] * 4
    sends = [at for kind, at in clock.events if kind == "send"]
    assert [b - a for a, b in itertools.pairwise(sends)] == [0.5] * 4
    assert progress[0] == (0, 5) and progress[-1] == (5, 5)
