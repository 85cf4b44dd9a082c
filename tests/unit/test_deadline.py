"""No single message can stall the queue: parsing and classifying have a time limit."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from mailbot.app import App
from mailbot.domain.model import Outcome
from mailbot.jobs.time_limit import MessageTimeoutError, time_limit
from mailbot.store.records import Location
from tests.support.samples import sample_config


def test_a_runaway_computation_is_stopped() -> None:
    with pytest.raises(MessageTimeoutError, match=r"took longer than 0\.05 s"), time_limit(0.05):
        while True:
            pass


def test_a_message_over_its_time_is_left_for_a_human(tmp_path: Path) -> None:
    config = sample_config()
    config = dataclasses.replace(
        config,
        bot=dataclasses.replace(
            config.bot, database=f"sqlite:///{tmp_path / 'db.sqlite'}", message_time_limit=0.01
        ),
    )
    slow = (
        b"From: f@x.example\r\nSubject: " + b"Zusage " * 300_000 + b"\r\n\r\nIch bin dabei.\r\n"
    )  # a 2 MB subject takes a while to read
    with App.build(config) as app:
        with app.store.transaction() as tx:
            handled = app.handler().handle(tx, Location("INBOX", 1, 1), slow)
        assert handled.outcome is Outcome.FAILED
        assert "took longer than 0.01 s" in handled.reason
        (item,) = app.store.review_items()
        assert "took longer" in item.reason
