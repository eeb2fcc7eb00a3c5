"""Copies of the checkout that tests may break, built as ``pip install -e .`` leaves a clone.

Git holds only what a person writes; the build makes the rest (docs/building.md). ``built()`` is a
copy of what git holds, built once per test process in a temporary directory, so a test never
depends on whether this checkout was built, and never writes into it. A ``ScratchRepo`` is a copy
of that built tree, with helpers to edit one cell the way a contributor would.
"""

from __future__ import annotations

import atexit
import csv
import fnmatch
import io
import os
import shutil
import stat
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from crocus_data.build import build
from crocus_data.checks import run_checks
from crocus_data.layout import DATA_DIR, PACKAGE_SCHEMAS_DIR, SCHEMAS_DIR
from crocus_data.problems import Problem
from crocus_data.reader.package import from_descriptor

REPO = Path(__file__).resolve().parent.parent
# What the built copy holds of the checkout: the package (code and data), the committed descriptor and
# schemas, the docs and what the site build and the gate read.
TREE = [
    Path("crocus_data"),
    SCHEMAS_DIR,
    Path("docs"),
    Path("datapackage.json"),
    Path("mkdocs.yml"),
    Path("CHANGELOG.md"),
    Path("README.md"),
    Path("CONTRIBUTING.md"),
    Path("releases"),
    Path("overrides"),
]
# What a scratch copy holds: the data, the descriptors, the schemas (both copies) and the docs.
COPIED = [DATA_DIR, SCHEMAS_DIR, PACKAGE_SCHEMAS_DIR, Path("docs"), Path("datapackage.json")]
# What a checkout's history is made of: the releases it records and its changelog (``ScratchRepo.with_history``).
HISTORY = [Path("releases"), Path("CHANGELOG.md")]
GIT_IDENTITY = ("-c", "user.name=crocus-data tests", "-c", "user.email=tests@crocus-data.invalid")


def ignored_patterns(root: Path = REPO) -> list[str]:
    """The patterns of ``root``'s .gitignore (what git does not hold: the derived files among them)."""
    lines = (root / ".gitignore").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def is_ignored(relative: Path, patterns: list[str]) -> bool:
    """Whether .gitignore's ``patterns`` leave out ``relative`` (a POSIX path from the root), as git reads them:
    an anchored pattern (``/a/b``, ``/a/``) names the path or a folder above it, any other a name anywhere."""
    posix = relative.as_posix()
    for pattern in patterns:
        if pattern.startswith("/"):
            anchored = pattern.strip("/")
            if posix == anchored or posix.startswith(f"{anchored}/") or fnmatch.fnmatchcase(posix, anchored):
                return True
        elif any(fnmatch.fnmatchcase(part, pattern.rstrip("/")) for part in relative.parts):
            return True
    return False


def copy_tree(source: Path, target: Path, relatives: list[Path]) -> None:
    """Copy ``relatives`` of ``source`` to ``target``, leaving out what .gitignore leaves out."""
    patterns = ignored_patterns()

    def ignore(directory: str, names: list[str]) -> list[str]:
        here = Path(directory).relative_to(source)
        return [name for name in names if is_ignored(here / name, patterns)]

    for relative in relatives:
        origin, destination = source / relative, target / relative
        if origin.is_dir():
            shutil.copytree(origin, destination, ignore=ignore)
        elif origin.is_file():
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(origin, destination)


@cache
def built() -> Path:
    """What git holds of this checkout, copied to a temporary directory and built there (once per process)."""
    root = Path(tempfile.mkdtemp(prefix="crocus-data-built-")) / "checkout"
    atexit.register(shutil.rmtree, root.parent, ignore_errors=True)
    copy_tree(REPO, root, TREE)
    result = build(root)
    assert not result.problems, [problem.message for problem in result.problems]
    return root


@dataclass
class ScratchRepo:
    root: Path

    @classmethod
    def copy_to(cls, root: Path) -> ScratchRepo:
        """A copy of the built checkout's data, descriptors, schemas and docs under ``root``."""
        source = built()
        for relative in COPIED:
            origin, target = source / relative, root / relative
            if origin.is_dir():
                shutil.copytree(origin, target, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(origin, target)
        return cls(root)

    @property
    def data(self) -> Path:
        return self.root / DATA_DIR

    def table_path(self, table: str) -> Path:
        return self.data / "records" / f"{table}.csv"

    def read_rows(self, table: str) -> tuple[list[str], list[dict[str, str]]]:
        with self.table_path(table).open(encoding="utf-8", newline="") as stream:
            reader = csv.DictReader(stream)
            return list(reader.fieldnames or []), list(reader)

    def write_rows(self, table: str, header: list[str], rows: list[dict[str, str]]) -> None:
        buffer = io.StringIO(newline="")
        writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        self.table_path(table).write_text(buffer.getvalue(), encoding="utf-8", newline="")

    def set_cell(self, table: str, key: str, column: str, value: str) -> int:
        """Change one cell of the row whose first column is ``key``; return that row's line number."""
        header, rows = self.read_rows(table)
        for number, row in enumerate(rows):
            if row[header[0]] == key:
                row[column] = value
                self.write_rows(table, header, rows)
                return number + 2  # line 1 is the header
        raise KeyError(key)

    def line_of(self, table: str, key: str) -> int:
        header, rows = self.read_rows(table)
        return next(n + 2 for n, row in enumerate(rows) if row[header[0]] == key)

    def cell(self, table: str, key: str, column: str) -> str:
        header, rows = self.read_rows(table)
        return next(row[column] for row in rows if row[header[0]] == key)

    def problems(self) -> list[Problem]:
        return run_checks(from_descriptor(self.data / "datapackage.json"))

    def with_history(self) -> ScratchRepo:
        """Also copy the checkout's history: ``releases/`` and CHANGELOG.md (validate then checks it)."""
        for relative in HISTORY:
            source, target = REPO / relative, self.root / relative
            if source.is_dir():
                shutil.copytree(source, target)
            else:
                shutil.copy2(source, target)
        return self

    def commit(self, message: str = "base") -> None:
        """Make the copy a git checkout (once) and commit everything in it: the base ``validate`` compares with."""
        if not (self.root / ".git").exists():
            subprocess.run(["git", "-C", str(self.root), "init", "-q"], check=True, capture_output=True)
        subprocess.run(["git", "-C", str(self.root), "add", "-A"], check=True, capture_output=True)
        git = ["git", "-C", str(self.root), *GIT_IDENTITY, "commit", "-q", "--allow-empty", "-m", message]
        subprocess.run(git, check=True, capture_output=True)


def tree_snapshot(root: Path) -> dict[str, object]:
    """Every entry under root without following symlinks or opening anything but regular files."""
    entries: dict[str, object] = {}
    for directory, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(directory) / name
            info = path.lstat()
            key = str(path.relative_to(root))
            if stat.S_ISREG(info.st_mode):
                try:
                    entries[key] = path.read_bytes()
                except PermissionError:  # a test made it unreadable on purpose
                    entries[key] = ("unreadable", info.st_size, info.st_mtime_ns)
            elif stat.S_ISLNK(info.st_mode):
                entries[key] = ("symlink", str(path.readlink()))
            else:
                entries[key] = ("mode", stat.S_IFMT(info.st_mode))
    return entries
