"""The package's published files, rendered from checked records: CSV, Parquet, JSON Schemas, both
descriptors, Croissant and the W3C annotations, each as bytes by its path in a checkout.

One entry point, :func:`render`, runs the :data:`PUBLISHERS` in order; each gets the package and what
the publishers before it rendered (Croissant, last, gives the size and hash of the files before it).
A new published format is one more publisher in that tuple: the build, ``build --check``, the wheel's
build hook (hatch_build.py) and the tests pick it up from there. Nothing is written here:
``crocus_data.build`` checks the records first, then writes these (or, with ``--check``, compares them).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from crocus_data import version
from crocus_data.layout import (
    ANNOTATIONS,
    CROISSANT,
    DATA_DIR,
    DESCRIPTOR,
    package_schema_file,
    parquet_file,
    record_file,
    schema_file,
)
from crocus_data.models import MODELS, Evidence, Source
from crocus_data.published.annotations import annotation_collection
from crocus_data.published.croissant import croissant
from crocus_data.published.csv_codec import render_table
from crocus_data.published.datasette_metadata import database_files
from crocus_data.published.descriptor import descriptor
from crocus_data.published.json_schema import json_schema
from crocus_data.published.outputs import json_bytes
from crocus_data.published.parquet import parquet_bytes
from crocus_data.published.release_info import describe
from crocus_data.reader.package import Package
from crocus_data.reader.table_data import to_records

# A publisher: (the checked package, what the publishers before it rendered) -> its files by path.
Publisher = Callable[[Package, Mapping[Path, bytes]], dict[Path, bytes]]


def _sources(package: Package) -> list[Source]:
    return [record for record in to_records(package.tables[Source.table]) if isinstance(record, Source)]


def _evidence(package: Package) -> list[Evidence]:
    return [record for record in to_records(package.tables[Evidence.table]) if isinstance(record, Evidence)]


def tables(package: Package, _: Mapping[Path, bytes]) -> dict[Path, bytes]:
    """Each table as canonical CSV (the records, as committed) and as Parquet with its release metadata."""
    source_sha256 = {source.source_id: source.sha256 for source in _sources(package)}
    spans = [(span.evidence_id, span.record_id, span.source_id) for span in _evidence(package)]
    outputs: dict[Path, bytes] = {}
    for model in MODELS:
        records = to_records(package.tables[model.table])
        outputs[DATA_DIR / record_file(model.table)] = render_table(model, records)
        info = describe(model, version.__version__, source_sha256)
        outputs[DATA_DIR / parquet_file(model.table)] = parquet_bytes(model, records, spans, info)
    return outputs


def json_schemas(_: Package, __: Mapping[Path, bytes]) -> dict[Path, bytes]:
    """Each table's JSON Schema: the committed copy at the top level and the package's copy."""
    outputs: dict[Path, bytes] = {}
    for model in MODELS:
        content = json_bytes(json_schema(model))
        outputs[schema_file(model.table)] = outputs[package_schema_file(model.table)] = content
    return outputs


def descriptors(package: Package, _: Mapping[Path, bytes]) -> dict[Path, bytes]:
    """The Data Package descriptor inside the data directory, and the top-level one pointing into it."""
    sources = _sources(package)
    return {
        DATA_DIR / DESCRIPTOR: json_bytes(descriptor(sources)),
        Path(DESCRIPTOR): json_bytes(descriptor(sources, prefix=f"{DATA_DIR.as_posix()}/")),
    }


def web_annotations(package: Package, _: Mapping[Path, bytes]) -> dict[Path, bytes]:
    """Every evidence span as a W3C Web Annotation."""
    evidence = _evidence(package)
    texts = {source_id: raw.decode("utf-8") for source_id, raw in package.texts.items()}
    return {DATA_DIR / ANNOTATIONS: json_bytes(annotation_collection(evidence, _sources(package), texts))}


def croissant_file(package: Package, rendered: Mapping[Path, bytes]) -> dict[Path, bytes]:
    """The Croissant description of the data files rendered before it (their sizes and SHA-256)."""
    data_files = {
        path.relative_to(DATA_DIR).as_posix(): content
        for path, content in rendered.items()
        if path.is_relative_to(DATA_DIR)
    }
    return {DATA_DIR / CROISSANT: json_bytes(croissant(version.__version__, _sources(package), data_files))}


def databases(package: Package, _: Mapping[Path, bytes]) -> dict[Path, bytes]:
    """The tables as one SQLite database and Datasette's metadata for it (``crocus-data serve``)."""
    return database_files(package)


PUBLISHERS: tuple[Publisher, ...] = (tables, json_schemas, descriptors, web_annotations, croissant_file, databases)


def render(package: Package) -> dict[Path, bytes]:
    """Every published file, by path relative to the repository root."""
    outputs: dict[Path, bytes] = {}
    for publish in PUBLISHERS:
        outputs.update(publish(package, outputs))
    return outputs
