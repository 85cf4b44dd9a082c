"""Rendered replies to RFC 5322 bytes, ready for the outbox.

Every mail the bot writes says it is automatic (RFC 3834 ``Auto-Submitted``, Microsoft's
``X-Auto-Response-Suppress``), so well-behaved responders never answer it, and carries the
In-Reply-To/References of the message it answers, so it lands in the same thread. Header values
that come from attendee input pass through ``email.headerregistry``, which encodes them; CR and LF
were already folded away by ``parse``. The Message-ID holds a random token: knowing it proves
that a reply comes from someone who received that mail.
"""

from __future__ import annotations

import email.policy
import secrets
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from mailbot.compose.templates import RenderedMail
from mailbot.understand.parse import clean_line

MESSAGE_ID_PREFIX = "mailbot."


def new_message_id(bot_address: str) -> str:
    domain = bot_address.rsplit("@", 1)[-1]
    return f"<{MESSAGE_ID_PREFIX}{secrets.token_urlsafe(24)}@{domain}>"


@dataclass(frozen=True)
class Envelope:
    """Who writes to whom, and in answer to what."""

    bot_name: str
    bot_address: str
    to_address: str
    to_name: str
    event_id: str | None  # None: mail about no one event
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    solicited: bool = True  # an answer (auto-replied) or unprompted (auto-generated)
    reply_to: str | None = None


@dataclass(frozen=True)
class Attachment:
    filename: str
    maintype: str
    subtype: str
    content: bytes


def compose(
    mail: RenderedMail,
    envelope: Envelope,
    message_id: str,
    now: datetime,
    attachments: tuple[Attachment, ...] = (),
) -> bytes:
    # an address with umlauts in its local part can only be written as UTF-8 (RFC 6532)
    international = not envelope.to_address.isascii()
    msg = EmailMessage(policy=email.policy.SMTPUTF8 if international else email.policy.SMTP)
    msg["From"] = Address(
        display_name=clean_line(envelope.bot_name), addr_spec=envelope.bot_address
    )
    local, _, domain = envelope.to_address.rpartition("@")
    # from its parts: parsing an addr_spec refuses the umlauts that SMTPUTF8 allows
    msg["To"] = Address(display_name=clean_line(envelope.to_name), username=local, domain=domain)
    msg["Subject"] = clean_line(mail.subject)
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = message_id
    if envelope.in_reply_to:
        msg["In-Reply-To"] = envelope.in_reply_to
        msg["References"] = " ".join((*envelope.references[-10:], envelope.in_reply_to))
    if envelope.reply_to:
        msg["Reply-To"] = envelope.reply_to
    msg["Auto-Submitted"] = "auto-replied" if envelope.solicited else "auto-generated"
    msg["X-Auto-Response-Suppress"] = "All"
    if envelope.event_id:
        msg["X-Mailbot-Event"] = envelope.event_id
    msg.set_content(mail.text)
    msg.add_alternative(mail.html, subtype="html")
    for attachment in attachments:
        msg.add_attachment(
            attachment.content,
            maintype=attachment.maintype,
            subtype=attachment.subtype,
            filename=attachment.filename,
        )
    return msg.as_bytes()
