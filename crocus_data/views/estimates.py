"""The low / best / high rule: turning the figure assertions about one quantity into an interval.

Pure Python, no pandas: the rule is small enough to read whole, and the views only apply it. Each
qualifier's reading (:data:`READINGS`) and each reason best can be empty (:class:`BestReason`) is
written here once, with its words beside its code; the build renders both, with :data:`RULE`, into
docs/analysis.md (``crocus_data.site.estimate_page``), so the page cannot say one thing while
the code does another.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from crocus_data.models.vocabulary import DocumentedEnum

# "Around N" reads as N plus or minus this many percent of N (at least 1), rounded outwards.
APPROXIMATE_BAND_PERCENT = 10

RULE = """\
A *quantity* is one measure of one incident, in one unit, of one counted group (`incident_id`,
`measure`, `unit`, `actor_id`; an empty `actor_id` is a group of its own). Each assertion about it
becomes an **interval** by its qualifier, as the table below says: the values that assertion allows.
An assertion whose figure carries an `alternative_qualifier` (src-004's "at least 144 deaths and 360
injuries", where "at least" may govern 360 too) allows the values of both readings. Vague and
unquantified assertions ("a handful", "the hostage-takers were killed") allow every value, so they
neither widen nor narrow anything and are left out; **no number is made up from them** — not even a
floor of 1 from "it happened". Every low comes from a number an assertion gives, or from a value an
encoder derived from the words row by row (`value_derived`, with the reasoning in its note); the rule
adds no floor of its own. An open low beside an unquantified assertion means that no assertion gives
a floor, not that nothing happened: read the assertions beside it.

- **low** and **high** bound every value some assertion allows: the smallest interval that holds
  all of them. An empty low or high is *open*: some assertion sets no floor (an "at most", an
  "unclear") or no ceiling (an "at least"). A reader who quotes "between low and high" quotes no
  more certainty than the least certain assertion.
- **contested** is true when the intervals do not overlap: no single value satisfies every assertion.
  **contested_if_exact** is true when they overlap only because a figure's alternative reading
  widens it; read as encoded, they do not overlap.
- **best** is a number only when the assertions single one value out: every one that gives a number
  gives the same exact number, none says the number is unclear, and not all of them were made in
  custody. Otherwise best is empty and **best_reason** says why (the first reason below that applies).
  Best is never a tie-break, an average or a midpoint: the dataset does not rank its sources, and a
  number no assertion singles out is not quoted as if one did. A number that only statements made in
  custody give (a confession to a camera, which may have been coerced) is not singled out either: low
  and high still show it, best stays empty (`in_custody`).
- Three columns say what the numbers rest on, counting the assertions the rule reads (all but the
  vague and unquantified ones): **n_voices**, how many distinct voices give them (a speaker; a
  document's own voice; the unattributed passives of one document; assertions given without a voice
  count as one), so that a best resting on a single speaker is visible as `n_voices` 1;
  **in_custody**, whether some of them were made in a statement made in custody; and **derived**,
  whether some value is one the text does not write but its words give (`value_derived`: "freed
  without injury" → 0). Best is kept for a single voice and for a derived value: read it with them.

Low, best and high are derived by this rule, never encoded values and never findings: read them
beside the assertions, their qualifiers and their notes.
"""


@dataclass(frozen=True)
class Interval:
    """Whole numbers from ``low`` to ``high`` inclusive; ``None`` is an open end (no floor, no ceiling)."""

    low: int | None
    high: int | None

    def hull(self, other: Interval) -> Interval:
        """The smallest interval holding both: an end open in either stays open."""
        low = None if self.low is None or other.low is None else min(self.low, other.low)
        high = None if self.high is None or other.high is None else max(self.high, other.high)
        return Interval(low, high)

    @property
    def point(self) -> int | None:
        """The one value the interval holds, if it holds exactly one."""
        return self.low if self.low is not None and self.low == self.high else None


def overlap(intervals: Sequence[Interval]) -> bool:
    """Whether some value lies in every interval (true of no intervals at all)."""
    lows = [i.low for i in intervals if i.low is not None]
    highs = [i.high for i in intervals if i.high is not None]
    return not lows or not highs or max(lows) <= min(highs)


def hull(intervals: Sequence[Interval]) -> Interval | None:
    """The smallest interval holding all of them; None for none."""
    result: Interval | None = None
    for interval in intervals:
        result = interval if result is None else result.hull(interval)
    return result


@dataclass(frozen=True)
class Assertion:
    """The numeric content of one figure row.

    ``alternative`` is another qualifier the wording allows (``alternative_qualifier``); ``total`` is
    the number of the whole an "unclear how many of the six" is counted out of (the value of the
    figure named in ``out_of_figure_id``), if the text gives one. ``voice`` names who asserts it (any
    string: the views use the speaker's actor id, or the document for its own voice; None when not
    known), ``in_custody`` says it was made in a statement made in custody, and ``derived`` that its
    value is derived from words, not written (``value_derived``).
    """

    qualifier: str
    value: int | None = None
    value_low: int | None = None
    value_high: int | None = None
    alternative: str | None = None
    total: int | None = None
    voice: str | None = None
    in_custody: bool = False
    derived: bool = False

    @property
    def gives_number(self) -> bool:
        return self.value is not None or self.value_low is not None or self.value_high is not None

    def reading(self, qualifier: str) -> Interval | None:
        """The values this assertion allows when read with ``qualifier``; None when it allows every value."""
        return READING_BY_QUALIFIER[qualifier].interval(self)

    @property
    def as_encoded(self) -> Interval | None:
        return self.reading(self.qualifier)

    @property
    def interval(self) -> Interval | None:
        """The values this assertion allows under any of its readings."""
        own = self.as_encoded
        if self.alternative is None or own is None:
            return own
        other = self.reading(self.alternative)
        return own if other is None else own.hull(other)


def _band(value: int) -> Interval:
    width = max(1, -(-value * APPROXIMATE_BAND_PERCENT // 100))  # ceiling division: round outwards
    return Interval(max(0, value - width), value + width)


def _value(assertion: Assertion) -> int:
    if assertion.value is None:
        raise ValueError(f"a {assertion.qualifier!r} assertion needs a value")
    return assertion.value


def _range(assertion: Assertion) -> Interval:
    if assertion.value_low is None or assertion.value_high is None:
        raise ValueError("a 'range' assertion needs value_low and value_high")
    return Interval(assertion.value_low, assertion.value_high)


@dataclass(frozen=True)
class Reading:
    """How one qualifier becomes an interval: in words for the docs, and as code."""

    qualifier: str
    allows: str  # the interval, in the notation of the docs
    why: str
    interval: Callable[[Assertion], Interval | None]


READINGS: tuple[Reading, ...] = (
    Reading(
        "bare",
        "[N, N]",
        "The number as given: the text does not say it is approximate.",
        lambda a: Interval(_value(a), _value(a)),
    ),
    Reading("at_least", "[N, open)", "A floor: no ceiling is given.", lambda a: Interval(_value(a), None)),
    Reading("at_most", "(open, N]", "A ceiling: no floor is given.", lambda a: Interval(None, _value(a))),
    Reading(
        "approximately",
        f"[N - {APPROXIMATE_BAND_PERCENT}%, N + {APPROXIMATE_BAND_PERCENT}%]",
        f"A band of {APPROXIMATE_BAND_PERCENT}% of N either side (at least 1), rounded outwards: a convention of "
        'this package, not of the text, so that "around N" is never read as exactly N.',
        lambda a: _band(_value(a)),
    ),
    Reading(
        "range",
        "[value_low, value_high]",
        "The range the text gives; a `value` inside it is not singled out.",
        _range,
    ),
    Reading("vague", "every value", 'A word, not a number ("a handful"): left out.', lambda a: None),
    Reading("unquantified", "every value", "It happened; no number is given: left out.", lambda a: None),
    Reading(
        "unclear",
        "(open, total]",
        "The text says the number is unclear: no floor, and no ceiling but the whole it is counted out of "
        '("how many of the six"), if there is one.',
        lambda a: Interval(None, a.total),
    ),
)
READING_BY_QUALIFIER: dict[str, Reading] = {reading.qualifier: reading for reading in READINGS}


class BestReason(DocumentedEnum):
    """Why best is the number it is, or why it is empty: the first that applies, in this order."""

    EXACT = (
        "exact",
        "Every assertion that gives a number gives the same exact number, and not all were made in custody: "
        "best is that number.",
    )
    CONTESTED = "contested", "The intervals do not overlap: no value satisfies every assertion."
    CONTESTED_IF_EXACT = (
        "contested_if_exact",
        "The intervals overlap only under a figure's alternative reading; read as encoded, they do not.",
    )
    UNCLEAR = "unclear", "An assertion says the number is unclear, so none is singled out."
    NO_NUMBER = "no_number", "No assertion gives a number."
    ALTERNATIVE_READING = (
        "alternative_reading",
        "The number given may be read another way (as a floor): it is not singled out as exact.",
    )
    NOT_EXACT = "not_exact", "The assertions give bounds, approximations or ranges, not one exact number."
    IN_CUSTODY = (
        "in_custody",
        "Every assertion that gives a number gives the same exact number, but all were made in custody "
        "(which may have been coerced): it is not singled out.",
    )


@dataclass(frozen=True)
class Estimate:
    """The interval and best value derived for one quantity, and why best is what it is."""

    low: int | None
    best: int | None
    high: int | None
    best_reason: BestReason
    n_assertions: int
    n_numeric: int
    contested: bool
    contested_if_exact: bool
    n_voices: int
    in_custody: bool
    derived: bool

    @property
    def disputed(self) -> bool:
        """Whether the assertions are worth setting side by side (see :func:`disputed`)."""
        return disputed(self.contested, self.contested_if_exact, self.best_reason.value, self.n_numeric)


def disputed(contested: bool, contested_if_exact: bool, best_reason: str, n_numeric: int) -> bool:
    """Whether a quantity's assertions disagree enough to be set side by side: they contradict, they
    contradict if read exactly, or one says the number is unclear beside one that gives a number.

    One definition for ``views.contested`` and the evidence browser's contested-figures page.
    """
    return contested or contested_if_exact or (best_reason == "unclear" and n_numeric > 0)


def estimate(assertions: Sequence[Assertion]) -> Estimate:
    """Derive low / best / high from the assertions about one quantity, by :data:`RULE`.

    >>> result = estimate([Assertion("approximately", 550), Assertion("bare", 360, alternative="at_least")])
    >>> (result.low, result.best, result.high, result.best_reason.value, result.contested_if_exact)
    (360, None, None, 'contested_if_exact', True)
    >>> estimate([Assertion("bare", 6), Assertion("unclear", total=6)]).best is None
    True
    >>> confession = estimate([Assertion("bare", 500_000, voice="act-fariduni", in_custody=True)])
    >>> (confession.low, confession.best, confession.high, confession.best_reason.value, confession.n_voices)
    (500000, None, 500000, 'in_custody', 1)
    """
    read = [a for a in assertions if a.interval is not None]
    widest = [i for i in (a.interval for a in assertions) if i is not None]
    encoded = [i for i in (a.as_encoded for a in assertions) if i is not None]
    spanned = hull(widest)
    low, high = (None, None) if spanned is None else (spanned.low, spanned.high)
    best = None if spanned is None else spanned.point
    only_in_custody = bool(read) and all(a.in_custody for a in read)
    contested = not overlap(widest)
    contested_if_exact = not contested and not overlap(encoded)
    reason = BestReason.EXACT
    if best is not None and only_in_custody:
        best, reason = None, BestReason.IN_CUSTODY
    elif best is None:
        encoded_span = hull(encoded)
        if contested:
            reason = BestReason.CONTESTED
        elif contested_if_exact:
            reason = BestReason.CONTESTED_IF_EXACT
        elif any(a.qualifier == "unclear" for a in assertions):
            reason = BestReason.UNCLEAR
        elif spanned is None:
            reason = BestReason.NO_NUMBER
        elif encoded_span is not None and encoded_span.point is not None:
            reason = BestReason.ALTERNATIVE_READING
        else:
            reason = BestReason.NOT_EXACT
    return Estimate(
        low=low,
        best=best,
        high=high,
        best_reason=reason,
        n_assertions=len(assertions),
        n_numeric=sum(a.gives_number for a in assertions),
        contested=contested,
        contested_if_exact=contested_if_exact,
        n_voices=len({a.voice for a in read}),
        in_custody=any(a.in_custody for a in read),
        derived=any(a.derived for a in read),
    )
