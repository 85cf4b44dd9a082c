"""The SMTP channel: outbox rows handed to the SMTP edge, with the bot as envelope sender.

The envelope sender is the bot's own address, so bounces of its mail come back to its inbox
and are recognised there. Errors are the edge's ``SendError``; nothing is translated here.
"""

from __future__ import annotations

from mailbot.mail.smtp import SmtpConnection
from mailbot.store.records import OutboxMail


class SmtpChannel:
    def __init__(self, connection: SmtpConnection, bot_address: str) -> None:
        self.connection = connection
        self.bot_address = bot_address

    async def open(self) -> None:
        await self.connection.connect()

    async def deliver(self, mail: OutboxMail) -> None:
        await self.connection.send(self.bot_address, mail.to_address, mail.raw)

    async def close(self) -> None:
        await self.connection.close()

    @property
    def usable(self) -> bool:
        return self.connection.connected
