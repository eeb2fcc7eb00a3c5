"""The release metadata the build writes into each Parquet file: a table's description and its columns'
from the model, the version and the sources' SHA-256 (``crocus_data.reader.release_info`` reads it back)."""

from __future__ import annotations

from collections.abc import Mapping

from crocus_data.models import Record
from crocus_data.models.columns import published_columns
from crocus_data.published.descriptor import table_description
from crocus_data.reader.release_info import VersionInfo


def describe(model: type[Record], version: str, source_sha256: Mapping[str, str]) -> VersionInfo:
    """The metadata of a table of this release: its description and its columns' from the model."""
    return VersionInfo(
        version=version,
        table=model.table,
        description=table_description(model),
        columns={column.name: column.description for column in published_columns(model)},
        source_sha256=dict(source_sha256),
    )
