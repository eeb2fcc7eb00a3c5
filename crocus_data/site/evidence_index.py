"""What the evidence browser's pages look things up in: every record by id, its spans, its page and its words.

The pages are raw HTML inside Markdown (so that MkDocs leaves the highlighted text alone), and MkDocs
rewrites no link in raw HTML: every address here is the one the built site serves, each page under
``evidence/<name>/`` (MkDocs' directory URLs), so one page reaches another as ``../<name>/``.
Every value taken from the data goes through :func:`text` (HTML-escaped) before it reaches a page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from crocus_data.echo import html_attribute
from crocus_data.models import (
    MODELS,
    Actor,
    Detention,
    Evidence,
    Record,
    Source,
    Statement,
    Tombstone,
    TreatmentReport,
)
from crocus_data.models.actors import display_label
from crocus_data.models.vocabulary import Attribution, StatementRendering
from crocus_data.reader.package import Package
from crocus_data.reader.table_data import to_records

# The folder of the browser's pages under docs/, and the tables that get no page of their own: the spans
# are shown on the source pages, and tombstones are the project's bookkeeping, which no source states.
FOLDER = "evidence"
UNLISTED_TABLES = (Evidence.table, Tombstone.table, Source.table)
# Characters of the source shown either side of a quote "in context".
CONTEXT = 90
# What a record is called in a list: the first of these columns it fills, else its id.
LABEL_COLUMNS = ("label", "name", "summary", "wording", "place", "description", "value", "title", "relation")

# Who speaks, when a record names no speaker, by its attribution.
VOICE = {
    Attribution.SOURCE: "the document's own voice",
    Attribution.UNATTRIBUTED: "unattributed (the document does not say who)",
    Attribution.SPEAKER: "a speaker the data does not name",
}


def text(value: object) -> str:
    """A value from the data, safe to put in HTML text or an attribute (``echo.html_attribute``)."""
    return html_attribute(value)


def link(href: str, label: str, *, css: str = "") -> str:
    """A real link (keyboard-reachable); ``href`` and ``label`` must already be safe HTML."""
    attribute = f' class="{css}"' if css else ""
    return f'<a href="{href}"{attribute}>{label}</a>'


@dataclass
class EvidenceIndex:
    """The records of a package, by id, with the evidence spans of each record and of each source."""

    package: Package
    records: dict[str, Record] = field(default_factory=dict)
    table_of: dict[str, str] = field(default_factory=dict)
    by_table: dict[str, list[Record]] = field(default_factory=dict)
    spans_of_record: dict[str, list[Evidence]] = field(default_factory=lambda: defaultdict(list))
    spans_of_source: dict[str, list[Evidence]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def of(cls, package: Package) -> EvidenceIndex:
        index = cls(package)
        for model in MODELS:
            rows = to_records(package.tables[model.table])
            index.by_table[model.table] = rows
            for record in rows:
                index.records[record.key] = record
                index.table_of[record.key] = model.table
                if isinstance(record, Evidence):
                    index.spans_of_record[record.record_id].append(record)
                    index.spans_of_source[record.source_id].append(record)
        return index

    @property
    def sources(self) -> list[Source]:
        return [s for s in self.by_table[Source.table] if isinstance(s, Source)]

    @property
    def record_tables(self) -> list[type[Record]]:
        """The tables with a page of records: every table with rows, but the unlisted ones."""
        return [m for m in MODELS if m.table not in UNLISTED_TABLES and self.by_table[m.table]]

    def source_text(self, source_id: str) -> str:
        return self.package.text(source_id) or ""

    def url(self, record_id: str, prefix: str = "../") -> str:
        """The address of a record's entry: a source's is its own page, a span's is its place in the text."""
        table = self.table_of.get(record_id)
        if table == Source.table:
            return text(f"{prefix}{record_id}/#{record_id}")
        if table == Evidence.table:
            span = self.records[record_id]
            assert isinstance(span, Evidence)
            return text(f"{prefix}{span.source_id}/#{record_id}")
        return text(f"{prefix}{table}/#{record_id}")

    def record_link(self, record_id: str, prefix: str = "../") -> str:
        """A link to a record, labelled with what a reader calls it (its id only when it has no name)."""
        record = self.records.get(record_id)
        label = self.label(record) if record is not None else record_id
        shown = f"<code>{text(record_id)}</code>" if label == record_id else text(label)
        return f'<a href="{self.url(record_id, prefix)}" title="{text(record_id)}">{shown}</a>'

    def label(self, record: Record) -> str:
        """What a reader calls a record: an actor's display label, a document's title and date, else the first
        of :data:`LABEL_COLUMNS` it fills, else its id."""
        if isinstance(record, Actor):
            return self.actor_label(record.actor_id)
        if isinstance(record, Source):
            return source_name(record)
        if isinstance(record, Statement):
            return f"{self.said_by(record)}: {record.summary}"
        if isinstance(record, TreatmentReport):
            return f"{self.actor_label(record.actor_id)}: “{record.description}”"
        if isinstance(record, Detention):
            place = f", {record.place}" if record.place else ""
            # Reported, never stated: the page speaks of people the documents say were held, whose roles are alleged.
            return f"Reported {record.status.value}: {self.actor_label(record.actor_id)}{place}"
        for name in LABEL_COLUMNS:
            value = getattr(record, name, None)
            if value is not None:
                return str(value.value if hasattr(value, "value") else value)
        return record.key

    def actor_label(self, actor_id: str) -> str:
        """How a reader sees the actor named (``models.actors.display_label``: the views and figures use it too)."""
        actor = self.records.get(actor_id)
        if isinstance(actor, Actor):
            return display_label(actor.label, actor.name, actor.description)
        return actor_id

    def speaker(self, statement: Statement) -> str | None:
        """Who a statement is attributed to, as the document reports them: the speaker (and their position), the
        relay, and whether it is read as said in custody (plain text, not escaped); None when no speaker is named."""
        if not statement.speaker_actor_id:
            return None
        words = self.actor_label(statement.speaker_actor_id)
        actor = self.records.get(statement.speaker_actor_id)
        if isinstance(actor, Actor) and actor.position:
            words += f", {actor.position}"
        if statement.relay_actor_id:
            words += f", via {self.actor_label(statement.relay_actor_id)}"
        if statement.made_in_custody:
            words += " (read as said in custody)"
        return words

    def document_names(self, record_id: str) -> str:
        """The documents a record is read in, by what a reader calls them (plain text, not escaped)."""
        names = []
        for source_id in self.documents(record_id):
            source = self.records.get(source_id)
            names.append(source_name(source) if isinstance(source, Source) else source_id)
        return " and ".join(names) or "no document"

    def said_by(self, statement: Statement) -> str:
        """Whose a statement is, short, for a link or a list: its speaker, else the document in its own voice."""
        speaker = self.speaker(statement)
        if speaker and statement.rendering is StatementRendering.CHARACTERISED:
            return f"{speaker}, as the document characterises it"
        if speaker:
            return speaker
        documents = self.document_names(statement.statement_id)
        if statement.attribution == Attribution.SOURCE:
            return f"{documents}, in its own voice"
        return f"{documents}, not saying who"

    def statement_heading(self, statement: Statement) -> str:
        """A statement's heading: who is reported to have said it, and where it is reported (plain text)."""
        documents = self.document_names(statement.statement_id)
        speaker = self.speaker(statement)
        if speaker and statement.rendering is StatementRendering.CHARACTERISED:
            return f"Statement by {speaker}, as characterised by {documents} in its own words"
        if speaker:
            return f"Statement attributed to {speaker}, as reported in {documents}"
        if statement.attribution == Attribution.SOURCE:
            return f"Statement of {documents}, in its own voice"
        return f"Statement reported in {documents}, which does not say who made it"

    def documents(self, record_id: str) -> list[str]:
        """The sources a record's spans come from, in order."""
        return sorted({span.source_id for span in self.spans_of_record.get(record_id, [])})

    def statement_of(self, record: Record) -> Statement | None:
        if isinstance(record, Statement):
            return record
        statement = self.records.get(str(getattr(record, "statement_id", None)))
        return statement if isinstance(statement, Statement) else None

    def in_context(self, span: Evidence, prefix: str = "../") -> str:
        """The quote highlighted in the words around it (cut at spaces), and a link to it in the source page."""
        source = self.source_text(span.source_id)
        before_start = max(0, span.start - CONTEXT)
        after_end = min(len(source), span.end + CONTEXT)
        if before_start > 0 and " " in source[before_start : span.start]:
            before_start = source.index(" ", before_start, span.start) + 1
        if after_end < len(source) and " " in source[span.end : after_end]:
            after_end = source.rindex(" ", span.end, after_end)
        before = ("… " if before_start else "") + source[before_start : span.start]
        after = source[span.end : after_end] + (" …" if after_end < len(source) else "")
        quote = f"<mark>{text(source[span.start : span.end])}</mark>"
        document = self.records.get(span.source_id)
        name = source_name(document) if isinstance(document, Source) else span.source_id
        where = link(
            text(f"{prefix}{span.source_id}/#{span.evidence_id}"),
            f"See it highlighted in <cite>{text(name)}</cite>",
        )
        offsets = f'<span class="offsets">(characters {span.start} to {span.end})</span>'
        return (
            f'<div class="in-context"><p class="words">{text(before)}{quote}{text(after)}</p>'
            f'<p class="where">{where} {offsets}</p></div>'
        )


def _day(value: Any) -> str:
    """A date as a reader writes it: 1 April 2024."""
    return f"{value.day} {value:%B %Y}"


def source_name(source: Source) -> str:
    """What a reader calls a document: its title (else "Untitled report") and when it was published, in words."""
    title = source.title or "Untitled report"
    earliest, latest = source.published.earliest, source.published.latest
    if earliest is None:
        return title if latest is None else f"{title}, {_day(latest)} or earlier"
    if latest == earliest:
        return f"{title}, {_day(earliest)}"
    if latest is None:
        return f"{title}, {_day(earliest)} or later"
    return f"{title}, {_day(earliest)} to {_day(latest)}"


def block(markup: str) -> str:
    """Raw HTML as one line of Markdown: a blank line would end the HTML block, and Markdown would parse the rest.

    Line breaks from the data become character references, which the browser reads as the same line break.
    """
    return markup.replace("\r", "&#13;").replace("\n", "&#10;")


def html_value(value: Any) -> str:
    """A cell as a reader wants it: enums by value, booleans as yes/no, absent as an em dash."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return text(value.value if hasattr(value, "value") else value)


def attribution_chain(index: EvidenceIndex, record: Record) -> str:
    """Speaker → relay → document, as links, for any record."""
    statement = index.statement_of(record)
    attribution = statement.attribution if statement else getattr(record, "attribution", None)
    steps = []
    if statement is not None and statement.speaker_actor_id:
        steps.append(("speaker", index.record_link(statement.speaker_actor_id)))
    elif isinstance(attribution, Attribution):
        steps.append(("voice", text(VOICE[attribution])))
    if statement is not None and statement.relay_actor_id:
        steps.append(("relayed by", index.record_link(statement.relay_actor_id)))
    elif statement is not None:
        steps.append(("relayed by", "no one named: the document names no one between the speaker and itself"))
    if statement is not None and statement is not record:
        steps.append(("in statement", index.record_link(statement.statement_id)))
    documents = ", ".join(index.record_link(source_id) for source_id in index.documents(record.key))
    steps.append(("read in", documents or "—"))
    items = "".join(f'<li><span class="step">{name}</span> {value}</li>' for name, value in steps)
    return f'<ol class="chain" aria-label="attribution chain">{items}</ol>'
