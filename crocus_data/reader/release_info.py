"""Which release a table came from: the metadata every Parquet file and every loaded frame carries.

The build writes one JSON document per table into its Parquet file's schema metadata, under the key
``crocus_data``, so any Parquet reader sees it (pyarrow, polars, DuckDB's ``parquet_kv_metadata``);
it also travels as pandas ``attrs``, so ``pandas.read_parquet`` restores it. ``crocus_data.load()``
puts it in ``DataFrame.attrs["crocus_data"]``, and :func:`version_info` reads it back from a frame
or a file. Only the standard library is imported here at module level: ``import crocus_data``
stays light.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crocus_data.safe_io.json_text import parse_json

KEY = "crocus_data"  # the Parquet schema metadata key, and the DataFrame.attrs key
FORMAT_VERSION = 1  # of the document below; fields are only added within a version
PACKAGE = "crocus-data"


@dataclass(frozen=True)
class VersionInfo:
    """Where a table came from: the package version, the table, what it and its columns mean, the sources.

    ``source_sha256`` maps each source id to the SHA-256 of the text the release encodes, so two
    frames that agree on it were encoded from the same documents.
    """

    version: str
    table: str
    description: str = ""
    columns: Mapping[str, str] = field(default_factory=dict)
    source_sha256: Mapping[str, str] = field(default_factory=dict)
    package: str = PACKAGE
    format_version: int = FORMAT_VERSION

    def as_dict(self) -> dict[str, Any]:
        """The JSON document, as written to Parquet and put in ``DataFrame.attrs``."""
        return {
            "format_version": self.format_version,
            "package": self.package,
            "version": self.version,
            "table": self.table,
            "description": self.description,
            "columns": dict(self.columns),
            "source_sha256": dict(sorted(self.source_sha256.items())),
        }

    @classmethod
    def from_dict(cls, document: object) -> VersionInfo:
        """The document back; ValueError when it is not one this version of crocus-data can read."""
        if not isinstance(document, dict) or not isinstance(document.get("version"), str):
            raise ValueError("not crocus-data metadata (no version)")
        found = document.get("format_version")
        if not isinstance(found, int) or found > FORMAT_VERSION:
            raise ValueError(f"crocus-data metadata format_version {found!r} is newer than this crocus-data reads")
        columns, sources = document.get("columns", {}), document.get("source_sha256", {})
        if not isinstance(columns, dict) or not isinstance(sources, dict):
            raise ValueError("crocus-data metadata: columns and source_sha256 must be objects")
        return cls(
            version=document["version"],
            table=str(document.get("table", "")),
            description=str(document.get("description", "")),
            columns={str(k): str(v) for k, v in columns.items()},
            source_sha256={str(k): str(v) for k, v in sources.items()},
            package=str(document.get("package", PACKAGE)),
            format_version=found,
        )

    def to_json(self) -> bytes:
        """Canonical bytes (fields in a fixed order, columns in table order, sources sorted, no spaces), so
        that a rebuild writes the same Parquet file."""
        return json.dumps(self.as_dict(), ensure_ascii=False, separators=(",", ":")).encode()


def version_info(item: object) -> VersionInfo:
    """Which release a frame or a Parquet file came from, and what its table and columns mean.

    ``item`` is a DataFrame from ``crocus_data.load()`` or ``pandas.read_parquet`` (read from its
    ``attrs``), an Arrow table or schema, or the path of a crocus-data Parquet file. Raises
    ValueError when there is nothing to read: most pandas operations keep ``attrs``, but combining
    frames whose ``attrs`` differ (a merge or concat with another table) drops them.
    """
    attrs = getattr(item, "attrs", None)
    if isinstance(attrs, Mapping):
        if KEY not in attrs:
            raise ValueError(
                f"this frame carries no attrs[{KEY!r}]: load it with crocus_data.load(), or ask the Parquet "
                "file (version_info(path)); a merge or concat may have dropped them"
            )
        return VersionInfo.from_dict(attrs[KEY])
    schema = getattr(item, "schema", item)
    metadata = getattr(schema, "metadata", None)
    if metadata is None and isinstance(item, str | Path):
        import pyarrow.parquet as pq

        metadata = pq.read_schema(item).metadata
    elif metadata is None:
        raise ValueError(f"cannot read crocus-data metadata from a {type(item).__name__}")
    raw = (metadata or {}).get(KEY.encode())
    if raw is None:
        raise ValueError(f"no {KEY!r} metadata: not a Parquet file built by crocus-data 0.2.0 or later")
    try:
        document = parse_json(raw)  # bounded: a document nested 100,000 deep is refused, not a RecursionError
    except ValueError as exc:
        raise ValueError(f"the {KEY!r} metadata is not JSON ({exc})") from exc
    return VersionInfo.from_dict(document)
