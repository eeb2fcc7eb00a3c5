"""A listening socket on this machine only: the workbench and ``serve`` open nothing another machine reaches."""

from __future__ import annotations

import socket

from crocus_data.safe_io.files import RefusedError

LOOPBACK = "127.0.0.1"  # never an address others can reach


def listen_on_loopback(port: int) -> socket.socket:
    """A socket listening on 127.0.0.1:``port`` (0: a free port); RefusedError, saying why, when it cannot."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((LOOPBACK, port))
    except OSError as exc:
        listener.close()
        raise RefusedError(f"cannot listen on {LOOPBACK}:{port}: {exc.strerror or exc}") from exc
    listener.listen()
    return listener
