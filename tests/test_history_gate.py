"""The semver gate: it fails on each way a change can go undeclared, and passes a declared one."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from test_history_support import changelog, copy_checkout, snapshot, table

import crocus_data
from crocus_data.history.gate import changelog_top_entry, gate, tombstoned
from crocus_data.history.inputs import load
from crocus_data.history.semver import Bump, Version, minimum_version, satisfies
from crocus_data.history.snapshot import Column, Snapshot, Table

COLUMNS = [Column("id"), Column("kind", enum=("a", "b")), Column("note")]
# The tombstones table as the package publishes it: keyed by the retired id.
TOMBSTONE_COLUMNS = [Column(name) for name in ("retired_id", "table_name", "retired_in", "reason", "replaced_by")]
ROWS = [["t-1", "a", "x"], ["t-2", "b", "y"]]


def things(rows: list[list[str]] = ROWS, columns: list[Column] = COLUMNS) -> Table:
    return table("things", columns, rows)


def tombstones(*ids: str) -> Table:
    rows = [[key, "things", "0.2.0", "a retraction", ""] for key in ids]
    return table("tombstones", TOMBSTONE_COLUMNS, rows, ("retired_id",))


OLD = snapshot("0.1.0", things())


def codes(old: Snapshot, new: Snapshot, log: str | None) -> set[str]:
    return {problem.code for problem in gate(old, new, log).problems}


# --- passes --------------------------------------------------------------------------------------


def test_an_unchanged_package_passes() -> None:
    assert gate(OLD, OLD, changelog("0.1.0")).passed


@pytest.mark.parametrize(
    ("new", "version"),
    [
        (things([["t-1", "a", "x"], ["t-2", "b", "fixed"]]), "0.1.1"),  # a value fixed: patch
        (things([*ROWS, ["t-3", "a", "z"]]), "0.2.0"),  # a record added: minor
        (things([*ROWS, ["t-3", "a", "z"]]), "1.0.0"),  # more than enough is fine
        (things([r[:2] for r in ROWS], COLUMNS[:2]), "0.2.0"),  # a column removed: major, 0.x → minor
    ],
    ids=["patch", "minor", "more-than-enough", "major-in-0.x"],
)
def test_a_declared_change_passes(new: Table, version: str) -> None:
    result = gate(OLD, snapshot(version, new), changelog(version, "0.1.0"))
    assert result.passed, result.problems


def test_a_retired_record_with_a_tombstone_passes() -> None:
    new = snapshot("0.2.0", things(ROWS[:1]), tombstones("t-2"))
    assert gate(OLD, new, changelog("0.2.0", "0.1.0")).passed


def test_a_record_moved_to_another_table_has_not_vanished() -> None:
    moved = table("others", COLUMNS, ROWS[1:])
    result = gate(OLD, snapshot("1.0.0", things(ROWS[:1]), moved), changelog("1.0.0"))
    assert result.passed, result.problems


# --- fails, one violation at a time --------------------------------------------------------------


def test_fails_when_the_version_is_not_bumped_at_all() -> None:
    new = snapshot("0.1.0", things([["t-1", "a", "x"], ["t-2", "b", "fixed"]]))
    result = gate(OLD, new, changelog("0.1.0"))
    assert [p.code for p in result.problems] == ["version-not-bumped"]
    assert result.required is Bump.PATCH and result.minimum_version == "0.1.1"
    assert "at least 0.1.1" in result.problems[0].message and "1 value(s) changed" in result.problems[0].message


@pytest.mark.parametrize(
    ("old_version", "new_table", "new_version", "minimum"),
    [
        ("0.1.0", things([*ROWS, ["t-3", "a", "z"]]), "0.1.1", "0.2.0"),  # added needs minor
        ("0.1.0", things([r[:2] for r in ROWS], COLUMNS[:2]), "0.1.1", "0.2.0"),  # major in 0.x needs minor
        ("1.4.2", things([r[:2] for r in ROWS], COLUMNS[:2]), "1.5.0", "2.0.0"),  # major from 1.x needs major
        ("1.4.2", things([*ROWS, ["t-3", "a", "z"]]), "1.4.3", "1.5.0"),
    ],
    ids=["minor-as-patch", "major-in-0.x-as-patch", "major-as-minor", "minor-as-patch-1.x"],
)
def test_fails_when_the_version_is_not_bumped_far_enough(
    old_version: str, new_table: Table, new_version: str, minimum: str
) -> None:
    result = gate(snapshot(old_version, things()), snapshot(new_version, new_table), changelog(new_version))
    assert [p.code for p in result.problems] == ["version-not-bumped"]
    assert result.minimum_version == minimum


def test_fails_when_the_version_goes_backwards() -> None:
    assert codes(snapshot("0.2.0", things()), snapshot("0.1.9", things()), changelog("0.1.9")) == {"version-backwards"}


def test_fails_on_a_version_that_is_not_major_minor_patch() -> None:
    assert codes(OLD, snapshot("0.2.0rc1", things()), changelog("0.2.0rc1")) == {"version-unreadable"}


def test_fails_when_the_changelogs_top_entry_is_not_the_new_version() -> None:
    new = snapshot("0.1.1", things([["t-1", "a", "x"], ["t-2", "b", "fixed"]]))
    result = gate(OLD, new, changelog("0.1.0"))
    assert [p.code for p in result.problems] == ["changelog-top-entry"]
    assert "'## 0.1.0', not '## 0.1.1'" in result.problems[0].message


def test_fails_without_a_changelog_or_with_an_empty_entry() -> None:
    assert codes(OLD, OLD, None) == {"changelog-missing"}
    assert codes(OLD, OLD, "# Changelog\n\nNothing yet.\n") == {"changelog-top-entry"}
    assert codes(OLD, OLD, "# Changelog\n\n## 0.1.0\n\n## 0.0.9\n\n- old\n") == {"changelog-top-entry"}


def test_fails_when_a_record_vanishes_without_a_tombstone() -> None:
    result = gate(OLD, snapshot("0.2.0", things(ROWS[:1])), changelog("0.2.0"))
    assert [p.code for p in result.problems] == ["vanished-without-tombstone"]
    assert "things t-2" in result.problems[0].message


def test_fails_when_a_tombstoned_id_is_used_again() -> None:
    old = snapshot("0.2.0", things(ROWS[:1]), tombstones("t-2"))
    reused = snapshot("0.3.0", things([*ROWS[:1], ["t-2", "a", "a different record"]]), tombstones("t-2"))
    assert codes(old, reused, changelog("0.3.0")) == {"tombstoned-id-reused"}


def test_fails_when_a_tombstone_is_removed() -> None:
    old = snapshot("0.2.0", things(ROWS[:1]), tombstones("t-2"))
    assert codes(old, snapshot("0.3.0", things(ROWS[:1]), tombstones()), changelog("0.3.0")) == {"tombstone-removed"}


def test_the_gate_reads_the_shipped_tombstones_table(tmp_path: Path) -> None:
    """What the package publishes as tombstones (keyed by retired_id) is what the gate honours."""
    checkout = load(str(copy_checkout(tmp_path))).snapshot
    graves = crocus_data.load("tombstones")
    assert tombstoned(checkout) == dict(zip(graves["retired_id"], graves["table_name"], strict=True))
    if graves.empty:
        return
    # A version that still had a retired row: going from it to the checkout is no silent vanishing.
    grave = graves.iloc[0]
    retired_from = checkout.tables[str(grave["table_name"])]
    resurrected = dict(retired_from.rows)
    resurrected[str(grave["retired_id"])] = (str(grave["retired_id"]), *[""] * (len(retired_from.columns) - 1))
    older = Snapshot("0.0.1", {**checkout.tables, retired_from.name: replace(retired_from, rows=resurrected)})
    codes_found = {problem.code for problem in gate(older, checkout, changelog(checkout.version)).problems}
    assert "vanished-without-tombstone" not in codes_found


def test_every_problem_is_reported_at_once() -> None:
    new = snapshot("0.1.0", things(ROWS[:1]))
    assert codes(OLD, new, changelog("0.0.9")) == {
        "version-not-bumped",
        "changelog-top-entry",
        "vanished-without-tombstone",
    }


# --- the pieces ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "required", "minimum"),
    [
        ("0.1.0", Bump.NONE, "0.1.0"),
        ("0.1.0", Bump.PATCH, "0.1.1"),
        ("0.1.0", Bump.MINOR, "0.2.0"),
        ("0.1.0", Bump.MAJOR, "0.2.0"),
        ("0.1.3", Bump.MAJOR, "0.2.0"),
        ("1.2.3", Bump.PATCH, "1.2.4"),
        ("1.2.3", Bump.MINOR, "1.3.0"),
        ("1.2.3", Bump.MAJOR, "2.0.0"),
    ],
)
def test_the_smallest_version_each_change_allows(old: str, required: Bump, minimum: str) -> None:
    found = minimum_version(Version.parse(old), required)
    assert str(found) == minimum
    assert satisfies(Version.parse(old), found, required)


def test_a_version_satisfies_a_need_only_moving_forward_far_enough() -> None:
    v = Version.parse
    assert satisfies(v("0.1.0"), v("1.0.0"), Bump.MAJOR)
    assert not satisfies(v("0.1.0"), v("0.1.9"), Bump.MINOR)
    assert not satisfies(v("1.0.0"), v("1.9.0"), Bump.MAJOR)
    assert not satisfies(v("1.0.0"), v("0.9.0"), Bump.NONE)
    assert satisfies(v("1.0.0"), v("1.0.1"), Bump.NONE)
    with pytest.raises(ValueError):
        v("01.0.0")


def test_the_top_entry_skips_headings_that_are_not_versions() -> None:
    text = "# Changelog\n\n## Versioning: data semver\n\nRules.\n\n## 0.2.0 — the data model\n\n- more\n\n## 0.1.0\n"
    assert changelog_top_entry(text) == ("0.2.0", "- more")
