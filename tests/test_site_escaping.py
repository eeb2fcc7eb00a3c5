"""No element or attribute from the data survives onto a page of the docs site.

Every free-text cell of every table (names, descriptions, titles, notes, wordings ...), the end of
every source text (with an evidence row quoting it) and a coverage note's reason get a hostile
payload added: a script, an image with an event handler, a ``javascript:`` link in Markdown and in
HTML, an attribute breaking out of its quotes, an attr_list, a bidi override. Every page the build
writes from the data is then rendered with the site's Markdown (mkdocs.yml's extensions) and
parsed: no active element and no event handler or non-http(s) link carries the payload, and the
pages hold no tag or attribute name the same pages built from the shipped data do not (the data
adds text, never markup).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from page_safety import dangers, elements, inventory
from pydantic import ValidationError

from crocus_data.layout import COVERAGE_NOTES, DATA_DIR
from crocus_data.models import MODELS, Record
from crocus_data.models.columns import columns
from crocus_data.reader.csv_file import read_table
from crocus_data.reader.package import from_layout
from crocus_data.reader.table_data import to_records
from crocus_data.site.build import render_pages

from scratch import ScratchRepo

MARKER = "PWNED"
# The invisible characters that reorder text (Trojan Source): embeddings, overrides, isolates, marks.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
PAYLOAD = (
    f"<script>alert('{MARKER}')</script> <img src=x onerror=alert('{MARKER}')> "
    f"[click](javascript:alert('{MARKER}')) <a href=\"javascript:alert('{MARKER}')\">{MARKER}</a> "
    f"\" onmouseover=\"alert('{MARKER}') ' onfocus='{MARKER}' {{: onclick={MARKER} }} "
    f"<svg onload=alert('{MARKER}')></svg> \u202e{MARKER}\u202c"
)
SENTENCE = f"A last fictional sentence {PAYLOAD}."


def free_text(model: type) -> list[str]:
    """The columns a contributor writes in words: text with no pattern, vocabulary or reference."""
    return [
        column.name
        for column in columns(model)
        if column.kind == "string" and column.pattern is None and column.enum is None and column.references is None
    ]


def poison(scratch: ScratchRepo) -> None:
    """The payload after every free-text cell, at the end of every source text, and in a coverage note."""
    for model in MODELS:
        header, rows = scratch.read_rows(model.table)
        kept = [name for name in free_text(model) if _valid_with(scratch, model, header, rows, [name])]
        assert _valid_with(scratch, model, header, rows, kept), model.table
        scratch.write_rows(model.table, header, _poisoned(rows, kept))
    package = from_layout(scratch.data)
    notes = io.StringIO()
    writer = csv.writer(notes, lineterminator="\n")
    writer.writerow(["source_id", "sentence", "reason"])
    header, evidence = scratch.read_rows("evidence")
    for source_id, raw in package.texts.items():
        path = next(scratch.data.glob(f"sources/{source_id.removeprefix('src-')}_*.txt"))
        path.write_bytes(raw + f"\n{SENTENCE}\n".encode())
        start = len(raw.decode("utf-8")) + 1  # a quote of the payload, highlighted in the text and listed
        quote = {"evidence_id": f"ev-{source_id}-payload", "record_id": source_id, "source_id": source_id}
        evidence.append({**quote, "start": str(start), "end": str(start + len(SENTENCE)), "quote": SENTENCE})
        writer.writerow([source_id, "A last fictional sentence", PAYLOAD])
    scratch.write_rows("evidence", header, evidence)
    (scratch.data / COVERAGE_NOTES).write_text(notes.getvalue(), encoding="utf-8")


def _poisoned(rows: list[dict[str, str]], names: list[str]) -> list[dict[str, str]]:
    return [
        {name: f"{cell} {PAYLOAD}" if name in names and cell else cell for name, cell in row.items()} for row in rows
    ]


def _valid_with(
    scratch: ScratchRepo, model: type[Record], header: list[str], rows: list[dict[str, str]], names: list[str]
) -> bool:
    """Whether the table, its NAMES columns poisoned, still makes records (a quote must match its offsets,
    a tombstone's table name is a table's): the pages are made only from data the build accepts."""
    scratch.write_rows(model.table, header, _poisoned(rows, names))
    try:
        data = read_table(scratch.table_path(model.table), model, model.table)
        return not data.problems and len(to_records(data)) == len(rows)
    except ValidationError:
        return False
    finally:
        scratch.write_rows(model.table, header, rows)


def pages(root: Path) -> dict[Path, str]:
    package = from_layout(root / DATA_DIR, display_prefix=f"{DATA_DIR.as_posix()}/")
    return {
        path: content.decode("utf-8") for path, content in render_pages(root, package).items() if path.suffix == ".md"
    }


@pytest.fixture(scope="module")
def clean_and_hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[Path, str], dict[Path, str]]:
    clean = ScratchRepo.copy_to(tmp_path_factory.mktemp("clean") / "checkout")
    hostile = ScratchRepo.copy_to(tmp_path_factory.mktemp("hostile") / "checkout")
    poison(hostile)
    return pages(clean.root), pages(hostile.root)


def test_the_payload_reached_every_kind_of_page(clean_and_hostile: tuple[dict[Path, str], dict[Path, str]]) -> None:
    """Not vacuous: the payload is on the coverage map, every source page and every records page."""
    _, hostile = clean_and_hostile
    carrying = {path for path, page in hostile.items() if MARKER in page}
    # The data dictionary (an index and a page per table) is made from the models, never from the data.
    from_data = {path for path in hostile if not path.as_posix().startswith("docs/data-dictionary")}
    assert Path("docs/coverage.md") in carrying
    assert len(carrying) >= len(from_data) - 2, sorted(from_data - carrying)


def test_no_active_element_or_handler_carries_the_payload(
    clean_and_hostile: tuple[dict[Path, str], dict[Path, str]],
) -> None:
    _, hostile = clean_and_hostile
    for path, page in hostile.items():
        assert dangers(elements(page), MARKER) == [], path


def test_the_data_adds_no_tag_and_no_attribute(clean_and_hostile: tuple[dict[Path, str], dict[Path, str]]) -> None:
    clean, hostile = clean_and_hostile
    allowed = set().union(*(inventory(elements(page)) for page in clean.values()))
    for path, page in hostile.items():
        added = inventory(elements(page)) - allowed
        assert not added, f"{path}: {sorted(added)}"


def test_no_bidi_control_reaches_a_page(clean_and_hostile: tuple[dict[Path, str], dict[Path, str]]) -> None:
    _, hostile = clean_and_hostile
    for path, page in hostile.items():
        assert not any(control in page for control in BIDI_CONTROLS), path
