"""Opening files a pull request may have put anywhere: only regular files inside the tree, never blocking.

Every file the checks read passes through here first. ``stat`` is asked before anything is opened, so
a named pipe (which would block a reader forever), a directory, a device or a symlink loop is a
located problem instead of a hang or a crash, and a path that leaves the package is refused.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from crocus_data.problems import Problem
from crocus_data.rule_registry import Rule

_KIND = {
    stat.S_IFDIR: "a directory",
    stat.S_IFIFO: "a named pipe",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def check_regular(path: Path, display: str, missing: Rule = Rule.FILE_MISSING) -> tuple[int, Problem | None]:
    """The size of a regular file, or the problem that keeps it from being read; nothing is opened."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return 0, Problem(display, None, None, missing, "the file is missing; restore it")
    except PermissionError as exc:
        return 0, Problem(display, None, None, Rule.FILE_UNREADABLE, f"cannot be read: {exc.strerror}")
    except (OSError, ValueError) as exc:  # a symlink loop, a name too long, a NUL byte in the path
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return 0, Problem(display, None, None, Rule.FILE_NOT_REGULAR, f"cannot be reached: {reason}")
    if not stat.S_ISREG(info.st_mode):
        kind = _KIND.get(stat.S_IFMT(info.st_mode), "not a regular file")
        return 0, Problem(display, None, None, Rule.FILE_NOT_REGULAR, f"this is {kind}; a regular file is needed")
    return info.st_size, None


def read_regular(path: Path, display: str, limit: int, missing: Rule = Rule.FILE_MISSING) -> bytes | Problem:
    """The bytes of a regular file of at most ``limit`` bytes, read once; or the problem met."""
    size, problem = check_regular(path, display, missing)
    if problem is not None:
        return problem
    if size > limit:
        return Problem(display, None, None, Rule.FILE_TOO_LARGE, f"{size} bytes is over the {limit}-byte limit")
    try:
        with path.open("rb") as stream:
            return stream.read(limit + 1)
    except OSError as exc:
        return Problem(display, None, None, Rule.FILE_UNREADABLE, f"cannot be read: {exc.strerror or exc}")


def inside(root: Path, relative: str) -> Path | None:
    """Resolve a descriptor path, or None if it is absolute, a URL, or leaves the package.

    Resolving never fails: a symlink loop resolves to some path inside or outside, and the loop
    itself is then found by :func:`check_regular` as the file it is.
    """
    if not relative or "://" in relative or "\\" in relative or relative.startswith("/"):
        return None
    if any(part == ".." for part in relative.split("/")):
        return None
    path = Path(os.path.realpath(root / relative))
    return path if path.is_relative_to(Path(os.path.realpath(root))) else None


def unusable_path(relative: str) -> str | None:
    """Why no file system can take this path (a NUL byte, an unencodable character), or None."""
    if "\x00" in relative:
        return "it holds a NUL byte"
    try:
        relative.encode("utf-8")
    except UnicodeEncodeError:
        return "it holds a character that cannot be written in UTF-8"
    return None


def write_atomically(path: Path, content: bytes) -> None:
    """Replace ``path`` with ``content`` in one step: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
