"""Figures the documents give (casualties, hostages, arrests): one row per assertion."""

from __future__ import annotations

from pydantic import Field, model_validator

from crocus_data.models.keys import ActorRef, FigureKey, IncidentRef, StatementRef
from crocus_data.models.record import Record, Text
from crocus_data.models.vocabulary import Attribution, Measure, Qualifier, Unit

WITHOUT_NUMBER = {Qualifier.VAGUE, Qualifier.UNQUANTIFIED, Qualifier.UNCLEAR}


class Figure(Record):
    """A number a document gives (killed, injured, hostages, arrests), one row per assertion."""

    table = "figures"
    primary_key = "figure_id"
    table_title = "Figures"

    figure_id: FigureKey = Field(description="Stable id of the figure.")
    incident_id: IncidentRef = Field(description="The incident the figure is about.")
    measure: Measure = Field(description="What is counted.")
    unit: Unit = Field(description="Unit of value, value_low and value_high.")
    value: int | None = Field(None, ge=0, description="The number given; empty when the text gives none.")
    value_low: int | None = Field(None, ge=0, description="Lower end of a range the text gives.")
    value_high: int | None = Field(None, ge=0, description="Upper end of a range the text gives.")
    qualifier: Qualifier = Field(description="How the text qualifies the number.")
    wording: Text = Field(description="The words that carry the figure ('at least 144', 'a handful').")
    actor_id: ActorRef | None = Field(None, description="The group counted, where the text names one.")
    attribution: Attribution = Field(description="Who asserts it.")
    statement_id: StatementRef | None = Field(None, description="The statement it is asserted in, if any.")
    note: Text | None = Field(None, description="Anything a reader should know.")

    @model_validator(mode="after")
    def _value_matches_qualifier(self) -> Figure:
        if self.qualifier in WITHOUT_NUMBER and self.value is not None:
            raise ValueError(f"qualifier '{self.qualifier}' means no number: leave value empty")
        if self.qualifier not in WITHOUT_NUMBER | {Qualifier.RANGE} and self.value is None:
            raise ValueError(f"qualifier '{self.qualifier}' needs a value")
        if (self.qualifier is Qualifier.RANGE) != (self.value_low is not None and self.value_high is not None):
            raise ValueError("value_low and value_high are set exactly when qualifier is 'range'")
        for low, high in (
            (self.value_low, self.value),
            (self.value, self.value_high),
            (self.value_low, self.value_high),
        ):
            if low is not None and high is not None and low > high:
                raise ValueError(f"value_low <= value <= value_high does not hold ({low} > {high})")
        return self
