"""In-process stand-ins for the two mail edges, and nothing else.

``FakeMailbox`` has the interface of ``mailbot.mail.imap.Mailbox`` and ``FakeSmtp`` that of
``mailbot.mail.smtp.SmtpConnection``; both keep what they were given, so a test can assert on
what the bot filed, flagged and sent. Everything between the edges (worker, outbox, store,
templates) is the real code, so the wiring tests in ``tests/integration`` catch what the pure
unit tests cannot and run without Dovecot or Postfix.
"""

from __future__ import annotations

import email
import email.policy
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from types import TracebackType

from mailbot.errors import MailboxError, SendError
from mailbot.mail.imap import PROCESSED_KEYWORD, REVIEW_FLAG, Fetched


class FakeMailbox:
    """One IMAP account in memory: folders of (UID → message), flags, one UIDVALIDITY."""

    def __init__(self, folder: str = "INBOX", uidvalidity: int = 1, move: bool = True) -> None:
        self.broken_after_fetch = False  # the connection dies once the mail was read
        self.folders: dict[str, dict[int, bytes]] = {folder: {}}
        self.flags: dict[int, set[bytes]] = {}
        self.uidvalidity = uidvalidity
        self.supports_move = move
        self.selected: str | None = None
        self.connections = 0
        self.connected = False
        self._next_uid = 1

    def deliver(self, raw: bytes, folder: str = "INBOX") -> int:
        """A mail arrives; returns its UID."""
        uid = self._next_uid
        self._next_uid += 1
        self.folders.setdefault(folder, {})[uid] = raw
        return uid

    # --- the interface of mailbot.mail.imap.Mailbox -----------------------------------------

    def __enter__(self) -> FakeMailbox:
        self.connect()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def connect(self) -> None:
        self.connections += 1
        self.connected = True

    def close(self) -> None:
        self.connected = False
        self.selected = None

    def ensure_folder(self, name: str) -> bool:
        if name in self.folders:
            return False
        self.folders[name] = {}
        return True

    def folder_exists(self, name: str) -> bool:
        return name in self.folders

    def open(self, folder: str) -> int:
        assert self.connected, "the worker used the mailbox outside its connection"
        self.selected = folder
        return self.uidvalidity

    def uids_after(self, last_uid: int) -> list[int]:
        assert self.selected is not None
        return sorted(uid for uid in self.folders[self.selected] if uid > last_uid)

    def fetch(
        self, uids: Sequence[int], max_bytes: int, batch_bytes: int = 50_000_000
    ) -> Iterator[Fetched]:
        # in memory already: the byte budget per request has nothing to bound here
        assert self.selected is not None
        folder = self.folders[self.selected]
        for uid in uids:
            if uid not in folder:
                continue
            raw = folder[uid]
            if len(raw) > max_bytes:
                header = raw.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n"
                yield Fetched(uid, header, len(raw), complete=False)
            else:
                yield Fetched(uid, raw, len(raw), complete=True)

    def file_away(self, uids: Sequence[int], folder: str) -> None:
        assert self.selected is not None
        if uids and self.broken_after_fetch:
            raise MailboxError("fake IMAP: connection lost")
        source = self.folders[self.selected]
        for uid in uids:
            if not self.supports_move:
                self.flags.setdefault(uid, set()).update({b"\\Seen", PROCESSED_KEYWORD})
            elif uid in source:
                self.folders[folder][uid] = source.pop(uid)

    def flag_for_review(self, uids: Sequence[int]) -> None:
        if uids and self.broken_after_fetch:
            raise MailboxError("fake IMAP: connection lost")
        for uid in uids:
            self.flags.setdefault(uid, set()).add(REVIEW_FLAG)

    # --- what a test asks --------------------------------------------------------------------

    def in_folder(self, folder: str) -> list[int]:
        return sorted(self.folders.get(folder, {}))

    def flagged_for_review(self) -> list[int]:
        return sorted(uid for uid, flags in self.flags.items() if REVIEW_FLAG in flags)


@dataclass(frozen=True)
class Sent:
    """One mail as the SMTP server accepted it."""

    mail_from: str
    to_address: str
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        return email.message_from_bytes(self.raw, policy=email.policy.default)  # type: ignore[return-value]

    @property
    def purpose_subject(self) -> str:
        return str(self.message["Subject"])


@dataclass
class FakeSmtp:
    """One SMTP server in memory: accepts every mail unless told to refuse one.

    ``refusals`` maps a recipient to the errors its next sends raise, in order; after those, the
    mail is accepted. ``on_connect`` runs at every connection (a test uses it to line two
    senders up). ``sent`` is shared by every connection made from this server.
    """

    refusals: dict[str, list[SendError]] = field(default_factory=dict)
    on_connect: Callable[[], None] | None = None
    sent: list[Sent] = field(default_factory=list)
    attempts: list[str] = field(default_factory=list)  # every recipient tried, in order
    connections: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def connection(self) -> FakeSmtpConnection:
        return FakeSmtpConnection(self)

    def to(self, address: str) -> list[EmailMessage]:
        return [s.message for s in self.sent if s.to_address == address]

    def recipients(self) -> list[str]:
        return [s.to_address for s in self.sent]


class FakeSmtpConnection:
    """The interface of ``mailbot.mail.smtp.SmtpConnection`` over a ``FakeSmtp``."""

    def __init__(self, server: FakeSmtp) -> None:
        self.server = server
        self._open = False

    async def connect(self) -> None:
        with self.server._lock:
            self.server.connections += 1
        if self.server.on_connect is not None:
            self.server.on_connect()
        self._open = True

    async def close(self) -> None:
        self._open = False

    async def ehlo_features(self) -> list[str]:
        return ["8BITMIME", "PIPELINING"]

    async def send(self, mail_from: str, to_address: str, raw: bytes) -> None:
        if not self._open:
            raise SendError("fake SMTP: not connected", temporary=True)
        with self.server._lock:
            self.server.attempts.append(to_address)
            waiting = self.server.refusals.get(to_address)
            if waiting:
                raise waiting.pop(0)
            self.server.sent.append(Sent(mail_from, to_address, raw))

    @property
    def connected(self) -> bool:
        return self._open
