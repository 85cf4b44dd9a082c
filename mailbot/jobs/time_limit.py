"""A time limit for one message's parsing and classifying, so no input can stall the queue.

Uses SIGALRM, so it applies in the main thread only, where `mailbot run` and `run --once` do
their work; elsewhere the limit is not enforced (inputs are bounded by size as well).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class MessageTimeoutError(BaseException):
    """Raised inside the work on one message when it took longer than its limit.

    A BaseException, like KeyboardInterrupt: the parser and the rules guard against hostile
    input with ``except Exception`` and must not swallow the limit as one more broken message.
    """


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(_signum: int, _frame: FrameType | None) -> None:
        raise MessageTimeoutError(f"took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
