"""Which event a message is about, when one inbox serves several: never a guess."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from mailbot.config import EventSettings
from mailbot.domain.model import ReplyKind
from mailbot.domain.routing import choose_event
from tests.support.samples import sample_config

NOW = datetime(2024, 10, 21, 8, 0, tzinfo=UTC)
BASE = sample_config().event
NORD = dataclasses.replace(BASE, id="nord", title="Zukunftswerkstatt Nord")
SUED = dataclasses.replace(
    BASE,
    id="sued",
    title="Zukunftswerkstatt Süd",
    starts=BASE.starts.replace(month=12, day=5),
    ends=BASE.ends.replace(month=12, day=5),
)


def route(
    text: str,
    *,
    events: tuple[EventSettings, ...] = (NORD, SUED),
    thread: frozenset[str] = frozenset(),
    holding: frozenset[str] = frozenset(),
    kind: ReplyKind = ReplyKind.REGISTRATION,
    subject: str = "Anmeldung",
    now: datetime = NOW,
) -> str | None:
    routed = choose_event(
        events, thread=thread, holding=holding, kind=kind, subject=subject, text=text, now=now
    )
    return ("ask" if routed.ask else None) if routed.event is None else routed.event.id


def test_the_thread_decides_first() -> None:
    assert route("Ich bin dabei, Süd!", thread=frozenset({"nord"})) == "nord"


def test_one_event_is_always_the_event() -> None:
    assert route("Ich bin dabei.", events=(NORD,)) == "nord"
    assert route("Ich bin dabei.", events=(NORD,), now=NORD.ends) == "nord"  # then: "closed"


def test_a_message_that_names_one_event_by_title_or_date_belongs_to_it() -> None:
    assert route("Gern zur Zukunftswerkstatt Süd.") == "sued"
    assert route("Ich komme am 5.12.2024.") == "sued"
    assert route("Ich komme am 14. November.") == "nord"
    assert route("Zukunftswerkstatt") == "ask"  # both titles begin so: names neither


def test_several_open_and_none_named_is_asked_and_none_open_is_for_a_human() -> None:
    assert route("Ich melde mich an.") == "ask"
    after_nord = NORD.starts.replace(day=15)
    assert route("Ich melde mich an.", now=after_nord) == "sued"  # the only one still open
    assert route("Ich melde mich an.", now=SUED.ends) is None


def test_a_cancellation_goes_to_the_one_event_the_sender_holds_a_place_in() -> None:
    cancel = ReplyKind.CANCELLATION
    assert route("Ich muss absagen.", kind=cancel, holding=frozenset({"sued"})) == "sued"
    assert route("Ich muss absagen.", kind=cancel, holding=frozenset({"nord", "sued"})) == "ask"
