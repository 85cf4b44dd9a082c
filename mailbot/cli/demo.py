"""``mailbot demo``: the whole loop on real servers, without any mail account.

A real IMAP server (pymap) and a real SMTP server (aiosmtpd) run in this process on loopback, a
temporary SQLite database holds the store. Sample replies are delivered into the inbox, the bot
runs one cycle through the same code as ``mailbot run --once``, and the demo prints who is
registered, what the bot answered and what it left for a human.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import shutil
import socket
import tempfile
import threading
from argparse import Namespace
from contextlib import AsyncExitStack
from importlib.resources import files
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from imapclient import IMAPClient

from mailbot.app import App
from mailbot.config import load_config
from mailbot.jobs.cycle import CycleReport

DEMO_ADDRESS = "anmeldung@demo.test"
DEMO_PASSWORD = "demo"  # noqa: S105 - a throwaway in-memory server on loopback

_CONFIG = """\
# Written by `mailbot demo`: the same format as your own config.toml.
[bot]
address = "{address}"
name = "Metaplan Anmeldung (Demo)"
database = "sqlite:///demo.db"

[imap]
host = "127.0.0.1"
port = {imap_port}
security = "none"
username = "{address}"
password = "{password}"

[smtp]
host = "127.0.0.1"
port = {smtp_port}
security = "none"

[event]
id = "zukunftswerkstatt-demo"
title = "Zukunftswerkstatt innovative Verwaltung"
starts = 2024-11-14T09:30:00
ends = 2024-11-14T18:00:00
location = "Metaplan, Goethestraße 16, 25451 Quickborn"
capacity = 60
# the sample replies answer an invitation the organizer sent by hand: they were all invited
confirm_unsolicited = false
"""


class BoundController(Controller):
    """aiosmtpd's ``Controller`` serving on a socket bound to port 0 before its port is told to
    anyone: a port chosen free and bound later can be taken by another process meanwhile."""

    def __init__(self, handler: Any, **kwargs: Any) -> None:
        self.listening = socket.create_server(("127.0.0.1", 0))
        port = int(self.listening.getsockname()[1])
        super().__init__(handler, hostname="127.0.0.1", port=port, **kwargs)

    def _create_server(self) -> Any:
        loop: asyncio.AbstractEventLoop = self.loop
        return loop.create_server(self._factory_invoker, sock=self.listening, ssl=self.ssl_context)


class Collect:
    """aiosmtpd handler: keep what the bot sent, as a person's mailbox would."""

    def __init__(self) -> None:
        self.received: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:  # noqa: N802
        content = envelope.content  # type: ignore[attr-defined]
        self.received.append(email.message_from_bytes(content, policy=email.policy.default))
        return "250 OK"


class DemoImapServer:
    """pymap's in-memory backend, served from a thread with its own event loop."""

    def __init__(self) -> None:
        self.listening = socket.create_server(("127.0.0.1", 0))  # held from now on: see above
        self.port = int(self.listening.getsockname()[1])
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None  # the thread's, once it runs
        self._stop: asyncio.Event | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="demo-imap", daemon=True)

    def start(self) -> None:
        self._thread.start()
        self._ready.wait(10)
        if self._error is not None:
            raise RuntimeError(f"the demo IMAP server did not start: {self._error}")

    def stop(self) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(5)

    def _run(self) -> None:
        with asyncio.Runner() as runner:
            self._loop = runner.get_loop()
            runner.run(self._serve())

    async def _serve(self) -> None:
        from proxyprotocol.reader import ProxyProtocolReader
        from pymap.backend.dict import DictBackend
        from pymap.imap import IMAPServer

        args = Namespace(
            debug=False,
            host="127.0.0.1",
            port=self.port,  # not listened on by pymap itself: the socket above is
            cert=None,
            key=None,
            tls=False,
            inherited_sockets=None,
            proxy_protocol=None,
            passlib_cfg=None,
            demo_data=False,
            demo_user=DEMO_ADDRESS,
            demo_password=DEMO_PASSWORD,
        )
        self._stop = asyncio.Event()
        try:
            backend, config = await DictBackend.init(args, secure_auth=False)
            config.apply_context()
            # what pymap's IMAPService.start does, on the socket bound before the config named it
            serve = ProxyProtocolReader(config.proxy_protocol).get_callback(
                IMAPServer(backend.login, config)
            )
            async with AsyncExitStack() as stack:
                await backend.start(stack)
                await stack.enter_async_context(
                    await asyncio.start_server(serve, sock=self.listening)
                )
                self._ready.set()
                await self._stop.wait()
        except Exception as exc:  # noqa: BLE001 - reported by start() in the calling thread
            self._error = exc
            self._ready.set()


def _deliver_samples(imap_port: int) -> int:
    folder = files("mailbot.cli").joinpath("demo_mail")
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".eml"))
    samples = [folder.joinpath(name) for name in names]
    with IMAPClient("127.0.0.1", port=imap_port, ssl=False) as client:
        client.login(DEMO_ADDRESS, DEMO_PASSWORD)
        for sample in samples:
            client.append("INBOX", sample.read_bytes())
    return len(samples)


def run_demo(keep: bool = False) -> int:
    folder = Path(tempfile.mkdtemp(prefix="mailbot-demo-"))
    imap = DemoImapServer()
    outbox = Collect()
    smtp = BoundController(outbox)
    imap_port, smtp_port = imap.port, smtp.port
    (folder / "config.toml").write_text(
        _CONFIG.format(
            address=DEMO_ADDRESS, password=DEMO_PASSWORD, imap_port=imap_port, smtp_port=smtp_port
        ),
        encoding="utf-8",
    )
    imap.start()
    smtp.start()
    try:
        count = _deliver_samples(imap_port)
        print(
            f"Delivered {count} sample replies to {DEMO_ADDRESS} "
            f"(IMAP on 127.0.0.1:{imap_port}, SMTP on 127.0.0.1:{smtp_port}).\n"
        )
        with App.build(load_config(folder / "config.toml")) as app:
            report = app.cycle().run()
            _print_report(app, report, outbox)
        return 1 if report.errors else 0
    finally:
        smtp.stop()
        imap.stop()
        if keep:
            print(f"\nThe demo's config and database are in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def _print_report(app: App, report: CycleReport, outbox: Collect) -> None:
    from mailbot.cli.output import format_cycle

    print("What the bot did with each message:")
    print(format_cycle(report))
    print("\nAttendees:")
    for person in app.store.attendees():
        print(
            f"  {person.status.value:<11} {person.email:<42} {person.name or ''}"
            + (f", {person.organisation}" if person.organisation else "")
        )
    print("\nAnswers the bot sent (as received by the SMTP server):")
    for msg in outbox.received:
        print(f"  to {msg['To']}: {msg['Subject']}")
        in_reply_to = str(msg["In-Reply-To"]).strip()
        print(f"     In-Reply-To {in_reply_to}, Auto-Submitted: {msg['Auto-Submitted']}")
    print("\nLeft for a human (mailbot review list):")
    for item in app.store.review_items():
        print(f"  {item.sender}: {item.subject!r}\n     why: {item.reason}")
