"""Tombstones: ids that were retired, so that a record never vanishes silently and no id is reused."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from crocus_data.models.keys import PREFIXES, AnyKey
from crocus_data.models.record import Record, Text
from crocus_data.models.row_rules import different, prefix_names_table
from crocus_data.rule_registry import Rule

# A release version, MAJOR.MINOR.PATCH, as the package version is written.
VersionText = Annotated[str, StringConstraints(pattern=r"^(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)$")]


class Tombstone(Record):
    """An id that no longer names a row, kept so that it is never used again and a reader can follow it.

    A tombstone is the project's own record of its history, not a claim a source makes, so it has no
    evidence spans; its reason says why the row went, and replaced_by where its content went.
    """

    table = "tombstones"
    primary_key = "retired_id"
    table_title = "Tombstones: retired ids"
    evidenced = False
    row_rules = (
        prefix_names_table(Rule.TOMBSTONE_TABLE, "retired_id", "table_name", PREFIXES),
        different(
            Rule.TOMBSTONE_REPLACED_BY,
            "replaced_by",
            "retired_id",
            "an id is not replaced by itself; name the id that carries the row on, or leave replaced_by empty",
        ),
    )

    retired_id: AnyKey = Field(description="The id retired; no row of any table may use it again.")
    table_name: Text = Field(description="The table the row was in (the one its prefix belongs to).")
    retired_in: VersionText = Field(
        description="The first version without the row; '0.1.0' for rows removed while the first release was "
        "being encoded, which no release ever held."
    )
    reason: Text = Field(description="Why the row was retired (a duplicate, merged into another, withdrawn).")
    replaced_by: AnyKey | None = Field(
        None, description="The id that carries the row on, if one does: a row of some table, or another retired id."
    )
