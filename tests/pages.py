"""The docs pages as the site shows them: what a person wrote, with the generated sections the site build fills in."""

from __future__ import annotations

from crocus_data.site.build import fill_sections

from scratch import REPO, built


def shown(name: str) -> str:
    """``docs/<name>`` with its generated sections filled in (as at site build, before its snippets run)."""
    return fill_sections((REPO / "docs" / name).read_text(encoding="utf-8"), name, built())
