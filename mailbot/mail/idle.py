"""Waiting for new mail with IMAP IDLE (RFC 2177), so a reply is read seconds after it arrives
instead of at the next poll.

A thread of its own keeps one connection in IDLE on the inbox (selected read-only: it never
changes a flag) and calls ``arrived`` when the server announces new mail; reading, acting and
filing stay with the worker's own connection, in the main thread. IDLE is re-issued at least
every 29 minutes, as the RFC advises; a broken connection is reopened with capped backoff
(TCP keepalive notices a silently dead one); a server without IDLE leaves the worker polling
every ``poll_seconds``, which it does anyway as a safety net.
"""

from __future__ import annotations

import imaplib
import logging
import socket
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from mailbot.errors import MailbotError
from mailbot.mail.backoff import Backoff
from mailbot.mail.imap import Mailbox

log = logging.getLogger(__name__)

REIDLE_SECONDS = 29 * 60  # RFC 2177: servers may log out an IDLE client after 30 minutes
CHECK_SECONDS = 5.0  # how often the thread looks up from IDLE to see whether it should stop
NEW_MAIL = (b"EXISTS", b"RECENT")


class IdleWatcher:
    def __init__(
        self,
        mailbox: Callable[[], Mailbox],
        folder: str,
        arrived: Callable[[], None],
        alive: Callable[[], None],
        idling: Callable[[bool], None],
        stop: threading.Event,
        reidle_seconds: float = REIDLE_SECONDS,
    ) -> None:
        """``arrived``: new mail was announced; ``alive``: the server just answered;
        ``idling``: whether an IDLE session is waiting now."""
        self.mailbox = mailbox
        self.folder = folder
        self.arrived = arrived
        self.alive = alive
        self.idling = idling
        self.stop = stop
        self.reidle_seconds = reidle_seconds
        self.supported = True
        self._thread = threading.Thread(target=self.run, name="imap-idle", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def join(self, timeout: float) -> None:
        self._thread.join(timeout)

    def run(self) -> None:
        backoff = Backoff(timedelta(seconds=1))
        while not self.stop.is_set():
            mailbox = self.mailbox()
            try:
                mailbox.connect()
                client = mailbox.client
                if not client.has_capability("IDLE"):
                    self.supported = False
                    log.info("%s has no IDLE: polling only", mailbox.where)
                    return
                _keepalive(client.socket())
                client.select_folder(self.folder, readonly=True)
                backoff.succeeded()
                self.arrived()  # whatever came while no session was waiting
                self._wait(client)
            except (MailbotError, OSError, imaplib.IMAP4.error) as exc:
                delay = backoff.failed(datetime.now(UTC))
                log.warning(
                    "%s: IDLE interrupted (%s); again in %.0f s, polling meanwhile",
                    mailbox.where,
                    str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
                    delay.total_seconds(),
                )
                self.stop.wait(delay.total_seconds())
            finally:
                self.idling(False)
                mailbox.close()

    def _wait(self, client: Any) -> None:
        while not self.stop.is_set():
            client.idle()
            self.idling(True)
            self.alive()
            began = time.monotonic()
            while not self.stop.is_set():
                left = self.reidle_seconds - (time.monotonic() - began)
                if left <= 0:
                    break
                timeout = min(CHECK_SECONDS, left)
                asked = time.monotonic()
                responses = client.idle_check(timeout=timeout)
                if responses:
                    self.alive()
                    if any(_announces_mail(response) for response in responses):
                        self.arrived()
                elif time.monotonic() - asked < timeout / 2:
                    break  # woken with nothing to read: a closed connection; the NOOP will tell
            # mail announced between the last check and DONE, or during the NOOP, comes with
            # their answers, not through idle_check
            _, said_at_done = client.idle_done()
            self.idling(False)
            _, said_at_noop = client.noop()  # raises on a dead connection
            self.alive()
            if any(_announces_mail(r) for r in (*said_at_done, *said_at_noop)):
                self.arrived()


def _announces_mail(response: Any) -> bool:
    return isinstance(response, tuple) and len(response) >= 2 and response[1] in NEW_MAIL


def _keepalive(sock: socket.socket) -> None:
    """A peer that vanished without closing is noticed in about a minute and a half."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    for option, value in (("TCP_KEEPIDLE", 60), ("TCP_KEEPINTVL", 10), ("TCP_KEEPCNT", 3)):
        if hasattr(socket, option):
            sock.setsockopt(socket.IPPROTO_TCP, getattr(socket, option), value)
