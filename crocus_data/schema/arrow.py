"""Pydantic models -> pyarrow schemas (for Parquet) and pandas dtypes (for the loaders).

Heavy imports live here and in the loaders only, so ``import crocus_data`` stays light.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pyarrow as pa

from crocus_data.models import Record
from crocus_data.models.rules import plain_type
from crocus_data.schema.columns import Column, columns

DATE_DTYPE = "datetime64[s]"


def arrow_type(column: Column) -> pa.DataType:
    """The Parquet type: as rules are evaluated on, except that enums are dictionary-encoded."""
    if column.kind == "enum":
        return pa.dictionary(pa.int32(), pa.string())
    data_type: pa.DataType = plain_type(column.kind)
    return data_type


def arrow_schema(model: type[Record]) -> pa.Schema:
    return pa.schema(
        [
            pa.field(
                column.name,
                arrow_type(column),
                nullable=not column.required,
                metadata={"description": column.description},
            )
            for column in columns(model)
        ]
    )


def pandas_dtype(column: Column) -> Any:
    """The dtype a loaded column has: categoricals for enums, nullable ints and booleans, real dates."""
    if column.kind == "enum":
        return pd.CategoricalDtype(categories=column.enum_values, ordered=False)
    return {
        "string": pd.StringDtype(),
        "integer": pd.Int64Dtype(),
        "boolean": pd.BooleanDtype(),
        "date": DATE_DTYPE,
    }[column.kind]


def pandas_dtypes(model: type[Record]) -> dict[str, Any]:
    return {column.name: pandas_dtype(column) for column in columns(model)}
