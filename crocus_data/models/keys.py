"""Identifier types: each table's key has a prefix and a pattern, each reference names its table.

Ids are stable and human-readable (``act-shamsidin-fariduni``); the prefix tells which table a
key belongs to, which is what lets the evidence table point at a row of any table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from pydantic import StringConstraints

SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"


@dataclass(frozen=True)
class References:
    """Marks a column as a foreign key to the primary key of ``table``."""

    table: str


def key_pattern(prefix: str) -> str:
    """The regular expression every key of the table with this prefix matches."""
    return rf"^{prefix}-{SLUG}$"


# Prefix of each table's key: one place, used by the models and by the evidence checks.
PREFIXES: dict[str, str] = {
    "sources": "src",
    "incidents": "inc",
    "incident_links": "lnk",
    "actors": "act",
    "actor_claims": "clm",
    "actor_links": "alk",
    "incident_places": "plc",
    "materials": "mat",
    "detentions": "det",
    "treatment_reports": "trt",
    "statements": "stm",
    "figures": "fig",
    "statement_relations": "rel",
    "evidence": "ev",
}

SourceKey = Annotated[str, StringConstraints(pattern=key_pattern("src"))]
IncidentKey = Annotated[str, StringConstraints(pattern=key_pattern("inc"))]
LinkKey = Annotated[str, StringConstraints(pattern=key_pattern("lnk"))]
ActorKey = Annotated[str, StringConstraints(pattern=key_pattern("act"))]
ClaimKey = Annotated[str, StringConstraints(pattern=key_pattern("clm"))]
DetentionKey = Annotated[str, StringConstraints(pattern=key_pattern("det"))]
TreatmentKey = Annotated[str, StringConstraints(pattern=key_pattern("trt"))]
StatementKey = Annotated[str, StringConstraints(pattern=key_pattern("stm"))]
FigureKey = Annotated[str, StringConstraints(pattern=key_pattern("fig"))]
ActorLinkKey = Annotated[str, StringConstraints(pattern=key_pattern("alk"))]
PlaceKey = Annotated[str, StringConstraints(pattern=key_pattern("plc"))]
MaterialKey = Annotated[str, StringConstraints(pattern=key_pattern("mat"))]
RelationKey = Annotated[str, StringConstraints(pattern=key_pattern("rel"))]
EvidenceKey = Annotated[str, StringConstraints(pattern=key_pattern("ev"))]

SourceRef = Annotated[SourceKey, References("sources")]
IncidentRef = Annotated[IncidentKey, References("incidents")]
ActorRef = Annotated[ActorKey, References("actors")]
DetentionRef = Annotated[DetentionKey, References("detentions")]
StatementRef = Annotated[StatementKey, References("statements")]
ClaimRef = Annotated[ClaimKey, References("actor_claims")]
FigureRef = Annotated[FigureKey, References("figures")]
MaterialRef = Annotated[MaterialKey, References("materials")]

# Any key of any table, evidence included: what a tombstone retires, or names as the replacement.
AnyKey = Annotated[str, StringConstraints(pattern=rf"^(?:{'|'.join(PREFIXES.values())})-{SLUG}$")]

# Any record of any table except evidence itself: checked against the prefixes above.
AnyRecordKey = Annotated[
    str,
    StringConstraints(pattern=rf"^(?:{'|'.join(p for t, p in PREFIXES.items() if t != 'evidence')})-{SLUG}$"),
]
