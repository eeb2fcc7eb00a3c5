"""The workbench's API as its page uses it, over HTTP (Starlette's TestClient, through the guard).

Each test works in a scratch checkout holding the fictional source (tests/annotate_checkout.py) and
asks what the page asks, with the token, the Host and the Origin a browser on the page sends: a
contributor removes a span or a coverage note they added (a released span is never deleted, only
retired); finds any record by any words of its label, id and text, accents and case aside, and the
document's own row by its title, id and file name; sees the document named by its title; and is told,
when a verbatim cell is refused, how to add the words in the workbench. Nothing here names an id,
count or sentence of the shipped data: what a test needs of it is read from the data.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from crocus_data.annotate.app import create_app
from crocus_data.annotate.workbench import Workbench
from crocus_data.history.gate import ids
from crocus_data.history.releases import recorded
from crocus_data.rule_registry import Rule

from annotate_checkout import ACTOR, SOURCE_ID, checkout_with_fixture, selected
from scratch import ScratchRepo, tree_snapshot

PORT = 8765  # never listened on: the client talks to the application in-process, naming this port
TOKEN = "t" * 43
# The words a record's search finds it by, beyond its id and label (W4, W5 of the trial).
SEARCHED = ("summary", "description", "name", "title", "label", "filename")


class Page:
    """What the page sends: the token, this workbench's Host and Origin; answers as JSON."""

    def __init__(self, scratch: ScratchRepo, source_id: str = SOURCE_ID) -> None:
        self.scratch = scratch
        self.bench = Workbench(scratch.root, source_id)
        origin = f"http://127.0.0.1:{PORT}"
        headers = {"Authorization": f"token {TOKEN}", "Origin": origin}
        self.client = TestClient(create_app(self.bench, TOKEN, PORT), base_url=origin, headers=headers)

    def get(self, path: str) -> Any:
        response = self.client.get(path)
        assert response.status_code == 200, response.text
        return response.json()

    def post(self, path: str, body: dict[str, Any], status: int = 200) -> Any:
        response = self.client.post(path, json=body)
        assert response.status_code == status, response.text
        return response.json()


@pytest.fixture
def scratch(tmp_path: Path) -> ScratchRepo:
    return checkout_with_fixture(tmp_path / "checkout")


@pytest.fixture
def page(scratch: ScratchRepo) -> Iterator[Page]:
    found = Page(scratch)
    with found.client:
        yield found


def fold(text: str) -> str:
    """Accents and case aside, as a reader types: decomposed, marks dropped, lower case."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.category(c).startswith("M")).lower()


def found_by(state: dict[str, Any], query: str, table: str | None = None) -> list[str]:
    """The ids a search for ``query`` lists: every word of it in a record's search text."""
    words = fold(query).split()
    return [
        c["id"]
        for c in state["choices"]
        if (table is None or c["table"] == table) and all(w in c["search"] for w in words)
    ]


def evidence_ids(scratch: ScratchRepo) -> list[str]:
    return [row["evidence_id"] for row in scratch.read_rows("evidence")[1]]


def encode_actor_twice(page: Page) -> None:
    """An actor with two spans, both added in this working copy."""
    assert page.post("/api/save", {"table": "actors", "cells": ACTOR, "selection": selected("Ben̈a Q̇uill")})["saved"]
    span = {"record_id": "act-bena-quill", "selection": selected("Ben̈a Q̇uill", 2)}
    assert page.post("/api/span", span)["saved"]


def test_a_span_added_in_this_working_copy_can_be_removed_but_not_a_records_only_one(page: Page) -> None:
    encode_actor_twice(page)
    spans = {span["evidence_id"]: span for span in page.get("/api/state")["spans"]}
    assert not spans["ev-act-bena-quill-2"]["released"] and not spans["ev-act-bena-quill-1"]["released"]
    outcome = page.post("/api/remove-span", {"evidence_id": "ev-act-bena-quill-2"})
    assert outcome["saved"], outcome["problems"]
    assert [(c["action"], c["cells"]["evidence_id"]) for c in outcome["changes"]] == [
        ("removed", "ev-act-bena-quill-2")
    ]
    assert "ev-act-bena-quill-2" not in evidence_ids(page.scratch)
    state = page.get("/api/state")
    assert "ev-act-bena-quill-2" not in {span["evidence_id"] for span in state["spans"]}
    assert [s["number"] for s in state["sentences"] if s["todo"]] == [2, 4, 5], "its sentence is to do again"
    # The record's only span: refused in the validator's words, nothing written.
    before = tree_snapshot(page.scratch.root)
    refused = page.post("/api/remove-span", {"evidence_id": "ev-act-bena-quill-1"})
    assert not refused["saved"] and refused["changes"] == []
    assert str(Rule.EVIDENCE_MISSING) in {problem["rule"] for problem in refused["problems"]}
    assert any("evidence.missing" in problem["line"] for problem in refused["problems"])
    assert tree_snapshot(page.scratch.root) == before
    assert "no evidence" in page.post("/api/remove-span", {"evidence_id": "ev-act-nobody-1"}, 400)["error"]


def test_only_a_span_of_this_document_is_removed_here(scratch: ScratchRepo, page: Page) -> None:
    other = next(row for row in scratch.read_rows("evidence")[1] if row["source_id"] != SOURCE_ID)
    before = tree_snapshot(scratch.root)
    assert "not a span of" in page.post("/api/remove-span", {"evidence_id": other["evidence_id"]}, 400)["error"]
    assert tree_snapshot(scratch.root) == before


def released_span(scratch: ScratchRepo) -> dict[str, str]:
    """An evidence row of the data that the last release holds (read from its manifest, never named here)."""
    releases, _ = recorded(scratch.root)
    if not releases:
        pytest.skip("the checkout records no release")
    held = {key for key, table in ids(releases[-1].snapshot).items() if table == "evidence"}
    found = [row for row in scratch.read_rows("evidence")[1] if row["evidence_id"] in held]
    if not found:
        pytest.skip("no span of the last release is in the data")
    return found[0]


def test_a_span_of_the_last_release_is_never_deleted_only_retired(tmp_path: Path) -> None:
    scratch = checkout_with_fixture(tmp_path / "checkout").with_history()
    span = released_span(scratch)
    page = Page(scratch, span["source_id"])
    with page.client:
        state = page.get("/api/state")
        shown = next(s for s in state["spans"] if s["evidence_id"] == span["evidence_id"])
        assert shown["released"] and state["release"]
        before = tree_snapshot(scratch.root)
        error = page.post("/api/remove-span", {"evidence_id": span["evidence_id"]}, 400)["error"]
        assert "retire" in error and "tombstone" in error
        assert tree_snapshot(scratch.root) == before


def test_a_coverage_note_can_be_removed_once_its_sentence_backs_a_record(page: Page) -> None:
    assert page.post("/api/note", {"sentence": 2, "reason": "It speaks about the document itself."})["saved"]
    sentence = next(s for s in page.get("/api/state")["sentences"] if s["number"] == 2)
    # The sentence comes to back the document's row: the note is left over, and the page says so.
    words = "This fictional bulletin tests the workbench"
    assert page.post("/api/span", {"record_id": SOURCE_ID, "selection": selected(words)})["saved"]
    sentence = next(s for s in page.get("/api/state")["sentences"] if s["number"] == 2)
    assert sentence["records"] and sentence["reason"] == "It speaks about the document itself."
    outcome = page.post("/api/remove-note", {"sentence": 2})
    assert outcome["saved"], outcome["problems"]
    assert [c["action"] for c in outcome["changes"]] == ["removed"]
    notes = list(csv.DictReader(io.StringIO((page.scratch.data / "coverage_notes.csv").read_text("utf-8"))))
    assert all(note["source_id"] != SOURCE_ID for note in notes)
    # A note on a sentence that backs nothing: taken out, the sentence is to do again (marked in the page).
    assert page.post("/api/note", {"sentence": 4, "reason": "Relayed; nothing new."})["saved"]
    assert page.post("/api/remove-note", {"sentence": 4})["saved"]
    assert [s["number"] for s in page.get("/api/state")["sentences"] if s["todo"]] == [3, 4, 5]
    before = tree_snapshot(page.scratch.root)
    assert "no note" in page.post("/api/remove-note", {"sentence": 5}, 400)["error"]
    assert "no sentence" in page.post("/api/remove-note", {"sentence": 99}, 400)["error"]
    assert tree_snapshot(page.scratch.root) == before


def test_a_record_is_found_by_any_words_of_its_label_id_and_text_accents_and_case_aside(
    scratch: ScratchRepo, page: Page
) -> None:
    encode_actor_twice(page)
    state = page.get("/api/state")
    choices = {choice["id"]: choice for choice in state["choices"]}
    for table in ("actors", "statements", "incidents", "sources", "materials"):
        header, rows = scratch.read_rows(table)
        key = header[0]
        for row in rows:
            search = choices[row[key]]["search"]
            assert fold(row[key]) in search
            for name in SEARCHED:
                for word in fold(row.get(name, "")).split():
                    assert word in search, (row[key], name, word)
    # A long summary is found by its last words, not only by the start the list shows.
    longest = max(scratch.read_rows("statements")[1], key=lambda row: len(row["summary"]))
    assert longest["statement_id"] in found_by(state, " ".join(longest["summary"].split()[-3:]), "statements")
    assert found_by(state, "BENA quill", "actors") == ["act-bena-quill"]
    assert "act-bena-quill" in found_by(state, "Ben̈a")


def test_the_documents_row_is_found_by_its_title_id_and_file_name(scratch: ScratchRepo, page: Page) -> None:
    filename = scratch.cell("sources", SOURCE_ID, "filename")
    state = page.get("/api/state")
    for query in (SOURCE_ID, filename, filename[:8]):
        assert found_by(state, query, "sources") == [SOURCE_ID], query
    cells = page.get(f"/api/record?id={SOURCE_ID}")["cells"] | {"title": "Fictional test bulletin 🧪"}
    assert page.post("/api/save", {"table": "sources", "cells": cells, "replaces": SOURCE_ID})["saved"]
    assert found_by(page.get("/api/state"), "fictional TEST bulletin", "sources") == [SOURCE_ID]


def test_the_heading_names_the_document_by_its_title_and_id_never_its_file_name(
    scratch: ScratchRepo, page: Page
) -> None:
    filename = scratch.cell("sources", SOURCE_ID, "filename")
    state = page.get("/api/state")
    assert state["heading"] == f"Untitled report ({SOURCE_ID})"
    own = next(choice for choice in state["choices"] if choice["id"] == SOURCE_ID)
    assert filename not in own["label"], "a sentence backing the document's row names it by title"
    cells = page.get(f"/api/record?id={SOURCE_ID}")["cells"] | {"title": "Fictional test bulletin 🧪"}
    assert page.post("/api/save", {"table": "sources", "cells": cells, "replaces": SOURCE_ID})["saved"]
    state = page.get("/api/state")
    assert state["heading"] == f"Fictional test bulletin 🧪 ({SOURCE_ID})"
    assert all(filename not in record["label"] for s in state["sentences"] for record in s["records"])


def test_a_verbatim_cell_not_in_the_evidence_says_how_to_add_the_words_here(page: Page) -> None:
    cells = page.get(f"/api/record?id={SOURCE_ID}")["cells"] | {"title": "This fictional bulletin tests the workbench"}
    before = tree_snapshot(page.scratch.root)
    refused = page.post("/api/save", {"table": "sources", "cells": cells, "replaces": SOURCE_ID})
    assert not refused["saved"]
    (problem,) = refused["problems"]
    assert (problem["column"], problem["rule"]) == ("title", str(Rule.EVIDENCE_VERBATIM))
    assert "evidence.verbatim" in problem["line"], "the CLI's words stay"
    how = problem["how"]
    assert "select" in how.lower() and "span" in how and "this record" in how
    assert tree_snapshot(page.scratch.root) == before
    # Done as it says: the words selected saved with the row, as one more span of it.
    body = {"table": "sources", "cells": cells, "replaces": SOURCE_ID}
    body["selection"] = selected("This fictional bulletin tests the workbench")
    assert page.post("/api/save", body)["saved"]
