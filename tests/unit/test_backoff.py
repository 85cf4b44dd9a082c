"""Waiting after failures: doubling, capped, and spread by jitter so retries do not bunch."""

from __future__ import annotations

import random
from datetime import timedelta

from mailbot.mail.backoff import Backoff
from mailbot.outbox.drain import retry_delay
from tests.support.samples import NOW


class Middle(random.Random):
    """No jitter: the middle of every range."""

    def uniform(self, a: float, b: float) -> float:
        return (a + b) / 2


def test_a_failed_send_waits_twice_as_long_each_time_up_to_an_hour() -> None:
    waits = [retry_delay(attempt, 60, Middle()).total_seconds() for attempt in range(1, 9)]
    assert waits == [60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_retries_of_many_mails_spread_within_a_fifth_either_way() -> None:
    rng = random.Random(4711)
    waits = [retry_delay(3, 60, rng).total_seconds() for _ in range(200)]
    assert all(0.8 * 240 <= wait <= 1.2 * 240 for wait in waits)
    assert min(waits) < 0.85 * 240 and max(waits) > 1.15 * 240  # spread, not one moment


def test_a_server_that_is_down_is_tried_after_doubling_waits_up_to_five_minutes() -> None:
    backoff = Backoff(timedelta(seconds=60), rng=Middle())
    waits = [backoff.failed(NOW).total_seconds() for _ in range(5)]
    assert waits == [60, 120, 240, 300, 300]
    assert not backoff.ready(NOW + timedelta(seconds=299))
    assert backoff.ready(NOW + timedelta(seconds=300))
    backoff.succeeded()
    assert backoff.ready(NOW) and backoff.failed(NOW) == timedelta(seconds=60)


def test_reconnects_are_spread_by_jitter() -> None:
    waits = set()
    for seed in range(50):
        backoff = Backoff(timedelta(seconds=60), rng=random.Random(seed))
        wait = backoff.failed(NOW).total_seconds()
        assert 48 <= wait <= 72
        waits.add(round(wait))
    assert len(waits) > 10
