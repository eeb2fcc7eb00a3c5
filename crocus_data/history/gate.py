"""The semver gate: a change to the data must say what it is.

It fails when NEW's version is not bumped at least as far as the diff from OLD requires, when
CHANGELOG.md's newest entry does not name NEW's version, when an id vanished without a tombstone,
when a tombstoned id is in use again, and when a tombstone was removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crocus_data.history.diff import Diff, diff
from crocus_data.history.semver import Bump, Version, minimum_version, satisfies, version_bump
from crocus_data.history.snapshot import Snapshot

TOMBSTONES = "tombstones"
TABLE_COLUMN = "table_name"  # the tombstones column naming the table a retired id was in
_ENTRY = re.compile(r"^## +(\S+)(.*)$", re.MULTILINE)


@dataclass(frozen=True)
class GateProblem:
    code: str
    message: str


@dataclass(frozen=True)
class GateResult:
    diff: Diff
    required: Bump
    minimum_version: str | None
    problems: tuple[GateProblem, ...]

    @property
    def passed(self) -> bool:
        return not self.problems


def changelog_top_entry(text: str) -> tuple[str, str] | None:
    """The newest entry's version and body: the first ``## `` heading that starts with a digit."""
    for found in _ENTRY.finditer(text):
        version = found.group(1)
        if version[0].isdigit():
            following = _ENTRY.search(text, found.end())
            body = text[found.end() : following.start() if following else len(text)]
            return version, body.strip()
    return None


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


def _version_problems(result_diff: Diff, required: Bump) -> tuple[list[GateProblem], str | None]:
    try:
        old, new = Version.parse(result_diff.old_version), Version.parse(result_diff.new_version)
    except ValueError as exc:
        return [GateProblem("version-unreadable", str(exc))], None
    minimum = str(minimum_version(old, required))
    if version_bump(old, new) is None:
        return [GateProblem("version-backwards", f"the version went backwards: {old} → {new}")], minimum
    if not satisfies(old, new, required):
        why = "; ".join(reason for bump, reason in result_diff.reasons() if bump == required)
        return [
            GateProblem(
                "version-not-bumped",
                f"the data change requires a {required.label} bump (at least {minimum}), "
                f"but the version went {old} → {new}: {why}",
            )
        ], minimum
    return [], minimum


def _changelog_problems(changelog: str | None, version: str) -> list[GateProblem]:
    if changelog is None:
        return [GateProblem("changelog-missing", "no CHANGELOG.md comes with NEW (pass --changelog PATH)")]
    entry = changelog_top_entry(changelog)
    if entry is None:
        return [
            GateProblem("changelog-top-entry", f"CHANGELOG.md has no '## {version}' entry (no version entry at all)")
        ]
    top, body = entry
    if top != version:
        return [
            GateProblem(
                "changelog-top-entry",
                f"CHANGELOG.md's newest entry is '## {top}', not '## {version}': say what changed in {version}",
            )
        ]
    if not body:
        return [GateProblem("changelog-top-entry", f"CHANGELOG.md's entry for {version} is empty")]
    return []


def _id_problems(old: Snapshot, new: Snapshot) -> list[GateProblem]:
    problems: list[GateProblem] = []
    graves = tombstoned(new) or {}
    in_use = ids(new)
    for key, table in sorted(ids(old).items()):
        if key not in in_use and key not in graves:
            problems.append(
                GateProblem(
                    "vanished-without-tombstone",
                    f"{table} {key} is gone from NEW without a tombstone: add a row to {TOMBSTONES} "
                    "(retired_id, table_name, retired_in, reason, replaced_by)",
                )
            )
    for key in sorted(graves.keys() & in_use.keys()):
        problems.append(
            GateProblem(
                "tombstoned-id-reused",
                f"{key} was retired (it has a tombstone) but is in {in_use[key]} again: ids are never reused",
            )
        )
    for key in sorted((tombstoned(old) or {}).keys() - graves.keys()):
        problems.append(
            GateProblem("tombstone-removed", f"the tombstone of {key} was removed: tombstones are kept for good")
        )
    return problems


def gate(old: Snapshot, new: Snapshot, changelog: str | None) -> GateResult:
    """Check NEW against OLD; CHANGELOG is the text of NEW's CHANGELOG.md (None if there is none)."""
    result_diff = diff(old, new)
    required = result_diff.required_bump
    problems, minimum = _version_problems(result_diff, required)
    problems += _changelog_problems(changelog, new.version)
    problems += _id_problems(old, new)
    return GateResult(result_diff, required, minimum, tuple(problems))
