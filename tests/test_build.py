"""The build is reproducible byte for byte, and the drift check catches any edited generated file."""

from __future__ import annotations

from pathlib import Path

import pytest

from crocus_data.build import build
from crocus_data.layout import DATA_DIR, SCHEMAS_DIR, SQLITE
from crocus_data.published.build import render
from crocus_data.reader.package import from_layout

from scratch import REPO, ScratchRepo

GENERATED = [
    Path("datapackage.json"),
    DATA_DIR / "datapackage.json",
    DATA_DIR / "croissant.json",
    DATA_DIR / "parquet" / "figures.parquet",
    SCHEMAS_DIR / "statements.json",
    DATA_DIR / "annotations.jsonld",
    Path("docs") / "data-dictionary.md",
    Path("docs") / "coverage.md",
]


def snapshot(root: Path) -> dict[Path, bytes]:
    return {p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_committed_generated_files_match_a_fresh_build() -> None:
    result = build(REPO, check=True)
    assert result.problems == []
    assert result.drifted == [], "run `crocus-data build` and commit the result (with the pinned constraints.txt)"


@pytest.mark.parametrize("relative", GENERATED, ids=str)
def test_drift_check_fails_when_a_generated_file_is_edited(scratch: ScratchRepo, relative: Path) -> None:
    path = scratch.root / relative
    path.write_bytes(path.read_bytes() + b"\n")
    assert build(scratch.root, check=True).drifted == [relative]


def test_drift_check_fails_when_the_home_pages_schema_org_entry_is_edited(scratch: ScratchRepo) -> None:
    path = scratch.root / "docs" / "index.md"
    page = path.read_text(encoding="utf-8")
    start = page.index("<!-- generated:schema-org start")
    edited = page[:start] + page[start:].replace('"version"', '"versions"', 1)
    assert edited != page
    path.write_text(edited, encoding="utf-8")
    assert build(scratch.root, check=True).drifted == [Path("docs") / "index.md"]


def test_drift_check_fails_when_a_generated_file_is_deleted(scratch: ScratchRepo) -> None:
    (scratch.root / SCHEMAS_DIR / "actors.json").unlink()
    assert build(scratch.root, check=True).drifted == [SCHEMAS_DIR / "actors.json"]


def test_non_canonical_csv_is_drift_and_build_canonicalises_it(scratch: ScratchRepo) -> None:
    path = scratch.table_path("actors")
    original = path.read_bytes()
    path.write_bytes(original.replace(b"\nact-nato,", b'\n"act-nato",'))
    assert build(scratch.root, check=True).drifted == [DATA_DIR / "records" / "actors.csv"]
    assert build(scratch.root).written == [DATA_DIR / "records" / "actors.csv"]
    assert path.read_bytes() == original


def test_a_changed_value_flows_into_every_output_that_shows_it(scratch: ScratchRepo) -> None:
    scratch.set_cell("figures", "fig-crocus-injured-000", "note", "A note added by a contributor.")
    # The CSV edit is already canonical: the Parquet copy of the table and the browser's pages showing the
    # note need rewriting (the figure's record and, as its quantity is contested, the contested figures).
    # croissant.json gives the SHA-256 of the Parquet file, so it changes too; the SQLite database holds the note.
    pages = [Path("docs/evidence/figures.md"), Path("docs/evidence/contested.md")]
    expected = [DATA_DIR / "parquet" / "figures.parquet", DATA_DIR / "croissant.json", DATA_DIR / SQLITE, *pages]
    assert sorted(build(scratch.root).written) == sorted(expected)
    for page in pages:
        assert "A note added by a contributor." in (scratch.root / page).read_text(encoding="utf-8")
    assert build(scratch.root, check=True).drifted == []


def test_building_twice_gives_identical_bytes() -> None:
    assert render(from_layout(REPO / DATA_DIR)) == render(from_layout(REPO / DATA_DIR))


def test_build_refuses_bad_data_and_writes_nothing(scratch: ScratchRepo) -> None:
    scratch.set_cell("statements", "stm-iskp-claim", "speaker_actor_id", "act-nobody")
    (scratch.root / SCHEMAS_DIR / "actors.json").unlink()
    before = snapshot(scratch.root)
    result = build(scratch.root)
    assert [p.rule for p in result.problems] == ["key.foreign"]
    assert result.written == []
    assert snapshot(scratch.root) == before
