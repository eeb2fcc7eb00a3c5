"""The estimate rule (crocus_data.views.estimates), case by case and as properties over any assertions.

The properties are what make the rule safe to quote: every value any assertion allows lies between
low and high; adding an assertion, or making one vaguer, never narrows that interval; the order of
the rows never matters; a single exact number gives itself; best is set only when every number
given is the same exact number and not only statements made in custody give it; and who asserts a
number, whether in custody, and whether its value is derived never move low or high, only flag them.
"""

from __future__ import annotations

from dataclasses import replace

from hypothesis import assume, given
from hypothesis import strategies as st

from crocus_data.models.figures import ONE_NUMBER
from crocus_data.models.vocabulary import Qualifier
from crocus_data.site.estimate_page import estimate_rule
from crocus_data.views.estimates import (
    READING_BY_QUALIFIER,
    READINGS,
    Assertion,
    BestReason,
    Estimate,
    Interval,
    estimate,
)

NUMBERS = st.integers(0, 10_000)
VOICES = st.none() | st.sampled_from(["actor:a", "actor:b", "source:src-1", "unattributed:src-1"])


def contains(outer: Interval | None, inner: Interval | None) -> bool:
    """Whether every value of ``inner`` lies in ``outer`` (None allows every value; an open end is infinite)."""
    if outer is None:
        return True
    if inner is None:
        return False
    low_ok = outer.low is None or (inner.low is not None and outer.low <= inner.low)
    high_ok = outer.high is None or (inner.high is not None and inner.high <= outer.high)
    return low_ok and high_ok


def span(result: Estimate) -> Interval | None:
    """The estimate's interval; None when no assertion gives one (then there is nothing to narrow)."""
    if result.best_reason is BestReason.NO_NUMBER:
        return None
    return Interval(result.low, result.high)


def not_narrower(after: Estimate, before: Estimate) -> bool:
    """The interval after holds every value the interval before held (or there was none before)."""
    return span(before) is None or contains(span(after), span(before))


@st.composite
def assertions(draw: st.DrawFn) -> Assertion:
    """Any assertion a valid figure row can make (the row rules hold), by any voice, in custody or not."""
    return replace(draw(numbers()), voice=draw(VOICES), in_custody=draw(st.booleans()))


@st.composite
def numbers(draw: st.DrawFn) -> Assertion:
    qualifier = draw(st.sampled_from([q.value for q in Qualifier]))
    if qualifier == "range":
        low = draw(NUMBERS)
        high = draw(st.integers(low, low + 10_000))
        return Assertion(qualifier, draw(st.none() | st.integers(low, high)), low, high)
    if qualifier in ("vague", "unquantified"):
        return Assertion(qualifier)
    if qualifier == "unclear":
        return Assertion(qualifier, total=draw(st.none() | NUMBERS))
    alternatives = [q for q in ONE_NUMBER if q != qualifier]
    alternative = draw(st.none() | st.sampled_from(alternatives))
    derived = qualifier == "bare" and alternative is None and draw(st.booleans())  # 'freed without injury' -> 0
    return Assertion(qualifier, draw(NUMBERS), alternative=alternative, derived=derived)


def read(items: list[Assertion]) -> list[Assertion]:
    """The assertions the rule reads: all but the vague and unquantified ones, which allow every value."""
    return [item for item in items if item.interval is not None]


def vaguer(assertion: Assertion, qualifier: str) -> Assertion:
    """The same number, read more loosely ("360" -> "around 360", "at least 360", "unclear"), by the same voice."""
    if qualifier == "unclear":
        return Assertion("unclear", voice=assertion.voice, in_custody=assertion.in_custody)
    return replace(assertion, qualifier=qualifier, derived=False)


# --- the rule, case by case -----------------------------------------------------------------------


def test_every_qualifier_has_a_reading_and_the_docs_list_them_all() -> None:
    assert list(READING_BY_QUALIFIER) == [q.value for q in Qualifier]
    page = estimate_rule()
    for reading in READINGS:
        assert f"| `{reading.qualifier}` |" in page
    for reason in BestReason:
        assert f"| `{reason.value}` | {reason.definition} |" in page


def test_one_exact_number_is_low_best_and_high() -> None:
    result = estimate([Assertion("bare", 4)])
    assert (result.low, result.best, result.high, result.best_reason) == (4, 4, 4, BestReason.EXACT)
    assert not result.contested and not result.contested_if_exact


def test_at_least_sets_a_floor_and_no_best() -> None:
    result = estimate([Assertion("at_least", 144), Assertion("at_least", 144)])
    assert (result.low, result.best, result.high, result.best_reason) == (144, None, None, BestReason.NOT_EXACT)
    assert not result.contested


def test_at_most_sets_a_ceiling_and_no_floor() -> None:
    result = estimate([Assertion("at_most", 10), Assertion("bare", 8)])
    assert (result.low, result.best, result.high) == (None, None, 10)


def test_around_is_a_band_never_an_exact_number() -> None:
    assert Assertion("approximately", 550).interval == Interval(495, 605)
    assert Assertion("approximately", 0).interval == Interval(0, 1)  # at least 1 either side
    result = estimate([Assertion("approximately", 550)])
    assert (result.low, result.best, result.high, result.best_reason) == (495, None, 605, BestReason.NOT_EXACT)


def test_disagreeing_exact_numbers_are_contested_and_give_no_best() -> None:
    """The old rule printed the lowest of a tie as best; a tie between disagreeing sources singles nothing out."""
    result = estimate([Assertion("approximately", 550), Assertion("bare", 360)])
    assert (result.low, result.best, result.high) == (360, None, 605)
    assert result.contested and result.best_reason is BestReason.CONTESTED


def test_a_number_that_may_be_a_floor_agrees_only_under_that_reading() -> None:
    result = estimate([Assertion("approximately", 550), Assertion("bare", 360, alternative="at_least")])
    assert (result.low, result.best, result.high) == (360, None, None)
    assert not result.contested and result.contested_if_exact
    assert result.best_reason is BestReason.CONTESTED_IF_EXACT


def test_an_alternative_reading_alone_keeps_best_empty() -> None:
    result = estimate([Assertion("bare", 360, alternative="at_least")])
    assert (result.low, result.best, result.high, result.best_reason) == (
        360,
        None,
        None,
        BestReason.ALTERNATIVE_READING,
    )


def test_unclear_widens_the_bounds_to_the_whole_it_is_out_of() -> None:
    """'it remains unclear how many of the six were killed' beside 'six shot dead': at most six, no best."""
    result = estimate([Assertion("bare", 6), Assertion("unquantified"), Assertion("unclear", total=6)])
    assert (result.low, result.best, result.high, result.best_reason) == (None, None, 6, BestReason.UNCLEAR)
    assert not result.contested and (result.n_assertions, result.n_numeric) == (3, 1)


def test_unclear_without_a_whole_leaves_both_ends_open() -> None:
    result = estimate([Assertion("bare", 6), Assertion("unclear")])
    assert (result.low, result.best, result.high) == (None, None, None)


def test_a_range_gives_its_bounds_and_no_best_unless_it_is_one_number() -> None:
    assert estimate([Assertion("range", 15, 10, 20)]).best is None
    assert estimate([Assertion("range", None, 7, 7)]).best == 7


def test_a_number_only_a_statement_made_in_custody_gives_is_not_best() -> None:
    """The 500,000 roubles of a confession to the camera: low and high show it, best does not single it out."""
    confession = Assertion("bare", 500_000, voice="actor:fariduni", in_custody=True)
    result = estimate([confession])
    assert (result.low, result.best, result.high, result.best_reason) == (500_000, None, 500_000, BestReason.IN_CUSTODY)
    assert result.in_custody and result.n_voices == 1 and not result.contested
    beside = estimate([confession, Assertion("bare", 500_000, voice="actor:official")])
    assert (beside.best, beside.best_reason, beside.in_custody, beside.n_voices) == (500_000, BestReason.EXACT, True, 2)


def test_a_single_voice_and_a_derived_value_keep_best_and_are_flagged() -> None:
    """'freed without injury' -> 0 hostages injured, from one speaker: best 0, one voice, derived."""
    result = estimate([Assertion("bare", 0, voice="actor:prison-service", derived=True)])
    assert (result.best, result.best_reason, result.n_voices, result.derived) == (0, BestReason.EXACT, 1, True)
    two = estimate(
        [Assertion("at_least", 144, voice="source:src-000"), Assertion("at_least", 144, voice="source:src-004")]
    )
    assert two.n_voices == 2 and not two.derived and not two.in_custody


def test_it_happened_sets_no_floor() -> None:
    """'the hostage-takers were killed' is not turned into 'at least 1': the rule supplies no number."""
    result = estimate([Assertion("unquantified", voice="actor:prison-service"), Assertion("unclear", total=6)])
    assert (result.low, result.best, result.high) == (None, None, 6)
    assert result.n_voices == 1  # only the unclear is read


def test_vague_and_unquantified_neither_widen_nor_contest() -> None:
    result = estimate([Assertion("bare", 4), Assertion("vague"), Assertion("unquantified")])
    assert (result.low, result.best, result.high, result.best_reason) == (4, 4, 4, BestReason.EXACT)
    nothing = estimate([Assertion("vague"), Assertion("unquantified")])
    assert (nothing.low, nothing.best, nothing.high, nothing.best_reason) == (None, None, None, BestReason.NO_NUMBER)
    assert estimate([]).best_reason is BestReason.NO_NUMBER


# --- properties -----------------------------------------------------------------------------------


@given(st.lists(assertions(), max_size=6))
def test_every_value_any_assertion_allows_lies_between_low_and_high(items: list[Assertion]) -> None:
    result = estimate(items)
    for item in items:
        if item.interval is not None:
            assert contains(span(result), item.interval), (item, result)


@given(st.lists(assertions(), max_size=6), assertions())
def test_adding_an_assertion_never_narrows_the_interval(items: list[Assertion], extra: Assertion) -> None:
    assert not_narrower(estimate([*items, extra]), estimate(items))


@given(st.lists(assertions(), max_size=6), st.none() | NUMBERS)
def test_adding_an_unclear_never_narrows_and_leaves_no_best(items: list[Assertion], total: int | None) -> None:
    before, after = estimate(items), estimate([*items, Assertion("unclear", total=total)])
    assert not_narrower(after, before)
    assert after.best is None and after.best_reason is not BestReason.EXACT


@given(st.lists(assertions(), min_size=1, max_size=6), st.data())
def test_a_vaguer_assertion_never_narrows_the_interval(items: list[Assertion], data: st.DataObject) -> None:
    """Any number read more loosely: "360" as "around 360", "at least 360", "at most 360"; anything as "unclear"."""
    index = data.draw(st.integers(0, len(items) - 1))
    item = items[index]
    assume(item.interval is not None)  # "a handful" allows every value already: nothing is vaguer
    looser = [
        q for q in ("approximately", "at_least", "at_most", "unclear") if item.qualifier == "bare" or q == "unclear"
    ]
    replacement = vaguer(item, data.draw(st.sampled_from(looser)))
    assert contains(replacement.interval, item.interval)  # it is vaguer
    changed = [*items[:index], replacement, *items[index + 1 :]]
    assert not_narrower(estimate(changed), estimate(items))


@given(st.lists(assertions(), max_size=6).flatmap(lambda items: st.tuples(st.just(items), st.permutations(items))))
def test_the_order_of_the_rows_never_matters(pair: tuple[list[Assertion], list[Assertion]]) -> None:
    items, shuffled = pair
    assert estimate(shuffled) == estimate(items)


@given(NUMBERS)
def test_a_single_exact_assertion_gives_itself(value: int) -> None:
    result = estimate([Assertion("bare", value)])
    assert (result.low, result.best, result.high, result.best_reason) == (value, value, value, BestReason.EXACT)


@given(st.lists(assertions(), max_size=6))
def test_best_is_set_only_when_every_number_given_is_that_exact_number(items: list[Assertion]) -> None:
    result = estimate(items)
    assert (result.best is not None) == (result.best_reason is BestReason.EXACT)
    if result.best is None:
        return
    assert not result.contested and all(item.qualifier != "unclear" for item in items)
    assert not all(item.in_custody for item in read(items))  # some voice outside custody gives it
    for item in items:
        assert item.interval is None or item.interval == Interval(result.best, result.best), item


@given(st.lists(assertions(), max_size=6))
def test_best_is_empty_for_in_custody_exactly_when_only_custody_singles_a_number_out(items: list[Assertion]) -> None:
    """Take custody away and the same number is singled out; give it to every assertion and none is."""
    result = estimate(items)
    free = estimate([replace(item, in_custody=False) for item in items])
    if result.best_reason is BestReason.IN_CUSTODY:
        assert result.best is None and free.best is not None and free.low == free.high == free.best
        assert all(item.in_custody for item in read(items)) and result.in_custody
    if free.best is not None:
        held = estimate([replace(item, in_custody=True) for item in items])
        assert held.best is None and held.best_reason is BestReason.IN_CUSTODY


@given(st.lists(assertions(), max_size=6), st.data())
def test_who_asserts_and_how_never_move_low_or_high(items: list[Assertion], data: st.DataObject) -> None:
    """Voice, custody and derivation are flags beside the numbers: the interval and contested stay as they are."""
    relabelled = [
        replace(item, voice=data.draw(VOICES), in_custody=data.draw(st.booleans()), derived=False) for item in items
    ]
    before, after = estimate(items), estimate(relabelled)
    assert (before.low, before.high, before.contested, before.contested_if_exact) == (
        after.low,
        after.high,
        after.contested,
        after.contested_if_exact,
    )
    for result in (before, after):  # custody may empty best, never change it: it is the interval's one value
        assert result.best is None or result.low == result.best == result.high


@given(st.lists(assertions(), max_size=6))
def test_the_flags_say_what_low_best_and_high_rest_on(items: list[Assertion]) -> None:
    result = estimate(items)
    reads = read(items)
    assert result.n_voices == len({item.voice for item in reads}) <= len(reads)
    assert (result.n_voices == 0) == (not reads)
    assert result.in_custody == any(item.in_custody for item in reads)
    assert result.derived == any(item.derived for item in reads)


@given(st.lists(assertions(), max_size=6))
def test_contested_exactly_when_no_value_satisfies_every_assertion(items: list[Assertion]) -> None:
    result = estimate(items)
    intervals = [i.interval for i in items if i.interval is not None]
    candidates = {end for i in intervals for end in (i.low, i.high) if end is not None} | {0}
    common = any(all(contains(i, Interval(v, v)) for i in intervals) for v in candidates)
    assert result.contested == (not common)
    assert not (result.contested and result.contested_if_exact)
