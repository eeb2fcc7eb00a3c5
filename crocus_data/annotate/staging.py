"""A save is validated before anything is written: on a private copy of the package with the new files in it.

``crocus_data.validate()`` reads a package from disk, so the files a save would write are put into
a copy of the checkout's package (its top-level descriptor and data directory, in the same layout,
so every problem names the file, line and column ``crocus-data validate .`` would name) in a
temporary directory only this process can read, which is removed at once. The copy reads the tree
the way every command does (``safe_io``: regular files only, stat first, bounded); a link is copied
as a link, so a link that leaves the tree is refused in the copy as in the tree.

The verdict compares the package after the save with the package before it, both staged the same
way: a save may add no problem, and the rows it writes must have none. The files the build derives
(Parquet, the descriptor's record) are compared with the records only once the records are clean, so
"run `crocus-data build`" is advice here, never a reason to refuse a save.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from crocus_data.layout import DATA_DIR, DESCRIPTOR, SQLITE
from crocus_data.limits import DEFAULT_MAX_BYTES, MAX_STAGED_DEPTH
from crocus_data.problems import Problem
from crocus_data.rule_registry import Rule
from crocus_data.safe_io.files import RefusedError, is_directory_inside, read_regular, write_inside
from crocus_data.validation import Report, validate

# Problems that say a derived file is out of date: `crocus-data build` fixes them, the workbench does not.
BUILD_RULES = frozenset({Rule.PARQUET_MISMATCH, Rule.PACKAGE_DESCRIPTOR_MISMATCH, Rule.SOURCE_FILENAME})
# Problems a removal may bring back: the work still to do on a sentence, which the page marks.
REOPENED = frozenset({Rule.COVERAGE_UNEXPLAINED})
# Files validate never reads, left out of the copy.
NOT_COPIED = frozenset({SQLITE})


def _copy_tree(root: Path, into: Path, relative: Path, depth: int = 0) -> None:
    """Copy a folder of the tree: folders and regular files (read safely), links as links; nothing else."""
    if depth > MAX_STAGED_DEPTH:
        raise RefusedError(f"{relative.as_posix()} is nested more than {MAX_STAGED_DEPTH} folders deep")
    (into / relative).mkdir(parents=True, exist_ok=True)
    with os.scandir(root / relative) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            inner = relative / entry.name
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISLNK(info.st_mode):
                (into / inner).symlink_to(Path(entry.path).readlink())
            elif stat.S_ISDIR(info.st_mode):
                _copy_tree(root, into, inner, depth + 1)
            elif stat.S_ISREG(info.st_mode) and entry.name not in NOT_COPIED:
                _copy_file(root, into, inner)


def _copy_file(root: Path, into: Path, relative: Path) -> None:
    content = read_regular(root / relative, relative.as_posix(), DEFAULT_MAX_BYTES)
    if isinstance(content, Problem):
        raise RefusedError(str(content))
    write_inside(into, relative, content)  # into the private temporary directory, never into the tree


def stage(root: Path, into: Path, replaced: dict[str, bytes]) -> None:
    """Lay the checkout's package out under ``into`` as it would be with ``replaced`` (path -> bytes) written."""
    if not is_directory_inside(root, DATA_DIR.as_posix()):
        raise RefusedError(f"{DATA_DIR.as_posix()} is not a folder inside {root}")
    if os.path.lexists(root / DESCRIPTOR):
        _copy_file(root, into, Path(DESCRIPTOR))
    _copy_tree(root, into, DATA_DIR)
    for relative, content in replaced.items():
        write_inside(into, relative, content)


def staged_report(root: Path, replaced: dict[str, bytes]) -> Report:
    """``crocus_data.validate()`` of the checkout's package as it would be with ``replaced`` written."""
    with tempfile.TemporaryDirectory(prefix="crocus-annotate-") as folder:  # mode 0700: this user only
        stage(root, Path(folder), replaced)
        return validate(Path(folder), package="the package as this save would leave it")


@dataclass(frozen=True)
class Verdict:
    """What validating a save found: the problems that refuse it, and whether the build is due after it."""

    blocking: list[Problem]
    remaining: int  # problems the package had before the save and still has (work in progress)
    build_due: bool

    @property
    def accepted(self) -> bool:
        return not self.blocking


def _before_removal(problem: Problem, removed: dict[str, list[int]]) -> Problem:
    """A problem found after rows were taken out, at the line it stood on before (the rows below moved up)."""
    lines = removed.get(problem.file)
    if not lines or problem.row is None:
        return problem
    row = problem.row
    for line in sorted(lines):
        if line <= row:
            row += 1
    return replace(problem, row=row)


def verdict(
    before: Report,
    after: Report,
    written: Iterable[tuple[str, int]],
    removed: Iterable[tuple[str, int]] = (),
) -> Verdict:
    """Refuse a save that adds a problem, or leaves one in a row it writes (``written``: file and line).

    ``removed`` are the rows a save takes out (file and line): a problem the package had below one of
    them is the same problem a line higher, not a new one. A removal may leave a sentence to do again
    (coverage.unexplained: work in progress, marked in the page), never a record without evidence.
    """
    old = set(before.problems)
    rows = set(written)
    gone: dict[str, list[int]] = {}
    for file, line in removed:
        gone.setdefault(file, []).append(line)
    allowed = BUILD_RULES | (REOPENED if gone else frozenset())
    blocking = [
        problem
        for problem in after.problems
        if problem.rule not in allowed
        and (_before_removal(problem, gone) not in old or (problem.file, problem.row) in rows)
    ]
    remaining = sum(1 for problem in after.problems if problem.rule not in BUILD_RULES and problem not in blocking)
    build_due = any(problem.rule in BUILD_RULES for problem in after.problems)
    return Verdict(blocking, remaining, build_due)
