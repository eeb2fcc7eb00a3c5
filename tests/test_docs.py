"""The Python snippets in the docs run, in order, against the installed data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scratch import REPO

PAGES = [
    "docs/examples.md",
    "README.md",
    "docs/quickstart.md",
    "docs/analysis.md",
    "docs/citing.md",
    "docs/testing.md",
    "docs/annotations.md",
]


def python_blocks(page: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), flags=re.DOTALL)


@pytest.mark.parametrize("page", PAGES)
def test_snippets_run(page: str, capsys: pytest.CaptureFixture[str]) -> None:
    blocks = python_blocks(REPO / page)
    assert blocks, f"{page} has no python blocks"
    namespace: dict[str, object] = {}
    for number, block in enumerate(blocks, start=1):
        try:
            exec(compile(block, f"{page} block {number}", "exec"), namespace)
        except ModuleNotFoundError as exc:
            if exc.name in ("polars", "duckdb"):
                pytest.skip(f"{exc.name} is optional and not installed")
            raise
