"""Property tests: locate, the CSV cell codec and date bounds behave for any input, not just ours."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from pydantic import ValidationError

from crocus_data.locate import LocateError, locate, occurrences
from crocus_data.models.record import DateBounds
from crocus_data.models.vocabulary import DateDerivation, DatePrecision
from crocus_data.records import format_cell, parse_cell
from crocus_data.schema.columns import Column

TEXT = st.text(alphabet=st.sampled_from('ab \u2019"é\nЖ.'), max_size=60)


@given(TEXT, st.data())
def test_locate_finds_every_unique_substring(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, max(len(text) - 1, 0)))
    end = data.draw(st.integers(start + 1, max(len(text), start + 1)))
    quote = text[start:end]
    assume(quote)
    starts = occurrences(text, quote)
    assert start in starts
    if len(starts) == 1:
        assert locate(text, quote) == (start, end)
    else:
        with pytest.raises(LocateError):
            locate(text, quote)
        n = starts.index(start) + 1
        assert locate(text, quote, occurrence=n) == (start, end)


@given(TEXT, TEXT)
def test_locate_refuses_what_is_absent(text: str, quote: str) -> None:
    assume(quote and quote not in text)
    with pytest.raises(LocateError):
        locate(text, quote)


COLUMNS = {
    "string": (Column("c", "string", False, ""), st.text(min_size=1).filter(lambda s: "\x00" not in s)),
    "integer": (Column("c", "integer", False, ""), st.integers(-(10**12), 10**12)),
    "boolean": (Column("c", "boolean", False, ""), st.booleans()),
    "date": (Column("c", "date", False, ""), st.dates(date(1, 1, 1), date(9999, 12, 31))),
}


@pytest.mark.parametrize("kind", COLUMNS)
@given(data=st.data())
def test_cell_codec_round_trips(kind: str, data: st.DataObject) -> None:
    column, values = COLUMNS[kind]
    value = data.draw(st.none() | values)
    assert parse_cell(column, format_cell(value)) == value


@given(st.dates(date(2000, 1, 1), date(2030, 1, 1)), st.dates(date(2000, 1, 1), date(2030, 1, 1)))
def test_date_bounds_accept_exactly_ordered_intervals(a: date, b: date) -> None:
    make = lambda: DateBounds(  # noqa: E731
        earliest=a, latest=b, precision=DatePrecision.RANGE, derivation=DateDerivation.RELATIVE, note="n"
    )
    if a <= b:
        assert make().earliest == a
    else:
        with pytest.raises(ValidationError, match="after latest"):
            make()
