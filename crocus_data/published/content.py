"""Whether a file on disk holds what the build renders: judged by content where a library decides the bytes.

The text files the build writes (CSV, JSON, Markdown) are produced by this package's own code and
the standard library, so the same records give the same bytes under any supported library version:
they are compared byte for byte. Parquet bytes depend on the pyarrow (and pandas) version that wrote
them, so a Parquet file is the same when it holds the same rows, the same Arrow schema and the same
metadata, the library versions the pandas metadata records aside. Croissant gives each file's size
and SHA-256, so those of the Parquet files are left out of its comparison for the same reason.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from crocus_data.layout import CROISSANT

PANDAS_KEY = b"pandas"
# What pandas writes into a Parquet file's metadata about the libraries that wrote it, not about the data.
LIBRARY_FIELDS = ("creator", "pandas_version")
PARQUET_MEDIA_TYPE = "application/x-parquet"


def same_content(path: Path, current: bytes, rendered: bytes) -> bool:
    """Whether ``current`` (the file at ``path``) holds the same content as ``rendered``."""
    if current == rendered:
        return True
    if path.suffix == ".parquet":
        return _same_parquet(current, rendered)
    if path.name == CROISSANT:
        return _same_croissant(current, rendered)
    return False


def _same_parquet(current: bytes, rendered: bytes) -> bool:
    """Same rows, schema and metadata. ``current`` may be a file a pull request wrote: it is opened as the
    validator opens one (footer bounded, strings kept as dictionaries), must have as many rows as the
    rendered file, and is decoded only if its strings then take no more room than the rendered ones could."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from crocus_data.safe_io.parquet_file import PARQUET_OPTIONS, decoded_bytes

    try:
        new = pq.read_table(io.BytesIO(rendered))
        file = pq.ParquetFile(pa.BufferReader(current), **PARQUET_OPTIONS)
        if file.metadata.num_rows != new.num_rows or file.schema_arrow.names != new.schema.names:
            return False
        textual = [f.name for f in file.schema_arrow if pa.types.is_string(f.type) or pa.types.is_binary(f.type)]
        held = pq.ParquetFile(pa.BufferReader(current), read_dictionary=textual, **PARQUET_OPTIONS).read()
        if sum(decoded_bytes(held.column(name)) for name in textual) > 2 * new.nbytes + (1 << 20):
            return False
        old = held.cast(file.schema_arrow)  # the strings decoded from the dictionaries already read, not read again
    except (pa.ArrowException, OSError, ValueError):
        return False
    if _metadata(old.schema) != _metadata(new.schema):
        return False
    return bool(old.replace_schema_metadata().equals(new.replace_schema_metadata(), check_metadata=True))


def _metadata(schema: Any) -> dict[bytes, Any]:
    """A schema's key-value metadata, with the pandas metadata's library versions left out."""
    metadata = dict(schema.metadata or {})
    if PANDAS_KEY in metadata:
        pandas = json.loads(metadata[PANDAS_KEY])
        metadata[PANDAS_KEY] = {key: value for key, value in pandas.items() if key not in LIBRARY_FIELDS}
    return metadata


def _same_croissant(current: bytes, rendered: bytes) -> bool:
    try:
        old, new = json.loads(current), json.loads(rendered)
    except ValueError:
        return False
    return bool(_without_parquet_checksums(old) == _without_parquet_checksums(new))


def _without_parquet_checksums(document: Any) -> Any:
    if not isinstance(document, dict) or not isinstance(document.get("distribution"), list):
        return document
    distribution = [
        {key: value for key, value in node.items() if key not in ("sha256", "contentSize")}
        if isinstance(node, dict) and node.get("encodingFormat") == PARQUET_MEDIA_TYPE
        else node
        for node in document["distribution"]
    ]
    return {**document, "distribution": distribution}
