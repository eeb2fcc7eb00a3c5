"""The build: what git holds and what is made, a drift check by content, and output that is the same in any process."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from crocus_data.build import build, render_checkout
from crocus_data.layout import DATA_DIR, SCHEMAS_DIR, SQLITE, is_committed

import anchors
from scratch import REPO, ScratchRepo, built, copy_tree, ignored_patterns, is_ignored

COMMITTED = [Path("datapackage.json"), SCHEMAS_DIR / "statements.json", DATA_DIR / "records" / "actors.csv"]
DERIVED = [
    DATA_DIR / "datapackage.json",
    DATA_DIR / "croissant.json",
    DATA_DIR / "annotations.jsonld",
    Path("crocus_data") / "schemas" / "statements.json",
    Path("docs") / "data-dictionary.md",
    Path("docs") / "coverage.md",
]
FIGURES_PARQUET = DATA_DIR / "parquet" / "figures.parquet"


def snapshot(root: Path) -> dict[Path, bytes]:
    return {p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_checkouts_files_are_what_a_fresh_build_makes() -> None:
    """The committed files, and any derived file this checkout has (from `pip install -e .` or a build)."""
    result = build(REPO, check=True)
    assert result.problems == []
    assert result.drifted == [], (
        "run `crocus-data build` (and commit what git holds: the records, datapackage.json, schemas/)"
    )


def test_git_holds_what_a_person_writes_and_ignores_every_derived_file() -> None:
    """What the build writes is either committed (and so not ignored) or derived (and ignored): never in between."""
    patterns = ignored_patterns()
    for path in render_checkout(REPO).files:
        assert is_ignored(path, patterns) != is_committed(path), path
    assert {path for path in render_checkout(REPO).files if is_committed(path)} >= set(COMMITTED)


@pytest.mark.parametrize("relative", [*COMMITTED, *DERIVED], ids=str)
def test_drift_check_fails_when_a_generated_file_is_edited(scratch: ScratchRepo, relative: Path) -> None:
    path = scratch.root / relative
    if path.suffix in (".json", ".jsonld"):  # Croissant is compared as JSON: change what it says
        path.write_text(json.dumps({**json.loads(path.read_bytes()), "edited": True}), encoding="utf-8")
    else:
        path.write_bytes(path.read_bytes() + b"\n")
    assert build(scratch.root, check=True).drifted == [relative]


@pytest.mark.parametrize("relative", COMMITTED[:2], ids=str)  # a missing table is a problem (file.missing)
def test_a_committed_file_that_is_missing_is_drift(scratch: ScratchRepo, relative: Path) -> None:
    (scratch.root / relative).unlink()
    assert build(scratch.root, check=True).drifted == [relative]


def test_a_derived_file_that_is_missing_is_not_drift(scratch: ScratchRepo) -> None:
    """A clone holds no derived file until it is installed or built: its absence is no drift."""
    for relative in [*DERIVED, FIGURES_PARQUET]:
        (scratch.root / relative).unlink()
    assert build(scratch.root, check=True).drifted == []


def rewrite_parquet(path: Path, change: str) -> None:
    table = pq.read_table(path)
    if change == "compression":  # what another pyarrow version may do: the same rows in other bytes
        sink = io.BytesIO()
        pq.write_table(table, sink, compression="snappy", data_page_size=1024)
        path.write_bytes(sink.getvalue())
        return
    metadata = dict(table.schema.metadata or {})
    if change == "library versions":
        pandas = json.loads(metadata[b"pandas"])
        pandas["pandas_version"], pandas["creator"] = "0.0.1", {"library": "pyarrow", "version": "0.0.1"}
        metadata[b"pandas"] = json.dumps(pandas).encode()
        table = table.replace_schema_metadata(metadata)
    elif change == "a row":
        table = table.slice(1)
    elif change == "a value":
        column = table.schema.get_field_index("note")
        notes = [f"{note} (edited)" if note else "edited" for note in table.column("note").to_pylist()]
        table = table.set_column(column, table.schema.field(column), pa.array(notes, pa.string()))
    elif change == "a type":
        column = table.schema.get_field_index("value")
        table = table.set_column(column, "value", table.column("value").cast(pa.float64()))
    elif change == "the release":
        metadata[b"crocus_data"] = metadata[b"crocus_data"].replace(b'"version"', b'"versions"')
        table = table.replace_schema_metadata(metadata)
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd")
    path.write_bytes(sink.getvalue())


@pytest.mark.parametrize("change", ["compression", "library versions"])
def test_parquet_in_other_bytes_with_the_same_content_is_no_drift(scratch: ScratchRepo, change: str) -> None:
    """Another pyarrow or pandas writes other bytes for the same rows, types and metadata: no drift, no rewrite."""
    path = scratch.root / FIGURES_PARQUET
    before = path.read_bytes()
    rewrite_parquet(path, change)
    assert path.read_bytes() != before
    assert build(scratch.root, check=True).drifted == []
    assert FIGURES_PARQUET not in build(scratch.root).written


@pytest.mark.parametrize("change", ["a row", "a value", "a type", "the release"])
def test_parquet_with_other_content_is_drift(scratch: ScratchRepo, change: str) -> None:
    rewrite_parquet(scratch.root / FIGURES_PARQUET, change)
    assert build(scratch.root, check=True).drifted == [FIGURES_PARQUET]


def test_non_canonical_csv_is_drift_and_build_canonicalises_it(scratch: ScratchRepo) -> None:
    path = scratch.table_path("actors")
    original = path.read_bytes()
    first = anchors.rows("actors")[0]["actor_id"]
    path.write_bytes(original.replace(f"\n{first},".encode(), f'\n"{first}",'.encode(), 1))
    assert path.read_bytes() != original
    assert build(scratch.root, check=True).drifted == [DATA_DIR / "records" / "actors.csv"]
    assert build(scratch.root).written == [DATA_DIR / "records" / "actors.csv"]
    assert path.read_bytes() == original


def test_a_changed_value_flows_into_every_output_that_shows_it(scratch: ScratchRepo) -> None:
    figure = anchors.plain_figure()["figure_id"]
    scratch.set_cell("figures", figure, "note", "A note added by a contributor.")
    written = build(scratch.root).written
    # The Parquet copy changes; Croissant gives its SHA-256; the SQLite database and the figure's page in the
    # evidence browser show the note.
    expected = {FIGURES_PARQUET, DATA_DIR / "croissant.json", DATA_DIR / SQLITE, Path("docs/evidence/figures.md")}
    assert expected <= set(written)
    assert not any(is_committed(path) for path in written), "a changed row changes no committed file"
    assert "A note added by a contributor." in (scratch.root / "docs/evidence/figures.md").read_text(encoding="utf-8")
    assert build(scratch.root, check=True).drifted == []


BUILD_IN_A_FRESH_PROCESS = (
    "import sys; from pathlib import Path; from crocus_data.build import build; build(Path(sys.argv[1]))"
)


# A second seed is CI's (the deep tier): one other interpreter already shows what set and dict order change.
@pytest.mark.parametrize("seed", ["0", pytest.param("4242", marks=pytest.mark.deep)])
def test_the_build_writes_the_same_bytes_in_another_process(tmp_path: Path, seed: str) -> None:
    """Two fresh interpreters (other hash seeds, other set and dict orders) build the same bytes as this one."""
    copy = tmp_path / "checkout"
    # What git holds: the other process makes every derived file.
    copy_tree(built(), copy, [DATA_DIR, SCHEMAS_DIR, Path("docs"), Path("datapackage.json"), Path("CHANGELOG.md")])
    assert not (copy / FIGURES_PARQUET).exists()
    environment = {**os.environ, "PYTHONHASHSEED": seed}
    result = subprocess.run(
        [sys.executable, "-c", BUILD_IN_A_FRESH_PROCESS, str(copy)], env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    ours = render_checkout(copy).files
    assert {path: (copy / path).read_bytes() for path in ours} == ours


def test_build_refuses_bad_data_and_writes_nothing(scratch: ScratchRepo) -> None:
    statement = anchors.spoken_statement()["statement_id"]
    scratch.set_cell("statements", statement, "speaker_actor_id", "act-nobody")
    (scratch.root / SCHEMAS_DIR / "actors.json").unlink()
    before = snapshot(scratch.root)
    result = build(scratch.root)
    assert [p.rule for p in result.problems] == ["key.foreign"]
    assert result.written == []
    assert snapshot(scratch.root) == before
