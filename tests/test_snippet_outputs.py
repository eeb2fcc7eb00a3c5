"""The docs show what each snippet really prints: the site build runs every page's snippets as it reads the page.

The committed pages hold only the code (what a person writes); the outputs appear in the built site.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from crocus_data.site.snippet_outputs import OPT_OUT, OUTPUT_END, OUTPUT_START, SnippetError, blocks, with_outputs

from scratch import REPO

FENCE = "```"


def page(*parts: str) -> str:
    return "# A page\n\n" + "\n".join(parts)


def python(code: str, opt_out: str | None = None) -> str:
    marker = f"{OPT_OUT} {opt_out} -->\n" if opt_out else ""
    return f"{marker}{FENCE}python\n{code}\n{FENCE}\n"


def shown_outputs(text: str) -> list[str]:
    """The text of each generated output section, in order."""
    sections = re.findall(re.escape(OUTPUT_START) + r"(.*?)" + re.escape(OUTPUT_END), text, flags=re.DOTALL)
    return [re.search(r"```text\n(.*?)\n```", section, flags=re.DOTALL).group(1) for section in sections]  # type: ignore[union-attr]


def built(text: str, tmp_path: Path) -> str:
    return with_outputs(text, "docs/page.md", tmp_path)


# --- the committed docs and the site -------------------------------------------------------------


def test_the_committed_pages_hold_only_the_code() -> None:
    """An output pasted into a page would be shown twice, and go stale: the site build makes them."""
    pages = [*sorted((REPO / "docs").glob("*.md")), REPO / "README.md"]
    assert [page.name for page in pages if "<!-- generated:output start" in page.read_text(encoding="utf-8")] == []


def test_the_site_shows_what_each_page_prints(site: Path) -> None:
    """Every committed page whose snippets print something shows an output in the built site."""
    printing = []
    for path in sorted((REPO / "docs").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if any(not block.opted_out and "print(" in block.code for block in blocks(text)):
            printing.append(path.stem)
    assert {"quickstart", "examples", "analysis"} <= set(printing)
    for stem in printing:
        html = (site / ("" if stem == "index" else stem) / "index.html").read_text(encoding="utf-8")
        assert "<em>Output:</em>" in html, stem


# --- the mechanism, on a page of its own ---------------------------------------------------------


def test_each_block_shows_what_it_prints_in_one_namespace(tmp_path: Path) -> None:
    text = built(page(python("x = 6 * 7\nprint(x)"), "Prose.\n", python("print(x + 1)\nprint('two')")), tmp_path)
    assert shown_outputs(text) == ["42", "43\ntwo"]
    assert text.index("print(x)") < text.index("42") < text.index("Prose.") < text.index("print(x + 1)")
    assert [block.code for block in blocks(text)] == ["x = 6 * 7\nprint(x)\n", "print(x + 1)\nprint('two')\n"]


def test_an_edited_snippet_gets_its_new_output(tmp_path: Path) -> None:
    first = built(page(python("print(2 + 2)")), tmp_path)
    assert shown_outputs(first) == ["4"]
    again = built(first.replace("print(2 + 2)", "print(2 + 3)"), tmp_path)
    assert shown_outputs(again) == ["5"] and again.count(OUTPUT_START) == 1


def test_a_pasted_output_is_replaced_by_the_real_one(tmp_path: Path) -> None:
    good = built(page(python("print(sorted({'b', 'a', 'c'}))")), tmp_path)
    tampered = good.replace("['a', 'b', 'c']", "['a', 'b']")
    assert tampered != good and built(tampered, tmp_path) == good


def test_an_opted_out_block_is_neither_run_nor_touched(tmp_path: Path) -> None:
    illustrative = python("import a_module_nobody_has\nprint(a_module_nobody_has.answer())", opt_out="illustrative")
    handwritten = "Hand-written output:\n\n```text\nforty-two\n```\n"
    original = page(illustrative, handwritten, python("print('after')"))
    text = built(original, tmp_path)
    assert text.startswith(original.split("print('after')")[0])  # everything up to the next block, unchanged
    assert shown_outputs(text) == ["after"]


def test_a_block_that_prints_nothing_gets_no_section_and_loses_a_stale_one(tmp_path: Path) -> None:
    text = built(page(python("print('once')")), tmp_path)
    assert OUTPUT_START not in built(text.replace("print('once')", "value = 'once'"), tmp_path)


def test_a_failing_block_names_itself(tmp_path: Path) -> None:
    with pytest.raises(SnippetError) as raised:
        built(page(python("print('fine')"), python("raise ValueError('broken snippet')")), tmp_path)
    assert "docs/page.md block 2" in str(raised.value) and "broken snippet" in str(raised.value)
    assert OPT_OUT in str(raised.value)


@pytest.mark.parametrize(
    ("code", "complaint"), [("print(object())", "memory address"), ("import os\nprint(os.getcwd())", "path")]
)
def test_output_that_differs_between_runs_is_refused(tmp_path: Path, code: str, complaint: str) -> None:
    with pytest.raises(SnippetError) as raised:
        built(page(python(code)), tmp_path)
    assert complaint in str(raised.value) and "docs/page.md block 1" in str(raised.value)


def test_output_is_byte_identical_on_rebuild(tmp_path: Path) -> None:
    """Sets of strings print in hash order: the fixed seed makes two fresh interpreters agree."""
    code = page(python("print({'alpha', 'beta', 'gamma', 'delta', 'epsilon'})"))
    assert built(code, tmp_path) == built(code, tmp_path)
