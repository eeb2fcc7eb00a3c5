"""Turn what a user types for OLD or NEW into a snapshot.

Accepted, tried in this order: the word ``installed`` (the installed package's data); the word
``last-release`` (the manifest of the highest version under ``releases/``); an existing
path (a checkout or data directory holding a ``datapackage.json``, a ``datapackage.json`` itself,
or a release manifest file); a version ``X.Y.Z`` with a manifest ``releases/X.Y.Z.json.gz`` in the
current checkout; a git ref of the repository containing the working directory (``main``,
``HEAD~1``, a tag or a commit). Anything else is refused with one line, never a traceback.

Every file is read as ``validate`` reads one (``crocus_data.safe_io``): a regular file inside the tree
it belongs to, within its size limit, for OLD as for NEW. A symlink that leaves the tree (a CSV
pointing at ``/proc/self/environ``, a ``releases/`` folder pointing elsewhere), a pipe or a device
(``/dev/zero``) is refused by name; a manifest is decompressed and parsed within bounds.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from crocus_data.history.manifest import SUFFIX, decode
from crocus_data.history.semver import Version
from crocus_data.history.snapshot import Reader, Snapshot, SnapshotError, from_descriptor
from crocus_data.limits import MAX_CHANGELOG_BYTES, MAX_MANIFEST_BYTES, MAX_VERSION_CHARS
from crocus_data.problems import Problem
from crocus_data.rule_registry import Rule
from crocus_data.safe_io.files import inside, is_directory_inside, read_inside

DESCRIPTOR = "datapackage.json"
CHANGELOG = "CHANGELOG.md"
RELEASES = "releases"
INSTALLED = "installed"
LAST_RELEASE = "last-release"
# Where a checkout's descriptor may be, tried in order: the top-level one, then the data directory's.
GIT_DESCRIPTORS = (DESCRIPTOR, f"crocus_data/data/{DESCRIPTOR}")
# A version as OLD, and a manifest's file name: ASCII digits only, short, before either names a file.
_VERSION_LIKE = re.compile(
    rf"[0-9]{{1,{MAX_VERSION_CHARS}}}\.[0-9]{{1,{MAX_VERSION_CHARS}}}\.[0-9]{{1,{MAX_VERSION_CHARS}}}"
)
_MANIFEST_NAME = re.compile(rf"(?P<version>{_VERSION_LIKE.pattern}){re.escape(SUFFIX)}")


@dataclass(frozen=True)
class Loaded:
    """A snapshot, what it was loaded from (in words), and the CHANGELOG.md that came with it."""

    snapshot: Snapshot
    label: str
    changelog: str | None = None


def read_in_tree(root: Path, relative: str, limit: int) -> bytes:
    """A file of the tree at ROOT as ``validate`` reads it; FileNotFoundError when missing, else SnapshotError."""
    content = read_inside(root, relative, limit)
    if isinstance(content, Problem):
        if content.rule in (Rule.FILE_MISSING, Rule.SOURCE_MISSING):
            raise FileNotFoundError(relative)
        raise SnapshotError(f"{relative}: {content.message}")
    return content


def _read_dir(root: Path, descriptor: str = DESCRIPTOR) -> Snapshot:
    try:
        return from_descriptor(lambda relative, limit: read_in_tree(root, relative, limit), descriptor)
    except SnapshotError as exc:
        raise SnapshotError(f"{root}: {exc}") from exc


def read_changelog(directory: Path, name: str = CHANGELOG) -> str | None:
    """DIRECTORY's CHANGELOG.md (or NAME), if it has one: a regular file in it, UTF-8, within the size limit."""
    try:
        raw = read_in_tree(directory, name, MAX_CHANGELOG_BYTES)
    except FileNotFoundError:
        return None
    except SnapshotError as exc:
        raise SnapshotError(f"the changelog {directory / name}: {exc}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SnapshotError(f"the changelog {directory / name}: byte {exc.start} is not UTF-8") from None


def _changelog_near(start: Path, levels: int = 3) -> str | None:
    """The CHANGELOG.md of the checkout a package directory belongs to: here or a few levels up."""
    for directory in [start, *start.resolve().parents][: levels + 1]:
        changelog = read_changelog(directory)
        if changelog is not None:
            return changelog
        if (directory / ".git").exists():
            break
    return None


def _git(repo: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(repo), *args], input=stdin, capture_output=True, check=False)
    except OSError as exc:
        raise SnapshotError(f"git is not available ({exc.strerror})") from exc


def repository_root(cwd: Path) -> Path | None:
    """The top of the git checkout containing CWD, if any."""
    try:
        found = subprocess.run(["git", "-C", str(cwd), "rev-parse", "--show-toplevel"], capture_output=True, text=True)
    except OSError:
        return None
    return Path(found.stdout.strip()) if found.returncode == 0 and found.stdout.strip() else None


def _git_reader(repo: Path, commit: str, label: str) -> Reader:
    """A Reader of the files committed at COMMIT: blobs only, each asked its size before it is read."""

    def read(relative: str, limit: int) -> bytes:
        asked = _git(repo, "cat-file", "--batch-check", stdin=f"{commit}:{relative}\n".encode())
        fields = asked.stdout.split()
        if asked.returncode != 0 or len(fields) != 3 or fields[1] != b"blob":
            raise FileNotFoundError(relative)
        if int(fields[2]) > limit:
            raise SnapshotError(f"{label}: {relative} is {int(fields[2])} bytes, over the {limit}-byte limit")
        shown = _git(repo, "cat-file", "blob", fields[0].decode("ascii"))
        if shown.returncode != 0:
            raise FileNotFoundError(relative)
        return shown.stdout

    return read


def _read_git(repo: Path, ref: str) -> Loaded | None:
    """The package as committed at REF, or None when REF names no commit of REPO."""
    if ref.startswith("-") or any(ord(character) < 32 for character in ref):
        return None
    resolved = _git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if resolved.returncode != 0:
        return None
    commit = resolved.stdout.decode().strip()
    label = f"git ref {ref} ({commit[:12]})"
    read = _git_reader(repo, commit, label)
    for descriptor in GIT_DESCRIPTORS:
        try:
            read(descriptor, MAX_CHANGELOG_BYTES)
        except FileNotFoundError:
            continue
        try:
            snapshot = from_descriptor(read, descriptor)
        except SnapshotError as exc:
            raise SnapshotError(f"{label}: {exc}") from exc
        try:
            changelog: str | None = read(CHANGELOG, MAX_CHANGELOG_BYTES).decode("utf-8")
        except (FileNotFoundError, UnicodeDecodeError):
            changelog = None
        return Loaded(snapshot, label, changelog)
    raise SnapshotError(f"{label} has no {' or '.join(GIT_DESCRIPTORS)}")


def _manifest(folder: Path, name: str, label: str) -> Snapshot:
    """The manifest NAME in FOLDER, read as a file of that folder (never through a link out of it)."""
    try:
        return decode(read_in_tree(folder, name, MAX_MANIFEST_BYTES))
    except FileNotFoundError:
        raise SnapshotError(f"{label}: the file is missing") from None
    except SnapshotError as exc:
        raise SnapshotError(f"{label}: {exc}") from exc


def released(root: Path) -> list[tuple[Version, str]]:
    """The manifests under ROOT's ``releases/`` (a folder inside ROOT), by version, from file names alone."""
    if not is_directory_inside(root, RELEASES):
        if (root / RELEASES).is_symlink():
            raise SnapshotError(f"{root / RELEASES} is a link out of the checkout; no manifest is read through it")
        return []
    found: list[tuple[Version, str]] = []
    for path in (root / RELEASES).iterdir():
        match = _MANIFEST_NAME.fullmatch(path.name)
        if match is None:
            continue
        try:
            found.append((Version.parse(match.group("version")), f"{RELEASES}/{path.name}"))
        except ValueError:
            continue
    return sorted(found)


def _last_release(here: Path) -> Loaded:
    """The manifest of the highest released version, in this checkout's releases/ directory."""
    roots = [here] + [root for root in [repository_root(here)] if root is not None and root != here]
    for root in roots:
        found = released(root)
        if found:
            version, relative = found[-1]
            label = f"release {version} ({relative})"
            return Loaded(_manifest(root / RELEASES, relative.removeprefix(f"{RELEASES}/"), label), label)
    raise SnapshotError(f"no release manifest under {RELEASES}/ (run `crocus-data release-manifest` when releasing)")


def load(spec: str, cwd: Path | None = None) -> Loaded:
    """The snapshot SPEC names (see the module docstring for what SPEC may be).

    Every way the input can be unusable is a SnapshotError, whose message is one line.
    """
    try:
        return _load(spec, Path.cwd() if cwd is None else cwd)
    except OSError as exc:
        raise SnapshotError(f"{spec}: cannot read {exc.filename or 'it'} ({exc.strerror or exc})") from exc
    except (UnicodeError, ValueError) as exc:
        raise SnapshotError(f"{spec}: cannot be read ({exc})") from exc


def _named_file(path: Path, spec: str) -> Loaded:
    """A file named as OLD or NEW: a release manifest, or a descriptor (read in its own folder)."""
    if inside(path.parent, path.name) is None:
        raise SnapshotError(f"{spec} is a link to a file outside its folder; name the file itself")
    head = read_in_tree(path.parent, path.name, MAX_MANIFEST_BYTES)[:4096]
    if path.name.endswith(SUFFIX) or head[:2] == b"\x1f\x8b" or b'"crocus-data-release-manifest"' in head:
        return Loaded(_manifest(path.parent, path.name, spec), f"release manifest {spec}")
    return Loaded(_read_dir(path.parent, path.name), spec, _changelog_near(path.parent))


def _load(spec: str, here: Path) -> Loaded:
    if spec == INSTALLED:
        from crocus_data.loaders import data_dir
        from crocus_data.version import __version__

        directory = data_dir()
        return Loaded(_read_dir(directory), f"the installed package {__version__} ({directory})")
    if spec == LAST_RELEASE:
        return _last_release(here)
    if "\x00" in spec:
        raise SnapshotError("a name holding a NUL byte names nothing")
    path = here / spec
    if path.is_dir():
        if not (path / DESCRIPTOR).exists() and not (path / DESCRIPTOR).is_symlink():
            raise SnapshotError(f"{spec}: no {DESCRIPTOR} in this directory")
        return Loaded(_read_dir(path), spec, _changelog_near(path))
    if path.exists() or path.is_symlink():
        return _named_file(path, spec)
    roots = [here] + [root for root in [repository_root(here)] if root is not None and root != here]
    if _VERSION_LIKE.fullmatch(spec):
        for root in roots:
            if any(relative == f"{RELEASES}/{spec}{SUFFIX}" for _, relative in released(root)):
                label = f"release {spec} ({RELEASES}/{spec}{SUFFIX})"
                return Loaded(_manifest(root / RELEASES, f"{spec}{SUFFIX}", label), label)
    repo = repository_root(here)
    if repo is not None:
        found = _read_git(repo, spec)
        if found is not None:
            return found
    where = f"a git ref of {repo}" if repo is not None else "a git ref (not in a git checkout)"
    raise SnapshotError(
        f"{spec!r} is neither a package directory, a datapackage.json, a release manifest, "
        f"a version with a manifest under {RELEASES}/, {where}, nor {INSTALLED!r}"
    )
