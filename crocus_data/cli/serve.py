"""``crocus-data serve``: the package's SQLite database in Datasette, on 127.0.0.1 only, read-only.

Datasette is in the ``serve`` extra; without it the command says how to install it. The database is
opened immutable (nothing can write to it), with the metadata generated from the models of this
crocus-data (descriptions, licences, units, canned queries), and with Datasette's own built-in
plugins only: any other Datasette plugin installed in the environment is unregistered first, so
nothing runs SQL the user did not send.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from crocus_data.cli.convention import (
    OK,
    Target,
    UnusableInputError,
    add_format,
    add_package,
    dumps,
    say,
    target,
)
from crocus_data.echo import escape
from crocus_data.layout import DATA_DIR, DESCRIPTOR, SQLITE
from crocus_data.safe_io.files import RefusedError
from crocus_data.safe_io.loopback import LOOPBACK, listen_on_loopback

DEFAULT_PORT = 8001
INSTALL = "pip install 'crocus-data[serve]'"
# Datasette's settings: its defaults, said here so that a reader sees them; SQL is read-only on an immutable file.
SETTINGS = {"default_allow_sql": True, "allow_download": True, "allow_facet": True, "sql_time_limit_ms": 1000}


def database_of(package: Target) -> Path:
    """The SQLite database of the package (a checkout, a data directory or a descriptor)."""
    from crocus_data.safe_io.files import check_regular

    base = package.path.parent if package.path.name == DESCRIPTOR else package.path
    candidates = [base / SQLITE, base / DATA_DIR / SQLITE]
    for candidate in candidates:
        _, problem = check_regular(candidate, str(candidate))
        if problem is None:
            return candidate
    raise UnusableInputError(
        f"no {SQLITE} in {package.words}: run `crocus-data build` in the checkout to make it, or name a package as PATH"
    )


def _only_builtin_plugins() -> None:
    """Unregister every Datasette plugin that is not Datasette's own (installed ones load on import)."""
    from datasette import plugins

    for name, plugin in list(plugins.pm.list_name_plugin()):
        if name not in plugins.DEFAULT_PLUGINS:
            plugins.pm.unregister(plugin)


def _serve(database: Path, metadata: dict[str, Any], port: int, announce: Any) -> None:
    """Run Datasette on ``LOOPBACK:port`` (0: a free port) until interrupted; ``announce(url)`` once it listens."""
    import asyncio

    import uvicorn
    from datasette.app import Datasette

    _only_builtin_plugins()
    app = Datasette(immutables=[str(database)], metadata=metadata, settings=SETTINGS)
    asyncio.run(app.invoke_startup())
    try:
        listener = listen_on_loopback(port)
    except RefusedError as exc:
        raise UnusableInputError(str(exc)) from exc
    server = uvicorn.Server(uvicorn.Config(app.app(), log_level="warning"))
    announce(f"http://{LOOPBACK}:{listener.getsockname()[1]}/")
    server.run(sockets=[listener])


def cmd_serve(args: argparse.Namespace) -> int:
    package = target(args)
    database = database_of(package)
    try:
        import datasette  # noqa: F401
    except ImportError as exc:
        raise UnusableInputError(f"crocus-data serve needs Datasette, which is not installed: {INSTALL}") from exc
    from crocus_data.published.datasette_metadata import DATABASE, QUERIES, metadata

    def announce(url: str) -> None:
        if args.format == "json":
            queries = {name: f"{url}{DATABASE}/{name}" for name in QUERIES}
            document = {"format_version": 1, "command": "serve", "url": url, "database": escape(str(database))}
            print(dumps({**document, "queries": queries}))
        else:
            print(url)
        sys.stdout.flush()
        words = "the installed package" if package.installed else package.words
        say(f"serving {words} in Datasette at {url}, read-only; Ctrl-C stops it")

    _serve(database, metadata(), args.port, announce)
    return OK


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = commands.add_parser(
        "serve",
        help=f"explore the data in Datasette in a browser, on this machine only ({INSTALL})",
        description="Start Datasette on 127.0.0.1 with the package's SQLite database, read-only: browse, filter, "
        "facet, search and export every table, and run the canned queries. Ctrl-C stops it.",
    )
    serve.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"the port (default {DEFAULT_PORT}; 0: any free one)"
    )
    add_format(serve, "text", "json")
    add_package(serve, writes=False)
    serve.set_defaults(run=cmd_serve)
