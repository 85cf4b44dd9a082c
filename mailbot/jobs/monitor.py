"""What monitoring sees of a running worker: Prometheus metrics and a health check over HTTP.

``[metrics] port`` serves ``/metrics`` (Prometheus text) and ``/healthz`` (200 while the last
cycle that reached the inbox is recent, 503 otherwise) from a thread of its own. The numbers are
set by the worker's main thread as it goes; the server only reads them, so a scrape never touches
IMAP, SMTP or the database. Each worker has its own registry, never the library's global one.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from prometheus_client import CollectorRegistry, Counter, Gauge, make_wsgi_app

from mailbot.config import Config
from mailbot.domain.model import OutboxStatus
from mailbot.errors import ConfigError

_Start = Callable[[str, list[tuple[str, str]]], Any]


class Monitor:
    def __init__(self, config: Config, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        poll = config.imap.poll_seconds
        # a cycle every poll_seconds; a few missed ones, or a minute's slow server, are normal
        self.stale_seconds = config.metrics.stale_seconds or 3 * poll + 60
        self.registry = CollectorRegistry(auto_describe=True)
        self._unprocessed: deque[float] = deque()  # arrival times of mail not yet handled
        self._last_cycle = 0.0
        self._last_progress = clock()  # a fresh start has this long to finish its first cycle
        self.messages = Counter(
            "mailbot_messages",
            "Messages handled, by what they were understood as and what became of them",
            ["kind", "action"],
            registry=self.registry,
        )
        self.replies_limited = Counter(
            "mailbot_replies_limited",
            "Messages not answered, or answered with one notice, because of max_replies_per_day",
            registry=self.registry,
        )
        self.outbox_pending = Gauge(
            "mailbot_outbox_pending", "Mails waiting to be sent", registry=self.registry
        )
        self.outbox_failed = Gauge(
            "mailbot_outbox_failed",
            "Mails given up on, shown by review list",
            registry=self.registry,
        )
        backlog = Gauge(
            "mailbot_inbox_backlog",
            "Messages in the inbox not yet handled, as of the last look",
            registry=self.registry,
        )
        backlog.set_function(lambda: len(self._unprocessed))
        oldest = Gauge(
            "mailbot_oldest_unprocessed_seconds",
            "Age of the oldest message not yet handled (0: none)",
            registry=self.registry,
        )
        oldest.set_function(self._oldest_age)
        last = Gauge(
            "mailbot_last_cycle_timestamp_seconds",
            "Unix time the last cycle that reached the inbox ended",
            registry=self.registry,
        )
        last.set_function(lambda: self._last_cycle)
        self.imap_idle = Gauge(
            "mailbot_imap_idle",
            "1 while an IMAP IDLE session waits for new mail, 0 when polling",
            registry=self.registry,
        )
        self._server: WSGIServer | None = None

    # --- set by the worker --------------------------------------------------------------

    def inbox_found(self, arrivals: Sequence[datetime]) -> None:
        """The messages a cycle is about to handle, by arrival, oldest first."""
        self._unprocessed = deque(moment.timestamp() for moment in arrivals)

    def handled(self, kind: str | None, action: str, limited: bool) -> None:
        self.messages.labels(kind=kind or "none", action=action).inc()
        if limited:
            self.replies_limited.inc()
        if self._unprocessed:
            self._unprocessed.popleft()
        self._last_progress = self.clock()

    def cycle_done(self, reached_inbox: bool, outbox: dict[OutboxStatus, int]) -> None:
        waiting = outbox.get(OutboxStatus.PENDING, 0) + outbox.get(OutboxStatus.SENDING, 0)
        self.outbox_pending.set(waiting)
        self.outbox_failed.set(outbox.get(OutboxStatus.FAILED, 0))
        if reached_inbox:
            self._unprocessed.clear()  # a finished cycle handled all it found
            self._last_cycle = self._last_progress = self.clock()

    # --- read by the HTTP thread -------------------------------------------------------

    def _oldest_age(self) -> float:
        return max(self.clock() - self._unprocessed[0], 0.0) if self._unprocessed else 0.0

    def healthy(self) -> bool:
        """A cycle ended, or a message of a long one was handled, within ``stale_seconds``."""
        return self.clock() - self._last_progress < self.stale_seconds

    def _app(self, environ: dict[str, Any], start: _Start) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == "/metrics":
            metrics: Iterable[bytes] = make_wsgi_app(self.registry)(environ, start)
            return metrics
        if path == "/healthz":
            ok = self.healthy()
            age = self.clock() - self._last_progress
            start(
                "200 OK" if ok else "503 Service Unavailable",
                [("Content-Type", "text/plain; charset=utf-8")],
            )
            word = "ok" if ok else "stale"
            return [
                f"{word}: last progress {age:.0f} s ago (limit {self.stale_seconds} s)\n".encode()
            ]
        start("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
        return [b"/metrics or /healthz\n"]

    def serve(self, address: str, port: int) -> None:
        """Listen now (a port in use fails at start-up, in one line), answer from a thread."""
        try:
            self._server = make_server(address, port, self._app, handler_class=_QuietHandler)
        except OSError as exc:
            raise ConfigError(
                f"[metrics] port {port}: cannot listen on {address}: {exc.strerror}"
            ) from exc
        thread = threading.Thread(target=self._server.serve_forever, name="metrics", daemon=True)
        thread.start()

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


class _QuietHandler(WSGIRequestHandler):
    """Scrapes every few seconds are not worth a log line each."""

    def log_message(self, format: str, *args: Any) -> None:
        pass
