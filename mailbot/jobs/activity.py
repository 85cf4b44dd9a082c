"""What a running worker tells its operator: a start-up summary, one line per handled message,
one line per cycle. The lines carry fields (``extra={"fields": …}``) that ``--log-format json``
turns into keys.

A line names what the bot decided — kind, rule, action, a shortened Message-ID — and never
the sender, a subject, a body or a password: logs travel further than the database.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from typing import Any

from mailbot import __version__
from mailbot.config import Config

log = logging.getLogger("mailbot.activity")

SHORT_ID = 12  # characters of a Message-ID's local part: enough to find it, not to spell it


def short_message_id(message_id: str | None) -> str:
    if not message_id:
        return "-"
    local, at, domain = message_id.strip("<>").partition("@")
    cut = local[:SHORT_ID] + ("…" if len(local) > SHORT_ID else "")
    return f"<{cut}{at}{domain}>"


class Activity:
    """The worker's account of itself, as log lines (and, where enabled, metrics)."""

    def __init__(self, config: Config) -> None:
        self.config = config

    def started(self, store: str, mode: str) -> None:
        imap, smtp = self.config.imap, self.config.smtp
        log.info(
            "started",
            extra={
                "fields": {
                    "version": __version__,
                    "event_id": self.config.event.id,
                    "inbox": f"{imap.host}:{imap.port}/{imap.folder}",
                    "smtp": f"{smtp.host}:{smtp.port}",
                    "store": store,
                    "mode": mode,
                }
            },
        )

    def handled(
        self,
        kind: str | None,
        rule: str | None,
        action: str,
        replies: Sequence[str],
        message_id: str | None,
    ) -> None:
        fields: dict[str, Any] = {
            "event_id": self.config.event.id,
            "kind": kind or "-",
            "rule": rule or "-",
            "action": action,
            "replies": list(replies),
            "message_id": short_message_id(message_id),
        }
        log.info("message handled", extra={"fields": fields})

    def cycle(
        self,
        actions: Sequence[str],
        sent: int,
        retrying: int,
        failed: int,
        errors: int,
        seconds: float,
    ) -> None:
        """``actions``: what became of each message read in the cycle."""
        fields: dict[str, Any] = {
            "event_id": self.config.event.id,
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
