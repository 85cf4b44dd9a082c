"""``mailbot run``: one APScheduler drives polling, planning (reminders, waiting-list offers,
the digest) and sending; an IMAP IDLE thread asks for a poll the moment new mail arrives.

No job overlaps itself (max_instances=1, coalesce), and each derives what to do from the
database, so a restart or a second run does nothing twice. SIGTERM and Ctrl-C set the worker's
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
from mailbot.jobs.worker import CycleReport, Worker
from mailbot.mail.idle import CHECK_SECONDS, IdleWatcher

PLAN_SECONDS = 60  # reminders, offers and the digest are due by the minute
SEND_SECONDS = 15

log = logging.getLogger(__name__)


def stop_on_signals(worker: Worker, then: Callable[[], None] = lambda: None) -> None:
    """SIGTERM and Ctrl-C: finish and commit the message or mail in hand, then stop."""

    def stop(signum: int, _frame: FrameType | None) -> None:
        log.info("received %s: stopping after the message in hand", signal.Signals(signum).name)
        worker.activity.systemd.stopping()
        worker.stop.set()
        then()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)


def read_and_answer(worker: Worker, plan: bool = False) -> CycleReport:
    """New mail, then (with ``plan``) what time made due, then the replies right away, so a
    registration is confirmed in the cycle that read it; one summary line for the operator."""
    began = time.monotonic()
    with worker.store.inbox_turn(worker.config.imap.folder) as my_turn:
        # another worker reading the inbox now handles what is there: this one sends only
        report = worker.read_inbox() if my_turn else CycleReport()
    # while the IMAP backoff waits, read_inbox returns nothing and no error: not a cycle either
    reached_inbox = not report.errors and worker.imap_backoff.failures == 0
    if plan:
        report.planned = worker.plan()
    report.drain = worker.send_due()
    if report.drain.error:
        report.errors.append(report.drain.error)
    worker.activity.cycle(
        [item.outcome.value for item in report.handled],
        len(report.drain.sent),
        report.drain.retrying,
        report.drain.failed,
        len(report.errors),
        time.monotonic() - began,
        reached_inbox,
        worker.store.outbox_counts,
    )
    return report


def run_forever(worker: Worker, poll_seconds: int) -> None:
    """Poll the inbox, plan what time made due, and send, each as its own job; where the server
    has IMAP IDLE, new mail also starts a poll at once.

    The jobs run one after the other in the main thread (APScheduler's DebugExecutor), which is
    where the per-message time limit can interrupt a runaway message. The IDLE thread only asks
    for a poll: a one-off job, at most one waiting at a time, so a burst of arrivals during a
    long cycle costs one more cycle, and an arrival during a cycle is never lost.
    """

    def job(name: str, work: Callable[[], object]) -> Callable[[], None]:
        def run() -> None:
            try:
                work()
            except MailbotError as exc:  # e.g. the database is down: try again next time
                log.error("%s: %s", name, exc)

        return run

    scheduler = BlockingScheduler(timezone="UTC", executors={"default": DebugExecutor()})
    for name, work, seconds in (
        ("poll", lambda: read_and_answer(worker), poll_seconds),
        ("plan", worker.plan, PLAN_SECONDS),
        ("send", worker.send_due, min(poll_seconds, SEND_SECONDS)),
    ):
        scheduler.add_job(
            job(name, work),
            "interval",
            seconds=seconds,
            id=name,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=None,  # late after a long cycle is fine: run once, no warning
            next_run_time=worker.clock(),
        )

    wake_waiting = threading.Event()

    def read_now() -> None:
        wake_waiting.clear()  # mail announced from here on asks for one more poll
        read_and_answer(worker)

    def new_mail() -> None:  # from the IDLE thread
        if not wake_waiting.is_set() and not worker.stop.is_set():
            wake_waiting.set()
            scheduler.add_job(job("poll", read_now), misfire_grace_time=None)

    activity = worker.activity
    watcher = IdleWatcher(
        worker.mailbox,
        worker.config.imap.folder,
        arrived=new_mail,
        alive=activity.inbox_healthy,
        idling=activity.imap_idle,
        stop=worker.stop,
    )
    watcher.start()
    stop_on_signals(worker, lambda: scheduler.shutdown(wait=False))
    activity.systemd.ready(f"polling every {poll_seconds} s, and IMAP IDLE where offered")
    try:
        scheduler.start()
    except JobLookupError:
        # SIGTERM arrived while a job ran: shutdown() emptied the job store under it, so
        # APScheduler could not reschedule the job. The job itself finished and committed.
        if not worker.stop.is_set():
            raise
    watcher.join(CHECK_SECONDS + worker.config.imap.timeout_seconds)
