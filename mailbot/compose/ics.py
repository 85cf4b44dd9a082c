"""The event as an iCalendar file, so one click puts it into Outlook, Apple or Google calendars.

METHOD:PUBLISH (REQUEST for invitations, where the config asks) with a UID that stays the same
for the event, the VTIMEZONE of the event's zone
(Europe/Berlin), location and organizer. A change of time or place is announced with the same
UID and a higher SEQUENCE, which calendar programs read as an update. Pure.
"""

from __future__ import annotations

from datetime import datetime

import icalendar

from mailbot.config import Config, EventSettings


def event_uid(config: Config, event: EventSettings) -> str:
    return f"{event.id}@{config.bot.address.rsplit('@', 1)[-1]}"


def event_calendar(
    config: Config, event: EventSettings, sequence: int, now: datetime, method: str = "PUBLISH"
) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//mailbot//event registration by mail//DE")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    entry = icalendar.Event()
    entry.add("uid", event_uid(config, event))
    entry.add("sequence", sequence)
    entry.add("dtstamp", now)
    entry.add("dtstart", event.starts)
    entry.add("dtend", event.ends)
    entry.add("summary", event.title)
    entry.add("location", event.location)
    entry.add("status", "CONFIRMED")
    organizer = icalendar.vCalAddress(f"mailto:{config.bot.address}")
    organizer.params["cn"] = icalendar.vText(config.bot.name)
    entry["organizer"] = organizer
    calendar.add_component(entry)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())
