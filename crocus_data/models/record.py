"""The base every table row derives from, and the shared text and date types."""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from crocus_data.models.vocabulary import DateDerivation, DatePrecision

# Text cells are never empty: an empty CSV cell means "absent", so "" cannot also be a value.
Text = Annotated[str, StringConstraints(min_length=1)]


class Record(BaseModel):
    """One row of a table. Subclasses declare ``table`` and their primary-key column."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)

    table: ClassVar[str]
    primary_key: ClassVar[str]
    table_title: ClassVar[str]

    @property
    def key(self) -> str:
        value = getattr(self, self.primary_key)
        assert isinstance(value, str)
        return value


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

    @model_validator(mode="after")
    def _consistent(self) -> DateBounds:
        if self.earliest and self.latest and self.earliest > self.latest:
            raise ValueError(f"earliest {self.earliest} is after latest {self.latest}")
        open_ = self.earliest is None or self.latest is None
        if open_ != (self.precision is DatePrecision.OPEN):
            raise ValueError("precision must be 'open' exactly when a bound is empty")
        if self.precision is DatePrecision.DAY and self.earliest != self.latest:
            raise ValueError("precision 'day' needs earliest == latest")
        if self.derivation is not DateDerivation.STATED and self.note is None:
            raise ValueError(f"derivation '{self.derivation}' needs a note giving the reasoning")
        return self
