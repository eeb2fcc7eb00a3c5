"""History as a chain, as ``validate`` checks it in a checkout that records releases: the history.* rules.

Generated packages (crocus_data.testing) are laid out as a checkout with ``releases/`` and a
CHANGELOG.md beside the descriptor, recorded as a release, then changed the way a pull request
could: a row gone, a tombstone removed and its id reused, the version left behind, a manifest
planted or misnamed, a change committed without its changelog line.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from hypothesis import assume, given
from hypothesis import strategies as st
from test_package_properties import read_rows, write_rows

from crocus_data.history.inputs import load
from crocus_data.history.manifest import encode, manifest_name
from crocus_data.history.semver import Version
from crocus_data.models import MODELS, Tombstone
from crocus_data.problems import Problem
from crocus_data.testing import Package, packages
from crocus_data.validation import validate

from budgets import whole_packages
from scratch import GIT_IDENTITY

TABLES = sorted(model.table for model in MODELS if model.table != Tombstone.table)


def changelog_for(version: str, data_line: str = "- The first records.") -> str:
    return f"# Changelog\n\n## {version} — unreleased\n\n**Data**\n\n{data_line}\n\n**Package**\n\n- Nothing.\n"


@contextmanager
def checkout(package: Package) -> Iterator[Path]:
    """The package as a checkout: descriptor, records, its CHANGELOG.md, and releases/ recording it as it is."""
    with tempfile.TemporaryDirectory() as folder:
        descriptor = package.write(Path(folder))
        version = load(str(descriptor)).snapshot.version
        (descriptor.parent / "CHANGELOG.md").write_text(changelog_for(version), encoding="utf-8")
        record(descriptor.parent)
        yield descriptor


def record(root: Path, version: str | None = None) -> str:
    """Record the package at ROOT as a release (of its own version unless VERSION): the manifest's name."""
    snapshot = load(str(root)).snapshot
    snapshot = snapshot if version is None else replace(snapshot, version=version)
    (root / "releases").mkdir(exist_ok=True)
    name = manifest_name(snapshot.version)
    (root / "releases" / name).write_bytes(encode(snapshot))
    return f"releases/{name}"


def drop(descriptor: Path, table: str, key: str) -> None:
    """Delete the row KEY of TABLE, as a pull request could, leaving no tombstone."""
    path = descriptor.parent / "records" / f"{table}.csv"
    header, rows, _ = read_rows(path)
    write_rows(path, header, [row for row in rows if row[header[0]] != key])


def set_version(descriptor: Path, version: str) -> None:
    document = json.loads(descriptor.read_text(encoding="utf-8"))
    document["version"] = version
    descriptor.write_text(json.dumps(document), encoding="utf-8")


def history(descriptor: Path, base: str | None = None) -> list[Problem]:
    return [p for p in validate(descriptor, base=base).problems if p.rule.startswith("history.")]


def where(problems: list[Problem]) -> set[tuple[str, int | None, str | None, str]]:
    return {(p.file, p.row, p.column, p.rule) for p in problems}


@whole_packages
@given(packages())
def test_a_recorded_release_of_the_package_as_it_is_raises_nothing(package: Package) -> None:
    with checkout(package) as descriptor:
        assert history(descriptor) == []


@whole_packages
@given(packages(), st.data())
def test_a_row_gone_without_a_tombstone(package: Package, data: st.DataObject) -> None:
    table = data.draw(st.sampled_from([t for t in TABLES if package.records.get(t)]))
    key = data.draw(st.sampled_from(package.keys(table)))
    with checkout(package) as descriptor:
        drop(descriptor, table, key)
        found = [p for p in history(descriptor) if p.rule == "history.tombstone-missing"]
        assert [(p.file, p.row) for p in found] == [(f"records/{table}.csv", None)] and key in found[0].message
        # With its tombstone, the id is accounted for.
        graves = descriptor.parent / "records" / "tombstones.csv"
        header, rows, _ = read_rows(graves)
        rows.append(
            {"retired_id": key, "table_name": table, "retired_in": "9.0.0", "reason": "a test", "replaced_by": ""}
        )
        write_rows(graves, header, rows)
        assert not [p for p in history(descriptor) if p.rule == "history.tombstone-missing"]


@whole_packages
@given(packages(), st.data())
def test_a_tombstone_removed_and_its_id_used_again(package: Package, data: st.DataObject) -> None:
    graves = [t for t in package.records["tombstones"] if isinstance(t, Tombstone) and t.table_name != "sources"]
    graves = [t for t in graves if package.records.get(t.table_name)]
    assume(graves)
    grave = data.draw(st.sampled_from(graves))
    table = grave.table_name
    key = data.draw(st.sampled_from(package.keys(table)))
    with checkout(package) as descriptor:
        folder = descriptor.parent / "records"
        header, rows, _ = read_rows(folder / "tombstones.csv")
        write_rows(folder / "tombstones.csv", header, [r for r in rows if r["retired_id"] != grave.retired_id])
        header, rows, lines = read_rows(folder / f"{table}.csv")
        index = next(i for i, row in enumerate(rows) if row[header[0]] == key)
        rows[index][header[0]] = grave.retired_id
        write_rows(folder / f"{table}.csv", header, rows)
        found = where(history(descriptor))
        assert ("records/tombstones.csv", None, "retired_id", "history.tombstone-removed") in found
        assert (f"records/{table}.csv", lines[index], header[0], "history.id-reused") in found


@whole_packages
@given(packages(), st.data())
def test_a_change_after_a_release_needs_the_version_it_requires(package: Package, data: st.DataObject) -> None:
    table = data.draw(st.sampled_from([t for t in TABLES if package.records.get(t)]))
    with checkout(package) as descriptor:
        path = descriptor.parent / "records" / f"{table}.csv"
        header, rows, _ = read_rows(path)
        rows[0]["note" if "note" in header else header[-1]] = "A value fixed after the release."
        write_rows(path, header, rows)
        version = Version.parse(load(str(descriptor)).snapshot.version)
        assert ("datapackage.json", None, "version", "history.version") in where(history(descriptor))
        bumped = str(Version(version.major, version.minor + 1, 0))
        set_version(descriptor, bumped)
        (descriptor.parent / "CHANGELOG.md").write_text(changelog_for(bumped), encoding="utf-8")
        assert not [p for p in history(descriptor) if p.rule == "history.version"]
        assume(version > Version(0, 0, 0))
        set_version(descriptor, "0.0.0")  # below the release: backwards
        assert ("datapackage.json", None, "version", "history.version") in where(history(descriptor))


@whole_packages
@given(packages(), st.data())
def test_a_planted_release_is_checked_against_the_one_before_it(package: Package, data: st.DataObject) -> None:
    table = data.draw(st.sampled_from([t for t in TABLES if package.records.get(t)]))
    key = data.draw(st.sampled_from(package.keys(table)))
    with checkout(package) as descriptor:
        drop(descriptor, table, key)
        version = Version.parse(load(str(descriptor)).snapshot.version)
        planted = record(descriptor.parent, str(Version(version.major, version.minor + 1, 0)))
        found = [p for p in history(descriptor) if p.rule == "history.tombstone-missing"]
        assert (planted, None) in [(p.file, p.row) for p in found] and all(key in p.message for p in found)


NOT_A_VERSION = st.text(st.sampled_from("0123456789.\u0660\u0661\uff11abc"), min_size=1, max_size=8).filter(
    lambda name: not _ascii_version(name)
)


def _ascii_version(name: str) -> bool:
    try:
        Version.parse(name)
    except ValueError:
        return False
    return name.isascii()


@whole_packages
@given(packages(), NOT_A_VERSION, st.binary(max_size=64))
def test_a_file_under_releases_that_is_no_manifest_of_its_name(package: Package, name: str, raw: bytes) -> None:
    with checkout(package) as descriptor:
        (descriptor.parent / "releases" / f"{name}.json.gz").write_bytes(raw)
        assert (f"releases/{name}.json.gz", None, None, "history.manifest") in where(history(descriptor))


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *GIT_IDENTITY, *args], check=True, capture_output=True)


@whole_packages
@given(packages(), st.data())
def test_a_committed_manifest_changed_or_a_change_without_its_changelog_line(
    package: Package, data: st.DataObject
) -> None:
    table = data.draw(st.sampled_from([t for t in TABLES if package.records.get(t)]))
    with checkout(package) as descriptor:
        root = descriptor.parent
        git(root, "init", "-q")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "release")
        assert history(descriptor, "HEAD") == []
        path = root / "records" / f"{table}.csv"
        header, rows, _ = read_rows(path)
        rows[0][header[-1]] = "changed after the release"
        write_rows(path, header, rows)
        version = load(str(descriptor)).snapshot.version
        assert ("CHANGELOG.md", 5, None, "history.changelog") in where(history(descriptor, "HEAD"))  # **Data**'s line
        (root / "CHANGELOG.md").write_text(changelog_for(version, "- A value fixed."), encoding="utf-8")
        assert not [p for p in history(descriptor, "HEAD") if p.rule == "history.changelog"]
        manifest = next(p for p in (root / "releases").iterdir())
        manifest.write_bytes(b"rewritten")
        found = where(history(descriptor, "HEAD"))
        assert (f"releases/{manifest.name}", None, None, "history.manifest") in found
        manifest.unlink()
        found = where(history(descriptor, "HEAD"))
        assert (f"releases/{manifest.name}", None, None, "history.manifest") in found
