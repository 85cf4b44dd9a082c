"""The event as an iCalendar file, so one click puts it into Outlook, Apple or Google calendars.

METHOD:PUBLISH (REQUEST for invitations, where the config asks) with a UID that stays the same
for the event, the VTIMEZONE of the event's zone
(Europe/Berlin), location and organizer. A change of time or place is announced with the same
UID and a higher SEQUENCE, which calendar programs read as an update. Pure.

The calendar is built once per event and SEQUENCE (its VTIMEZONE alone took a third of the time
of answering a registration); each mail gets that text with its own DTSTAMP.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime

import icalendar

from mailbot.config import Config, EventSettings

_STAMP_HOLDER = datetime(1970, 1, 1, tzinfo=UTC)
_STAMP_LINE = b"DTSTAMP:19700101T000000Z"


def event_uid(config: Config, event: EventSettings) -> str:
    return f"{event.id}@{config.bot.address.rsplit('@', 1)[-1]}"


def event_calendar(
    config: Config, event: EventSettings, sequence: int, now: datetime, method: str = "PUBLISH"
) -> bytes:
    bot = config.bot
    text = _calendar(
        event_uid(config, event),
        sequence,
        method,
        event.starts,
        event.ends,
        event.title,
        event.location,
        bot.address,
        bot.name,
    )
    stamp = now.astimezone(UTC).strftime("DTSTAMP:%Y%m%dT%H%M%SZ").encode()
    return text.replace(_STAMP_LINE, stamp, 1)


@functools.lru_cache(maxsize=16)
def _calendar(
    uid: str,
    sequence: int,
    method: str,
    starts: datetime,
    ends: datetime,
    title: str,
    location: str,
    address: str,
    name: str,
) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//mailbot//event registration by mail//DE")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    entry = icalendar.Event()
    entry.add("uid", uid)
    entry.add("sequence", sequence)
    entry.add("dtstamp", _STAMP_HOLDER)
    entry.add("dtstart", starts)
    entry.add("dtend", ends)
    entry.add("summary", title)
    entry.add("location", location)
    entry.add("status", "CONFIRMED")
    organizer = icalendar.vCalAddress(f"mailto:{address}")
    organizer.params["cn"] = icalendar.vText(name)
    entry["organizer"] = organizer
    calendar.add_component(entry)
    calendar.add_missing_timezones()
    text = bytes(calendar.to_ical())
    assert text.count(_STAMP_LINE) == 1  # the line each mail's own DTSTAMP replaces
    return text
