"""``mailbot run``: one APScheduler that polls the inbox and drains the outbox.

The poll job never overlaps itself (max_instances=1, coalesce). SIGTERM and Ctrl-C set the
worker's stop flag: the message in hand is finished and committed, then the process exits.
"""

from __future__ import annotations

import logging
import signal
import threading
from types import FrameType

from apscheduler.schedulers.background import BackgroundScheduler

from mailbot.errors import MailbotError
from mailbot.worker import CycleReport, Worker

log = logging.getLogger(__name__)


def _log_cycle(report: CycleReport) -> None:
    if report.handled or report.drain.sent or report.errors:
        log.info(
            "cycle: %d messages handled, %d mails sent, %d errors",
            len(report.handled),
            len(report.drain.sent),
            len(report.errors),
        )


def run_forever(worker: Worker, poll_seconds: int) -> None:
    done = threading.Event()

    def cycle() -> None:
        try:
            _log_cycle(worker.run_cycle())
        except MailbotError as exc:  # e.g. the database is down: try again next poll
            log.error("%s", exc)

    def stop(signum: int, _frame: FrameType | None) -> None:
        log.info("received %s: stopping after the message in hand", signal.Signals(signum).name)
        worker.stop.set()
        done.set()

    scheduler = BackgroundScheduler(timezone="UTC")
    scheduler.add_job(
        cycle,
        "interval",
        seconds=poll_seconds,
        id="poll",
        max_instances=1,
        coalesce=True,
        next_run_time=worker.clock(),
    )
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    scheduler.start()
    try:
        done.wait()
    finally:
        scheduler.shutdown(wait=True)
