"""The releases a checkout records under ``releases/``: found, named, read within bounds, in version order.

A manifest is history a pull request can plant, so each is read like any file from a contribution:
only regular files, at most ``MAX_MANIFEST_BYTES`` as stored and decompressed within the bounds of
``safe_io.inflate`` (a gzip bomb stops there), named ``X.Y.Z.json.gz`` in ASCII digits, and recording the
version its name gives. Whatever cannot be used is a reason in words, for a located problem.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path

from crocus_data.history.manifest import SUFFIX, decode
from crocus_data.history.semver import Version
from crocus_data.history.snapshot import Snapshot, SnapshotError
from crocus_data.layout import DATA_DIR, DESCRIPTOR
from crocus_data.limits import MAX_MANIFEST_BYTES
from crocus_data.problems import Problem
from crocus_data.safe_io.files import read_regular

RELEASES = "releases"
CHANGELOG = "CHANGELOG.md"


@dataclass(frozen=True)
class Release:
    """One recorded release: its version, its manifest's path under the checkout, and what it records."""

    version: Version
    path: str  # relative to the checkout, POSIX: releases/0.2.0.json.gz
    snapshot: Snapshot

    @property
    def label(self) -> str:
        return f"release {self.version} ({self.path})"


@dataclass(frozen=True)
class Unusable:
    """A file under ``releases/`` that is no usable manifest, and why."""

    path: str
    reason: str


def checkout_of(descriptor_dir: Path) -> Path | None:
    """The checkout a package belongs to: the descriptor's directory when it is the checkout's top, or the
    folder two levels up from a data directory (``crocus_data/data``); None for a lone data directory
    or an installed package (no ``releases/``, ``CHANGELOG.md`` or ``.git`` there)."""
    candidates = [descriptor_dir]
    if descriptor_dir.parts[-len(DATA_DIR.parts) :] == DATA_DIR.parts:
        candidates.append(descriptor_dir.parents[len(DATA_DIR.parts) - 1])
    for candidate in candidates:
        if candidate != descriptor_dir and not (candidate / DESCRIPTOR).is_file():
            continue
        if any((candidate / name).exists() for name in (RELEASES, CHANGELOG, ".git")):
            return candidate
    return None


def manifest_version(name: str) -> Version | None:
    """The version a manifest's file name gives (``0.2.0.json.gz``), or None when it names none."""
    if not name.endswith(SUFFIX):
        return None
    try:
        return Version.parse(name.removesuffix(SUFFIX))
    except ValueError:
        return None


def read_release(raw: bytes, path: str) -> Release | Unusable:
    """A manifest's bytes as a release, checked against the version its file name gives."""
    named = manifest_version(Path(path).name)
    if named is None:
        return Unusable(path, f"not named after a version: a manifest is MAJOR.MINOR.PATCH{SUFFIX} in ASCII digits")
    try:
        snapshot = decode(raw)  # decompressed and parsed within bounds (history.manifest, safe_io)
    except SnapshotError as exc:
        return Unusable(path, str(exc))
    if snapshot.version.strip() != str(named):
        return Unusable(path, f"it records version {snapshot.version!r}, not the {named} its name gives")
    return Release(named, path, snapshot)


def recorded(checkout: Path) -> tuple[list[Release], list[Unusable]]:
    """Every manifest under the checkout's ``releases/``, in version order, and the files that are not one.

    Only regular files are read (a pipe, a directory or a symlink is named, never opened).
    """
    folder = checkout / RELEASES
    try:
        info = folder.lstat()
    except OSError:
        return [], []
    if not stat.S_ISDIR(info.st_mode):
        return [], [Unusable(RELEASES, "releases/ is not a directory")]
    releases: list[Release] = []
    unusable: list[Unusable] = []
    for name in sorted(entry.name for entry in folder.iterdir()):
        if not name.endswith(SUFFIX):
            continue  # a README or the like: not a manifest, not a claim to be one
        path = f"{RELEASES}/{name}"
        if (folder / name).is_symlink():
            unusable.append(Unusable(path, "a symbolic link; a manifest is a regular file"))
            continue
        raw = read_regular(folder / name, path, MAX_MANIFEST_BYTES)
        if isinstance(raw, Problem):
            unusable.append(Unusable(path, raw.message))
            continue
        found = read_release(raw, path)
        if isinstance(found, Release):
            releases.append(found)
        else:
            unusable.append(found)
    return sorted(releases, key=lambda release: release.version), unusable


def last_at_or_below(releases: list[Release], version: str) -> Release | None:
    """The highest release whose version is at most ``version`` (None when there is none, or the version
    cannot be read)."""
    try:
        limit = Version.parse(version)
    except ValueError:
        return None
    below = [release for release in releases if release.version <= limit]
    return below[-1] if below else None


def baseline_for(path: Path, version: str) -> tuple[Snapshot, str] | None:
    """The release a package at PATH (a checkout, a data directory or a descriptor) is measured from: the last
    one its checkout records at or below VERSION, with its label; None outside a checkout with releases."""
    folder = path if path.is_dir() else path.parent
    checkout = checkout_of(folder)
    if checkout is None:
        return None
    release = last_at_or_below(recorded(checkout)[0], version)
    return None if release is None else (release.snapshot, release.label)
