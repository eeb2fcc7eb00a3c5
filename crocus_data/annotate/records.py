"""The records a form can point at, by what a reader calls them; and new ids in the documented pattern.

A foreign key is chosen in the page by searching these labels (an actor's display label, an
incident's name, a statement's summary and speaker), never by typing an id. The search reads more
than the label the list shows, cut to ``LABEL_CHARS``: a reader remembers a word from the middle of a
long summary, a document's file name or a record's id, so every word of the id, the whole label and
detail and the record's own words (``SEARCHED``) is found, accents and case aside (``fold``). A new id is the table's
prefix and a slug of the words selected (``act-test-speaker``), numbered when taken; an evidence id
is ``ev-<record id>-<n>``. Every id the package uses or has retired (tombstones) counts as taken.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from crocus_data.checks.coverage import clipped
from crocus_data.models import MODELS
from crocus_data.models.actors import display_label
from crocus_data.models.keys import PREFIXES, key_pattern
from crocus_data.published.csv_codec import format_cell
from crocus_data.reader.package import Package

SLUG_WORDS = 5  # a suggested id takes at most this many words of the selection
LABEL_CHARS = 90
UNTITLED = "Untitled report"  # a document named by its title, never by the file name add-source gave it
# The columns whose words a search finds a record by, besides its id, label and detail, whatever its table.
SEARCHED = ("summary", "description", "name", "label", "title", "filename", "wording", "value", "place", "position")


@dataclass(frozen=True)
class Choice:
    """One record as a foreign-key search offers it: its id (never typed), its table, its label and a detail."""

    id: str
    table: str
    label: str
    detail: str
    search: str = ""  # every word the record is found by, folded (``fold``)

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "table": self.table, "label": self.label, "detail": self.detail, "search": self.search}


def fold(text: str) -> str:
    """Text as a search compares it, accents and case aside: decomposed, marks dropped, lower case.

    The page folds what is typed the same way (``normalize('NFD')``, no ``\\p{M}``, ``toLowerCase()``).
    """
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(char for char in decomposed if not unicodedata.category(char).startswith("M")).lower()


def cell(row: dict[str, Any], name: str) -> str:
    """A typed cell as its CSV text ('' for absent)."""
    return format_cell(row.get(name))


def _labellers(package: Package) -> dict[str, Callable[[dict[str, Any]], tuple[str, str]]]:
    """Table -> (label, detail) of one of its rows, in the words a reader knows the record by."""
    actors = {
        cell(row, "actor_id"): display_label(
            cell(row, "label") or None, cell(row, "name") or None, cell(row, "description")
        )
        for row in package.rows("actors")
    }
    incidents = {cell(row, "incident_id"): cell(row, "name") for row in package.rows("incidents")}
    summaries = {cell(row, "statement_id"): cell(row, "summary") for row in package.rows("statements")}

    def actor(row: dict[str, Any], name: str) -> str:
        return actors.get(cell(row, name), cell(row, name))

    def incident(row: dict[str, Any], name: str) -> str:
        return incidents.get(cell(row, name), cell(row, name))

    def statement(row: dict[str, Any]) -> tuple[str, str]:
        speaker = actor(row, "speaker_actor_id") if row.get("speaker_actor_id") else f"({cell(row, 'attribution')})"
        relay = f", relayed by {actor(row, 'relay_actor_id')}" if row.get("relay_actor_id") else ""
        return cell(row, "summary"), f"{cell(row, 'kind')} by {speaker}{relay}"

    return {
        "sources": lambda r: (
            cell(r, "title") or UNTITLED,
            f"document {cell(r, 'source_id')}, file {cell(r, 'filename')}, published {cell(r, 'published_earliest')}",
        ),
        "incidents": lambda r: (cell(r, "name"), f"{cell(r, 'incident_type')}, {cell(r, 'date_earliest')}"),
        "incident_links": lambda r: (
            f"{incident(r, 'incident_id')} {cell(r, 'relation')} {incident(r, 'related_incident_id')}",
            "incident link",
        ),
        "incident_places": lambda r: (cell(r, "place"), f"place of {incident(r, 'incident_id')}"),
        "actors": lambda r: (actors[cell(r, "actor_id")], f"{cell(r, 'actor_kind')}: {cell(r, 'description')}"),
        "statements": statement,
        "actor_claims": lambda r: (f"{actor(r, 'actor_id')}: {cell(r, 'value')}", f"{cell(r, 'attribute')} claim"),
        "actor_links": lambda r: (
            f"{actor(r, 'actor_id')} {cell(r, 'relation')} {actor(r, 'related_actor_id')}",
            "actor link",
        ),
        "materials": lambda r: (cell(r, "description"), cell(r, "material_kind")),
        "detentions": lambda r: (f"{actor(r, 'actor_id')} ({cell(r, 'status')})", cell(r, "place")),
        "treatment_reports": lambda r: (f"{actor(r, 'actor_id')}: {cell(r, 'description')}", cell(r, "treatment")),
        "figures": lambda r: (
            cell(r, "wording"),
            f"{cell(r, 'measure')}, {incident(r, 'incident_id')}",
        ),
        "statement_relations": lambda r: (
            f"{clipped(summaries.get(cell(r, 'from_statement_id'), ''), 40)} {cell(r, 'relation')}",
            "statement relation",
        ),
    }


def choices(package: Package) -> list[Choice]:
    """Every record of every table a form can point at or add a span to, with its label."""
    labellers = _labellers(package)
    found = []
    for model in MODELS:
        labeller = labellers.get(model.table)
        if labeller is None:
            continue
        for row in package.rows(model.table):
            label, detail = labeller(row)
            key = cell(row, model.primary_key)
            words = " ".join([key, label, detail, *(cell(row, name) for name in SEARCHED if row.get(name))])
            shown = clipped(label or key, LABEL_CHARS)
            found.append(Choice(key, model.table, shown, clipped(detail, LABEL_CHARS), fold(words)))
    return found


def taken_ids(package: Package) -> set[str]:
    """Every id the package uses, evidence included, and every id its tombstones retire."""
    taken = {cell(row, model.primary_key) for model in MODELS for row in package.rows(model.table)}
    return taken - {""}


def slug(words: str) -> str:
    """Lower-case ASCII words joined by hyphens: 'Zoë Tëst, 151 people' -> 'zoe-test-151-people'."""
    ascii_words = unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode("ascii").lower()
    parts = re.findall(r"[a-z0-9]+", ascii_words)
    return "-".join(parts[:SLUG_WORDS])


def new_id(table: str, words: str, taken: set[str]) -> str:
    """A free id for a new record of ``table``: its prefix and a slug of ``words``, numbered if taken."""
    prefix = PREFIXES[table]
    stem = f"{prefix}-{slug(words) or table.replace('_', '-')}"
    candidate, number = stem, 2
    while candidate in taken:
        candidate, number = f"{stem}-{number}", number + 1
    assert re.fullmatch(key_pattern(prefix), candidate), candidate
    return candidate


def new_evidence_id(record_id: str, taken: set[str]) -> str:
    """The first free ``ev-<record id>-<n>``."""
    number = 1
    while f"ev-{record_id}-{number}" in taken:
        number += 1
    return f"ev-{record_id}-{number}"
