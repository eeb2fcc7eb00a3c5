"""diff, gate and release-manifest as commands, on every kind of OLD and NEW, and on the real data."""

from __future__ import annotations

import argparse
import gzip
import json
import re
import subprocess
from pathlib import Path

import pytest
from test_history_support import changelog, copy_checkout, set_cell, set_version, snapshot, table, write_package

import crocus_data
from crocus_data.history.inputs import load
from crocus_data.history.manifest import encode, read_manifest, write_manifest
from crocus_data.history.snapshot import Column, SnapshotError

import anchors
from scratch import REPO

RELEASE = REPO / "releases" / "0.1.0.json.gz"
FIGURE = anchors.first(
    "figures", lambda row: row["value"] not in ("", "145") and row["qualifier"] != "range", "a figure with a value"
)["figure_id"]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run a history command through a parser built the way cli.py will build it."""
    from crocus_data.cli.history import register

    top = argparse.ArgumentParser(prog="crocus-data")
    register(top.add_subparsers(dest="command", required=True))
    args = top.parse_args(argv)
    status = args.run(args)
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    return copy_checkout(tmp_path / "checkout")


@pytest.fixture
def base(checkout: Path, tmp_path: Path) -> Path:
    """A manifest of the checkout as it is, before a test edits it: OLD for the edits a test makes."""
    path, _ = write_manifest(load(str(checkout)).snapshot, tmp_path / "base")
    return path


def patched(version: str) -> str:
    """The next patch version after VERSION."""
    major, minor, patch = version.split(".")
    return f"{major}.{minor}.{int(patch) + 1}"


# --- the committed release -----------------------------------------------------------------------


def test_the_committed_0_1_0_manifest_reads_and_records_0_1_0() -> None:
    release = read_manifest(RELEASE)
    assert release.version == "0.1.0"
    assert {"sources", "figures", "evidence"} <= set(release.tables)
    assert all(table.rows for table in release.tables.values())


CURRENT = REPO / "releases" / f"{crocus_data.__version__}.json.gz"


def test_a_released_version_is_the_working_tree_while_it_is_current(capsys: pytest.CaptureFixture[str]) -> None:
    """Released: its manifest is the working tree until the version moves on. Not yet: the changelog says so."""
    if not CURRENT.is_file():
        heading = re.search(
            rf"^## {re.escape(crocus_data.__version__)}\b.*$", (REPO / "CHANGELOG.md").read_text("utf-8"), re.M
        )
        assert heading is not None and "unreleased" in heading.group(), "a version with no manifest is unreleased"
        return
    fresh = load(str(REPO)).snapshot
    assert read_manifest(CURRENT) == fresh
    assert gzip.decompress(CURRENT.read_bytes()) == gzip.decompress(encode(fresh))
    status, out, _ = run(["diff", str(CURRENT), str(REPO)], capsys)
    assert status == 0 and out.splitlines()[-1] == "no changes"


def test_every_manifest_under_releases_is_named_for_its_version() -> None:
    for path in (REPO / "releases").glob("*.json.gz"):
        assert path.name == f"{read_manifest(path).version}.json.gz"


# --- release-manifest ----------------------------------------------------------------------------


def test_release_manifest_writes_the_same_bytes_twice_and_checks(
    checkout: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(["release-manifest", str(checkout)], capsys)
    written = checkout / "releases" / f"{crocus_data.__version__}.json.gz"
    assert status == 0 and out.startswith("wrote:") and written.is_file()
    first = written.read_bytes()
    assert run(["release-manifest", str(checkout)], capsys)[1].startswith("unchanged:")
    assert written.read_bytes() == first
    assert run(["release-manifest", str(checkout), "--check"], capsys)[0] == 0
    other = tmp_path / "other"
    assert run(["release-manifest", str(checkout), "--out", str(other)], capsys)[0] == 0
    assert (other / written.name).read_bytes() == first


def test_a_released_manifest_is_not_rewritten_with_other_data(
    checkout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["release-manifest", str(checkout)], capsys)[0] == 0
    set_cell(checkout, "figures", FIGURE, "value", "145")
    assert run(["release-manifest", str(checkout), "--check"], capsys)[0] == 1
    status, _, err = run(["release-manifest", str(checkout)], capsys)
    assert status == 2 and "is not rewritten" in err
    assert run(["release-manifest", str(checkout), "--force"], capsys)[0] == 0
    assert run(["release-manifest", str(checkout), "--check"], capsys)[0] == 0


def test_release_manifest_check_fails_when_the_version_is_not_recorded(
    checkout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(["release-manifest", str(checkout), "--check"], capsys)
    assert status == 1 and out.startswith("missing:")


# --- diff on the real data -----------------------------------------------------------------------


def test_a_hand_made_edit_shows_in_every_format(checkout: Path, base: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = set_cell(checkout, "figures", FIGURE, "value", "145")
    status, text, _ = run(["diff", str(base), str(checkout)], capsys)
    assert status == 0
    assert "required bump: patch" in text
    assert f'value: "{before}" → "145"' in text and f"~ {FIGURE}" in text

    status, raw, _ = run(["diff", str(base), str(checkout), "--format", "json"], capsys)
    document = json.loads(raw)
    assert status == 0 and document["format"] == "crocus-data-diff" and document["format_version"] == 1
    assert document["required_bump"] == "patch"
    assert document["minimum_version"] == patched(crocus_data.__version__)
    assert document["version_ok"] is False
    assert document["tables"] == [
        {
            "table": "figures",
            "primary_key": ["figure_id"],
            "added": [],
            "retired": [],
            "changed": [{"id": FIGURE, "cells": [{"column": "value", "old": before, "new": "145"}]}],
        }
    ]

    status, markdown, _ = run(["diff", str(base), str(checkout), "--format", "markdown"], capsys)
    assert status == 0 and markdown.startswith("### Data diff")
    assert f"| <code>{FIGURE}</code> | <code>value</code> | <code>{before}</code> | <code>145</code> |" in markdown


def test_the_diff_of_no_change_in_json_and_markdown(checkout: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = json.loads(run(["diff", str(checkout), str(checkout), "--format", "json"], capsys)[1])
    assert document["required_bump"] == "none" and document["tables"] == [] and document["schema_changes"] == []
    assert "No changes" in run(["diff", str(checkout), str(checkout), "--format", "markdown"], capsys)[1]


# --- the gate on the real data -------------------------------------------------------------------


def test_the_gate_fails_an_undeclared_fix_and_passes_it_declared(
    checkout: Path, base: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_cell(checkout, "figures", FIGURE, "value", "145")
    status, out, _ = run(["gate", str(base), str(checkout)], capsys)
    assert status == 1 and "version-not-bumped" in out

    fixed = patched(crocus_data.__version__)
    set_version(checkout, fixed)
    status, out, _ = run(["gate", str(base), str(checkout)], capsys)
    assert status == 1 and "changelog-top-entry" in out and "version-not-bumped" not in out

    log = checkout / "CHANGELOG.md"
    text = log.read_text(encoding="utf-8")
    at = text.index(f"## {crocus_data.__version__}")
    log.write_text(text[:at] + f"## {fixed}\n\n- Fixed the killed figure.\n\n" + text[at:], encoding="utf-8")
    status, out, _ = run(["gate", str(base), str(checkout)], capsys)
    assert status == 0 and "passed" in out


def test_the_gate_in_json_markdown_and_github(checkout: Path, base: Path, capsys: pytest.CaptureFixture[str]) -> None:
    set_cell(checkout, "figures", FIGURE, "value", "145")
    status, raw, _ = run(["gate", str(base), str(checkout), "--format", "json"], capsys)
    document = json.loads(raw)
    assert status == 1 and document["format"] == "crocus-data-gate" and document["passed"] is False
    assert [p["code"] for p in document["problems"]] == ["version-not-bumped"]
    assert document["diff"]["format"] == "crocus-data-diff"
    markdown = run(["gate", str(base), str(checkout), "--format", "markdown"], capsys)[1]
    assert markdown.startswith("### Semver gate: ❌") and "#### Data diff" in markdown
    github = run(["gate", str(base), str(checkout), "--format", "github"], capsys)[1]
    assert github.startswith("::error title=crocus-data gate (version-not-bumped)::")


def test_the_gate_reads_a_changelog_given_explicitly(checkout: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = checkout / "OTHER.md"
    other.write_text(changelog("0.0.1"), encoding="utf-8")
    status, out, _ = run(["gate", str(RELEASE), str(checkout), "--changelog", str(other)], capsys)
    assert status == 1 and "changelog-top-entry" in out


# --- every kind of OLD and NEW -------------------------------------------------------------------


def test_a_data_directory_a_descriptor_and_installed_read_the_same(checkout: Path) -> None:
    data = checkout / "crocus_data" / "data"
    assert load(str(checkout)).snapshot == load(str(data)).snapshot == load(str(data / "datapackage.json")).snapshot
    assert load(str(checkout)).changelog == load(str(data)).changelog is not None
    installed = load("installed")
    assert installed.snapshot == load(str(crocus_data.data_dir())).snapshot
    assert installed.snapshot.version == crocus_data.__version__


def test_a_version_names_its_manifest_under_releases(checkout: Path) -> None:
    (checkout / "releases").mkdir()
    (checkout / "releases" / "0.1.0.json.gz").write_bytes(RELEASE.read_bytes())
    loaded = load("0.1.0", cwd=checkout)
    assert loaded.label.startswith("release 0.1.0") and loaded.snapshot == read_manifest(RELEASE)


def test_last_release_is_the_highest_version_recorded(checkout: Path) -> None:
    with pytest.raises(SnapshotError, match="no release manifest"):
        load("last-release", cwd=checkout)
    releases = checkout / "releases"
    releases.mkdir()
    later = snapshot("0.10.0", table("things", [Column("id")], [["t-1"]]))
    (releases / "0.10.0.json.gz").write_bytes(encode(later))
    (releases / "0.9.0.json.gz").write_bytes(RELEASE.read_bytes())
    (releases / "notes.json.gz").write_bytes(b"not a version")
    loaded = load("last-release", cwd=checkout)
    assert loaded.snapshot == later and loaded.label == "release 0.10.0 (releases/0.10.0.json.gz)"


def git(repo: Path, *args: str) -> None:
    identity = ["-c", "user.name=test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "-C", str(repo), *identity, *args], check=True, capture_output=True)


def test_git_refs_of_the_repository_around_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tmp_path / "repo"
    columns = [Column("id"), Column("note")]
    first = snapshot("0.1.0", table("things", columns, [["t-1", "one"], ["t-2", "two"]]))
    write_package(first, repo, {"src-a": b"text"}, changelog("0.1.0"))
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "first")
    second = snapshot("0.2.0", table("things", columns, [["t-1", "one"], ["t-2", "two"], ["t-3", "three"]]))
    write_package(second, repo, {"src-a": b"text"}, changelog("0.2.0", "0.1.0"))
    git(repo, "commit", "-q", "-am", "second")
    (repo / "sub").mkdir()
    monkeypatch.chdir(repo / "sub")

    assert load("HEAD~1").snapshot.version == "0.1.0" and load("main").snapshot.version == "0.2.0"
    assert load("HEAD~1").changelog == changelog("0.1.0")
    status, out, _ = run(["diff", "HEAD~1", "main"], capsys)
    assert status == 0 and "+ t-3" in out and "required bump: minor" in out
    assert run(["gate", "HEAD~1", ".."], capsys)[0] == 0
    status, _, err = run(["diff", "no-such-branch", "main"], capsys)
    assert status == 2 and "git ref of" in err


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("make", "complaint"),
    [
        (lambda d: d / "nothing-here", "is neither a package directory"),
        (lambda d: write(d / "x" / "README.md", "# hello"), "is not JSON"),
        (lambda d: write(d / "x" / "datapackage.json", "{}"), "no resources"),
        (lambda d: write(d / "bad.json.gz", "not gzip"), "unreadable manifest"),
        (lambda d: d / "empty-dir", "no datapackage.json"),
        (
            lambda d: write(d / "m.json", json.dumps({"format": "crocus-data-release-manifest", "format_version": 9})),
            "newer than this crocus-data reads",
        ),
        (
            lambda d: write(
                d / "x" / "datapackage.json",
                json.dumps({"version": "1.0.0", "resources": [{"name": "t", "path": "../t.csv", "format": "csv"}]}),
            ),
            "leaves the package",
        ),
        (
            lambda d: write(
                d / "x" / "datapackage.json",
                json.dumps({"version": "1.0.0", "resources": [{"name": "t", "path": "t.csv", "format": "csv"}]}),
            ),
            "which is missing",
        ),
    ],
    ids=["absent", "not-json", "not-a-package", "bad-gzip", "no-descriptor", "newer-format", "escape", "missing-csv"],
)
def test_unusable_input_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: object, complaint: str
) -> None:
    (tmp_path / "empty-dir").mkdir()
    assert callable(make)
    target = make(tmp_path)
    for argv in (["diff", str(target), str(REPO)], ["diff", str(REPO), str(target)], ["gate", str(target), str(REPO)]):
        status, out, err = run(argv, capsys)
        assert status == 2 and out == "", argv
        assert err.startswith("crocus-data: ") and complaint in err and err.count("\n") == 1, err


def test_a_table_that_cannot_be_keyed_is_unusable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    package = write_package(
        snapshot("1.0.0", table("things", [Column("id"), Column("note")], [["t-1", "a"]])), tmp_path
    )
    (package / "records" / "things.csv").write_text("id,note\nt-1,a\nt-1,b\n", encoding="utf-8")
    status, _, err = run(["diff", str(package), str(package)], capsys)
    assert status == 2 and "occurs twice" in err
    (package / "records" / "things.csv").write_text("id,remark\nt-1,a\n", encoding="utf-8")
    status, _, err = run(["diff", str(package), str(package)], capsys)
    assert status == 2 and "is the descriptor out of date?" in err
