"""Actors (people, groups, organisations, collectives, states) and what is claimed about them."""

from __future__ import annotations

from pydantic import Field

from crocus_data.models.keys import ActorKey, ActorRef, ClaimKey, IncidentRef, StatementRef
from crocus_data.models.record import Record, Text
from crocus_data.models.row_rules import attribution_rule, exactly_when
from crocus_data.models.vocabulary import ActorAttribute, ActorKind, Attribution, Role
from crocus_data.rule_registry import Rule


class Actor(Record):
    """A person, group, organisation, collective or state the documents speak of, named or not."""

    table = "actors"
    primary_key = "actor_id"
    table_title = "Actors: persons, groups, organisations, collectives and states"

    actor_id: ActorKey = Field(description="Stable id of the actor.")
    actor_kind: ActorKind = Field(description="What sort of actor this is.")
    name: Text | None = Field(None, description="Name as written in the documents; empty for unnamed actors.")
    position: Text | None = Field(None, description="Title or office as written ('President'); empty if none.")
    description: Text = Field(description="Who this is, in the documents' words; identifies unnamed actors.")
    part_of_actor_id: ActorRef | None = Field(
        None, description="The group or collective the documents place this actor in ('one of them')."
    )
    note: Text | None = Field(None, description="Anything a reader should know, e.g. an ambiguity in the text.")


class ActorClaim(Record):
    """An assertion about an actor (nationality, origin, affiliation, role, whereabouts), attributed."""

    table = "actor_claims"
    primary_key = "claim_id"
    table_title = "Claims about actors: nationality, origin, affiliation, role, whereabouts"
    row_rules = (
        exactly_when(Rule.CLAIM_ROLE, "role", "attribute", "role", "set role exactly when attribute is 'role'"),
        attribution_rule(),
    )

    claim_id: ClaimKey = Field(description="Stable id of the claim.")
    actor_id: ActorRef = Field(description="The actor the claim is about.")
    attribute: ActorAttribute = Field(description="What the claim is about.")
    value: Text = Field(description="What is claimed, in the document's words.")
    role: Role | None = Field(None, description="Normalised role; set exactly when attribute is 'role'.")
    incident_id: IncidentRef | None = Field(None, description="The incident a role refers to.")
    related_actor_id: ActorRef | None = Field(None, description="The organisation an affiliation refers to.")
    attribution: Attribution = Field(description="Who asserts the claim: the document, a speaker, or nobody named.")
    statement_id: StatementRef | None = Field(
        None, description="The statement the claim is made in; set exactly when attribution is 'speaker'."
    )
    note: Text | None = Field(None, description="Ambiguities or readings a reader should know about.")
