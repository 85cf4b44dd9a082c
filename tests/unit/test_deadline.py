"""No single message can stall the queue: parsing and classifying have a time limit.

The slow message is one whose reading never ends, so the limit must fire however fast the
machine is."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pytest

from mailbot.app import App
from mailbot.domain.model import Outcome
from mailbot.jobs import handle as handle_module
from mailbot.jobs.time_limit import MessageTimeoutError, time_limit
from mailbot.store.records import Location
from tests.support.samples import sample_config


def test_a_runaway_computation_is_stopped() -> None:
    with pytest.raises(MessageTimeoutError, match=r"took longer than 0\.05 s"), time_limit(0.05):
        while True:
            pass


def test_a_message_over_its_time_is_left_for_a_human(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = sample_config()
    config = dataclasses.replace(
        config,
        bot=dataclasses.replace(
            config.bot, database=f"sqlite:///{tmp_path / 'db.sqlite'}", message_time_limit=0.01
        ),
    )

    def never_done(*_args: object) -> None:
        """A message the rules would read forever (given up after a minute, so that a bot
        without the limit fails this test instead of hanging it)."""
        give_up = time.monotonic() + 60
        while time.monotonic() < give_up:
            pass
        raise AssertionError("the time limit never fired")

    monkeypatch.setattr(handle_module, "classify", never_done)
    message = b"From: f@x.example\r\nSubject: Zusage\r\n\r\nIch bin dabei.\r\n"
    with App.build(config) as app:
        with app.store.transaction() as tx:
            handled = app.handler().handle(tx, Location("INBOX", 1, 1), message)
        assert handled.outcome is Outcome.FAILED
        assert "took longer than 0.01 s" in handled.reason
        (item,) = app.store.review_items()
        assert "took longer" in item.reason
