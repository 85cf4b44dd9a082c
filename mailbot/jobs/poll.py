"""Polling the inbox: fetch what is new, hand each message to the handler, file it away.

New mail is whatever lies above the highest UID recorded for this folder and UIDVALIDITY,
fetched in batches and handled in groups, one transaction each. Filing (move to Processed, or
flag for review) follows the commit of each group and is finished by the next poll if this one
dies. A server that is down is tried again
after 1, 2, 4 … polls, at most five minutes; its error is the poll's, never an abort.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from mailbot.config import ImapSettings
from mailbot.errors import MailboxError
from mailbot.jobs.activity import Activity
from mailbot.jobs.handle import Handled, MessageHandler
from mailbot.mail.backoff import Backoff
from mailbot.mail.imap import Fetched, Mailbox
from mailbot.store.database import Store
from mailbot.store.records import Location

log = logging.getLogger(__name__)
# How long one transaction of handled messages may stay open: it holds SQLite's one write lock,
# which `mailbot admit` or `review done` wait for (up to their busy timeout of 10 s).
GROUP_SECONDS = 1.0


@dataclass
class PollReport:
    handled: list[Handled] = field(default_factory=list)
    error: str | None = None


class InboxPoller:
    def __init__(
        self,
        settings: ImapSettings,
        store: Store,
        handler: MessageHandler,
        mailbox: Callable[[], Mailbox],
        clock: Callable[[], datetime],
        stop: threading.Event,
        activity: Activity,
    ) -> None:
        self.settings = settings
        self.activity = activity  # the operator's log lines and metrics
        self.store = store
        self.handler = handler
        self.mailbox = mailbox
        self.clock = clock
        self.stop = stop
        self.backoff = Backoff(timedelta(seconds=settings.poll_seconds))

    def poll(self) -> PollReport:
        report = PollReport()
        now = self.clock()
        if not self.backoff.ready(now):
            return report  # the server failed recently: wait before trying again
        with self.store.inbox_turn(self.settings.folder) as my_turn:
            if not my_turn:  # another worker is reading the inbox now: it handles what is there
                self.activity.inbox_read(by_us=False)
                return report
            try:
                with self.mailbox() as mailbox:
                    self._read(mailbox, report)
            except MailboxError as exc:
                delay = self.backoff.failed(now)
                log.error("%s (next try in %d s)", exc, delay.total_seconds())
                report.error = str(exc)
            else:
                self.backoff.succeeded()
                self.activity.inbox_read(by_us=True)
        return report

    def _read(self, mailbox: Mailbox, report: PollReport) -> None:
        settings = self.settings
        mailbox.ensure_folder(settings.processed_folder)
        uidvalidity = mailbox.open(settings.folder)
        self._file_away(mailbox, uidvalidity)  # whatever a previous poll left unfiled
        self._handle_again(mailbox, uidvalidity, report)
        uids = mailbox.uids_after(self.store.last_uid(settings.folder, uidvalidity))
        for start in range(0, len(uids), settings.batch_size):
            batch = uids[start : start + settings.batch_size]
            fetched = iter(mailbox.fetch(batch, settings.max_message_bytes, settings.batch_bytes))
            while not self.stop.is_set() and self._handle_group(fetched, uidvalidity, report):
                self._file_away(mailbox, uidvalidity)
            self._file_away(mailbox, uidvalidity)
            if self.stop.is_set():
                return

    def _handle_group(
        self, fetched: Iterator[Fetched], uidvalidity: int, report: PollReport
    ) -> bool:
        """Handle fetched messages in one transaction, until they run out, a stop is asked
        for, or the transaction has been open ``GROUP_SECONDS``; True if messages remain.

        One commit for many messages is what makes a backlog fast; each message still has its
        own part of the transaction, so one that fails is undone alone and left for review.
        Nothing is filed or sent before the commit, so a crash here loses nothing: the whole
        group is read again.
        """
        handled: list[Handled] = []
        remaining = True
        until = time.monotonic() + GROUP_SECONDS
        with self.store.transaction() as tx:
            for message in fetched:
                location = Location(self.settings.folder, uidvalidity, message.uid)
                too_large = None if message.complete else message.size
                handled.append(self.handler.handle(tx, location, message.raw, too_large))
                if self.stop.is_set() or time.monotonic() >= until:
                    break
            else:
                remaining = False
        for done in handled:  # told once it is committed
            report.handled.append(done)
            self.activity.handled(done)
        return remaining

    def _handle_again(self, mailbox: Mailbox, uidvalidity: int, report: PollReport) -> None:
        """Messages an organizer sent back with ``mailbot review retry``, handled exactly once.

        They are still in the inbox (flagged), below the highest UID handled. Their old record is
        set aside first; if this poll dies after that, the retry is still asked for, and a
        message recorded anew is never handled a second time (its location is recorded).
        """
        folder = self.settings.folder
        for row_id, uid in self.store.retries(folder, uidvalidity):
            self.store.release_for_retry(row_id)
            fetched = list(mailbox.fetch([uid], self.settings.max_message_bytes))
            if not fetched:
                note = f"not in {folder} any more (moved by someone?): nothing to handle again"
                self.store.finish_retry(row_id, note, self.clock(), reopen=True)
                continue
            (message,) = fetched
            location = Location(folder, uidvalidity, uid)
            too_large = None if message.complete else message.size
            with self.store.transaction() as tx:
                handled = self.handler.handle(tx, location, message.raw, too_large)
            report.handled.append(handled)
            note = f"handled again: {handled.outcome.value}: {handled.reason}"
            self.store.finish_retry(row_id, note, self.clock(), reopen=False)
        self._file_away(mailbox, uidvalidity)

    def _file_away(self, mailbox: Mailbox, uidvalidity: int) -> None:
        pending = self.store.unfiled(self.settings.folder, uidvalidity)
        if not pending:
            return
        mailbox.flag_for_review([uid for _, uid, review in pending if review])
        mailbox.file_away(
            [uid for _, uid, review in pending if not review], self.settings.processed_folder
        )
        self.store.mark_filed(row_id for row_id, _, _ in pending)
