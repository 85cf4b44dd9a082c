"""What the receiving mail server says about the sender: its Authentication-Results, trusted only
when it is that server's own.

A sender can write any header, including an ``Authentication-Results: …; dmarc=pass``. The
receiving server puts its own result above everything the message arrived with, so only the
topmost header counts, and only when it names the server configured as ``[bot] authserv_id``.
Without that setting no result is trusted at all. Pure; never reads anything but the message.
"""

from __future__ import annotations

import re

from mailbot.domain.model import InboundMessage

_DMARC = re.compile(r"\bdmarc\s*=\s*([a-z]+)\b(?P<rest>[^;]*)", re.I)
_HEADER_FROM = re.compile(r"\bheader\.from\s*=\s*([^\s;]+)", re.I)


def dmarc_result(msg: InboundMessage, authserv_id: str | None) -> str | None:
    """``pass``, ``fail``, … as the configured server recorded it for the From domain; None
    where it recorded nothing we can trust."""
    if msg.sender is None or not authserv_id:
        return None
    results = msg.headers.get("authentication-results", ())
    if not results:
        return None
    top = results[0]
    server = top.split(";", 1)[0].strip().split()
    if not server or server[0].lower() != authserv_id.lower():
        return None  # added by the sender, or by a server we were not told to trust
    domain = msg.sender.email.rsplit("@", 1)[-1]
    for match in _DMARC.finditer(top):
        said_for = _HEADER_FROM.search(match.group("rest"))
        if said_for is None or said_for.group(1).lower().strip('"') == domain:
            return match.group(1).lower()
    return None


def sender_verified(msg: InboundMessage, authserv_id: str | None, require_dmarc: bool) -> bool:
    """Whether the From address may be believed as far as the mail system can tell: never after
    a trusted DMARC failure, and only after a trusted pass where the config requires one."""
    if msg.sender is None:
        return False
    result = dmarc_result(msg, authserv_id)
    if result == "fail":
        return False
    return result == "pass" if require_dmarc else True
