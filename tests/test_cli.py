"""The command line: exit codes 0/1/2, readable and JSON output, no tracebacks."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

import crocus_data
from crocus_data.cli import main
from crocus_data.layout import SCHEMAS_DIR
from crocus_data.rule_registry import Rule

import anchors
from scratch import REPO, ScratchRepo


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_validate_shipped_data_prints_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "validate")
    assert status == 0
    assert "valid: " in out
    for table in ("sources", "figures", "evidence"):
        assert table in out


def test_validate_a_checkout_by_its_root(scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "validate", str(scratch.root))[0] == 0


def test_validate_reports_file_line_column_and_rule(scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]) -> None:
    figure = anchors.plain_figure()
    line = scratch.set_cell("figures", figure["figure_id"], "value", f"{figure['value']}.0")
    status, out, _ = run(capsys, "validate", str(scratch.data))
    assert status == 1
    assert f"records/figures.csv:{line} [value]: cell.type.integer: '{figure['value']}.0' is not a whole number" in out


def test_validate_json_output(scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]) -> None:
    line = scratch.set_cell("figures", anchors.plain_figure()["figure_id"], "qualifier", "roughly")
    status, out, _ = run(capsys, "validate", str(scratch.data), "--format", "json")
    document = json.loads(out)
    assert status == 1 and document["valid"] is False
    assert document["format_version"] == 2
    assert document["problems"] == [
        {
            "file": "records/figures.csv",
            "row": line,
            "column": "qualifier",
            "rule": "cell.enum",
            "category": "cell",
            "message": document["problems"][0]["message"],
            "value": "roughly",
            "expected": document["problems"][0]["expected"],
            "fix": Rule.CELL_ENUM.fix,
        }
    ]
    assert "at_least" in document["problems"][0]["message"]
    assert (
        document["problems"][0]["expected"].startswith("one of: ") and "at_least" in document["problems"][0]["expected"]
    )


def test_validate_unusable_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "validate", str(tmp_path))[0] == 2
    (tmp_path / "datapackage.json").write_bytes(b"\x00\xff not json")
    status, out, _ = run(capsys, "validate", str(tmp_path))
    assert status == 2 and "package.descriptor" in out


def test_descriptor_pointing_outside_the_package_is_refused(
    scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    path = scratch.data / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["resources"][0]["path"] = "../../../etc/passwd"
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    status, out, _ = run(capsys, "validate", str(scratch.data))
    assert status == 2
    assert "package.path-outside" in out and "package.resource-missing" in out


def test_locate_prints_offsets_and_refuses_absent_or_ambiguous(capsys: pytest.CaptureFixture[str]) -> None:
    evidence = anchors.evidence_with_a_unique_quote()
    source, quote = evidence["source_id"], evidence["quote"]
    status, out, _ = run(capsys, "locate", source, quote)
    start, end = (int(part.split("=")[1]) for part in out.split())
    assert status == 0 and crocus_data.source_text(source)[start:end] == quote
    assert (start, end) == (int(evidence["start"]), int(evidence["end"]))
    status, _, err = run(capsys, "locate", source, f"{quote}\u2603")
    assert status == 1 and "does not occur" in err
    word, text = anchors.repeated_word()
    status, _, err = run(capsys, "locate", text, word)
    assert status == 1 and "--occurrence" in err
    located = json.loads(run(capsys, "locate", text, word, "--occurrence", "2", "--format", "json")[1])
    second = crocus_data.source_text(text).index(word, crocus_data.source_text(text).index(word) + 1)
    assert (located["start"], located["end"]) == (second, second + len(word))


def test_build_check_exit_codes(scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "build", "--check", str(scratch.root))[0] == 0
    (scratch.root / SCHEMAS_DIR / "figures.json").write_text("{}", encoding="utf-8")
    status, out, _ = run(capsys, "build", "--check", str(scratch.root))
    assert status == 1 and f"out of date: {(SCHEMAS_DIR / 'figures.json').as_posix()}" in out


def test_fill_offsets(scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]) -> None:
    evidence = anchors.evidence_with_a_unique_quote()
    key, start = evidence["evidence_id"], evidence["start"]
    scratch.set_cell("evidence", key, "start", "")
    scratch.set_cell("evidence", key, "end", "")
    assert run(capsys, "fill-offsets", str(scratch.root))[0] == 0
    assert scratch.cell("evidence", key, "start") == start
    word, text = anchors.repeated_word(evidence["source_id"])
    scratch.set_cell("evidence", key, "end", "")
    scratch.set_cell("evidence", key, "start", "")
    scratch.set_cell("evidence", key, "quote", word)
    times = crocus_data.source_text(text).count(word)
    status, out, err = run(capsys, "fill-offsets", str(scratch.root))
    assert status == 1 and f"occurs {times} times" in out and "start cell" in out and "nothing was written" in err


def test_info(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "info")
    assert status == 0
    for source in crocus_data.load("sources").itertuples():
        assert source.source_id in out and (pd.isna(source.title) or source.title in out), source.source_id


def test_validate_without_a_path_checks_the_package_in_the_working_directory(
    scratch: ScratchRepo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    line = scratch.set_cell("figures", anchors.plain_figure()["figure_id"], "value", "many")
    monkeypatch.chdir(scratch.data)
    status, out, err = run(capsys, "validate")
    assert status == 1 and "working directory" in err.splitlines()[0]
    assert f"records/figures.csv:{line} [value]: cell.type.integer" in out
    monkeypatch.chdir(scratch.root / SCHEMAS_DIR)  # no datapackage.json here: the installed package
    status, out, err = run(capsys, "validate")
    assert status == 0 and "installed package" in err.splitlines()[0]


def test_fill_offsets_problems_are_validates(scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]) -> None:
    """fill-offsets reports what validate reports for the same row: file, line, column, rule and words."""
    key = anchors.evidence_with_a_unique_quote()["evidence_id"]
    line = scratch.set_cell("evidence", key, "start", "")
    scratch.set_cell("evidence", key, "end", "")
    scratch.set_cell("evidence", key, "quote", "words that are in no source")
    before = scratch.table_path("evidence").read_bytes()
    status, out, err = run(capsys, "fill-offsets", str(scratch.root))
    expected = (
        f"crocus_data/data/records/evidence.csv:{line} [quote]: evidence.quote: the quote does not occur in the "
        "source text; copy it exactly, curly quotes included"
    )
    assert status == 1 and out.splitlines()[0] == expected
    assert err.splitlines() == ["crocus-data: nothing was written to crocus_data/data/records/evidence.csv"]
    assert scratch.table_path("evidence").read_bytes() == before
    status, out, _ = run(capsys, "validate", str(scratch.root))
    assert status == 1 and expected in out.splitlines()


# --- validate --against OLD: validation and the semver gate in one command -------------------------


@pytest.fixture
def released(scratch: ScratchRepo, tmp_path: Path) -> Path:
    """The scratch checkout, with its changelog, recorded as a release manifest (OLD = the data as it is)."""
    from crocus_data.history.inputs import load
    from crocus_data.history.manifest import write_manifest

    shutil.copy2(REPO / "CHANGELOG.md", scratch.root / "CHANGELOG.md")
    path, _ = write_manifest(load(str(scratch.data)).snapshot, tmp_path / "releases")
    return path


def test_validate_against_passes_when_both_pass(
    scratch: ScratchRepo, released: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "validate", str(scratch.data), "--against", str(released))
    assert status == 0, out + err
    assert "valid: " in out and out.splitlines()[-1].endswith(": passed")


def test_validate_against_fails_on_a_gate_problem_alone(
    scratch: ScratchRepo, released: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (scratch.root / "CHANGELOG.md").unlink()
    status, out, _ = run(capsys, "validate", str(scratch.data), "--against", str(released), "--format", "json")
    document = json.loads(out)
    assert status == 1 == document["exit_status"]
    assert document["valid"] is True and document["problems"] == []
    assert document["gate"]["format"] == "crocus-data-gate" and document["gate"]["passed"] is False
    assert [problem["code"] for problem in document["gate"]["problems"]] == ["changelog-missing"]


def test_validate_against_fails_on_a_validation_problem_alone(
    scratch: ScratchRepo, released: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scratch.set_cell(
        "figures", anchors.plain_figure()["figure_id"], "unit", "nobody"
    )  # an enum: the gate cannot see it
    status, out, _ = run(capsys, "validate", str(scratch.data), "--against", str(released), "--format", "json")
    document = json.loads(out)
    assert status == 1 == document["exit_status"] and document["valid"] is False
    assert {problem["rule"] for problem in document["problems"]} == {"cell.enum"}


def test_validate_against_annotates_gate_problems_for_github(
    scratch: ScratchRepo, released: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (scratch.root / "CHANGELOG.md").unlink()
    status, out, _ = run(capsys, "validate", str(scratch.data), "--against", str(released), "--format", "github")
    assert status == 1 and "::error title=crocus-data gate (changelog-missing)::" in out


def test_validate_against_an_unusable_old_exits_2_in_one_line(
    scratch: ScratchRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = str(tmp_path / "no-such-release.json.gz")
    status, out, err = run(capsys, "validate", str(scratch.data), "--against", missing, "--format", "json")
    document = json.loads(out)
    assert status == 2 == document["exit_status"] and document["gate"] is None and document["gate_error"]
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_build_and_fill_offsets_escape_what_they_echo(scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]) -> None:
    """Every command that prints a problem escapes the cell values it echoes, as validate does."""
    figure = anchors.plain_figure()
    scratch.set_cell("figures", figure["figure_id"], "unit", "\x1b[31mred")
    status, out, err = run(capsys, "build", str(scratch.root))
    assert status == 1 and "\x1b" not in out + err and "\\x1b[31mred" in out
    scratch.set_cell("figures", figure["figure_id"], "unit", figure["unit"])
    key = anchors.evidence_with_a_unique_quote()["evidence_id"]
    scratch.set_cell("evidence", key, "start", "")
    scratch.set_cell("evidence", key, "end", "")
    scratch.set_cell("evidence", key, "quote", "no such words\x1b[2J")
    status, out, err = run(capsys, "fill-offsets", str(scratch.root))
    assert status == 1 and "\x1b" not in out + err
