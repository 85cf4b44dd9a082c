"""``mailbot run``: one APScheduler drives polling, planning (reminders, waiting-list offers,
the digest, the retention purge) and sending; an IMAP IDLE thread asks for a poll the moment
new mail arrives.

No job overlaps itself (max_instances=1, coalesce), and each derives what to do from the
database, so a restart or a second run does nothing twice. SIGTERM and Ctrl-C set the app's
stop flag: the message in hand is finished and committed, then the process exits.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable
from types import FrameType

from apscheduler.executors.debug import DebugExecutor
from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.blocking import BlockingScheduler

from mailbot.errors import MailbotError
from mailbot.jobs.activity import Activity
from mailbot.jobs.cycle import Cycle, CycleReport
from mailbot.mail.idle import CHECK_SECONDS, IdleWatcher
from mailbot.mail.imap import Mailbox

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


def run_cycle(cycle: Cycle, activity: Activity) -> CycleReport:
    """A full cycle — new mail, what time made due, then the replies right away, so a
    registration is confirmed in the cycle that read it — and its line for the operator."""
    began = time.monotonic()
    report = cycle.run()
    activity.cycle(
        [item.outcome.value for item in report.handled],
        len(report.drain.sent),
        report.drain.retrying,
        report.drain.failed,
        len(report.errors),
        time.monotonic() - began,
        cycle.store.outbox_counts,
    )
    return report


def run_forever(
    cycle: Cycle,
    stop: threading.Event,
    poll_seconds: int,
    activity: Activity,
    mailbox: Callable[[], Mailbox],
) -> None:
    """Poll the inbox (a full cycle), plan what time made due, and send, each as its own job;
    where the server has IMAP IDLE, new mail also starts a cycle at once.

    The jobs run one after the other in the main thread (APScheduler's DebugExecutor), which is
    where the per-message time limit can interrupt a runaway message; so no two of them ever
    change attendees or send at the same time, and they need no locks. Each logs its own
    errors (a server down, the database away) and runs again at its next time. The IDLE thread
    only asks for a cycle: a one-off job, at most one waiting at a time, so a burst of arrivals
    during a long cycle costs one more cycle, and an arrival during a cycle is never lost.
    """
    scheduler = BlockingScheduler(timezone="UTC", executors={"default": DebugExecutor()})
    jobs: tuple[tuple[str, Callable[[], object], int], ...] = (
        ("poll", lambda: run_cycle(cycle, activity), poll_seconds),
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
            misfire_grace_time=None,  # late after a long cycle is fine: run once, no warning
            next_run_time=cycle.clock(),
        )

    wake_waiting = threading.Event()

    def read_now() -> None:
        wake_waiting.clear()  # mail announced from here on asks for one more cycle
        run_cycle(cycle, activity)

    def new_mail() -> None:  # from the IDLE thread
        if not wake_waiting.is_set() and not stop.is_set():
            wake_waiting.set()
            scheduler.add_job(_logging_errors("poll", read_now), misfire_grace_time=None)

    watcher = IdleWatcher(
        mailbox,
        cycle.poller.settings.folder,
        arrived=new_mail,
        alive=activity.inbox_healthy,
        idling=activity.imap_idle,
        stop=stop,
    )
    watcher.start()

    def stopping() -> None:
        activity.systemd.stopping()
        scheduler.shutdown(wait=False)

    stop_on_signals(stop, stopping)
    activity.systemd.ready(f"polling every {poll_seconds} s, and IMAP IDLE where offered")
    try:
        scheduler.start()
    except (JobLookupError, IndexError):
        # SIGTERM arrived while a job ran (jobs run in this thread, so the handler interrupts
        # one): shutdown() emptied the job store under it, and APScheduler's bookkeeping after
        # the job fails with one of these, depending on the moment. The job itself finished and
        # committed; after a stop request there is nothing left to schedule.
        if not stop.is_set():
            raise
    watcher.join(CHECK_SECONDS + cycle.poller.settings.timeout_seconds)


def _logging_errors(name: str, work: Callable[[], object]) -> Callable[[], None]:
    def run() -> None:
        try:
            work()
        except MailbotError as exc:  # e.g. the database is down: try again next time
            log.error("%s: %s", name, exc)

    return run
