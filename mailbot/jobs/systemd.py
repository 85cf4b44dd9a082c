"""Telling systemd how the worker is (``Type=notify``): ready, stopping, a status line, and the
watchdog, over the datagram socket in ``$NOTIFY_SOCKET`` — no library needed.

The watchdog is fed only by proof that the IMAP session works (a cycle that reached the inbox,
a message handled, an answer inside IDLE), so a worker stuck on a dead connection stops feeding
it and systemd restarts it. Outside systemd (no ``$NOTIFY_SOCKET``) every call does nothing.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Callable, Mapping

log = logging.getLogger(__name__)


class Systemd:
    def __init__(
        self,
        environ: Mapping[str, str] = os.environ,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.clock = clock
        address = environ.get("NOTIFY_SOCKET", "")
        # "@name" is Linux's abstract namespace, written with a leading NUL byte
        self.address = "\0" + address[1:] if address.startswith("@") else address
        usec = environ.get("WATCHDOG_USEC", "")
        pid = environ.get("WATCHDOG_PID", "")
        meant_for_us = not pid or pid == str(os.getpid())
        self.watchdog_seconds = int(usec) / 1e6 if usec.isdigit() and meant_for_us else None
        self._last_fed: float | None = None

    @property
    def enabled(self) -> bool:
        return bool(self.address)

    def notify(self, *lines: str) -> None:
        if not self.address:
            return
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
                sock.sendto("\n".join(lines).encode(), self.address)
        except OSError as exc:  # systemd went away: nothing to tell, nothing to stop for
            log.warning("NOTIFY_SOCKET %s: %s", self.address.lstrip("\0"), exc.strerror)

    def ready(self, status: str) -> None:
        self.notify("READY=1", f"STATUS={status}")

    def stopping(self) -> None:
        self.notify("STOPPING=1", "STATUS=stopping after the message in hand")

    def status(self, text: str) -> None:
        self.notify(f"STATUS={text}")

    def inbox_healthy(self) -> None:
        """The IMAP session just worked: feed the watchdog, at most four times an interval."""
        if self.watchdog_seconds is None:
            return
        now = self.clock()
        if self._last_fed is None or now - self._last_fed >= self.watchdog_seconds / 4:
            self._last_fed = now
            self.notify("WATCHDOG=1")
