"""The Python snippets in the docs run, in order, against the installed data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import settings

import crocus_data

from scratch import REPO

PAGES = [
    "docs/examples.md",
    "README.md",
    "docs/quickstart.md",
    "docs/analysis.md",
    "docs/citing.md",
    "docs/testing.md",
    "docs/other-tools.md",
    "docs/annotations.md",
]


def python_blocks(page: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), flags=re.DOTALL)


def offline_hugging_face(cache: Path) -> dict[str, str]:
    """Environment for Hugging Face datasets that fetches nothing and caches under ``cache``, not the home folder."""
    return {"HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1", "HF_HOME": str(cache / "huggingface")}


@pytest.mark.parametrize("page", PAGES)
def test_snippets_run(
    page: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name, value in offline_hugging_face(tmp_path).items():  # read when datasets is first imported
        monkeypatch.setenv(name, value)
    blocks = python_blocks(REPO / page)
    assert blocks, f"{page} has no python blocks"
    namespace: dict[str, object] = {}
    # A snippet that runs a property (docs/testing.md) shows the API works: a few examples do that.
    previous = settings.get_current_profile_name()  # plain pytest's, CI's or deep's: the run's own count
    settings.load_profile("snippets")
    try:
        for number, block in enumerate(blocks, start=1):  # polars, DuckDB and datasets are in the dev extra
            exec(compile(block, f"{page} block {number}", "exec"), namespace)
    finally:
        settings.load_profile(previous)


def test_a_pages_snippets_leave_the_runs_count_of_examples(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """CI runs 100 examples per property; the page whose snippet runs a property (with a few) must not leave
    every later property of the worker at another count."""
    before = settings.get_current_profile_name()
    settings.load_profile("ci")
    try:
        test_snippets_run("docs/testing.md", capsys, monkeypatch, tmp_path)
        assert settings.get_current_profile_name() == "ci"
    finally:
        settings.load_profile(before)


def test_the_citation_on_the_citing_page_names_this_version() -> None:
    """A reader copies the "Cite as" line; a stale version there would cite data they did not use."""
    text = (REPO / "docs" / "citing.md").read_text(encoding="utf-8")
    cited = re.findall(r"\(version (\d+\.\d+\.\d+)\)", text)
    assert cited == [crocus_data.__version__]
