"""The SMTP edge: one connection per outbox drain, many messages through it.

aiosmtplib's errors become ``SendError``, which knows whether trying again later may help:
4xx replies and lost connections are temporary, 5xx replies permanent. A refused login is a
``SendLoginError``: nothing can go out until the config is fixed, and no message is blamed.
"""

from __future__ import annotations

import aiosmtplib

from mailbot.config import SmtpSettings
from mailbot.errors import ConfigError, SendError, SendLoginError
from mailbot.mail.tls import client_context, describe_failure


class SmtpConnection:
    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self.where = f"SMTP {settings.host}:{settings.port}"
        self._smtp: aiosmtplib.SMTP | None = None

    async def connect(self) -> None:
        settings = self.settings
        try:
            password = settings.password.resolve() if settings.username else None
        except ConfigError as exc:  # nothing can go out until the config is fixed
            raise SendLoginError(str(exc)) from exc
        context = client_context(settings.verify_tls) if settings.security != "none" else None
        smtp = aiosmtplib.SMTP(
            hostname=settings.host,
            port=settings.port,
            use_tls=settings.security == "tls",
            start_tls=settings.security == "starttls",
            tls_context=context,
            timeout=settings.timeout_seconds,
        )
        try:
            await smtp.connect()
            if settings.username:
                await smtp.login(settings.username, password or "")
        except aiosmtplib.SMTPAuthenticationError as exc:
            await _quietly_quit(smtp)
            raise SendLoginError(
                f"{self.where}: login refused for user {settings.username} "
                "(check [smtp] username and the password)"
            ) from exc
        except (aiosmtplib.SMTPException, OSError) as exc:
            await _quietly_quit(smtp)
            raise SendError(
                f"{self.where}: cannot connect: {describe_failure(exc)}", temporary=True
            ) from exc
        self._smtp = smtp

    async def close(self) -> None:
        if self._smtp is not None:
            await _quietly_quit(self._smtp)
            self._smtp = None

    async def ehlo_features(self) -> list[str]:
        """What the server offered after EHLO, for ``mailbot doctor``."""
        if self._smtp is None:
            raise SendError(f"{self.where}: not connected", temporary=True)
        if not self._smtp.esmtp_extensions:
            await self._smtp.ehlo()
        return sorted(self._smtp.esmtp_extensions)

    async def offers_smtputf8(self) -> bool:
        """Whether the server takes addresses with umlauts in the local part (RFC 6531)."""
        return "smtputf8" in await self.ehlo_features()

    async def send(self, mail_from: str, to_address: str, raw: bytes) -> None:
        if self._smtp is None:
            raise SendError(f"{self.where}: not connected", temporary=True)
        # an address with umlauts travels only with SMTPUTF8 (the mail was composed for it)
        options = ["SMTPUTF8"] if not to_address.isascii() else None
        try:
            await self._smtp.sendmail(mail_from, [to_address], raw, mail_options=options)
        except aiosmtplib.SMTPNotSupported as exc:
            raise SendError(
                f"{self.where}: cannot send to {to_address}: the server does not offer SMTPUTF8",
                temporary=False,
            ) from exc
        except aiosmtplib.SMTPRecipientsRefused as exc:
            refusals = exc.recipients
            temporary = all(400 <= r.code < 500 for r in refusals)
            detail = "; ".join(f"{r.code} {r.message}" for r in refusals)
            raise SendError(
                f"{self.where}: refused {to_address}: {detail}", temporary=temporary
            ) from exc
        except aiosmtplib.SMTPResponseException as exc:
            raise SendError(
                f"{self.where}: {exc.code} {exc.message}", temporary=400 <= exc.code < 500
            ) from exc
        except (aiosmtplib.SMTPException, OSError) as exc:
            self._smtp = None  # the connection is gone; the drain stops here
            raise SendError(f"{self.where}: {describe_failure(exc)}", temporary=True) from exc

    @property
    def connected(self) -> bool:
        return self._smtp is not None


async def _quietly_quit(smtp: aiosmtplib.SMTP) -> None:
    try:
        if smtp.is_connected:
            await smtp.quit()
    except Exception:  # noqa: BLE001 - closing a broken connection may fail in any way
        smtp.close()
