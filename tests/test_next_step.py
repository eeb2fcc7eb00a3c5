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

from scratch import ScratchRepo

EVIDENCE = "records/evidence.csv"


def evidence_problems(scratch: ScratchRepo) -> list[Problem]:
    return [problem for problem in scratch.problems() if problem.file == EVIDENCE]


def test_a_source_missing_from_the_descriptor_says_run_the_build(scratch: ScratchRepo) -> None:
    path = scratch.data / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != "src-004"]
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    assert scratch.problems() == [
        Problem(
            "records/sources.csv",
            scratch.line_of("sources", "src-004"),
            "source_id",
            Rule.SOURCE_MISSING,
            "the descriptor lists no text resource named 'src-004'; run `crocus-data build`, which lists every "
            "source of sources.csv",
        )
    ]
    assert build(scratch.root).problems == []
    assert scratch.problems() == []


def test_empty_offsets_say_where_the_quote_stands_and_fill_offsets_writes_them(scratch: ScratchRepo) -> None:
    start, end = scratch.cell("evidence", "ev-act-nato-1", "start"), scratch.cell("evidence", "ev-act-nato-1", "end")
    source = scratch.cell("evidence", "ev-act-nato-1", "source_id")
    line = scratch.set_cell("evidence", "ev-act-nato-1", "start", "")
    scratch.set_cell("evidence", "ev-act-nato-1", "end", "")
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
    assert (scratch.cell("evidence", "ev-act-nato-1", "start"), scratch.cell("evidence", "ev-act-nato-1", "end")) == (
        start,
        end,
    )


def test_an_absent_quote_names_the_closest_text_and_the_first_character_that_differs(scratch: ScratchRepo) -> None:
    line = scratch.set_cell("evidence", "ev-act-tajik-mfa-1", "quote", "Tajikistan's ministry of foreign affairs")
    scratch.set_cell("evidence", "ev-act-tajik-mfa-1", "start", "")
    scratch.set_cell("evidence", "ev-act-tajik-mfa-1", "end", "")
    expected = Problem(
        EVIDENCE,
        line,
        "quote",
        Rule.EVIDENCE_QUOTE,
        "the quote does not occur in the source text; the closest text is 'Tajikistan’s ministry of foreign "  # noqa: RUF001
        "affairs' (start=723); it first differs at character 11 of the quote, which has \"'\" where the text has "
        "'’'; copy it exactly, curly quotes included",  # noqa: RUF001
    )
    assert evidence_problems(scratch) == [expected]
    assert fill_offsets_in(scratch.data) == [expected]


def test_a_repeated_quote_lists_its_occurrences_and_a_chosen_start_is_filled(scratch: ScratchRepo) -> None:
    line = scratch.set_cell("evidence", "ev-act-nato-1", "quote", "NATO")
    scratch.set_cell("evidence", "ev-act-nato-1", "start", "")
    scratch.set_cell("evidence", "ev-act-nato-1", "end", "")
    starts = occurrences(crocus_data.source_text("src-004"), "NATO")
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
    scratch.set_cell("evidence", "ev-act-nato-1", "start", str(starts[0]))
    assert evidence_problems(scratch) == [
        Problem(
            EVIDENCE,
            line,
            "end",
            Rule.CELL_REQUIRED,
            f"end is empty; the quote stands in src-004 at start={starts[0]}, end={starts[0] + 4}: run "
            "`crocus-data fill-offsets` to write them",
        )
    ]
    assert fill_offsets_in(scratch.data) == []
    assert build(scratch.root).problems == []  # the quote changed: the Parquet copy follows
    assert scratch.problems() == []


def test_a_reference_to_no_row_suggests_the_nearest_id(scratch: ScratchRepo) -> None:
    line = scratch.set_cell("statements", "stm-iskp-claim", "speaker_actor_id", "act-iskpp")
    far = scratch.set_cell("statements", "stm-isis-claim", "speaker_actor_id", "act-zzzzzzzzzzzzzzzzzzzzz")
    assert [p for p in scratch.problems() if p.rule is Rule.KEY_FOREIGN] == [
        Problem(
            "records/statements.csv",
            line,
            "speaker_actor_id",
            Rule.KEY_FOREIGN,
            "'act-iskpp' is not a actors id (did you mean 'act-iskp'?); add that row or fix the reference",
        ),
        Problem(
            "records/statements.csv",
            far,
            "speaker_actor_id",
            Rule.KEY_FOREIGN,
            "'act-zzzzzzzzzzzzzzzzzzzzz' is not a actors id; add that row or fix the reference",
        ),
    ]


def test_evidence_for_no_row_suggests_the_nearest_id(scratch: ScratchRepo) -> None:
    line = scratch.set_cell("evidence", "ev-act-nato-1", "record_id", "act-nat")
    assert [p for p in scratch.problems() if p.rule is Rule.EVIDENCE_RECORD] == [
        Problem(
            EVIDENCE,
            line,
            "record_id",
            Rule.EVIDENCE_RECORD,
            "no row of any table has id 'act-nat' (did you mean 'act-nato'?); fix the record_id or add that row",
        )
    ]


def test_suggestions_stay_within_their_budget(scratch: ScratchRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cross_table, "MAX_KEY_HINTS", 1)
    scratch.set_cell("statements", "stm-iskp-claim", "speaker_actor_id", "act-iskpp")
    scratch.set_cell("statements", "stm-isis-claim", "speaker_actor_id", "act-isiss")
    messages = [p.message for p in scratch.problems() if p.rule is Rule.KEY_FOREIGN]
    assert ["did you mean" in message for message in messages] == [True, False]


@pytest.mark.parametrize(
    ("quote", "start", "found", "differs_at"),
    [
        ("around 551", 214, "around 550", 9),  # a character replaced
        ("the militants had alredy managed", 294, "the militants had already managed", 22),  # one dropped
        ("Russian security  forces", 831, "Russian security forces", 17),  # one added
        ("Xhe Russian media first", 500, "The Russian media first", 0),  # the very first one
    ],
)
def test_closest_finds_the_text_a_typo_came_from(quote: str, start: int, found: str, differs_at: int) -> None:
    near = closest(crocus_data.source_text("src-000"), quote)
    assert near is not None and (near.start, near.text, near.differs_at) == (start, found, differs_at)


def test_closest_gives_up_when_nothing_is_close_or_the_text_is_too_long(monkeypatch: pytest.MonkeyPatch) -> None:
    text = crocus_data.source_text("src-000")
    assert closest(text, "words that are in no source") is None
    monkeypatch.setattr("crocus_data.limits.MAX_HINT_TEXT", len(text) - 1)
    assert closest(text, "around 551") is None


def test_build_refuses_with_exactly_the_problems_validate_lists(scratch: ScratchRepo) -> None:
    scratch.set_cell("statements", "stm-iskp-claim", "speaker_actor_id", "act-iskpp")
    scratch.set_cell("evidence", "ev-act-nato-1", "start", "")
    validated = from_descriptor(scratch.root / "datapackage.json")
    assert build(scratch.root).problems == run_checks(validated) != []
    assert all(problem.file.startswith(f"{DATA_DIR.as_posix()}/") for problem in build(scratch.root).problems)
