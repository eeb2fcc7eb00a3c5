"""Statements: who said what, relayed by whom, about which incident and whom."""

from __future__ import annotations

from pydantic import Field

from crocus_data.models.keys import ActorRef, IncidentRef, StatementKey
from crocus_data.models.record import DateBounds, Record, Text
from crocus_data.models.row_rules import date_rules, exactly_when
from crocus_data.models.vocabulary import Attribution, StatementKind
from crocus_data.rule_registry import Rule


class Statement(Record):
    """Something an actor said, with who relayed it and when it was said."""

    table = "statements"
    primary_key = "statement_id"
    table_title = "Statements"
    row_rules = (
        *date_rules("said"),
        exactly_when(
            Rule.STATEMENT_SPEAKER,
            "speaker_actor_id",
            "attribution",
            "speaker",
            "set speaker_actor_id exactly when attribution is 'speaker'",
        ),
    )

    statement_id: StatementKey = Field(description="Stable id of the statement.")
    attribution: Attribution = Field(
        description="'speaker' when the document names who said it; 'source' for the document's own voice; "
        "'unattributed' when it says neither (mugshots that 'circulated online')."
    )
    speaker_actor_id: ActorRef | None = Field(None, description="Who made the statement (layer 1).")
    relay_actor_id: ActorRef | None = Field(
        None, description="Who passed it on, e.g. a news agency (layer 2); empty if the document has it directly."
    )
    kind: StatementKind = Field(description="What sort of statement it is.")
    incident_id: IncidentRef | None = Field(None, description="The incident it is about; empty if none.")
    target_actor_id: ActorRef | None = Field(None, description="Whom it claims, blames, accuses or identifies.")
    summary: Text = Field(description="A neutral paraphrase of what was said; the words themselves are in evidence.")
    direct_quote: bool = Field(description="True when the document quotes the words in quotation marks.")
    setting: Text | None = Field(None, description="Where or how it was said, as worded; empty if not given.")
    said: DateBounds = Field(description="When it was said (not when the event happened, nor when it was published).")
    note: Text | None = Field(None, description="Anything a reader should know.")
