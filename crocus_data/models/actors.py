"""Actors (people, groups, organisations, collectives, states), what is claimed about them, and how they may
be linked."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from crocus_data.models.columns import Verbatim
from crocus_data.models.keys import ActorKey, ActorLinkKey, ActorRef, ClaimKey, IncidentRef, StatementRef
from crocus_data.models.record import Record, Text, Worded
from crocus_data.models.row_rules import attribution_rule, different, exactly_when
from crocus_data.models.vocabulary import ActorAttribute, ActorKind, ActorRelation, Attribution, Role
from crocus_data.rule_registry import Rule


class Actor(Record):
    """A person, group, organisation, collective or state the documents speak of, named or not."""

    table = "actors"
    primary_key = "actor_id"
    table_title = "Actors: persons, groups, organisations, collectives and states"

    actor_id: ActorKey = Field(description="Stable id of the actor.")
    actor_kind: ActorKind = Field(description="What sort of actor this is.")
    name: Annotated[Text, Verbatim(Rule.EVIDENCE_NAME)] | None = Field(
        None, description="Name as written in the documents; empty for unnamed actors."
    )
    label: Worded = Field(
        description="How to call the actor where a reader looks (a list, a chart, a query's result), in the "
        "documents' own words: its name when it has one, else the shortest phrase the documents use for it "
        "('Russian media', 'One of them'). Never an id; the description says more."
    )
    position: Worded | None = Field(None, description="Title or office as written ('President'); empty if none.")
    description: Text = Field(description="Who this is, in the documents' words; identifies unnamed actors.")
    part_of_actor_id: ActorRef | None = Field(
        None,
        description="The group or collective the documents place this actor in, in so many words ('including "
        "President Vladimir Putin', 'among those holding the guards'). What is claimed of the group is not "
        "thereby claimed of its members; uncertain membership is an actor link, not this.",
    )
    note: Text | None = Field(None, description="Anything a reader should know, e.g. an ambiguity in the text.")


def display_label(label: str | None, name: str | None, description: str) -> str:
    """How to call an actor where a reader looks: its ``label``, the one definition the views, the figures and
    the site pages share. A release before 0.3.0 has no label: then its name, else its description."""
    return label or name or description


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
    value: Worded = Field(description="What is claimed, in the document's words.")
    role: Role | None = Field(None, description="Normalised role; set exactly when attribute is 'role'.")
    incident_id: IncidentRef | None = Field(None, description="The incident a role refers to.")
    related_actor_id: ActorRef | None = Field(None, description="The organisation an affiliation refers to.")
    attribution: Attribution = Field(description="Who asserts the claim: the document, a speaker, or nobody named.")
    statement_id: StatementRef | None = Field(
        None, description="The statement the claim is made in; set exactly when attribution is 'speaker'."
    )
    note: Text | None = Field(None, description="Ambiguities or readings a reader should know about.")


class ActorLink(Record):
    """An uncertain or alleged link between two actors: the same people, or members of a group, perhaps.

    Where the text says no more than that a link is possible or alleged, the actors stay two rows and
    this table says how they may relate; ``actors.part_of_actor_id`` is kept for what the text states.
    """

    table = "actor_links"
    primary_key = "actor_link_id"
    table_title = "Uncertain and alleged links between actors"
    row_rules = (
        different(
            Rule.LINK_SELF_LOOP,
            "related_actor_id",
            "actor_id",
            "a link relates two different actors; point related_actor_id at the other one",
        ),
        attribution_rule(),
    )

    actor_link_id: ActorLinkKey = Field(description="Stable id of the link.")
    actor_id: ActorRef = Field(description="The actor the link is about.")
    relation: ActorRelation = Field(description="How it may relate to the other actor.")
    related_actor_id: ActorRef = Field(description="The other actor (the group, or the possibly same actor).")
    attribution: Attribution = Field(
        description="Who asserts the link: the document (including what its own words allow), a speaker, or nobody "
        "named ('were identified as')."
    )
    statement_id: StatementRef | None = Field(
        None, description="The statement the link is asserted in; set exactly when attribution is 'speaker'."
    )
    note: Text | None = Field(None, description="The words the link rests on, and the other readings.")
