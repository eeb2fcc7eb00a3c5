"""Relations between statements, and between a statement and a claim, figure or material it answers."""

from __future__ import annotations

from pydantic import Field

from crocus_data.models.keys import ClaimRef, FigureRef, MaterialRef, RelationKey, StatementRef
from crocus_data.models.record import Record, Text
from crocus_data.models.row_rules import attribution_rule, different, exactly_one
from crocus_data.models.vocabulary import Attribution, RelationKind
from crocus_data.rule_registry import Rule

TARGETS = ("to_statement_id", "to_claim_id", "to_figure_id", "to_material_id")


class StatementRelation(Record):
    """A relation the text draws from one statement to another, or to a claim, figure or material.

    Claims answer claims: a denial points at what it denies, a later account at the earlier one it
    follows. Each relation is attributed and evidenced like any row; none is inferred from dates.
    """

    table = "statement_relations"
    primary_key = "relation_id"
    table_title = "Relations between statements"
    row_rules = (
        exactly_one(Rule.RELATION_TARGET, TARGETS, "fill exactly one of " + ", ".join(TARGETS)),
        different(
            Rule.LINK_SELF_LOOP,
            "to_statement_id",
            "from_statement_id",
            "a relation relates two different statements; point to_statement_id at the other one",
        ),
        attribution_rule(),
    )

    relation_id: RelationKey = Field(description="Stable id of the relation.")
    from_statement_id: StatementRef = Field(
        description="The statement that responds, denies, repeats, corrects, precedes or is set against "
        "(contrasts_with)."
    )
    relation: RelationKind = Field(description="How the text relates it to its target.")
    to_statement_id: StatementRef | None = Field(None, description="The target, when it is a statement.")
    to_claim_id: ClaimRef | None = Field(None, description="The target, when it is a claim about an actor.")
    to_figure_id: FigureRef | None = Field(None, description="The target, when it is a figure.")
    to_material_id: MaterialRef | None = Field(
        None, description="The target, when it is material (pictures, videos) rather than something said."
    )
    attribution: Attribution = Field(description="Who draws the relation: the document, a speaker, or nobody named.")
    statement_id: StatementRef | None = Field(
        None, description="The statement the relation is drawn in; set exactly when attribution is 'speaker'."
    )
    note: Text | None = Field(None, description="What the text does and does not say about the relation.")
