"""Material: pictures and videos the documents say were published, circulated or shown."""

from __future__ import annotations

from pydantic import Field

from crocus_data.models.keys import ActorRef, IncidentRef, MaterialKey, StatementRef
from crocus_data.models.record import Record, Text, Worded
from crocus_data.models.row_rules import attribution_rule
from crocus_data.models.vocabulary import Attribution, MaterialKind


class Material(Record):
    """Pictures or videos a document reports ('videos', 'the mugshots', 'footage from the courtroom').

    Material is not a statement: it is what a denial can dismiss and what a treatment report can be
    seen in, with who published it and whom it shows, where the text says.
    """

    table = "materials"
    primary_key = "material_id"
    table_title = "Material: pictures and videos"
    row_rules = (attribution_rule(),)

    material_id: MaterialKey = Field(description="Stable id of the material.")
    material_kind: MaterialKind = Field(description="What sort of material it is.")
    description: Worded = Field(description="The material, in the document's exact words ('The mugshots').")
    circulation: Worded | None = Field(
        None, description="How it was made public, in the document's words ('circulated online'); empty if not said."
    )
    publisher_actor_id: ActorRef | None = Field(
        None, description="Who is reported to have published it; empty if the text does not say."
    )
    depicts_actor_id: ActorRef | None = Field(None, description="Whom it is reported to show.")
    incident_id: IncidentRef | None = Field(None, description="The incident it is reported in connection with.")
    attribution: Attribution = Field(description="Who reports the material: the document, a speaker, or nobody named.")
    statement_id: StatementRef | None = Field(
        None, description="The statement it is reported in; set exactly when attribution is 'speaker'."
    )
    note: Text | None = Field(None, description="Anything a reader should know.")
