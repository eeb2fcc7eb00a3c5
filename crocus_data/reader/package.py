"""The package reader: every table's rows and every source text of a data package, in memory.

Two ways in, one shape out: ``from_layout`` reads the hand-encoded tree (what ``build`` does),
``from_descriptor`` follows a ``datapackage.json`` (what ``validate`` does on any checkout or copy).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crocus_data.layout import COVERAGE_NOTES, DATA_DIR, DESCRIPTOR, PARQUET_SUFFIX, record_file, source_file
from crocus_data.limits import DEFAULT_MAX_BYTES, MAX_DESCRIPTOR_BYTES, MAX_SOURCE_BYTES
from crocus_data.models import MODEL_BY_TABLE, MODELS
from crocus_data.models.record import Record
from crocus_data.problems import Problem
from crocus_data.reader.csv_file import read_table
from crocus_data.reader.heap import return_freed_memory
from crocus_data.reader.needs import needed_columns
from crocus_data.reader.parquet_copy import compare_parquet
from crocus_data.reader.table_data import TableData, keep_only
from crocus_data.rule_registry import Rule
from crocus_data.safe_io.files import inside, read_regular, unusable_path
from crocus_data.safe_io.json_text import JsonError, parse_json


@dataclass
class Package:
    """Each table as read, each source text's bytes and where they came from, and package-level problems."""

    tables: dict[str, TableData] = field(default_factory=dict)
    texts: dict[str, bytes] = field(default_factory=dict)
    text_files: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    descriptor: dict[str, Any] = field(default_factory=dict)  # as read, when read from a descriptor
    root: Path | None = None  # the directory the descriptor is in
    text_resources: dict[str, dict[str, Any]] = field(default_factory=dict)  # source id -> its resource
    parquet_files: dict[str, tuple[Path, str]] = field(default_factory=dict)  # table -> (path, as written)
    notes: bytes | None = None  # coverage_notes.csv, if the package has one
    notes_file: str = COVERAGE_NOTES  # where it is, as problems name it

    def text(self, source_id: str) -> str | None:
        raw = self.texts.get(source_id)
        return None if raw is None else raw.decode("utf-8", errors="replace")

    def readable(self, *tables: str) -> bool:
        """Whether each of these tables was read (its cells may still have problems)."""
        return all(name in self.tables and self.tables[name].table is not None for name in tables)

    def rows(self, table: str) -> list[dict[str, object]]:
        """A (small) table's typed rows as dicts; the bulk checks never call this on big tables."""
        data = self.tables.get(table)
        return [] if data is None or data.table is None else data.table.to_pylist()

    def row_counts(self) -> dict[str, int]:
        return {name: data.num_rows for name, data in self.tables.items()}


READ_THREADS = 2  # tables read at once


def _has_parquet_copy(package: Package, table: str) -> bool:
    """Whether the table's Parquet copy is there to compare. In a checkout the build makes it (``pip install``,
    ``crocus-data build``; git does not hold it), so one not made yet is no problem; in a data directory
    (an installed package) it must be there."""
    if table not in package.parquet_files:
        return False
    checkout = package.root is not None and (package.root / DATA_DIR).is_dir()
    return not checkout or os.path.lexists(package.parquet_files[table][0])


def _read_tables(package: Package, paths: dict[str, tuple[Path, str]], max_bytes: int, *, lean: bool = False) -> None:
    """Read and check every table, two at a time, the largest first (``READ_THREADS``).

    Arrow's streaming reader parses on one core and lets go of the interpreter while it does, as do
    the cell checks' Arrow kernels: the evidence and the statements are read side by side. Two, not
    more: each table being read is held whole, and the memory bound counts them.

    Each table's Parquet copy, if the descriptor lists one, is compared while the table is whole;
    with ``lean`` the columns no check across tables reads are then let go, and the memory returned.
    """
    import pyarrow as pa

    def read(model: type[Record]) -> TableData:
        data = read_table(paths[model.table][0], model, paths[model.table][1], max_bytes)
        if data.table is not None and not data.problems and _has_parquet_copy(package, model.table):
            problem, schema = compare_parquet(data, *package.parquet_files[model.table])
            data.deferred += [problem] if problem is not None else []
            data.parquet_schema = schema
        if lean:
            keep_only(data, needed_columns(model))
        pa.default_memory_pool().release_unused()
        return data

    present = [model for model in MODELS if model.table in paths]
    by_size = sorted(present, key=lambda model: -_size(paths[model.table][0]))
    with ThreadPoolExecutor(max_workers=READ_THREADS) as pool:
        futures = {model.table: pool.submit(read, model) for model in by_size}
        for model in MODELS:
            if model.table in package.tables:
                continue  # refused before reading (a link out of the tree)
            if model.table not in paths:
                package.problems.append(
                    Problem(
                        DESCRIPTOR,
                        None,
                        None,
                        Rule.PACKAGE_RESOURCE_MISSING,
                        f"no CSV resource named '{model.table}'; run `crocus-data build` to regenerate the descriptor",
                    )
                )
                continue
            package.tables[model.table] = futures[model.table].result()


def _size(path: Path) -> int:
    """A file's size, to read the largest first; 0 for one that cannot be reached (read_table reports it)."""
    try:
        return path.stat().st_size
    except (OSError, ValueError):
        return 0


def _read_text(package: Package, source_id: str, path: Path, display: str, limit: int) -> None:
    package.text_files[source_id] = display
    content = read_regular(path, display, limit, missing=Rule.SOURCE_MISSING)
    if isinstance(content, Problem):
        package.problems.append(content)
    else:
        package.texts[source_id] = content


def _read_notes(package: Package, root: Path, relative: str, display: str) -> None:
    """Read the coverage notes, if there are any; a file that cannot be read is a problem, a missing one is not."""
    package.notes_file = display
    path = inside(root, relative)
    if path is None:
        message = "the file is a link to a file outside the package; replace it with the file itself"
        package.problems.append(Problem(display, None, None, Rule.FILE_NOT_REGULAR, message))
        return
    if not path.exists() and not path.is_symlink():
        return
    content = read_regular(path, display, MAX_SOURCE_BYTES)
    if isinstance(content, Problem):
        package.problems.append(content)
    else:
        package.notes = content


def from_layout(data_dir: Path, display_prefix: str = "") -> Package:
    """Read the hand-encoded tree: ``records/<table>.csv`` and ``sources/<filename>``."""
    package = Package()
    paths: dict[str, tuple[Path, str]] = {}
    for model in MODELS:
        relative = record_file(model.table)
        path, display = inside(data_dir, relative), f"{display_prefix}{relative}"
        if path is None:  # records/ or the file is a link out of the tree: never read, never written
            package.tables[model.table] = TableData(model, display, problems=[_outside(display)])
        else:
            paths[model.table] = (path, display)
    _read_tables(package, paths, DEFAULT_MAX_BYTES)
    for row in package.rows("sources"):
        source_id, filename = str(row["source_id"]), str(row["filename"])
        if "/" in filename or filename.startswith("."):
            continue  # the filename pattern check has reported it
        display = f"{display_prefix}{source_file(filename)}"
        text_path = inside(data_dir, source_file(filename))
        if text_path is None:
            package.text_files[source_id] = display
            package.problems.append(_outside(display))
            continue
        _read_text(package, source_id, text_path, display, MAX_SOURCE_BYTES)
    _read_notes(package, data_dir, COVERAGE_NOTES, f"{display_prefix}{COVERAGE_NOTES}")
    return package


def _outside(display: str) -> Problem:
    message = "the file, or the folder it is in, is a link to outside the package; replace it with the file itself"
    return Problem(display, None, None, Rule.PACKAGE_PATH_OUTSIDE, message)


def _load_json(raw: bytes, display: str) -> object | Problem:
    """Parse a descriptor; any failure (bad UTF-8, bad JSON, nesting too deep, a huge integer) is a problem."""
    try:
        return parse_json(raw)
    except JsonError as exc:
        message = str(exc).splitlines()[0][:200]
        return Problem(display, exc.line, None, Rule.PACKAGE_DESCRIPTOR, f"cannot read it: {message}")


def from_descriptor(
    descriptor_path: Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_source_bytes: int = MAX_SOURCE_BYTES,
    *,
    lean: bool = False,
) -> Package:
    """Read the tables and source texts a ``datapackage.json`` points to, refusing paths outside it.

    ``lean`` (what ``validate`` uses) keeps of each table only the columns the checks across tables
    read, once its cells are checked: a validation, not a loader.

    Each file is read at most once, whatever the descriptor says: a name or a file listed twice is a
    problem, not a second read.
    """
    if lean:
        return_freed_memory()
    package = Package()
    display = descriptor_path.name
    root = descriptor_path.parent
    if inside(root, descriptor_path.name) is None:
        message = "the descriptor is a link to a file outside the package; use the descriptor itself"
        package.problems.append(Problem(display, None, None, Rule.PACKAGE_PATH_OUTSIDE, message))
        return package
    content = read_regular(descriptor_path, display, MAX_DESCRIPTOR_BYTES)
    document = _load_json(content, display) if isinstance(content, bytes) else content
    if isinstance(document, Problem):
        rule = document.rule if document.rule is Rule.FILE_TOO_LARGE else Rule.PACKAGE_DESCRIPTOR
        package.problems.append(Problem(display, document.row, None, rule, document.message))
        return package
    resources = document.get("resources") if isinstance(document, dict) else None
    if not isinstance(resources, list):
        package.problems.append(Problem(display, None, None, Rule.PACKAGE_DESCRIPTOR, "it has no 'resources' list"))
        return package
    package.descriptor = document if isinstance(document, dict) else {}
    package.root = root
    tables: dict[str, tuple[Path, str]] = {}
    texts: dict[str, tuple[Path, str]] = {}
    seen_names: set[str] = set()
    seen_paths: dict[Path, str] = {}
    for resource in resources:
        if not isinstance(resource, dict) or not isinstance(resource.get("path"), str):
            package.problems.append(Problem(display, None, None, Rule.PACKAGE_DESCRIPTOR, "a resource has no path"))
            continue
        name, relative = str(resource.get("name")), str(resource["path"])
        odd = unusable_path(relative)
        if odd is not None:
            message = f"resource '{name}' has a path no file system takes: {odd}"
            package.problems.append(Problem(display, None, None, Rule.PACKAGE_DESCRIPTOR, message))
            continue
        path = inside(root, relative)
        if path is None:
            message = f"resource '{name}' points to '{relative}', outside the package; use a relative path inside it"
            package.problems.append(Problem(display, None, None, Rule.PACKAGE_PATH_OUTSIDE, message))
            continue
        if name in seen_names or path in seen_paths:
            twice = f"the name '{name}'" if name in seen_names else f"the file '{relative}' (also '{seen_paths[path]}')"
            message = f"{twice} is listed twice; each resource names one file, once"
            package.problems.append(Problem(display, None, None, Rule.PACKAGE_DUPLICATE_RESOURCE, message))
            continue
        seen_names.add(name)
        seen_paths[path] = name
        if name in MODEL_BY_TABLE and resource.get("format") == "csv":
            tables[name] = (path, relative)
        elif name.startswith("src-"):
            texts[name] = (path, relative)
            package.text_resources[name] = resource
        elif resource.get("format") == "parquet" and name.endswith(PARQUET_SUFFIX):
            package.parquet_files[name.removesuffix(PARQUET_SUFFIX)] = (path, relative)
    if any(problem.rule is Rule.PACKAGE_DUPLICATE_RESOURCE for problem in package.problems):
        return package  # which of two copies is meant cannot be known: nothing is read
    _read_tables(package, tables, max_bytes, lean=lean)
    for source_id, (path, relative) in texts.items():
        _read_text(package, source_id, path, relative, max_source_bytes)
    # The notes sit beside the records: in a checkout, under the data directory the descriptor points into.
    notes = f"{DATA_DIR.as_posix()}/{COVERAGE_NOTES}" if (root / DATA_DIR).is_dir() else COVERAGE_NOTES
    _read_notes(package, root, notes, notes)
    return package


def descriptor_of(path: str | Path) -> Path | None:
    """The descriptor a path names: the path itself if it is a file, else ``datapackage.json`` in it."""
    target = Path(path)
    if target.is_dir():
        target = target / DESCRIPTOR
    return target if target.is_file() else None
