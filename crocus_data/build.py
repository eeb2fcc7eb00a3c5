"""The build: hand-encoded records -> models -> checks -> published files and site pages, written only
if all is clean.

``build(root)`` reads the checkout's records, runs every check, renders every generated file in
memory, and writes them only if no check failed. ``build(root, check=True)`` writes nothing and
reports which files differ in content from what the build produces (the drift check CI runs): a
committed file (``layout.is_committed``) must match; a derived one is compared when it is there,
since it is made where it is needed (at install, at site build) and a checkout may not have it.
Parquet is compared by its rows, types and metadata, not its bytes (``published.content``), so any
supported pyarrow passes.

The same build runs in three places: ``crocus-data build`` in a checkout, the wheel's build hook
(``hatch_build.py``: ``pip install``, ``pip install -e`` and a release), and the docs site's MkDocs
hook (``crocus_data.docs_site``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from crocus_data.checks import run_checks
from crocus_data.layout import DATA_DIR, is_committed
from crocus_data.problems import Problem
from crocus_data.published.build import render
from crocus_data.published.content import same_content
from crocus_data.published.outputs import write_or_check
from crocus_data.reader.package import from_layout
from crocus_data.safe_io.files import RefusedError, is_directory_inside
from crocus_data.site.build import render_pages


@dataclass
class BuildResult:
    problems: list[Problem] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    drifted: list[Path] = field(default_factory=list)


@dataclass
class Rendered:
    """Every file the build makes, by path relative to the checkout, or the problems that stop it."""

    problems: list[Problem] = field(default_factory=list)
    files: dict[Path, bytes] = field(default_factory=dict)


def render_checkout(root: Path, *, pages: bool = True) -> Rendered:
    """Check the checkout's records and render every generated file (the site's pages too, with ``pages``).

    RefusedError (one line) when a file the build reads or writes is a link out of the checkout, a pipe
    or a device: the build reads and writes only regular files inside it (``crocus_data.safe_io``).
    """
    if not is_directory_inside(root, DATA_DIR.as_posix()):
        raise RefusedError(f"{DATA_DIR.as_posix()} is not a folder inside {root}; nothing is read through a link out")
    package = from_layout(root / DATA_DIR, display_prefix=f"{DATA_DIR.as_posix()}/")
    problems = run_checks(package)
    if problems:
        return Rendered(problems)
    files = render(package)
    if pages:
        files.update(render_pages(root, package))
    return Rendered(files=files)


def build(root: Path, check: bool = False) -> BuildResult:
    """Rebuild the generated files under ``root`` (a checkout), or with ``check`` only compare them."""
    rendered = render_checkout(root)
    if rendered.problems:
        return BuildResult(problems=rendered.problems)
    outcome = write_or_check(
        root, rendered.files, check=check, same=same_content, optional=lambda path: not is_committed(path)
    )
    return BuildResult(written=outcome.written, drifted=outcome.drifted)
