"""One helper per table: each draws one valid row (and its evidence) given the tables before it."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from hypothesis import strategies as st

from crocus_data.models import Detention, Figure, Statement
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
from crocus_data.testing.builder import Builder, maybe
from crocus_data.testing.text import BASE_DATE, OPTIONAL_TEXT, TEXT
from crocus_data.wording.numbers import numbers_in


def source_row(b: Builder, number: int, text: str) -> dict[str, Any]:
    raw = text.encode("utf-8")
    source_id = f"src-{number:03d}"
    b.package.texts[source_id] = raw
    # Documents published after every event they report: events fall in [BASE_DATE - 60, BASE_DATE].
    b.package.texts[source_id] = raw
    after = (BASE_DATE + timedelta(days=1), BASE_DATE + timedelta(days=90))
    published, phrase = b.day_bounds(*after, allow_open=False, source_id=source_id)
    if phrase is not None:
        b.dated[source_id] = phrase
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


def incident_row(b: Builder) -> dict[str, Any]:
    draw, incident_id = b.draw, b.key("inc")
    time_of_day = b.maybe_verbatim()
    when, phrase = b.day_bounds(BASE_DATE - timedelta(days=60), BASE_DATE - timedelta(days=30))
    b.quote(incident_id, time_of_day, phrase)
    return {
        "incident_id": incident_id, "name": draw(TEXT), "incident_type": draw(st.sampled_from(list(IncidentType))),
        "date": when,
        "time_of_day": time_of_day, "note": draw(OPTIONAL_TEXT),
    }  # fmt: skip


def place_row(b: Builder) -> dict[str, Any]:
    draw, place_id = b.draw, b.key("plc")
    place = b.verbatim()
    b.quote(place_id, place)
    return {"place_id": place_id, "incident_id": draw(st.sampled_from(b.keys("incidents"))), "place": place,
            **b.attribution(), "note": draw(OPTIONAL_TEXT)}  # fmt: skip


def link_row(b: Builder) -> dict[str, Any]:
    """A link between two different incidents (the package has at least two when links are drawn)."""
    draw, link_id = b.draw, b.key("lnk")
    incident, related = draw(st.permutations(b.keys("incidents")))[:2]
    b.quote(link_id)
    return {"link_id": link_id, "incident_id": incident, "related_incident_id": related,
            "relation": draw(st.sampled_from(list(IncidentRelation))), "note": draw(OPTIONAL_TEXT)}  # fmt: skip


def actor_row(b: Builder, earlier: list[str]) -> dict[str, Any]:
    draw, actor_id = b.draw, b.key("act")
    name, position = b.maybe_verbatim(), b.maybe_verbatim()
    label = name or b.verbatim()  # the name, or for an unnamed actor words of the text
    b.quote(actor_id, name, label, position)
    return {
        "actor_id": actor_id, "actor_kind": draw(st.sampled_from(list(ActorKind))), "name": name, "label": label,
        "position": position, "description": draw(TEXT),
        "part_of_actor_id": draw(maybe(earlier)),
        "note": draw(OPTIONAL_TEXT),
    }  # fmt: skip


def statement_row(b: Builder) -> dict[str, Any]:
    """A statement; ``made_in_custody`` is false until the detentions are drawn (see ``in_custody``)."""
    draw, statement_id, actor = b.draw, b.key("stm"), st.sampled_from(b.keys("actors"))
    own_voice = draw(st.booleans())
    setting = b.maybe_verbatim()
    said, phrase = b.day_bounds(BASE_DATE - timedelta(days=29), BASE_DATE)
    b.quote(statement_id, setting, phrase)
    others = [r for r in StatementRendering if r is not StatementRendering.OWN_VOICE]
    return {
        "statement_id": statement_id, "attribution": "source" if own_voice else "speaker",
        "speaker_actor_id": None if own_voice else draw(actor), "relay_actor_id": draw(st.none() | actor),
        "kind": draw(st.sampled_from(list(StatementKind))),
        "incident_id": draw(st.none() | st.sampled_from(b.keys("incidents"))),
        "target_actor_id": draw(st.none() | actor), "summary": draw(TEXT),
        "rendering": StatementRendering.OWN_VOICE if own_voice else draw(st.sampled_from(others)),
        "made_in_custody": False, "setting": setting,
        "said": said,
        "note": draw(OPTIONAL_TEXT),
    }  # fmt: skip


def in_custody(b: Builder) -> None:
    """Mark some statements made in custody: only those whose speaker has a detention row that may have begun
    by the time the statement was made (an open start, or one not after the statement's latest day)."""
    detentions = [d for d in b.package.records["detentions"] if isinstance(d, Detention)]

    def possible(statement: Statement) -> bool:
        end = statement.said.latest
        return any(
            d.actor_id == statement.speaker_actor_id
            and (end is None or d.detained.earliest is None or d.detained.earliest <= end)
            for d in detentions
        )

    b.package.records["statements"] = [
        statement.model_copy(update={"made_in_custody": True})
        if isinstance(statement, Statement) and possible(statement) and b.draw(st.booleans())
        else statement
        for statement in b.package.records["statements"]
    ]


def claim_row(b: Builder) -> dict[str, Any]:
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


def actor_link_row(b: Builder) -> dict[str, Any]:
    """A link between two different actors (the package has at least two when links are drawn)."""
    draw, link_id = b.draw, b.key("alk")
    actor, related = draw(st.permutations(b.keys("actors")))[:2]
    b.quote(link_id)
    return {"actor_link_id": link_id, "actor_id": actor, "relation": draw(st.sampled_from(list(ActorRelation))),
            "related_actor_id": related, **b.attribution(), "note": draw(OPTIONAL_TEXT)}  # fmt: skip


def material_row(b: Builder) -> dict[str, Any]:
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


def detention_row(b: Builder) -> dict[str, Any]:
    draw, detention_id = b.draw, b.key("det")
    place, charges = b.maybe_verbatim(), b.maybe_verbatim()
    detained, phrase = b.day_bounds(BASE_DATE - timedelta(days=29), BASE_DATE)
    b.quote(detention_id, place, charges, phrase)
    return {
        "detention_id": detention_id, "actor_id": draw(st.sampled_from(b.keys("actors"))),
        "incident_id": draw(st.none() | st.sampled_from(b.keys("incidents"))),
        "status": draw(st.sampled_from(list(DetentionStatus))), "place": place,
        "detained": detained, "charges": charges,
        **b.attribution(), "note": draw(OPTIONAL_TEXT),
    }  # fmt: skip


def treatment_row(b: Builder) -> dict[str, Any]:
    draw, treatment_id = b.draw, b.key("trt")
    description, timing = b.verbatim(), b.maybe_verbatim()
    b.quote(treatment_id, description, timing)
    return {
        "treatment_id": treatment_id, "actor_id": draw(st.sampled_from(b.keys("actors"))),
        "detention_id": draw(maybe(b.keys("detentions"))),
        "treatment": draw(st.sampled_from(list(Treatment))), "description": description,
        "inflicted_by_actor_id": draw(maybe(b.keys("actors"))), "material_id": draw(maybe(b.keys("materials"))),
        "timing": timing, "after_statement_id": draw(maybe(b.keys("statements"))), **b.attribution(),
        "note": draw(OPTIONAL_TEXT),
    }  # fmt: skip


def figure_row(b: Builder, earlier: list[Figure]) -> dict[str, Any]:
    """A figure; it may be counted out of an earlier figure that gives a value (and then shares its incident and
    unit), carry an alternative reading, or have a value derived from the words (with a note saying how).

    A number that is not derived is one its wording writes (``crocus_data.wording.numbers``): where the
    wording drawn writes none, the value is derived.
    """
    draw, figure_id = b.draw, b.key("fig")
    qualifier = draw(st.sampled_from(list(Qualifier)))
    wording = b.wording()
    written = sorted(numbers_in(wording))
    derived = qualifier.value not in WITHOUT_NUMBER and (not written or draw(st.booleans()))
    numbers = st.integers(0, 10**9) if derived else st.sampled_from(written or [0])
    value = low = high = None
    if qualifier.value == "range":
        low, high = sorted([draw(numbers), draw(numbers)])
        inside = [n for n in written if low <= n <= high]
        if derived:  # a derived figure has its value (figure.derived)
            value = draw(st.integers(low, high))
        else:
            value = draw(st.none() | st.sampled_from(inside)) if inside else None
    elif qualifier.value not in WITHOUT_NUMBER:
        value = draw(numbers)
    alternatives = [q for q in ONE_NUMBER if q != qualifier.value] if qualifier.value in ONE_NUMBER else []
    wholes = [f for f in earlier if f.value is not None]
    whole = draw(st.none() | st.sampled_from(wholes)) if wholes else None
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


def relation_row(b: Builder) -> dict[str, Any] | None:
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


def evidence_row(b: Builder) -> list[dict[str, Any]]:
    """Every span drawn for the other tables, numbered per record."""
    counts: dict[str, int] = {}
    rows = []
    for item in b.evidence:
        counts[item["record_id"]] = counts.get(item["record_id"], 0) + 1
        rows.append({"evidence_id": f"ev-{item['record_id']}-{counts[item['record_id']]}", **item})
    return rows


def tombstone_row(b: Builder, replacements: list[str]) -> dict[str, Any]:
    """A retired id that no row uses, in the table its prefix names, perhaps replaced by another id."""
    draw = b.draw
    table = draw(st.sampled_from(sorted(PREFIXES)))
    retired_id = b.key(PREFIXES[table])
    return {
        "retired_id": retired_id, "table_name": table,
        "retired_in": f"{draw(st.integers(0, 2))}.{draw(st.integers(0, 12))}.{draw(st.integers(0, 3))}",
        "reason": draw(TEXT), "replaced_by": draw(maybe(replacements)),
    }  # fmt: skip


def coverage_notes(b: Builder) -> list[tuple[str, str, str]]:
    """A note for each sentence no evidence span falls in, naming it by its whole text (as validate demands)."""
    from crocus_data.checks.coverage import sentences

    notes: dict[tuple[str, str], tuple[str, str, str]] = {}
    for source_id in sorted(b.package.texts):
        spans = [(e["start"], e["end"]) for e in b.evidence if e["source_id"] == source_id]
        for sentence in sentences(source_id, b.text(source_id)):
            if not any(start < sentence.end and end > sentence.start for start, end in spans):
                notes[source_id, sentence.text] = (source_id, sentence.text, "generated: this sentence encodes nothing")
    return list(notes.values())
