"""The version inside the data: every Parquet file and every loaded frame says which release it is."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

import crocus_data
from crocus_data.checks import run_checks
from crocus_data.models import MODEL_BY_TABLE
from crocus_data.models.columns import published_columns
from crocus_data.reader.package import from_descriptor
from crocus_data.reader.release_info import KEY, VersionInfo, version_info

from scratch import ScratchRepo

TABLES = crocus_data.tables()


def shipped_hashes() -> dict[str, str]:
    sources = crocus_data.load("sources", format="csv")
    return dict(zip(sources["source_id"], sources["sha256"], strict=True))


@pytest.mark.parametrize("table", TABLES)
def test_every_parquet_file_records_its_release(table: str) -> None:
    info = version_info(crocus_data.parquet_path(table))
    descriptor = json.loads((crocus_data.data_dir() / "datapackage.json").read_text(encoding="utf-8"))
    assert info.version == crocus_data.__version__ == descriptor["version"]
    assert info.table == table and info.package == "crocus-data"
    assert dict(info.source_sha256) == shipped_hashes()
    assert list(info.columns) == [c.name for c in published_columns(MODEL_BY_TABLE[table])]
    assert all(info.columns.values())
    assert info.description


@pytest.mark.parametrize("table", TABLES)
def test_load_puts_the_release_in_attrs_from_parquet_and_csv_alike(table: str) -> None:
    from_parquet, from_csv = crocus_data.load(table), crocus_data.load(table, format="csv")
    assert from_parquet.attrs[KEY] == from_csv.attrs[KEY] == version_info(crocus_data.parquet_path(table)).as_dict()
    assert version_info(from_parquet) == version_info(crocus_data.parquet_path(table))


def test_plain_readers_see_it_too() -> None:
    path = crocus_data.parquet_path("figures")
    expected = version_info(path)
    assert version_info(pd.read_parquet(path)) == expected  # pandas restores attrs from the file
    assert version_info(pq.read_table(path)) == expected
    assert version_info(pq.read_schema(path)) == expected
    assert version_info(str(path)) == expected


def test_attrs_survive_a_filter_and_a_column_selection() -> None:
    figures = crocus_data.load("figures")
    assert version_info(figures[figures["value"].notna()][["figure_id", "value"]]).version == crocus_data.__version__


def test_a_frame_without_it_says_how_to_get_it() -> None:
    with pytest.raises(ValueError, match=r"crocus_data\.load\(\)"):
        version_info(pd.DataFrame({"a": [1]}))


def test_a_parquet_file_without_it_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plain.parquet"
    pd.DataFrame({"a": [1]}).to_parquet(path)
    with pytest.raises(ValueError, match="no 'crocus_data' metadata"):
        version_info(path)


def test_a_newer_metadata_format_is_refused() -> None:
    document = version_info(crocus_data.parquet_path("figures")).as_dict()
    with pytest.raises(ValueError, match="newer"):
        VersionInfo.from_dict({**document, "format_version": document["format_version"] + 1})
    assert VersionInfo.from_dict(document).as_dict() == document


def test_import_stays_light_with_version_info_exported() -> None:
    assert crocus_data.version_info is version_info and "version_info" in crocus_data.__all__


def test_validate_flags_parquet_files_of_another_release(scratch: ScratchRepo) -> None:
    """A version bumped in the descriptor without a rebuild leaves every Parquet file on the old one."""
    descriptor = scratch.data / "datapackage.json"
    document = json.loads(descriptor.read_text(encoding="utf-8"))
    document["version"] = "9.9.9"
    descriptor.write_text(json.dumps(document), encoding="utf-8")
    problems = run_checks(from_descriptor(descriptor))
    stale = {(f"parquet/{table}.parquet", "parquet.mismatch") for table in TABLES}
    assert {(p.file, p.rule) for p in problems} == stale
    assert all("9.9.9" in p.message for p in problems)
