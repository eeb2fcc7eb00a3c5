"""Figures the documents give (casualties, hostages, arrests): one row per assertion."""

from __future__ import annotations

from pydantic import Field

from crocus_data.models.keys import ActorRef, FigureKey, IncidentRef, StatementRef
from crocus_data.models.record import Record, Text
from crocus_data.models.row_rules import attribution_rule, figure_rules
from crocus_data.models.vocabulary import Attribution, Measure, Qualifier, Unit

WITHOUT_NUMBER = (Qualifier.VAGUE.value, Qualifier.UNQUANTIFIED.value, Qualifier.UNCLEAR.value)


class Figure(Record):
    """A number a document gives (killed, injured, hostages, arrests), one row per assertion."""

    table = "figures"
    primary_key = "figure_id"
    table_title = "Figures"
    row_rules = (*figure_rules(WITHOUT_NUMBER), attribution_rule())

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
