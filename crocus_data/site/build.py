"""The docs site's pages made from the data: the data dictionary, the coverage map, the evidence
browser and its nav, and the generated sections of hand-written pages, each as bytes by its path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crocus_data.layout import DOCS_DIR
from crocus_data.published.outputs import YAML_END, YAML_START, with_generated_section
from crocus_data.reader.package import Package
from crocus_data.site import anonymous_sources, estimate_page, rules_page, schema_org
from crocus_data.site.coverage_page import render_coverage
from crocus_data.site.dictionary_page import render_dictionary
from crocus_data.site.evidence_pages import EVIDENCE_NAV, evidence_nav, render_evidence_pages

# Hand-written pages with a section generated from code: (page, section name, renderer).
GENERATED_SECTIONS = (
    (DOCS_DIR / "validation.md", rules_page.SECTION, rules_page.rules_table),
    (DOCS_DIR / "analysis.md", estimate_page.SECTION, estimate_page.estimate_rule),
)

# Hand-written pages with a section rendered from the Croissant document the build has just made:
# (page, section name, renderer of the document).
CATALOGUE_SECTIONS = ((DOCS_DIR / "index.md", schema_org.SECTION, schema_org.dataset_script),)

# Hand-written pages with a section rendered from the package being built: (page, section name, renderer).
DATA_SECTIONS = (
    (DOCS_DIR / "index.md", anonymous_sources.SECTION, anonymous_sources.of_package),
    (DOCS_DIR / "datasheet.md", anonymous_sources.SECTION, anonymous_sources.of_package),
)

# The site's configuration: its nav lists the evidence browser's pages, one per source, so the build writes that part.
MKDOCS_CONFIG = Path("mkdocs.yml")

# Hand-written files the docs site shows as they are: (the file, its copy in the site).
COPIES = ((Path("CHANGELOG.md"), DOCS_DIR / "changelog.md"),)


def render_pages(package: Package) -> dict[Path, bytes]:
    """The pages made wholly from the data."""
    outputs = {DOCS_DIR / "data-dictionary.md": render_dictionary(), DOCS_DIR / "coverage.md": render_coverage(package)}
    outputs.update(render_evidence_pages(package))
    return outputs


def render_nav(root: Path, package: Package) -> dict[Path, bytes]:
    """mkdocs.yml under ``root`` with its evidence-browser nav section rendered from the data (if it has one)."""
    config = root / MKDOCS_CONFIG
    if not config.exists():
        return {}
    section = evidence_nav(package)
    return {MKDOCS_CONFIG: with_generated_section(config.read_bytes(), EVIDENCE_NAV, section, (YAML_START, YAML_END))}


def render_sections(
    root: Path, croissant_document: dict[str, Any] | None = None, package: Package | None = None
) -> dict[Path, bytes]:
    """The hand-written pages under ``root`` with their generated sections rendered from code (and, given
    the Croissant document or the package, from them), and the copies. A page with several sections
    gets them all."""
    outputs: dict[Path, bytes] = {}

    def section(page: Path, name: str, text: str) -> None:
        outputs[page] = with_generated_section(outputs.get(page) or (root / page).read_bytes(), name, text)

    for page, name, renderer in GENERATED_SECTIONS:
        if (root / page).exists():
            section(page, name, renderer())
    if croissant_document is not None:
        for page, name, render_from in CATALOGUE_SECTIONS:
            if (root / page).exists():
                section(page, name, render_from(croissant_document))
    if package is not None:
        for page, name, render_of in DATA_SECTIONS:
            if (root / page).exists():
                section(page, name, render_of(package))
    outputs.update({copy: (root / original).read_bytes() for original, copy in COPIES if (root / original).exists()})
    return outputs
