"""Evidence spans: the exact words of a source that support a row of any table."""

from __future__ import annotations

from pydantic import Field

from crocus_data.models.keys import AnyRecordKey, EvidenceKey, SourceRef
from crocus_data.models.record import Record, Text
from crocus_data.models.row_rules import evidence_length_rule, evidence_words_rule


class Evidence(Record):
    """A verbatim span of a source text, at its character offsets, supporting one row."""

    table = "evidence"
    primary_key = "evidence_id"
    table_title = "Evidence spans"
    evidenced = False  # a span is the evidence
    row_rules = (evidence_length_rule(), evidence_words_rule())
    tool_filled = ("start", "end")

    evidence_id: EvidenceKey = Field(description="Stable id of the span.")
    record_id: AnyRecordKey = Field(description="The row it supports; its prefix names the table (act- = actors).")
    source_id: SourceRef = Field(description="The document the words come from.")
    start: int = Field(ge=0, description="Offset of the first character of the quote (Unicode code points, from 0).")
    end: int = Field(ge=1, description="Offset just after the last character: text[start:end] == quote.")
    quote: Text = Field(description="The words exactly as they stand in the document (same Unicode, same quotes).")
