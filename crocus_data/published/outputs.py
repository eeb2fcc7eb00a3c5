"""Writing generated files: every generator renders bytes, and one loop writes them or checks them.

The build and the figures share it, so "write only what changed, atomically" and "with --check,
write nothing and list what drifted" mean the same everywhere.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crocus_data.safe_io.files import read_inside, write_inside

GENERATED_START = "<!-- generated:{name} start: do not edit by hand; `crocus-data build` writes it -->"
GENERATED_END = "<!-- generated:{name} end -->"
# The same markers as YAML comments, for a section of mkdocs.yml.
YAML_START = "# generated:{name} start: do not edit by hand; `crocus-data build` writes it"
YAML_END = "# generated:{name} end"


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


def write_or_check(root: Path, outputs: dict[Path, bytes], *, check: bool) -> Outcome:
    """Write each output under ``root`` whose bytes differ; with ``check``, write nothing and list them."""
    outcome = Outcome()
    for relative, content in outputs.items():
        current = read_inside(root, relative.as_posix(), len(content))  # a pipe or a link out is never equal
        if current == content:
            continue
        if check:
            outcome.drifted.append(relative)
        else:
            write_inside(root, relative, content)  # RefusedError: a link out of the tree, a pipe, ...
            outcome.written.append(relative)
    return outcome


def with_generated_section(
    page: bytes, name: str, section: str, markers: tuple[str, str] = (GENERATED_START, GENERATED_END)
) -> bytes:
    """A hand-written page with the text between its ``generated:<name>`` markers replaced by ``section``.

    The markers are HTML comments unless ``markers`` says otherwise (:data:`YAML_START`, :data:`YAML_END`).
    """
    text = page.decode("utf-8")
    start, end = markers[0].format(name=name), markers[1].format(name=name)
    if start not in text or end not in text:
        raise ValueError(f"the page has no {start!r} ... {end!r} markers")
    before, rest = text.split(start, 1)
    _, after = rest.split(end, 1)
    return f"{before}{start}\n{section.rstrip()}\n{end}{after}".encode()
