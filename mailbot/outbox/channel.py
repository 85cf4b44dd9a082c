"""The seam between the drain and the ways a mail can leave: one small protocol.

The drain knows nothing of SMTP: it opens the channel an outbox row names, hands it the row,
and reads the ``SendError`` it may raise (temporary or not; ``SendLoginError`` when nothing can
go out until the config is fixed). A second channel (SMS, a webhook) is one new module with a
class like ``SmtpChannel`` and one more member of ``domain.model.Channel``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Protocol

from mailbot.domain.model import Channel
from mailbot.store.records import OutboxMail


class Transport(Protocol):
    """One open connection of a channel, for one drain."""

    async def open(self) -> None: ...

    async def deliver(self, mail: OutboxMail) -> None: ...

    async def close(self) -> None: ...

    @property
    def usable(self) -> bool:
        """False once the connection is lost: the drain stops using it."""
        ...


Transports = Mapping[Channel, Callable[[], Transport]]
