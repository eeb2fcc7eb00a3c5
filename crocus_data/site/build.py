"""The docs site's pages made from the data: the data dictionary, the coverage map, the evidence
browser and its nav, and the generated sections of hand-written pages, each as bytes by its path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crocus_data.layout import DOCS_DIR
from crocus_data.limits import MAX_SOURCE_BYTES
from crocus_data.published.outputs import YAML_END, YAML_START, with_generated_section
from crocus_data.reader.package import Package
from crocus_data.safe_io.files import RefusedError, read_or_refuse
from crocus_data.site import estimate_page, figure_tables, headline, rules_page, schema_org, types_page
from crocus_data.site.coverage_page import render_coverage
from crocus_data.site.dictionary_page import render_dictionary
from crocus_data.site.evidence_pages import EVIDENCE_NAV, evidence_nav, render_evidence_pages

# Hand-written pages with a section generated from code: (page, section name, renderer).
GENERATED_SECTIONS = (
    (DOCS_DIR / "validation.md", rules_page.SECTION, rules_page.rules_table),
    (DOCS_DIR / "analysis.md", estimate_page.SECTION, estimate_page.estimate_rule),
    (DOCS_DIR / "other-tools.md", types_page.SECTION, types_page.types_table),
)

# Hand-written pages with a section rendered from the Croissant document the build has just made:
# (page, section name, renderer of the document).
CATALOGUE_SECTIONS = ((DOCS_DIR / "index.md", schema_org.SECTION, schema_org.dataset_script),)

# Hand-written pages with a section rendered from the data: (page, section name, renderer of the package).
DATA_SECTIONS = (
    (DOCS_DIR / "index.md", headline.SECTION, headline.headline),
    (DOCS_DIR / "analysis.md", figure_tables.TIMELINE, figure_tables.timeline_table),
    (DOCS_DIR / "analysis.md", figure_tables.WHO_SAID_WHAT, figure_tables.who_said_what_table),
)

# The site's configuration: its nav lists the evidence browser's pages, one per source, so the build writes that part.
MKDOCS_CONFIG = Path("mkdocs.yml")

# Hand-written files the docs site shows as they are: (the file, its copy in the site).
COPIES = ((Path("CHANGELOG.md"), DOCS_DIR / "changelog.md"), (Path("CONTRIBUTING.md"), DOCS_DIR / "contributing.md"))


def render_pages(package: Package) -> dict[Path, bytes]:
    """The pages made wholly from the data."""
    outputs = {**render_dictionary(), DOCS_DIR / "coverage.md": render_coverage(package)}
    outputs.update(render_evidence_pages(package))
    return outputs


def _page(root: Path, page: Path) -> bytes | None:
    """A hand-written file of the checkout, read as any file of the tree (RefusedError for a link out, a pipe)."""
    return read_or_refuse(root, page.as_posix(), MAX_SOURCE_BYTES)


def _with_section(page: Path, content: bytes, name: str, section: str, markers: tuple[str, str] | None = None) -> bytes:
    """The page with its generated section replaced; RefusedError, naming the page, when it cannot be."""
    try:
        return with_generated_section(content, name, section, *([markers] if markers else []))
    except (ValueError, UnicodeDecodeError) as exc:
        raise RefusedError(f"{page.as_posix()}: {exc}") from None


def render_nav(root: Path, package: Package) -> dict[Path, bytes]:
    """mkdocs.yml under ``root`` with its evidence-browser nav section rendered from the data (if it has one)."""
    config = _page(root, MKDOCS_CONFIG)
    if config is None:
        return {}
    section = evidence_nav(package)
    return {MKDOCS_CONFIG: _with_section(MKDOCS_CONFIG, config, EVIDENCE_NAV, section, (YAML_START, YAML_END))}


def render_sections(
    root: Path, croissant_document: dict[str, Any] | None = None, package: Package | None = None
) -> dict[Path, bytes]:
    """The hand-written pages under ``root`` with their generated sections rendered from code (and, given
    the Croissant document, from it; given the package, from the data), and the copies."""
    outputs: dict[Path, bytes] = {}

    def fill(page: Path, name: str, section: str) -> None:
        current = outputs[page] if page in outputs else _page(root, page)
        if current is not None:
            outputs[page] = _with_section(page, current, name, section)

    for page, name, renderer in GENERATED_SECTIONS:
        fill(page, name, renderer())
    if croissant_document is not None:
        for page, name, render_from in CATALOGUE_SECTIONS:
            fill(page, name, render_from(croissant_document))
    if package is not None:
        for page, name, render_data in DATA_SECTIONS:
            fill(page, name, render_data(package))
    for original, copy in COPIES:
        if (content := _page(root, original)) is not None:
            outputs[copy] = inside_docs(content)
    return outputs


def inside_docs(page: bytes) -> bytes:
    """A page of the repository's top copied into docs/: its links into docs/ are to its neighbours there
    (``](docs/workbench.md)`` becomes ``](workbench.md)``), so they work on GitHub and on the site alike."""
    return page.replace(b"](docs/", b"](")
