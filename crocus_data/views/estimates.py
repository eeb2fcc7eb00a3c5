"""The low / best / high rule: turning the figure assertions about one quantity into bounds.

Pure Python, no pandas: the rule is small enough to read whole, and the views only apply it. Its
statement in words is :data:`RULE`, written here once and rendered into docs/analysis.md by the build.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

BestBasis = Literal["single", "unanimous", "most_asserted", "lowest_of_tied", "none"]

RULE = """\
A *quantity* is one measure of one incident, in one unit, of one counted group (`incident_id`,
`measure`, `unit`, `actor_id`; an empty `actor_id` is a group of its own). Each assertion about it
gives numbers according to its qualifier: `bare`, `approximately`, `at_least` and `at_most` give
`value`; `range` gives `value_low` and `value_high` (and `value` if the text has one); `vague`,
`unquantified` and `unclear` give **no number, and none is made up from them**.

- **low** is the smallest number any assertion gives — left empty (open) when that number is an
  "at most" figure, which sets no floor.
- **high** is the largest number any assertion gives — left empty (open) when that number is an
  "at least" figure, which sets no ceiling.
- **best** is the number given by the most assertions. On a tie, best is the **lowest** of the tied
  numbers: the dataset does not rank its sources, so it makes the conservative choice rather than
  averaging (an average would be a number no source gave). A range counts towards best only if the
  text also gives a single `value`; otherwise no best is derived from it (no midpoint is invented).
  `best_basis` says which case applied: `single`, `unanimous`, `most_asserted`, `lowest_of_tied`,
  or `none`.
- A quantity is **contested** when its assertions give different numbers, or when one says the
  number is unclear while another gives one. Vague and unquantified assertions ("a handful", "the
  hostage-takers were killed") give no number to disagree with and do not by themselves contest one.

Best is a convenience derived by this rule, never an encoded value and never a finding: read it
beside the assertions, their qualifiers and their notes.
"""


@dataclass(frozen=True)
class Assertion:
    """The numeric content of one figure row."""

    qualifier: str
    value: int | None = None
    value_low: int | None = None
    value_high: int | None = None

    @property
    def numbers(self) -> tuple[int, ...]:
        """The numbers this assertion gives (none for vague, unquantified and unclear ones)."""
        if self.qualifier == "range":
            return tuple(n for n in (self.value_low, self.value, self.value_high) if n is not None)
        return () if self.value is None else (self.value,)


@dataclass(frozen=True)
class Estimate:
    """The low / best / high derived for one quantity, and how."""

    low: int | None
    best: int | None
    high: int | None
    best_basis: BestBasis
    n_assertions: int
    n_numeric: int
    contested: bool


def estimate(assertions: Sequence[Assertion]) -> Estimate:
    """Derive low / best / high from the assertions about one quantity, by :data:`RULE`.

    >>> estimate([Assertion("approximately", 550), Assertion("bare", 360)])
    Estimate(low=360, best=360, high=550, best_basis='lowest_of_tied', n_assertions=2, n_numeric=2, contested=True)
    >>> estimate([Assertion("at_least", 144), Assertion("at_least", 144)]).high is None
    True
    """
    numeric = [a for a in assertions if a.numbers]
    all_numbers = [n for a in numeric for n in a.numbers]
    low = min(all_numbers, default=None)
    high = max(all_numbers, default=None)
    if low is not None and any(a.qualifier == "at_most" and a.value == low for a in numeric):
        low = None
    if high is not None and any(a.qualifier == "at_least" and a.value == high for a in numeric):
        high = None
    points = Counter(a.value for a in numeric if a.value is not None)
    best: int | None = None
    basis: BestBasis = "none"
    if points:
        top = max(points.values())
        tied = sorted(n for n, count in points.items() if count == top)
        best = tied[0]
        if len(tied) > 1:
            basis = "lowest_of_tied"
        elif len(points) > 1:
            basis = "most_asserted"
        else:
            basis = "single" if top == 1 else "unanimous"
    distinct = {(a.value_low, a.value, a.value_high) if a.qualifier == "range" else a.value for a in numeric}
    unclear = any(a.qualifier == "unclear" for a in assertions)
    return Estimate(
        low=low,
        best=best,
        high=high,
        best_basis=basis,
        n_assertions=len(assertions),
        n_numeric=len(numeric),
        contested=len(distinct) > 1 or (unclear and bool(numeric)),
    )
