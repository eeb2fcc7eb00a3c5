"""``crocus-data``: the parser, and the one place that turns whatever happens into an exit status.

Nothing heavy is imported here: each command imports what it needs when it runs, so ``--help`` and
``--version`` answer in tens of milliseconds (benchmarks/startup.py).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from crocus_data.cli import annotate, editing, history, package_commands, serve
from crocus_data.cli.convention import (
    BROKEN_PIPE,
    INTERRUPTED,
    UNUSABLE,
    UnusableInputError,
    error_document,
    exit_codes_epilog,
    unusable,
)
from crocus_data.echo import escape
from crocus_data.version import __version__

DESCRIPTION = (
    "Validate, build, edit and compare crocus-data packages: the hand-encoded, attributed dataset of the "
    "Crocus City Hall attack and its aftermath. Conventions (PATH, --format, streams, exit status): docs/cli.md."
)


def parser() -> argparse.ArgumentParser:
    top: argparse.ArgumentParser = _Parser(
        prog="crocus-data",
        description=DESCRIPTION,
        epilog=exit_codes_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    top.add_argument("--version", action="version", version=f"crocus-data {__version__}")
    top.add_argument("--debug", action="store_true", help="show the traceback of an unexpected error")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    package_commands.register(commands)  # validate, info, build
    editing.register(commands)  # add-source, locate, fill-offsets
    history.register(commands)  # diff, gate, release-manifest
    serve.register(commands)  # serve
    annotate.register(commands)  # annotate
    for command in commands.choices.values():
        command.epilog = exit_codes_epilog()
        command.formatter_class = argparse.RawDescriptionHelpFormatter
        # Also after the command's name; SUPPRESS keeps a --debug given before it.
        command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return top


def _wants_json(argv: Sequence[str]) -> bool:
    return any(
        a == "--format=json" or (a == "--format" and b == "json") for a, b in zip(argv, [*argv[1:], ""], strict=True)
    )


class _Parser(argparse.ArgumentParser):
    """argparse, except that a command line asking for JSON gets its usage error as a JSON document too."""

    argv: Sequence[str] = ()

    def error(self, message: str) -> NoReturn:
        if _wants_json(self.argv):
            print(error_document(self.prog, f"the command line cannot be used: {message}"))
        super().error(message)


def _stdout_gone() -> int:
    """The reader of stdout left (`crocus-data validate | head`): say nothing more, anywhere."""
    with contextlib.suppress(OSError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return BROKEN_PIPE


def main(argv: Sequence[str] | None = None) -> int:
    line = sys.argv[1:] if argv is None else list(argv)
    _Parser.argv = line
    top = parser()
    args, extra = top.parse_known_args(line)
    # argparse matches a trailing optional PATH before options it has not read yet: `add-source FILE --id X
    # PATH` leaves PATH over. Take it as what it is; anything else left over is an error, as usual.
    if len(extra) == 1 and not extra[0].startswith("-") and getattr(args, "path", "") is None:
        args.path = extra[0]
    elif extra:
        top.parse_args(line)  # exits 2 with argparse's own message about what was not recognised
    try:
        status: int = args.run(args)
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        return _stdout_gone()
    except KeyboardInterrupt:
        print("crocus-data: interrupted", file=sys.stderr)
        return INTERRUPTED
    except UnusableInputError as exc:
        return unusable(args, str(exc))
    except Exception as exc:  # the promise: one line, never a traceback, unless asked for with --debug
        if args.debug:
            import traceback

            traceback.print_exc()
        else:
            print(
                f"crocus-data: unexpected error ({type(exc).__name__}: {escape(str(exc))}); run again with --debug to "
                "see where, "
                "and please report it",
                file=sys.stderr,
            )
        if getattr(args, "format", None) == "json":
            print(error_document(args.command, f"unexpected error ({type(exc).__name__})"))
        return UNUSABLE


if __name__ == "__main__":
    sys.exit(main())
