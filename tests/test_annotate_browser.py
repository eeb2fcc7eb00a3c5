"""The workbench in Chromium: a fictional source encoded by selecting its words and filling the forms.

`crocus-data annotate` runs on a scratch checkout holding the fictional source
(tests/fixtures/workbench-hard-characters.txt: an emoji of five code points, combining marks, curly
quotes, a doubled space, line breaks). Playwright selects ranges of its text (by the page's DOM, and
once with the mouse), is refused a statement without its speaker (the problem shown at its field),
and saves an actor (its name taken from a second selection), a statement with
its speaker and relay found by their labels, a figure, two more spans for records already there
(the statement's relay sentence, the actor named again) and a coverage note. Then the page shows no
sentence left to do; `crocus-data build` and `crocus-data validate` pass on the tree; and each row
written is the expected one, at offsets computed here from the text. Screenshots are saved for a
reviewer (test-artifacts/screenshots/workbench-*.png, gitignored).

A second workbench holds a save while it is checked (the request held by the browser) and selects new
words meanwhile: the Selection panel never offers the previous words as current (trial W10). There, a
span added by mistake is removed, a record's only span is not (evidence.missing), and a note is
removed (trial W6, W7).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_browser import SCREENSHOTS, Visit, browser  # noqa: F401  (the module's Chromium, shared)

from crocus_data.cli import main

from annotate_checkout import SOURCE_ID, TEXT, at, checkout_with_fixture, start_workbench, stop_workbench
from scratch import ScratchRepo

pytestmark = pytest.mark.browser

# Select the occurrence-th `quote` of the text shown, from the DOM's own text nodes (UTF-16 positions of
# the text as the browser holds it), widened by `before`/`after` UTF-16 units: as a drag would select it.
SELECT = """([quote, occurrence, before, after]) => {
  const box = document.querySelector('#source-text');
  const text = box.textContent;
  let start = -1;
  for (let i = 0; i < occurrence; i++) start = text.indexOf(quote, start + 1);
  if (start < 0) throw new Error('not in the page: ' + quote);
  const from = start - before, to = start + quote.length + after;
  const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let node, seen = 0, begun = false;
  while ((node = walker.nextNode())) {
    const size = node.data.length;
    if (!begun && from <= seen + size) { range.setStart(node, from - seen); begun = true; }
    if (to <= seen + size) { range.setEnd(node, to - seen); break; }
    seen += size;
  }
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}"""

# The page's rectangles of the occurrence-th `quote`: its first character's and its last's.
EDGES = """([quote, occurrence]) => {
  const box = document.querySelector('#source-text');
  const text = box.textContent;
  let start = -1;
  for (let i = 0; i < occurrence; i++) start = text.indexOf(quote, start + 1);
  const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
  const at = (unit) => {
    let node, seen = 0;
    walker.currentNode = box;
    while ((node = walker.nextNode())) {
      if (unit < seen + node.data.length) return [node, unit - seen];
      seen += node.data.length;
    }
  };
  const rect = (unit) => { const [node, offset] = at(unit); const range = document.createRange();
    range.setStart(node, offset); range.setEnd(node, offset + 1); const r = range.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  return [rect(start), rect(start + quote.length - 1)];
}"""


@pytest.fixture(scope="module")
def workbench(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ScratchRepo, Any, str]]:
    scratch = checkout_with_fixture(tmp_path_factory.mktemp("annotate-browser") / "checkout")
    process, url = start_workbench(scratch.root)
    try:
        yield scratch, process, url
    finally:
        stop_workbench(process)


def select(page: Any, quote: str, occurrence: int = 1, before: int = 0, after: int = 0, *, shown: str = "") -> None:
    page.evaluate(SELECT, [quote, occurrence, before, after])
    page.wait_for_function(
        "(q) => document.querySelector('#selection-quote').textContent === '“' + q + '”'", arg=shown or quote
    )


def drag(page: Any, quote: str, occurrence: int = 1) -> None:
    """Select with the mouse: press before the first character, release after the last."""
    first, last = page.evaluate(EDGES, [quote, occurrence])
    page.mouse.move(first["left"] + 1, (first["top"] + first["bottom"]) / 2)
    page.mouse.down()
    page.mouse.move(last["right"] - 1, (last["top"] + last["bottom"]) / 2, steps=8)
    page.mouse.up()
    page.wait_for_function("(q) => document.querySelector('#selection-quote').textContent === '“' + q + '”'", arg=quote)


def field(page: Any, name: str) -> Any:
    return page.locator(f'#record-form .field[data-name="{name}"]')


def choose(page: Any, name: str, value: str) -> None:
    page.check(f'#record-form input[name="{name}"][value="{value}"]')


def pick(page: Any, name: str, search: str, label: str) -> None:
    """A foreign key, found as a user finds it: type some words, click the record by its label."""
    picker = field(page, name)
    picker.locator('input[type="search"]').fill(search)
    picker.locator("button.pick", has_text=label).first.click()
    assert picker.locator(".picked").inner_text() == label


def save(page: Any, form: str = "#record-form") -> None:
    page.click(f'{form} button[type="submit"]')
    page.wait_for_selector("#result-panel h2:has-text('Saved')")
    page.wait_for_selector(form, state="detached")


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def shot(page: Any, name: str, part: str | None = None) -> None:
    """The window, or one part of the page, for a reviewer (and for docs/workbench.md)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    where = page.locator(part) if part else page
    where.screenshot(path=str(SCREENSHOTS / f"workbench-{name}.png"))


def test_a_fictional_source_is_encoded_in_the_page_and_the_package_is_valid(
    workbench: tuple[ScratchRepo, Any, str],
    browser: Any,  # noqa: F811
) -> None:
    scratch, process, url = workbench
    visit = Visit(browser, url.split("?")[0], viewport={"width": 1400, "height": 1000})
    page = visit.open(url)
    page.wait_for_selector("body[data-ready='true']")
    assert page.locator("#source-text").text_content() == TEXT, "the page shows the text as it is"
    assert page.locator("#source-text .todo[data-sentence='2']").count() > 0
    shot(page, "start")

    # An actor: the evidence is the whole phrase, emoji included; name and label a second selection.
    select(page, "A fictional spokeswoman, Ben̈a Q̇uill 👩🏽‍⚕️")
    shot(page, "selection")
    page.click('button[data-table="actors"]')
    choose(page, "actor_kind", "person")
    select(page, "Ben̈a Q̇uill")
    field(page, "name").locator("button.use-selection").click()
    field(page, "label").locator("textarea").fill("")
    field(page, "label").locator("button.use-selection").click()
    field(page, "description").locator("textarea").fill("'A fictional spokeswoman' (a fictional test document).")
    page.wait_for_function("() => document.querySelector('#field-actor_id').value === 'act-bena-quill'")
    shot(page, "actor-form")
    save(page)

    # A statement with its speaker and its relay, found by their labels, never by id.
    select(page, "said on July 1 that “at least 151 people” were killed")
    page.click('button[data-table="statements"]')
    choose(page, "attribution", "speaker")
    pick(page, "relay_actor_id", "interfax", "Interfax")
    choose(page, "kind", "report")
    pick(page, "incident_id", "crocus", "Attack on the Crocus City Hall")
    field(page, "summary").locator("textarea").fill("At least 151 people were killed in the attack.")
    choose(page, "rendering", "reported")
    page.fill("#field-said_earliest", "2024-07-01")
    page.fill("#field-said_latest", "2024-07-01")
    choose(page, "said_precision", "day")
    choose(page, "said_derivation", "year_from_publication")
    page.fill("#field-said_note", "'on July 1', in a document dated 2024-07-02 (its dateline).")
    suggested = "() => document.querySelector('#field-statement_id').value === 'stm-at-least-151-people-were'"
    page.wait_for_function(suggested)
    # Saved without its speaker: refused, the problem shown at the field in the validator's words.
    before = scratch.table_path("statements").read_bytes()
    page.click('#record-form button[type="submit"]')
    problem = field(page, "speaker_actor_id").locator(".field-problems li")
    problem.wait_for()
    assert "[speaker_actor_id]: statement.speaker: set speaker_actor_id exactly when" in problem.inner_text()
    assert scratch.table_path("statements").read_bytes() == before, "nothing was written"
    shot(page, "problem", '#record-form .field[data-name="speaker_actor_id"]')
    pick(page, "speaker_actor_id", "bena", "Ben̈a Q̇uill")
    save(page)
    shot(page, "saved", "#result-panel")

    # A figure, asserted in that statement; its wording is the selection.
    select(page, "at least 151 people")
    page.click('button[data-table="figures"]')
    pick(page, "incident_id", "crocus", "Attack on the Crocus City Hall")
    choose(page, "measure", "killed")
    choose(page, "unit", "people")
    field(page, "value").locator("input").fill("151")
    choose(page, "qualifier", "at_least")
    choose(page, "attribution", "speaker")
    pick(page, "statement_id", "151 people", "At least 151 people were killed in the attack.")
    assert field(page, "wording").locator("textarea").input_value() == "at least 151 people"
    save(page)

    # The relay's sentence, dragged with the mouse from the doubled space: one more span of the statement.
    drag(page, "Interfax relayed the statement.")
    page.click("#attach-button")
    picker = page.locator("#attach-form .picker")
    picker.locator('input[type="search"]').fill("151 people were killed")
    picker.locator("button.pick", has_text="At least 151 people were killed in the attack.").click()
    save(page, "#attach-form")

    # The document names the actor again: one more span of the actor, not a new actor.
    select(page, "Ben̈a Q̇uill", 2, before=1, after=1, shown="Ben̈a Q̇uill")
    page.click("#attach-button")
    picker = page.locator("#attach-form .picker")
    picker.locator('input[type="search"]').fill("bena quill")
    picker.locator("button.pick", has_text="Ben̈a Q̇uill").first.click()
    save(page, "#attach-form")

    # The sentence about the bulletin itself encodes nothing: a coverage note.
    page.click("#sentence-list li[data-sentence='2'] button:has-text('Encodes nothing')")
    page.fill("#note-form textarea[name='reason']", "It speaks about the document itself.")
    shot(page, "note")
    save(page, "#note-form")

    page.wait_for_function("() => document.querySelectorAll('#source-text .todo').length === 0")
    assert "every sentence is done" in page.inner_text("#progress")
    shot(page, "done")
    assert visit.problems == []
    visit.close()
    stop_workbench(process)

    assert main(["build", str(scratch.root)]) == 0
    assert main(["validate", str(scratch.root)]) == 0
    expected_rows(scratch)


def expected_rows(scratch: ScratchRepo) -> None:
    """Each row written is the one expected, the offsets computed here from the text (code points)."""
    records = scratch.data / "records"
    actor = rows(records / "actors.csv")[-1]
    assert actor == {
        "actor_id": "act-bena-quill",
        "actor_kind": "person",
        "name": "Ben̈a Q̇uill",
        "label": "Ben̈a Q̇uill",
        "position": "",
        "description": "'A fictional spokeswoman' (a fictional test document).",
        "part_of_actor_id": "",
        "note": "",
    }
    statement = rows(records / "statements.csv")[-1]
    assert statement == {
        "statement_id": "stm-at-least-151-people-were",
        "attribution": "speaker",
        "speaker_actor_id": "act-bena-quill",
        "relay_actor_id": "act-interfax",
        "kind": "report",
        "incident_id": "inc-crocus-city-hall-attack",
        "target_actor_id": "",
        "summary": "At least 151 people were killed in the attack.",
        "rendering": "reported",
        "made_in_custody": "false",
        "setting": "",
        "said_earliest": "2024-07-01",
        "said_latest": "2024-07-01",
        "said_precision": "day",
        "said_derivation": "year_from_publication",
        "said_note": "'on July 1', in a document dated 2024-07-02 (its dateline).",
        "note": "",
    }
    figure = rows(records / "figures.csv")[-1]
    assert figure == {
        "figure_id": "fig-at-least-151-people",
        "incident_id": "inc-crocus-city-hall-attack",
        "measure": "killed",
        "unit": "people",
        "value": "151",
        "value_low": "",
        "value_high": "",
        "value_derived": "false",
        "qualifier": "at_least",
        "alternative_qualifier": "",
        "out_of_figure_id": "",
        "wording": "at least 151 people",
        "actor_id": "",
        "attribution": "speaker",
        "statement_id": "stm-at-least-151-people-were",
        "note": "",
    }
    statement, figure, actor = "stm-at-least-151-people-were", "fig-at-least-151-people", "act-bena-quill"
    spans = [
        (f"ev-{SOURCE_ID}-1", SOURCE_ID, "2024-07-02 Fictional test bulletin 🧪 for the encoding workbench", 1),
        (f"ev-{actor}-1", actor, "A fictional spokeswoman, Ben̈a Q̇uill 👩🏽‍⚕️", 1),
        (f"ev-{statement}-1", statement, "said on July 1 that “at least 151 people” were killed", 1),
        (f"ev-{figure}-1", figure, "at least 151 people", 1),
        (f"ev-{statement}-2", statement, "Interfax relayed the statement.", 1),
        (f"ev-{actor}-2", actor, "Ben̈a Q̇uill", 2),
    ]
    expected = [
        {"evidence_id": e, "record_id": r, "source_id": SOURCE_ID, "start": str(at(q, n)[0]), "end": str(at(q, n)[1])}
        | {"quote": q}
        for e, r, q, n in spans
    ]
    assert [row for row in rows(records / "evidence.csv") if row["source_id"] == SOURCE_ID] == expected
    note = rows(scratch.data / "coverage_notes.csv")[-1]
    assert note == {
        "source_id": SOURCE_ID,
        "sentence": "This fictional bulletin tests the workbench",
        "reason": "It speaks about the document itself.",
    }


# What the Selection panel shows a moment after a selection: its words, whether it is marked out of date, and
# whether every control that would use it is disabled.
PANEL = """() => {
  const panel = document.querySelector('#selection-panel');
  const users = [...document.querySelectorAll('#table-buttons button, #attach-button, .use-selection')];
  return {quote: document.querySelector('#selection-quote').textContent, stale: panel.dataset.stale === 'true',
          disabled: users.length > 0 && users.every((button) => button.disabled)};
}"""


@pytest.fixture
def second_workbench(tmp_path: Path) -> Iterator[tuple[ScratchRepo, Any, str]]:
    scratch = checkout_with_fixture(tmp_path / "checkout")
    process, url = start_workbench(scratch.root)
    try:
        yield scratch, process, url
    finally:
        stop_workbench(process)


def test_a_selection_made_while_a_save_is_checked_is_never_used_before_it_is_current(
    second_workbench: tuple[ScratchRepo, Any, str],
    browser: Any,  # noqa: F811
) -> None:
    scratch, _, url = second_workbench
    visit = Visit(browser, url.split("?")[0], viewport={"width": 1280, "height": 900})
    page = visit.open(url)
    page.wait_for_selector("body[data-ready='true']")
    assert page.inner_text("#title") == f"Untitled report ({SOURCE_ID})", "the document by title and id"
    held: list[Any] = []
    page.route(
        "**/api/save", lambda route: held.append(route)
    )  # the save is being checked for as long as the test holds it
    select(page, "A fictional spokeswoman, Ben̈a Q̇uill 👩🏽‍⚕️")
    page.click('button[data-table="actors"]')
    choose(page, "actor_kind", "person")
    field(page, "description").locator("textarea").fill("'A fictional spokeswoman' (a fictional test document).")
    page.click('#record-form button[type="submit"]')
    page.wait_for_function(
        "() => document.querySelector('#record-form button[type=submit]').textContent === 'Checking…'"
    )
    assert len(held) == 1
    # A new selection while the save is checked: at once either current, or plainly out of date and unusable.
    page.evaluate(SELECT, ["Ben̈a Q̇uill", 1, 0, 0])
    seen = page.evaluate(PANEL)
    assert seen["quote"] == "“Ben̈a Q̇uill”" or (seen["stale"] and seen["disabled"]), seen
    page.wait_for_function("() => document.querySelector('#selection-quote').textContent === '“Ben̈a Q̇uill”'")
    seen = page.evaluate(PANEL)
    assert not seen["stale"] and not seen["disabled"], "current again, while the save is still checked"
    assert page.inner_text("#record-form button[type=submit]") == "Checking…"
    held[0].continue_()
    # The save ends in its result, or in problems: either way the test says which, and what the page shows.
    page.wait_for_function(
        "() => !document.querySelector('#result-panel').hidden || document.querySelector('#record-form li')"
    )
    shown = page.evaluate(
        "() => [document.querySelector('#result-panel').innerText,"
        " [...document.querySelectorAll('#record-form li')].map((item) => item.innerText)]"
    )
    assert shown[0].startswith("Saved"), shown
    page.unroute("**/api/save")
    removals(page, scratch)
    assert visit.problems == []
    visit.close()


def removals(page: Any, scratch: ScratchRepo) -> None:
    """A span added by mistake is removed in the page; a record's only span is not; a note goes the same way."""
    select(page, "Ben̈a Q̇uill", 2)
    page.click("#attach-button")
    page.locator("#attach-form .picker input[type='search']").fill("spokeswoman")
    page.locator("#attach-form button.pick").first.click()
    save(page, "#attach-form")
    spans = [row["evidence_id"] for row in rows(scratch.table_path("evidence")) if row["source_id"] == SOURCE_ID]
    page.click("#source-text mark.ev[data-sentence='5']")
    page.click(f"#work-panel li[data-evidence='{spans[-1]}'] button.remove-span")
    shot(page, "remove-span")
    save(page, "#remove-span-form")
    assert "Removed line" in page.inner_text("#result-panel")
    left = [row["evidence_id"] for row in rows(scratch.table_path("evidence")) if row["source_id"] == SOURCE_ID]
    assert left == spans[:-1]
    page.wait_for_selector("#source-text .todo[data-sentence='5']")
    # The record's only span: refused at once, in the validator's words; nothing written.
    before = scratch.table_path("evidence").read_bytes()
    page.click("#source-text mark.ev[data-sentence='3']")
    page.click(f"#work-panel li[data-evidence='{spans[-2]}'] button.remove-span")
    page.click('#remove-span-form button[type="submit"]')
    problem = page.locator("#remove-span-form .problems li").first
    problem.wait_for()
    assert "evidence.missing" in problem.inner_text()
    assert scratch.table_path("evidence").read_bytes() == before
    page.click("#remove-span-form button:has-text('Cancel')")
    # A coverage note, then taken out again: the sentence is to do once more.
    page.click("#sentence-list li[data-sentence='2'] button:has-text('Encodes nothing')")
    page.fill("#note-form textarea[name='reason']", "It speaks about the document itself.")
    save(page, "#note-form")
    page.click("#sentence-list li[data-sentence='2'] button.remove-note")
    save(page, "#remove-note-form")
    page.wait_for_selector("#source-text .todo[data-sentence='2']")
