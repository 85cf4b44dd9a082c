"""What a running worker tells its operator: a start-up summary, one line per handled message,
one line per cycle. The lines carry fields (``extra={"fields": …}``) that ``--log-format json``
turns into keys.

A line names what the bot decided — kind, rule, action, a shortened Message-ID — and never
the sender, a subject, a body or a password: logs travel further than the database.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Protocol

from mailbot import __version__
from mailbot.config import Config
from mailbot.domain.model import OutboxStatus, Outcome
from mailbot.jobs.monitor import Monitor
from mailbot.jobs.systemd import Systemd

log = logging.getLogger("mailbot.activity")

SHORT_ID = 12  # characters of a Message-ID's local part: enough to find it, not to spell it


def short_message_id(message_id: str | None) -> str:
    if not message_id:
        return "-"
    local, at, domain = message_id.strip("<>").partition("@")
    cut = local[:SHORT_ID] + ("…" if len(local) > SHORT_ID else "")
    return f"<{cut}{at}{domain}>"


class HandledMessage(Protocol):
    """What the worker reports of one message (its ``Handled``)."""

    @property
    def kind(self) -> str | None: ...
    @property
    def rule(self) -> str | None: ...
    @property
    def outcome(self) -> Outcome: ...
    @property
    def reason(self) -> str: ...
    @property
    def replies(self) -> tuple[str, ...]: ...
    @property
    def message_id(self) -> str | None: ...
    @property
    def event_id(self) -> str | None: ...


# domain.decision notes a reply the daily limit held back in these words
_REPLY_LIMIT_NOTE = "reply limit of "


class Activity:
    """The worker's account of itself, as log lines and, with ``[metrics] port``, metrics."""

    def __init__(
        self, config: Config, monitor: Monitor | None = None, systemd: Systemd | None = None
    ) -> None:
        self.config = config
        self.monitor = monitor
        self.systemd = systemd or Systemd({})  # outside `mailbot run`: tells nobody
        self._inbox_read = False  # since the last cycle line

    def inbox_read(self, by_us: bool) -> None:
        """A poll reached the inbox (``by_us``), or found another worker reading it now."""
        self._inbox_read = True
        if by_us:
            self.inbox_healthy()

    def inbox_healthy(self) -> None:
        """The IMAP session just answered: the only thing that feeds systemd's watchdog."""
        self.systemd.inbox_healthy()

    def imap_idle(self, waiting: bool) -> None:
        """Whether an IMAP IDLE session waits for new mail right now."""
        if self.monitor is not None:
            self.monitor.imap_idle.set(1 if waiting else 0)

    def inbox_found(self, arrivals: Sequence[datetime]) -> None:
        """The new messages a cycle found, by arrival time, oldest first."""
        if self.monitor is not None:
            self.monitor.inbox_found(arrivals)

    def started(self, store: str, mode: str) -> None:
        imap, smtp, metrics = self.config.imap, self.config.smtp, self.config.metrics
        log.info(
            "started",
            extra={
                "fields": {
                    "version": __version__,
                    "event_id": ",".join(self.config.event_ids),
                    "inbox": f"{imap.host}:{imap.port}/{imap.folder}",
                    "smtp": f"{smtp.host}:{smtp.port}",
                    "store": store,
                    "mode": mode,
                    "metrics": f"{metrics.address}:{metrics.port}" if self.monitor else "off",
                }
            },
        )

    def handled(self, item: HandledMessage) -> None:
        fields: dict[str, Any] = {
            "event_id": item.event_id or "-",
            "kind": item.kind or "-",
            "rule": item.rule or "-",
            "action": item.outcome.value,
            "replies": list(item.replies),
            "message_id": short_message_id(item.message_id),
        }
        log.info("message handled", extra={"fields": fields})
        self.inbox_healthy()  # a message fetched and handled: the session works
        if self.monitor is not None:
            limited = _REPLY_LIMIT_NOTE in item.reason
            self.monitor.handled(item.kind, item.outcome.value, limited)

    def cycle(
        self,
        actions: Sequence[str],
        sent: int,
        retrying: int,
        failed: int,
        errors: int,
        seconds: float,
        outbox: Callable[[], dict[OutboxStatus, int]],
    ) -> None:
        """``actions``: what became of each message read in the cycle; ``outbox``: its counts
        by status, asked for only where metrics show them."""
        reached_inbox, self._inbox_read = self._inbox_read, False
        if self.monitor is not None:
            self.monitor.cycle_done(reached_inbox, outbox())
        self.systemd.status(
            f"last cycle: {len(actions)} messages handled, {sent} mails sent"
            + (f", {errors} errors" if errors else "")
        )
        fields: dict[str, Any] = {
            "event_id": ",".join(self.config.event_ids),
            "handled": len(actions),
            **{f"handled_{action}": n for action, n in sorted(Counter(actions).items())},
            "sent": sent,
            "retrying": retrying,
            "failed": failed,
            "errors": errors,
            "seconds": round(seconds, 3),
        }
        if actions or sent or errors:
            log.info("cycle", extra={"fields": fields})
        else:  # a quiet cycle every poll_seconds would drown the interesting lines
            log.debug("cycle", extra={"fields": fields})
