"""The docs site's generated parts, each rendered from the data or the code, never committed.

- Whole pages made from the data (the data dictionary, the coverage map, the evidence browser) and
  copies of hand-written files (the changelog, the contributing guide): ``crocus-data build`` writes
  them into ``docs/`` (gitignored), so a contributor can read them, and the site build writes them again.
- The nav's *Evidence* section (the contested figures, the browser, a page per source and per table):
  the site build puts it where mkdocs.yml's ``Evidence`` entry stands.
- Sections of hand-written pages (the headline cards, the rules table, the estimate rule, the tables
  beside the figures, the schema.org entry, the anonymous-documents sentence ...), and what each
  python snippet prints: filled in as the site build reads each page.
- Assets (the figures, the highlighting stylesheet): made at site build only.

``crocus_data.docs_site`` is the MkDocs hook that puts these into the site when ``mkdocs build`` runs.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from crocus_data.layout import CROISSANT, DATA_DIR, DOCS_DIR
from crocus_data.limits import MAX_SOURCE_BYTES
from crocus_data.published.outputs import with_generated_section
from crocus_data.reader.package import Package
from crocus_data.safe_io.files import RefusedError, read_or_refuse
from crocus_data.site import (
    anonymous_sources,
    estimate_page,
    figure_tables,
    headline,
    rules_page,
    schema_org,
    tables_list,
    types_page,
)
from crocus_data.site.coverage_page import render_coverage
from crocus_data.site.dictionary_page import render_dictionary
from crocus_data.site.evidence_pages import evidence_nav, render_evidence_pages
from crocus_data.site.highlight_css import CSS_FILE, highlight_css

# A section's renderer: (the Croissant document the build made, the checked package) -> Markdown.
SectionRenderer = Callable[[dict[str, Any], Package], str]

# Sections of hand-written pages, by the page's path under docs/: (section name, renderer).
SECTIONS: dict[str, tuple[tuple[str, SectionRenderer], ...]] = {
    "index.md": (
        (anonymous_sources.SECTION, lambda _, package: anonymous_sources.of_package(package)),
        (headline.SECTION, lambda _, package: headline.headline(package)),
        (tables_list.SECTION, lambda _, __: tables_list.tables_list()),
        (schema_org.SECTION, lambda document, _: schema_org.dataset_script(document)),
    ),
    "datasheet.md": ((anonymous_sources.SECTION, lambda _, package: anonymous_sources.of_package(package)),),
    "analysis.md": (
        (estimate_page.SECTION, lambda _, __: estimate_page.estimate_rule()),
        (figure_tables.TIMELINE, lambda _, package: figure_tables.timeline_table(package)),
        (figure_tables.WHO_SAID_WHAT, lambda _, package: figure_tables.who_said_what_table(package)),
    ),
    "validation.md": ((rules_page.SECTION, lambda _, __: rules_page.rules_table()),),
    "other-tools.md": ((types_page.SECTION, lambda _, __: types_page.types_table()),),
}

# Hand-written files the docs site shows as they are: (the file, its copy in the site).
COPIES = ((Path("CHANGELOG.md"), DOCS_DIR / "changelog.md"), (Path("CONTRIBUTING.md"), DOCS_DIR / "contributing.md"))

# mkdocs.yml's nav entry the evidence browser's section replaces.
EVIDENCE_ENTRY = "Evidence"


def _file(root: Path, relative: Path) -> bytes | None:
    """A hand-written file of the checkout, read as any file of the tree (RefusedError for a link out, a pipe)."""
    return read_or_refuse(root, relative.as_posix(), MAX_SOURCE_BYTES)


def render_pages(root: Path, package: Package) -> dict[Path, bytes]:
    """The pages made wholly from the data, and the copies, by path relative to ``root``."""
    outputs = {**render_dictionary(), DOCS_DIR / "coverage.md": render_coverage(package)}
    outputs.update(render_evidence_pages(package))
    for original, copy in COPIES:
        if (content := _file(root, original)) is not None:
            outputs[copy] = inside_docs(content)
    return outputs


def inside_docs(page: bytes) -> bytes:
    """A page of the repository's top copied into docs/: its links into docs/ are to its neighbours there
    (``](docs/workbench.md)`` becomes ``](workbench.md)``), so they work on GitHub and on the site alike."""
    return page.replace(b"](docs/", b"](")


def with_evidence_nav(nav: list[Any], package: Package) -> list[Any]:
    """The nav with its ``Evidence`` entry replaced by the evidence browser's section (appended if it has none)."""
    import yaml  # MkDocs' own dependency: this runs inside the site build

    section = yaml.safe_load(evidence_nav(package))
    assert isinstance(section, list) and len(section) == 1
    at = [i for i, entry in enumerate(nav) if isinstance(entry, dict) and EVIDENCE_ENTRY in entry]
    if not at:
        return [*nav, *section]
    return [*nav[: at[0]], *section, *nav[at[0] + 1 :]]


def fill_sections(page: str, src_uri: str, root: Path, package: Package) -> str:
    """A hand-written page under docs/ with its generated sections filled in (from the built Croissant and the
    data); RefusedError naming the page when a section's markers are missing."""
    sections = SECTIONS.get(src_uri, ())
    if not sections:
        return page
    content = _file(root, DATA_DIR / CROISSANT)
    document = json.loads(content) if content is not None else {}
    for name, render in sections:
        try:
            page = with_generated_section(page, name, render(document, package))
        except ValueError as exc:
            raise RefusedError(f"{DOCS_DIR.as_posix()}/{src_uri}: {exc}") from None
    return page


def assets() -> dict[str, bytes]:
    """Files the site serves that no page is: the figures and the highlighting stylesheet, by path under docs/.

    The figures read the data through ``crocus_data.load``: the caller points it at the checkout's data.
    """
    from crocus_data.site import figures

    outputs = {f"img/{name}": content for name, content in figures.render_all().items()}
    outputs[CSS_FILE] = highlight_css()
    return outputs
