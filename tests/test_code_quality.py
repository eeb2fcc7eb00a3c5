"""ruff (lint and format) and mypy --strict are part of the test run."""

from __future__ import annotations

import subprocess
import sys

import pytest

from scratch import REPO

COMMANDS = {
    "ruff check": [sys.executable, "-m", "ruff", "check", "."],
    "ruff format": [sys.executable, "-m", "ruff", "format", "--check", "."],
    "mypy": [sys.executable, "-m", "mypy"],
}


@pytest.mark.parametrize("name", COMMANDS)
def test_tool_is_clean(name: str) -> None:
    result = subprocess.run(COMMANDS[name], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
