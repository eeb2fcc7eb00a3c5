"""Pydantic models -> JSON Schema (2020-12) of one published row, flat as in the CSV and Parquet files."""

from __future__ import annotations

from typing import Any

from crocus_data.kinds import KINDS
from crocus_data.models import Record
from crocus_data.models.columns import Column, columns
from crocus_data.published.descriptor import table_description

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _property(column: Column) -> dict[str, Any]:
    prop: dict[str, Any] = {"description": column.description}
    if column.enum:
        choices: list[dict[str, Any]] = [{"const": m.value, "description": m.definition} for m in column.enum]
        if not column.required:
            choices.append({"type": "null"})
        prop["oneOf"] = choices
        return prop
    json_type = KINDS[column.kind].json_schema
    prop["type"] = json_type if column.required else [json_type, "null"]
    if column.kind == "date":
        prop["format"] = "date"
    if column.pattern:
        prop["pattern"] = column.pattern
    if column.minimum is not None:
        prop["minimum"] = column.minimum
    if column.min_length is not None and column.kind == "string":
        prop["minLength"] = column.min_length
    return prop


def json_schema(model: type[Record]) -> dict[str, Any]:
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": f"crocus-data: {model.table}",
        "description": table_description(model),
        "type": "object",
        "properties": {column.name: _property(column) for column in columns(model)},
        "required": [column.name for column in columns(model)],
        "additionalProperties": False,
    }
