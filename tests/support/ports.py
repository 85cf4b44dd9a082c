"""Ports for in-process servers, bound before anyone is told the number.

Choosing a free port and binding it later leaves a moment in which another process can take it.
Here the socket is bound (to port 0, so the kernel picks) and held, and the server is started
on that very socket.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager

from mailbot.cli.demo import BoundController

__all__ = ["BoundController", "listening_socket", "refused_port"]


def listening_socket() -> socket.socket:
    """A listening socket on a port of its own; the caller accepts on it and closes it."""
    return socket.create_server(("127.0.0.1", 0))


@contextmanager
def refused_port() -> Iterator[int]:
    """A port where every connection is refused for as long as the block runs: it is bound
    here and never listens, so no other process can start listening on it meanwhile."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        yield int(held.getsockname()[1])
