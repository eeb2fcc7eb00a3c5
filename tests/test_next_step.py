"""Every error a contributor meets on the way says the next step, in exact words, and the step works.

A source missing from the descriptor says to run the build; an empty evidence offset says what
``fill-offsets`` would write, or why it cannot (the closest text and the first character that
differs); a reference that names no row suggests the nearest id. ``fill-offsets`` and ``validate``
report the same problem for the same row, and ``build`` refuses with exactly the problems ``validate``
lists.
"""

from __future__ import annotations

import json

import pytest

import crocus_data
from crocus_data.build import build
from crocus_data.checks import keys as cross_table
from crocus_data.checks import run_checks
from crocus_data.editing.fill_offsets import fill_offsets_in
from crocus_data.layout import DATA_DIR
from crocus_data.locate import closest, occurrences
from crocus_data.problems import Problem
from crocus_data.reader.package import from_descriptor
from crocus_data.rule_registry import Rule

import anchors
from scratch import ScratchRepo

EVIDENCE = "records/evidence.csv"


def evidence_problems(scratch: ScratchRepo) -> list[Problem]:
    return [problem for problem in scratch.problems() if problem.file == EVIDENCE]


def test_a_source_missing_from_the_descriptor_says_run_the_build(scratch: ScratchRepo) -> None:
    source = anchors.rows("sources")[-1]["source_id"]
    path = scratch.data / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != source]
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    assert scratch.problems() == [
        Problem(
            "records/sources.csv",
            scratch.line_of("sources", source),
            "source_id",
            Rule.SOURCE_MISSING,
            f"the descriptor lists no text resource named '{source}'; run `crocus-data build`, which lists every "
            "source of sources.csv",
        )
    ]
    assert build(scratch.root).problems == []
    assert scratch.problems() == []


def test_empty_offsets_say_where_the_quote_stands_and_fill_offsets_writes_them(scratch: ScratchRepo) -> None:
    evidence = anchors.evidence_with_a_unique_quote()
    key, start, end, source = evidence["evidence_id"], evidence["start"], evidence["end"], evidence["source_id"]
    line = scratch.set_cell("evidence", key, "start", "")
    scratch.set_cell("evidence", key, "end", "")
    assert scratch.problems() == [
        Problem(
            EVIDENCE,
            line,
            "start",
            Rule.CELL_REQUIRED,
            f"start and end are empty; the quote stands in {source} at start={start}, end={end}: run "
            "`crocus-data fill-offsets` to write them",
        )
    ]
    assert fill_offsets_in(scratch.data) == []
    assert scratch.problems() == []
    assert (scratch.cell("evidence", key, "start"), scratch.cell("evidence", key, "end")) == (start, end)


def test_an_absent_quote_names_the_closest_text_and_the_first_character_that_differs(scratch: ScratchRepo) -> None:
    """A straight apostrophe typed for the text's curly one, the usual slip."""
    evidence = anchors.first(
        "evidence",
        lambda row: "\u2019" in row["quote"] and anchors.text_of(row["source_id"]).count(row["quote"]) == 1,
        "a quote with a curly apostrophe",
    )
    quote = evidence["quote"]
    typed = quote.replace("\u2019", "'")
    line = scratch.set_cell("evidence", evidence["evidence_id"], "quote", typed)
    scratch.set_cell("evidence", evidence["evidence_id"], "start", "")
    scratch.set_cell("evidence", evidence["evidence_id"], "end", "")
    expected = Problem(
        EVIDENCE,
        line,
        "quote",
        Rule.EVIDENCE_QUOTE,
        f"the quote does not occur in the source text; the closest text is '{quote}' (start={evidence['start']}); "
        f'it first differs at character {quote.index(chr(0x2019)) + 1} of the quote, which has "\'" where the text '
        "has '\u2019'; copy it exactly, curly quotes included",
    )
    assert evidence_problems(scratch) == [expected]
    assert fill_offsets_in(scratch.data) == [expected]


def test_a_repeated_quote_lists_its_occurrences_and_a_chosen_start_is_filled(scratch: ScratchRepo) -> None:
    """A new evidence row (a second span for a record) quoting a word its text has more than once."""
    word, source = anchors.repeated_word()
    record = anchors.first("evidence", lambda row: row["source_id"] == source, f"evidence from {source}")
    key = f"{record['evidence_id']}-repeated"
    header, rows = scratch.read_rows("evidence")
    scratch.write_rows(
        "evidence", header, [*rows, {**record, "evidence_id": key, "quote": word, "start": "", "end": ""}]
    )
    line = scratch.line_of("evidence", key)
    starts = occurrences(crocus_data.source_text(source), word)
    expected = Problem(
        EVIDENCE,
        line,
        "quote",
        Rule.EVIDENCE_QUOTE,
        f"the quote occurs {len(starts)} times (at {', '.join(map(str, starts))}); quote more words or write the "
        "start of the one you mean in the start cell",
    )
    assert len(starts) > 1 and evidence_problems(scratch) == [expected]
    assert fill_offsets_in(scratch.data) == [expected]
    scratch.set_cell("evidence", key, "start", str(starts[0]))
    assert evidence_problems(scratch) == [
        Problem(
            EVIDENCE,
            line,
            "end",
            Rule.CELL_REQUIRED,
            f"end is empty; the quote stands in {source} at start={starts[0]}, end={starts[0] + len(word)}: run "
            "`crocus-data fill-offsets` to write them",
        )
    ]
    assert fill_offsets_in(scratch.data) == []
    assert build(scratch.root).problems == []  # the quote changed: the Parquet copy follows
    assert scratch.problems() == []


def two_statements_with_speakers() -> tuple[anchors.Row, anchors.Row]:
    spoken = [row for row in anchors.rows("statements") if row["speaker_actor_id"]]
    assert len(spoken) >= 2, "the test needs two statements with a speaker"
    return spoken[0], spoken[1]


def test_a_reference_to_no_row_suggests_the_nearest_id(scratch: ScratchRepo) -> None:
    near, far = two_statements_with_speakers()
    typo = near["speaker_actor_id"] + near["speaker_actor_id"][-1]
    line = scratch.set_cell("statements", near["statement_id"], "speaker_actor_id", typo)
    far_line = scratch.set_cell("statements", far["statement_id"], "speaker_actor_id", "act-zzzzzzzzzzzzzzzzzzzzz")
    assert sorted(p for p in scratch.problems() if p.rule is Rule.KEY_FOREIGN) == sorted(
        [
            Problem(
                "records/statements.csv",
                line,
                "speaker_actor_id",
                Rule.KEY_FOREIGN,
                f"'{typo}' is not a actors id (did you mean '{near['speaker_actor_id']}'?); add that row or fix the "
                "reference",
            ),
            Problem(
                "records/statements.csv",
                far_line,
                "speaker_actor_id",
                Rule.KEY_FOREIGN,
                "'act-zzzzzzzzzzzzzzzzzzzzz' is not a actors id; add that row or fix the reference",
            ),
        ]
    )


def test_evidence_for_no_row_suggests_the_nearest_id(scratch: ScratchRepo) -> None:
    evidence = anchors.rows("evidence")[-1]
    typo = evidence["record_id"][:-1]
    line = scratch.set_cell("evidence", evidence["evidence_id"], "record_id", typo)
    assert [p for p in scratch.problems() if p.rule is Rule.EVIDENCE_RECORD] == [
        Problem(
            EVIDENCE,
            line,
            "record_id",
            Rule.EVIDENCE_RECORD,
            f"no row of any table has id '{typo}' (did you mean '{evidence['record_id']}'?); fix the record_id or add "
            "that row",
        )
    ]


def test_suggestions_stay_within_their_budget(scratch: ScratchRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cross_table, "MAX_KEY_HINTS", 1)
    for statement in two_statements_with_speakers():
        typo = statement["speaker_actor_id"] + statement["speaker_actor_id"][-1]
        scratch.set_cell("statements", statement["statement_id"], "speaker_actor_id", typo)
    messages = [p.message for p in scratch.problems() if p.rule is Rule.KEY_FOREIGN]
    assert ["did you mean" in message for message in messages] == [True, False]


def typos() -> list[tuple[str, str, int, str, int]]:
    """(source, typed quote, start, the text it came from, where it first differs): each kind of slip, on a
    quote of the data (one long enough to be told from the rest of its text)."""
    evidence = anchors.first(
        "evidence",
        lambda row: len(row["quote"]) >= 30 and " " in row["quote"][5:-5] and row["quote"][:5].isalpha(),
        "a long quote",
    )
    quote, start, source = evidence["quote"], int(evidence["start"]), evidence["source_id"]
    space = quote.index(" ", 5)
    letter = next(i for i in range(3, len(quote)) if quote[i].isalpha())
    replaced = "x" if quote[letter] != "x" else "y"
    first = "X" if quote[0] != "X" else "Y"
    return [
        (source, quote[:letter] + replaced + quote[letter + 1 :], start, quote, letter),  # a character replaced
        (source, quote[:letter] + quote[letter + 1 :], start, quote, letter),  # one dropped
        (source, quote[:space] + " " + quote[space:], start, quote, space + 1),  # one added
        (source, first + quote[1:], start, quote, 0),  # the very first one
    ]


@pytest.mark.parametrize(("source", "quote", "start", "found", "differs_at"), typos())
def test_closest_finds_the_text_a_typo_came_from(
    source: str, quote: str, start: int, found: str, differs_at: int
) -> None:
    near = closest(crocus_data.source_text(source), quote)
    assert near is not None and (near.start, near.text, near.differs_at) == (start, found, differs_at)


def test_closest_gives_up_when_nothing_is_close_or_the_text_is_too_long(monkeypatch: pytest.MonkeyPatch) -> None:
    source, typed, *_ = typos()[0]
    text = crocus_data.source_text(source)
    assert closest(text, "words that are in no source") is None
    assert closest(text, typed) is not None
    monkeypatch.setattr("crocus_data.limits.MAX_HINT_TEXT", len(text) - 1)
    assert closest(text, typed) is None


def test_build_refuses_with_exactly_the_problems_validate_lists(scratch: ScratchRepo) -> None:
    near, _ = two_statements_with_speakers()
    scratch.set_cell("statements", near["statement_id"], "speaker_actor_id", near["speaker_actor_id"] + "x")
    scratch.set_cell("evidence", anchors.evidence_with_a_unique_quote()["evidence_id"], "start", "")
    validated = from_descriptor(scratch.root / "datapackage.json")
    assert build(scratch.root).problems == run_checks(validated) != []
    assert all(problem.file.startswith(f"{DATA_DIR.as_posix()}/") for problem in build(scratch.root).problems)
