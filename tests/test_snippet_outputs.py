"""The docs show what each snippet really prints: outputs come from running it, and a stale one is drift."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from crocus_data.site import docs_build
from crocus_data.site.highlight_css import CSS_FILE
from crocus_data.site.snippet_outputs import OPT_OUT, OUTPUT_END, OUTPUT_START, blocks

from scratch import REPO

FENCE = "```"


def page(*parts: str) -> str:
    return "# A page\n\n" + "\n".join(parts)


def python(code: str, opt_out: str | None = None) -> str:
    marker = f"{OPT_OUT} {opt_out} -->\n" if opt_out else ""
    return f"{marker}{FENCE}python\n{code}\n{FENCE}\n"


def checkout(tmp_path: Path, text: str) -> Path:
    """A minimal checkout: one docs page."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page.md").write_text(text, encoding="utf-8")
    return tmp_path


def shown_outputs(text: str) -> list[str]:
    """The text of each generated output section, in order."""
    sections = re.findall(re.escape(OUTPUT_START) + r"(.*?)" + re.escape(OUTPUT_END), text, flags=re.DOTALL)
    return [re.search(r"```text\n(.*?)\n```", section, flags=re.DOTALL).group(1) for section in sections]  # type: ignore[union-attr]


def built(root: Path) -> str:
    assert docs_build.main(["--root", str(root)]) == 0
    return (root / "docs" / "page.md").read_text(encoding="utf-8")


# --- the committed docs --------------------------------------------------------------------------


def test_the_committed_pages_show_what_their_snippets_print_now() -> None:
    fresh = docs_build.render(REPO)
    stale = [str(path) for path, content in fresh.items() if (REPO / path).read_bytes() != content]
    assert stale == [], f"run `python -m crocus_data.site.docs_build` and commit {stale}"
    for name in ["docs/quickstart.md", "docs/examples.md", "docs/analysis.md"]:
        assert Path(name) in fresh and OUTPUT_START in fresh[Path(name)].decode(), name
    assert Path("docs") / CSS_FILE in fresh


def test_every_page_with_python_is_covered() -> None:
    """A page another helper adds python to gets its outputs from the same command."""
    pages = {p.relative_to(REPO) for p in [*(REPO / "docs").glob("*.md"), REPO / "README.md"]}
    with_python = {p for p in pages if blocks((REPO / p).read_text(encoding="utf-8"))}
    assert set(docs_build.pages_with_python(REPO)) == with_python


# --- the mechanism, on a page of its own ---------------------------------------------------------


def test_each_block_shows_what_it_prints_in_one_namespace(tmp_path: Path) -> None:
    root = checkout(tmp_path, page(python("x = 6 * 7\nprint(x)"), "Prose.\n", python("print(x + 1)\nprint('two')")))
    text = built(root)
    assert shown_outputs(text) == ["42", "43\ntwo"]
    assert text.index("print(x)") < text.index("42") < text.index("Prose.") < text.index("print(x + 1)")
    assert [block.code for block in blocks(text)] == ["x = 6 * 7\nprint(x)\n", "print(x + 1)\nprint('two')\n"]


def test_an_edited_snippet_gets_its_new_output_on_rebuild(tmp_path: Path) -> None:
    root = checkout(tmp_path, page(python("print(2 + 2)")))
    first = built(root)
    assert shown_outputs(first) == ["4"]
    (root / "docs" / "page.md").write_text(first.replace("print(2 + 2)", "print(2 + 3)"), encoding="utf-8")
    assert docs_build.main(["--check", "--root", str(root)]) == 1
    again = built(root)
    assert shown_outputs(again) == ["5"] and again.count(OUTPUT_START) == 1


def test_a_changed_output_is_drift_and_check_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = checkout(tmp_path, page(python("print(sorted({'b', 'a', 'c'}))")))
    good = built(root)
    assert docs_build.main(["--check", "--root", str(root)]) == 0
    tampered = good.replace("['a', 'b', 'c']", "['a', 'b']")
    assert tampered != good
    (root / "docs" / "page.md").write_text(tampered, encoding="utf-8")
    assert docs_build.main(["--check", "--root", str(root)]) == 1
    assert "docs/page.md" in capsys.readouterr().err
    assert (root / "docs" / "page.md").read_text(encoding="utf-8") == tampered
    assert built(root) == good


def test_an_opted_out_block_is_neither_run_nor_touched(tmp_path: Path) -> None:
    illustrative = python("import a_module_nobody_has\nprint(a_module_nobody_has.answer())", opt_out="illustrative")
    handwritten = "Hand-written output:\n\n```text\nforty-two\n```\n"
    root = checkout(tmp_path, page(illustrative, handwritten, python("print('after')")))
    original = (root / "docs" / "page.md").read_text(encoding="utf-8")
    text = built(root)
    assert text.startswith(original.split("print('after')")[0])  # everything up to the next block, unchanged
    assert shown_outputs(text) == ["after"]


def test_a_block_that_prints_nothing_gets_no_section_and_loses_a_stale_one(tmp_path: Path) -> None:
    root = checkout(tmp_path, page(python("print('once')")))
    text = built(root)
    (root / "docs" / "page.md").write_text(text.replace("print('once')", "value = 'once'"), encoding="utf-8")
    assert OUTPUT_START not in built(root)


def test_a_failing_block_writes_nothing_and_names_itself(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = checkout(tmp_path, page(python("print('fine')"), python("raise ValueError('broken snippet')")))
    before = (root / "docs" / "page.md").read_bytes()
    assert docs_build.main(["--root", str(root)]) == 2
    err = capsys.readouterr().err
    assert "docs/page.md block 2" in err and "broken snippet" in err and OPT_OUT in err
    assert (root / "docs" / "page.md").read_bytes() == before


@pytest.mark.parametrize(
    ("code", "complaint"), [("print(object())", "memory address"), ("import os\nprint(os.getcwd())", "path")]
)
def test_output_that_differs_between_runs_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], code: str, complaint: str
) -> None:
    root = checkout(tmp_path, page(python(code)))
    assert docs_build.main(["--root", str(root)]) == 2
    err = capsys.readouterr().err
    assert complaint in err and "docs/page.md block 1" in err


def test_output_is_byte_identical_on_rebuild(tmp_path: Path) -> None:
    """Sets of strings print in hash order: the fixed seed makes two fresh interpreters agree."""
    root = checkout(tmp_path, page(python("print({'alpha', 'beta', 'gamma', 'delta', 'epsilon'})")))
    first = built(root)
    (root / "docs" / "page.md").write_text(page(python("print({'alpha', 'beta', 'gamma', 'delta', 'epsilon'})")))
    assert built(root) == first
