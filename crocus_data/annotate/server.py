"""Running the workbench: a socket on 127.0.0.1 only, a fresh token, uvicorn until Ctrl-C."""

from __future__ import annotations

import secrets
import socket
from collections.abc import Callable
from pathlib import Path

from crocus_data.annotate.guard import HOST
from crocus_data.annotate.workbench import Workbench
from crocus_data.safe_io.files import RefusedError


def listen(port: int) -> socket.socket:
    """A socket listening on 127.0.0.1 (never an address other machines reach); port 0 takes a free one."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((HOST, port))
    except OSError as exc:
        listener.close()
        raise RefusedError(f"cannot listen on {HOST}:{port}: {exc.strerror or exc}") from exc
    listener.listen()
    return listener


def run(root: Path, source_id: str, port: int, announce: Callable[[str], None]) -> None:
    """Serve the workbench for ``source_id`` of the checkout ``root`` until interrupted.

    ``announce(url)`` is called once the socket listens, with the address and its token.
    """
    import uvicorn

    from crocus_data.annotate.app import create_app

    workbench = Workbench(root, source_id)
    token = secrets.token_urlsafe(32)
    listener = listen(port)
    bound = listener.getsockname()[1]
    app = create_app(workbench, token, bound)
    config = uvicorn.Config(
        app, log_level="warning", access_log=False, server_header=False, proxy_headers=False, lifespan="off"
    )
    announce(f"http://{HOST}:{bound}/?token={token}")
    uvicorn.Server(config).run(sockets=[listener])
