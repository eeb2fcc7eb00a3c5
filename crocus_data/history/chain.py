"""History as a chain: ``validate``'s checks of a checkout against the releases it records and its base commit.

Whenever the checkout's ``releases/`` holds a manifest (or held one at the base commit), every
problem of its history is a located problem of ``validate``, so that "every problem at once" is true:

- each release is checked against the one before it (the version moved far enough, no id gone without
  a tombstone, no retired id reused, no tombstone removed), so a manifest planted by a pull request
  is held to the same promises as a real release and gains nothing;
- the package is checked against the last release the same way (the gate's checks, with the version
  judged by ``history.verdict``), and CHANGELOG.md's newest entry must be its version's;
- against the base commit (``--base``, by default the last commit): no manifest was changed or
  removed, and a change to the data changed the **Data** part of the version's changelog entry.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from crocus_data.history.base import Base, read_base
from crocus_data.history.changelog import data_part, data_part_line, entry
from crocus_data.history.diff import Diff, diff
from crocus_data.history.gate import GateProblem, gate, id_problems, tombstoned
from crocus_data.history.inputs import load
from crocus_data.history.releases import CHANGELOG, Release, checkout_of, last_at_or_below, read_release, recorded
from crocus_data.history.snapshot import Snapshot, SnapshotError
from crocus_data.history.verdict import verdict
from crocus_data.limits import MAX_CHANGELOG_BYTES, MAX_MANIFEST_BYTES
from crocus_data.problems import Problem
from crocus_data.rule_registry import Rule
from crocus_data.safe_io.files import read_regular

# Each code of the gate (docs/history.md) as the rule validate reports it under.
RULES = {
    "version-unreadable": Rule.HISTORY_VERSION,
    "version-backwards": Rule.HISTORY_VERSION,
    "version-not-bumped": Rule.HISTORY_VERSION,
    "changelog-missing": Rule.HISTORY_CHANGELOG,
    "changelog-top-entry": Rule.HISTORY_CHANGELOG,
    "vanished-without-tombstone": Rule.HISTORY_TOMBSTONE_MISSING,
    "tombstoned-id-reused": Rule.HISTORY_ID_REUSED,
    "tombstone-removed": Rule.HISTORY_TOMBSTONE_REMOVED,
}
TOMBSTONES = "tombstones"
NO_CHANGELOG = GateProblem(
    "changelog-missing", "the checkout records releases but has no CHANGELOG.md (or it cannot be read as UTF-8)"
)
SUGGESTED_LINES = 3  # changes spelled out as changelog lines in a message

# Where a row of a table is, for a table and an id: its file, its line (None when the id is not there) and the
# table's key column.
Locator = Callable[[str, str], tuple[str, int | None, str | None]]


@dataclass(frozen=True)
class Place:
    """How the checks name files: relative to the descriptor validated, as every problem does."""

    checkout: Path
    descriptor: Path
    locate: Locator

    def file(self, relative: str) -> str:
        """A file of the checkout (``releases/0.2.0.json.gz``, ``CHANGELOG.md``) as the problems name it."""
        return Path(os.path.relpath(self.checkout / relative, self.descriptor.parent)).as_posix()


def _located(place: Place, problem: GateProblem, where: str | None = None) -> Problem:
    """A gate problem as validate reports it: at the manifest it is about (WHERE), or at the row or file."""
    rule = RULES[problem.code]
    if where is not None:
        return Problem(where, None, None, rule, problem.message)
    if rule is Rule.HISTORY_VERSION:
        return Problem(place.descriptor.name, None, "version", rule, problem.message)
    if rule is Rule.HISTORY_CHANGELOG:
        return Problem(place.file(CHANGELOG), problem.line, None, rule, problem.message)
    table = TOMBSTONES if rule is Rule.HISTORY_TOMBSTONE_REMOVED else problem.table or ""
    file, line, key_column = place.locate(table, problem.key or "")
    if rule is Rule.HISTORY_TOMBSTONE_MISSING:  # the row is gone: the file it was in
        return Problem(file, None, None, rule, problem.message)
    return Problem(file, line if rule is Rule.HISTORY_ID_REUSED else None, key_column, rule, problem.message)


def chain_problems(releases: list[Release], place: Place) -> list[Problem]:
    """Each release against the one before it: the version moved far enough, and the promises about ids."""
    problems = []
    for before, after in pairwise(releases):
        where = place.file(after.path)
        step = diff(before.snapshot, after.snapshot)
        judged = verdict(step, baseline_label=before.label)
        found = [] if judged.problem is None else [GateProblem(*judged.problem)]
        found += id_problems(before.snapshot, after.snapshot, before.label, after.label)
        problems += [_located(place, problem, where) for problem in found]
    return problems


def current_problems(releases: list[Release], current: Snapshot, changelog: str | None, place: Place) -> list[Problem]:
    """The package against the last release, as ``gate last-release`` checks it; a retired id reused while its
    tombstone is still there is ``tombstone.reused``'s, reported once."""
    last = releases[-1]
    baseline = last_at_or_below(releases, current.version)
    since = None if baseline is None else (baseline.snapshot, baseline.label)
    result = gate(last.snapshot, current, changelog, since, (last.label, f"this version ({current.version})"))
    graves = tombstoned(current) or {}
    kept = [p for p in result.problems if not (p.code == "tombstoned-id-reused" and p.key in graves)]
    return [_located(place, NO_CHANGELOG if p.code == "changelog-missing" else p) for p in kept]


def _suggestions(change: Diff) -> list[str]:
    """Changelog lines that say what changed, for the contributor to reword."""
    lines = [f"- {schema.describe()}." for schema in change.schema]
    for table in change.tables:
        lines += [f"- New `{key}` in `{table.table}`." for key in table.added]
        lines += [f"- Retired `{key}` from `{table.table}` (its tombstone says why)." for key in table.retired]
        for row in table.changed:
            cells = ", ".join(f"{cell.column} {cell.old!r} → {cell.new!r}" for cell in row.cells)
            lines.append(f"- `{row.id}` ({table.table}): {cells}.")
    lines += [f"- Source text {source.name} {source.kind}." for source in change.sources]
    return lines


def base_problems(base: Base, current: Snapshot | None, changelog: str | None, place: Place) -> list[Problem]:
    """Against the base commit: no manifest changed or removed, and a data change written in the changelog."""
    problems = []
    for path, raw in sorted(base.manifests.items()):
        where = place.file(path)
        stored = read_regular(place.checkout / path, where, MAX_MANIFEST_BYTES)
        if isinstance(stored, Problem):
            message = f"recorded at {base.label} but {stored.message.lower()}: a released version's manifest stays"
            problems.append(Problem(where, None, None, Rule.HISTORY_MANIFEST, message))
        elif stored != raw:
            then, found = read_release(raw, path), read_release(stored, path)
            if not (isinstance(then, Release) and isinstance(found, Release) and then.snapshot == found.snapshot):
                message = f"changed since {base.label}: a released version's manifest is history and is not rewritten"
                problems.append(Problem(where, None, None, Rule.HISTORY_MANIFEST, message))
    if current is None or base.snapshot is None or changelog is None:
        return problems
    change = diff(base.snapshot, current)
    now_entry = entry(changelog, current.version)
    if change.empty or now_entry is None:
        return problems  # no change; or no entry for the version, which changelog-top-entry reports
    was_entry = None if base.changelog is None else entry(base.changelog, current.version)
    was = None if was_entry is None else data_part(was_entry.body)
    now = data_part(now_entry.body)
    if now and now != was:
        return problems
    lines = _suggestions(change)
    shown = " ".join(lines[:SUGGESTED_LINES]) + (
        f" (and {len(lines) - SUGGESTED_LINES} more)" if len(lines) > SUGGESTED_LINES else ""
    )
    if now is None:
        what = f"the {current.version} entry has no **Data** part: add one, with a line such as"
    else:
        what = f"the **Data** part of the {current.version} entry did not: add a line such as"
    message = f"the data changed since {base.label} but {what} {shown}"
    line = data_part_line(changelog, now_entry)
    problems.append(Problem(place.file(CHANGELOG), line, None, Rule.HISTORY_CHANGELOG, message, expected=lines[0]))
    return problems


def history_problems(descriptor: Path, locate: Locator, base_ref: str | None = "HEAD") -> list[Problem]:
    """Every problem of a checkout's history, for ``validate`` (see the module docstring); [] outside a checkout
    that records releases."""
    checkout = checkout_of(descriptor.parent)
    if checkout is None:
        return []
    releases, unusable = recorded(checkout)
    base = None if base_ref is None else read_base(checkout, base_ref)
    if not releases and not unusable and not (base is not None and base.manifests):
        return []
    place = Place(checkout, descriptor, locate)
    problems = [Problem(place.file(u.path), None, None, Rule.HISTORY_MANIFEST, u.reason) for u in unusable]
    problems += chain_problems(releases, place)
    raw_changelog = read_regular(checkout / CHANGELOG, place.file(CHANGELOG), MAX_CHANGELOG_BYTES)
    try:
        changelog = None if isinstance(raw_changelog, Problem) else raw_changelog.decode("utf-8")
    except UnicodeDecodeError:
        changelog = None
    try:
        current: Snapshot | None = load(str(descriptor)).snapshot
    except SnapshotError:
        current = None  # the package's own problems say why it cannot be read
    if current is not None and releases:
        problems += current_problems(releases, current, changelog, place)
    if base is not None:
        problems += base_problems(base, current, changelog, place)
    return problems
