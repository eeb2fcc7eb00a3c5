"""The base a change is compared with: a git commit of the checkout (the last commit, or a pull request's base).

What the history checks need from it: the release manifests it records (none may be changed or
removed since), its CHANGELOG.md (a change to the data must change the version's Data part), and
its data. Read with ``git`` from the object store, never from the working tree, each file bounded
in size. Without git, or outside a git checkout, there is no base and these checks are skipped.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from crocus_data.history.inputs import load
from crocus_data.history.manifest import SUFFIX
from crocus_data.history.releases import CHANGELOG, RELEASES
from crocus_data.history.snapshot import Snapshot, SnapshotError
from crocus_data.limits import MAX_CHANGELOG_BYTES, MAX_MANIFEST_BYTES

DEFAULT_BASE = "HEAD"
TOO_LARGE = b""  # what a blob over its bound is read as: it differs from any manifest


@dataclass(frozen=True)
class Base:
    """A commit the checkout is compared with, and what the history checks read at it."""

    ref: str
    commit: str
    manifests: dict[str, bytes] = field(default_factory=dict)  # releases/X.Y.Z.json.gz -> its bytes
    changelog: str | None = None
    snapshot: Snapshot | None = None

    @property
    def label(self) -> str:
        return f"{self.ref} ({self.commit[:12]})" if self.ref != self.commit else self.commit[:12]


def _git(checkout: Path, *args: str) -> subprocess.CompletedProcess[bytes] | None:
    try:
        # Read-only plumbing commands; fsmonitor off, so no hook a checkout configures is run.
        command = ["git", "-C", str(checkout), "-c", "core.fsmonitor=false", *args]
        return subprocess.run(command, capture_output=True, check=False, stdin=subprocess.DEVNULL)
    except OSError:
        return None  # no git: no base


def _blob(checkout: Path, commit: str, path: str, limit: int) -> bytes | None:
    """A file at the commit, None when it has none; ``TOO_LARGE`` when it is over ``limit`` bytes."""
    size = _git(checkout, "cat-file", "-s", f"{commit}:{path}")
    if size is None or size.returncode != 0:
        return None
    if int(size.stdout.strip() or 0) > limit:
        return TOO_LARGE
    shown = _git(checkout, "cat-file", "blob", f"{commit}:{path}")
    return None if shown is None or shown.returncode != 0 else shown.stdout


def read_base(checkout: Path, ref: str = DEFAULT_BASE) -> Base | None:
    """What the history checks read at REF of the checkout's own repository; None when there is none (no git,
    not the top of a git checkout, no such commit)."""
    if ref.startswith("-") or not (checkout / ".git").exists():
        return None
    resolved = _git(checkout, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if resolved is None or resolved.returncode != 0:
        return None
    commit = resolved.stdout.decode("ascii", "replace").strip()
    listed = _git(checkout, "ls-tree", "-z", "--name-only", commit, "--", f"{RELEASES}/")
    names = [] if listed is None or listed.returncode != 0 else listed.stdout.split(b"\0")
    manifests = {}
    for raw_name in names:
        name = raw_name.decode("utf-8", "replace")
        if name.endswith(SUFFIX):
            blob = _blob(checkout, commit, name, MAX_MANIFEST_BYTES)
            if blob is not None:
                manifests[name] = blob
    changelog_bytes = _blob(checkout, commit, CHANGELOG, MAX_CHANGELOG_BYTES)
    try:
        changelog = None if changelog_bytes is None else changelog_bytes.decode("utf-8")
    except UnicodeDecodeError:
        changelog = None
    try:
        snapshot: Snapshot | None = load(commit, cwd=checkout).snapshot
    except SnapshotError:
        snapshot = None  # the base has no package, or one that cannot be read: nothing to compare the data with
    return Base(ref, commit, manifests, changelog, snapshot)
