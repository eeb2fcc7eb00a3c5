"""The kinds a column can be, and what each becomes in every output: one table, a column per target.

Rules are evaluated on plain Arrow types; Parquet stores enums dictionary-encoded; Table Schema and
JSON Schema have their own type names; pandas gets nullable dtypes. Every generator reads this
table, so a kind is mapped in exactly one place. pyarrow and pandas are imported only by the two
functions that build their type objects, so ``import crocus_data`` stays light.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["string", "integer", "boolean", "date", "enum", "string_list"]


@dataclass(frozen=True)
class KindTargets:
    """What one kind of column is in each output."""

    arrow: str  # the plain Arrow type rules are evaluated on (a ``pa.type_for_alias`` name)
    parquet: str  # the Arrow type in the Parquet file, as the data dictionary names it
    table_schema: str  # Frictionless Table Schema field type
    json_schema: str  # JSON Schema type (dates add ``format: date``)
    pandas: str  # the dtype ``crocus_data.load()`` gives, as the data dictionary names it


KINDS: dict[str, KindTargets] = {
    "string": KindTargets("string", "string", "string", "string", "string"),
    "enum": KindTargets("string", "dictionary<string>", "string", "string", "category"),
    "integer": KindTargets("int64", "int64", "integer", "integer", "Int64"),
    "boolean": KindTargets("bool", "bool", "boolean", "boolean", "boolean"),
    "date": KindTargets("date32", "date32", "date", "string", "datetime64[s]"),
    # Derived columns only (``crocus_data.derived``): never in a CSV record. frictionless-py 5 reads a Parquet
    # list as a numpy array, which its ``list`` and ``array`` types refuse: the Table Schema says ``any``.
    "string_list": KindTargets("list<string>", "list<string>", "any", "array", "object"),
}


def plain_arrow_type(kind: str) -> Any:
    """The Arrow type rules are evaluated on: enums stay plain strings."""
    import pyarrow as pa

    if kind == "string_list":
        return pa.list_(pa.string())
    return pa.type_for_alias(KINDS[kind].arrow)


def parquet_arrow_type(kind: str) -> Any:
    """The Arrow type in the Parquet file: as rules are evaluated on, except that enums are dictionary-encoded."""
    import pyarrow as pa

    if kind == "enum":
        return pa.dictionary(pa.int32(), pa.string())
    return plain_arrow_type(kind)


def pandas_dtype(kind: str, enum_values: Sequence[str] = ()) -> Any:
    """The dtype a loaded column has: categoricals for enums (every allowed value a category, the categories
    ``string``, so that a missing value shows as ``<NA>`` like every other column's), nullable ints and
    booleans, real dates."""
    if kind == "enum":
        import pandas as pd

        return pd.CategoricalDtype(categories=pd.Index(list(enum_values), dtype="string"), ordered=False)
    return KINDS[kind].pandas


def kind_of_field(field: dict[str, Any]) -> str:
    """The kind of a Table Schema field as the descriptor writes it: an enum has ``categories``."""
    if "categories" in field:
        return "enum"
    return next(kind for kind, targets in KINDS.items() if targets.table_schema == field.get("type", "string"))


@dataclass(frozen=True)
class Reader:
    """What one way of reading the tables gives for each kind of column, as that library prints the type."""

    key: str  # how tests/test_reader_types.py names it
    library: str
    call: str  # the code that reads table ``name`` (``path``: its Parquet file)
    types: dict[str, str]  # kind -> the type it gives
    missing: str  # how it shows an empty cell
    differs: str = ""  # where it cannot give the documented types, and why


# What each library gives through crocus-data (``load``, ``duckdb()``): the documented types.
PANDAS = {"string": "string", "enum": "category", "integer": "Int64", "boolean": "boolean", "date": "datetime64[s]"}
PANDAS["string_list"] = "object (Python lists)"
POLARS = {"string": "String", "enum": "Enum", "integer": "Int64", "boolean": "Boolean", "date": "Date"}
POLARS["string_list"] = "List(String)"
ARROW = {"string": "string", "enum": "dictionary<values=string, indices=int32, ordered=0>", "integer": "int64"}
ARROW |= {"boolean": "bool", "date": "date32[day]", "string_list": "list<element: string>"}
DUCKDB = {"string": "VARCHAR", "enum": "ENUM", "integer": "BIGINT", "boolean": "BOOLEAN", "date": "DATE"}
DUCKDB["string_list"] = "VARCHAR[]"
DATASETS = {"string": "Value('string')", "enum": "ClassLabel", "integer": "Value('int64')", "boolean": "Value('bool')"}
DATASETS |= {"date": "Value('date32')", "string_list": "List(Value('string'))"}

# One statement of the types every reader gives, checked column by column by tests/test_reader_types.py and
# rendered into docs/other-tools.md: through crocus-data first, then a plain read of the Parquet file, with
# where the plain read differs (and why) said.
READERS = (
    Reader(
        "pandas",
        "pandas",
        "crocus_data.load(name)",
        PANDAS,
        "`<NA>`; `NaT` in dates",
        "pandas has no `<NA>` in a `datetime64` column: a missing date is `NaT` (`pd.isna()` is true of both).",
    ),
    Reader(
        "pandas-plain",
        "pandas",
        "pd.read_parquet(path)",
        {**PANDAS, "date": "object", "string_list": "object (numpy arrays)"},
        "`<NA>`; `NaN` in enums; `None` in dates",
        "A plain read keeps Parquet dates as Python dates, and gives categoricals pandas' default `str` categories, "
        "whose missing value is `NaN`: a file cannot tell pandas otherwise. `load()` gives the documented dtypes.",
    ),
    Reader("polars", "polars", 'crocus_data.load(name, backend="polars")', POLARS, "`null`"),
    Reader("polars-plain", "polars", "pl.read_parquet(path)", POLARS, "`null`"),
    Reader("pyarrow", "pyarrow", 'crocus_data.load(name, backend="pyarrow")', ARROW, "`null`"),
    Reader("pyarrow-plain", "pyarrow", "pq.read_table(path)", ARROW, "`null`"),
    Reader("duckdb", "DuckDB", "crocus_data.duckdb().sql(f'FROM {name}')", DUCKDB, "`NULL`"),
    Reader(
        "duckdb-plain",
        "DuckDB",
        "duckdb.sql(f\"FROM '{path}'\")",
        {**DUCKDB, "enum": "VARCHAR"},
        "`NULL`",
        "DuckDB reads a Parquet dictionary column as `VARCHAR`: the vocabulary is not in the column's type. "
        "`crocus_data.duckdb()` casts each to an `ENUM` of its vocabulary.",
    ),
    Reader(
        "datasets",
        "Hugging Face datasets",
        'crocus_data.load(name, backend="datasets")',
        DATASETS,
        "`None`",
        "A `ClassLabel` cell is the value's index in the vocabulary (`features[column].int2str` names it).",
    ),
    Reader(
        "datasets-plain",
        "Hugging Face datasets",
        'load_dataset("parquet", data_files=str(path), split="train")',
        {**DATASETS, "enum": "Value('string')"},
        "`None`",
        "The Parquet builder reads a dictionary column as strings and cannot cast it to a `ClassLabel` (it fails "
        'if given one as `features`): `load(name, backend="datasets")` gives the vocabulary.',
    ),
)
