"""What the descriptor states about the tree holds: text hashes and sizes, file names, Parquet, twin descriptors.

``validate`` must agree with ``build --check`` on everything except byte-level canonical form, so
every fact the descriptor records about a file is compared with the file itself here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from crocus_data.checks.context import Context
from crocus_data.layout import DATA_DIR, DESCRIPTOR, source_file
from crocus_data.limits import MAX_DESCRIPTOR_BYTES
from crocus_data.problems import Problem
from crocus_data.reader.release_info import version_info
from crocus_data.rule_registry import Rule
from crocus_data.safe_io.files import read_regular
from crocus_data.safe_io.json_text import parse_json


def check_text_resources(context: Context) -> Iterator[Problem]:
    """Each text's hash and size in the descriptor are the file's."""
    package = context.package
    for source_id, resource in package.text_resources.items():
        where = package.text_files.get(source_id, DESCRIPTOR)
        raw = package.texts.get(source_id)
        if raw is None:
            continue
        digest = context.digests[source_id]
        stated_hash, stated_bytes = resource.get("hash"), resource.get("bytes")
        if stated_hash is not None and stated_hash != f"sha256:{digest}":
            message = f"the descriptor records hash {stated_hash!r} but the file's SHA-256 is {digest}"
            yield Problem(where, None, None, Rule.PACKAGE_DESCRIPTOR_MISMATCH, message)
        if stated_bytes is not None and stated_bytes != len(raw):
            message = f"the descriptor records {stated_bytes!r} bytes but the file has {len(raw)}"
            yield Problem(where, None, None, Rule.PACKAGE_DESCRIPTOR_MISMATCH, message)


def check_source_filenames(context: Context) -> Iterator[Problem]:
    """Each source's ``filename`` in sources.csv is the file the descriptor lists for it."""
    package = context.package
    sources = package.tables.get("sources")
    if sources is None or sources.table is None:
        return
    for index, row in enumerate(package.rows("sources")):
        source_id, filename = str(row["source_id"]), str(row["filename"])
        resource = package.text_resources.get(source_id)
        if resource is None:
            continue
        path = str(resource.get("path", ""))
        if path != source_file(filename) and not path.endswith(f"/{source_file(filename)}"):
            message = (
                f"'{filename}' is not the file the descriptor lists for {source_id} ('{path}'); run `crocus-data build`"
            )
            yield sources.problem(index, "filename", Rule.SOURCE_FILENAME, message)


def check_parquet(context: Context) -> Iterator[Problem]:
    """Each Parquet resource holds exactly the rows of its CSV table (compared as the table was read), and
    records the package's version and source hashes."""
    for data in context.package.tables.values():
        yield from data.deferred
        if data.parquet_schema is not None and not data.deferred:
            stale = _stale_release(context, data.parquet_schema)
            if stale is not None:
                display = context.package.parquet_files[data.model.table][1]
                yield Problem(display, None, None, Rule.PARQUET_MISMATCH, f"{stale}; run `crocus-data build`")


def _stale_release(context: Context, schema: Any) -> str | None:
    """How the release a Parquet file records (version, source hashes) differs from the package's, if it does."""
    try:
        info = version_info(schema)
    except ValueError as exc:
        return f"its release metadata cannot be read ({exc})"
    version = context.package.descriptor.get("version")
    if version is not None and info.version != version:
        return f"it records version {info.version!r} but the descriptor says {version!r}"
    hashes = {str(row["source_id"]): str(row["sha256"]) for row in context.package.rows("sources")}
    if dict(info.source_sha256) != hashes:
        return "the source hashes it records are not those in sources.csv"
    return None


def _prefixed(document: object, prefix: str) -> object:
    """The inner descriptor as the top-level one writes it: every resource path under ``prefix``."""
    if not isinstance(document, dict) or not isinstance(document.get("resources"), list):
        return document
    resources = [
        {**resource, "path": f"{prefix}{resource['path']}"}
        if isinstance(resource, dict) and isinstance(resource.get("path"), str)
        else resource
        for resource in document["resources"]
    ]
    sources = document.get("sources")
    if isinstance(sources, list):
        sources = [
            {**source, "path": f"{prefix}{source['path']}"}
            if isinstance(source, dict) and isinstance(source.get("path"), str)
            else source
            for source in sources
        ]
    return {**document, "resources": resources, **({"sources": sources} if sources is not None else {})}


def check_twin_descriptors(context: Context) -> Iterator[Problem]:
    """In a checkout, the descriptor inside the package and the top-level one describe the same package."""
    package = context.package
    if package.root is None or not package.descriptor:
        return
    inner_path = package.root / DATA_DIR / DESCRIPTOR
    display = f"{DATA_DIR.as_posix()}/{DESCRIPTOR}"
    if not Path(inner_path).exists():
        return  # not a checkout: a data directory has one descriptor
    content = read_regular(inner_path, display, MAX_DESCRIPTOR_BYTES)
    if isinstance(content, Problem):
        yield content
        return
    try:
        inner = parse_json(content)
    except ValueError:
        yield Problem(
            display, None, None, Rule.PACKAGE_DESCRIPTOR_MISMATCH, "it is not valid JSON; run `crocus-data build`"
        )
        return
    if _prefixed(inner, f"{DATA_DIR.as_posix()}/") != package.descriptor:
        message = f"it differs from the top-level {DESCRIPTOR}; run `crocus-data build`"
        yield Problem(display, None, None, Rule.PACKAGE_DESCRIPTOR_MISMATCH, message)


INTEGRITY_CHECKS: tuple[Callable[[Context], Iterator[Problem]], ...] = (
    check_text_resources,
    check_parquet,
    check_twin_descriptors,
)
