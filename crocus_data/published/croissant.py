"""The models -> an MLCommons Croissant 1.1 description (``croissant.json``) of the shipped files.

Croissant is the JSON-LD that ML hubs and dataset search read: the files (with SHA-256), one
RecordSet per table with typed fields, its key and the fields its foreign keys reference. The file
lies in the data directory, so every ``contentUrl`` is a path relative to it and a reader such as
``mlcroissant`` finds the shipped files offline. RecordSets read the Parquet files (typed, as
``load()`` reads them); the CSV files and the source texts are listed as the files they are.
"""

from __future__ import annotations

import hashlib
from typing import Any

from crocus_data.layout import PARQUET_SUFFIX, parquet_file, record_file, source_file
from crocus_data.models import MODELS, Record, Source
from crocus_data.models.columns import Column, published_columns
from crocus_data.published.dataset_metadata import (
    CREATORS,
    DATA_LICENCE_URL,
    DESCRIPTION,
    KEYWORDS,
    LICENCE_NOTE,
    NAME,
    SOURCE_TEXT_TERMS,
    TITLE,
    bibtex,
)
from crocus_data.published.descriptor import describe_column, table_description

CONFORMS_TO = "http://mlcommons.org/croissant/1.1"

# The standard Croissant 1.1 context (mlcroissant warns about any key missing from it), without the
# language maps for name and description.
CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "arrayShape": "cr:arrayShape",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "containedIn": "cr:containedIn",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isArray": "cr:isArray",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}

# schema.org types of a column's values, by kind (enums are text with a fixed vocabulary).
DATA_TYPES = {
    "string": "sc:Text",
    "enum": "sc:Text",
    "integer": "sc:Integer",
    "boolean": "sc:Boolean",
    "date": "sc:Date",
    "string_list": "sc:Text",  # each item; the field is an array (``isArray``)
}

MEDIA_TYPES = {"csv": "text/csv", "parquet": "application/x-parquet", "txt": "text/plain"}


def creators(vocabulary: str = "sc:") -> list[dict[str, str]]:
    """The creators as schema.org nodes (a collective, so an Organization); ``vocabulary`` prefixes the type."""
    return [{"@type": f"{vocabulary}Organization", "name": creator} for creator in CREATORS]


def dataset_fields(version: str, vocabulary: str = "sc:") -> dict[str, Any]:
    """What Croissant and the schema.org entry share about the dataset as a whole.

    ``vocabulary`` is how the document spells schema.org types: ``sc:`` in Croissant's context, nothing
    where schema.org is the context itself.
    """
    return {
        "name": NAME,
        "alternateName": TITLE,
        "description": f"{DESCRIPTION} {LICENCE_NOTE}",
        "license": DATA_LICENCE_URL,
        "version": version,
        "keywords": list(KEYWORDS),
        "creator": creators(vocabulary),
        "isAccessibleForFree": True,
        "inLanguage": "en",
    }


def file_object(identifier: str, path: str, size: int, sha256: str, description: str) -> dict[str, Any]:
    """A shipped file: where it lies relative to the data directory, its size, format and SHA-256."""
    return {
        "@type": "cr:FileObject",
        "@id": identifier,
        "name": identifier,
        "description": description,
        "contentUrl": path,
        "contentSize": f"{size} B",
        "encodingFormat": MEDIA_TYPES[path.rsplit(".", 1)[1]],
        "sha256": sha256,
    }


def _field(model: type[Record], column: Column) -> dict[str, Any]:
    field: dict[str, Any] = {
        "@type": "cr:Field",
        "@id": f"{model.table}/{column.name}",
        "name": column.name,
        "description": describe_column(column),
        "dataType": DATA_TYPES[column.kind],
        "source": {
            "fileObject": {"@id": f"{model.table}{PARQUET_SUFFIX}"},
            "extract": {"column": column.name},
        },
    }
    if column.kind == "string_list":
        field["isArray"], field["arrayShape"] = True, "-1"
    if column.references == model.table:
        # mlcroissant reads a reference as a join it must make before the table's records exist, so a
        # reference from a table to itself is a cycle it cannot load: said in words instead.
        field["description"] += f" References {model.table}/{model.primary_key}, in this same table."
    elif column.references:
        target = next(m for m in MODELS if m.table == column.references)
        field["references"] = {"field": {"@id": f"{target.table}/{target.primary_key}"}}
    return field


def record_set(model: type[Record]) -> dict[str, Any]:
    """One table: its typed fields read from its Parquet file, its key, and what its foreign keys reference."""
    return {
        "@type": "cr:RecordSet",
        "@id": model.table,
        "name": model.table,
        "description": f"{model.table_title}. {table_description(model)}",
        "key": {"@id": f"{model.table}/{model.primary_key}"},
        "field": [_field(model, column) for column in published_columns(model)],
    }


def croissant(version: str, sources: list[Source], files: dict[str, bytes]) -> dict[str, Any]:
    """The Croissant document; ``files`` holds each generated file's bytes by its data-directory path."""

    def table_file(identifier: str, path: str, description: str) -> dict[str, Any]:
        content = files[path]
        return file_object(identifier, path, len(content), hashlib.sha256(content).hexdigest(), description)

    distribution = []
    for model in MODELS:
        distribution.append(
            table_file(
                f"{model.table}{PARQUET_SUFFIX}",
                parquet_file(model.table),
                f"The '{model.table}' table as Parquet (typed; the record set '{model.table}' reads it).",
            )
        )
        distribution.append(
            table_file(f"{model.table}-csv", record_file(model.table), f"The '{model.table}' table as CSV, as encoded.")
        )
    for source in sources:
        title = f"{source.title}. " if source.title else ""
        path = source_file(source.filename)
        distribution.append(file_object(source.source_id, path, source.bytes, source.sha256, title + SOURCE_TEXT_TERMS))
    return {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": CONFORMS_TO,
        **dataset_fields(version),
        "citeAs": bibtex(version),
        "distribution": distribution,
        "recordSet": [record_set(model) for model in MODELS],
    }
