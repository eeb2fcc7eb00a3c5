"""Release manifests: a released version, kept in the repository so it can be compared offline.

A manifest is gzip-compressed JSON holding everything a diff needs (the table schemas, every row,
the source texts' hashes) and nothing that varies between runs (no timestamps, keys sorted, gzip
mtime 0), so that writing it twice from the same data gives the same bytes. The JSON inside is
identical on every machine; the compressed bytes are too wherever zlib is the same.
"""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from typing import Any

from crocus_data.history.snapshot import (
    Column,
    Snapshot,
    SnapshotError,
    SourceFile,
    Table,
    build_table,
    parse_field,
)

FORMAT = "crocus-data-release-manifest"
FORMAT_VERSION = 1
SUFFIX = ".json.gz"


def manifest_name(version: str) -> str:
    return f"{version}{SUFFIX}"


def field_spec(column: Column) -> dict[str, Any]:
    """A column as the manifest (and a Table Schema) writes it."""
    constraints: dict[str, Any] = {key: json.loads(value) for key, value in column.constraints}
    if column.enum is not None:
        constraints["enum"] = list(column.enum)
    spec: dict[str, Any] = {"name": column.name, "type": column.type}
    if column.format is not None:
        spec["format"] = column.format
    if constraints:
        spec["constraints"] = constraints
    return spec


def to_document(snapshot: Snapshot) -> dict[str, Any]:
    """The manifest as JSON data: tables in descriptor order, rows sorted by id."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "name": snapshot.name,
        "version": snapshot.version,
        "sources": {name: {"sha256": s.sha256, "bytes": s.bytes} for name, s in snapshot.sources.items()},
        "tables": [
            {
                "name": table.name,
                "primary_key": list(table.primary_key),
                "fields": [field_spec(column) for column in table.columns],
                "rows": [list(table.rows[key]) for key in sorted(table.rows)],
            }
            for table in snapshot.tables.values()
        ],
    }


def encode(snapshot: Snapshot) -> bytes:
    """The manifest's bytes: canonical JSON, gzip with no name and mtime 0."""
    text = json.dumps(to_document(snapshot), sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as stream:
        stream.write(text.encode("utf-8"))
    return buffer.getvalue()


def _table(spec: Any) -> Table:
    if not isinstance(spec, dict) or not isinstance(spec.get("name"), str):
        raise SnapshotError("manifest: a table without a name")
    name = spec["name"]
    fields, primary_key, rows = spec.get("fields"), spec.get("primary_key"), spec.get("rows")
    if not isinstance(fields, list) or not isinstance(primary_key, list) or not isinstance(rows, list):
        raise SnapshotError(f"manifest: table {name!r} lacks fields, primary_key or rows")
    if not all(isinstance(row, list) and all(isinstance(cell, str) for cell in row) for row in rows):
        raise SnapshotError(f"manifest: table {name!r} has a row that is not a list of strings")
    columns = tuple(parse_field(name, item) for item in fields)
    return build_table(name, columns, tuple(str(part) for part in primary_key), rows)


def from_document(document: Any) -> Snapshot:
    """A snapshot from manifest JSON, refusing formats this version does not know."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise SnapshotError("not a crocus-data release manifest")
    version = document.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise SnapshotError(
            f"manifest format_version {version!r} is newer than this crocus-data reads ({FORMAT_VERSION})"
        )
    sources = document.get("sources")
    tables = document.get("tables")
    if not isinstance(sources, dict) or not isinstance(tables, list) or not isinstance(document.get("version"), str):
        raise SnapshotError("manifest: version, sources or tables missing")
    try:
        source_files = {str(k): SourceFile(str(v["sha256"]), int(v["bytes"])) for k, v in sources.items()}
    except (TypeError, KeyError, ValueError) as exc:
        raise SnapshotError(f"manifest: unreadable source entry ({exc})") from exc
    built = [_table(spec) for spec in tables]
    return Snapshot(
        version=document["version"],
        tables={table.name: table for table in built},
        sources=source_files,
        name=str(document.get("name", "")),
    )


def decode(raw: bytes) -> Snapshot:
    """A snapshot from a manifest's bytes (gzip-compressed or plain JSON)."""
    try:
        text = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
        document = json.loads(text)
    except (OSError, EOFError, ValueError, UnicodeDecodeError) as exc:
        raise SnapshotError(f"unreadable manifest ({exc})") from exc
    return from_document(document)


def read_manifest(path: Path) -> Snapshot:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SnapshotError(f"cannot read {path} ({exc.strerror})") from exc
    return decode(raw)


def write_manifest(snapshot: Snapshot, out_dir: Path, *, force: bool = False) -> tuple[Path, bool]:
    """Write OUT_DIR/<version>.json.gz; return its path and whether anything was written.

    A released version's manifest is history: one that exists with other content is not
    overwritten unless FORCE, because that would rewrite what the release was.
    """
    path = out_dir / manifest_name(snapshot.version)
    data = encode(snapshot)
    if path.is_file() and not force:
        if path.read_bytes() == data or read_manifest(path) == snapshot:
            return path, False  # the same release, perhaps compressed by another zlib: leave it be
        raise SnapshotError(
            f"{path} exists and records other data for {snapshot.version}; a released version's "
            "manifest is not rewritten (bump the version, or pass --force)"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(data)
    temporary.replace(path)
    return path, True
