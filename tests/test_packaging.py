"""The package as users get it: light to import, complete once installed, usable from anywhere."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

from crocus_data.models import MODEL_BY_TABLE, MODELS

from scratch import REPO


def run(code: str, cwd: Path) -> str:
    result = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=True)
    return result.stdout


def test_import_does_not_load_pandas_or_pyarrow(tmp_path: Path) -> None:
    loaded = json.loads(
        run("import sys, json, crocus_data; crocus_data.tables(); print(json.dumps(sorted(sys.modules)))", tmp_path)
    )
    assert "pandas" not in loaded and "pyarrow" not in loaded


def test_every_table_loads_outside_the_checkout(tmp_path: Path) -> None:
    out = run(
        "import crocus_data, json\nprint(json.dumps({t: len(crocus_data.load(t)) for t in crocus_data.tables()}))",
        tmp_path,
    )
    counts = json.loads(out)
    assert list(counts) == [model.table for model in MODELS]
    # Every table of claims has rows; the tombstones table may be empty in some other valid package.
    assert all(n > 0 for table, n in counts.items() if MODEL_BY_TABLE[table].evidenced)


def test_installed_package_carries_its_data(tmp_path: Path) -> None:
    out = run("import crocus_data; print(crocus_data.data_dir())", tmp_path).strip()
    data = Path(out)
    for relative in [
        "datapackage.json",
        "croissant.json",
        "coverage_notes.csv",
        "records/evidence.csv",
        "parquet/evidence.parquet",
    ]:
        assert (data / relative).is_file(), relative
    # Every source the installed sources.csv lists, and nothing else: a contribution adds to both.
    with (data / "records" / "sources.csv").open(encoding="utf-8", newline="") as stream:
        listed = sorted(row["filename"] for row in csv.DictReader(stream))
    assert sorted(p.name for p in (data / "sources").glob("*.txt")) == listed


def test_shipped_sources_are_byte_for_byte_the_shared_reference() -> None:
    shared = REPO.parent / "shared" / "sources"
    if not shared.exists():  # only a checkout has ../shared beside it
        return
    for reference in shared.glob("*.txt"):
        assert (REPO / "crocus_data" / "data" / "sources" / reference.name).read_bytes() == reference.read_bytes()


def test_cli_validates_the_installed_data_from_anywhere(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "crocus_data.cli", "validate"], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid: " in result.stdout and "evidence" in result.stdout
