"""The strategies: whole valid packages, and single valid records of one table."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from crocus_data.models import Figure, Record

# Letters (Latin, Cyrillic, Greek, CJK...), digits, curly and straight quotes, punctuation that is
from crocus_data.testing.builder import Builder
from crocus_data.testing.generated import Package
from crocus_data.testing.rows import (
    actor_link_row,
    actor_row,
    claim_row,
    coverage_notes,
    detention_row,
    evidence_row,
    figure_row,
    in_custody,
    incident_row,
    link_row,
    material_row,
    place_row,
    relation_row,
    source_row,
    statement_row,
    tombstone_row,
    treatment_row,
)
from crocus_data.testing.text import source_texts


@st.composite
def packages(draw: st.DrawFn, max_rows: int = 4) -> Package:
    """A whole valid package (see the module docstring); ``max_rows`` bounds each table's size."""
    b = Builder(draw)
    texts = draw(st.lists(source_texts(), min_size=1, max_size=3))
    sources = [source_row(b, number, text) for number, text in enumerate(texts)]
    for source in sources:
        source_id = str(source["source_id"])
        b.quote(source_id, source["title"], b.dated.get(source_id), own_source=source_id)
    b.add("sources", sources)

    def rows(minimum: int) -> range:
        return range(draw(st.integers(minimum, max_rows)))

    b.add("incidents", [incident_row(b) for _ in rows(1)])
    b.add("incident_links", [link_row(b) for _ in rows(0)] if len(b.keys("incidents")) > 1 else [])
    actors: list[dict[str, Any]] = []
    for _ in rows(1):
        actors.append(actor_row(b, [actor["actor_id"] for actor in actors]))
    b.add("actors", actors)
    b.add("statements", [statement_row(b) for _ in rows(0)])
    b.add("incident_places", [place_row(b) for _ in rows(0)])
    b.add("actor_claims", [claim_row(b) for _ in rows(0)])
    b.add("actor_links", [actor_link_row(b) for _ in rows(0)] if len(b.keys("actors")) > 1 else [])
    b.add("materials", [material_row(b) for _ in rows(0)])
    b.add("detentions", [detention_row(b) for _ in rows(0)])
    in_custody(b)
    b.add("treatment_reports", [treatment_row(b) for _ in rows(0)])
    figures: list[Figure] = []
    for _ in rows(0):
        figures.append(Figure.model_validate(figure_row(b, figures)))
    b.package.records["figures"] = list(figures)
    relations = [relation_row(b) for _ in rows(0)] if b.keys("statements") else []
    b.add("statement_relations", [relation for relation in relations if relation is not None])
    b.add("evidence", evidence_row(b))
    b.taken.update(key for table in b.package.records for key in b.keys(table))  # sources and evidence too
    # Each is replaced by nothing, a live id or an earlier tombstone's (all in taken; never its own, drawn after).
    b.add("tombstones", [tombstone_row(b, sorted(b.taken)) for _ in rows(0)])
    b.package.notes = coverage_notes(b)
    return b.package


def records(table: str) -> st.SearchStrategy[Record]:
    """Single valid records of one table (drawn from a valid package, so their rules all hold)."""
    return packages().filter(lambda p: bool(p.records.get(table))).flatmap(lambda p: st.sampled_from(p.records[table]))
