"""Commands the tests start in the background and talk to (the workbench, serve)."""

from __future__ import annotations

import json
import subprocess
from typing import Any


def printed_document(process: subprocess.Popen[str], command: str) -> dict[str, Any]:
    """The JSON document ``process`` prints once it listens (stdout), read line by line until it is whole;
    an AssertionError with its stderr if ``command`` stops first."""
    assert process.stdout is not None
    lines: list[str] = []
    while True:
        line = process.stdout.readline()
        if not line:
            assert process.stderr is not None
            raise AssertionError(f"{command} stopped: {process.stderr.read()}")
        lines.append(line)
        try:
            document: dict[str, Any] = json.loads("".join(lines))
        except json.JSONDecodeError:
            continue
        return document
