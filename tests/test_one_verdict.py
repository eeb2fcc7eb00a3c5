"""One verdict on "is this change's version enough": diff, gate, validate --against and the job summary agree.

A version describes the next release as a whole, so the verdict is measured from the last release at
or below NEW's version (``history.verdict``); before, ``gate last-release .`` passed a correct
contribution while ``diff HEAD .`` printed "not enough". Versions are ASCII digits only.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_history_support import changelog, set_version, snapshot, table

from crocus_data.cli import main
from crocus_data.history.diff import diff
from crocus_data.history.gate import gate
from crocus_data.history.inputs import load
from crocus_data.history.render import diff_document, gate_document
from crocus_data.history.semver import Version
from crocus_data.history.snapshot import Column
from crocus_data.history.verdict import judge

from scratch import ScratchRepo

COLUMNS = [Column("id"), Column("note")]


@pytest.mark.parametrize("text", ["0.3\u0660.0", "\u0661.0.0", "0.\u0968.0", "1.0.\uff11"])
def test_a_version_is_ascii_digits_only(text: str) -> None:
    with pytest.raises(ValueError, match=r"MAJOR\.MINOR\.PATCH"):
        Version.parse(text)


def test_a_version_in_other_digits_fails_the_gate_instead_of_reading_as_another_version() -> None:
    old = snapshot("0.2.0", table("things", COLUMNS, [["t-1", "a"]]))
    new = snapshot("0.3\u0660.0", table("things", COLUMNS, [["t-1", "a"], ["t-2", "b"]]))
    assert [p.code for p in gate(old, new, changelog("0.3\u0660.0")).problems] == ["version-unreadable"]


VERSIONS = st.builds(Version, st.integers(0, 2), st.integers(0, 3), st.integers(0, 3))


@given(VERSIONS, VERSIONS, VERSIONS, st.integers(0, 3), st.integers(0, 3))
def test_diff_and_gate_print_the_same_verdict(
    release: Version, old: Version, new: Version, added_before: int, added_after: int
) -> None:
    """For any release, OLD after it and NEW: the diff's version_ok and the gate's version problems agree."""
    rows = [[f"t-{i}", ""] for i in range(added_before + added_after + 1)]
    released = snapshot(str(release), table("things", COLUMNS, rows[:1]))
    before = snapshot(str(old), table("things", COLUMNS, rows[: added_before + 1]))
    after = snapshot(str(new), table("things", COLUMNS, rows))
    baseline = (released, "release")
    change = diff(before, after)
    judged = judge(before, after, change, baseline)
    document = diff_document(change, "OLD", "NEW", judged)
    gated = gate_document(gate(before, after, changelog(str(new)), baseline), "OLD", "NEW")
    version_codes = {p["code"] for p in gated["problems"]} & {"version-not-bumped", "version-backwards"}
    assert document["version_ok"] == (not version_codes)
    assert gated["diff"]["version_ok"] == document["version_ok"]
    assert document["minimum_version"] == gated["minimum_version"]


def with_data_line(text: str, version: str, line: str) -> str:
    """CHANGELOG.md with LINE added to the **Data** part of VERSION's entry (a Data part added if it has none)."""
    entry = text.index(f"## {version}")
    end = text.find("\n## ", entry + 1)
    end = len(text) if end < 0 else end
    data = text.find("**Data**\n", entry, end)
    if data < 0:
        heading_end = text.index("\n", entry) + 1
        return f"{text[:heading_end]}\n**Data**\n\n{line}\n{text[heading_end:]}"
    data += len("**Data**\n")
    return f"{text[:data]}\n{line}\n{text[data:]}"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = main(list(argv))
    return status, capsys.readouterr().out


def test_diff_head_and_gate_last_release_agree_on_a_correct_contribution(
    scratch: ScratchRepo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue's case: HEAD carries an unreleased version; a contributor adds a correct change on top."""
    scratch.with_history()
    root = scratch.root
    releases = sorted(Version.parse(p.name.removesuffix(".json.gz")) for p in (root / "releases").iterdir())
    unreleased = Version(releases[-1].major, releases[-1].minor + 1, 0)
    version = max(unreleased, Version.parse(load(str(root)).snapshot.version))
    set_version(root, str(version))
    log = root / "CHANGELOG.md"
    text = log.read_text(encoding="utf-8")
    if f"## {version}" not in text:
        head, rest = text.split("\n## 0", 1)
        text = f"{head}\n## {version} — unreleased\n\n**Data**\n\n- Started.\n\n## 0{rest}"
    log.write_text(text, encoding="utf-8")
    scratch.commit()
    figure = scratch.read_rows("figures")[1][0]["figure_id"]
    scratch.set_cell("figures", figure, "note", "A clearer note.")
    log.write_text(with_data_line(text, str(version), f"- `{figure}`: a clearer note."), encoding="utf-8")
    monkeypatch.chdir(root)
    gate_status, gate_json = run(capsys, "gate", "last-release", ".", "--format", "json")
    _, diff_json = run(capsys, "diff", "HEAD", ".", "--format", "json")
    _, diff_markdown = run(capsys, "diff", "HEAD", ".", "--format", "markdown")
    _, gate_markdown = run(capsys, "gate", "last-release", ".", "--format", "markdown")
    gated, diffed = json.loads(gate_json), json.loads(diff_json)
    assert gate_status == 0 and gated["passed"], gated["problems"]
    assert diffed["version_ok"] is True and gated["diff"]["version_ok"] is True
    assert diffed["minimum_version"] == gated["minimum_version"]
    assert diffed["version_baseline"]["version"] == str(releases[-1])
    verdict = f"version {releases[-1]} → {version}: enough"
    assert verdict in diff_markdown and verdict in gate_markdown and "not enough" not in diff_markdown
    validated = json.loads(run(capsys, "validate", ".", "--against", "last-release", "--format", "json")[1])
    assert validated["gate"]["passed"], validated["gate"]["problems"]
    assert not [p for p in validated["problems"] if p["rule"].startswith("history.")], validated["problems"]


def test_without_releases_the_change_is_measured_from_old(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from test_history_support import write_package

    old = write_package(snapshot("0.1.0", table("things", COLUMNS, [["t-1", ""]])), tmp_path / "old")
    new = write_package(snapshot("0.1.0", table("things", COLUMNS, [["t-1", "x"]])), tmp_path / "new")
    status, out = run(capsys, "diff", str(old), str(new))
    assert status == 0 and "required bump: patch; version 0.1.0 → 0.1.0: not enough, needs at least 0.1.1" in out
