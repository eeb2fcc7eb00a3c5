"""Pydantic models -> Frictionless Table Schemas and the Data Package descriptor.

No maintained library converts Pydantic to Table Schema, so this is the small hand-written
bridge; everything it knows comes from ``columns()``.
"""

from __future__ import annotations

import inspect
from typing import Any

from crocus_data.models import MODELS, Record
from crocus_data.schema.columns import Column, columns

_TYPES = {"string": "string", "enum": "string", "integer": "integer", "boolean": "boolean", "date": "date"}


def describe_column(column: Column) -> str:
    """The column's description, with each allowed value and its definition for enums."""
    if not column.enum:
        return column.description
    values = "; ".join(f"'{member.value}': {member.definition}" for member in column.enum)
    return f"{column.description} Values: {values}"


def table_description(model: type[Record]) -> str:
    return inspect.cleandoc(model.__doc__ or "").split("\n\n")[0].replace("\n", " ")


def _field(column: Column, primary_key: str) -> dict[str, Any]:
    field: dict[str, Any] = {"name": column.name, "type": _TYPES[column.kind], "description": describe_column(column)}
    if column.kind == "boolean":
        field["trueValues"], field["falseValues"] = ["true"], ["false"]
    constraints: dict[str, Any] = {}
    if column.required:
        constraints["required"] = True
    if column.name == primary_key:
        constraints["unique"] = True
    if column.enum:
        constraints["enum"] = column.enum_values
    if column.pattern:
        constraints["pattern"] = column.pattern.removeprefix("^").removesuffix("$")
    if column.minimum is not None:
        constraints["minimum"] = column.minimum
    if column.min_length is not None and column.kind == "string":
        constraints["minLength"] = column.min_length
    if constraints:
        field["constraints"] = constraints
    return field


def table_schema(model: type[Record], resource_suffix: str = "") -> dict[str, Any]:
    """The Table Schema of a model; foreign keys point at resources named ``<table><suffix>``."""
    foreign_keys = [
        {
            "fields": column.name,
            "reference": {
                "resource": "" if column.references == model.table else f"{column.references}{resource_suffix}",
                "fields": next(m.primary_key for m in MODELS if m.table == column.references),
            },
        }
        for column in columns(model)
        if column.references
    ]
    schema: dict[str, Any] = {
        "fields": [_field(column, model.primary_key) for column in columns(model)],
        "missingValues": [""],
        "primaryKey": [model.primary_key],
    }
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    return schema
