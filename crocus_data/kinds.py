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
    """The dtype a loaded column has: categoricals for enums (every allowed value a category), nullable ints
    and booleans, real dates."""
    if kind == "enum":
        import pandas as pd

        return pd.CategoricalDtype(categories=list(enum_values), ordered=False)
    return KINDS[kind].pandas


def kind_of_field(field: dict[str, Any]) -> str:
    """The kind of a Table Schema field as the descriptor writes it: an enum has ``categories``."""
    if "categories" in field:
        return "enum"
    return next(kind for kind, targets in KINDS.items() if targets.table_schema == field.get("type", "string"))
