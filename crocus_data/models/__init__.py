"""The Pydantic models: the single source of truth for every table's columns, types and rules."""

from __future__ import annotations

from crocus_data.models.actors import Actor, ActorClaim, ActorLink
from crocus_data.models.custody import Detention, TreatmentReport
from crocus_data.models.evidence import Evidence
from crocus_data.models.figures import Figure
from crocus_data.models.incidents import Incident, IncidentLink, IncidentPlace
from crocus_data.models.materials import Material
from crocus_data.models.record import DateBounds, Record
from crocus_data.models.relations import StatementRelation
from crocus_data.models.sources import Source
from crocus_data.models.statements import Statement
from crocus_data.models.tombstones import Tombstone

# In dependency order: a table only references tables before it (statements <-> claims aside, and
# figures other figures); tombstones come last, as they may name an id of any table.
MODELS: tuple[type[Record], ...] = (
    Source,
    Incident,
    IncidentLink,
    Actor,
    Statement,
    IncidentPlace,
    ActorClaim,
    ActorLink,
    Material,
    Detention,
    TreatmentReport,
    Figure,
    StatementRelation,
    Evidence,
    Tombstone,
)
MODEL_BY_TABLE: dict[str, type[Record]] = {model.table: model for model in MODELS}

__all__ = [
    "MODELS",
    "MODEL_BY_TABLE",
    "Actor",
    "ActorClaim",
    "ActorLink",
    "DateBounds",
    "Detention",
    "Evidence",
    "Figure",
    "Incident",
    "IncidentLink",
    "IncidentPlace",
    "Material",
    "Record",
    "Source",
    "Statement",
    "StatementRelation",
    "Tombstone",
    "TreatmentReport",
]
