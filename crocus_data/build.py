"""The build: hand-encoded records -> models -> checks -> resources, written only if all is clean.

``build(root)`` renders every generated file in memory first; if any check fails nothing is
written. ``build(root, check=True)`` writes nothing and reports which committed files differ
from what the build produces (the drift check CI runs).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from crocus_data.checks import run_checks
from crocus_data.coverage import read_notes, render_coverage
from crocus_data.dataset import DESCRIPTOR, PARQUET_DIR, RECORDS_DIR, Dataset, from_layout
from crocus_data.dictionary import render_dictionary
from crocus_data.models import MODELS, Source
from crocus_data.problems import Problem
from crocus_data.records import render_table, to_records
from crocus_data.resources import descriptor, json_bytes, parquet_bytes
from crocus_data.schema.json_schema import json_schema

DATA_DIR = Path("crocus_data") / "data"


@dataclass
class BuildResult:
    problems: list[Problem] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    drifted: list[Path] = field(default_factory=list)


def render(dataset: Dataset, notes: dict[tuple[str, str], str]) -> dict[Path, bytes]:
    """Every generated file, by path relative to the repository root."""
    outputs: dict[Path, bytes] = {}
    sources: list[Source] = []
    for model in MODELS:
        records = to_records(dataset.tables[model.table])
        sources += [record for record in records if isinstance(record, Source)]
        outputs[DATA_DIR / RECORDS_DIR / f"{model.table}.csv"] = render_table(model, records)
        outputs[DATA_DIR / PARQUET_DIR / f"{model.table}.parquet"] = parquet_bytes(model, records)
        outputs[Path("schemas") / f"{model.table}.json"] = json_bytes(json_schema(model))
    outputs[DATA_DIR / DESCRIPTOR] = json_bytes(descriptor(sources))
    outputs[Path(DESCRIPTOR)] = json_bytes(descriptor(sources, prefix=f"{DATA_DIR.as_posix()}/"))
    outputs[Path("docs") / "data-dictionary.md"] = render_dictionary()
    outputs[Path("docs") / "coverage.md"] = render_coverage(dataset, notes)
    return outputs


def write_atomically(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def build(root: Path, check: bool = False) -> BuildResult:
    """Rebuild the generated files under ``root`` (a checkout), or with ``check`` only compare them."""
    dataset = from_layout(root / DATA_DIR, display_prefix=f"{DATA_DIR.as_posix()}/")
    result = BuildResult(problems=run_checks(dataset))
    if result.problems:
        return result
    for relative, content in render(dataset, read_notes(root / DATA_DIR)).items():
        path = root / relative
        current = path.read_bytes() if path.exists() else None
        if current == content:
            continue
        if check:
            result.drifted.append(relative)
        else:
            write_atomically(path, content)
            result.written.append(relative)
    return result
