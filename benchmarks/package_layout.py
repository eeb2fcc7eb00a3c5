"""The on-disk layout of a crocus-data package, read from the files alone (no crocus_data import).

The benchmarks must keep working while the package's internals are refactored, so they learn the
format the way a contributor's tool would: the shipped ``datapackage.json`` (resources, schemas,
enums), the header line of each shipped ``records/<table>.csv`` (column order) and
``sources/<file>.txt``, and ``coverage_notes.csv`` (documented in docs/encoding.md). Only the layout and
the ``crocus-data validate`` command are relied on.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import json
from importlib.util import find_spec
from pathlib import Path
from typing import Any

RECORDS = "records"
SOURCES = "sources"
DESCRIPTOR = "datapackage.json"
NOTES = "coverage_notes.csv"  # source_id, sentence (its first words), reason: sentences that back no record


def shipped_data_dir() -> Path:
    """The shipped data directory: this checkout's, else the installed package's (found, not imported)."""
    here = Path(__file__).resolve().parent.parent / "crocus_data" / "data"
    if (here / DESCRIPTOR).is_file():
        return here
    spec = find_spec("crocus_data")
    if spec is None or spec.origin is None:
        raise SystemExit("cannot find the shipped crocus_data/data directory")
    return Path(spec.origin).parent / "data"


def read_descriptor(data_dir: Path) -> dict[str, Any]:
    document = json.loads((data_dir / DESCRIPTOR).read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def csv_resources(descriptor: dict[str, Any]) -> list[dict[str, Any]]:
    """The table resources (CSV), in descriptor order."""
    return [r for r in descriptor["resources"] if r.get("format") == "csv"]


def header(path: Path) -> list[str]:
    """The column names of a CSV table, from its header line."""
    with path.open(encoding="utf-8", newline="") as stream:
        return next(csv.reader(stream))


def headers(data_dir: Path) -> dict[str, list[str]]:
    """Column order of every table of a package, as its CSV header lines give it."""
    return {r["name"]: header(data_dir / r["path"]) for r in csv_resources(read_descriptor(data_dir))}


def json_bytes(document: Any) -> bytes:
    """The descriptor as crocus-data writes it: indented, UTF-8, final newline."""
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def text_resource(template: dict[str, Any], source_id: str, filename: str, raw: bytes, title: str) -> dict[str, Any]:
    """A source text's descriptor entry, shaped like the shipped ones (named by source_id, with bytes and hash)."""
    resource = copy.deepcopy(template)
    resource.update(
        name=source_id,
        path=f"{SOURCES}/{filename}",
        title=f"Source text {source_id}: {title}",
        bytes=len(raw),
        hash=f"sha256:{hashlib.sha256(raw).hexdigest()}",
    )
    return resource


def package_descriptor(shipped: dict[str, Any], texts: list[dict[str, Any]] | None) -> dict[str, Any]:
    """The shipped descriptor without its Parquet resources; ``texts`` replace the shipped text resources."""
    descriptor = copy.deepcopy(shipped)
    resources = [r for r in descriptor["resources"] if r.get("format") != "parquet"]
    if texts is not None:
        resources = [r for r in resources if not r["name"].startswith("src-")] + texts
        descriptor["sources"] = [{"title": t["title"], "path": t["path"]} for t in texts]
    descriptor["resources"] = resources
    return descriptor
