"""When reminders and the digest are due, in Europe/Berlin, across daylight-saving switches."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from mailbot.domain.due import digest_day, due_reminders, reminder_due_at
from tests.support.samples import sample_config

BERLIN = ZoneInfo("Europe/Berlin")


def test_a_reminder_due_on_the_day_of_the_october_switch_is_at_nine_local() -> None:
    starts = datetime(2024, 10, 28, 9, 30, tzinfo=BERLIN)  # the day after summer time ends
    due = reminder_due_at(starts, timedelta(days=1), time(9, 0), BERLIN)
    assert due.astimezone(UTC) == datetime(2024, 10, 27, 8, 0, tzinfo=UTC)  # CET, UTC+1
    week = reminder_due_at(starts, timedelta(days=7), time(9, 0), BERLIN)
    assert week.astimezone(UTC) == datetime(2024, 10, 21, 7, 0, tzinfo=UTC)  # CEST, UTC+2


def test_a_reminder_in_hours_is_exactly_that_much_earlier() -> None:
    starts = datetime(2024, 3, 31, 9, 30, tzinfo=BERLIN)  # the morning summer time begins
    due = reminder_due_at(starts, timedelta(hours=8), time(9, 0), BERLIN)
    assert starts - due == timedelta(hours=8)


def test_late_reminders_are_due_until_the_event_begins() -> None:
    base = sample_config()
    config = dataclasses.replace(
        base,
        events=(dataclasses.replace(base.event, reminders=(timedelta(days=7), timedelta(days=1))),),
    )
    assert due_reminders(config, config.event, datetime(2024, 11, 7, 7, 59, tzinfo=UTC)) == []
    assert len(due_reminders(config, config.event, datetime(2024, 11, 7, 8, 0, tzinfo=UTC))) == 1
    # after downtime only the nearest reminder is due: never the week's and the day's together
    (nearest,) = due_reminders(config, config.event, datetime(2024, 11, 14, 8, 0, tzinfo=UTC))
    assert nearest.before == min(config.event.reminders)
    begun = datetime(2024, 11, 14, 8, 30, tzinfo=UTC)
    assert due_reminders(config, config.event, begun) == []


def test_the_digest_day_starts_at_the_local_digest_time() -> None:
    config = sample_config()
    assert digest_day(config, datetime(2024, 11, 7, 5, 59, tzinfo=UTC)) is None
    assert str(digest_day(config, datetime(2024, 11, 7, 6, 0, tzinfo=UTC))) == "2024-11-07"
