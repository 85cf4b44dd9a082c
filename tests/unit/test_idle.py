"""The IDLE thread's choices that Dovecot never shows: a server without IDLE, a dropped session."""

from __future__ import annotations

import threading
from typing import Any

from mailbot.config import load_config
from mailbot.mail.idle import IdleWatcher
from mailbot.mail.imap import Mailbox
from tests.support.samples import SAMPLE


class Server:
    """An IMAP session that records what it was asked; ``idle_answers`` are what IDLE hears."""

    def __init__(self, capabilities: set[str], idle_answers: list[Any], stop: threading.Event):
        self.capabilities = capabilities
        self.idle_answers = idle_answers
        self.stop = stop
        self.calls: list[str] = []

    def has_capability(self, name: str) -> bool:
        return name in self.capabilities

    def socket(self) -> Server:
        return self  # keepalive options are set and forgotten

    def setsockopt(self, *option: int) -> None:
        pass

    def select_folder(self, folder: str, readonly: bool) -> None:
        self.calls.append(f"select {folder} readonly={readonly}")

    def idle(self) -> None:
        self.calls.append("idle")

    def idle_check(self, timeout: float) -> list[Any]:
        if not self.idle_answers:
            self.stop.set()
            return []
        answer = self.idle_answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return list(answer)

    def idle_done(self) -> tuple[bytes, list[Any]]:
        self.calls.append("done")
        return b"Idle completed", []

    def noop(self) -> tuple[bytes, list[Any]]:
        self.calls.append("noop")
        return b"NOOP completed", [(8, b"EXISTS")] if "noop" not in self.calls[:-1] else []

    def logout(self) -> None:
        self.calls.append("logout")


class FakeMailbox(Mailbox):
    def __init__(self, server: Server) -> None:
        super().__init__(load_config(SAMPLE).imap)
        self.server = server

    def connect(self) -> None:
        self._client = self.server


def watch(server: Server, stop: threading.Event) -> tuple[IdleWatcher, list[str]]:
    heard: list[str] = []
    watcher = IdleWatcher(
        lambda: FakeMailbox(server),
        "INBOX",
        arrived=lambda: heard.append("arrived"),
        alive=lambda: heard.append("alive"),
        idling=lambda waiting: heard.append(f"idling={waiting}"),
        stop=stop,
    )
    return watcher, heard


def test_a_server_without_idle_leaves_the_worker_polling() -> None:
    stop = threading.Event()
    server = Server({"MOVE"}, [], stop)
    watcher, heard = watch(server, stop)

    watcher.run()

    assert not watcher.supported
    assert heard == ["idling=False"] and "idle" not in server.calls


def test_new_mail_in_idle_asks_for_a_poll_and_the_session_only_reads() -> None:
    stop = threading.Event()
    server = Server({"IDLE"}, [[(b"OK", b"Still here")], [(7, b"EXISTS")]], stop)
    watcher, heard = watch(server, stop)

    watcher.run()

    assert server.calls[0] == "select INBOX readonly=True"
    # on connecting (mail may have come while nobody listened), for the EXISTS in IDLE, and
    # for the one that came with the NOOP's answer
    assert heard.count("arrived") == 3
    assert heard.index("idling=True") < heard.index("alive")
    assert server.calls[-3:] == ["done", "noop", "logout"]
