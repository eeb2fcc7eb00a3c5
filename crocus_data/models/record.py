"""The base every table row derives from, and the shared text and date types."""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from crocus_data.kinds import plain_arrow_type
from crocus_data.models.columns import Verbatim, column_values, columns
from crocus_data.models.row_rules import RowRule, failing_rows
from crocus_data.models.vocabulary import DateDerivation, DatePrecision

# Text cells are never empty: an empty CSV cell means "absent", so "" cannot also be a value.
Text = Annotated[str, StringConstraints(min_length=1)]
# Text that is the document's own words: each cell must stand in one of its row's evidence quotes.
Worded = Annotated[Text, Verbatim()]


class Record(BaseModel):
    """One row of a table. Subclasses declare ``table`` and their primary-key column."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)

    table: ClassVar[str]
    primary_key: ClassVar[str]
    table_title: ClassVar[str]
    row_rules: ClassVar[tuple[RowRule, ...]] = ()
    # Whether each row is read from a source and so must be backed by evidence spans (principle 3).
    # False only for the evidence spans themselves and for the project's own bookkeeping (tombstones),
    # which no source states: the evidence checks read this flag, never a table name.
    evidenced: ClassVar[bool] = True
    # Required columns a tool fills (evidence offsets, by `crocus-data fill-offsets`): an empty cell is
    # reported by the check that can also say what the tool would write there.
    tool_filled: ClassVar[tuple[str, ...]] = ()

    @property
    def key(self) -> str:
        value = getattr(self, self.primary_key)
        assert isinstance(value, str)
        return value

    @model_validator(mode="after")
    def _row_rules_hold(self) -> Record:
        """Evaluate the table's row rules on this one row, exactly as the bulk validator does."""
        if not self.row_rules:
            return self
        import pyarrow as pa

        row = pa.table(
            {
                column.name: pa.array(
                    [value.value if hasattr(value, "value") else value], plain_arrow_type(column.kind)
                )
                for column, value in zip(columns(type(self)), column_values(self), strict=True)
            }
        )
        for rule, _ in failing_rows(self.row_rules, row):
            raise PydanticCustomError(rule.rule, rule.message, {"column": rule.columns[0]})
        return self


class DateBounds(BaseModel):
    """A date as an interval: the event happened on some day between earliest and latest.

    Flattened into ``<name>_earliest``, ``<name>_latest``, ``<name>_precision``,
    ``<name>_derivation`` and ``<name>_note`` columns.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    earliest: date | None = Field(None, description="First day it can have happened on (inclusive); empty if unknown.")
    latest: date | None = Field(None, description="Last day it can have happened on (inclusive); empty if unknown.")
    precision: DatePrecision = Field(description="How wide the interval is and why.")
    derivation: DateDerivation = Field(description="How the bounds were obtained from the text.")
    note: Text | None = Field(
        None, description="The reasoning behind the bounds, in words; required unless the date is stated in full."
    )
