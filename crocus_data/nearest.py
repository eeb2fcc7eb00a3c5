"""The existing id nearest a mistyped one, for "did you mean ...?" in problems about broken references."""

from __future__ import annotations

from collections.abc import Iterable
from difflib import get_close_matches


def nearest(value: str, candidates: Iterable[str]) -> str | None:
    """The candidate most like ``value`` (difflib's ratio of at least 0.6), or None when none is close."""
    found = get_close_matches(value, list(candidates), n=1, cutoff=0.6)
    return found[0] if found else None


def did_you_mean(value: str, candidates: Iterable[str]) -> str:
    """ " (did you mean 'x'?)" when some candidate is close to ``value``, else ""."""
    match = nearest(value, candidates)
    return f" (did you mean '{match}'?)" if match is not None else ""


def not_an_id(value: str, table: str, candidates: Iterable[str]) -> str:
    """The message of a reference that names no row: what is wrong, the nearest id, what to do."""
    return f"'{value}' is not a {table} id{did_you_mean(value, candidates)}; add that row or fix the reference"
