"""A number or a date is readable in its own words: figure.wording-number and date.stated.

The readers (``crocus_data.wording``) are tested on generated wordings against an independent
writer of English numbers and days; the rules on generated packages, broken in one cell.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from test_package_properties import located, problems_of, read_rows, write_rows, written

from crocus_data.models import Evidence, Figure
from crocus_data.reader.needs import DATE_FIELDS
from crocus_data.testing import Package, packages
from crocus_data.wording.dates import day_written, month_written, year_written
from crocus_data.wording.numbers import numbers_in, writes

from budgets import whole_packages

ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
SCALES = ((10**9, "billion"), (10**6, "million"), (1000, "thousand"))


def words(n: int) -> str:
    """A whole number in English words, as a news report writes it: the oracle the reader is held to."""
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + ("" if n % 10 == 0 else "-" + ONES[n % 10])
    if n < 1000:
        return ONES[n // 100] + " hundred" + ("" if n % 100 == 0 else " and " + words(n % 100))
    scale, name = next((scale, name) for scale, name in SCALES if n >= scale)
    head, rest = divmod(n, scale)
    return f"{words(head)} {name}" + ("" if rest == 0 else (" and " if rest < 100 else " ") + words(rest))


BEFORE = st.sampled_from(["", "at least ", "around ", "nearly ", "The ", "some ", "more than "])
AFTER = st.sampled_from(["", " people", " injuries", " detainees were held.", ", according to the ministry"])


def written_as(n: int, form: int) -> str:
    return [words(n), words(n).capitalize(), f"{n:,}", str(n)][form]


@given(st.integers(0, 10**9), st.integers(0, 3), BEFORE, AFTER)
def test_a_number_written_in_digits_or_words_reads_as_itself_and_nothing_else(
    n: int, form: int, before: str, after: str
) -> None:
    assert numbers_in(f"{before}{written_as(n, form)}{after}") == {n}


@given(st.integers(1000, 10**9), st.sampled_from([" ", "\u00a0", "\u202f"]))
def test_digits_grouped_by_a_space_read_as_the_whole_number(n: int, separator: str) -> None:
    assert n in numbers_in(f"{n:,}".replace(",", separator) + " people")


@given(st.integers(0, 10**6), st.integers(0, 3), BEFORE, AFTER)
def test_two_numbers_in_one_wording_are_both_read(n: int, form: int, before: str, after: str) -> None:
    m = n + 7
    assert {n, m} <= numbers_in(f"{before}{written_as(n, form)} deaths and {written_as(m, form)} injuries{after}")


WORDING_PIECES = st.sampled_from(
    ["360", "1,500", "1 500", "3 million", "1.5", "21st", "six", "nearly three", "hundreds", "at least", "people", "."]
)


WORDINGS = st.lists(WORDING_PIECES | st.text(max_size=6) | st.integers(0, 10**6).map(str), min_size=1, max_size=6)


@given(WORDINGS.map(" ".join) | WORDINGS.map("".join), st.integers(0, 4_000_000))
def test_the_quick_answer_is_the_parsers(wording: str, value: int) -> None:
    """``writes`` answers from the digits when it can: always as ``numbers_in`` would."""
    for number in [value, *numbers_in(wording), 3, 360, 1500, 1, 500, 21]:
        assert writes(wording, number) == (number in numbers_in(wording)), (wording, number)


@pytest.mark.parametrize(
    ("wording", "reads"),
    [
        ("a handful of militants", set()),  # no number: a vague figure
        ("hundreds of people", set()),  # a plural scale says "many", not 100
        ("the twenty-first", set()),  # a rank, not a count
        ("21st", set()),
        ("1.5", set()),  # not a whole number
        ("No one was hurt", set()),  # nobody: a count of none is derived, not written
        ("1.5 million", {1_500_000}),
        ("nearly three months later", {3}),
        ("It remains unclear how many of the six hostage-takers were killed", {6}),
        ("500,000 rubles", {500_000}),
        ("a hundred", {100}),
        ("1 500 people", {1, 500, 1500}),  # a space may group digits or part two numbers: both readings
    ],
)
def test_hard_wordings(wording: str, reads: set[int]) -> None:
    assert numbers_in(wording) == reads


DAYS = st.dates(date(1990, 1, 1), date(2050, 12, 31))


def ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def day_forms(day: date) -> list[str]:
    month, abbreviation = calendar.month_name[day.month], calendar.month_abbr[day.month]
    return [
        f"{month} {day.day}, {day.year}",
        f"{day.day} {month} {day.year}",
        f"the {ordinal(day.day)} of {month}, {day.year}",
        f"{abbreviation}. {ordinal(day.day)}, {day.year}",
        day.isoformat(),
        f" date {day.isoformat()} The Crocus Attack",  # a dateline
    ]


@given(DAYS, st.integers(0, 5), st.sampled_from(["On ", "on the evening of ", "", "By "]))
def test_a_day_written_in_any_form_is_read(day: date, form: int, before: str) -> None:
    text = f"{before}{day_forms(day)[form]}, the ministry said."
    assert day_written(text, day)
    assert day_written(text, day, with_year=False)


@given(DAYS, st.integers(0, 5), st.integers(-400, 400))
def test_another_day_is_not_read(day: date, form: int, shift: int) -> None:
    other = day + timedelta(days=shift)
    assume(other != day)
    assert not day_written(day_forms(day)[form], other)


@given(DAYS)
def test_a_day_without_its_year_is_read_only_as_a_day_and_month(day: date) -> None:
    text = f"on {calendar.month_name[day.month]} {day.day}"
    assert day_written(text, day, with_year=False)
    assert not day_written(text, day)


@given(
    DAYS, st.sampled_from(list(calendar.day_name)), st.sampled_from(["later", "nearly three months since", "earlier"])
)
def test_a_weekday_or_a_span_writes_no_day(day: date, weekday: str, span: str) -> None:
    text = f"on {weekday}, {span}, as announced in {day.year}"
    assert not day_written(text, day, with_year=False)


@given(DAYS)
def test_months_and_years(day: date) -> None:
    assert month_written(f"in {calendar.month_name[day.month]} {day.year}", day.year, day.month)
    assert not month_written(f"in {calendar.month_name[day.month]} {day.year + 1}", day.year, day.month)
    assert year_written(f"in {day.year}.", day.year)
    assert not year_written(f"in {day.year}5.", day.year)


# --- the rules, on generated packages ------------------------------------------------------------


def _figures(package: Package) -> list[Figure]:
    return [f for f in package.records["figures"] if isinstance(f, Figure) and not f.value_derived]


@whole_packages
@given(packages(), st.data())
def test_a_value_its_wording_does_not_write_is_rejected(package: Package, data: st.DataObject) -> None:
    figures = [f for f in _figures(package) if f.value is not None]
    assume(figures)
    figure = data.draw(st.sampled_from(figures))
    # A value the row's own rules allow (inside a range's bounds), which its wording does not write.
    wrong = data.draw(st.integers(figure.value_low or 0, 10**9 if figure.value_high is None else figure.value_high))
    assume(wrong not in numbers_in(figure.wording))
    with written(package) as descriptor:
        path = descriptor.parent / "records" / "figures.csv"
        header, rows, lines = read_rows(path)
        index = next(i for i, row in enumerate(rows) if row["figure_id"] == figure.figure_id)
        rows[index]["value"] = str(wrong)
        write_rows(path, header, rows)
        assert ("records/figures.csv", lines[index], "value", "figure.wording-number") in located(
            problems_of(descriptor)
        )


@whole_packages
@given(packages(), st.data())
def test_a_value_marked_derived_needs_no_number_in_its_wording(package: Package, data: st.DataObject) -> None:
    figures = [f for f in _figures(package) if f.value is not None]
    assume(figures)
    figure = data.draw(st.sampled_from(figures))
    with written(package) as descriptor:
        path = descriptor.parent / "records" / "figures.csv"
        header, rows, _ = read_rows(path)
        row = next(row for row in rows if row["figure_id"] == figure.figure_id)
        row.update(value=str(figure.value + 1), value_derived="true", note=row["note"] or "derived from the words")
        write_rows(path, header, rows)
        assert not [p for p in problems_of(descriptor) if p.rule == "figure.wording-number"]


# Each dated table and its date; a source's publication date is read in its own text.
DATED = {**DATE_FIELDS, "sources": "published"}


def _quotes(package: Package, table: str, key: str) -> list[str]:
    if table == "sources":
        return [package.texts[key].decode("utf-8")]
    return [e.quote for e in package.records["evidence"] if isinstance(e, Evidence) and e.record_id == key]


@whole_packages
@given(packages(), st.data())
def test_a_day_marked_stated_that_its_evidence_does_not_write_is_rejected(
    package: Package, data: st.DataObject
) -> None:
    table = data.draw(st.sampled_from(sorted(DATED)))
    assume(package.records.get(table))
    record = data.draw(st.sampled_from(package.records[table]))
    field = DATED[table]
    bounds = getattr(record, field)
    day = bounds.earliest or bounds.latest
    assume(day is not None and not any(day_written(q, day) for q in _quotes(package, table, record.key)))
    with written(package) as descriptor:
        path = descriptor.parent / "records" / f"{table}.csv"
        header, rows, lines = read_rows(path)
        index = next(i for i, row in enumerate(rows) if row[header[0]] == record.key)
        rows[index].update({f"{field}_earliest": day.isoformat(), f"{field}_latest": day.isoformat(),
                            f"{field}_precision": "day", f"{field}_derivation": "stated"})  # fmt: skip
        write_rows(path, header, rows)
        found = located(problems_of(descriptor))
        assert (f"records/{table}.csv", lines[index], f"{field}_derivation", "date.stated") in found


@whole_packages
@given(packages(), st.data())
def test_a_day_its_evidence_writes_may_be_stated(package: Package, data: st.DataObject) -> None:
    """The generated packages state days their evidence writes, and those pass."""
    stated = [
        (table, record)
        for table in DATED
        for record in package.records.get(table, [])
        if getattr(record, DATED[table]).derivation == "stated"
    ]
    assume(stated)
    table, record = data.draw(st.sampled_from(stated))
    day = getattr(record, DATED[table]).earliest
    assert any(day_written(q, day) for q in _quotes(package, table, record.key))
    with written(package) as descriptor:
        assert not [p for p in problems_of(descriptor) if p.rule == "date.stated"]
