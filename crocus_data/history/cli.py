"""The history subcommands of ``crocus-data``: diff, gate and release-manifest.

``register()`` adds them to the main parser; each ``run`` takes the parsed arguments and returns
the exit status, like the other commands. Unusable input (an unknown ref, a missing or malformed
package) is one line on stderr and exit 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from crocus_data.history.snapshot import SnapshotError

if TYPE_CHECKING:
    from crocus_data.history.gate import GateResult


def _error(message: str) -> int:
    print(f"crocus-data: {message}", file=sys.stderr)
    return 2


def cmd_diff(args: argparse.Namespace) -> int:
    """Print what changed from OLD to NEW; exit 0 whatever changed, 2 when an input is unusable."""
    from crocus_data.history import render
    from crocus_data.history.diff import diff
    from crocus_data.history.inputs import load

    try:
        old, new = load(args.old), load(args.new)
    except SnapshotError as exc:
        return _error(str(exc))
    result = diff(old.snapshot, new.snapshot)
    if args.format == "json":
        print(render.dumps(render.diff_document(result, old.label, new.label)))
    elif args.format == "markdown":
        print(render.diff_markdown(result, old.label, new.label), end="")
    else:
        print(render.diff_text(result, old.label, new.label))
    return 0


@dataclass(frozen=True)
class Gated:
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
    try:
        changelog = new.changelog if changelog_path is None else Path(changelog_path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SnapshotError(f"cannot read the changelog {changelog_path} ({exc})") from exc
    return Gated(gate(old.snapshot, new.snapshot, changelog), old.label, new.label)


def gate_report(gated: Gated, output_format: str) -> str:
    """The gate's verdict in one of the formats: text, markdown, github or json."""
    from crocus_data.history import render

    if output_format == "json":
        return render.dumps(render.gate_document(gated.result, gated.old_label, gated.new_label))
    renderers = {"text": render.gate_text, "markdown": render.gate_markdown, "github": render.gate_github}
    return renderers[output_format](gated.result, gated.old_label, gated.new_label)


def cmd_gate(args: argparse.Namespace) -> int:
    """Fail (exit 1) when NEW does not declare its change against OLD: version, changelog, tombstones."""
    try:
        gated = run_gate(args.old, args.new, args.changelog)
    except SnapshotError as exc:
        return _error(str(exc))
    print(gate_report(gated, args.format), end="" if args.format == "markdown" else "\n")
    return 0 if gated.result.passed else 1


def cmd_release_manifest(args: argparse.Namespace) -> int:
    """Record the checkout's data as releases/<version>.json.gz, or check that it is recorded."""
    from crocus_data.history.inputs import load
    from crocus_data.history.manifest import manifest_name, read_manifest, write_manifest

    root = Path(args.root)
    out = root / "releases" if args.out is None else Path(args.out)
    try:
        snapshot = load(str(root)).snapshot
        if args.check:
            path = out / manifest_name(snapshot.version)
            if not path.is_file():
                print(f"missing: {path} (run `crocus-data release-manifest` when releasing {snapshot.version})")
                return 1
            if read_manifest(path) != snapshot:
                print(f"out of date: {path} records other data than the checkout's {snapshot.version}")
                return 1
            print(f"up to date: {path}")
            return 0
        path, written = write_manifest(snapshot, out, force=args.force)
    except SnapshotError as exc:
        return _error(str(exc))
    except OSError as exc:
        return _error(f"cannot write to {out} ({exc.strerror})")
    print(f"{'wrote' if written else 'unchanged'}: {path}")
    return 0


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
    diff.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    diff.set_defaults(run=cmd_diff)

    gate = commands.add_parser(
        "gate", help="fail unless NEW bumps its version, changelog and tombstones as its change from OLD requires"
    )
    gate.add_argument("old", metavar="OLD", help=_INPUTS)
    gate.add_argument("new", metavar="NEW", nargs="?", default=".", help="default: the working directory")
    gate.add_argument("--changelog", help="NEW's CHANGELOG.md (default: the one in NEW's checkout)")
    gate.add_argument(
        "--format", choices=("text", "json", "markdown", "github"), default="text", help="github: workflow annotations"
    )
    gate.set_defaults(run=cmd_gate)

    manifest = commands.add_parser(
        "release-manifest", help="record the released data under releases/ so later versions can be compared"
    )
    manifest.add_argument("--root", default=".", help="the checkout (default: .)")
    manifest.add_argument("--out", help="where to write (default: ROOT/releases)")
    manifest.add_argument("--check", action="store_true", help="write nothing; fail unless it is recorded as is")
    manifest.add_argument("--force", action="store_true", help="overwrite a manifest that records other data")
    manifest.set_defaults(run=cmd_release_manifest)
