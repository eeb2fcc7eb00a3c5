"""Turn what a user types for OLD or NEW into a snapshot.

Accepted, tried in this order: the word ``installed`` (the installed package's data); the word
``last-release`` (the manifest of the highest version under ``releases/``); an existing
path (a checkout or data directory holding a ``datapackage.json``, a ``datapackage.json`` itself,
or a release manifest file); a version ``X.Y.Z`` with a manifest ``releases/X.Y.Z.json.gz`` in the
current checkout; a git ref of the repository containing the working directory (``main``,
``HEAD~1``, a tag or a commit). Anything else is refused with one line, never a traceback.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from crocus_data.history.manifest import SUFFIX, decode
from crocus_data.history.semver import Version
from crocus_data.history.snapshot import Snapshot, SnapshotError, from_descriptor

DESCRIPTOR = "datapackage.json"
CHANGELOG = "CHANGELOG.md"
RELEASES = "releases"
INSTALLED = "installed"
LAST_RELEASE = "last-release"
# Where a checkout's descriptor may be, tried in order: the top-level one, then the data directory's.
GIT_DESCRIPTORS = (DESCRIPTOR, f"crocus_data/data/{DESCRIPTOR}")
_VERSION_LIKE = re.compile(r"^\d+\.\d+\.\d+$", re.ASCII)


@dataclass(frozen=True)
class Loaded:
    """A snapshot, what it was loaded from (in words), and the CHANGELOG.md that came with it."""

    snapshot: Snapshot
    label: str
    changelog: str | None = None


def _read_dir(root: Path, descriptor: str = DESCRIPTOR) -> Snapshot:
    def read(relative: str) -> bytes:
        target = root / relative
        if not target.is_file():
            raise FileNotFoundError(relative)
        try:
            return target.read_bytes()
        except OSError as exc:
            raise SnapshotError(f"cannot read {target} ({exc.strerror})") from exc

    try:
        return from_descriptor(read, descriptor)
    except SnapshotError as exc:
        raise SnapshotError(f"{root}: {exc}") from exc


def _changelog_near(start: Path, levels: int = 3) -> str | None:
    """The CHANGELOG.md of the checkout a package directory belongs to: here or a few levels up."""
    for directory in [start, *start.resolve().parents][: levels + 1]:
        candidate = directory / CHANGELOG
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
        if (directory / ".git").exists():
            break
    return None


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False)
    except OSError as exc:
        raise SnapshotError(f"git is not available ({exc.strerror})") from exc


def repository_root(cwd: Path) -> Path | None:
    """The top of the git checkout containing CWD, if any."""
    try:
        found = subprocess.run(["git", "-C", str(cwd), "rev-parse", "--show-toplevel"], capture_output=True, text=True)
    except OSError:
        return None
    return Path(found.stdout.strip()) if found.returncode == 0 and found.stdout.strip() else None


def _read_git(repo: Path, ref: str) -> Loaded | None:
    """The package as committed at REF, or None when REF names no commit of REPO."""
    if ref.startswith("-"):
        return None
    resolved = _git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if resolved.returncode != 0:
        return None
    commit = resolved.stdout.decode().strip()

    def read(relative: str) -> bytes:
        shown = _git(repo, "cat-file", "blob", f"{commit}:{relative}")
        if shown.returncode != 0:
            raise FileNotFoundError(relative)
        return shown.stdout

    for descriptor in GIT_DESCRIPTORS:
        try:
            read(descriptor)
        except FileNotFoundError:
            continue
        try:
            snapshot = from_descriptor(read, descriptor)
        except SnapshotError as exc:
            raise SnapshotError(f"git ref {ref} ({commit[:12]}): {exc}") from exc
        try:
            changelog: str | None = read(CHANGELOG).decode("utf-8")
        except (FileNotFoundError, UnicodeDecodeError):
            changelog = None
        return Loaded(snapshot, f"git ref {ref} ({commit[:12]})", changelog)
    raise SnapshotError(f"git ref {ref} ({commit[:12]}) has no {' or '.join(GIT_DESCRIPTORS)}")


def _is_manifest_file(path: Path) -> bool:
    if path.name.endswith(SUFFIX):
        return True
    with path.open("rb") as stream:
        head = stream.read(4096)
    return head[:2] == b"\x1f\x8b" or b'"crocus-data-release-manifest"' in head


def _manifest(path: Path, label: str | None = None) -> Snapshot:
    try:
        return decode(path.read_bytes())
    except SnapshotError as exc:
        raise SnapshotError(f"{label or path}: {exc}") from exc


def _last_release(here: Path) -> Loaded:
    """The manifest of the highest released version, in this checkout's releases/ directory."""
    roots = [here] + [root for root in [repository_root(here)] if root is not None and root != here]
    for root in roots:
        found: list[tuple[Version, Path]] = []
        for manifest in (root / RELEASES).glob(f"*{SUFFIX}"):
            try:
                found.append((Version.parse(manifest.name.removesuffix(SUFFIX)), manifest))
            except ValueError:
                continue
        if found:
            version, manifest = max(found)
            return Loaded(_manifest(manifest), f"release {version} ({RELEASES}/{manifest.name})")
    raise SnapshotError(f"no release manifest under {RELEASES}/ (run `crocus-data release-manifest` when releasing)")


def load(spec: str, cwd: Path | None = None) -> Loaded:
    """The snapshot SPEC names (see the module docstring for what SPEC may be).

    Every way the input can be unusable is a SnapshotError, whose message is one line.
    """
    try:
        return _load(spec, Path.cwd() if cwd is None else cwd)
    except OSError as exc:
        raise SnapshotError(f"{spec}: cannot read {exc.filename or 'it'} ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise SnapshotError(f"{spec}: a file that should be UTF-8 is not ({exc.reason})") from exc


def _load(spec: str, here: Path) -> Loaded:
    if spec == INSTALLED:
        from crocus_data.loaders import data_dir
        from crocus_data.version import __version__

        directory = data_dir()
        return Loaded(_read_dir(directory), f"the installed package {__version__} ({directory})")
    if spec == LAST_RELEASE:
        return _last_release(here)
    path = here / spec
    if path.is_dir():
        if not (path / DESCRIPTOR).is_file():
            raise SnapshotError(f"{spec}: no {DESCRIPTOR} in this directory")
        return Loaded(_read_dir(path), spec, _changelog_near(path))
    if path.is_file():
        if _is_manifest_file(path):
            return Loaded(_manifest(path, spec), f"release manifest {spec}")
        return Loaded(_read_dir(path.parent, path.name), spec, _changelog_near(path.parent))
    roots = [here] + [root for root in [repository_root(here)] if root is not None and root != here]
    if _VERSION_LIKE.match(spec):
        for root in roots:
            manifest = root / RELEASES / f"{spec}{SUFFIX}"
            if manifest.is_file():
                return Loaded(_manifest(manifest), f"release {spec} ({RELEASES}/{manifest.name})")
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
