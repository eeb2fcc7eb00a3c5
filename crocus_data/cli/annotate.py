"""``crocus-data annotate SRC [PATH]``: the encoding workbench for one source of a checkout, in a browser.

Starlette and uvicorn are in the ``annotate`` extra; without them the command says how to install
them. The page is served on 127.0.0.1 only, at an address holding a fresh random token, and opened in
the default browser (``--no-browser``: only printed).
"""

from __future__ import annotations

import argparse
import re
import sys

from crocus_data.cli.convention import OK, UnusableInputError, add_format, add_package, dumps, say, target
from crocus_data.layout import DATA_DIR

INSTALL = "pip install 'crocus-data[annotate]'"
SOURCE_ID = re.compile(r"src-[a-z0-9]+(?:-[a-z0-9]+)*")


def cmd_annotate(args: argparse.Namespace) -> int:
    from crocus_data.safe_io.files import RefusedError, is_directory_inside

    package = target(args)
    checkout = package.path.parent if package.path.is_file() else package.path
    if not is_directory_inside(checkout, DATA_DIR.as_posix()):
        raise UnusableInputError(f"{checkout} is not a checkout: {DATA_DIR.as_posix()} is not a folder inside it")
    if not SOURCE_ID.fullmatch(args.source_id):
        raise UnusableInputError(f"{args.source_id!r} is not a source id (src-005, say: add-source prints it)")
    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as exc:
        raise UnusableInputError(f"crocus-data annotate needs Starlette and uvicorn, not installed: {INSTALL}") from exc
    from crocus_data.annotate.server import run
    from crocus_data.annotate.workbench import WorkbenchError

    def announce(url: str) -> None:
        if args.format == "json":
            print(dumps({"format_version": 1, "command": "annotate", "source_id": args.source_id, "url": url}))
        else:
            print(url)
        sys.stdout.flush()
        say(f"encoding {args.source_id} of {package.words} at {url} (this machine only); Ctrl-C stops it")
        if not args.no_browser:
            import webbrowser

            webbrowser.open(url)

    try:
        run(checkout, args.source_id, args.port, announce)
    except (WorkbenchError, RefusedError) as exc:
        raise UnusableInputError(str(exc)) from exc
    return OK


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    annotate = commands.add_parser(
        "annotate",
        help=f"encode a source in a browser: select its words, fill the forms, get valid rows ({INSTALL})",
        description="Serve the encoding workbench for one source of a checkout on 127.0.0.1 and open it: select "
        "words in the text, fill the form the models generate, and each save is validated before it writes rows "
        "with exact offsets. Ctrl-C stops it. Add the document first with `crocus-data add-source FILE`.",
    )
    annotate.add_argument("source_id", metavar="SRC", help="the source to encode, e.g. src-005 (add-source prints it)")
    annotate.add_argument("--port", type=int, default=0, help="the port (default 0: any free one)")
    annotate.add_argument("--no-browser", action="store_true", help="print the address, do not open a browser")
    add_format(annotate, "text", "json")
    add_package(annotate, writes=True)
    annotate.set_defaults(run=cmd_annotate)
