"""Which event a message is about, when one inbox serves several events. Pure.

The rules, first hit wins: the event of the bot's mail the message answers (its
In-Reply-To/References); the only event configured; the one event the message names by title or
date; for a cancellation, the one event the sender holds a place in; the only event open for
registration. Otherwise nothing is guessed: with several events open the sender is asked which
one, with none open a human decides.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from mailbot.config import EventSettings
from mailbot.domain.model import ReplyKind

_MONTHS_DE = [
    "januar",
    "februar",
    "märz",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "dezember",
]


@dataclass(frozen=True)
class Routed:
    event: EventSettings | None
    rule: str  # the rule that decided, kept with the message's reason
    ask: bool = False  # several events are open and the message names none: ask which


def _words(text: str) -> str:
    return " " + re.sub(r"\s+", " ", text.casefold()) + " "


def _names(event: EventSettings, text: str) -> bool:
    """The title, or the day of the event written as people write dates."""
    if _words(event.title).strip() in text:
        return True
    day = event.starts
    dates = (
        f"{day:%d.%m.%Y}",
        f"{day.day}.{day.month}.{day.year}",
        f"{day:%d.%m.}",
        f"{day.day}.{day.month}.",
        f"{day:%Y-%m-%d}",
        f"{day.day}. {_MONTHS_DE[day.month - 1]}",
        f"{day:%B} {day.day}".casefold(),
        f"{day.day} {day:%B}".casefold(),
    )
    return any(re.search(rf"(?<![\d.]){re.escape(d)}(?!\d)", text) for d in dates)


def named_events(events: Sequence[EventSettings], subject: str, text: str) -> list[EventSettings]:
    words = _words(f"{subject}\n{text}")
    return [event for event in events if _names(event, words)]


def choose_event(
    events: Sequence[EventSettings],
    *,
    thread: frozenset[str],
    holding: frozenset[str],
    kind: ReplyKind,
    subject: str,
    text: str,
    now: datetime,
) -> Routed:
    answered = [event for event in events if event.id in thread]
    if len(answered) == 1:
        return Routed(answered[0], f"answers the bot's mail about {answered[0].id}")
    if len(answered) > 1:
        return Routed(None, "answers the bot's mail about several events")
    if len(events) == 1:
        return Routed(events[0], "the only event")
    named = named_events(events, subject, text)
    if len(named) == 1:
        return Routed(named[0], f"names {named[0].id}")
    if kind is ReplyKind.CANCELLATION:
        held = [event for event in events if event.id in holding]
        if len(held) == 1:
            return Routed(held[0], f"cancels the one place held, in {held[0].id}")
    open_now = [event for event in events if event.open_for_registration(now)]
    if len(open_now) == 1:
        return Routed(open_now[0], f"the only event open for registration: {open_now[0].id}")
    if not open_now:
        return Routed(None, "no event is open for registration and the message names none")
    return Routed(None, "several events are open and the message names none of them", ask=True)
