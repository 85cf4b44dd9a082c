"""The organizer's invitation list as Excel and people write it, and the send throttle."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

from mailbot.config import OutboxSettings
from mailbot.domain.model import Channel, Purpose
from mailbot.jobs.invitations import read_list
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


class CountingChannel:
    """Accepts every mail; enough to see how the drain spaces its sends."""

    usable = True

    async def open(self) -> None:
        pass

    async def close(self) -> None:
        pass

    async def deliver(self, mail: OutboxMail) -> None:
        pass


def test_the_throttle_spaces_sends(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'db.sqlite'}", "werkstatt")
    store.migrate(NOW)
    with store.transaction() as tx:
        for n in range(5):
            tx.queue(f"<m{n}@x>", Purpose.INVITATION, f"p{n}@a.example", b"raw", None, NOW)
    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)

    progress: list[tuple[int, int]] = []
    report = asyncio.run(
        drain(
            store,
            {Channel.SMTP: CountingChannel},
            OutboxSettings(8, 60),
            lambda: NOW,
            max_per_minute=120,
            progress=lambda done, due: progress.append((done, due)),
            sleep=record,
        )
    )
    store.close()
    assert len(report.sent) == 5
    assert len(waits) == 4 and all(0.45 < wait <= 0.5 for wait in waits)  # 120/min: 0.5 s apart
    assert progress[0] == (0, 5) and progress[-1] == (5, 5)
