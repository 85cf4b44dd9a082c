"""Addresses with umlauts: sent with SMTPUTF8 where the server offers it, refused for good
where it does not; a domain with umlauts is written in its ASCII form and needs nothing."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from mailbot.compose.mime import Envelope, compose, new_message_id
from mailbot.compose.templates import RenderedMail
from mailbot.config import PasswordSource, SmtpSettings
from mailbot.errors import SendError
from mailbot.jobs.invite_list import read_list
from mailbot.mail.smtp import SmtpConnection
from tests.support.mailservers import free_port

NOW = datetime(2024, 10, 21, 9, 0, tzinfo=UTC)
JOERG = "jörg.müller@gemeinde.example"


class Keeping:
    def __init__(self) -> None:
        self.received: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.received.append((list(envelope.rcpt_tos), bytes(envelope.content)))
        return "250 OK"


def smtp_server(utf8: bool) -> Iterator[tuple[SmtpSettings, Keeping]]:
    handler = Keeping()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, enable_SMTPUTF8=utf8)
    controller.start()
    settings = SmtpSettings(
        "127.0.0.1", port, "none", None, PasswordSource("[smtp] password", Path(".")), True, 10
    )
    yield settings, handler
    controller.stop()


@pytest.fixture
def utf8_server() -> Iterator[tuple[SmtpSettings, Keeping]]:
    yield from smtp_server(utf8=True)


@pytest.fixture
def ascii_server() -> Iterator[tuple[SmtpSettings, Keeping]]:
    yield from smtp_server(utf8=False)


def invitation_to(address: str) -> bytes:
    rendered = RenderedMail("Einladung", "Guten Tag Jörg Müller,\n", "<p>Guten Tag</p>")
    envelope = Envelope("Anmeldung", "anmeldung@example.org", address, "Jörg Müller", "werkstatt")
    return compose(rendered, envelope, new_message_id("anmeldung@example.org"), NOW)


async def send(settings: SmtpSettings, address: str) -> bool:
    connection = SmtpConnection(settings)
    await connection.connect()
    try:
        offered = await connection.offers_smtputf8()
        await connection.send("anmeldung@example.org", address, invitation_to(address))
    finally:
        await connection.close()
    return offered


def test_an_address_with_umlauts_goes_out_where_the_server_offers_smtputf8(
    utf8_server: tuple[SmtpSettings, Keeping],
) -> None:
    settings, server = utf8_server
    assert asyncio.run(send(settings, JOERG)) is True
    ((recipients, raw),) = server.received
    assert recipients == [JOERG]
    # the header carries the address as UTF-8 (RFC 6532), as the envelope does
    assert f"<{JOERG}>".encode() in raw.split(b"\r\n\r\n", 1)[0]


def test_without_smtputf8_it_is_refused_for_good_and_nothing_is_sent(
    ascii_server: tuple[SmtpSettings, Keeping],
) -> None:
    settings, server = ascii_server
    with pytest.raises(SendError, match="does not offer SMTPUTF8") as refused:
        asyncio.run(send(settings, JOERG))
    assert not refused.value.temporary
    assert server.received == []


def test_a_domain_with_umlauts_is_read_in_its_ascii_form(tmp_path: Path) -> None:
    path = tmp_path / "liste.csv"
    path.write_text("E-Mail;Name\ninfo@müller-bau.example;Eva Müller\n", encoding="utf-8")
    (eva,) = read_list(path, "de").people
    assert eva.email == "info@xn--mller-bau-q9a.example"
