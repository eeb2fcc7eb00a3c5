"""Pydantic models -> Table Schemas and the Data Package (v2) descriptor: the one descriptor builder.

The descriptor follows Data Package v2 (``$schema``, ``type: table``, ``categories``, keys as
arrays). It keeps ``constraints.enum`` beside ``categories`` so that readers of v1 (frictionless-py 5,
which reads this descriptor as it is) still enforce the allowed values. No maintained library
converts Pydantic to Table Schema, so this is the small hand-written bridge; everything it knows
comes from ``columns()`` and the package layout.
"""

from __future__ import annotations

import inspect
from typing import Any

from crocus_data import version
from crocus_data.kinds import KINDS
from crocus_data.layout import PARQUET_SUFFIX, parquet_file, record_file, source_file
from crocus_data.models import MODELS, Record, Source
from crocus_data.models.columns import Column, columns, published_columns
from crocus_data.published.dataset_metadata import (
    CREATORS,
    DATA_LICENCE_ID,
    DATA_LICENCE_TITLE,
    DATA_LICENCE_URL,
    DESCRIPTION,
    KEYWORDS,
    NAME,
    SOURCE_TEXT_TERMS,
    TITLE,
)

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"

LICENSE = {"name": DATA_LICENCE_ID, "path": DATA_LICENCE_URL, "title": DATA_LICENCE_TITLE}


def describe_column(column: Column) -> str:
    """The column's description, with each allowed value and its definition for enums."""
    if not column.enum:
        return column.description
    values = "; ".join(f"'{member.value}': {member.definition}" for member in column.enum)
    return f"{column.description} Values: {values}"


def table_description(model: type[Record]) -> str:
    return inspect.cleandoc(model.__doc__ or "").split("\n\n")[0].replace("\n", " ")


def _field(column: Column, primary_key: str) -> dict[str, Any]:
    field: dict[str, Any] = {
        "name": column.name,
        "type": KINDS[column.kind].table_schema,
        "description": describe_column(column),
    }
    if column.enum:
        field["categories"] = column.enum_values
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


def table_schema(model: type[Record], resource_suffix: str = "", *, derived: bool = False) -> dict[str, Any]:
    """The Table Schema of a model; foreign keys point at resources named ``<table><suffix>``. With ``derived``
    (the Parquet files) the derived columns follow the model's: the CSV records do not have them."""
    foreign_keys = [
        {
            "fields": [column.name],
            "reference": {
                # Data Package v2 says a reference to the table itself has no ``resource``.
                **({} if column.references == model.table else {"resource": f"{column.references}{resource_suffix}"}),
                "fields": [next(m.primary_key for m in MODELS if m.table == column.references)],
            },
        }
        for column in columns(model)
        if column.references
    ]
    schema: dict[str, Any] = {
        "fields": [
            _field(column, model.primary_key) for column in (published_columns(model) if derived else columns(model))
        ],
        "missingValues": [""],
        "primaryKey": [model.primary_key],
    }
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    return schema


def _table_resources(prefix: str) -> list[dict[str, Any]]:
    resources = []
    for model in MODELS:
        common = {
            "title": model.table_title,
            "description": table_description(model),
            "type": "table",
        }
        resources.append(
            {
                "name": model.table,
                "path": f"{prefix}{record_file(model.table)}",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                **common,
                "schema": table_schema(model),
            }
        )
    for model in MODELS:
        resources.append(
            {
                "name": f"{model.table}{PARQUET_SUFFIX}",
                "path": f"{prefix}{parquet_file(model.table)}",
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
                "title": f"{model.table_title} (Parquet)",
                "description": f"The same rows as '{model.table}', as Parquet.",
                "type": "table",
                "schema": table_schema(model, PARQUET_SUFFIX, derived=True),
            }
        )
    return resources


def text_resource(source: Source, prefix: str = "") -> dict[str, Any]:
    """A source text's resource, named by its source id (the build lists one per row of sources.csv)."""
    return {
        "name": source.source_id,
        "path": f"{prefix}{source_file(source.filename)}",
        "format": "txt",
        "mediatype": "text/plain",
        "encoding": "utf-8",
        "title": f"Source text {source.source_id}" + (f": {source.title}" if source.title else ""),
        "description": SOURCE_TEXT_TERMS,
        "bytes": source.bytes,
        "hash": f"sha256:{source.sha256}",
    }


def source_entry(text: dict[str, Any]) -> dict[str, Any]:
    """A text's entry in the descriptor's ``sources`` list."""
    return {"title": text["title"], "path": text["path"]}


def descriptor(sources: list[Source], prefix: str = "") -> dict[str, Any]:
    """The Data Package descriptor; ``prefix`` is where the data directory lies relative to it."""
    texts = [text_resource(source, prefix) for source in sources]
    return {
        "$schema": PROFILE,
        "name": NAME,
        "title": TITLE,
        "description": DESCRIPTION,
        "version": version.__version__,
        "licenses": [LICENSE],
        "contributors": [{"title": creator, "roles": ["creator"]} for creator in CREATORS],
        "keywords": list(KEYWORDS),
        "sources": [source_entry(text) for text in texts],
        "resources": [*_table_resources(prefix), *texts],
    }
