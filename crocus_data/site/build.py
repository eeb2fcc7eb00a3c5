"""The docs site's generated parts, each rendered from the data or the code, never committed.

- Whole pages made from the data (the data dictionary, the coverage map, the evidence browser) and
  copies of hand-written files (the changelog): ``crocus-data build`` writes them into ``docs/``
  (gitignored), so a contributor can read them, and the site build writes them again.
- The evidence browser's nav entries (a page per source): the site build adds them to the nav.
- Sections of hand-written pages (the rules table, the estimate rule, the schema.org entry), and
  what each python snippet prints: filled in as the site build reads each page.
- Assets (the figures, the highlighting stylesheet): made at site build only.

``crocus_data.docs_site`` is the MkDocs hook that puts these into the site when ``mkdocs build`` runs.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from crocus_data.layout import CROISSANT, DATA_DIR, DOCS_DIR
from crocus_data.published.outputs import with_generated_section
from crocus_data.reader.package import Package
from crocus_data.site import estimate_page, rules_page, schema_org
from crocus_data.site.coverage_page import render_coverage
from crocus_data.site.dictionary_page import render_dictionary
from crocus_data.site.evidence_pages import evidence_nav, render_evidence_pages
from crocus_data.site.highlight_css import CSS_FILE, highlight_css

# Sections of hand-written pages, by the page's path under docs/: (section name, renderer of the
# Croissant document the build made). Renderers that need no document ignore it.
SECTIONS: dict[str, tuple[tuple[str, Callable[[dict[str, Any]], str]], ...]] = {
    "validation.md": ((rules_page.SECTION, lambda _: rules_page.rules_table()),),
    "analysis.md": ((estimate_page.SECTION, lambda _: estimate_page.estimate_rule()),),
    "index.md": ((schema_org.SECTION, schema_org.dataset_script),),
}

# Hand-written files the docs site shows as they are: (the file, its copy in the site).
COPIES = ((Path("CHANGELOG.md"), DOCS_DIR / "changelog.md"),)


def render_pages(root: Path, package: Package) -> dict[Path, bytes]:
    """The pages made wholly from the data, and the copies, by path relative to ``root``."""
    outputs = {DOCS_DIR / "data-dictionary.md": render_dictionary(), DOCS_DIR / "coverage.md": render_coverage(package)}
    outputs.update(render_evidence_pages(package))
    outputs.update({copy: (root / original).read_bytes() for original, copy in COPIES if (root / original).exists()})
    return outputs


def nav_entries(package: Package) -> list[dict[str, Any]]:
    """The nav entries of the evidence browser, one page per source (mkdocs.yml's nav lists the rest)."""
    import yaml  # MkDocs' own dependency: this runs inside the site build

    entries = yaml.safe_load(evidence_nav(package))
    assert isinstance(entries, list)
    return entries


def fill_sections(page: str, src_uri: str, root: Path) -> str:
    """A hand-written page under docs/ with its generated sections filled in (from the built Croissant)."""
    sections = SECTIONS.get(src_uri, ())
    if not sections:
        return page
    document = json.loads((root / DATA_DIR / CROISSANT).read_text(encoding="utf-8"))
    for name, render in sections:
        page = with_generated_section(page, name, render(document))
    return page


def assets() -> dict[str, bytes]:
    """Files the site serves that no page is: the figures and the highlighting stylesheet, by path under docs/.

    The figures read the data through ``crocus_data.load``: the caller points it at the checkout's data.
    """
    from crocus_data.site import figures

    outputs = {f"img/{name}": content for name, content in figures.render_all().items()}
    outputs[CSS_FILE] = highlight_css()
    return outputs
