"""The package's published files, rendered from checked records: CSV, Parquet, JSON Schemas, both
descriptors, Croissant and the W3C annotations, each as bytes by its path in a checkout.

Nothing is written here: ``crocus_data.build`` checks the records first, then writes these and the
docs site's pages together (or, with ``--check``, compares them).
"""

from __future__ import annotations

from pathlib import Path

from crocus_data import version
from crocus_data.layout import ANNOTATIONS, CROISSANT, DATA_DIR, DESCRIPTOR, parquet_file, record_file, schema_file
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


def render(package: Package) -> dict[Path, bytes]:
    """Every published file, by path relative to the repository root."""
    outputs: dict[Path, bytes] = {}
    sources = [record for record in to_records(package.tables[Source.table]) if isinstance(record, Source)]
    source_sha256 = {source.source_id: source.sha256 for source in sources}
    evidence = [record for record in to_records(package.tables[Evidence.table]) if isinstance(record, Evidence)]
    spans = [(span.evidence_id, span.record_id, span.source_id) for span in evidence]
    for model in MODELS:
        records = to_records(package.tables[model.table])
        outputs[DATA_DIR / record_file(model.table)] = render_table(model, records)
        info = describe(model, version.__version__, source_sha256)
        outputs[DATA_DIR / parquet_file(model.table)] = parquet_bytes(model, records, spans, info)
        outputs[schema_file(model.table)] = json_bytes(json_schema(model))
    outputs[DATA_DIR / DESCRIPTOR] = json_bytes(descriptor(sources))
    data_files = {
        path.relative_to(DATA_DIR).as_posix(): content
        for path, content in outputs.items()
        if path.is_relative_to(DATA_DIR)
    }
    outputs[DATA_DIR / CROISSANT] = json_bytes(croissant(version.__version__, sources, data_files))
    outputs[Path(DESCRIPTOR)] = json_bytes(descriptor(sources, prefix=f"{DATA_DIR.as_posix()}/"))
    texts = {source_id: raw.decode("utf-8") for source_id, raw in package.texts.items()}
    outputs[DATA_DIR / ANNOTATIONS] = json_bytes(annotation_collection(evidence, sources, texts))
    outputs.update(database_files(package))
    return outputs
