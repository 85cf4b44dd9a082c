"""The drain on its own: spacing, stopping, and what a refused login does, on a clock of its own.

The conversations through the whole bot (retries, claims, mail never sent twice) are in
``tests/integration/test_wiring.py``; these pin the drain's own rules.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mailbot.config import OutboxSettings
from mailbot.domain.model import Channel, Purpose
from mailbot.errors import SendError, SendLoginError
from mailbot.outbox import drain as drain_module
from mailbot.outbox.drain import DrainReport, drain
from mailbot.store.database import Store
from mailbot.store.records import OutboxMail

NOW = datetime(2024, 10, 18, 12, 0, tzinfo=UTC)


class Stopwatch:
    """The drain's monotonic clock, moved only by its sleeps and by each send (0.1 s): no real
    time passes, so nothing here depends on how fast the machine claims and sends."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.events: list[tuple[str, float]] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.events.append(("wait", seconds))
        self.now += seconds


class CountingChannel:
    """Accepts every mail, taking 0.1 s each; ``refuse_login`` refuses the login at a send."""

    usable = True

    def __init__(self, clock: Stopwatch, refuse_login: bool = False) -> None:
        self.clock = clock
        self.refuse_login = refuse_login

    async def open(self) -> None:
        pass

    async def close(self) -> None:
        pass

    async def deliver(self, mail: OutboxMail) -> None:
        self.clock.events.append(("send", self.clock.now))
        if self.refuse_login:
            raise SendLoginError("SMTP 127.0.0.1:25: login refused for user bot")
        self.clock.now += 0.1


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store.open(f"sqlite:///{tmp_path / 'db.sqlite'}", "werkstatt")
    store.migrate(NOW)
    with store.transaction() as tx:
        for n in range(5):
            tx.queue(f"<m{n}@x>", Purpose.INVITATION, f"p{n}@a.example", b"raw", None, NOW)
    yield store
    store.close()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Stopwatch:
    watch = Stopwatch()
    monkeypatch.setattr(drain_module, "time", watch)
    return watch


def run(
    store: Store,
    clock: Stopwatch,
    *,
    refuse_login: bool = False,
    should_stop: Callable[[], bool] = lambda: False,
    max_per_minute: int | None = None,
    progress: list[tuple[int, int]] | None = None,
) -> DrainReport:
    return asyncio.run(
        drain(
            store,
            {Channel.SMTP: lambda: CountingChannel(clock, refuse_login)},
            OutboxSettings(8, 60),
            lambda: NOW,
            should_stop=should_stop,
            max_per_minute=max_per_minute,
            progress=None if progress is None else lambda d, n: progress.append((d, n)),
            sleep=clock.sleep,
        )
    )


def sends(clock: Stopwatch) -> list[float]:
    return [at for kind, at in clock.events if kind == "send"]


def test_the_throttle_spaces_sends(store: Store, clock: Stopwatch) -> None:
    progress: list[tuple[int, int]] = []
    report = run(store, clock, max_per_minute=120, progress=progress)
    assert len(report.sent) == 5
    # 120 a minute: a wait before every send but the first (the send itself took 0.1 s)
    assert [kind for kind, _ in clock.events] == ["send"] + ["wait", "send"] * 4
    assert [b - a for a, b in itertools.pairwise(sends(clock))] == pytest.approx([0.5] * 4)
    assert progress[0] == (0, 5) and progress[-1] == (5, 5)


def test_without_a_throttle_the_drain_never_waits(store: Store, clock: Stopwatch) -> None:
    assert len(run(store, clock).sent) == 5
    assert [kind for kind, _ in clock.events] == ["send"] * 5


def test_a_stop_request_ends_the_drain_after_the_mail_in_hand(
    store: Store, clock: Stopwatch
) -> None:
    report = run(store, clock, should_stop=lambda: len(sends(clock)) >= 2)
    assert report.sent == ["p0@a.example", "p1@a.example"]
    assert [m.to_address for m in store.due_mail(NOW, 10)] == [f"p{n}@a.example" for n in (2, 3, 4)]


def test_a_refused_login_stops_the_drain_and_blames_no_mail(store: Store, clock: Stopwatch) -> None:
    report = run(store, clock, refuse_login=True)
    assert report.error is not None and "login refused" in report.error
    assert len(sends(clock)) == 1  # nothing more is tried until the config is fixed
    assert report.sent == [] and report.failed == 0 and report.retrying == 0


def test_a_mail_in_hand_at_a_refused_login_goes_out_at_the_next_cycle(
    store: Store, clock: Stopwatch
) -> None:
    run(store, clock, refuse_login=True)
    # released at once, not held for the ten-minute claim of a sender that may still be busy
    due = store.due_mail(NOW, 10)
    assert [m.to_address for m in due] == [f"p{n}@a.example" for n in range(5)]
    assert [m.attempts for m in due] == [0] * 5  # the refusal was no fault of the mail
    report = run(store, clock)
    assert report.sent == [f"p{n}@a.example" for n in range(5)]


def test_a_drain_sends_at_most_its_limit_and_leaves_the_rest_for_the_next(
    store: Store, clock: Stopwatch, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(drain_module, "DRAIN_LIMIT", 3)
    assert len(run(store, clock).sent) == 3
    assert len(run(store, clock).sent) == 2


class Unreachable(CountingChannel):
    """A server that refuses the connection; counts the attempts."""

    attempts = 0

    async def open(self) -> None:
        Unreachable.attempts += 1
        raise SendError("SMTP 127.0.0.1:25: cannot connect: connection refused", temporary=True)


def test_an_unreachable_server_is_tried_once_named_and_blames_no_mail(
    store: Store, clock: Stopwatch
) -> None:
    Unreachable.attempts = 0
    report = asyncio.run(
        drain(store, {Channel.SMTP: lambda: Unreachable(clock)}, OutboxSettings(8, 60), lambda: NOW)
    )
    assert report.error == "SMTP 127.0.0.1:25: cannot connect: connection refused"
    assert Unreachable.attempts == 1 and sends(clock) == []
    assert [m.attempts for m in store.due_mail(NOW, 10)] == [0] * 5  # all due at the next cycle


def test_a_mail_another_sender_took_is_skipped_and_the_rest_still_go_out(
    store: Store, clock: Stopwatch
) -> None:
    second = store.due_mail(NOW, 10)[1]

    class Racing(CountingChannel):
        async def deliver(self, mail: OutboxMail) -> None:
            if mail.to_address == "p0@a.example":  # meanwhile another process claims p1
                assert store.claim([second], NOW)
            await super().deliver(mail)

    report = asyncio.run(
        drain(store, {Channel.SMTP: lambda: Racing(clock)}, OutboxSettings(8, 60), lambda: NOW)
    )
    assert report.sent == ["p0@a.example", "p2@a.example", "p3@a.example", "p4@a.example"]


class Refusing(CountingChannel):
    """Refuses every mail: temporarily (451) unless ``permanent``; ``drops`` loses the
    connection at the first refusal, as a server that hangs up does."""

    def __init__(self, clock: Stopwatch, permanent: bool = False, drops: bool = False) -> None:
        super().__init__(clock)
        self.permanent = permanent
        self.drops = drops
        self.usable = True

    async def deliver(self, mail: OutboxMail) -> None:
        self.clock.events.append(("send", self.clock.now))
        if self.drops:
            self.usable = False
        raise SendError(f"451 busy: {mail.to_address}", temporary=not self.permanent)


def refused(
    store: Store, clock: Stopwatch, at: datetime = NOW, **how: bool
) -> tuple[DrainReport, list[tuple[int, int]]]:
    progress: list[tuple[int, int]] = []
    report = asyncio.run(
        drain(
            store,
            {Channel.SMTP: lambda: Refusing(clock, **how)},
            OutboxSettings(max_attempts=2, retry_seconds=60),
            lambda: at,
            progress=lambda done, due: progress.append((done, due)),
        )
    )
    return report, progress


def test_temporary_refusals_are_retried_until_the_last_attempt_then_failed_for_review(
    store: Store, clock: Stopwatch
) -> None:
    first, progress = refused(store, clock)
    assert (first.retrying, first.failed, progress[-1]) == (5, 0, (5, 5))
    # max_attempts = 2: the second refusal is the last
    second, progress = refused(store, clock, at=NOW + timedelta(hours=1))
    assert (second.retrying, second.failed, progress[-1]) == (0, 5, (5, 5))
    failed = store.failed_sends()
    assert sorted(f.error for f in failed) == [f"451 busy: p{n}@a.example" for n in range(5)]


def test_a_permanent_refusal_is_failed_at_once(store: Store, clock: Stopwatch) -> None:
    report, progress = refused(store, clock, permanent=True)
    assert (report.retrying, report.failed, progress[-1]) == (0, 5, (5, 5))


def test_a_lost_connection_ends_the_drain_and_leaves_the_rest_untouched(
    store: Store, clock: Stopwatch
) -> None:
    report, _ = refused(store, clock, drops=True)
    assert report.error == "451 busy: p0@a.example" and len(sends(clock)) == 1
    assert [m.attempts for m in store.due_mail(NOW, 10)] == [0, 0, 0, 0]  # p1…p4


class Overlapping(CountingChannel):
    """Yields to the other connections while it sends, and notes how many mails are claimed
    and unmarked in the store meanwhile."""

    def __init__(self, clock: Stopwatch, store: Store, seen: list[int]) -> None:
        super().__init__(clock)
        self.store = store
        self.seen = seen

    async def deliver(self, mail: OutboxMail) -> None:
        await asyncio.sleep(0)  # the other connections' mails start meanwhile
        self.seen.append(self.store.outbox_counts().get("sending", 0))
        await super().deliver(mail)


def test_several_connections_send_at_once_with_never_more_claimed_than_connections(
    store: Store, clock: Stopwatch
) -> None:
    seen: list[int] = []
    report = asyncio.run(
        drain(
            store,
            {Channel.SMTP: lambda: Overlapping(clock, store, seen)},
            OutboxSettings(8, 60),
            lambda: NOW,
            connections=3,
        )
    )
    assert sorted(report.sent) == [f"p{n}@a.example" for n in range(5)]
    assert max(seen) == 3 and all(claimed <= 3 for claimed in seen)
    assert store.outbox_counts() == {"sent": 5}  # every accepted mail marked, none left claimed


def test_a_refused_further_connection_leaves_the_drain_with_those_it_has(
    store: Store, clock: Stopwatch
) -> None:
    opened: list[int] = []

    class OnlyOne(CountingChannel):
        async def open(self) -> None:
            if opened:
                raise SendError("SMTP 127.0.0.1:25: too many sessions", temporary=True)
            opened.append(1)

        async def deliver(self, mail: OutboxMail) -> None:
            await asyncio.sleep(0)
            await super().deliver(mail)

    report = asyncio.run(
        drain(
            store,
            {Channel.SMTP: lambda: OnlyOne(clock)},
            OutboxSettings(8, 60),
            lambda: NOW,
            connections=4,
        )
    )
    assert report.error is None and len(report.sent) == 5
    assert store.outbox_counts() == {"sent": 5}
