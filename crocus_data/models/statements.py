"""Statements: who said what, relayed by whom, about which incident and whom, and how the document renders it."""

from __future__ import annotations

from pydantic import Field

from crocus_data.models.keys import ActorRef, IncidentRef, StatementKey
from crocus_data.models.record import DateBounds, Record, Text, Worded
from crocus_data.models.row_rules import date_rules, exactly_when, same_answer
from crocus_data.models.vocabulary import Attribution, StatementKind, StatementRendering
from crocus_data.rule_registry import Rule


class Statement(Record):
    """Something an actor said, with who relayed it, when it was said, and how the document renders it."""

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
        same_answer(
            Rule.STATEMENT_RENDERING,
            "rendering",
            "own_voice",
            "attribution",
            "source",
            "rendering is 'own_voice' exactly when attribution is 'source' (the document's own statement)",
        ),
    )

    statement_id: StatementKey = Field(description="Stable id of the statement.")
    attribution: Attribution = Field(
        description="'speaker' when the document names who said it; 'source' for the document's own voice; "
        "'unattributed' when it says neither."
    )
    speaker_actor_id: ActorRef | None = Field(None, description="Who made the statement (layer 1).")
    relay_actor_id: ActorRef | None = Field(
        None, description="Who passed it on, e.g. a news agency (layer 2); empty if the document has it directly."
    )
    kind: StatementKind = Field(description="What sort of statement it is.")
    incident_id: IncidentRef | None = Field(None, description="The incident it is about; empty if none.")
    target_actor_id: ActorRef | None = Field(None, description="Whom it claims, blames, accuses or identifies.")
    summary: Text = Field(description="A neutral paraphrase of what was said; the words themselves are in evidence.")
    rendering: StatementRendering = Field(
        description="How the document renders it: the speaker's words quoted, reported in the document's words, "
        "or characterised by the document (its framing, not the speaker's words)."
    )
    made_in_custody: bool = Field(
        description="True when the statement is read as made while its speaker was held: the document says so, or "
        "the encoder reads it from the text (a detainee's confession to a camera), with the reasoning in the note; "
        "what followed, where reported, is in treatment_reports.after_statement_id."
    )
    setting: Worded | None = Field(None, description="Where or how it was said, as worded; empty if not given.")
    said: DateBounds = Field(description="When it was said (not when the event happened, nor when it was published).")
    note: Text | None = Field(None, description="Anything a reader should know.")
