"""``mailbot run``: one APScheduler drives polling, planning (reminders, waiting-list offers,
the digest, the retention purge) and sending.

No job overlaps itself (max_instances=1, coalesce), and each derives what to do from the
database, so a restart or a second run does nothing twice. SIGTERM and Ctrl-C set the app's
stop flag: the message in hand is finished and committed, then the process exits.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from types import FrameType

from apscheduler.executors.debug import DebugExecutor
from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.blocking import BlockingScheduler

from mailbot.errors import MailbotError
from mailbot.jobs.cycle import Cycle, CycleReport

PLAN_SECONDS = 60  # reminders, offers and the digest are due by the minute
SEND_SECONDS = 15

log = logging.getLogger(__name__)


def stop_on_signals(stop: threading.Event, then: Callable[[], None] = lambda: None) -> None:
    """SIGTERM and Ctrl-C: finish and commit the message or mail in hand, then stop."""

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        log.info("received %s: stopping after the message in hand", signal.Signals(signum).name)
        stop.set()
        then()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)


def run_forever(cycle: Cycle, stop: threading.Event, poll_seconds: int) -> None:
    """Poll the inbox, plan what time made due, and send, each as its own job.

    The jobs run one after the other in the main thread (APScheduler's DebugExecutor), which is
    where the per-message time limit can interrupt a runaway message; so no two of them ever
    change attendees or send at the same time, and they need no locks. Each logs its own
    errors (a server down, the database away) and runs again at its next time.
    """
    scheduler = BlockingScheduler(timezone="UTC", executors={"default": DebugExecutor()})
    jobs: tuple[tuple[str, Callable[[], object], int], ...] = (
        ("poll", cycle.poller.poll, poll_seconds),
        ("plan", lambda: cycle.plan(CycleReport()), PLAN_SECONDS),
        ("send", cycle.sender.send_due, min(poll_seconds, SEND_SECONDS)),
    )
    for name, work, seconds in jobs:
        scheduler.add_job(
            _logging_errors(name, work),
            "interval",
            seconds=seconds,
            id=name,
            max_instances=1,
            coalesce=True,
            next_run_time=cycle.clock(),
        )
    stop_on_signals(stop, lambda: scheduler.shutdown(wait=False))
    try:
        scheduler.start()
    except JobLookupError:
        # SIGTERM arrived while a job ran: shutdown() emptied the job store under it, so
        # APScheduler could not reschedule the job. The job itself finished and committed.
        if not stop.is_set():
            raise


def _logging_errors(name: str, work: Callable[[], object]) -> Callable[[], None]:
    def run() -> None:
        try:
            work()
        except MailbotError as exc:  # e.g. the database is down: try again next time
            log.error("%s: %s", name, exc)

    return run
