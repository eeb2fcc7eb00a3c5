"""The Pydantic models: the single source of truth for every table's columns, types and rules."""

from __future__ import annotations

from crocus_data.models.actors import Actor, ActorClaim
from crocus_data.models.custody import Detention, TreatmentReport
from crocus_data.models.evidence import Evidence
from crocus_data.models.figures import Figure
from crocus_data.models.incidents import Incident, IncidentLink
from crocus_data.models.record import DateBounds, Record
from crocus_data.models.sources import Source
from crocus_data.models.statements import Statement
from crocus_data.models.tombstones import Tombstone

# In dependency order: a table only references tables before it (statements <-> claims aside);
# tombstones come last, as they may name an id of any table.
MODELS: tuple[type[Record], ...] = (
    Source,
    Incident,
    IncidentLink,
    Actor,
    Statement,
    ActorClaim,
    Detention,
    TreatmentReport,
    Figure,
    Evidence,
    Tombstone,
)
MODEL_BY_TABLE: dict[str, type[Record]] = {model.table: model for model in MODELS}

__all__ = [
    "MODELS",
    "MODEL_BY_TABLE",
    "Actor",
    "ActorClaim",
    "DateBounds",
    "Detention",
    "Evidence",
    "Figure",
    "Incident",
    "IncidentLink",
    "Record",
    "Source",
    "Statement",
    "Tombstone",
    "TreatmentReport",
]
