"""The convention every ``crocus-data`` command follows, in one place (docs/cli.md says it in words).

- **The package** a command works on is its last positional argument, ``PATH``: a checkout, a data
  directory or a ``datapackage.json``. Without it, the working directory if it holds a
  ``datapackage.json``; otherwise commands that only read use the installed package, and commands
  that write refuse (they need a checkout). ``--root PATH`` is still read, as a deprecated spelling.
- **One ``--format`` vocabulary**: ``text`` for people, ``json`` for programs, ``github`` for GitHub
  workflow annotations, ``markdown`` for a job summary; each command offers those that apply.
- **Streams**: what the command was asked for (a report, problems, offsets, what it wrote) goes to
  stdout in the chosen format; what it says to a person along the way goes to stderr. With ``json``,
  stdout is always one JSON document, also when the input cannot be used.
- **Exit codes**: ``EXIT_CODES`` below, listed in ``crocus-data --help``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, NamedTuple

from crocus_data.echo import escape
from crocus_data.layout import DESCRIPTOR, installed_data_dir

OK, PROBLEMS, UNUSABLE = 0, 1, 2
INTERRUPTED = 130  # Ctrl-C: 128 + SIGINT, as a shell reports it
BROKEN_PIPE = 141  # the reader of stdout went away (`| head`): 128 + SIGPIPE, as a shell reports it
EXIT_CODES = {
    OK: "success: the data is valid, the command did what it was asked",
    PROBLEMS: "the data has problems (invalid, out of date, or not enough of a version bump)",
    UNUSABLE: "the input or the command line cannot be used (a missing path, an unreadable file, a bad option)",
    INTERRUPTED: "interrupted (Ctrl-C)",
    BROKEN_PIPE: "the program reading the output stopped reading (e.g. `| head`); nothing more is written",
}
# The one vocabulary of --format; each command offers the values that apply to what it reports.
FORMATS = {
    "text": "readable text (the default)",
    "json": "one JSON document on stdout, always, also when the input cannot be used",
    "github": "GitHub workflow commands (annotations on the files)",
    "markdown": "Markdown, for a GitHub job summary",
}
# The JSON every command writes when it cannot do its job: versioned like the reports.
ERROR_FORMAT_VERSION = 1


def exit_codes_epilog() -> str:
    return "exit status:\n" + "\n".join(f"  {code:>3}  {meaning}" for code, meaning in EXIT_CODES.items())


def add_format(parser: argparse.ArgumentParser, *choices: str) -> None:
    """``--format`` with the values of the one vocabulary that this command offers."""
    unknown = set(choices) - set(FORMATS)
    assert not unknown, unknown
    parser.add_argument(
        "--format",
        choices=choices,
        default="text",
        help="; ".join(f"{name}: {FORMATS[name]}" for name in choices),
    )


def add_package(parser: argparse.ArgumentParser, *, writes: bool) -> None:
    """The positional PATH naming the package, and ``--root``, its deprecated spelling."""
    default = (
        "the working directory (a checkout)"
        if writes
        else "the working directory if it holds a datapackage.json, else the installed package"
    )
    parser.add_argument(
        "path",
        metavar="PATH",
        nargs="?",
        help=f"the package: a checkout, a data directory or a {DESCRIPTOR} (default: {default})",
    )
    parser.add_argument("--root", help=argparse.SUPPRESS)  # before 0.3.0; PATH now
    parser.set_defaults(writes=writes)


class Target(NamedTuple):
    """The package a command works on: where it is, and which it is, in words."""

    path: Path
    words: str
    installed: bool = False


class UnusableInputError(Exception):
    """The command cannot do its job with this input; the message is one line (exit 2)."""


def target(args: argparse.Namespace) -> Target:
    """The package PATH names, or the default the convention gives (see the module docstring)."""
    given = args.path or args.root
    if args.root and not args.path:
        print("crocus-data: --root is deprecated; name the package as the last argument, PATH", file=sys.stderr)
    if given:
        return Target(Path(given), f"the package at {given}")
    if Path(DESCRIPTOR).is_file():
        return Target(Path(), "the data package in the working directory")
    if args.writes:
        raise UnusableInputError(
            f"no {DESCRIPTOR} in the working directory: run this in a checkout, or name one as PATH"
        )
    return Target(installed_data_dir(), "the installed package (name a checkout as PATH to check that)", True)


def say(message: str) -> None:
    """A message to the person running the command: stderr, escaped."""
    print(f"crocus-data: {escape(message)}", file=sys.stderr)


def error_document(command: str, message: str, status: int = UNUSABLE) -> str:
    """The JSON a command prints on stdout when it cannot do its job."""
    import json

    document: dict[str, Any] = {
        "format_version": ERROR_FORMAT_VERSION,
        "command": command,
        "exit_status": status,
        "error": escape(message),
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def unusable(args: argparse.Namespace, message: str) -> int:
    """Report input the command cannot use: one line on stderr, and with ``--format json`` a document."""
    say(message)
    if getattr(args, "format", "text") == "json":
        print(error_document(args.command, message))
    return UNUSABLE


def dumps(document: Any) -> str:
    import json

    return json.dumps(document, indent=2, ensure_ascii=False)
