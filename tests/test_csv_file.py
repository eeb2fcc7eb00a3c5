"""Reading the hand-encoded CSV: strict parsing, one clear problem per bad cell, canonical round trip."""

from __future__ import annotations

from pathlib import Path

import pytest

from crocus_data.models import MODELS, Figure, Incident
from crocus_data.models.columns import column_names
from crocus_data.problems import Problem
from crocus_data.published.csv_codec import render_table
from crocus_data.reader.csv_file import read_table
from crocus_data.reader.table_data import to_records

from scratch import REPO

HEADER = ",".join(column_names(Figure))
GOOD = "fig-x,inc-a,killed,people,3,,,false,bare,,,three,,source,,"


def read(tmp_path: Path, content: bytes, model: type = Figure) -> tuple[list[dict[str, object]], list[Problem]]:
    path = tmp_path / "t.csv"
    path.write_bytes(content)
    result = read_table(path, model, "t.csv")
    return ([] if result.table is None else result.table.to_pylist()), result.problems


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.table)
def test_shipped_tables_round_trip_byte_for_byte(model: type) -> None:
    path = REPO / "crocus_data" / "data" / "records" / f"{model.table}.csv"
    result = read_table(path, model, path.name)
    assert result.problems == []
    assert render_table(model, to_records(result)) == path.read_bytes()


def test_good_row_parses(tmp_path: Path) -> None:
    rows, problems = read(tmp_path, f"{HEADER}\n{GOOD}\n".encode())
    assert problems == []
    assert (rows[0]["value"], rows[0]["actor_id"], rows[0]["wording"]) == (3, None, "three")


@pytest.mark.parametrize(
    ("header", "fragment"),
    [
        (HEADER.replace(",note", ""), "missing column(s) note"),
        (HEADER + ",extra", "unknown column(s) extra"),
        (HEADER.replace("figure_id,incident_id", "incident_id,figure_id"), "out of order"),
    ],
)
def test_header_must_match(tmp_path: Path, header: str, fragment: str) -> None:
    _, problems = read(tmp_path, f"{header}\n".encode())
    assert [(p.row, p.rule) for p in problems] == [(1, "file.header")]
    assert fragment in problems[0].message


@pytest.mark.parametrize(
    ("column", "bad", "rule"),
    [
        ("value", "3.5", "cell.type.integer"),
        ("value", "-1", "cell.minimum"),
        ("measure", "wounded", "cell.enum"),
        ("figure_id", "FIG X", "cell.pattern"),
        ("wording", "", "cell.required"),
    ],
)
def test_bad_cell_names_line_column_and_rule(tmp_path: Path, column: str, bad: str, rule: str) -> None:
    cells = dict(zip(HEADER.split(","), GOOD.split(","), strict=True))
    cells[column] = bad
    content = f"{HEADER}\n{GOOD.replace('fig-x', 'fig-y')}\n{','.join(cells.values())}\n".encode()
    rows, problems = read(tmp_path, content)
    assert [(p.file, p.row, p.column, p.rule) for p in problems] == [("t.csv", 3, column, rule)]
    assert len(rows) == 2


def test_date_and_boolean_cells(tmp_path: Path) -> None:
    header = ",".join(column_names(Incident))
    row = "inc-a,A,armed_attack,22/03/2024,,open,stated,,,"
    _, problems = read(tmp_path, f"{header}\n{row}\n".encode(), Incident)
    assert [(p.column, p.rule) for p in problems] == [("date_earliest", "cell.type.date")]
    assert "YYYY-MM-DD" in problems[0].message


def test_row_rule_is_reported_on_the_row(tmp_path: Path) -> None:
    row = GOOD.replace(",3,,,false,bare,", ",,,,false,at_least,")
    _, problems = read(tmp_path, f"{HEADER}\n{row}\n".encode())
    assert [(p.row, p.column, p.rule) for p in problems] == [(2, "value", "figure.value")]
    assert "needs a value" in problems[0].message


def test_row_rule_is_not_evaluated_on_a_cell_that_failed_to_parse(tmp_path: Path) -> None:
    row = GOOD.replace(",3,,,false,bare,", ",many,,,false,bare,")
    _, problems = read(tmp_path, f"{HEADER}\n{row}\n".encode())
    assert [(p.column, p.rule) for p in problems] == [("value", "cell.type.integer")]


@pytest.mark.parametrize(("cell", "first"), [("=1+1", "="), ("+7", "+"), ("-x", "-"), ("@cmd", "@")])
def test_spreadsheet_formula_cells_are_flagged(tmp_path: Path, cell: str, first: str) -> None:
    row = GOOD.replace(",three,", f",{cell},")
    _, problems = read(tmp_path, f"{HEADER}\n{row}\n".encode())
    assert [(p.row, p.column, p.rule) for p in problems] == [(2, "wording", "hygiene.formula")]
    assert f"'{first}'" in problems[0].message


def test_text_must_be_nfc(tmp_path: Path) -> None:
    row = GOOD.replace(",three,", ",thre\u0065\u0301,")  # e + combining acute: NFD
    _, problems = read(tmp_path, f"{HEADER}\n{row}\n".encode())
    assert [(p.column, p.rule) for p in problems] == [("wording", "text.nfc")]


def test_impossible_date_is_a_type_error(tmp_path: Path) -> None:
    header = ",".join(column_names(Incident))
    row = "inc-a,A,armed_attack,2024-02-30,2024-03-01,range,relative,why,,"
    _, problems = read(tmp_path, f"{header}\n{row}\n".encode(), Incident)
    assert [(p.column, p.rule) for p in problems] == [("date_earliest", "cell.type.date")]


def test_line_numbers_count_multiline_cells(tmp_path: Path) -> None:
    first = GOOD.replace(",three,", ',"three\nlines\nlong",')
    second = GOOD.replace("fig-x", "fig-y").replace(",3,", ",x,")
    _, problems = read(tmp_path, f"{HEADER}\n{first}\n{second}\n".encode())
    assert [(p.row, p.column) for p in problems] == [(5, "value")]


def test_wrong_number_of_cells(tmp_path: Path) -> None:
    _, problems = read(tmp_path, f"{HEADER}\n{GOOD},extra\n".encode())
    assert [(p.row, p.rule) for p in problems] == [(2, "row.length")]


# pyarrow decodes a broken row's text for its handler and reports the decoding error as unraisable;
# the validator then finds and reports the bad byte itself.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_invalid_utf8_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    _, problems = read(tmp_path, f"{HEADER}\n".encode() + b"fig-x,\xff\xfe\n")
    assert [(p.row, p.rule) for p in problems] == [(2, "file.encoding")]


def test_byte_order_mark_is_refused(tmp_path: Path) -> None:
    _, problems = read(tmp_path, b"\xef\xbb\xbf" + f"{HEADER}\n".encode())
    assert [p.rule for p in problems] == ["file.encoding"]


def test_empty_and_missing_files(tmp_path: Path) -> None:
    assert [p.rule for p in read(tmp_path, b"")[1]] == ["file.header"]
    assert read(tmp_path, f"{HEADER}\n".encode()) == ([], [])
    assert [p.rule for p in read_table(tmp_path / "absent.csv", Figure, "absent.csv").problems] == ["file.missing"]


def test_oversized_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("wb") as stream:
        stream.truncate(2 * 1024 * 1024 * 1024)  # a sparse 2 GiB file: reading it whole would hurt
    result = read_table(path, Figure, "big.csv")
    assert [p.rule for p in result.problems] == ["file.too-large"] and result.table is None


def test_unterminated_quote_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    _, problems = read(tmp_path, f'{HEADER}\nfig-x,"inc-a,killed\n'.encode())
    assert [p.rule for p in problems] in (["file.csv"], ["row.length"])


def test_empty_cells_become_null_in_every_chunk() -> None:
    """Big files are read in several chunks: the empty cells of each must be nulled, none shifted."""
    import pyarrow as pa

    from crocus_data.reader.cells import _nulled

    cells = pa.chunked_array([["a", "", "b"], ["", "c"], [], ["d", ""]], pa.string())
    assert _nulled(cells).to_pylist() == ["a", None, "b", None, "c", "d", None]
    assert _nulled(pa.chunked_array([pa.array(["x", "", "y"]).slice(1)])).to_pylist() == [None, "y"]
