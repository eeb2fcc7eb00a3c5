"""Opening and writing files a pull request may have put anywhere: only regular files inside the tree.

Every file a command reads passes through here first. ``stat`` is asked before anything is opened, so
a named pipe (which would block a reader forever), a directory, a device (``/dev/zero`` never ends) or
a symlink loop is a located problem instead of a hang or a crash, and a path that leaves the tree is
refused. The file is then opened without blocking and asked again, so what is read is what was checked.

Writes go through :func:`write_inside` alone: to a regular file inside the tree, never through a
symlink that leaves it, atomically (a reader sees the old file or the new one, never half), and
keeping the file's mode (a new file gets the mode the umask gives, as any editor's would).
"""

from __future__ import annotations

import os
import secrets
import stat
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
# Opening never blocks (a FIFO swapped in after the check), never takes a terminal, never leaks to a child.
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


class RefusedError(Exception):
    """A file of the tree cannot be read or written as asked: the message is one line naming it (exit 2)."""


def _kind(mode: int) -> str:
    return _KIND.get(stat.S_IFMT(mode), "not a regular file")


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
        return 0, Problem(
            display, None, None, Rule.FILE_NOT_REGULAR, f"this is {_kind(info.st_mode)}; a regular file is needed"
        )
    return info.st_size, None


def read_regular(path: Path, display: str, limit: int, missing: Rule = Rule.FILE_MISSING) -> bytes | Problem:
    """The bytes of a regular file of at most ``limit`` bytes, read once; or the problem met."""
    size, problem = check_regular(path, display, missing)
    if problem is not None:
        return problem
    if size > limit:
        return Problem(display, None, None, Rule.FILE_TOO_LARGE, f"{size} bytes is over the {limit}-byte limit")
    try:
        descriptor = os.open(path, _READ_FLAGS)
    except OSError as exc:
        return Problem(display, None, None, Rule.FILE_UNREADABLE, f"cannot be read: {exc.strerror or exc}")
    with os.fdopen(descriptor, "rb") as stream:
        try:
            info = os.fstat(stream.fileno())
            if not stat.S_ISREG(info.st_mode):  # swapped for something else since it was checked
                message = f"this is {_kind(info.st_mode)}; a regular file is needed"
                return Problem(display, None, None, Rule.FILE_NOT_REGULAR, message)
            os.set_blocking(stream.fileno(), True)
            content = stream.read(min(limit, info.st_size) + 1)  # not limit + 1: read() allocates what it is asked
            if len(content) > info.st_size:  # it grows as it is read: read on, to the limit
                content += stream.read(limit + 1 - len(content))
        except OSError as exc:
            return Problem(display, None, None, Rule.FILE_UNREADABLE, f"cannot be read: {exc.strerror or exc}")
    if len(content) > limit:  # it grew since it was checked
        return Problem(display, None, None, Rule.FILE_TOO_LARGE, f"it is over the {limit}-byte limit")
    return content


def inside(root: Path, relative: str) -> Path | None:
    """Resolve a path relative to ``root``, or None if it is absolute, a URL, or leaves the tree.

    Resolving never fails: a symlink loop resolves to some path inside or outside, and the loop
    itself is then found by :func:`check_regular` as the file it is.
    """
    if not relative or "://" in relative or "\\" in relative or relative.startswith("/"):
        return None
    if any(part == ".." for part in relative.split("/")) or unusable_path(relative) is not None:
        return None
    path = Path(os.path.realpath(root / relative))
    return path if path.is_relative_to(Path(os.path.realpath(root))) else None


def read_inside(
    root: Path, relative: str, limit: int, display: str | None = None, missing: Rule = Rule.FILE_MISSING
) -> bytes | Problem:
    """The bytes of the regular file ``root/relative``, if it stays inside ``root`` (a symlink may not leave it)."""
    shown = relative if display is None else display
    path = inside(root, relative)
    if path is None:
        message = "it is a link to a file outside the tree, or a path that leaves it; use the file itself"
        return Problem(shown, None, None, Rule.PACKAGE_PATH_OUTSIDE, message)
    return read_regular(path, shown, limit, missing)


def read_or_refuse(root: Path, relative: str, limit: int) -> bytes | None:
    """The bytes of ``root/relative`` as :func:`read_inside` reads them, None if it is missing, else
    :class:`RefusedError` saying why it cannot be read (for files a command needs, not data it reports on)."""
    content = read_inside(root, relative, limit)
    if isinstance(content, Problem):
        if content.rule is Rule.FILE_MISSING:
            return None
        raise RefusedError(f"{relative}: {content.message}")
    return content


def is_directory_inside(root: Path, relative: str) -> bool:
    """Whether ``root/relative`` is a directory that stays inside ``root`` (not a symlink out of it)."""
    path = inside(root, relative)
    return path is not None and path.is_dir()


def unusable_path(relative: str) -> str | None:
    """Why no file system can take this path (a NUL byte, an unencodable character), or None."""
    if "\x00" in relative:
        return "it holds a NUL byte"
    try:
        relative.encode("utf-8")
    except UnicodeEncodeError:
        return "it holds a character that cannot be written in UTF-8"
    return None


def _directory_inside(root: Path, relative: Path) -> Path:
    """The real directory ``root/relative``, made where missing, each step checked to stay inside ``root``."""
    real_root = Path(os.path.realpath(root))
    current = real_root
    for part in relative.parts:
        candidate = current / part
        if not os.path.lexists(candidate):
            candidate.mkdir()
        resolved = Path(os.path.realpath(candidate))
        if not resolved.is_relative_to(real_root):
            raise RefusedError(f"{relative.as_posix()} is a link out of {root}; nothing is written through it")
        if not resolved.is_dir():
            raise RefusedError(f"{relative.as_posix()} is {_kind(resolved.stat().st_mode)}, not a directory")
        current = resolved
    return current


def write_inside(root: Path, relative: Path | str, content: bytes) -> None:
    """Replace the file ``root/relative`` with ``content`` in one step, keeping its mode.

    Refused (:class:`RefusedError`) when the path leaves ``root`` (``..``, an absolute path, a
    symlinked directory or file pointing outside), or names something that is not a regular file.
    """
    target = Path(relative)
    shown = target.as_posix()
    if target.is_absolute() or ".." in target.parts or not target.name or unusable_path(shown) is not None:
        raise RefusedError(f"{shown!r} is not a path inside {root}")
    try:
        directory = _directory_inside(root, target.parent)
        path = directory / target.name
        mode: int | None = None
        if os.path.lexists(path):
            real = Path(os.path.realpath(path))
            if not real.is_relative_to(Path(os.path.realpath(root))):
                raise RefusedError(f"{shown} is a link to a file outside {root}; nothing is written through it")
            info = real.stat()
            if not stat.S_ISREG(info.st_mode):
                raise RefusedError(f"{shown} is {_kind(info.st_mode)}; only a regular file is replaced")
            path, mode = real, stat.S_IMODE(info.st_mode)
        _replace(path, content, mode)
    except OSError as exc:
        raise RefusedError(f"cannot write {shown}: {exc.strerror or exc}") from None


def _replace(path: Path, content: bytes, mode: int | None) -> None:
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    descriptor = os.open(temporary, _CREATE_FLAGS, 0o666)  # the umask applies, as to any new file
    try:
        with os.fdopen(descriptor, "wb") as stream:
            if mode is not None:
                os.fchmod(stream.fileno(), mode)
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
