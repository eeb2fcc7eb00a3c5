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
detentions not before their incident. It includes awkward but legal values: non-ASCII and
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

    def write(self, directory: Path) -> Path:
        """Write the hand-encoded layout and a CSV-only descriptor; return the descriptor's path."""
        from crocus_data.records import render_table
        from crocus_data.resources import descriptor, json_bytes

        (directory / "records").mkdir(parents=True, exist_ok=True)
        (directory / "sources").mkdir(exist_ok=True)
        for model in MODELS:
            (directory / "records" / f"{model.table}.csv").write_bytes(
                render_table(model, self.records.get(model.table, []))
            )
        sources = [source for source in self.records.get("sources", []) if isinstance(source, Source)]
        for source in sources:
            (directory / "sources" / source.filename).write_bytes(self.texts[source.key])
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


@st.composite
def packages(draw: st.DrawFn, max_rows: int = 4) -> Package:
    """A whole valid package (see the module docstring); ``max_rows`` bounds each table's size."""
    package = Package()
    taken: set[str] = set()
    evidence: list[dict[str, Any]] = []
    # Documents published after every event they report: events fall in [BASE_DATE - 60, BASE_DATE].
    texts = draw(st.lists(source_texts(), min_size=1, max_size=3))
    sources = []
    for number, text in enumerate(texts):
        raw = text.encode("utf-8")
        source_id = f"src-{number:03d}"
        package.texts[source_id] = raw
        published = _dates(draw, BASE_DATE + timedelta(days=1), BASE_DATE + timedelta(days=90), allow_open=False)
        if draw(st.booleans()):  # an undated document: only a lower bound
            published = {**published, "latest": None, "precision": "open", "derivation": "bounded_by_context",
                         "note": published["note"] or "undated"}  # fmt: skip
        sources.append({
            "source_id": source_id, "filename": f"{number:03d}_generated.txt",
            "sha256": hashlib.sha256(raw).hexdigest(), "bytes": len(raw), "title": draw(OPTIONAL_TEXT),
            "publisher": draw(OPTIONAL_TEXT), "url": None,
            "language": "en", "published": published, "note": draw(OPTIONAL_TEXT),
        })  # fmt: skip

    def quote(record_id: str, must_contain: str | None = None) -> None:
        """One or two verbatim spans for a record; the first contains ``must_contain`` if given."""
        for index in range(draw(st.integers(1, 2))):
            source_id = draw(st.sampled_from(sorted(package.texts)))
            text = package.texts[source_id].decode("utf-8")
            if index == 0 and must_contain is not None:
                source_id, text, start = must_contain_span[must_contain]
                end = start + len(must_contain)
            else:
                start = draw(st.integers(0, len(text) - 1))
                end = draw(st.integers(start + 1, min(len(text), start + draw(st.sampled_from([20, 200, 1000])))))
            if text[start] in "=+-@":
                continue  # a quote may not start with a formula sign; the record has another span
            evidence.append({"record_id": record_id, "source_id": source_id, "start": start, "end": end,
                             "quote": text[start:end]})  # fmt: skip
        if not any(e["record_id"] == record_id for e in evidence):
            source_id = sorted(package.texts)[0]
            text = package.texts[source_id].decode("utf-8")
            start = next(i for i, c in enumerate(text) if c not in "=+-@")
            evidence.append({"record_id": record_id, "source_id": source_id, "start": start, "end": start + 1,
                             "quote": text[start]})  # fmt: skip

    must_contain_span: dict[str, tuple[str, str, int]] = {}

    def verbatim(draw_from: str | None = None) -> str:
        """A piece of a source text to use as a name or a figure's wording (so it can be quoted)."""
        source_id = draw_from or draw(st.sampled_from(sorted(package.texts)))
        text = package.texts[source_id].decode("utf-8")
        allowed = [i for i, c in enumerate(text) if c not in "=+-@" and not c.isspace()] or [0]
        start = draw(st.sampled_from(allowed))
        end = draw(st.integers(start + 1, min(len(text), start + 30)))
        piece = text[start:end]
        must_contain_span[piece] = (source_id, text, start)
        return piece

    for source in sources:
        quote(str(source["source_id"]))
    package.records["sources"] = [MODEL_BY_TABLE["sources"].model_validate(s) for s in sources]

    incidents = []
    for _ in range(draw(st.integers(1, max_rows))):
        incident_id = _slug(draw, "inc", taken)
        incidents.append({
            "incident_id": incident_id, "name": draw(TEXT), "incident_type": draw(st.sampled_from(list(IncidentType))),
            "place": draw(TEXT), "date": _dates(draw, BASE_DATE - timedelta(days=60), BASE_DATE - timedelta(days=30)),
            "time_of_day": draw(OPTIONAL_TEXT), "note": draw(OPTIONAL_TEXT),
        })  # fmt: skip
        quote(incident_id)
    package.records["incidents"] = [MODEL_BY_TABLE["incidents"].model_validate(i) for i in incidents]
    incident_ids = [i["incident_id"] for i in incidents]

    links = []
    for _ in range(draw(st.integers(0, max_rows))):
        link_id = _slug(draw, "lnk", taken)
        links.append({"link_id": link_id, "incident_id": draw(st.sampled_from(incident_ids)),
                      "related_incident_id": draw(st.sampled_from(incident_ids)),
                      "relation": draw(st.sampled_from(list(IncidentRelation))),
                      "note": draw(OPTIONAL_TEXT)})  # fmt: skip
        quote(link_id)
    package.records["incident_links"] = [MODEL_BY_TABLE["incident_links"].model_validate(x) for x in links]

    actors: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(1, max_rows))):
        actor_id = _slug(draw, "act", taken)
        name = verbatim() if draw(st.booleans()) else None
        actors.append({
            "actor_id": actor_id, "actor_kind": draw(st.sampled_from(list(ActorKind))), "name": name,
            "position": draw(OPTIONAL_TEXT), "description": draw(TEXT),
            "part_of_actor_id": draw(st.none() | st.sampled_from([a["actor_id"] for a in actors] or [None])),
            "note": draw(OPTIONAL_TEXT),
        })  # fmt: skip
        quote(actor_id, name)
    package.records["actors"] = [MODEL_BY_TABLE["actors"].model_validate(a) for a in actors]
    actor_ids = [a["actor_id"] for a in actors]
    some_actor = st.sampled_from(actor_ids)

    statements = []
    for _ in range(draw(st.integers(0, max_rows))):
        statement_id = _slug(draw, "stm", taken)
        own_voice = draw(st.booleans())
        incident = draw(st.none() | st.sampled_from(incident_ids))
        statements.append({
            "statement_id": statement_id, "attribution": "source" if own_voice else "speaker",
            "speaker_actor_id": None if own_voice else draw(some_actor), "relay_actor_id": draw(st.none() | some_actor),
            "kind": draw(st.sampled_from(list(StatementKind))), "incident_id": incident,
            "target_actor_id": draw(st.none() | some_actor), "summary": draw(TEXT), "direct_quote": draw(st.booleans()),
            "setting": draw(OPTIONAL_TEXT), "said": _dates(draw, BASE_DATE - timedelta(days=29), BASE_DATE),
            "note": draw(OPTIONAL_TEXT),
        })  # fmt: skip
        quote(statement_id)
    package.records["statements"] = [MODEL_BY_TABLE["statements"].model_validate(s) for s in statements]
    statement_ids = [s["statement_id"] for s in statements]

    def attribution() -> dict[str, Any]:
        options = ["source", "unattributed"] + (["speaker"] if statement_ids else [])
        chosen = draw(st.sampled_from(options))
        return {
            "attribution": chosen,
            "statement_id": draw(st.sampled_from(statement_ids)) if chosen == "speaker" else None,
        }

    claims = []
    for _ in range(draw(st.integers(0, max_rows))):
        claim_id = _slug(draw, "clm", taken)
        attribute = draw(st.sampled_from(list(ActorAttribute)))
        claims.append({
            "claim_id": claim_id, "actor_id": draw(some_actor), "attribute": attribute, "value": draw(TEXT),
            "role": draw(st.sampled_from(list(Role))) if attribute is ActorAttribute.ROLE else None,
            "incident_id": draw(st.none() | st.sampled_from(incident_ids)),
            "related_actor_id": draw(st.none() | some_actor), **attribution(), "note": draw(OPTIONAL_TEXT),
        })  # fmt: skip
        quote(claim_id)
    package.records["actor_claims"] = [MODEL_BY_TABLE["actor_claims"].model_validate(c) for c in claims]

    detentions = []
    for _ in range(draw(st.integers(0, max_rows))):
        detention_id = _slug(draw, "det", taken)
        detentions.append({
            "detention_id": detention_id, "actor_id": draw(some_actor),
            "incident_id": draw(st.none() | st.sampled_from(incident_ids)),
            "status": draw(st.sampled_from(list(DetentionStatus))), "place": draw(OPTIONAL_TEXT),
            "detained": _dates(draw, BASE_DATE - timedelta(days=29), BASE_DATE), "charges": draw(OPTIONAL_TEXT),
            **attribution(), "note": draw(OPTIONAL_TEXT),
        })  # fmt: skip
        quote(detention_id)
    package.records["detentions"] = [MODEL_BY_TABLE["detentions"].model_validate(d) for d in detentions]
    detention_ids = [d["detention_id"] for d in detentions]

    treatments = []
    for _ in range(draw(st.integers(0, max_rows))):
        treatment_id = _slug(draw, "trt", taken)
        treatments.append({
            "treatment_id": treatment_id, "actor_id": draw(some_actor),
            "detention_id": draw(st.none() | st.sampled_from(detention_ids or [None])),
            "treatment": draw(st.sampled_from(list(Treatment))), "description": draw(TEXT),
            "basis": draw(OPTIONAL_TEXT), "timing": draw(OPTIONAL_TEXT), **attribution(), "note": draw(OPTIONAL_TEXT),
        })  # fmt: skip
        quote(treatment_id)
    package.records["treatment_reports"] = [MODEL_BY_TABLE["treatment_reports"].model_validate(t) for t in treatments]

    figures = []
    for _ in range(draw(st.integers(0, max_rows))):
        figure_id = _slug(draw, "fig", taken)
        qualifier = draw(st.sampled_from(list(Qualifier)))
        value = low = high = None
        if qualifier.value == "range":
            low = draw(st.integers(0, 10**6))
            high = draw(st.integers(low, low + 10**6))
            value = draw(st.none() | st.integers(low, high))
        elif qualifier.value not in WITHOUT_NUMBER:
            value = draw(st.integers(0, 10**9))
        wording = verbatim()
        figures.append({
            "figure_id": figure_id, "incident_id": draw(st.sampled_from(incident_ids)),
            "measure": draw(st.sampled_from(list(Measure))), "unit": draw(st.sampled_from(list(Unit))),
            "value": value, "value_low": low, "value_high": high, "qualifier": qualifier, "wording": wording,
            "actor_id": draw(st.none() | some_actor), **attribution(), "note": draw(OPTIONAL_TEXT),
        })  # fmt: skip
        quote(figure_id, wording)
    package.records["figures"] = [MODEL_BY_TABLE["figures"].model_validate(f) for f in figures]

    counts: dict[str, int] = {}
    rows = []
    for item in evidence:
        counts[item["record_id"]] = counts.get(item["record_id"], 0) + 1
        rows.append({"evidence_id": f"ev-{item['record_id']}-{counts[item['record_id']]}", **item})
    package.records["evidence"] = [MODEL_BY_TABLE["evidence"].model_validate(e) for e in rows]
    return package


def records(table: str) -> st.SearchStrategy[Record]:
    """Single valid records of one table (drawn from a valid package, so their rules all hold)."""
    return packages().filter(lambda p: bool(p.records.get(table))).flatmap(lambda p: st.sampled_from(p.records[table]))


__all__ = ["Package", "packages", "records", "source_texts"]
