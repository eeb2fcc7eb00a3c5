"""Shipped rows picked by what a test needs of them, never by their id.

A test that breaks one row (a mutation test) or reads one needs *a* row with some property: a figure
that gives a number, a statement with a speaker, a detention dated as a range. Each function here
finds the first such row in the data, so a contribution that retires any record (and any record can
be retired) breaks no test; if no row has the property any more, the test fails saying which it needs.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from crocus_data.layout import DATA_DIR

from scratch import built

Row = dict[str, str]
WITHOUT_NUMBER = {"vague", "unquantified", "unclear"}


@cache
def rows(table: str) -> tuple[Row, ...]:
    """The table's rows as the built checkout has them (strings, as in the CSV file)."""
    with (built() / DATA_DIR / "records" / f"{table}.csv").open(encoding="utf-8", newline="") as stream:
        return tuple(csv.DictReader(stream))


def first(table: str, wanted: Callable[[Row], bool], what: str) -> Row:
    """The first row of ``table`` that is ``wanted``; ``what`` says in words what the test needs."""
    found = next((row for row in rows(table) if wanted(row)), None)
    assert found is not None, f"no row of {table} is {what}: the test needs one"
    return found


def key(table: str, row: Row) -> str:
    """A row's id (its first column)."""
    return row[next(iter(rows(table)[0]))]


def evidence_of(record_id: str) -> list[Row]:
    return [row for row in rows("evidence") if row["record_id"] == record_id]


def text_of(source_id: str) -> str:
    source = first("sources", lambda row: row["source_id"] == source_id, f"the source {source_id}")
    return (built() / DATA_DIR / "sources" / source["filename"]).read_text(encoding="utf-8")


def day(text: str) -> date:
    return date.fromisoformat(text)


def shifted(text: str, days: int) -> str:
    return (day(text) + timedelta(days=days)).isoformat()


# --- figures ---------------------------------------------------------------------------------------


def plain_figure() -> Row:
    """A figure in the document's own voice giving one number as worded, underived, with no range, no
    alternative reading and no count it is out of: any cell changed in it shows on its own."""

    def plain(row: Row) -> bool:
        return (
            row["attribution"] == "source"
            and row["qualifier"] not in WITHOUT_NUMBER | {"range"}
            and bool(row["value"])
            and not (row["value_low"] or row["value_high"] or row["alternative_qualifier"] or row["out_of_figure_id"])
            and row["value_derived"] == "false"
        )

    return first("figures", plain, "a figure in the document's voice giving one number")


def vague_figure() -> Row:
    """A figure that gives no number ("a handful")."""
    return first("figures", lambda row: row["qualifier"] == "vague" and not row["value"], "a vague figure")


def figure_with_an_alternative_reading() -> Row:
    return first("figures", lambda row: bool(row["alternative_qualifier"]), "a figure with an alternative reading")


def derived_figure_with_a_note() -> Row:
    return first("figures", lambda row: row["value_derived"] == "true" and bool(row["note"]), "a derived figure")


# --- statements, actors, evidence ------------------------------------------------------------------


def spoken_statement() -> Row:
    """A statement by a named speaker, not in custody, dated, that a relation neither precedes nor follows."""
    related = {row[c] for row in rows("statement_relations") for c in ("from_statement_id", "to_statement_id")}
    return first(
        "statements",
        lambda row: (
            row["attribution"] == "speaker"
            and bool(row["speaker_actor_id"])
            and row["made_in_custody"] == "false"
            and bool(row["said_earliest"])
            and row["statement_id"] not in related
        ),
        "a dated statement by a speaker, outside custody and outside any relation",
    )


def shares_its_sentence(row: Row) -> bool:
    """Whether another evidence row backs the sentence this one begins in (so moving this one explains no less)."""
    from crocus_data.checks.coverage import sentences

    if not row["start"]:
        return False
    start = int(row["start"])
    sentence = next(
        (
            s
            for s in sentences(row["source_id"], text_of(row["source_id"]))
            if s.start <= start < max(s.end, s.start + 1)
        ),
        None,
    )
    return sentence is not None and any(
        other["evidence_id"] != row["evidence_id"]
        and other["source_id"] == row["source_id"]
        and other["start"]
        and int(other["start"]) < sentence.end
        and int(other["end"]) > sentence.start
        for other in rows("evidence")
    )


def evidence_with_a_unique_quote() -> Row:
    """An evidence row of a record other than a source, whose quote occurs once in its text and whose sentence
    another row backs too: moving or breaking it breaks nothing else."""
    return first(
        "evidence",
        lambda row: (
            row["record_id"] != row["source_id"]
            and text_of(row["source_id"]).count(row["quote"]) == 1
            and shares_its_sentence(row)
        ),
        "quoted once in its text, in a sentence another row backs too",
    )


def actor_quoted_once() -> Row:
    """An actor whose one evidence row is its only backing, and which no other row refers to."""
    referring = {
        value
        for table in ("statements", "figures", "actor_claims", "actor_links", "materials", "detentions", "actors")
        for row in rows(table)
        for column, value in row.items()
        if (column.endswith("actor_id") and column != "actor_id") or (table != "actors" and column == "actor_id")
    }
    return first(
        "actors",
        lambda row: len(evidence_of(row["actor_id"])) == 1 and row["actor_id"] not in referring,
        "an actor with one evidence row that nothing refers to",
    )


def repeated_word(source_id: str | None = None) -> tuple[str, str]:
    """(a word that occurs more than once in a source text, that source's id): an ambiguous quote."""
    for source in rows("sources"):
        if source_id is not None and source["source_id"] != source_id:
            continue
        text = text_of(source["source_id"])
        for word in sorted(set(text.split()), key=lambda w: (-len(w), w)):
            if len(word) > 3 and text.count(word) > 1:
                return word, source["source_id"]
    raise AssertionError(f"no word occurs twice in {source_id or 'any source text'}: the test needs one")


def named_actor() -> Row:
    """An actor with a name (the name stands in its evidence)."""
    return first("actors", lambda row: bool(row["name"]), "a named actor")


# --- dates -----------------------------------------------------------------------------------------


def detention_dated_as_a_range() -> Row:
    """A detention with both bounds, the earlier before the later, dated as a range."""
    return first(
        "detentions",
        lambda row: (
            row["detained_precision"] == "range"
            and bool(row["detained_earliest"] and row["detained_latest"])
            and day(row["detained_earliest"]) < day(row["detained_latest"])
        ),
        "a detention dated as a range with both bounds",
    )


def statement_dated_as_a_range() -> Row:
    """A statement about an incident, with both date bounds, dated as a range and outside any relation (so moving
    its dates moves no order a relation states)."""
    related = {row[c] for row in rows("statement_relations") for c in ("from_statement_id", "to_statement_id")}
    return first(
        "statements",
        lambda row: (
            row["said_precision"] == "range"
            and bool(row["incident_id"] and row["said_earliest"] and row["said_latest"])
            and row["statement_id"] not in related
        ),
        "a statement about an incident dated as a range",
    )


def unquoted_ascii_letter() -> tuple[Row, int]:
    """(a source, the byte offset of an ASCII letter of its text that no evidence quotes)."""
    for source in rows("sources"):
        raw = (built() / DATA_DIR / "sources" / source["filename"]).read_bytes()
        text = raw.decode("utf-8")
        if len(text) != len(raw):
            continue  # offsets count characters: take a text where a character is a byte
        quoted = {
            i
            for row in rows("evidence")
            if row["source_id"] == source["source_id"] and row["start"]
            for i in range(int(row["start"]), int(row["end"]))
        }
        for at, char in enumerate(text):
            if char.isascii() and char.isalpha() and at not in quoted:
                return source, at
    raise AssertionError("no source text has an ASCII letter outside every quote: the test needs one")


def published_latest(record_id: str) -> tuple[str, str]:
    """(source id, latest publication day) of the latest-published document a record is quoted in."""
    dated = []
    for row in evidence_of(record_id):
        source = first("sources", lambda s, r=row: s["source_id"] == r["source_id"], "the quoted source")
        if source["published_latest"]:
            dated.append((source["published_latest"], source["source_id"]))
    assert dated, f"{record_id} is quoted in no document with a latest publication day"
    latest, source_id = max(dated)
    return source_id, latest


def files_of(root: Path) -> dict[str, Path]:
    """Each source id's text file under a checkout ``root``."""
    return {row["source_id"]: root / DATA_DIR / "sources" / row["filename"] for row in rows("sources")}


# --- for the bad-input corpus (tests/corpus/cases.json names these as "@name") ---------------------


def any_source() -> Row:
    return rows("sources")[-1]


def any_actor() -> Row:
    return rows("actors")[-1]


def any_incident_link() -> Row:
    return first("incident_links", lambda row: True, "an incident link")


def any_actor_link() -> Row:
    return first("actor_links", lambda row: True, "an actor link")


def any_place() -> Row:
    return first("incident_places", lambda row: True, "a place")


def any_tombstone() -> Row:
    return first("tombstones", lambda row: True, "a tombstone")


def tombstone_not_of_statements() -> Row:
    return first("tombstones", lambda row: row["table_name"] != "statements", "a tombstone of another table")


def statement_in_the_documents_voice() -> Row:
    return first("statements", lambda row: row["attribution"] == "source", "a statement in a document's own voice")


def statement_by_someone_never_detained() -> Row:
    """A statement by a speaker no detention, and no link to a detained group, concerns."""
    detained = {row["actor_id"] for row in rows("detentions")}
    linked = {row[c] for row in rows("actor_links") for c in ("actor_id", "related_actor_id")}
    parts = {row["actor_id"] for row in rows("actors") if row["part_of_actor_id"]}
    spoken = spoken_statement()
    return first(
        "statements",
        lambda row: row == spoken and row["speaker_actor_id"] not in detained | linked | parts,
        "a statement by a speaker never detained",
    )


def incident_of_a_ranged_statement() -> Row:
    incident = statement_dated_as_a_range()["incident_id"]
    return first("incidents", lambda row: row["incident_id"] == incident, "its incident")


def report_of_a_ranged_detention() -> Row:
    source_id, _ = published_latest(detention_dated_as_a_range()["detention_id"])
    return first("sources", lambda row: row["source_id"] == source_id, "its report")


def nationality_claim() -> Row:
    return first(
        "actor_claims", lambda row: row["attribute"] == "nationality" and not row["role"], "a nationality claim"
    )


def claim_with_a_worded_value() -> Row:
    return first("actor_claims", lambda row: row["attribute"] == "origin" and bool(row["value"]), "a claim of origin")


def actor_part_of_another() -> Row:
    """An actor part of another that is itself part of none."""
    parents = {row["actor_id"]: row["part_of_actor_id"] for row in rows("actors")}
    return first(
        "actors",
        lambda row: bool(row["part_of_actor_id"]) and not parents.get(row["part_of_actor_id"]),
        "an actor part of another",
    )


def unclear_figure_out_of_a_whole() -> Row:
    return first(
        "figures", lambda row: row["qualifier"] == "unclear" and bool(row["out_of_figure_id"]), "an unclear count"
    )


def figure_without_a_value() -> Row:
    return first(
        "figures",
        lambda row: row["qualifier"] in ("vague", "unquantified") and not row["value"],
        "a figure without a value",
    )


def relation_to_something_else_than_a_statement() -> Row:
    return first(
        "statement_relations",
        lambda row: (
            not row["to_statement_id"] and bool(row["to_claim_id"] or row["to_figure_id"] or row["to_material_id"])
        ),
        "a relation to a claim, figure or material",
    )


def _said(statement_id: str) -> tuple[str, str]:
    row = first("statements", lambda r: r["statement_id"] == statement_id, statement_id)
    return row["said_earliest"], row["said_latest"]


def precedence_between_equal_dates() -> Row:
    """A 'precedes' relation between two statements with the same date bounds (turned around, only a cycle)."""
    return first(
        "statement_relations",
        lambda row: row["relation"] == "precedes" and _said(row["from_statement_id"]) == _said(row["to_statement_id"]),
        "a precedence between statements dated alike",
    )


def another_precedence() -> Row:
    other = precedence_between_equal_dates()
    return first(
        "statement_relations", lambda row: row["relation"] == "precedes" and row != other, "a second precedence"
    )


def precedence_and_a_later_statement() -> Row:
    """A 'precedes' relation, with ``later``: a statement said wholly after the one it precedes."""
    for row in rows("statement_relations"):
        if row["relation"] != "precedes":
            continue
        _, latest = _said(row["to_statement_id"])
        for statement in rows("statements"):
            if latest and statement["said_earliest"] and day(statement["said_earliest"]) > day(latest):
                return {**row, "later": statement["statement_id"]}
    raise AssertionError("no precedence with a statement said after it: the test needs one")


def source_backed_by_its_first_line() -> Row:
    """A source whose row has one evidence row, in its text's first line, the only span in that line."""
    for source in rows("sources"):
        text = text_of(source["source_id"])
        first_line = text.find("\n") if "\n" in text else len(text)
        own = evidence_of(source["source_id"])
        in_first_line = [
            r
            for r in rows("evidence")
            if r["source_id"] == source["source_id"] and r["start"] and int(r["start"]) < first_line
        ]
        if len(own) == 1 and own[0]["start"] and int(own[0]["start"]) < first_line and in_first_line == own:
            return source
    raise AssertionError("no source backed by its first line alone: the test needs one")


def unquoted_passage() -> Row:
    """A source with ``passage``, a stretch of ASCII words of its text that no evidence quotes and that occurs once,
    ending in a letter, and ``altered``, the same with its last letter changed."""
    source, at = unquoted_ascii_letter()
    text = text_of(source["source_id"])
    quoted = {
        i
        for row in rows("evidence")
        if row["source_id"] == source["source_id"] and row["start"]
        for i in range(int(row["start"]), int(row["end"]))
    }
    for start in range(at, len(text)):
        for end in range(start + 8, min(start + 40, len(text)) + 1):
            passage = text[start:end]
            if (
                passage.isascii()
                and passage[-1].isalpha()
                and text.count(passage) == 1
                and not quoted & set(range(start, end))
            ):
                altered = passage[:-1] + ("X" if passage[-1] != "X" else "Y")
                return {**source, "passage": passage, "altered": altered}
    raise AssertionError("no unquoted passage in any source text: the test needs one")


def evidence_past_the_end() -> Row:
    """An evidence row, with ``beyond_start`` and ``beyond_end``: offsets of the quote's length past its text's end."""
    row = evidence_with_a_unique_quote()
    beyond = len(text_of(row["source_id"])) + 1000
    return {**row, "beyond_start": str(beyond), "beyond_end": str(beyond + len(row["quote"]))}


def evidence_narrowed_to_a_space() -> Row:
    """An evidence row quoted once in its text, with ``space_start`` and ``space_end``: the offsets of the first
    space inside its quote (a span of the text that holds no word)."""
    row = evidence_with_a_unique_quote()
    at = int(row["start"]) + row["quote"].index(" ")
    return {**row, "space_start": str(at), "space_end": str(at + 1)}


def evidence_with_a_changed_character() -> Row:
    """A figure's evidence row whose quote is longer than the figure's wording, with ``changed``: the quote with one
    letter outside the wording changed (so only the quote no longer stands in the text)."""
    wordings = {row["figure_id"]: row["wording"] for row in rows("figures")}
    row = first(
        "evidence",
        lambda r: (
            r["record_id"] in wordings
            and wordings[r["record_id"]] in r["quote"]
            and r["quote"] != wordings[r["record_id"]]
        ),
        "a figure's quote longer than its wording",
    )
    quote, wording = row["quote"], wordings[row["record_id"]]
    inside = range(quote.find(wording), quote.find(wording) + len(wording))
    at = next(i for i, char in enumerate(quote) if char.isalpha() and i not in inside)
    return {**row, "changed": f"{quote[:at]}5{quote[at + 1 :]}"}


def source_with_a_repeated_first_word() -> Row:
    """A source with ``word``: a word that begins several of its sentences (as the coverage check splits them)."""
    from crocus_data.checks.coverage import sentences

    for source in rows("sources"):
        firsts = [
            sentence.text.split()[0]
            for sentence in sentences(source["source_id"], text_of(source["source_id"]))
            if sentence.text.split()
        ]
        for word in firsts:
            if firsts.count(word) > 1:
                return {**source, "word": word}
    raise AssertionError("no word begins two sentences of a source: the test needs one")


# --- the gate's cases: meaning, history ------------------------------------------------------------


def another_tombstone() -> Row:
    """A tombstone other than ``any_tombstone`` (two are needed to make a loop of replacements)."""
    one = any_tombstone()["retired_id"]
    return first("tombstones", lambda row: row["retired_id"] != one, "a second tombstone")


def tombstone_of_evidence() -> Row:
    """A retired evidence id (one a contributor could reuse as another evidence row's id)."""
    return first("tombstones", lambda row: row["table_name"] == "evidence", "a tombstone of an evidence row")


def figure_with_a_sibling() -> Row:
    """A figure giving a number, with ``sibling``: another one of the same incident and unit, neither counted out of
    anything nor unclear (pointing each at the other is a loop, and nothing else)."""
    givers = [
        row
        for row in rows("figures")
        if row["value"] and row["qualifier"] not in WITHOUT_NUMBER and not row["out_of_figure_id"]
    ]
    for row in givers:
        for other in givers:
            if other is not row and (other["incident_id"], other["unit"]) == (row["incident_id"], row["unit"]):
                return {**row, "sibling": other["figure_id"]}
    raise AssertionError("no two figures of one incident and unit give numbers: the test needs them")


def _incident_start(incident_id: str) -> str:
    return first("incidents", lambda row: row["incident_id"] == incident_id, f"the incident {incident_id}")[
        "date_earliest"
    ]


def _writes_the_day(record_id: str, day_text: str) -> bool:
    """Whether some evidence quote of the record writes the day (as '26 May' or 'May 26')."""
    when = day(day_text)
    forms = (f"{when.day} {when:%B}", f"{when:%B} {when.day}")
    return any(form in row["quote"] for row in evidence_of(record_id) for form in forms)


def statement_dated_by_context() -> Row:
    """A statement dated as a range from its context (not stated), not in custody and outside any relation, whose
    earliest day its quotes do not write and which its incident had begun by: marking that day as stated breaks
    only ``date.stated``."""
    related = {row[c] for row in rows("statement_relations") for c in ("from_statement_id", "to_statement_id")}
    return first(
        "statements",
        lambda row: (
            row["said_precision"] == "range"
            and row["said_derivation"] != "stated"
            and row["made_in_custody"] == "false"
            and bool(row["incident_id"] and row["said_earliest"] and row["said_latest"])
            and row["statement_id"] not in related
            and _incident_start(row["incident_id"]) <= row["said_earliest"]
            and not _writes_the_day(row["statement_id"], row["said_earliest"])
        ),
        "a statement dated from its context",
    )


def statement_in_custody_of_one_detention() -> Row:
    """A statement made in custody, dated as a range, by a speaker with one detention (``detention_id``) dated as a
    range that ends after the statement's first day: the detention moved to the day after it leaves the
    statement before every detention of its speaker."""
    related = {row[c] for row in rows("statement_relations") for c in ("from_statement_id", "to_statement_id")}
    for row in rows("statements"):
        held = [d for d in rows("detentions") if d["actor_id"] == row["speaker_actor_id"]]
        if (
            row["made_in_custody"] == "true"
            and row["said_precision"] == "range"
            and row["said_earliest"]
            and row["statement_id"] not in related
            and len(held) == 1
            and held[0]["detained_precision"] == "range"
            and held[0]["detained_latest"] > shifted(row["said_earliest"], 1)
        ):
            return {**row, "detention_id": held[0]["detention_id"]}
    raise AssertionError("no statement made in custody by a speaker detained once: the test needs one")
