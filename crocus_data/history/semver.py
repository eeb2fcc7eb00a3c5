"""Data semver: which bump a change needs, and whether a version change is enough.

The rules are CHANGELOG.md's "Versioning: data semver" (tests/test_versioning.py ties each of its
sentences to the tests that enforce it), explained in docs/history.md. One of them: below 1.0.0 a
breaking (major) change needs at least a minor bump (``0.1.0`` → ``0.2.0``), the convention of Cargo
and npm for initial development, so that 1.0.0 stays a deliberate promise. Additions and fixes
follow the changelog literally in 0.x as in 1.x: a minor bump (``0.1.0`` → ``0.2.0``) and a patch
bump (``0.1.0`` → ``0.1.1``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum

# ASCII digits only: ``\d`` and ``int()`` would read Arabic-Indic digits ("0.3\u0660.0") as 0.30.0.
_VERSION = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")


class Bump(IntEnum):
    """How far a version must move; ordered so that ``max()`` of several needs is their joint need."""

    NONE = 0
    PATCH = 1
    MINOR = 2
    MAJOR = 3

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, order=True)
class Version:
    """A ``MAJOR.MINOR.PATCH`` version of ASCII digits; pre-releases are refused, so that comparison is
    unambiguous."""

    major: int
    minor: int
    patch: int

    @classmethod
    def parse(cls, text: str) -> Version:
        found = _VERSION.fullmatch(text.strip())
        if not found:
            raise ValueError(f"not a MAJOR.MINOR.PATCH version: {text!r}")
        return cls(int(found.group(1)), int(found.group(2)), int(found.group(3)))

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"


def version_bump(old: Version, new: Version) -> Bump | None:
    """How far the version moved from OLD to NEW; None when it went backwards."""
    if new < old:
        return None
    if new.major > old.major:
        return Bump.MAJOR
    if new.minor > old.minor:
        return Bump.MINOR
    if new.patch > old.patch:
        return Bump.PATCH
    return Bump.NONE


def effective(required: Bump, old: Version) -> Bump:
    """The bump the version must show: in 0.x a major change is satisfied by a minor bump."""
    if old.major == 0 and required is Bump.MAJOR:
        return Bump.MINOR
    return required


def satisfies(old: Version, new: Version, required: Bump) -> bool:
    """Whether moving OLD → NEW is at least the bump a change requires (never backwards)."""
    moved = version_bump(old, new)
    return moved is not None and moved >= effective(required, old)


def minimum_version(old: Version, required: Bump) -> Version:
    """The smallest version after OLD that satisfies REQUIRED (OLD itself when nothing changed)."""
    needed = effective(required, old)
    if needed is Bump.MAJOR:
        return Version(old.major + 1, 0, 0)
    if needed is Bump.MINOR:
        return Version(old.major, old.minor + 1, 0)
    if needed is Bump.PATCH:
        return Version(old.major, old.minor, old.patch + 1)
    return old
