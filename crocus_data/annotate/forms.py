"""The workbench's forms, generated from the Pydantic models: one per table, never written by hand.

Each field is a column of ``models.columns.columns(model)``: its description, whether it is
required, its vocabulary with each value's definition, the table a foreign key points at (searched
by display label in the page, never typed as an id), whether it is verbatim (the document's exact
words, filled from the selection), its pattern and minimum. A date (``DateBounds``) is one group of
five fields with the encoding guide's help. A column added to a model appears in its form at once.
"""

from __future__ import annotations

from typing import Any

from crocus_data.models import MODELS, Evidence, Record, Source, Tombstone
from crocus_data.models.columns import Column, columns
from crocus_data.models.keys import PREFIXES, key_pattern

# When to use each table: what the document says (CONTRIBUTING.md's table, in the same words).
WHEN: dict[str, str] = {
    "incidents": "an event happened",
    "incident_links": "the document relates two events",
    "incident_places": "where an event happened, in the text's exact words (one row per wording)",
    "actors": "a person, group, organisation, collective or state (unnamed: empty name, description in the "
    "text's words)",
    "actor_links": "X may be Y, or may be / is alleged to be one of a group",
    "statements": "someone said something (speaker, relay such as a news agency, kind, date said, rendering)",
    "statement_relations": "a statement answers, denies, repeats, corrects or follows another (or a claim, "
    "figure, material)",
    "materials": "pictures or videos (published, circulated, shown)",
    "figures": "a number, one row per assertion, with its qualifier",
    "actor_claims": "X is from / a member of / the perpetrator of ... (roles are alleged)",
    "detentions": "someone was detained or arrested",
    "treatment_reports": "treatment in custody (the material it is seen in, the statement it followed)",
    "sources": "the document itself: its title, publisher and publication date, as it gives them",
    "evidence": "the exact words of the document that back a record (the workbench writes these from the selection)",
    "tombstones": "a retired id (the workbench never retires one)",
}
# Tables a selection can start a record of, those a report gives most first; sources are completed, evidence and
# tombstones never typed here.
COMMON_FIRST = ("actors", "statements", "figures", "actor_claims", "incidents", "incident_places", "detentions")
SELECTABLE = tuple(
    sorted(
        (model.table for model in MODELS if model not in (Source, Evidence, Tombstone)),
        key=lambda table: COMMON_FIRST.index(table) if table in COMMON_FIRST else len(COMMON_FIRST),
    )
)
# Columns a tool writes: shown, never edited in a form.
TOOL_WRITTEN: dict[str, tuple[str, ...]] = {
    "sources": ("source_id", "filename", "sha256", "bytes"),
    **{model.table: model.tool_filled for model in MODELS if model.tool_filled},
}

ATTRIBUTION_HELP = (
    "The document's own voice: source. A passive with no agent ('were identified as'): unattributed. Said by "
    "someone: speaker, and name the statement it is said in (on a statement: its speaker)."
)
DATE_HELP = (
    "A date is an interval: the first and last day it can have happened on, how wide that is (precision) and how "
    "the bounds were obtained (derivation), with the reasoning in the note (required unless the text states the "
    "full date). 'On the evening of March 22' in a document dated 2024-04-01: 2024-03-22 to 2024-03-22, day, "
    "year_from_publication. Never compute a day the text does not give: 'on Sunday' is the range of the Sundays "
    "the text allows, derivation relative, the reasoning in the note. Keep when it happened, when it was said and "
    "when it was published apart."
)
VERBATIM_HELP = (
    "The document's exact words (same Unicode, same quotes): they must stand in this row's evidence quote. "
    "Select them in the text and press 'Use selection'."
)


def field(column: Column, table: str) -> dict[str, Any]:
    """One column as a form field: everything the page needs to draw it and explain it."""
    group = column.path[0] if len(column.path) == 2 else None
    return {
        "name": column.name,
        "kind": column.kind,
        "required": column.required,
        "description": column.description,
        "choices": [{"value": m.value, "definition": m.definition} for m in column.enum] if column.enum else [],
        "references": column.references,
        "verbatim": column.verbatim is not None,
        "pattern": column.pattern,
        "minimum": column.minimum,
        "group": group,
        "part": column.path[-1] if group else None,
        "tool_written": column.name in TOOL_WRITTEN.get(table, ()),
        "help": ATTRIBUTION_HELP if column.name == "attribution" else VERBATIM_HELP if column.verbatim else None,
    }


def form(model: type[Record]) -> dict[str, Any]:
    """The form of one table: its key (prefix and pattern), its fields in column order, its date groups."""
    found = columns(model)
    groups: dict[str, dict[str, Any]] = {}
    for column in found:
        if len(column.path) == 2 and column.path[0] not in groups:
            info = model.model_fields[column.path[0]]
            groups[column.path[0]] = {"name": column.path[0], "description": info.description or "", "help": DATE_HELP}
    prefix = PREFIXES.get(model.table)
    return {
        "table": model.table,
        "title": model.table_title,
        "what": (model.__doc__ or "").strip().split("\n")[0],
        "when": WHEN.get(model.table, ""),
        "key": model.primary_key,
        "prefix": prefix,
        "key_pattern": key_pattern(prefix) if prefix else None,
        "fields": [field(column, model.table) for column in found],
        "groups": list(groups.values()),
        "selectable": model.table in SELECTABLE,
        "order": SELECTABLE.index(model.table) if model.table in SELECTABLE else len(SELECTABLE),
    }


def forms() -> dict[str, dict[str, Any]]:
    """Every table's form, by table name, in the models' order."""
    return {model.table: form(model) for model in MODELS}
