"""The one answer to "is this change's version enough?", which diff, gate, validate and the job summary all print.

A version describes the next release as a whole, so a change is measured from the **last release**
at or below the new version (its manifest under ``releases/``), not from whatever OLD happens to be:
``diff HEAD .`` on an unreleased 0.3.0 and ``gate last-release .`` then give the same verdict. Where
no release is known (two packages outside any checkout), the change is measured from OLD. Going
below OLD, or below the baseline, is always refused.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from crocus_data.history.diff import Diff, diff
from crocus_data.history.semver import Bump, Version, minimum_version, satisfies, version_bump
from crocus_data.history.snapshot import Snapshot

# The gate's codes for a version that is not enough (docs/history.md).
UNREADABLE, BACKWARDS, NOT_BUMPED = "version-unreadable", "version-backwards", "version-not-bumped"


@dataclass(frozen=True)
class Verdict:
    """Whether NEW's version is enough for what changed since its baseline, and why.

    ``baseline`` is the version the change is measured from and ``baseline_label`` says which input
    or release that is; ``required`` and ``reasons`` are those of the change since the baseline.
    ``ok`` is None when a version cannot be read (then ``problem`` says which).
    """

    baseline: str
    baseline_label: str
    new: str
    required: Bump
    reasons: tuple[str, ...]
    minimum: str | None
    moved: Bump | None
    ok: bool | None
    problem: tuple[str, str] | None  # (gate code, message) when the version is not enough
    measured_from_old: bool = True

    def words(self) -> str:
        """The verdict in words (the 0.x rule spelled out where it applies)."""
        moved = f"version {self.baseline} → {self.new}"
        if self.ok is None:
            return f"{moved} (not MAJOR.MINOR.PATCH, so not checked)"
        if self.ok:
            return f"{moved}: enough"
        if self.problem is not None and self.problem[0] == BACKWARDS:
            return f"{moved}: {self.problem[1]}"
        rule = ""
        if self.required is Bump.MAJOR and self.baseline.startswith("0."):
            rule = " (before 1.0.0 a breaking change takes a minor bump)"
        return f"{moved}: not enough, needs at least {self.minimum}{rule}"

    def line(self) -> str:
        """One line: the bump required (since the baseline when that is not OLD) and the verdict."""
        since = "" if self.measured_from_old else f" since {self.baseline_label}"
        return f"required bump{since}: {self.required.label}; {self.words()}"


def verdict(change: Diff, baseline: Diff | None = None, baseline_label: str = "OLD") -> Verdict:
    """Judge NEW's version: never below OLD (``change`` is OLD → NEW), and at least the bump the change from
    the baseline (``baseline``, the last release → NEW; None to measure from OLD) requires.

    This is the only place the question is decided; every command prints its answer.
    """
    measure = change if baseline is None else baseline
    required = measure.required_bump
    reasons = tuple(reason for bump, reason in measure.reasons() if bump == required and bump is not Bump.NONE)
    unread = Verdict(
        measure.old_version,
        baseline_label,
        change.new_version,
        required,
        reasons,
        minimum=None,
        moved=None,
        ok=None,
        problem=None,
        measured_from_old=baseline is None,
    )
    try:
        old, new, base = (Version.parse(v) for v in (change.old_version, change.new_version, measure.old_version))
    except ValueError as exc:
        return replace(unread, problem=(UNREADABLE, str(exc)))
    judged = replace(unread, minimum=str(minimum_version(base, required)), moved=version_bump(base, new))
    for lower in (old, base):
        if version_bump(lower, new) is None:
            return replace(judged, ok=False, problem=(BACKWARDS, f"the version went backwards: {lower} → {new}"))
    if satisfies(base, new, required):
        return replace(judged, ok=True)
    since = "" if baseline is None else f" since {baseline_label}"
    message = (
        f"the data change{since} requires a {required.label} bump (at least {judged.minimum}), but the version "
        f"went {base} → {new}: {'; '.join(reasons)}"
    )
    return replace(judged, ok=False, problem=(NOT_BUMPED, message))


def judge(old: Snapshot, new: Snapshot, change: Diff, baseline: tuple[Snapshot, str] | None = None) -> Verdict:
    """The verdict on NEW after OLD (``change`` is their diff), measured from BASELINE (the last release at or
    below NEW's version, with its label: ``history.releases.baseline_for``) when there is one."""
    since = None if baseline is None or baseline[0] == old else diff(baseline[0], new)
    return verdict(change, since, "OLD" if baseline is None else baseline[1])
