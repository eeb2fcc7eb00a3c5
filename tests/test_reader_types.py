"""The one table of types (``crocus_data.kinds.READERS``, rendered in docs/other-tools.md) is what each
reader really gives, column by column, and each reader shows a missing value one way.

Each probe below reads a table the way its row of the table says, with the library itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import datasets
import duckdb
import pandas as pd
import polars as pl
import pyarrow.parquet as pq
import pytest

import crocus_data
from crocus_data.kinds import READERS, kind_of_field
from crocus_data.loaders.frames import _fields

TABLES = crocus_data.tables()


def _plain_duckdb(path: Path) -> dict[str, str]:
    return {row[0]: row[1] for row in duckdb.sql(f"DESCRIBE SELECT * FROM '{path}'").fetchall()}


def _plain_datasets(path: Path) -> dict[str, str]:
    dataset = datasets.load_dataset("parquet", data_files=str(path), split="train", keep_in_memory=True)
    return {column: repr(feature) for column, feature in dataset.features.items()}


def _pandas(frame: pd.DataFrame) -> dict[str, str]:
    described = {}
    for column, dtype in frame.dtypes.items():
        described[str(column)] = str(dtype)
        if str(dtype) == "object":
            kinds = {type(value).__name__ for value in frame[column]}
            described[str(column)] += {"list": " (Python lists)", "ndarray": " (numpy arrays)"}.get("".join(kinds), "")
    return described


# How each reader of the table reads one table, and the types it gives, as the library prints them.
PROBES: dict[str, Callable[[str, Path], dict[str, str]]] = {
    "pandas": lambda name, path: _pandas(crocus_data.load(name)),
    "pandas-plain": lambda name, path: _pandas(pd.read_parquet(path)),
    "polars": lambda name, path: {c: str(t) for c, t in crocus_data.load(name, backend="polars").schema.items()},
    "polars-plain": lambda name, path: {c: str(t) for c, t in pl.read_parquet(path).schema.items()},
    "pyarrow": lambda name, path: {f.name: str(f.type) for f in crocus_data.load(name, backend="pyarrow").schema},
    "pyarrow-plain": lambda name, path: {f.name: str(f.type) for f in pq.read_table(path).schema},
    "duckdb": lambda name, path: {r[0]: r[1] for r in crocus_data.duckdb().sql(f"DESCRIBE {name}").fetchall()},
    "duckdb-plain": lambda name, path: _plain_duckdb(path),
    "datasets": lambda name, path: {c: repr(f) for c, f in crocus_data.load(name, backend="datasets").features.items()},
    "datasets-plain": lambda name, path: _plain_datasets(path),
}


def short(type_name: str) -> str:
    """A type without the vocabulary it lists (that is tested against the descriptor elsewhere)."""
    for pattern, name in [
        (r"^Enum\(categories=.*\)$", "Enum"),
        (r"^ENUM\(.*\)$", "ENUM"),
        (r"^ClassLabel\(.*\)$", "ClassLabel"),
    ]:
        type_name = re.sub(pattern, name, type_name, flags=re.S)
    return type_name


def test_every_reader_of_the_table_is_probed() -> None:
    assert {reader.key for reader in READERS} == set(PROBES)


@pytest.mark.parametrize("reader", READERS, ids=lambda reader: reader.key)
@pytest.mark.parametrize("table", TABLES)
def test_the_reader_gives_the_stated_type_for_every_column(
    reader: Any, table: str, monkeypatch: Any, tmp_path: Path
) -> None:
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    got = PROBES[reader.key](table, crocus_data.parquet_path(table))
    kinds = {str(field["name"]): kind_of_field(field) for field in _fields(table)}
    assert list(got) == list(kinds)
    for column, kind in kinds.items():
        assert short(got[column]) == reader.types[kind], (table, column, kind)


def _pandas_markers(frame: pd.DataFrame) -> set[str]:
    return {
        repr(value) if value is None else str(value)
        for column in frame
        for value in frame[column]
        if pd.isna(value) is True
    }


@pytest.mark.parametrize("table", TABLES)
def test_pandas_shows_every_missing_value_as_na_and_a_missing_date_as_nat(table: str) -> None:
    frame = crocus_data.load(table)
    dates = [c for c in frame if str(frame[c].dtype).startswith("datetime64")]
    assert _pandas_markers(frame.drop(columns=dates)) <= {"<NA>"}
    assert _pandas_markers(frame[dates]) <= {"NaT"}


@pytest.mark.parametrize("table", TABLES)
def test_the_other_readers_show_a_missing_value_as_their_one_null(table: str) -> None:
    arrow = crocus_data.load(table, backend="pyarrow")
    for reader_rows in (
        arrow.to_pylist(),
        crocus_data.load(table, backend="polars").to_dicts(),
        [
            dict(zip(arrow.column_names, row, strict=True))
            for row in crocus_data.duckdb().sql(f"FROM {table}").fetchall()
        ],
        crocus_data.load(table, backend="datasets").to_list(),
    ):
        assert len(reader_rows) == arrow.num_rows
        for row, expected in zip(reader_rows, arrow.to_pylist(), strict=True):
            assert {c for c, v in row.items() if v is None} == {c for c, v in expected.items() if v is None}
