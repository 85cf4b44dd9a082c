"""The one place TLS contexts are made: verification is on unless the config says otherwise."""

from __future__ import annotations

import ssl


def client_context(verify: bool) -> ssl.SSLContext:
    context = ssl.create_default_context()
    if not verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context
