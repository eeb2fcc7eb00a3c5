"""The build: hand-encoded records -> models -> checks -> resources, written only if all is clean.

``build(root)`` renders every generated file in memory first; if any check fails nothing is
written. ``build(root, check=True)`` writes nothing and reports which committed files differ
from what the build produces (the drift check CI runs).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crocus_data import __version__
from crocus_data.checks import run_checks
from crocus_data.checks.package import Dataset, from_layout
from crocus_data.checks.table_data import to_records
from crocus_data.layout import (
    ANNOTATIONS,
    CROISSANT,
    DATA_DIR,
    DESCRIPTOR,
    DOCS_DIR,
    parquet_file,
    record_file,
    schema_file,
)
from crocus_data.metadata import describe
from crocus_data.models import MODELS, Evidence, Source
from crocus_data.problems import Problem
from crocus_data.resources import estimate_page, rules_page, schema_org
from crocus_data.resources.annotations import annotation_collection
from crocus_data.resources.coverage_page import render_coverage
from crocus_data.resources.croissant import croissant
from crocus_data.resources.csv_codec import render_table
from crocus_data.resources.descriptor import descriptor
from crocus_data.resources.dictionary_page import render_dictionary
from crocus_data.resources.evidence_pages import EVIDENCE_NAV, evidence_nav, render_evidence_pages
from crocus_data.resources.json_schema import json_schema
from crocus_data.resources.outputs import YAML_END, YAML_START, json_bytes, with_generated_section, write_or_check
from crocus_data.resources.parquet import parquet_bytes

# Hand-written pages with a section generated from code: (page, section name, renderer).
GENERATED_SECTIONS = (
    (DOCS_DIR / "validation.md", rules_page.SECTION, rules_page.rules_table),
    (DOCS_DIR / "analysis.md", estimate_page.SECTION, estimate_page.estimate_rule),
)

# Hand-written pages with a section rendered from the Croissant document the build has just made:
# (page, section name, renderer of the document).
CATALOGUE_SECTIONS = ((DOCS_DIR / "index.md", schema_org.SECTION, schema_org.dataset_script),)


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
    data_files = {
        path.relative_to(DATA_DIR).as_posix(): content
        for path, content in outputs.items()
        if path.is_relative_to(DATA_DIR)
    }
    outputs[DATA_DIR / CROISSANT] = json_bytes(croissant(__version__, sources, data_files))
    outputs[Path(DESCRIPTOR)] = json_bytes(descriptor(sources, prefix=f"{DATA_DIR.as_posix()}/"))
    evidence = [record for record in to_records(dataset.tables[Evidence.table]) if isinstance(record, Evidence)]
    texts = {source_id: raw.decode("utf-8") for source_id, raw in dataset.texts.items()}
    outputs[DATA_DIR / ANNOTATIONS] = json_bytes(annotation_collection(evidence, sources, texts))
    outputs[DOCS_DIR / "data-dictionary.md"] = render_dictionary()
    outputs[DOCS_DIR / "coverage.md"] = render_coverage(dataset)
    outputs.update(render_evidence_pages(dataset))
    return outputs


# The site's configuration: its nav lists the evidence browser's pages, one per source, so the build writes that part.
MKDOCS_CONFIG = Path("mkdocs.yml")


def render_nav(root: Path, dataset: Dataset) -> dict[Path, bytes]:
    """mkdocs.yml under ``root`` with its evidence-browser nav section rendered from the data (if it has one)."""
    config = root / MKDOCS_CONFIG
    if not config.exists():
        return {}
    section = evidence_nav(dataset)
    return {MKDOCS_CONFIG: with_generated_section(config.read_bytes(), EVIDENCE_NAV, section, (YAML_START, YAML_END))}


# Hand-written files the docs site shows as they are: (the file, its copy in the site).
COPIES = ((Path("CHANGELOG.md"), DOCS_DIR / "changelog.md"),)


def render_sections(root: Path, croissant_document: dict[str, Any] | None = None) -> dict[Path, bytes]:
    """The hand-written pages under ``root`` with their generated sections rendered from code (and, given
    the Croissant document, from it), and the copies."""
    outputs = {
        page: with_generated_section((root / page).read_bytes(), name, renderer())
        for page, name, renderer in GENERATED_SECTIONS
        if (root / page).exists()
    }
    if croissant_document is not None:
        for page, name, render_from in CATALOGUE_SECTIONS:
            if (root / page).exists():
                outputs[page] = with_generated_section(
                    (root / page).read_bytes(), name, render_from(croissant_document)
                )
    outputs.update({copy: (root / original).read_bytes() for original, copy in COPIES if (root / original).exists()})
    return outputs


def build(root: Path, check: bool = False) -> BuildResult:
    """Rebuild the generated files under ``root`` (a checkout), or with ``check`` only compare them."""
    dataset = from_layout(root / DATA_DIR, display_prefix=f"{DATA_DIR.as_posix()}/")
    result = BuildResult(problems=run_checks(dataset))
    if result.problems:
        return result
    rendered = render(dataset)
    croissant = json.loads(rendered[DATA_DIR / CROISSANT])
    outputs = {**rendered, **render_sections(root, croissant), **render_nav(root, dataset)}
    outcome = write_or_check(root, outputs, check=check)
    result.written, result.drifted = outcome.written, outcome.drifted
    return result
