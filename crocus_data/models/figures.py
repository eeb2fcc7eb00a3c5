"""Figures the documents give (casualties, hostages, arrests): one row per assertion."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from crocus_data.models.columns import Verbatim
from crocus_data.models.keys import ActorRef, FigureKey, FigureRef, IncidentRef, StatementRef
from crocus_data.models.record import Record, Text
from crocus_data.models.row_rules import attribution_rule, figure_rules
from crocus_data.models.vocabulary import Attribution, Measure, Qualifier, Unit
from crocus_data.rule_registry import Rule

WITHOUT_NUMBER = (Qualifier.VAGUE.value, Qualifier.UNQUANTIFIED.value, Qualifier.UNCLEAR.value)
# Qualifiers of one number, which an alternative reading may swap for one another.
ONE_NUMBER = (Qualifier.BARE.value, Qualifier.AT_LEAST.value, Qualifier.AT_MOST.value, Qualifier.APPROXIMATELY.value)


class Figure(Record):
    """A number a document gives (killed, injured, hostages, arrests), one row per assertion."""

    table = "figures"
    primary_key = "figure_id"
    table_title = "Figures"
    row_rules = (*figure_rules(WITHOUT_NUMBER, ONE_NUMBER), attribution_rule())

    figure_id: FigureKey = Field(description="Stable id of the figure.")
    incident_id: IncidentRef = Field(description="The incident the figure is about.")
    measure: Measure = Field(description="What is counted.")
    unit: Unit = Field(description="Unit of value, value_low and value_high.")
    value: int | None = Field(None, ge=0, description="The number given; empty when the text gives none.")
    value_low: int | None = Field(None, ge=0, description="Lower end of a range the text gives.")
    value_high: int | None = Field(None, ge=0, description="Upper end of a range the text gives.")
    value_derived: bool = Field(
        description="True when the text writes no number and value follows from its words (see the note): "
        "'freed without injury' gives 0 injured. False when the number is written."
    )
    qualifier: Qualifier = Field(description="How the text qualifies the number.")
    alternative_qualifier: Qualifier | None = Field(
        None,
        description="Another qualifier the wording allows, where it is ambiguous ('at least 144 deaths and 360 "
        "injuries': 'at least' may govern 360 too). The estimate rule takes both readings.",
    )
    out_of_figure_id: FigureRef | None = Field(
        None,
        description="The figure giving the whole this count is out of ('how many of the six hostage-takers'): "
        "it bounds an unclear count.",
    )
    wording: Annotated[Text, Verbatim(Rule.EVIDENCE_WORDING)] = Field(
        description="The words that carry the figure ('at least 144', 'a handful')."
    )
    actor_id: ActorRef | None = Field(None, description="The group counted, where the text names one.")
    attribution: Attribution = Field(description="Who asserts it.")
    statement_id: StatementRef | None = Field(None, description="The statement it is asserted in, if any.")
    note: Text | None = Field(None, description="Anything a reader should know.")
