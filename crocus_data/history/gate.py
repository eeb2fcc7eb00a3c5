"""The semver gate: a change to the data must say what it is.

It fails when NEW's version is not bumped at least as far as the diff from OLD requires, when
CHANGELOG.md's newest entry does not name NEW's version, when an id vanished without a tombstone,
when a tombstoned id is in use again, and when a tombstone was removed.
"""

from __future__ import annotations

from dataclasses import dataclass

from crocus_data.history.changelog import entries
from crocus_data.history.diff import Diff, diff
from crocus_data.history.semver import Bump
from crocus_data.history.snapshot import Snapshot
from crocus_data.history.verdict import Verdict, judge

TOMBSTONES = "tombstones"
TABLE_COLUMN = "table_name"  # the tombstones column naming the table a retired id was in


@dataclass(frozen=True)
class GateProblem:
    """One broken promise: its code (docs/history.md), in words, and the id and table it is about, if any."""

    code: str
    message: str
    key: str | None = None
    table: str | None = None
    line: int | None = None  # the line of CHANGELOG.md it is about


@dataclass(frozen=True)
class GateResult:
    """The diff from OLD, the version's verdict (``history.verdict``) and every problem found."""

    diff: Diff
    required: Bump
    minimum_version: str | None
    problems: tuple[GateProblem, ...]
    verdict: Verdict | None = None

    @property
    def passed(self) -> bool:
        return not self.problems


def changelog_top_entry(text: str) -> tuple[str, str] | None:
    """The newest entry's version and body: the first ``## `` heading that starts with a digit."""
    found = entries(text)
    return (found[0].version, found[0].body.strip()) if found else None


def ids(snapshot: Snapshot) -> dict[str, str]:
    """Every id in use (single-column primary keys, tombstones excluded), with its table."""
    found: dict[str, str] = {}
    for table in snapshot.tables.values():
        if table.name != TOMBSTONES and len(table.primary_key) == 1:
            for key in table.rows:
                if key:  # a blank id is no id: it never matches another blank (a tombstone's, say)
                    found.setdefault(key, table.name)
    return found


def tombstoned(snapshot: Snapshot) -> dict[str, str] | None:
    """The retired ids a ``tombstones`` table records, with the table they were in ('' if not said).

    The retired id is the table's primary key, whatever its column is called (``retired_id`` since
    0.2.0), and the table is its ``table_name`` column. None when there is no tombstones table; one
    without a single-column primary key records nothing.
    """
    table = snapshot.tables.get(TOMBSTONES)
    if table is None:
        return None
    if len(table.primary_key) != 1:
        return {}
    records = zip(table.rows, table.records(), strict=True)
    return {key: record.get(TABLE_COLUMN, "") for key, record in records if key}  # a blank retires nothing


def changelog_problems(changelog: str | None, version: str) -> list[GateProblem]:
    """Whether CHANGELOG.md's newest entry is VERSION's, and says something (with the line it is about)."""
    if changelog is None:
        return [GateProblem("changelog-missing", "no CHANGELOG.md comes with NEW (pass --changelog PATH)")]
    found = entries(changelog)
    if not found:
        message = f"CHANGELOG.md has no '## {version}' entry (no version entry at all)"
        return [GateProblem("changelog-top-entry", message)]
    top = found[0]
    if top.version != version:
        message = (
            f"CHANGELOG.md's newest entry is '## {top.version}', not '## {version}': say what changed in {version}"
        )
        return [GateProblem("changelog-top-entry", message, line=top.line)]
    if not top.body.strip():
        return [GateProblem("changelog-top-entry", f"CHANGELOG.md's entry for {version} is empty", line=top.line)]
    return []


def id_problems(old: Snapshot, new: Snapshot, old_name: str = "OLD", new_name: str = "NEW") -> list[GateProblem]:
    """The promises about ids NEW breaks since OLD: an id gone without a tombstone, a retired id in use
    again, a tombstone removed. ``validate``'s history checks and the release chain use the same list."""
    problems: list[GateProblem] = []
    graves = tombstoned(new) or {}
    in_use = ids(new)
    for key, table in sorted(ids(old).items()):
        if key not in in_use and key not in graves:
            problems.append(
                GateProblem(
                    "vanished-without-tombstone",
                    f"{table} {key} of {old_name} is gone from {new_name} without a tombstone: add a row to "
                    f"{TOMBSTONES} (retired_id, table_name, retired_in, reason, replaced_by)",
                    key,
                    table,
                )
            )
    old_graves = tombstoned(old) or {}
    for key in sorted((graves.keys() | old_graves.keys()) & in_use.keys()):
        problems.append(
            GateProblem(
                "tombstoned-id-reused",
                f"{key} was retired (it has a tombstone{'' if key in graves else ' in ' + old_name}) but is in "
                f"{in_use[key]} again: ids are never reused",
                key,
                in_use[key],
            )
        )
    for key in sorted(old_graves.keys() - graves.keys()):
        message = f"the tombstone of {key} in {old_name} was removed: tombstones are kept for good"
        problems.append(GateProblem("tombstone-removed", message, key, old_graves[key]))
    return problems


def gate(
    old: Snapshot,
    new: Snapshot,
    changelog: str | None,
    baseline: tuple[Snapshot, str] | None = None,
    names: tuple[str, str] = ("OLD", "NEW"),
) -> GateResult:
    """Check NEW against OLD; CHANGELOG is the text of NEW's CHANGELOG.md (None if there is none).

    BASELINE is the last release at or below NEW's version and its label, when NEW's checkout records
    one (``history.releases.baseline_for``): the version is judged on the change since then.
    """
    result_diff = diff(old, new)
    judged = judge(old, new, result_diff, baseline)
    problems = [] if judged.problem is None else [GateProblem(*judged.problem)]
    problems += changelog_problems(changelog, new.version)
    problems += id_problems(old, new, *names)
    return GateResult(result_diff, judged.required, judged.minimum, tuple(problems), judged)
