"""Writing generated files: every generator renders bytes, and one loop writes them or checks them.

The build and the figures share it, so "write only what changed, atomically" and "with --check,
write nothing and list what drifted" mean the same everywhere. Hand-written pages hold generated
sections between markers, which the site build fills in (``with_generated_section``).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crocus_data.problems import Problem
from crocus_data.rule_registry import Rule
from crocus_data.safe_io.files import read_inside, write_inside

GENERATED_START = "<!-- generated:{name} start: the site build fills this in; do not edit by hand -->"
GENERATED_END = "<!-- generated:{name} end -->"


@dataclass
class Outcome:
    """What a write-or-check pass did: the files it wrote, or (checking) those that differ."""

    written: list[Path] = field(default_factory=list)
    drifted: list[Path] = field(default_factory=list)


def print_outcome(outcome: Outcome, rerun: str, folder: Path = Path()) -> int:
    """Say what a write-or-check pass did, the same way for every command that writes generated files
    (paths shown under ``folder``); the exit status is 1 if a file is out of date."""
    for path in outcome.written:
        print(f"wrote {folder / path}")
    for path in outcome.drifted:
        print(f"out of date: {folder / path} (run `{rerun}`)", file=sys.stderr)
    return 1 if outcome.drifted else 0


def json_bytes(document: Any) -> bytes:
    """Canonical JSON: two-space indent, UTF-8 as is, a final newline."""
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def write_or_check(
    root: Path,
    outputs: dict[Path, bytes],
    *,
    check: bool,
    same: Callable[[Path, bytes, bytes], bool] | None = None,
    optional: Callable[[Path], bool] | None = None,
) -> Outcome:
    """Write each output under ``root`` whose bytes differ; with ``check``, write nothing and list them.

    ``same(path, current, rendered)`` judges whether a file already holds what was rendered (default:
    the same bytes). With ``check``, a missing file for which ``optional(path)`` is true is not listed:
    a derived file is made where it is needed, so its absence from a checkout is no drift.
    """
    outcome = Outcome()
    for relative, content in outputs.items():
        # A pipe or a link out is never equal; a file much larger than the rendered one is not read whole.
        found = read_inside(root, relative.as_posix(), max(2 * len(content), 1 << 20))
        current = found if isinstance(found, bytes) else None
        if current == content or (current is not None and same is not None and same(relative, current, content)):
            continue
        if check:
            missing = isinstance(found, Problem) and found.rule is Rule.FILE_MISSING
            if missing and optional is not None and optional(relative):
                continue
            outcome.drifted.append(relative)
        else:
            write_inside(root, relative, content)  # RefusedError: a link out of the tree, a pipe, ...
            outcome.written.append(relative)
    return outcome


def _start_marker(page: str, name: str) -> re.Match[str] | None:
    """The ``<!-- generated:<name> start ... -->`` line, whatever its comment says (its wording has changed)."""
    return re.search(rf"^<!-- generated:{re.escape(name)} start\b[^\n]*-->$", page, flags=re.MULTILINE)


def generated_section(page: str, name: str) -> str | None:
    """What a page holds between its ``generated:<name>`` markers (None if it has none)."""
    start, end = _start_marker(page, name), GENERATED_END.format(name=name)
    if start is None or end not in page[start.end() :]:
        return None
    return page[start.end() :].split(end, 1)[0].strip("\n")


def with_generated_section(page: str, name: str, section: str) -> str:
    """A hand-written page with the text between its ``generated:<name>`` markers replaced by ``section``."""
    start, end = _start_marker(page, name), GENERATED_END.format(name=name)
    if start is None or end not in page[start.end() :]:
        raise ValueError(f"the page has no <!-- generated:{name} start ... --> ... {end} markers")
    after = page[start.end() :].split(end, 1)[1]
    body = f"{section.rstrip()}\n" if section.strip() else ""
    return f"{page[: start.start()]}{GENERATED_START.format(name=name)}\n{body}{end}{after}"
