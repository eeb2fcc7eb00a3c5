"""The history commands: diff, gate and release-manifest, and validate's ``--against``.

Each follows the convention (``crocus_data.cli.convention``): unusable input (an unknown ref, a
missing or malformed package) is one line on stderr and exit 2, with ``--format json`` also a JSON
document on stdout; never a traceback.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from crocus_data.cli.convention import UNUSABLE, add_format, add_package, dumps, say, target, unusable
from crocus_data.echo import escape

if TYPE_CHECKING:
    from crocus_data.checks.report import Report
    from crocus_data.history.gate import GateResult
    from crocus_data.history.snapshot import Snapshot


def cmd_diff(args: argparse.Namespace) -> int:
    """Print what changed from OLD to NEW; exit 0 whatever changed, 2 when an input is unusable."""
    from crocus_data.history import render
    from crocus_data.history.diff import diff
    from crocus_data.history.inputs import load
    from crocus_data.history.snapshot import SnapshotError
    from crocus_data.history.verdict import judge

    try:
        old, new = load(args.old), load(args.new)
    except SnapshotError as exc:
        return unusable(args, str(exc))
    result = diff(old.snapshot, new.snapshot)
    judged = judge(old.snapshot, new.snapshot, result, baseline_of(args.new, new.snapshot.version))
    if args.format == "json":
        print(render.dumps(render.diff_document(result, old.label, new.label, judged)))
    elif args.format == "markdown":
        print(render.diff_markdown(result, old.label, new.label, judged=judged), end="")
    else:
        print(render.diff_text(result, old.label, new.label, judged))
    return 0


def baseline_of(spec: str, version: str) -> tuple[Snapshot, str] | None:
    """The release NEW's version is measured from: the last one its checkout records at or below it, when NEW
    names a package on disk (a checkout, a data directory, a descriptor); else None (measured from OLD)."""
    from crocus_data.history.releases import baseline_for

    path = Path(spec)
    return baseline_for(path, version) if path.exists() and not path.name.endswith(".json.gz") else None


class Gated(NamedTuple):
    """A gate's verdict, with what OLD and NEW were in words."""

    result: GateResult
    old_label: str
    new_label: str


def run_gate(old_spec: str, new_spec: str, changelog_path: str | None = None) -> Gated:
    """Gate NEW against OLD (each as ``diff`` takes them); SnapshotError, one line, when an input is unusable.

    The changelog is NEW's own (its checkout's CHANGELOG.md) unless CHANGELOG_PATH names another.
    """
    from crocus_data.history.gate import gate
    from crocus_data.history.inputs import load

    old, new = load(old_spec), load(new_spec)
    changelog = new.changelog if changelog_path is None else _named_changelog(Path(changelog_path))
    baseline = baseline_of(new_spec, new.snapshot.version)
    return Gated(gate(old.snapshot, new.snapshot, changelog, baseline), old.label, new.label)


def _named_changelog(path: Path) -> str:
    """The changelog --changelog names, read as NEW's own is (``read_changelog``): a regular UTF-8 file."""
    from crocus_data.history.inputs import read_changelog
    from crocus_data.history.snapshot import SnapshotError

    changelog = read_changelog(path.parent, path.name)
    if changelog is None:
        raise SnapshotError(f"the changelog {path} is missing")
    return changelog


def gate_report(gated: Gated, output_format: str) -> str:
    """The gate's verdict in one of the formats: text, markdown, github or json."""
    from crocus_data.history import render

    if output_format == "json":
        return render.dumps(render.gate_document(gated.result, gated.old_label, gated.new_label))
    renderers = {"text": render.gate_text, "markdown": render.gate_markdown, "github": render.gate_github}
    return renderers[output_format](gated.result, gated.old_label, gated.new_label)


def cmd_gate(args: argparse.Namespace) -> int:
    """Fail (exit 1) when NEW does not declare its change against OLD: version, changelog, tombstones."""
    from crocus_data.history.snapshot import SnapshotError

    try:
        gated = run_gate(args.old, args.new, args.changelog)
    except SnapshotError as exc:
        return unusable(args, str(exc))
    print(gate_report(gated, args.format), end="" if args.format == "markdown" else "\n")
    return 0 if gated.result.passed else 1


def validate_against(args: argparse.Namespace, report: Report) -> int:
    """Validation, then the semver gate of the same package against OLD: one command, one exit status.

    The exit status is the worse of the two (2 unusable, 1 failed, 0 both passed); in JSON the gate's
    document goes under ``gate`` and ``exit_status`` is the command's.
    """
    from crocus_data.checks.report import FORMATS
    from crocus_data.history.snapshot import SnapshotError

    error: str | None = None
    gated = None
    if report.exit_status == UNUSABLE or report.descriptor is None:
        error = "the package cannot be validated, so it was not gated"
    else:
        try:
            gated = run_gate(args.against, str(report.descriptor), args.changelog)
        except SnapshotError as exc:
            error = str(exc)
    combined = max(report.exit_status, UNUSABLE if gated is None else (0 if gated.result.passed else 1))
    if args.format == "json":
        document = report.as_dict()
        document["exit_status"] = combined
        import json

        document["gate"] = None if gated is None else json.loads(gate_report(gated, "json"))
        if error is not None:
            document["gate_error"] = escape(error)
        print(dumps(document))
    else:
        print(FORMATS[args.format](report))
        if gated is not None:
            print(gate_report(gated, args.format))
    if error is not None:
        say(f"gate: {error}")
    return combined


def cmd_release_manifest(args: argparse.Namespace) -> int:
    """Record the checkout's data as releases/<version>.json.gz, or check that it is recorded."""
    from crocus_data.history.inputs import load
    from crocus_data.history.manifest import check_version, manifest_name, read_manifest, write_manifest
    from crocus_data.history.snapshot import SnapshotError

    root = target(args).path
    root = root.parent if root.is_file() else root
    out = root / "releases" if args.out is None else Path(args.out)
    try:
        snapshot = load(str(root)).snapshot
        path = out / manifest_name(check_version(snapshot.version))
        if args.check:
            if not path.exists() and not path.is_symlink():
                state, status, why = (
                    "missing",
                    1,
                    f"run `crocus-data release-manifest` when releasing {snapshot.version}",
                )
            elif read_manifest(path) != snapshot:
                state, status, why = "out of date", 1, f"it records other data than the checkout's {snapshot.version}"
            else:
                state, status, why = "up to date", 0, ""
        else:
            path, written = write_manifest(snapshot, out, force=args.force, root=root if args.out is None else None)
            state, status, why = ("wrote" if written else "unchanged"), 0, ""
    except SnapshotError as exc:
        return unusable(args, str(exc))
    except OSError as exc:
        return unusable(args, f"cannot write to {out} ({exc.strerror})")
    if args.format == "json":
        document = {"format_version": 1, "exit_status": status, "manifest": escape(path.as_posix()), "state": state}
        print(dumps({**document, "why": escape(why)} if why else document))
    else:
        print(escape(f"{state}: {path}" + (f" ({why})" if why else "")))
    return status


_INPUTS = (
    "a checkout or data directory, a datapackage.json, a release manifest (releases/X.Y.Z.json.gz, "
    "or just X.Y.Z, or last-release for the highest), a git ref of this repository (main, HEAD~1), "
    "or 'installed'"
)


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add diff, gate and release-manifest to the ``crocus-data`` subcommands."""
    diff = commands.add_parser(
        "diff", help="what changed in the data between two versions, and the version bump it requires"
    )
    diff.add_argument("old", metavar="OLD", help=_INPUTS)
    diff.add_argument("new", metavar="NEW", help="the same kinds of input as OLD")
    add_format(diff, "text", "json", "markdown")
    diff.set_defaults(run=cmd_diff)

    gate = commands.add_parser(
        "gate", help="fail unless NEW bumps its version, changelog and tombstones as its change from OLD requires"
    )
    gate.add_argument("old", metavar="OLD", help=_INPUTS)
    gate.add_argument("new", metavar="NEW", nargs="?", default=".", help="default: the working directory")
    gate.add_argument("--changelog", help="NEW's CHANGELOG.md (default: the one in NEW's checkout)")
    add_format(gate, "text", "json", "markdown", "github")
    gate.set_defaults(run=cmd_gate)

    manifest = commands.add_parser(
        "release-manifest", help="record the released data under releases/ so later versions can be compared"
    )
    add_package(manifest, writes=True)
    manifest.add_argument("--out", help="where to write (default: PATH/releases)")
    manifest.add_argument("--check", action="store_true", help="write nothing; fail unless it is recorded as is")
    manifest.add_argument("--force", action="store_true", help="overwrite a manifest that records other data")
    add_format(manifest, "text", "json")
    manifest.set_defaults(run=cmd_release_manifest)
