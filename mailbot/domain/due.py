"""What is due at a given moment: reminders and the daily digest. Pure, over the config's clock.

Every moment is computed in the event's time zone and compared in UTC, so the switch to and
from daylight-saving time moves nothing: a reminder at 09:00 is at 09:00 local on that day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from mailbot.config import Config, EventSettings


@dataclass(frozen=True)
class Reminder:
    before: timedelta  # how long before the start, as configured
    due_at: datetime

    @property
    def key(self) -> str:
        """Stable name of this reminder, for "sent at most once"."""
        return f"{int(self.before.total_seconds())}s"


def reminder_due_at(starts: datetime, before: timedelta, at: time, zone: ZoneInfo) -> datetime:
    """Whole days before: that day at ``at`` local time; otherwise exactly ``before`` earlier."""
    if before % timedelta(days=1) == timedelta(0):
        day = starts.astimezone(zone).date() - before
        return datetime.combine(day, at, tzinfo=zone)
    return starts - before


def reminders(config: Config, event: EventSettings) -> list[Reminder]:
    return [
        Reminder(
            before, reminder_due_at(event.starts, before, event.reminder_time, config.bot.timezone)
        )
        for before in event.reminders
    ]


def due_reminders(config: Config, event: EventSettings, now: datetime) -> list[Reminder]:
    """The reminder whose time has come last, as long as the event has not begun.

    A worker that was down catches up with the nearest reminder only: after a week away, the
    day-before reminder goes out, not the week-before one as well the same morning.
    """
    if now >= event.starts:
        return []
    due = [reminder for reminder in reminders(config, event) if reminder.due_at <= now]
    return [max(due, key=lambda reminder: reminder.due_at)] if due else []


def digest_day(config: Config, now: datetime) -> date | None:
    """The local day whose digest is due now: from ``[digest] time`` on; None before."""
    local = now.astimezone(config.bot.timezone)
    return local.date() if local.time() >= config.digest_time else None


def retention_over(event: EventSettings, now: datetime) -> bool:
    """``retain_days`` after the event ended: personal data goes, and nothing more is sent."""
    return event.retain_days is not None and now >= event.ends + timedelta(days=event.retain_days)
