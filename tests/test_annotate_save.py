"""The workbench's save path, without a browser: rows through the validator first, then the CSV codec.

Each test works in a scratch checkout with the fictional source (tests/annotate_checkout.py). A save
that breaks a rule writes nothing and reports the problem at its field in the words `crocus-data
validate` prints; a save that is valid writes exactly its rows, with offsets where `locate` finds
the quote; a coverage note names its sentence by its first words; a second span joins a record.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from crocus_data.annotate import save as save_module
from crocus_data.annotate.save import SaveRefusedError
from crocus_data.annotate.workbench import Workbench
from crocus_data.cli import main
from crocus_data.layout import DATA_DIR
from crocus_data.locate import locate
from crocus_data.rule_registry import Rule
from crocus_data.safe_io.files import RefusedError
from crocus_data.validation import validate

import anchors
from annotate_checkout import ACTOR, SOURCE_ID, TEXT, at, checkout_with_fixture, selected
from scratch import ScratchRepo, tree_snapshot


@pytest.fixture
def scratch(tmp_path: Path) -> ScratchRepo:
    return checkout_with_fixture(tmp_path / "checkout")


@pytest.fixture
def bench(scratch: ScratchRepo) -> Workbench:
    return Workbench(scratch.root, SOURCE_ID)


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def changed(before: dict[str, object], after: dict[str, object]) -> set[str]:
    return {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}


def rules_left(root: Path) -> set[str]:
    return {str(problem.rule) for problem in validate(root).problems}


def test_a_valid_record_is_written_with_its_evidence_where_locate_finds_the_quote(
    scratch: ScratchRepo, bench: Workbench
) -> None:
    before = tree_snapshot(scratch.root)
    outcome = bench.save({"table": "actors", "cells": ACTOR, "selection": selected("Ben̈a Q̇uill")})
    assert outcome["saved"], outcome["problems"]
    after = tree_snapshot(scratch.root)
    records = DATA_DIR / "records"
    assert changed(before, after) == {str(records / "actors.csv"), str(records / "evidence.csv")}
    header, actors = scratch.read_rows("actors")
    assert actors[-1] == {name: ACTOR.get(name, "") for name in header}
    start, end = at("Ben̈a Q̇uill")
    evidence = scratch.read_rows("evidence")[1][-1]
    assert evidence == {
        "evidence_id": "ev-act-bena-quill-1",
        "record_id": "act-bena-quill",
        "source_id": SOURCE_ID,
        "start": str(start),
        "end": str(end),
        "quote": "Ben̈a Q̇uill",
    }
    assert locate(TEXT, "Ben̈a Q̇uill", 1) == (start, end)  # the quote occurs twice: the first was selected
    lines = {change["file"]: change["line"] for change in outcome["changes"]}
    for table, key in [("actors", "act-bena-quill"), ("evidence", "ev-act-bena-quill-1")]:
        assert lines[(records / f"{table}.csv").as_posix()] == scratch.line_of(table, key)
    assert rules_left(scratch.root) == {str(Rule.COVERAGE_UNEXPLAINED)}, "only the sentences still to do"


def test_a_save_that_breaks_a_rule_writes_nothing_and_says_why_at_the_field_as_the_cli_does(
    scratch: ScratchRepo, bench: Workbench, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    statement = {
        "statement_id": "stm-bena-quill-toll",
        "attribution": "speaker",  # and no speaker: the row rule statement.speaker
        "kind": "report",
        "summary": "At least 151 people were killed.",
        "rendering": "reported",
        "made_in_custody": "false",
        "said_earliest": "2024-07-01",
        "said_latest": "2024-07-01",
        "said_precision": "day",
        "said_derivation": "year_from_publication",
        "said_note": "'on July 1', in a document dated 2024-07-02.",
    }
    before = tree_snapshot(scratch.root)
    outcome = bench.save({"table": "statements", "cells": statement, "selection": selected("said on July 1")})
    assert not outcome["saved"] and outcome["changes"] == []
    assert tree_snapshot(scratch.root) == before, "nothing is written"
    found = [p for p in outcome["problems"] if p["rule"] == str(Rule.STATEMENT_SPEAKER)]
    assert [(p["column"], p["role"]) for p in found] == [("speaker_actor_id", "record")]
    # The same rows written by hand into another copy: `crocus-data validate` prints the same line.
    by_hand = checkout_with_fixture(tmp_path / "by-hand")
    header, statements = by_hand.read_rows("statements")
    by_hand.write_rows("statements", header, [*statements, {name: statement.get(name, "") for name in header}])
    header, evidence = by_hand.read_rows("evidence")
    start, end = at("said on July 1")
    row = {"evidence_id": "ev-stm-bena-quill-toll-1", "record_id": "stm-bena-quill-toll", "source_id": SOURCE_ID}
    row |= {"start": str(start), "end": str(end), "quote": TEXT[start:end]}
    by_hand.write_rows("evidence", header, [*evidence, row])
    capsys.readouterr()
    assert main(["validate", str(by_hand.root)]) == 1
    assert found[0]["line"] in capsys.readouterr().out.splitlines()


def test_words_that_are_not_in_the_quote_are_refused_at_their_field(scratch: ScratchRepo, bench: Workbench) -> None:
    before = tree_snapshot(scratch.root)
    cells = ACTOR | {"label": "Bena Quill"}  # without the combining marks: not the document's words
    outcome = bench.save({"table": "actors", "cells": cells, "selection": selected("Ben̈a Q̇uill")})
    assert not outcome["saved"]
    assert {(p["column"], p["rule"]) for p in outcome["problems"]} == {("label", str(Rule.EVIDENCE_VERBATIM))}
    assert tree_snapshot(scratch.root) == before


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"table": "actors", "cells": ACTOR | {"colour": "red"}}, "no column colour"),
        ({"table": "evidence", "cells": {}}, "not a table"),
        ({"table": "actors", "cells": ACTOR, "replaces": anchors.any_actor()["actor_id"]}, "never changes"),
        ({"table": "actors", "cells": ACTOR}, "select them"),
        ({"table": "actors", "cells": {"actor_id": 1}}, "map column names to text"),
        ({"table": "actors", "cells": ACTOR | {"actor_id": ""}}, "actor_id is empty"),  # sent before an id was
    ],
)
def test_requests_that_cannot_be_rows_are_refused_and_nothing_is_written(
    scratch: ScratchRepo, bench: Workbench, body: dict[str, object], words: str
) -> None:
    before = tree_snapshot(scratch.root)
    if body["table"] == "actors" and "replaces" not in body and words != "select them":
        body = body | {"selection": selected("Ben̈a Q̇uill")}
    with pytest.raises(SaveRefusedError, match=words):
        bench.save(body)
    assert tree_snapshot(scratch.root) == before


def test_a_coverage_note_names_its_sentence_by_its_first_words(scratch: ScratchRepo, bench: Workbench) -> None:
    outcome = bench.add_note({"sentence": 2, "reason": "It speaks about the document itself."})
    assert outcome["saved"], outcome["problems"]
    notes = rows(scratch.data / "coverage_notes.csv")
    assert notes[-1] == {
        "source_id": SOURCE_ID,
        "sentence": "This fictional bulletin tests the workbench",
        "reason": "It speaks about the document itself.",
    }
    state = bench.state()
    assert [s["number"] for s in state["sentences"] if s["todo"]] == [3, 4, 5]
    with pytest.raises(SaveRefusedError, match="say why"):
        bench.add_note({"sentence": 3, "reason": "  "})


def test_a_second_span_joins_a_record_that_exists(scratch: ScratchRepo, bench: Workbench) -> None:
    assert bench.save({"table": "actors", "cells": ACTOR, "selection": selected("Ben̈a Q̇uill")})["saved"]
    outcome = bench.add_span({"record_id": "act-bena-quill", "selection": selected("Ben̈a Q̇uill", 2)})
    assert outcome["saved"], outcome["problems"]
    start, end = at("Ben̈a Q̇uill", 2)
    last = scratch.read_rows("evidence")[1][-1]
    assert (last["evidence_id"], last["record_id"], last["start"], last["end"]) == (
        "ev-act-bena-quill-2",
        "act-bena-quill",
        str(start),
        str(end),
    )
    assert locate(TEXT, last["quote"], 2) == (start, end)
    with pytest.raises(SaveRefusedError, match="no record"):
        bench.add_span({"record_id": "act-nobody", "selection": selected("Interfax")})


def test_an_edit_replaces_the_row_in_place_and_keeps_its_id(scratch: ScratchRepo, bench: Workbench) -> None:
    assert bench.save({"table": "actors", "cells": ACTOR, "selection": selected("Ben̈a Q̇uill")})["saved"]
    line = scratch.line_of("actors", "act-bena-quill")
    cells = bench.record("act-bena-quill")["cells"] | {"note": "A fictional person."}
    outcome = bench.save({"table": "actors", "cells": cells, "replaces": "act-bena-quill"})
    assert outcome["saved"], outcome["problems"]
    assert [(c["action"], c["line"], c["before"]["note"]) for c in outcome["changes"]] == [("replaced", line, "")]
    assert scratch.cell("actors", "act-bena-quill", "note") == "A fictional person."
    assert scratch.line_of("actors", "act-bena-quill") == line


def test_a_file_changed_on_disk_while_a_save_is_checked_is_not_overwritten(
    scratch: ScratchRepo, bench: Workbench, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked = save_module.staged_report

    def meanwhile(root: Path, replaced: dict[str, bytes]) -> object:
        report = checked(root, replaced)
        if replaced:  # someone edits actors.csv by hand while the save is validated
            with scratch.table_path("actors").open("a", encoding="utf-8") as stream:
                stream.write("act-by-hand,person,,By hand,,'by hand'.,,\n")
        return report

    monkeypatch.setattr(save_module, "staged_report", meanwhile)
    with pytest.raises(RefusedError, match="changed on disk"):
        bench.save({"table": "actors", "cells": ACTOR, "selection": selected("Ben̈a Q̇uill")})
    assert scratch.read_rows("actors")[1][-1]["actor_id"] == "act-by-hand"
    assert "act-bena-quill" not in scratch.table_path("evidence").read_text(encoding="utf-8")


def test_the_documents_row_is_completed_in_a_form_its_tool_written_cells_kept(
    scratch: ScratchRepo, bench: Workbench
) -> None:
    found = bench.record(SOURCE_ID)
    assert found["table"] == "sources"
    cells = found["cells"] | {"title": "Fictional test bulletin", "publisher": "A fictional publisher"}
    outcome = bench.save({"table": "sources", "cells": cells, "replaces": SOURCE_ID})
    assert outcome["saved"], outcome["problems"]
    assert scratch.cell("sources", SOURCE_ID, "title") == "Fictional test bulletin"
    assert {name for name, value in outcome["changes"][0]["cells"].items() if found["cells"][name] != value} == {
        "title",
        "publisher",
    }
    assert bench.state()["title"] == "Fictional test bulletin"
    refused = bench.save(
        {"table": "sources", "cells": cells | {"title": "A title it does not have"}, "replaces": SOURCE_ID}
    )
    assert [(p["column"], p["rule"]) for p in refused["problems"]] == [("title", str(Rule.EVIDENCE_VERBATIM))]
