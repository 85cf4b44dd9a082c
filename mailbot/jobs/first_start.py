"""Which mail ``mailbot run`` may answer: on an inbox that was in use before the bot's first
start, only what arrived after that start — an organizer's old mail is never answered by
surprise. ``run --backlog`` handles everything; ``[imap] since = DATE`` moves the line.

It decides and says so in one line; it never records, moves or flags the old mail.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from mailbot.config import Config
from mailbot.errors import MailboxError
from mailbot.mail.imap import Mailbox
from mailbot.store.database import Store

log = logging.getLogger(__name__)


def inbox_cutoff(
    config: Config,
    store: Store,
    mailbox: Callable[[], Mailbox],
    now: datetime,
    backlog: bool,
) -> datetime | None:
    """The arrival time before which mail is left alone; None: handle everything."""
    folder = config.imap.folder
    # recorded on the first run, --backlog or not; whole seconds, as IMAP gives arrival times,
    # so mail that arrives in the second of the start counts as new
    started = store.first_start(folder, now.replace(microsecond=0))
    if backlog:
        return None
    cutoff = config.imap.since or started
    try:
        with mailbox() as inbox:
            inbox.open(folder)
            older = inbox.count_before(cutoff)
    except MailboxError:
        return cutoff  # the first cycle will report the server; the line can wait for a restart
    if older:
        zone = config.bot.timezone
        why = (
            "[imap] since"
            if config.imap.since
            else "mailbot first read it (run --backlog or [imap] since = DATE handles them)"
        )
        log.info(
            "%d messages in %s arrived before %s and are left alone: %s",
            older,
            folder,
            f"{cutoff.astimezone(zone):%Y-%m-%d %H:%M %Z}",
            why,
        )
    return cutoff
