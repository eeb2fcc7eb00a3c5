"""Detentions and the treatment in custody that the documents report."""

from __future__ import annotations

from pydantic import Field

from crocus_data.models.keys import (
    ActorRef,
    DetentionKey,
    DetentionRef,
    IncidentRef,
    MaterialRef,
    StatementRef,
    TreatmentKey,
)
from crocus_data.models.record import DateBounds, Record, Text, Worded
from crocus_data.models.row_rules import attribution_rule, date_rules
from crocus_data.models.vocabulary import Attribution, DetentionStatus, Treatment


class Detention(Record):
    """A detention or arrest the documents report, with place, date and charges as worded."""

    table = "detentions"
    primary_key = "detention_id"
    table_title = "Detentions and arrests"
    row_rules = (*date_rules("detained"), attribution_rule())

    detention_id: DetentionKey = Field(description="Stable id of the detention.")
    actor_id: ActorRef = Field(description="Who was detained (a person or a group).")
    incident_id: IncidentRef | None = Field(
        None, description="The incident the detention is reported in connection with; empty if the text gives none."
    )
    status: DetentionStatus = Field(description="How the text words it.")
    place: Worded | None = Field(None, description="Where, in the document's words; empty if not given.")
    detained: DateBounds = Field(description="When the detention began.")
    charges: Worded | None = Field(None, description="Charges as worded; empty if none are reported.")
    attribution: Attribution = Field(description="Who asserts it.")
    statement_id: StatementRef | None = Field(None, description="The statement it is asserted in, if any.")
    note: Text | None = Field(None, description="Anything a reader should know.")


class TreatmentReport(Record):
    """Treatment in custody (torture, injuries, coercion) as a document reports it, attributed.

    Who inflicted it and the material it is seen in are named only where the text names them; the
    statement it followed ('electrocuted after having confessed') is linked where the text says so.
    """

    table = "treatment_reports"
    primary_key = "treatment_id"
    table_title = "Reported treatment in custody"
    row_rules = (attribution_rule(),)

    treatment_id: TreatmentKey = Field(description="Stable id of the report.")
    actor_id: ActorRef = Field(description="Who was treated so.")
    detention_id: DetentionRef | None = Field(None, description="The detention it happened in, where known.")
    treatment: Treatment = Field(description="What kind of treatment is reported.")
    description: Worded = Field(description="What is reported, in the document's exact words.")
    inflicted_by_actor_id: ActorRef | None = Field(
        None, description="Who is reported to have inflicted it; empty if the text does not say."
    )
    material_id: MaterialRef | None = Field(
        None,
        description="The material it is reported as seen in ('videos', 'footage from the courtroom'); who published "
        "that material is on its row.",
    )
    timing: Worded | None = Field(None, description="When, as worded ('during detention'); empty if not given.")
    after_statement_id: StatementRef | None = Field(
        None, description="The statement it is reported to have followed ('electrocuted after having confessed')."
    )
    attribution: Attribution = Field(description="Who asserts it.")
    statement_id: StatementRef | None = Field(None, description="The statement it is asserted in, if any.")
    note: Text | None = Field(None, description="Anything a reader should know.")
