"""Which columns the checks across tables read: everything else can be let go once its cells are checked.

A million-row contribution holds hundreds of megabytes of free text (summaries, notes) that no check
across tables reads; dropping it after the cell checks keeps validation within its memory bound.
"""

from __future__ import annotations

from crocus_data.models import MODELS
from crocus_data.models.columns import Column, columns
from crocus_data.models.record import Record

# The date each dated table is checked on (against publication dates and incidents).
DATE_FIELDS = {"incidents": "date", "statements": "said", "detentions": "detained"}
# Cells that must stand verbatim in one of the row's evidence quotes (a name, a wording, a place ...):
# the columns the models mark Verbatim, each with the rule that checks it.
VERBATIM_CELLS: dict[str, list[Column]] = {model.table: [c for c in columns(model) if c.verbatim] for model in MODELS}
# Other columns a check across tables reads (besides keys, references, dates and verbatim cells).
READ_BY_CHECKS = {
    "figures": {"unit", "value", "value_low", "value_high", "value_derived"},  # check_figure_totals, own_words
    "statements": {"made_in_custody"},  # check_custody, check_custody_dates
    "statement_relations": {"relation"},  # check_relations
}
# Small tables the checks read whole (row by row).
WHOLE_TABLES = {"sources", "tombstones"}
EVIDENCE_COLUMNS = ("evidence_id", "record_id", "source_id", "start", "end", "quote")


def needed_columns(model: type[Record]) -> list[str]:
    """The columns of ``model``'s table that some check across tables reads, in table order."""
    if model.table in WHOLE_TABLES:
        return [column.name for column in columns(model)]
    needed = {model.primary_key}
    needed |= {column.name for column in columns(model) if column.references}
    if model.table in DATE_FIELDS:  # the bounds, and how they were read (checks.own_words)
        needed |= {f"{DATE_FIELDS[model.table]}_{part}" for part in ("earliest", "latest", "precision", "derivation")}
    needed |= {column.name for column in VERBATIM_CELLS.get(model.table, [])}
    needed |= READ_BY_CHECKS.get(model.table, set())
    if model.table == "evidence":
        needed |= set(EVIDENCE_COLUMNS)
    return [column.name for column in columns(model) if column.name in needed]
