"""The build: hand-encoded records -> models -> checks -> published files and site pages, written only
if all is clean.

``build(root)`` reads the checkout's records, runs every check, renders every generated file in
memory, and writes them only if no check failed. ``build(root, check=True)`` writes nothing and
reports which files differ from what the build produces (the drift check CI runs).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from crocus_data.checks import run_checks
from crocus_data.layout import CROISSANT, DATA_DIR
from crocus_data.problems import Problem
from crocus_data.published.build import render
from crocus_data.published.outputs import write_or_check
from crocus_data.reader.package import from_layout
from crocus_data.site.build import render_nav, render_pages, render_sections


@dataclass
class BuildResult:
    problems: list[Problem] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    drifted: list[Path] = field(default_factory=list)


def build(root: Path, check: bool = False) -> BuildResult:
    """Rebuild the generated files under ``root`` (a checkout), or with ``check`` only compare them."""
    package = from_layout(root / DATA_DIR, display_prefix=f"{DATA_DIR.as_posix()}/")
    result = BuildResult(problems=run_checks(package))
    if result.problems:
        return result
    rendered = {**render(package), **render_pages(package)}
    croissant = json.loads(rendered[DATA_DIR / CROISSANT])
    outputs = {**rendered, **render_sections(root, croissant, package), **render_nav(root, package)}
    outcome = write_or_check(root, outputs, check=check)
    result.written, result.drifted = outcome.written, outcome.drifted
    return result
