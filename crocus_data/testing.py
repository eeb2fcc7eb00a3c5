"""Hypothesis strategies for crocus-data: valid records and whole valid packages.

For downstream users who test code that consumes the dataset, and for this project's property
tests. Hypothesis is an optional dependency (the ``test`` extra); importing this module without it
raises ImportError with a hint.

>>> from hypothesis import given
>>> from crocus_data.testing import packages
>>> @given(packages())
... def test_my_analysis(package): ...

A generated package is internally consistent the way the validator demands: keys unique and
references resolving, every row backed by evidence that stands verbatim in a generated source
text, date bounds ordered, nothing dated after the documents that report it, statements and
detentions not before their incident, every sentence of a text backed by evidence or explained by a
coverage note. It includes awkward but legal values: non-ASCII and
curly-quoted text, multi-line quotes, empty optional fields, open date bounds and long quotes.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - exercised only without the test extra
    raise ImportError("crocus_data.testing needs hypothesis: pip install 'crocus-data[test]'") from exc

from crocus_data.models import MODEL_BY_TABLE, MODELS, Record, Source
from crocus_data.models.figures import WITHOUT_NUMBER
from crocus_data.models.vocabulary import (
    ActorAttribute,
    ActorKind,
    DetentionStatus,
    IncidentRelation,
    IncidentType,
    Measure,
    Qualifier,
    Role,
    StatementKind,
    Treatment,
    Unit,
)

# Letters (Latin, Cyrillic, Greek, CJK...), digits, curly and straight quotes, punctuation that is
# not a spreadsheet formula sign, spaces and line breaks: every character a news text may hold
# that the validator accepts in a cell (no combining marks, so every slice of a text stays NFC).
_ALPHABET = st.one_of(
    st.characters(categories=("Lu", "Ll", "Nd"), max_codepoint=0x4FFF),
    st.sampled_from(list(" \u2019\u2018\u201c\u201d\"'.,;:()!?/%&\n\u2014")),
)
_WORDS = st.text(_ALPHABET, min_size=1, max_size=40).map(lambda t: unicodedata.normalize("NFC", t))


def _cell(text: str) -> str:
    """Make generated text a legal cell: NFC and not starting with a formula sign."""
    text = unicodedata.normalize("NFC", text)
    return text if text and text[0] not in "=+-@" else f"x{text}"


TEXT = _WORDS.map(_cell)
OPTIONAL_TEXT = st.none() | TEXT
BASE_DATE = date(2024, 3, 22)


@dataclass
class Package:
    """A generated package: records by table and source texts by source id."""

    records: dict[str, list[Record]] = field(default_factory=dict)
    texts: dict[str, bytes] = field(default_factory=dict)
    # Coverage notes (source_id, sentence, reason): one for each sentence no evidence span falls in.
    notes: list[tuple[str, str, str]] = field(default_factory=list)

    def write(self, directory: Path) -> Path:
        """Write the hand-encoded layout, the coverage notes and a CSV-only descriptor; return the descriptor's path."""
        from crocus_data.checks.coverage import NOTE_COLUMNS
        from crocus_data.resources.csv_codec import render_rows, render_table
        from crocus_data.resources.descriptor import descriptor
        from crocus_data.resources.outputs import json_bytes

        (directory / "records").mkdir(parents=True, exist_ok=True)
        (directory / "sources").mkdir(exist_ok=True)
        for model in MODELS:
            (directory / "records" / f"{model.table}.csv").write_bytes(
                render_table(model, self.records.get(model.table, []))
            )
        sources = [source for source in self.records.get("sources", []) if isinstance(source, Source)]
        for source in sources:
            (directory / "sources" / source.filename).write_bytes(self.texts[source.key])
        (directory / "coverage_notes.csv").write_bytes(render_rows(NOTE_COLUMNS, self.notes))
        document = descriptor(sources)
        document["resources"] = [r for r in document["resources"] if r.get("format") != "parquet"]
        path = directory / "datapackage.json"
        path.write_bytes(json_bytes(document))
        return path

    def keys(self, table: str) -> list[str]:
        return [record.key for record in self.records.get(table, [])]


def _dates(draw: st.DrawFn, earliest: date, latest: date, *, allow_open: bool = True) -> dict[str, Any]:
    """Bounds inside [earliest, latest] with a consistent precision, derivation and note."""
    kind = draw(st.sampled_from(["day", "range", "open"] if allow_open else ["day", "range"]))
    span = (latest - earliest).days
    first = earliest + timedelta(days=draw(st.integers(0, span)))
    if kind == "day":
        derivation = draw(st.sampled_from(["stated", "year_from_publication", "year_inferred"]))
        note = None if derivation == "stated" else draw(TEXT)
        return {"earliest": first, "latest": first, "precision": "day", "derivation": derivation, "note": note}
    if kind == "range":
        last = first + timedelta(days=draw(st.integers(0, (latest - first).days)))
        return {"earliest": first, "latest": last, "precision": "range", "derivation": "relative", "note": draw(TEXT)}
    lower = draw(st.booleans())  # an open interval keeps one bound at most
    return {
        "earliest": first if lower else None,
        "latest": None if lower else first,
        "precision": "open",
        "derivation": "bounded_by_context",
        "note": draw(TEXT),
    }


def _slug(draw: st.DrawFn, prefix: str, taken: set[str]) -> str:
    word = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789"), min_size=1, max_size=8)
    key = f"{prefix}-{'-'.join(draw(st.lists(word, min_size=1, max_size=3)))}"
    while key in taken:
        key += "-x"
    taken.add(key)
    return key


@st.composite
def source_texts(draw: st.DrawFn) -> str:
    """A source text: words, curly quotes, line breaks; NFC, as the validator demands."""
    return unicodedata.normalize("NFC", draw(st.text(_ALPHABET, min_size=40, max_size=800)))


class _Builder:
    """What one package draw shares between the per-table helpers: the draw, the keys taken, the evidence."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw
        self.package = Package()
        self.taken: set[str] = set()
        self.evidence: list[dict[str, Any]] = []
        self.spans: dict[str, tuple[str, str, int]] = {}  # a verbatim piece -> (source, text, start)

    def key(self, prefix: str) -> str:
        return _slug(self.draw, prefix, self.taken)

    def keys(self, table: str) -> list[str]:
        return self.package.keys(table)

    def text(self, source_id: str) -> str:
        return self.package.texts[source_id].decode("utf-8")

    def quote(self, record_id: str, must_contain: str | None = None, own_source: str | None = None) -> None:
        """One or two verbatim spans for a record; the first contains ``must_contain`` if given.

        A source record's spans come from its own text (``own_source``), so every source is cited.
        """
        draw = self.draw
        for index in range(draw(st.integers(1, 2))):
            source_id = own_source or draw(st.sampled_from(sorted(self.package.texts)))
            text = self.text(source_id)
            if index == 0 and must_contain is not None:
                source_id, text, start = self.spans[must_contain]
                end = start + len(must_contain)
            else:
                start = draw(st.integers(0, len(text) - 1))
                end = draw(st.integers(start + 1, min(len(text), start + draw(st.sampled_from([20, 200, 1000])))))
            if text[start] in "=+-@":
                continue  # a quote may not start with a formula sign; the record has another span
            self.evidence.append({"record_id": record_id, "source_id": source_id, "start": start, "end": end,
                                  "quote": text[start:end]})  # fmt: skip
        if not any(e["record_id"] == record_id for e in self.evidence):
            source_id = own_source or sorted(self.package.texts)[0]
            text = self.text(source_id)
            start = next(i for i, c in enumerate(text) if c not in "=+-@")
            self.evidence.append({"record_id": record_id, "source_id": source_id, "start": start, "end": start + 1,
                                  "quote": text[start]})  # fmt: skip

    def verbatim(self) -> str:
        """A piece of a source text to use as a name or a figure's wording (so it can be quoted)."""
        source_id = self.draw(st.sampled_from(sorted(self.package.texts)))
        text = self.text(source_id)
        allowed = [i for i, c in enumerate(text) if c not in "=+-@" and not c.isspace()] or [0]
        start = self.draw(st.sampled_from(allowed))
        end = self.draw(st.integers(start + 1, min(len(text), start + 30)))
        piece = text[start:end]
        self.spans[piece] = (source_id, text, start)
        return piece

    def attribution(self) -> dict[str, Any]:
        statement_ids = self.keys("statements")
        options = ["source", "unattributed"] + (["speaker"] if statement_ids else [])
        chosen = self.draw(st.sampled_from(options))
        return {
            "attribution": chosen,
            "statement_id": self.draw(st.sampled_from(statement_ids)) if chosen == "speaker" else None,
        }

    def add(self, table: str, rows: list[dict[str, Any]]) -> None:
        self.package.records[table] = [MODEL_BY_TABLE[table].model_validate(row) for row in rows]


# One helper per table: each draws one valid row (and its evidence) given the tables before it.


def _maybe(keys: list[str]) -> st.SearchStrategy[str | None]:
    """No reference, or one of the keys (if there are any)."""
    return st.none() | st.sampled_from(keys) if keys else st.none()


def _source(b: _Builder, number: int, text: str) -> dict[str, Any]:
    raw = text.encode("utf-8")
    source_id = f"src-{number:03d}"
    b.package.texts[source_id] = raw
    # Documents published after every event they report: events fall in [BASE_DATE - 60, BASE_DATE].
    published = _dates(b.draw, BASE_DATE + timedelta(days=1), BASE_DATE + timedelta(days=90), allow_open=False)
    if b.draw(st.booleans()):  # an undated document: only a lower bound
        published = {**published, "latest": None, "precision": "open", "derivation": "bounded_by_context",
                     "note": published["note"] or "undated"}  # fmt: skip
    return {
        "source_id": source_id, "filename": f"{number:03d}_generated.txt",
        "sha256": hashlib.sha256(raw).hexdigest(), "bytes": len(raw), "title": b.draw(OPTIONAL_TEXT),
        "publisher": b.draw(OPTIONAL_TEXT), "url": None,
        "language": "en", "published": published, "note": b.draw(OPTIONAL_TEXT),
    }  # fmt: skip


def _incident(b: _Builder) -> dict[str, Any]:
    draw, incident_id = b.draw, b.key("inc")
    b.quote(incident_id)
    return {
        "incident_id": incident_id, "name": draw(TEXT), "incident_type": draw(st.sampled_from(list(IncidentType))),
        "place": draw(TEXT), "date": _dates(draw, BASE_DATE - timedelta(days=60), BASE_DATE - timedelta(days=30)),
        "time_of_day": draw(OPTIONAL_TEXT), "note": draw(OPTIONAL_TEXT),
    }  # fmt: skip


def _link(b: _Builder) -> dict[str, Any]:
    """A link between two different incidents (the package has at least two when links are drawn)."""
    draw, link_id = b.draw, b.key("lnk")
    incident, related = draw(st.permutations(b.keys("incidents")))[:2]
    b.quote(link_id)
    return {"link_id": link_id, "incident_id": incident, "related_incident_id": related,
            "relation": draw(st.sampled_from(list(IncidentRelation))), "note": draw(OPTIONAL_TEXT)}  # fmt: skip


def _actor(b: _Builder, earlier: list[str]) -> dict[str, Any]:
    draw, actor_id = b.draw, b.key("act")
    name = b.verbatim() if draw(st.booleans()) else None
    b.quote(actor_id, name)
    return {
        "actor_id": actor_id, "actor_kind": draw(st.sampled_from(list(ActorKind))), "name": name,
        "position": draw(OPTIONAL_TEXT), "description": draw(TEXT),
        "part_of_actor_id": draw(_maybe(earlier)),
        "note": draw(OPTIONAL_TEXT),
    }  # fmt: skip


def _statement(b: _Builder) -> dict[str, Any]:
    draw, statement_id, actor = b.draw, b.key("stm"), st.sampled_from(b.keys("actors"))
    own_voice = draw(st.booleans())
    b.quote(statement_id)
    return {
        "statement_id": statement_id, "attribution": "source" if own_voice else "speaker",
        "speaker_actor_id": None if own_voice else draw(actor), "relay_actor_id": draw(st.none() | actor),
        "kind": draw(st.sampled_from(list(StatementKind))),
        "incident_id": draw(st.none() | st.sampled_from(b.keys("incidents"))),
        "target_actor_id": draw(st.none() | actor), "summary": draw(TEXT), "direct_quote": draw(st.booleans()),
        "setting": draw(OPTIONAL_TEXT), "said": _dates(draw, BASE_DATE - timedelta(days=29), BASE_DATE),
        "note": draw(OPTIONAL_TEXT),
    }  # fmt: skip


def _claim(b: _Builder) -> dict[str, Any]:
    draw, claim_id, actor = b.draw, b.key("clm"), st.sampled_from(b.keys("actors"))
    attribute = draw(st.sampled_from(list(ActorAttribute)))
    b.quote(claim_id)
    return {
        "claim_id": claim_id, "actor_id": draw(actor), "attribute": attribute, "value": draw(TEXT),
        "role": draw(st.sampled_from(list(Role))) if attribute is ActorAttribute.ROLE else None,
        "incident_id": draw(st.none() | st.sampled_from(b.keys("incidents"))),
        "related_actor_id": draw(st.none() | actor), **b.attribution(), "note": draw(OPTIONAL_TEXT),
    }  # fmt: skip


def _detention(b: _Builder) -> dict[str, Any]:
    draw, detention_id = b.draw, b.key("det")
    b.quote(detention_id)
    return {
        "detention_id": detention_id, "actor_id": draw(st.sampled_from(b.keys("actors"))),
        "incident_id": draw(st.none() | st.sampled_from(b.keys("incidents"))),
        "status": draw(st.sampled_from(list(DetentionStatus))), "place": draw(OPTIONAL_TEXT),
        "detained": _dates(draw, BASE_DATE - timedelta(days=29), BASE_DATE), "charges": draw(OPTIONAL_TEXT),
        **b.attribution(), "note": draw(OPTIONAL_TEXT),
    }  # fmt: skip


def _treatment(b: _Builder) -> dict[str, Any]:
    draw, treatment_id = b.draw, b.key("trt")
    b.quote(treatment_id)
    return {
        "treatment_id": treatment_id, "actor_id": draw(st.sampled_from(b.keys("actors"))),
        "detention_id": draw(_maybe(b.keys("detentions"))),
        "treatment": draw(st.sampled_from(list(Treatment))), "description": draw(TEXT),
        "basis": draw(OPTIONAL_TEXT), "timing": draw(OPTIONAL_TEXT), **b.attribution(), "note": draw(OPTIONAL_TEXT),
    }  # fmt: skip


def _figure(b: _Builder) -> dict[str, Any]:
    draw, figure_id = b.draw, b.key("fig")
    qualifier = draw(st.sampled_from(list(Qualifier)))
    value = low = high = None
    if qualifier.value == "range":
        low = draw(st.integers(0, 10**6))
        high = draw(st.integers(low, low + 10**6))
        value = draw(st.none() | st.integers(low, high))
    elif qualifier.value not in WITHOUT_NUMBER:
        value = draw(st.integers(0, 10**9))
    wording = b.verbatim()
    b.quote(figure_id, wording)
    return {
        "figure_id": figure_id, "incident_id": draw(st.sampled_from(b.keys("incidents"))),
        "measure": draw(st.sampled_from(list(Measure))), "unit": draw(st.sampled_from(list(Unit))),
        "value": value, "value_low": low, "value_high": high, "qualifier": qualifier, "wording": wording,
        "actor_id": draw(st.none() | st.sampled_from(b.keys("actors"))), **b.attribution(), "note": draw(OPTIONAL_TEXT),
    }  # fmt: skip


def _evidence(b: _Builder) -> list[dict[str, Any]]:
    """Every span drawn for the other tables, numbered per record."""
    counts: dict[str, int] = {}
    rows = []
    for item in b.evidence:
        counts[item["record_id"]] = counts.get(item["record_id"], 0) + 1
        rows.append({"evidence_id": f"ev-{item['record_id']}-{counts[item['record_id']]}", **item})
    return rows


@st.composite
def packages(draw: st.DrawFn, max_rows: int = 4) -> Package:
    """A whole valid package (see the module docstring); ``max_rows`` bounds each table's size."""
    b = _Builder(draw)
    texts = draw(st.lists(source_texts(), min_size=1, max_size=3))
    sources = [_source(b, number, text) for number, text in enumerate(texts)]
    for source in sources:
        b.quote(str(source["source_id"]), own_source=str(source["source_id"]))
    b.add("sources", sources)

    def rows(minimum: int) -> range:
        return range(draw(st.integers(minimum, max_rows)))

    b.add("incidents", [_incident(b) for _ in rows(1)])
    b.add("incident_links", [_link(b) for _ in rows(0)] if len(b.keys("incidents")) > 1 else [])
    actors: list[dict[str, Any]] = []
    for _ in rows(1):
        actors.append(_actor(b, [actor["actor_id"] for actor in actors]))
    b.add("actors", actors)
    b.add("statements", [_statement(b) for _ in rows(0)])
    b.add("actor_claims", [_claim(b) for _ in rows(0)])
    b.add("detentions", [_detention(b) for _ in rows(0)])
    b.add("treatment_reports", [_treatment(b) for _ in rows(0)])
    b.add("figures", [_figure(b) for _ in rows(0)])
    b.add("evidence", _evidence(b))
    b.package.notes = _notes(b)
    return b.package


def _notes(b: _Builder) -> list[tuple[str, str, str]]:
    """A note for each sentence no evidence span falls in, naming it by its whole text (as validate demands)."""
    from crocus_data.checks.coverage import sentences

    notes: dict[tuple[str, str], tuple[str, str, str]] = {}
    for source_id in sorted(b.package.texts):
        spans = [(e["start"], e["end"]) for e in b.evidence if e["source_id"] == source_id]
        for sentence in sentences(source_id, b.text(source_id)):
            if not any(start < sentence.end and end > sentence.start for start, end in spans):
                notes[source_id, sentence.text] = (source_id, sentence.text, "generated: this sentence encodes nothing")
    return list(notes.values())


def records(table: str) -> st.SearchStrategy[Record]:
    """Single valid records of one table (drawn from a valid package, so their rules all hold)."""
    return packages().filter(lambda p: bool(p.records.get(table))).flatmap(lambda p: st.sampled_from(p.records[table]))


__all__ = ["Package", "packages", "records", "source_texts"]
