"""The IMAP edge: read new mail by UID, file it away after the commit.

Only UIDs are used, never sequence numbers. New mail is whatever lies above the highest UID the
store has recorded for this folder and UIDVALIDITY, fetched in batches, so a cycle costs what the
new mail costs, not what the mailbox holds. Errors from imapclient, the socket and TLS are
translated into ``MailboxError`` naming the host; the password never appears in one.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError, LoginError

from mailbot.config import ImapSettings
from mailbot.errors import ConfigError, MailboxError
from mailbot.mail.tls import client_context, describe_failure

REVIEW_FLAG = b"\\Flagged"
PROCESSED_KEYWORD = b"$MailbotProcessed"  # used to file mail where MOVE is not supported


@dataclass(frozen=True)
class Fetched:
    uid: int
    raw: bytes  # the whole message, or only its header when it is too large
    size: int
    complete: bool


class Mailbox:
    def __init__(
        self,
        settings: ImapSettings,
        on_new: Callable[[list[datetime]], None] | None = None,
        not_before: datetime | None = None,
    ) -> None:
        """``on_new``: told the arrival times of the new mail each look finds (for metrics);
        ``not_before``: mail that arrived earlier is not new mail, whatever its UID."""
        self.settings = settings
        self.on_new = on_new
        self.not_before = not_before
        self.where = f"IMAP {settings.host}:{settings.port}"
        self._client: Any = None

    def __enter__(self) -> Mailbox:
        self.connect()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def client(self) -> Any:
        if self._client is None:
            raise MailboxError(f"{self.where}: not connected")
        return self._client

    def connect(self) -> None:
        settings = self.settings
        if not settings.username:
            raise ConfigError(f"[imap] username: missing (the login for {settings.host})")
        try:
            password = settings.password.resolve() or ""
        except ConfigError as exc:  # a cycle error like an unreachable server, never an abort
            raise MailboxError(str(exc)) from exc
        context = client_context(settings.verify_tls) if settings.security != "none" else None
        try:
            client = IMAPClient(
                settings.host,
                port=settings.port,
                ssl=settings.security == "tls",
                ssl_context=context,
                timeout=settings.timeout_seconds,
            )
        except (OSError, IMAPClientError) as exc:
            raise MailboxError(f"{self.where}: cannot connect: {describe_failure(exc)}") from exc
        try:
            if settings.security == "starttls":
                client.starttls(ssl_context=context)
            client.login(settings.username, password)
        except LoginError as exc:
            _quietly_close(client)
            raise MailboxError(
                f"{self.where}: login refused for user {settings.username} "
                "(check [imap] username and the password)"
            ) from exc
        except (OSError, IMAPClientError) as exc:
            _quietly_close(client)
            raise MailboxError(f"{self.where}: {describe_failure(exc)}") from exc
        self._client = client

    def close(self) -> None:
        if self._client is not None:
            _quietly_close(self._client)
            self._client = None

    def _call(self, what: str, *args: Any, **kwargs: Any) -> Any:
        try:
            return getattr(self.client, what)(*args, **kwargs)
        except (OSError, IMAPClientError) as exc:
            raise MailboxError(f"{self.where}: {what} failed: {describe_failure(exc)}") from exc

    def ensure_folder(self, name: str) -> bool:
        """Create the folder if missing; True if it was created."""
        if self._call("folder_exists", name):
            return False
        self._call("create_folder", name)
        return True

    def folder_exists(self, name: str) -> bool:
        return bool(self._call("folder_exists", name))

    def open(self, folder: str) -> int:
        """Select the folder; returns its UIDVALIDITY."""
        info = self._call("select_folder", folder)
        return int(info[b"UIDVALIDITY"])

    def uids_after(self, last_uid: int) -> list[int]:
        # "UID n:*" always matches the highest message, even below n: filter client-side.
        criteria: list[Any] = ["UID", f"{last_uid + 1}:*"]
        if self.not_before is not None:
            # SINCE compares days in the server's zone: a day's margin, then the exact moment
            criteria += ["SINCE", (self.not_before - timedelta(days=1)).date()]
        found = self._call("search", criteria)
        new = sorted(uid for uid in found if uid > last_uid)
        if new and (self.not_before is not None or self.on_new is not None):
            arrived = self._arrivals(new)
            if self.not_before is not None:
                start = self.not_before
                new = [uid for uid in new if uid in arrived and arrived[uid] >= start]
            if self.on_new is not None:
                self.on_new([arrived[uid] for uid in new if uid in arrived])
        return new

    def count_before(self, moment: datetime) -> int:
        """How many messages in the open folder arrived before ``moment``."""
        day = (moment - timedelta(days=1)).date()
        surely = self._call("search", ["BEFORE", day])
        maybe = self._call("search", ["SINCE", day])
        arrived = self._arrivals(maybe) if maybe else {}
        return len(surely) + sum(1 for when in arrived.values() if when < moment)

    def _arrivals(self, uids: Sequence[int]) -> dict[int, datetime]:
        """INTERNALDATE, when the server received each message (imapclient gives local time)."""
        dates = self._call("fetch", list(uids), [b"INTERNALDATE"])
        return {
            uid: data[b"INTERNALDATE"].astimezone(UTC)
            for uid, data in dates.items()
            if b"INTERNALDATE" in data
        }

    def fetch(
        self, uids: Sequence[int], max_bytes: int, batch_bytes: int = 50_000_000
    ) -> Iterator[Fetched]:
        """The messages, a few at a time: each request asks for at most ``batch_bytes``, so
        memory follows that budget, not how many messages a batch counts (ten 20 MB mails are
        fetched two by two). One larger than ``max_bytes`` comes as its header only, so a 50 MB
        attachment never sits in memory. BODY.PEEK leaves the \\Seen flag to humans."""
        sizes = self._call("fetch", list(uids), [b"RFC822.SIZE"])
        size = {uid: int(data.get(b"RFC822.SIZE", 0)) for uid, data in sizes.items()}
        request: list[int] = []
        weight = 0
        for uid in (uid for uid in uids if uid in size):
            cost = min(size[uid], max_bytes)
            if request and weight + cost > batch_bytes:
                yield from self._fetch_some(request, size, max_bytes)
                request, weight = [], 0
            request.append(uid)
            weight += cost
        yield from self._fetch_some(request, size, max_bytes)

    def _fetch_some(
        self, uids: list[int], size: dict[int, int], max_bytes: int
    ) -> Iterator[Fetched]:
        small = [uid for uid in uids if size[uid] <= max_bytes]
        large = [uid for uid in uids if size[uid] > max_bytes]
        found: dict[int, bytes] = {}
        for batch, part in ((small, b"BODY[]"), (large, b"BODY[HEADER]")):
            if batch:
                peek = b"BODY.PEEK[]" if part == b"BODY[]" else b"BODY.PEEK[HEADER]"
                for uid, data in self._call("fetch", batch, [peek]).items():
                    if part in data:
                        found[uid] = bytes(data[part])
        for uid in uids:
            if uid in found:
                yield Fetched(uid, found.pop(uid), size[uid], complete=uid not in large)

    def file_away(self, uids: Sequence[int], folder: str) -> None:
        """Move handled mail to ``folder``; where MOVE is missing, mark it instead."""
        if not uids:
            return
        if self._call("has_capability", "MOVE"):
            self._call("move", list(uids), folder)
        else:
            self._call("add_flags", list(uids), [b"\\Seen", PROCESSED_KEYWORD])

    def delete_mail_of(self, mentions: Sequence[str], folders: Sequence[str]) -> int:
        """Delete every message that mentions any of these (a person's address and name) in
        its header or text, in these folders (``mailbot forget``); returns how many."""
        deleted = 0
        for folder in folders:
            if not self.folder_exists(folder):
                continue
            self._call("select_folder", folder)
            uids: list[int] = []
            for text in mentions:
                found = self._call("search", ["TEXT", text], charset="UTF-8")
                uids += [uid for uid in found if uid not in uids]
            if not uids:
                continue
            self._call("delete_messages", uids)
            if self._call("has_capability", "UIDPLUS"):
                self._call("uid_expunge", uids)
            else:
                self._call("expunge")
            deleted += len(uids)
        return deleted

    def flag_for_review(self, uids: Sequence[int]) -> None:
        """Leave mail in the inbox, flagged, for a human."""
        if uids:
            self._call("add_flags", list(uids), [REVIEW_FLAG])


def _quietly_close(client: Any) -> None:
    try:
        client.logout()
    except Exception:  # noqa: BLE001 - closing a broken connection may fail in any way
        with contextlib.suppress(Exception):
            client.shutdown()
