"""The Python snippets in the docs run, in order, against the installed data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

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
    for number, block in enumerate(blocks, start=1):
        try:
            exec(compile(block, f"{page} block {number}", "exec"), namespace)
        except ModuleNotFoundError as exc:
            if exc.name in ("polars", "duckdb", "datasets"):
                pytest.skip(f"{exc.name} is optional and not installed")
            raise


def test_the_citation_on_the_citing_page_names_this_version() -> None:
    """A reader copies the "Cite as" line; a stale version there would cite data they did not use."""
    text = (REPO / "docs" / "citing.md").read_text(encoding="utf-8")
    cited = re.findall(r"\(version (\d+\.\d+\.\d+)\)", text)
    assert cited == [crocus_data.__version__]
