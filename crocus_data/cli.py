"""The ``crocus-data`` command: validate, info, build, add-source, locate, fill-offsets.

Exit status: 0 clean, 1 the data has problems, 2 the input or the command line is unusable.
No input makes it print a traceback: unexpected errors become one line and exit 2.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from crocus_data import __version__
from crocus_data.checks.limits import DEFAULT_MAX_BYTES, MAX_PROBLEMS_PER_FILE, MAX_SOURCE_BYTES
from crocus_data.layout import DESCRIPTOR
from crocus_data.loaders import data_dir


def _descriptor_path(path: str | None) -> tuple[Path | None, str]:
    """The descriptor to validate, and in words which package that is.

    With no PATH: the data package in the working directory if there is one (a checkout being
    edited), otherwise the installed package. Saying which avoids passing an edited checkout
    by validating the installed copy.
    """
    if path:
        target, what = Path(path), f"the package at {path}"
    elif Path(DESCRIPTOR).is_file():
        target, what = Path(), "the data package in the working directory"
    else:
        target, what = data_dir(), "the installed package (pass a path to check a checkout)"
    if target.is_dir():
        target = target / DESCRIPTOR
    return (target if target.is_file() else None), what


def _lean_memory_pool() -> None:
    """Use jemalloc, returning freed memory at once, where pyarrow has it: a third less peak memory
    than the default pool on a million rows (docs/validation.md). Elsewhere the default stays."""
    import pyarrow as pa

    try:
        pa.set_memory_pool(pa.jemalloc_memory_pool())
        pa.jemalloc_set_decay_ms(0)
    except (NotImplementedError, pa.ArrowNotImplementedError):
        pass


def cmd_validate(args: argparse.Namespace) -> int:
    from crocus_data.checks import run_checks
    from crocus_data.checks.package import from_descriptor
    from crocus_data.checks.report import FORMATS, cap, exit_status

    descriptor, what = _descriptor_path(args.path)
    if descriptor is None:
        print(f"crocus-data: no {DESCRIPTOR} in {what}", file=sys.stderr)
        return 2
    if args.format == "text":
        print(f"validating {what}")
    _lean_memory_pool()
    dataset = from_descriptor(descriptor, args.max_bytes, args.max_source_bytes, lean=True)
    problems = run_checks(dataset)
    status = exit_status(problems)
    report = FORMATS[args.format](descriptor, dataset.row_counts(), cap(problems, args.max_problems_per_file))
    if args.against is None:
        print(report)
        return status
    return _validate_against(args, descriptor, report, status)


def _validate_against(args: argparse.Namespace, descriptor: Path, report: str, status: int) -> int:
    """Validation, then the semver gate of the same package against OLD: one command, one exit status.

    The exit status is the worse of the two (2 unusable, 1 failed, 0 both passed); in JSON the gate's
    document goes under ``gate`` and ``exit_status`` is the command's.
    """
    import json

    from crocus_data.history.cli import gate_report, run_gate
    from crocus_data.history.snapshot import SnapshotError

    error: str | None = None
    gated = None
    if status == 2:
        error = "the package cannot be validated, so it was not gated"
    else:
        try:
            gated = run_gate(args.against, str(descriptor), args.changelog)
        except SnapshotError as exc:
            error = str(exc)
    combined = max(status, 2 if gated is None else (0 if gated.result.passed else 1))
    if args.format == "json":
        document = json.loads(report)
        document["exit_status"] = combined
        document["gate"] = None if gated is None else json.loads(gate_report(gated, "json"))
        if error is not None:
            document["gate_error"] = error
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        print(report)
        if gated is not None:
            print(gate_report(gated, args.format))
    if error is not None:
        print(f"crocus-data: gate: {error}", file=sys.stderr)
    return combined


def cmd_info(args: argparse.Namespace) -> int:
    from crocus_data.checks.package import from_descriptor
    from crocus_data.checks.report import summary_table

    dataset = from_descriptor(data_dir() / DESCRIPTOR)
    print(f"crocus-data {__version__}  ({data_dir()})\n")
    print(summary_table(dataset.row_counts()))
    print("\nsources:")
    for row in dataset.rows("sources"):
        when = f"{row['published_earliest'] or '?'} .. {row['published_latest'] or '?'} ({row['published_precision']})"
        sha = str(row["sha256"])[:12]
        print(f"  {row['source_id']}  {row['title'] or '(no title)'}  published {when}  sha256 {sha}…")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from crocus_data.checks.report import escape
    from crocus_data.resources.build import build

    result = build(Path(args.root), check=args.check)
    for problem in result.problems:
        print(escape(str(problem)))
    if result.problems:
        print(f"build refused: {len(result.problems)} problem(s); nothing was written", file=sys.stderr)
        return 1
    for path in result.drifted:
        print(f"out of date: {path} (run `crocus-data build`)")
    for path in result.written:
        print(f"wrote {path}")
    return 1 if result.drifted else 0


def cmd_add_source(args: argparse.Namespace) -> int:
    from crocus_data.add_source import AddSourceError, add_source, report

    file = Path(args.file)
    try:
        added = add_source(Path(args.root), file, args.id)
    except AddSourceError as exc:
        print(f"crocus-data: {exc}", file=sys.stderr)
        return exc.status
    print(report(added, file.name))
    return 0


def cmd_locate(args: argparse.Namespace) -> int:
    from crocus_data.loaders import source_text
    from crocus_data.locate import LocateError, locate

    try:
        text = source_text(args.source_id) if args.file is None else Path(args.file).read_text(encoding="utf-8")
        start, end = locate(text, args.quote, args.occurrence)
    except KeyError as exc:
        print(f"crocus-data: {exc.args[0]}", file=sys.stderr)
        return 2
    except LocateError as exc:
        hint = " or choose one with --occurrence N" if exc.starts else ""
        print(f"crocus-data: {exc}{hint}", file=sys.stderr)
        return 1
    print(f"start={start} end={end}" if args.format == "text" else f"{start},{end}")
    return 0


def cmd_fill_offsets(args: argparse.Namespace) -> int:
    from crocus_data.checks.report import escape
    from crocus_data.layout import DATA_DIR, record_file
    from crocus_data.locate import fill_offsets_in

    problems = fill_offsets_in(Path(args.root) / DATA_DIR, display_prefix=f"{DATA_DIR.as_posix()}/")
    for problem in problems:
        print(escape(str(problem)), file=sys.stderr)
    if problems:
        print("nothing was written", file=sys.stderr)
        return 1
    print(f"filled offsets in {DATA_DIR / record_file('evidence')}")
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="crocus-data", description=__doc__.split("\n\n")[0] if __doc__ else None)
    top.add_argument("--version", action="version", version=f"crocus-data {__version__}")
    commands = top.add_subparsers(dest="command", required=True)

    validate = commands.add_parser("validate", help="check a data package and print a summary of its tables")
    validate.add_argument(
        "path",
        nargs="?",
        help="a checkout, a data directory or a datapackage.json (default: the working directory if it "
        "holds a datapackage.json, else the installed package)",
    )
    validate.add_argument(
        "--format", choices=("text", "json", "github"), default="text", help="github: workflow annotations"
    )
    validate.add_argument(
        "--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="refuse any table file larger than this (512 MiB)"
    )
    validate.add_argument(
        "--max-source-bytes",
        type=int,
        default=MAX_SOURCE_BYTES,
        help="refuse any source text larger than this (16 MiB)",
    )
    validate.add_argument(
        "--max-problems-per-file",
        type=int,
        default=MAX_PROBLEMS_PER_FILE,
        help="list at most this many problems per file, then count the rest (200)",
    )
    validate.add_argument(
        "--against",
        metavar="OLD",
        help="then run the semver gate of this package against OLD (as `crocus-data gate` takes it, e.g. "
        "last-release or main): exit 1 if either fails",
    )
    validate.add_argument("--changelog", help="with --against: the CHANGELOG.md to read (default: the package's)")
    validate.set_defaults(run=cmd_validate)

    info = commands.add_parser("info", help="tables, row counts, sources and version of the installed data")
    info.set_defaults(run=cmd_info)

    build = commands.add_parser("build", help="regenerate Parquet, descriptors, schemas and docs from the records")
    build.add_argument("--root", default=".", help="the repository checkout (default: .)")
    build.add_argument("--check", action="store_true", help="write nothing; fail if a generated file is out of date")
    build.set_defaults(run=cmd_build)

    add = commands.add_parser(
        "add-source",
        help="copy a document into the package, byte for byte, and write its sources row and descriptor entry",
    )
    add.add_argument("file", help="the document: a UTF-8 text file in Unicode NFC")
    add.add_argument("--id", help="its source id (default: the next free src-NNN)")
    add.add_argument("--root", default=".", help="the repository checkout (default: .)")
    add.set_defaults(run=cmd_add_source)

    locate = commands.add_parser("locate", help="print the offsets of a quote in a source text")
    locate.add_argument("source_id", help="e.g. src-000")
    locate.add_argument("quote", help="the exact words")
    locate.add_argument("--occurrence", type=int, help="which occurrence, when the quote occurs more than once")
    locate.add_argument("--file", help="read this text file instead of the shipped source")
    locate.add_argument("--format", choices=("text", "csv"), default="text")
    locate.set_defaults(run=cmd_locate)

    fill = commands.add_parser("fill-offsets", help="fill empty start/end cells of evidence.csv from the quotes")
    fill.add_argument("--root", default=".", help="the repository checkout (default: .)")
    fill.set_defaults(run=cmd_fill_offsets)

    from crocus_data.history.cli import register

    register(commands)  # diff, gate, release-manifest: what a change does to released data
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        status: int = args.run(args)
        return status
    except BrokenPipeError:  # `crocus-data validate | head`: the reader left; stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:  # the promise: one line, never a traceback
        print(f"crocus-data: unexpected error ({type(exc).__name__}: {exc}); please report it", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
