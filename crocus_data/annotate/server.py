"""Running the workbench: a socket on 127.0.0.1 only, a fresh token, uvicorn until Ctrl-C."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from pathlib import Path

from crocus_data.annotate.workbench import Workbench
from crocus_data.safe_io.loopback import LOOPBACK, listen_on_loopback


def run(root: Path, source_id: str, port: int, announce: Callable[[str], None]) -> None:
    """Serve the workbench for ``source_id`` of the checkout ``root`` until interrupted.

    ``announce(url)`` is called once the socket listens, with the address and its token.
    """
    import uvicorn

    from crocus_data.annotate.app import create_app

    workbench = Workbench(root, source_id)
    token = secrets.token_urlsafe(32)
    listener = listen_on_loopback(port)
    bound = listener.getsockname()[1]
    app = create_app(workbench, token, bound)
    config = uvicorn.Config(
        app, log_level="warning", access_log=False, server_header=False, proxy_headers=False, lifespan="off"
    )
    announce(f"http://{LOOPBACK}:{bound}/?token={token}")
    uvicorn.Server(config).run(sockets=[listener])
