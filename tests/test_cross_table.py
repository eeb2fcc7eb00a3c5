"""Each kind of corruption is caught, with the rule id and the file, line and column a contributor needs."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crocus_data.problems import Problem

import anchors
from scratch import ScratchRepo


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def test_shipped_data_has_no_problems(scratch: ScratchRepo) -> None:
    assert scratch.problems() == []


def test_broken_foreign_key(scratch: ScratchRepo) -> None:
    line = scratch.set_cell("statements", anchors.spoken_statement()["statement_id"], "speaker_actor_id", "act-nobody")
    problem = only(scratch.problems())
    assert (problem.file, problem.row, problem.column, problem.rule) == (
        "records/statements.csv",
        line,
        "speaker_actor_id",
        "key.foreign",
    )


def test_duplicate_primary_key(scratch: ScratchRepo) -> None:
    header, rows = scratch.read_rows("figures")
    rows.append(dict(rows[0]))
    scratch.write_rows("figures", header, rows)
    problems = scratch.problems()
    duplicate = [p for p in problems if p.rule == "key.duplicate"]
    assert [(p.row, p.column) for p in duplicate] == [(len(rows) + 1, "figure_id")]
    assert "line 2" in duplicate[0].message


def changed_quote() -> tuple[str, str]:
    """(an evidence id, its quote with one character changed): a figure's, whose wording stays in the quote."""
    figures = {row["figure_id"]: row["wording"] for row in anchors.rows("figures")}
    evidence = anchors.first(
        "evidence",
        lambda row: row["record_id"] in figures and row["quote"] != figures[row["record_id"]],
        "a figure's quote longer than its wording",
    )
    quote, wording = evidence["quote"], figures[evidence["record_id"]]
    at = next(
        i
        for i, char in enumerate(quote)
        if char.isalpha() and not (quote.find(wording) <= i < quote.find(wording) + len(wording))
    )
    return evidence["evidence_id"], f"{quote[:at]}5{quote[at + 1 :]}"


def test_one_character_of_a_quote_changed(scratch: ScratchRepo) -> None:
    key, quote = changed_quote()
    line = scratch.set_cell("evidence", key, "quote", quote)
    problem = only(scratch.problems())
    assert (problem.file, problem.row, problem.column, problem.rule) == (
        "records/evidence.csv",
        line,
        "quote",
        "evidence.quote",
    )


def test_shifted_offsets_are_caught_and_the_right_ones_suggested(scratch: ScratchRepo) -> None:
    evidence = anchors.evidence_with_a_unique_quote()
    key, start, end = evidence["evidence_id"], int(evidence["start"]), int(evidence["end"])
    scratch.set_cell("evidence", key, "start", str(start + 1))
    line = scratch.set_cell("evidence", key, "end", str(end + 1))
    problem = only(scratch.problems())
    assert (problem.row, problem.column, problem.rule) == (line, "quote", "evidence.quote")
    assert f"start={start}, end={end}" in problem.message


def test_inverted_date_bounds(scratch: ScratchRepo) -> None:
    detention = anchors.detention_dated_as_a_range()
    key, earliest, latest = detention["detention_id"], detention["detained_earliest"], detention["detained_latest"]
    line = scratch.set_cell("detentions", key, "detained_earliest", latest)
    scratch.set_cell(
        "detentions",
        key,
        "detained_latest",
        anchors.shifted(latest, -1) if earliest != anchors.shifted(latest, -1) else earliest,
    )
    problem = only(scratch.problems())
    assert (problem.file, problem.row, problem.column, problem.rule) == (
        "records/detentions.csv",
        line,
        "detained_earliest",
        "date.order",
    )
    assert "detained_earliest is after detained_latest" in problem.message


def test_event_dated_after_the_document_that_reports_it(scratch: ScratchRepo) -> None:
    detention = anchors.detention_dated_as_a_range()
    source, published = anchors.published_latest(detention["detention_id"])
    scratch.set_cell("detentions", detention["detention_id"], "detained_latest", anchors.shifted(published, 4))
    line = scratch.set_cell("detentions", detention["detention_id"], "detained_earliest", anchors.shifted(published, 2))
    problem = only(scratch.problems())
    assert (problem.row, problem.column, problem.rule) == (line, "detained_earliest", "date.after-publication")
    assert source in problem.message


def test_statement_dated_before_its_incident(scratch: ScratchRepo) -> None:
    statement = anchors.statement_dated_as_a_range()
    incident = anchors.first("incidents", lambda row: row["incident_id"] == statement["incident_id"], "its incident")
    scratch.set_cell(
        "statements", statement["statement_id"], "said_earliest", anchors.shifted(incident["date_earliest"], -21)
    )
    line = scratch.set_cell(
        "statements", statement["statement_id"], "said_latest", anchors.shifted(incident["date_earliest"], -12)
    )
    problem = only(scratch.problems())
    assert (problem.row, problem.column, problem.rule) == (line, "said_latest", "date.before-incident")


def test_row_without_evidence(scratch: ScratchRepo) -> None:
    """A row whose evidence is removed (the sentence stays backed: a copy of the row, without evidence, is added)."""
    actor = anchors.rows("actors")[0]
    header, rows = scratch.read_rows("actors")
    scratch.write_rows("actors", header, [*rows, {**actor, "actor_id": "act-without-evidence"}])
    problem = only(scratch.problems())
    assert (problem.file, problem.row, problem.column, problem.rule) == (
        "records/actors.csv",
        scratch.line_of("actors", "act-without-evidence"),
        "actor_id",
        "evidence.missing",
    )


def test_evidence_pointing_at_a_missing_source(scratch: ScratchRepo) -> None:
    """An evidence row added for a source no row of sources.csv has."""
    evidence = anchors.rows("evidence")[-1]
    header, rows = scratch.read_rows("evidence")
    scratch.write_rows(
        "evidence", header, [*rows, {**evidence, "evidence_id": "ev-elsewhere-1", "source_id": "src-999"}]
    )
    line = scratch.line_of("evidence", "ev-elsewhere-1")
    problems = scratch.problems()
    assert [(p.row, p.column, p.rule) for p in problems] == [(line, "source_id", "key.foreign")]


def test_one_byte_of_a_source_text_changed(scratch: ScratchRepo) -> None:
    source, at = anchors.unquoted_ascii_letter()
    path = scratch.data / "sources" / source["filename"]
    raw = bytearray(path.read_bytes())
    raw[at] = ord("X") if raw[at] != ord("X") else ord("Y")
    path.write_bytes(bytes(raw))
    problem = only(scratch.problems())
    assert (problem.file, problem.row, problem.rule) == (f"sources/{source['filename']}", None, "source.hash")


def test_attribution_without_statement(scratch: ScratchRepo) -> None:
    line = scratch.set_cell("figures", anchors.plain_figure()["figure_id"], "attribution", "speaker")
    problem = only(scratch.problems())
    assert (problem.row, problem.column, problem.rule) == (line, "statement_id", "attribution.statement")


def test_name_absent_from_its_evidence(scratch: ScratchRepo) -> None:
    actor = anchors.named_actor()
    line = scratch.set_cell("actors", actor["actor_id"], "name", f"{actor['name']}x")
    problem = only(scratch.problems())
    assert (problem.row, problem.column, problem.rule) == (line, "name", "evidence.name")


def test_figure_wording_absent_from_its_evidence(scratch: ScratchRepo) -> None:
    figure = anchors.plain_figure()
    line = scratch.set_cell("figures", figure["figure_id"], "wording", f"{figure['wording']} or so")
    problem = only(scratch.problems())
    assert (problem.row, problem.column, problem.rule) == (line, "wording", "evidence.wording")


def test_uncited_source(scratch: ScratchRepo) -> None:
    header, rows = scratch.read_rows("evidence")
    kept = [r for r in rows if r["source_id"] != anchors.rows("sources")[0]["source_id"]]
    scratch.write_rows("evidence", header, kept)
    rules = {p.rule for p in scratch.problems()}
    assert "source.uncited" in rules
    assert "evidence.missing" in rules


def test_every_problem_is_reported_at_once(scratch: ScratchRepo) -> None:
    scratch.set_cell("statements", anchors.spoken_statement()["statement_id"], "speaker_actor_id", "act-nobody")
    scratch.set_cell("figures", anchors.plain_figure()["figure_id"], "value", "many")
    scratch.set_cell("incidents", anchors.rows("incidents")[0]["incident_id"], "incident_type", "riot")
    rules = sorted(p.rule for p in scratch.problems())
    assert rules == ["cell.enum", "cell.type.integer", "key.foreign"]


def test_line_numbers_count_newlines_in_columns_validate_lets_go(
    scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """validate drops free-text columns after their cell checks; a later problem's line still counts
    the line breaks those columns held (here a note spanning three lines, above a broken reference)."""
    from crocus_data.cli import main

    header, rows = scratch.read_rows("statements")
    first, last = rows[0][header[0]], rows[-1][header[0]]
    scratch.set_cell("statements", first, "note", "a note\nover three\nlines")
    scratch.set_cell("statements", last, "target_actor_id", "act-nobody-at-all")
    lines = scratch.table_path("statements").read_text(encoding="utf-8").splitlines()
    line_in_file = next(number for number, line in enumerate(lines, start=1) if line.startswith(f"{last},"))
    assert main(["validate", str(scratch.data), "--format", "json"]) == 1
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert [(p["row"], p["column"], p["rule"]) for p in problems] == [(line_in_file, "target_actor_id", "key.foreign")]


def test_checks_run_side_by_side_report_in_the_order_of_checks(scratch: ScratchRepo) -> None:
    """Threads finish in any order; the problems come out as if each check ran in turn, in CHECKS order."""
    from crocus_data.checks.context import Context
    from crocus_data.checks.runner import CHECKS, run_checks
    from crocus_data.reader.package import from_descriptor

    scratch.set_cell("statements", anchors.spoken_statement()["statement_id"], "speaker_actor_id", "act-nobody")
    key, quote = changed_quote()
    scratch.set_cell("evidence", key, "quote", quote)
    header, rows = scratch.read_rows("figures")
    scratch.write_rows("figures", header, [*rows, dict(rows[0])])
    dataset = from_descriptor(scratch.data / "datapackage.json")
    in_turn = [*dataset.problems, *(problem for data in dataset.tables.values() for problem in data.problems)]
    context = Context(dataset)
    for check in CHECKS:
        in_turn.extend(check(context))
    assert len({problem.rule for problem in in_turn}) >= 3
    for _ in range(3):
        assert run_checks(from_descriptor(scratch.data / "datapackage.json")) == in_turn


@given(
    keys=st.lists(st.sampled_from(["a", "b", "c", "d", "e", None]), max_size=40),
    values=st.lists(st.sampled_from(["a", "b", "x", None]), max_size=6),
)
def test_a_lookup_among_many_keys_finds_what_a_plain_index_in_finds(
    keys: list[str | None], values: list[str | None]
) -> None:
    import pyarrow as pa
    import pyarrow.compute as pc

    from crocus_data.reader.table_data import lookup as _lookup

    key_column, value_column = pa.chunked_array([keys], pa.string()), pa.chunked_array([values], pa.string())
    target = pa.chunked_array([list(range(len(keys)))], pa.int64())
    plain = pc.take(target, pc.index_in(value_column, value_set=key_column, skip_nulls=True))  # blanks never join
    assert _lookup(value_column, key_column, target).to_pylist() == plain.to_pylist()
