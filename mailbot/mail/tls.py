"""What the IMAP and SMTP edges share: TLS contexts and plain words for network failures.

Verification is on unless the config says otherwise explicitly.
"""

from __future__ import annotations

import errno
import functools
import socket
import ssl


@functools.cache
def client_context(verify: bool) -> ssl.SSLContext:
    """One per process: loading the system's certificates takes about 50 ms, and each drain
    opens up to ``[smtp] connections`` connections. Connections only read a context."""
    context = ssl.create_default_context()
    if not verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def _chain(exc: BaseException) -> list[BaseException]:
    found: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in found:
        found.append(current)
        current = current.__cause__ or current.__context__
    return found


def describe_failure(exc: BaseException) -> str:
    """One short phrase for what went wrong on the wire; never includes credentials."""
    for cause in _chain(exc):
        if isinstance(cause, ssl.SSLCertVerificationError):
            return (
                f"TLS certificate not trusted ({cause.verify_message}); "
                "set verify_tls = false only for a server you trust"
            )
        if isinstance(cause, ConnectionRefusedError) or getattr(cause, "errno", None) == (
            errno.ECONNREFUSED
        ):
            return "connection refused"
        if isinstance(cause, socket.gaierror):
            return "unknown host"
        if isinstance(cause, TimeoutError):
            return "timed out"
    # aiosmtplib's SMTPConnectError keeps only the text of the refused connect call
    if "Errno 111" in str(exc) or "Connect call failed" in str(exc):
        return "connection refused"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
