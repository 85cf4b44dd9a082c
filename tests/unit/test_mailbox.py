"""The IMAP edge's choices that a real server rarely lets us see: no MOVE, a stray UID."""

from __future__ import annotations

from typing import Any

from mailbot.config import load_config
from mailbot.mail.imap import PROCESSED_KEYWORD, REVIEW_FLAG, Mailbox
from tests.support.samples import SAMPLE


class OldServer:
    """Records calls; speaks IMAP4rev1 without the MOVE extension."""

    def __init__(self, uids: list[int]) -> None:
        self.uids = uids
        self.calls: list[tuple[str, Any]] = []

    def has_capability(self, name: str) -> bool:
        return False

    def search(self, criteria: list[str]) -> list[int]:
        self.calls.append(("search", criteria))
        return self.uids

    def add_flags(self, uids: list[int], flags: list[bytes]) -> None:
        self.calls.append(("add_flags", (uids, flags)))

    def move(self, uids: list[int], folder: str) -> None:  # pragma: no cover - must not happen
        raise AssertionError("MOVE used on a server without it")


def mailbox_on(server: OldServer) -> Mailbox:
    mailbox = Mailbox(load_config(SAMPLE).imap)
    mailbox._client = server
    return mailbox


def test_without_move_handled_mail_is_marked_instead() -> None:
    server = OldServer([])
    mailbox_on(server).file_away([3, 4], "Processed")
    assert server.calls == [("add_flags", ([3, 4], [b"\\Seen", PROCESSED_KEYWORD]))]


def test_mail_for_review_is_flagged_and_stays() -> None:
    server = OldServer([])
    mailbox_on(server).flag_for_review([5])
    assert server.calls == [("add_flags", ([5], [REVIEW_FLAG]))]


def test_uid_range_star_returning_an_old_message_is_ignored() -> None:
    # "UID 43:*" matches the highest message even when its UID is 42 (RFC 3501 6.4.8).
    assert mailbox_on(OldServer([42])).uids_after(42) == []
    assert mailbox_on(OldServer([42, 43, 44])).uids_after(42) == [43, 44]
