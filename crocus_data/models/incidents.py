"""Incidents (the events reported), the places named for them, and the links the documents draw between them."""

from __future__ import annotations

from pydantic import Field

from crocus_data.models.keys import IncidentKey, IncidentRef, LinkKey, PlaceKey, StatementRef
from crocus_data.models.record import DateBounds, Record, Text, Worded
from crocus_data.models.row_rules import attribution_rule, date_rules, different
from crocus_data.models.vocabulary import Attribution, IncidentRelation, IncidentType
from crocus_data.rule_registry import Rule


class Incident(Record):
    """An event the documents report, with when it happened; where is in incident_places."""

    table = "incidents"
    primary_key = "incident_id"
    table_title = "Incidents"
    row_rules = date_rules("date")

    incident_id: IncidentKey = Field(description="Stable id of the incident.")
    name: Text = Field(description="Short neutral label, taken from the documents' wording.")
    incident_type: IncidentType = Field(description="What kind of incident it is.")
    date: DateBounds = Field(description="When it happened.")
    time_of_day: Worded | None = Field(None, description="Time of day as worded ('evening'); empty if not given.")
    note: Text | None = Field(None, description="Anything a reader should know.")


class IncidentLink(Record):
    """A relation a document draws between two incidents, and only what it says."""

    table = "incident_links"
    primary_key = "link_id"
    table_title = "Links between incidents"
    row_rules = (
        different(
            Rule.LINK_SELF_LOOP,
            "related_incident_id",
            "incident_id",
            "a link relates two different incidents; point related_incident_id at the other one",
        ),
    )

    link_id: LinkKey = Field(description="Stable id of the link.")
    incident_id: IncidentRef = Field(description="The incident the document describes.")
    related_incident_id: IncidentRef = Field(description="The incident it is related to.")
    relation: IncidentRelation = Field(description="How the document relates the two.")
    note: Text | None = Field(None, description="What the link does and does not say.")


class IncidentPlace(Record):
    """A place a document names for an incident, in its words, attributed: one row per wording."""

    table = "incident_places"
    primary_key = "place_id"
    table_title = "Places named for incidents"
    row_rules = (attribution_rule(),)

    place_id: PlaceKey = Field(description="Stable id of the place as named.")
    incident_id: IncidentRef = Field(description="The incident it is named for.")
    place: Worded = Field(description="The place, in the document's exact words ('detention center number 1').")
    attribution: Attribution = Field(description="Who names the place: the document, a speaker, or nobody named.")
    statement_id: StatementRef | None = Field(
        None, description="The statement it is named in; set exactly when attribution is 'speaker'."
    )
    note: Text | None = Field(None, description="How this wording relates to the others for the incident.")
