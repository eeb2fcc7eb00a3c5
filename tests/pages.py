"""The docs pages as the site shows them: what a person wrote, with the generated sections the site build fills in."""

from __future__ import annotations

from functools import cache

from crocus_data.layout import DATA_DIR
from crocus_data.reader.package import Package, from_layout
from crocus_data.site.build import fill_sections

from scratch import REPO, built


@cache
def _package() -> Package:
    return from_layout(built() / DATA_DIR)


def shown(name: str) -> str:
    """``docs/<name>`` with its generated sections filled in (as at site build, before its snippets run); a page
    made wholly from the data (``evidence/contested.md``) as the build writes it."""
    written = REPO / "docs" / name
    page = written if written.is_file() else built() / "docs" / name
    return fill_sections(page.read_text(encoding="utf-8"), name, built(), _package())
