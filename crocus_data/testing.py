"""Hypothesis strategies for crocus-data: valid records and whole valid packages.

For downstream users who test code that consumes the dataset, and for this project's property
tests. Hypothesis is an optional dependency (the ``test`` extra); importing this module without it
raises ImportError with a hint.

>>> from hypothesis import given
>>> from crocus_data.testing import packages
>>> @given(packages())
... def test_my_analysis(package): ...

A generated package is internally consistent the way the validator demands: keys unique and
references resolving, every row of claims backed by evidence that stands verbatim in a generated
source text, date bounds ordered, nothing dated after the documents that report it, statements
and detentions not before their incident, tombstones only for ids no row uses, every sentence of a
text backed by evidence or explained by a coverage note. It includes awkward but legal values:
non-ASCII and curly-quoted text, multi-line quotes, empty optional fields, open date bounds and long
quotes.
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

from crocus_data.models import MODEL_BY_TABLE, MODELS, Detention, Figure, Record, Source, Statement
from crocus_data.models.figures import ONE_NUMBER, WITHOUT_NUMBER
from crocus_data.models.keys import PREFIXES
from crocus_data.models.vocabulary import (
    ActorAttribute,
    ActorKind,
    ActorRelation,
    DetentionStatus,
    IncidentRelation,
    IncidentType,
    MaterialKind,
    Measure,
    Qualifier,
    RelationKind,
    Role,
    StatementKind,
    StatementRendering,
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

    def quote(self, record_id: str, *pieces: str | None, own_source: str | None = None) -> None:
        """Verbatim spans for a record: one for each piece given (a name, a wording ...), then one or two more.

        A source record's spans come from its own text (``own_source``), so every source is cited.
        """
        draw = self.draw
        for piece in pieces:
            if piece is not None:
                source_id, text, start = self.spans[piece]
                self.evidence.append({"record_id": record_id, "source_id": source_id, "start": start,
                                      "end": start + len(piece), "quote": piece})  # fmt: skip
        for _ in range(draw(st.integers(0 if any(pieces) else 1, 2))):
            source_id = own_source or draw(st.sampled_from(sorted(self.package.texts)))
            text = self.text(source_id)
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

    def verbatim(self, source_id: str | None = None) -> str:
        """A piece of a source text to use as a verbatim cell (a name, a wording, a place), so it can be quoted."""
        source_id = source_id or self.draw(st.sampled_from(sorted(self.package.texts)))
        text = self.text(source_id)
        allowed = [i for i, c in enumerate(text) if c not in "=+-@" and not c.isspace()] or [0]
        start = self.draw(st.sampled_from(allowed))
        end = self.draw(st.integers(start + 1, min(len(text), start + 30)))
        piece = text[start:end]
        self.spans[piece] = (source_id, text, start)
        return piece

    def maybe_verbatim(self) -> str | None:
        return self.verbatim() if self.draw(st.booleans()) else None

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
        "sha256": hashlib.sha256(raw).hexdigest(), "bytes": len(raw),
        "title": b.verbatim(source_id) if b.draw(st.booleans()) else None,
        "publisher": b.draw(OPTIONAL_TEXT), "url": None,
        "language": "en", "published": published, "note": b.draw(OPTIONAL_TEXT),
    }  # fmt: skip


def _incident(b: _Builder) -> dict[str, Any]:
    draw, incident_id = b.draw, b.key("inc")
    time_of_day = b.maybe_verbatim()
    b.quote(incident_id, time_of_day)
    return {
        "incident_id": incident_id, "name": draw(TEXT), "incident_type": draw(st.sampled_from(list(IncidentType))),
        "date": _dates(draw, BASE_DATE - timedelta(days=60), BASE_DATE - timedelta(days=30)),
        "time_of_day": time_of_day, "note": draw(OPTIONAL_TEXT),
    }  # fmt: skip


def _place(b: _Builder) -> dict[str, Any]:
    draw, place_id = b.draw, b.key("plc")
    place = b.verbatim()
    b.quote(place_id, place)
    return {"place_id": place_id, "incident_id": draw(st.sampled_from(b.keys("incidents"))), "place": place,
            **b.attribution(), "note": draw(OPTIONAL_TEXT)}  # fmt: skip


def _link(b: _Builder) -> dict[str, Any]:
    """A link between two different incidents (the package has at least two when links are drawn)."""
    draw, link_id = b.draw, b.key("lnk")
    incident, related = draw(st.permutations(b.keys("incidents")))[:2]
    b.quote(link_id)
    return {"link_id": link_id, "incident_id": incident, "related_incident_id": related,
            "relation": draw(st.sampled_from(list(IncidentRelation))), "note": draw(OPTIONAL_TEXT)}  # fmt: skip


def _actor(b: _Builder, earlier: list[str]) -> dict[str, Any]:
    draw, actor_id = b.draw, b.key("act")
    name, position = b.maybe_verbatim(), b.maybe_verbatim()
    b.quote(actor_id, name, position)
    return {
        "actor_id": actor_id, "actor_kind": draw(st.sampled_from(list(ActorKind))), "name": name,
        "position": position, "description": draw(TEXT),
        "part_of_actor_id": draw(_maybe(earlier)),
        "note": draw(OPTIONAL_TEXT),
    }  # fmt: skip


def _statement(b: _Builder) -> dict[str, Any]:
    """A statement; ``made_in_custody`` is false until the detentions are drawn (see ``_in_custody``)."""
    draw, statement_id, actor = b.draw, b.key("stm"), st.sampled_from(b.keys("actors"))
    own_voice = draw(st.booleans())
    setting = b.maybe_verbatim()
    b.quote(statement_id, setting)
    others = [r for r in StatementRendering if r is not StatementRendering.OWN_VOICE]
    return {
        "statement_id": statement_id, "attribution": "source" if own_voice else "speaker",
        "speaker_actor_id": None if own_voice else draw(actor), "relay_actor_id": draw(st.none() | actor),
        "kind": draw(st.sampled_from(list(StatementKind))),
        "incident_id": draw(st.none() | st.sampled_from(b.keys("incidents"))),
        "target_actor_id": draw(st.none() | actor), "summary": draw(TEXT),
        "rendering": StatementRendering.OWN_VOICE if own_voice else draw(st.sampled_from(others)),
        "made_in_custody": False, "setting": setting, "said": _dates(draw, BASE_DATE - timedelta(days=29), BASE_DATE),
        "note": draw(OPTIONAL_TEXT),
    }  # fmt: skip


def _in_custody(b: _Builder) -> None:
    """Mark some statements made in custody: only those whose speaker has a detention row."""
    detained = {d.actor_id for d in b.package.records["detentions"] if isinstance(d, Detention)}
    b.package.records["statements"] = [
        statement.model_copy(update={"made_in_custody": True})
        if isinstance(statement, Statement) and statement.speaker_actor_id in detained and b.draw(st.booleans())
        else statement
        for statement in b.package.records["statements"]
    ]


def _claim(b: _Builder) -> dict[str, Any]:
    draw, claim_id, actor = b.draw, b.key("clm"), st.sampled_from(b.keys("actors"))
    attribute = draw(st.sampled_from(list(ActorAttribute)))
    value = b.verbatim()
    b.quote(claim_id, value)
    return {
        "claim_id": claim_id, "actor_id": draw(actor), "attribute": attribute, "value": value,
        "role": draw(st.sampled_from(list(Role))) if attribute is ActorAttribute.ROLE else None,
        "incident_id": draw(st.none() | st.sampled_from(b.keys("incidents"))),
        "related_actor_id": draw(st.none() | actor), **b.attribution(), "note": draw(OPTIONAL_TEXT),
    }  # fmt: skip


def _actor_link(b: _Builder) -> dict[str, Any]:
    """A link between two different actors (the package has at least two when links are drawn)."""
    draw, link_id = b.draw, b.key("alk")
    actor, related = draw(st.permutations(b.keys("actors")))[:2]
    b.quote(link_id)
    return {"actor_link_id": link_id, "actor_id": actor, "relation": draw(st.sampled_from(list(ActorRelation))),
            "related_actor_id": related, **b.attribution(), "note": draw(OPTIONAL_TEXT)}  # fmt: skip


def _material(b: _Builder) -> dict[str, Any]:
    draw, material_id, actor = b.draw, b.key("mat"), st.sampled_from(b.keys("actors"))
    description, circulation = b.verbatim(), b.maybe_verbatim()
    b.quote(material_id, description, circulation)
    return {
        "material_id": material_id, "material_kind": draw(st.sampled_from(list(MaterialKind))),
        "description": description, "circulation": circulation, "publisher_actor_id": draw(st.none() | actor),
        "depicts_actor_id": draw(st.none() | actor),
        "incident_id": draw(st.none() | st.sampled_from(b.keys("incidents"))), **b.attribution(),
        "note": draw(OPTIONAL_TEXT),
    }  # fmt: skip


def _detention(b: _Builder) -> dict[str, Any]:
    draw, detention_id = b.draw, b.key("det")
    place, charges = b.maybe_verbatim(), b.maybe_verbatim()
    b.quote(detention_id, place, charges)
    return {
        "detention_id": detention_id, "actor_id": draw(st.sampled_from(b.keys("actors"))),
        "incident_id": draw(st.none() | st.sampled_from(b.keys("incidents"))),
        "status": draw(st.sampled_from(list(DetentionStatus))), "place": place,
        "detained": _dates(draw, BASE_DATE - timedelta(days=29), BASE_DATE), "charges": charges,
        **b.attribution(), "note": draw(OPTIONAL_TEXT),
    }  # fmt: skip


def _treatment(b: _Builder) -> dict[str, Any]:
    draw, treatment_id = b.draw, b.key("trt")
    description, timing = b.verbatim(), b.maybe_verbatim()
    b.quote(treatment_id, description, timing)
    return {
        "treatment_id": treatment_id, "actor_id": draw(st.sampled_from(b.keys("actors"))),
        "detention_id": draw(_maybe(b.keys("detentions"))),
        "treatment": draw(st.sampled_from(list(Treatment))), "description": description,
        "inflicted_by_actor_id": draw(_maybe(b.keys("actors"))), "material_id": draw(_maybe(b.keys("materials"))),
        "timing": timing, "after_statement_id": draw(_maybe(b.keys("statements"))), **b.attribution(),
        "note": draw(OPTIONAL_TEXT),
    }  # fmt: skip


def _figure(b: _Builder, earlier: list[Figure]) -> dict[str, Any]:
    """A figure; it may be counted out of an earlier figure that gives a value (and then shares its incident and
    unit), carry an alternative reading, or have a value derived from the words (with a note saying how)."""
    draw, figure_id = b.draw, b.key("fig")
    qualifier = draw(st.sampled_from(list(Qualifier)))
    value = low = high = None
    if qualifier.value == "range":
        low = draw(st.integers(0, 10**6))
        high = draw(st.integers(low, low + 10**6))
        value = draw(st.none() | st.integers(low, high))
    elif qualifier.value not in WITHOUT_NUMBER:
        value = draw(st.integers(0, 10**9))
    alternatives = [q for q in ONE_NUMBER if q != qualifier.value] if qualifier.value in ONE_NUMBER else []
    derived = value is not None and draw(st.booleans())
    wholes = [f for f in earlier if f.value is not None]
    whole = draw(st.none() | st.sampled_from(wholes)) if wholes else None
    wording = b.verbatim()
    b.quote(figure_id, wording)
    return {
        "figure_id": figure_id,
        "incident_id": whole.incident_id if whole else draw(st.sampled_from(b.keys("incidents"))),
        "measure": draw(st.sampled_from(list(Measure))),
        "unit": whole.unit if whole else draw(st.sampled_from(list(Unit))),
        "value": value, "value_low": low, "value_high": high, "value_derived": derived, "qualifier": qualifier,
        "alternative_qualifier": draw(st.none() | st.sampled_from(alternatives)) if alternatives else None,
        "out_of_figure_id": whole.figure_id if whole else None, "wording": wording,
        "actor_id": draw(st.none() | st.sampled_from(b.keys("actors"))), **b.attribution(),
        "note": draw(TEXT) if derived else draw(OPTIONAL_TEXT),
    }  # fmt: skip


def _relation(b: _Builder) -> dict[str, Any] | None:
    """A relation from a statement to a target of any kind. A ``precedes`` relation runs only from a statement to
    a later one in the table, not dated entirely before it: so the relations never form a cycle, nor contradict
    the dates."""
    draw = b.draw
    statements = [s for s in b.package.records["statements"] if isinstance(s, Statement)]
    position = draw(st.integers(0, len(statements) - 1))
    first = statements[position]
    later = [
        s.statement_id
        for s in statements[position + 1 :]
        if first.said.earliest is None or s.said.latest is None or first.said.earliest <= s.said.latest
    ]
    targets: dict[str, list[str]] = {
        "to_statement_id": [s.statement_id for s in statements if s is not first],
        "to_claim_id": b.keys("actor_claims"),
        "to_figure_id": b.keys("figures"),
        "to_material_id": b.keys("materials"),
    }
    columns = sorted(c for c, keys in targets.items() if keys)
    kinds = [
        k
        for k in RelationKind
        if (k is RelationKind.PRECEDES and later) or (k is not RelationKind.PRECEDES and columns)
    ]
    if not kinds:
        return None  # a lone statement, and nothing else to relate it to
    relation_id, relation = b.key("rel"), draw(st.sampled_from(kinds))
    if relation is RelationKind.PRECEDES:
        column, target = "to_statement_id", draw(st.sampled_from(later))
    else:
        column = draw(st.sampled_from(columns))
        target = draw(st.sampled_from(targets[column]))
    b.quote(relation_id)
    return {"relation_id": relation_id, "from_statement_id": first.statement_id, "relation": relation,
            column: target, **b.attribution(), "note": draw(OPTIONAL_TEXT)}  # fmt: skip


def _evidence(b: _Builder) -> list[dict[str, Any]]:
    """Every span drawn for the other tables, numbered per record."""
    counts: dict[str, int] = {}
    rows = []
    for item in b.evidence:
        counts[item["record_id"]] = counts.get(item["record_id"], 0) + 1
        rows.append({"evidence_id": f"ev-{item['record_id']}-{counts[item['record_id']]}", **item})
    return rows


def _tombstone(b: _Builder, replacements: list[str]) -> dict[str, Any]:
    """A retired id that no row uses, in the table its prefix names, perhaps replaced by another id."""
    draw = b.draw
    table = draw(st.sampled_from(sorted(PREFIXES)))
    retired_id = b.key(PREFIXES[table])
    return {
        "retired_id": retired_id, "table_name": table,
        "retired_in": f"{draw(st.integers(0, 2))}.{draw(st.integers(0, 12))}.{draw(st.integers(0, 3))}",
        "reason": draw(TEXT), "replaced_by": draw(_maybe(replacements)),
    }  # fmt: skip


@st.composite
def packages(draw: st.DrawFn, max_rows: int = 4) -> Package:
    """A whole valid package (see the module docstring); ``max_rows`` bounds each table's size."""
    b = _Builder(draw)
    texts = draw(st.lists(source_texts(), min_size=1, max_size=3))
    sources = [_source(b, number, text) for number, text in enumerate(texts)]
    for source in sources:
        b.quote(str(source["source_id"]), source["title"], own_source=str(source["source_id"]))
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
    b.add("incident_places", [_place(b) for _ in rows(0)])
    b.add("actor_claims", [_claim(b) for _ in rows(0)])
    b.add("actor_links", [_actor_link(b) for _ in rows(0)] if len(b.keys("actors")) > 1 else [])
    b.add("materials", [_material(b) for _ in rows(0)])
    b.add("detentions", [_detention(b) for _ in rows(0)])
    _in_custody(b)
    b.add("treatment_reports", [_treatment(b) for _ in rows(0)])
    figures: list[Figure] = []
    for _ in rows(0):
        figures.append(Figure.model_validate(_figure(b, figures)))
    b.package.records["figures"] = list(figures)
    relations = [_relation(b) for _ in rows(0)] if b.keys("statements") else []
    b.add("statement_relations", [relation for relation in relations if relation is not None])
    b.add("evidence", _evidence(b))
    b.taken.update(key for table in b.package.records for key in b.keys(table))  # sources and evidence too
    # Each is replaced by nothing, a live id or an earlier tombstone's (all in taken; never its own, drawn after).
    b.add("tombstones", [_tombstone(b, sorted(b.taken)) for _ in rows(0)])
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
