"""The commands that help edit the records: add-source, locate and fill-offsets."""

from __future__ import annotations

import argparse
from pathlib import Path

from crocus_data.cli.convention import (
    PROBLEMS,
    UnusableInputError,
    add_format,
    add_package,
    dumps,
    say,
    target,
    unusable,
)
from crocus_data.echo import escape
from crocus_data.layout import DATA_DIR, record_file


def _checkout(args: argparse.Namespace) -> Path:
    """The checkout a writing command works in (PATH may name its descriptor)."""
    path = target(args).path
    return path.parent if path.is_file() else path


def _data_dir(checkout: Path) -> Path:
    """The checkout's data directory, if it is a folder inside it (never a link out of it)."""
    from crocus_data.safe_io.files import is_directory_inside

    if not is_directory_inside(checkout, DATA_DIR.as_posix()):
        raise UnusableInputError(f"{checkout} is not a checkout: {DATA_DIR.as_posix()} is not a folder inside it")
    return checkout / DATA_DIR


def cmd_add_source(args: argparse.Namespace) -> int:
    from crocus_data.editing.add_source import AddSourceError, add_source, report

    file = Path(args.file)
    try:
        added = add_source(_checkout(args), file, args.id)
    except AddSourceError as exc:
        if exc.status == 2:
            return unusable(args, str(exc))
        say(str(exc))
        if args.format == "json":
            print(dumps({"format_version": 1, "exit_status": exc.status, "error": escape(str(exc))}))
        return exc.status
    if args.format == "json":
        document = {
            "format_version": 1,
            "exit_status": 0,
            "source_id": added.source_id,
            "filename": escape(added.filename),
            "sha256": added.sha256,
            "bytes": added.size,
            "published": None if added.dateline is None else added.dateline.day.isoformat(),
            "written": [escape(path.as_posix()) for path in added.written],
            "sentences": [{"number": s.number, "text": escape(s.text)} for s in added.split.sentences],
        }
        print(dumps(document))
    else:
        print(report(added, file.name))  # every value in it escaped, so its lines are its own
    return 0


def cmd_locate(args: argparse.Namespace) -> int:
    from crocus_data.locate import LocateError, locate

    try:
        text = Path(args.file).read_text(encoding="utf-8") if args.file is not None else _source_text(args)
        start, end = locate(text, args.quote, args.occurrence)
    except (OSError, UnicodeDecodeError) as exc:
        return unusable(args, f"cannot read the text: {exc}")
    except UnusableInputError as exc:
        return unusable(args, str(exc))
    except LocateError as exc:
        hint = " or choose one with --occurrence N" if exc.starts else ""
        say(f"{exc}{hint}")
        if args.format == "json":
            document = {"format_version": 1, "exit_status": PROBLEMS, "error": escape(str(exc)), "starts": exc.starts}
            print(dumps(document))
        return PROBLEMS
    if args.format == "json":
        print(dumps({"format_version": 1, "exit_status": 0, "start": start, "end": end}))
    else:
        print(f"start={start} end={end}")
    return 0


def _source_text(args: argparse.Namespace) -> str:
    """The text of SOURCE_ID in the package PATH names (the installed one by default)."""
    from crocus_data.reader.package import descriptor_of, from_descriptor

    package = target(args)
    if package.installed:
        from crocus_data.loaders import source_text

        try:
            return source_text(args.source_id)
        except KeyError as exc:
            raise UnusableInputError(str(exc.args[0])) from exc
    descriptor = descriptor_of(package.path)
    if descriptor is None:
        raise UnusableInputError(f"no datapackage.json in {package.words}")
    read = from_descriptor(descriptor)
    text = read.text(args.source_id)
    if text is None:
        raise UnusableInputError(f"no source text {args.source_id!r}; the sources are: {', '.join(read.texts)}")
    return text


def cmd_fill_offsets(args: argparse.Namespace) -> int:
    from crocus_data.checks.report import FORMATS, Report
    from crocus_data.editing.fill_offsets import fill_offsets_in
    from crocus_data.safe_io.files import RefusedError

    checkout = _checkout(args)
    evidence = (DATA_DIR / record_file("evidence")).as_posix()
    try:
        problems = fill_offsets_in(_data_dir(checkout), display_prefix=f"{DATA_DIR.as_posix()}/", root=checkout)
    except RefusedError as exc:
        return unusable(args, f"{exc}; nothing was written to {evidence}")
    if problems:
        say(f"nothing was written to {evidence}")
        report = Report(problems, package=target(args).words)
        print(FORMATS[args.format](report))
        return report.exit_status
    if args.format == "json":
        print(dumps({"format_version": 1, "exit_status": 0, "written": [evidence]}))
    else:
        print(f"filled offsets in {evidence}")
    return 0


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    add = commands.add_parser(
        "add-source",
        help="copy a document into the package, byte for byte, and write its sources row and descriptor entry",
    )
    add.add_argument("file", help="the document: a UTF-8 text file in Unicode NFC")
    add.add_argument("--id", help="its source id (default: the next free src-NNN)")
    add_package(add, writes=True)
    add_format(add, "text", "json")
    add.set_defaults(run=cmd_add_source)

    locate = commands.add_parser("locate", help="print the offsets of a quote in a source text")
    locate.add_argument("source_id", help="e.g. src-000")
    locate.add_argument("quote", help="the exact words")
    add_package(locate, writes=False)
    locate.add_argument("--occurrence", type=int, help="which occurrence, when the quote occurs more than once")
    locate.add_argument("--file", help="read this text file instead of the package's source text")
    add_format(locate, "text", "json")
    locate.set_defaults(run=cmd_locate)

    fill = commands.add_parser("fill-offsets", help="fill empty start/end cells of evidence.csv from the quotes")
    add_package(fill, writes=True)
    add_format(fill, "text", "json", "github")
    fill.set_defaults(run=cmd_fill_offsets)
