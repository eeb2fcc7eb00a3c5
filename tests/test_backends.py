"""load() in pyarrow and polars: the same rows as pandas, and the documented types in each."""

from __future__ import annotations

import polars as pl
import pyarrow as pa
import pytest

import crocus_data
from crocus_data.models import MODEL_BY_TABLE
from crocus_data.models.columns import columns

TABLES = crocus_data.tables()


@pytest.mark.parametrize("name", TABLES)
def test_arrow_and_polars_hold_the_same_rows(name: str) -> None:
    table = crocus_data.load(name, backend="pyarrow")
    frame = crocus_data.load(name, backend="polars")
    pandas = crocus_data.load(name)
    assert table.column_names == frame.columns == list(pandas.columns)
    assert table.num_rows == frame.height == len(pandas)
    assert [{k: v for k, v in row.items()} for row in table.to_pylist()] == frame.to_dicts()


@pytest.mark.parametrize("name", TABLES)
def test_types_are_the_documented_ones(name: str) -> None:
    table = crocus_data.load(name, backend="pyarrow")
    frame = crocus_data.load(name, backend="polars")
    for column in columns(MODEL_BY_TABLE[name]):
        field = table.schema.field(column.name)
        assert field.metadata and field.metadata[b"description"].decode() == column.description
        if column.kind == "enum":  # every allowed value, used or not, in the vocabulary's order
            assert table.column(column.name).type == pa.dictionary(pa.int32(), pa.string())
            assert all(chunk.dictionary.to_pylist() == column.enum_values for chunk in table.column(column.name).chunks)
            assert frame.schema[column.name] == pl.Enum(column.enum_values)
        else:
            expected = {"string": pl.String, "integer": pl.Int64, "boolean": pl.Boolean, "date": pl.Date}
            assert frame.schema[column.name] == expected[column.kind]


def test_the_release_metadata_travels_with_the_arrow_table() -> None:
    table = crocus_data.load("figures", backend="pyarrow")
    assert crocus_data.version_info(table).version == crocus_data.__version__


def test_a_backend_reads_parquet_only() -> None:
    with pytest.raises(ValueError, match="Parquet"):
        crocus_data.load("figures", format="csv", backend="polars")  # type: ignore[call-overload]
