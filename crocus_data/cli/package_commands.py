"""The commands on one package as a whole: validate, info and build."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from crocus_data.cli.convention import PROBLEMS, UNUSABLE, add_format, add_package, dumps, say, target, unusable
from crocus_data.echo import escape
from crocus_data.layout import DATA_DIR, DESCRIPTOR
from crocus_data.limits import DEFAULT_MAX_BYTES, MAX_PROBLEMS_PER_FILE, MAX_SOURCE_BYTES
from crocus_data.version import __version__


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
    from crocus_data.checks.report import FORMATS
    from crocus_data.validation import validate

    package = target(args)
    if args.format == "text":
        print(f"validating {escape(package.words)}", file=sys.stderr)
    _lean_memory_pool()
    report = validate(
        package.path,
        max_bytes=args.max_bytes,
        max_source_bytes=args.max_source_bytes,
        package=package.words,
        base=args.base,
    ).capped(args.max_problems_per_file)
    if report.exit_status == UNUSABLE:
        say(next(problem.message for problem in report.problems if problem.category == "unusable"))
    if args.against is None:
        print(FORMATS[args.format](report))
        return report.exit_status
    from crocus_data.cli.history import validate_against

    return validate_against(args, report)


def cmd_info(args: argparse.Namespace) -> int:
    from crocus_data.checks.report import summary_table
    from crocus_data.reader.package import descriptor_of, from_descriptor

    package = target(args)
    descriptor = descriptor_of(package.path)
    if descriptor is None:
        return unusable(args, f"no datapackage.json in {package.words}")
    read = from_descriptor(descriptor)
    sources = [
        {
            "source_id": str(row["source_id"]),
            "title": row["title"],
            "published_earliest": None if row["published_earliest"] is None else str(row["published_earliest"]),
            "published_latest": None if row["published_latest"] is None else str(row["published_latest"]),
            "published_precision": str(row["published_precision"]),
            "sha256": str(row["sha256"]),
        }
        for row in read.rows("sources")
    ]
    version = str(read.descriptor.get("version", __version__))
    if args.format == "json":
        document: dict[str, Any] = {
            "format_version": 1,
            "package": escape(package.words),
            "version": escape(version),
            "tables": read.row_counts(),
            "sources": [
                {key: None if value is None else escape(str(value)) for key, value in s.items()} for s in sources
            ],
        }
        print(dumps(document))
        return 0
    print(f"crocus-data {escape(version)}  ({escape(str(descriptor.parent))})\n")
    print(summary_table(read.row_counts()))
    print("\nsources:")
    for source in sources:
        when = (
            f"{source['published_earliest'] or '?'} .. {source['published_latest'] or '?'} "
            f"({source['published_precision']})"
        )
        title = escape(str(source["title"] or "(no title)"))
        print(f"  {source['source_id']}  {title}  published {when}  sha256 {str(source['sha256'])[:12]}…")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from crocus_data.build import build
    from crocus_data.checks.report import FORMATS, Report
    from crocus_data.safe_io.files import RefusedError

    package = target(args)
    root = package.path.parent if package.path.is_file() else package.path
    if not (root / DESCRIPTOR).is_file() or not (root / DATA_DIR).is_dir():
        return unusable(args, f"{root} is not a checkout (no {DESCRIPTOR} and {DATA_DIR.as_posix()}/ in it)")
    try:
        result = build(root, check=args.check)
    except RefusedError as exc:
        return unusable(args, str(exc))
    if result.problems:
        report = Report(result.problems, package=package.words)
        say(f"build refused: {len(result.problems)} problem(s); nothing was written")
        print(FORMATS[args.format](report))
        return report.exit_status
    if args.format == "json":
        print(
            dumps(
                {
                    "format_version": 1,
                    "check": args.check,
                    "written": [path.as_posix() for path in result.written],
                    "out_of_date": [path.as_posix() for path in result.drifted],
                    "exit_status": PROBLEMS if result.drifted else 0,
                }
            )
        )
    else:
        for path in result.drifted:
            print(f"out of date: {path} (run `crocus-data build`)")
        for path in result.written:
            print(f"wrote {path}")
    return PROBLEMS if result.drifted else 0


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    validate = commands.add_parser("validate", help="check a data package and print a summary of its tables")
    add_package(validate, writes=False)
    add_format(validate, "text", "json", "github")
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
    validate.add_argument(
        "--base",
        metavar="REF",
        default="HEAD",
        help="in a git checkout with releases, the commit a change is compared with: no release manifest changed or "
        "removed since, and a data change written in the changelog's Data part (default: HEAD, the last commit; "
        "in CI, the pull request's base)",
    )
    validate.set_defaults(run=cmd_validate)

    info = commands.add_parser("info", help="tables, row counts, sources and version of a package")
    add_package(info, writes=False)
    add_format(info, "text", "json")
    info.set_defaults(run=cmd_info)

    build = commands.add_parser(
        "build", help="check the records, then regenerate Parquet, descriptors, schemas and docs pages"
    )
    add_package(build, writes=True)
    add_format(build, "text", "json", "github")
    build.add_argument("--check", action="store_true", help="write nothing; fail if a generated file is out of date")
    build.set_defaults(run=cmd_build)


__all__ = ["UNUSABLE", "register"]
