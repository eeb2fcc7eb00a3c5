"""A record's fields as a reader reads them on the evidence browser's pages: in words, not as a database row.

Each field is named by the first clause of its column's description in the models ("Who was treated so",
"Who is reported to have inflicted it"), never by its column name; a value from a vocabulary is its
words and its definition; a reference is a link labelled with what a reader calls the record (the id
stays in the link's target). An encoder's note may name records by their ids and fields by their column
names: each id becomes a link labelled by the record's name, each column name its field's words. Every
value from the data goes through ``evidence_index.text`` before it reaches a page.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from crocus_data.echo import link_target
from crocus_data.models import MODELS, Record
from crocus_data.models.columns import Column, column_values, columns
from crocus_data.models.vocabulary import DocumentedEnum
from crocus_data.site.evidence_index import EvidenceIndex, html_value, link, text

# Where a column's description stops being a name for it: a clause on when it is empty, an example, a second
# sentence.
_CLAUSE_END = re.compile(r"; | \(|\. |, empty |, e\.g\. ")


def _clause(sentence: str) -> str:
    return _CLAUSE_END.split(sentence.strip(), maxsplit=1)[0].rstrip(".").strip()


def field_label(column: Column) -> str:
    """A column as a reader names it, from its description: "Who was treated so"; a date's bound as
    "When the detention began: first day it can have happened on"."""
    description = column.description
    if len(column.path) > 1 and ". " in description:  # a nested field: its parent's sentence, then its own
        parent, own = description.split(". ", 1)
        words = f"{_clause(parent)}: {_clause(own)[:1].lower()}{_clause(own)[1:]}"
    else:
        words = _clause(description)
    if not words or words.startswith("'"):  # a description that opens with a value ('speaker' when …)
        words = column.name.replace("_", " ")
    return words[:1].upper() + words[1:]


@cache
def _labels_by_column() -> dict[str, str]:
    """Every column name of every table with its reader's words (the first table's, where two share a name)."""
    labels: dict[str, str] = {}
    for model in MODELS:
        for column in columns(model):
            labels.setdefault(column.name, field_label(column))
    return labels


def enum_words(index: EvidenceIndex, value: DocumentedEnum) -> str:
    """A vocabulary value as words, with its definition (HTML; a column it names, in its field's words)."""
    definition = note_html(index, value.definition)
    return f'{text(value.value.replace("_", " "))} <span class="definition">— {definition}</span>'


@lru_cache(maxsize=8)  # a build renders one package; the tests' generated packages come and go
def _names_pattern(record_ids: frozenset[str]) -> re.Pattern[str] | None:
    """What a note may name: a record id, or a column name with an underscore (longest first); compiled once
    per set of records, not once per note."""
    names = sorted({*record_ids, *(n for n in _labels_by_column() if "_" in n)}, key=len, reverse=True)
    if not names:
        return None
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")


def note_html(index: EvidenceIndex, note: str, prefix: str = "../") -> str:
    """An encoder's note in words (HTML): each record id it names a link labelled by the record's name, each
    column name (with an underscore, so never a plain word) the words of its field."""
    pattern = _names_pattern(frozenset(index.records))
    if pattern is None:
        return text(note)
    parts, last = [], 0
    for found in pattern.finditer(note):
        parts.append(text(note[last : found.start()]))
        name = found.group(1)
        if name in index.records:
            parts.append(index.record_link(name, prefix))
        else:
            parts.append(f"“{text(_labels_by_column()[name])}”")
        last = found.end()
    parts.append(text(note[last:]))
    return "".join(parts)


def _value(index: EvidenceIndex, column: Column, value: object) -> str:
    if column.references:
        return index.record_link(str(value))
    if isinstance(value, DocumentedEnum):
        return enum_words(index, value)
    if column.name == "note" or column.name.endswith("_note"):
        return note_html(index, str(value))
    cell = html_value(value)
    if column.name == "url" and (target := link_target(str(value))) is not None:
        cell = link(text(target), cell)  # a link only to http(s): never javascript: or data:
    return cell


def fields_html(index: EvidenceIndex, record: Record) -> str:
    """The filled fields as a table of words; the fields left empty named after it, so a long record stays short."""
    rows, empty = [], []
    for column, value in zip(columns(type(record)), column_values(record), strict=True):
        if column.name == record.primary_key:
            continue
        label = text(field_label(column))
        if value is None:
            empty.append(label[:1].lower() + label[1:])
            continue
        rows.append(f'<tr><th scope="row">{label}</th><td>{_value(index, column, value)}</td></tr>')
    absent = f'<p class="empty">Not given for this record: {"; ".join(empty)}.</p>' if empty else ""
    return f'<table class="fields">{"".join(rows)}</table>{absent}'
