"""The event's calendar is built once per event and SEQUENCE; each mail stamps its own DTSTAMP."""

from __future__ import annotations

from datetime import timedelta

import icalendar

from mailbot.compose.ics import event_calendar
from tests.support.samples import NOW, sample_config


def test_each_mail_carries_its_own_stamp_on_the_same_calendar() -> None:
    config = sample_config()
    first = event_calendar(config, config.event, 0, NOW)
    later = event_calendar(config, config.event, 0, NOW + timedelta(hours=2, seconds=5))

    stamps = [
        icalendar.Calendar.from_ical(c).walk("VEVENT")[0]["DTSTAMP"].dt for c in (first, later)
    ]
    assert stamps == [NOW, NOW + timedelta(hours=2, seconds=5)]
    assert first.replace(b"20241021T073000Z", b"20241021T093005Z") == later
    assert b"BEGIN:VTIMEZONE" in first and b"TZID:Europe/Berlin" in first


def test_a_change_announced_with_a_higher_sequence_is_a_new_calendar() -> None:
    config = sample_config()
    update = icalendar.Calendar.from_ical(
        event_calendar(config, config.event, 1, NOW, method="REQUEST")
    )
    assert update["METHOD"] == "REQUEST"
    assert update.walk("VEVENT")[0]["SEQUENCE"] == 1
