"""The build: hand-encoded records -> models -> checks -> resources, written only if all is clean.

``build(root)`` renders every generated file in memory first; if any check fails nothing is
written. ``build(root, check=True)`` writes nothing and reports which committed files differ
from what the build produces (the drift check CI runs).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from crocus_data import __version__
from crocus_data.checks import run_checks
from crocus_data.checks.package import Dataset, from_layout
from crocus_data.checks.table_data import to_records
from crocus_data.layout import ANNOTATIONS, DATA_DIR, DESCRIPTOR, DOCS_DIR, parquet_file, record_file, schema_file
from crocus_data.metadata import describe
from crocus_data.models import MODELS, Evidence, Source
from crocus_data.problems import Problem
from crocus_data.resources import estimate_page, rules_page
from crocus_data.resources.annotations import annotation_collection
from crocus_data.resources.coverage_page import render_coverage
from crocus_data.resources.csv_codec import render_table
from crocus_data.resources.descriptor import descriptor
from crocus_data.resources.dictionary_page import render_dictionary
from crocus_data.resources.json_schema import json_schema
from crocus_data.resources.outputs import json_bytes, with_generated_section, write_or_check
from crocus_data.resources.parquet import parquet_bytes

# Hand-written pages with a section generated from code: (page, section name, renderer).
GENERATED_SECTIONS = (
    (DOCS_DIR / "validation.md", rules_page.SECTION, rules_page.rules_table),
    (DOCS_DIR / "analysis.md", estimate_page.SECTION, estimate_page.estimate_rule),
)


@dataclass
class BuildResult:
    problems: list[Problem] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    drifted: list[Path] = field(default_factory=list)


def render(dataset: Dataset) -> dict[Path, bytes]:
    """Every file generated from the data, by path relative to the repository root."""
    outputs: dict[Path, bytes] = {}
    sources = [record for record in to_records(dataset.tables[Source.table]) if isinstance(record, Source)]
    source_sha256 = {source.source_id: source.sha256 for source in sources}
    for model in MODELS:
        records = to_records(dataset.tables[model.table])
        outputs[DATA_DIR / record_file(model.table)] = render_table(model, records)
        info = describe(model, __version__, source_sha256)
        outputs[DATA_DIR / parquet_file(model.table)] = parquet_bytes(model, records, info)
        outputs[schema_file(model.table)] = json_bytes(json_schema(model))
    outputs[DATA_DIR / DESCRIPTOR] = json_bytes(descriptor(sources))
    outputs[Path(DESCRIPTOR)] = json_bytes(descriptor(sources, prefix=f"{DATA_DIR.as_posix()}/"))
    evidence = [record for record in to_records(dataset.tables[Evidence.table]) if isinstance(record, Evidence)]
    texts = {source_id: raw.decode("utf-8") for source_id, raw in dataset.texts.items()}
    outputs[DATA_DIR / ANNOTATIONS] = json_bytes(annotation_collection(evidence, sources, texts))
    outputs[DOCS_DIR / "data-dictionary.md"] = render_dictionary()
    outputs[DOCS_DIR / "coverage.md"] = render_coverage(dataset)
    return outputs


# Hand-written files the docs site shows as they are: (the file, its copy in the site).
COPIES = ((Path("CHANGELOG.md"), DOCS_DIR / "changelog.md"),)


def render_sections(root: Path) -> dict[Path, bytes]:
    """The hand-written pages under ``root`` with their generated sections rendered from code, and the copies."""
    outputs = {
        page: with_generated_section((root / page).read_bytes(), name, renderer())
        for page, name, renderer in GENERATED_SECTIONS
        if (root / page).exists()
    }
    outputs.update({copy: (root / original).read_bytes() for original, copy in COPIES if (root / original).exists()})
    return outputs


def build(root: Path, check: bool = False) -> BuildResult:
    """Rebuild the generated files under ``root`` (a checkout), or with ``check`` only compare them."""
    dataset = from_layout(root / DATA_DIR, display_prefix=f"{DATA_DIR.as_posix()}/")
    result = BuildResult(problems=run_checks(dataset))
    if result.problems:
        return result
    outputs = {**render(dataset), **render_sections(root)}
    outcome = write_or_check(root, outputs, check=check)
    result.written, result.drifted = outcome.written, outcome.drifted
    return result
