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
import os
import re
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
from crocus_data.limits import MAX_MANIFEST_BYTES, MAX_VERSION_CHARS
from crocus_data.problems import Problem
from crocus_data.safe_io.files import RefusedError, read_inside, write_inside
from crocus_data.safe_io.inflate import GZIP_MAGIC, gunzip
from crocus_data.safe_io.json_text import parse_json

FORMAT = "crocus-data-release-manifest"
FORMAT_VERSION = 1
SUFFIX = ".json.gz"
# A version that may name a file: ASCII digits only (``\d`` would take any script's digits), no leading zeros.
RELEASED_VERSION = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)", re.ASCII)


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


def _source_file(name: str, entry: Any) -> SourceFile:
    """A source's hash and size as the manifest records them: a 64-digit hex string and a whole number."""
    sha256 = entry.get("sha256") if isinstance(entry, dict) else None
    size = entry.get("bytes") if isinstance(entry, dict) else None
    if not isinstance(sha256, str) or not re.fullmatch(r"[0-9a-f]{64}", sha256):
        raise SnapshotError(f"manifest: source {name!r} has no sha256 of 64 hex digits")
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise SnapshotError(f"manifest: source {name!r} has no size in bytes (a whole number)")
    return SourceFile(sha256, size)


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
    source_files = {str(name): _source_file(name, entry) for name, entry in sources.items()}
    built = [_table(spec) for spec in tables]
    return Snapshot(
        version=document["version"],
        tables={table.name: table for table in built},
        sources=source_files,
        name=str(document.get("name", "")),
    )


def decode(raw: bytes) -> Snapshot:
    """A snapshot from a manifest's bytes (gzip-compressed or plain JSON), decompressed and parsed within bounds."""
    try:
        text = gunzip(raw) if raw[:2] == GZIP_MAGIC else raw
        document = parse_json(text)
    except ValueError as exc:  # InflateError and JsonError say what was refused, in one line
        raise SnapshotError(f"unreadable manifest: {exc}") from None
    return from_document(document)


def read_manifest(path: Path) -> Snapshot:
    """The manifest at ``path``: a regular file in its folder (a link out of it, a pipe or a device is refused)."""
    raw = read_inside(path.parent, path.name, MAX_MANIFEST_BYTES)
    if isinstance(raw, Problem):
        raise SnapshotError(f"{path}: {raw.message}")
    try:
        return decode(raw)
    except SnapshotError as exc:
        raise SnapshotError(f"{path}: {exc}") from None


def check_version(version: str) -> str:
    """VERSION, if it may name a manifest file: MAJOR.MINOR.PATCH in ASCII digits, nothing else."""
    if len(version) > MAX_VERSION_CHARS or not RELEASED_VERSION.fullmatch(version):
        raise SnapshotError(
            f"the version {version[:MAX_VERSION_CHARS]!r} is not MAJOR.MINOR.PATCH (digits only), so it "
            "cannot name a release manifest; fix the descriptor's version"
        )
    return version


def write_manifest(
    snapshot: Snapshot, out_dir: Path, *, force: bool = False, root: Path | None = None
) -> tuple[Path, bool]:
    """Write OUT_DIR/<version>.json.gz; return its path and whether anything was written.

    The version must be MAJOR.MINOR.PATCH before it names a file (``../../x`` names none), and the
    file is written inside ROOT (a checkout, OUT_DIR being its ``releases/``; by default OUT_DIR
    itself) only: never through a link out of it, atomically, keeping its mode. A released version's
    manifest is history: one that exists with other content is not overwritten unless FORCE, because
    that would rewrite what the release was.
    """
    name = manifest_name(check_version(snapshot.version))
    data = encode(snapshot)
    try:
        gunzip(data)  # what the gate will read back: never write a manifest it would refuse as a bomb
    except ValueError as exc:
        raise SnapshotError(f"the manifest of {snapshot.version} would not read back ({exc})") from None
    if root is None:
        out_dir.mkdir(parents=True, exist_ok=True)
    tree = out_dir if root is None else root
    relative = (Path(os.path.relpath(out_dir, tree)) / name).as_posix().removeprefix("./")
    path = out_dir / name
    if os.path.lexists(path) and not force:
        current = read_inside(tree, relative, MAX_MANIFEST_BYTES)
        if isinstance(current, Problem):
            raise SnapshotError(f"{path}: {current.message}")
        if current == data or decode(current) == snapshot:
            return path, False  # the same release, perhaps compressed by another zlib: leave it be
        raise SnapshotError(
            f"{path} exists and records other data for {snapshot.version}; a released version's "
            "manifest is not rewritten (bump the version, or pass --force)"
        )
    try:
        write_inside(tree, relative, data)
    except RefusedError as exc:
        raise SnapshotError(str(exc)) from None
    return path, True
