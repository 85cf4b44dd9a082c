"""Rendered replies to RFC 5322 bytes, ready for the outbox.

Every mail the bot writes says it is automatic (RFC 3834 ``Auto-Submitted``, Microsoft's
``X-Auto-Response-Suppress``), so well-behaved responders never answer it, and carries the
In-Reply-To/References of the message it answers, so it lands in the same thread. The Message-ID
holds a random token: knowing it proves that a reply comes from someone who received that mail.

The bytes are written here rather than by ``email.message.EmailMessage``, whose header registry
and generator took a third of the time a registration cost; what the package did for safety is
kept: a header value with CR or LF is refused (``parse`` already folded them out of attendee
input), non-ASCII text goes out as RFC 2047 encoded words, display names with specials as quoted
strings, long lines are folded, and a body picks 7bit, 8bit or quoted-printable as the package
did. An address with umlauts in its local part is written as UTF-8 (RFC 6532), for SMTPUTF8.
"""

from __future__ import annotations

import base64
import binascii
import functools
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from email.header import Header
from email.utils import encode_rfc2231, format_datetime

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
    headers = [
        _header("From", _mailbox(clean_line(envelope.bot_name), envelope.bot_address)),
        _header("To", _mailbox(clean_line(envelope.to_name), envelope.to_address)),
        _header("Subject", clean_line(mail.subject)),
        _header("Date", format_datetime(now)),
        _header("Message-ID", message_id),
    ]
    if envelope.in_reply_to:
        headers.append(_header("In-Reply-To", envelope.in_reply_to))
        references = (*envelope.references[-10:], envelope.in_reply_to)
        headers.append(_header("References", " ".join(references)))
    if envelope.reply_to:
        headers.append(_header("Reply-To", envelope.reply_to))
    automatic = "auto-replied" if envelope.solicited else "auto-generated"
    headers.append(_header("Auto-Submitted", automatic))
    headers.append(_header("X-Auto-Response-Suppress", "All"))
    if envelope.event_id:
        headers.append(_header("X-Mailbot-Event", envelope.event_id))
    headers.append(b"MIME-Version: 1.0")
    part = _multipart("alternative", [_text("plain", mail.text), _text("html", mail.html)])
    if attachments:
        part = _multipart("mixed", [part, *(_attachment(a) for a in attachments)])
    part_headers, body = part
    return _CRLF.join(headers + part_headers) + _CRLF + _CRLF + body


_CRLF = b"\r\n"
_LINE = 78  # what RFC 5322 asks lines to keep to, and where the email package folded
_WORD = 60  # a longer word in a display name or a subject goes out as encoded words
_ATOM = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+")
_DOT_ATOM = re.compile(r'[^\x00-\x20\x7f()<>\[\]:;@\\,."]+(\.[^\x00-\x20\x7f()<>\[\]:;@\\,."]+)*')
_Part = tuple[list[bytes], bytes]  # its header lines and its body


def _header(name: str, value: str) -> bytes:
    """One header line, folded at spaces where long; other text as RFC 2047 encoded words.
    ``To`` may hold an address with umlauts: it is written as UTF-8 (RFC 6532)."""
    if "\r" in value or "\n" in value:  # never a second header from a value
        raise ValueError(f"{name}: a header value may not contain CR or LF")
    words = value.split(" ")
    if name == "To" or (_plain(value) and all(len(word) <= _WORD for word in words)):
        lines = [f"{name}:"]
        for word in words:
            if len(lines[-1]) + 1 + len(word) > _LINE and lines[-1] != f"{name}:":
                lines.append("")
            lines[-1] += f" {word}"
        return "\r\n".join(lines).encode()
    return _encoded_header(name, value)


@functools.lru_cache(maxsize=256)
def _encoded_header(name: str, value: str) -> bytes:
    """A header as RFC 2047 encoded words. The email package takes most of a mail's composing
    time for them, and the subject of a template in one event is the same in every mail."""
    encoded = Header(value, "utf-8", header_name=name).encode(linesep="\r\n")
    return f"{name}: {encoded}".encode()


def _plain(text: str) -> bool:
    """Printable ASCII, written as it is; anything else (control characters too) is encoded."""
    return text.isascii() and text.isprintable()


def _mailbox(name: str, address: str) -> str:
    local, _, domain = address.rpartition("@")
    if not _DOT_ATOM.fullmatch(local):  # as the email package wrote it: quoted
        local = '"' + local.replace("\\", "\\\\").replace('"', '\\"') + '"'
    addr_spec = f"{local}@{domain}"
    if not name:
        return addr_spec
    words = name.split(" ")
    if all(_ATOM.fullmatch(word) and len(word) <= _WORD for word in words):
        phrase = name
    elif _plain(name) and all(len(word) <= _WORD for word in words):
        phrase = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    else:  # encoded words, a space between them where the header may fold
        phrase = Header(name, "utf-8").encode(linesep="\r\n").replace("\r\n ", " ")
    return f"{phrase} <{addr_spec}>"


def _text(subtype: str, text: str) -> _Part:
    """A text part as the email package encoded it: 7bit or 8bit while every line is short
    enough, else quoted-printable."""
    lines = text.encode("utf-8").splitlines()
    if max((len(line) for line in lines), default=0) <= _LINE:
        body = _CRLF.join(lines) + _CRLF
        encoding = "7bit" if body.isascii() else "8bit"
    else:
        body = binascii.b2a_qp(b"\n".join(lines) + b"\n", istext=True).replace(b"\n", _CRLF)
        encoding = "quoted-printable"
    headers = [
        f'Content-Type: text/{subtype}; charset="utf-8"'.encode(),
        f"Content-Transfer-Encoding: {encoding}".encode(),
    ]
    return headers, body


def _attachment(attachment: Attachment) -> _Part:
    name = attachment.filename
    if name.isascii() and '"' not in name and "\\" not in name:
        disposition = f'attachment; filename="{name}"'
    else:
        disposition = f"attachment; filename*={encode_rfc2231(name, 'utf-8')}"
    headers = [
        f"Content-Type: {attachment.maintype}/{attachment.subtype}".encode(),
        b"Content-Transfer-Encoding: base64",
        _header("Content-Disposition", disposition),
    ]
    return headers, base64.encodebytes(attachment.content).replace(b"\n", _CRLF)


def _multipart(subtype: str, parts: list[_Part]) -> _Part:
    """A multipart of the parts, with a boundary none of them contains."""
    inner = [_CRLF.join(headers) + _CRLF + _CRLF + body for headers, body in parts]
    boundary = b"=_" + secrets.token_hex(16).encode()
    while any(boundary in part for part in inner):
        boundary = b"=_" + secrets.token_hex(16).encode()
    delimiter = b"--" + boundary
    body = b"".join(delimiter + _CRLF + part + _CRLF for part in inner) + delimiter + b"--"
    content_type = b'Content-Type: multipart/%s;\r\n boundary="%s"' % (subtype.encode(), boundary)
    return [content_type], body + _CRLF
