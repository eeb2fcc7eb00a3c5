"""Property tests: locate, the CSV cell codec and date bounds behave for any input, not just ours."""

from __future__ import annotations

import re
import tempfile
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from pydantic import ValidationError

from crocus_data.locate import LocateError, locate, occurrences
from crocus_data.models import Figure, Incident
from crocus_data.models.vocabulary import Measure
from crocus_data.published.csv_codec import render_table
from crocus_data.reader.cells import CONTROL, FORMULA_START
from crocus_data.reader.csv_file import read_table
from crocus_data.reader.table_data import to_records

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


# Any text the validator accepts in a cell: NFC, no formula start, no control character (its own rules).
CELL_TEXT = st.text(min_size=1, max_size=40).filter(
    lambda t: unicodedata.is_normalized("NFC", t) and not re.match(FORMULA_START, t) and not re.search(CONTROL, t)
)


@given(
    value=st.integers(0, 10**15),
    wording=CELL_TEXT,
    note=st.none() | CELL_TEXT,
    measure=st.sampled_from([m.value for m in Measure]),
)
def test_models_to_csv_to_models_is_lossless(value: int, wording: str, note: str | None, measure: str) -> None:
    figure = Figure.model_validate(
        {
            "figure_id": "fig-x",
            "incident_id": "inc-x",
            "measure": measure,
            "unit": "people",
            "value": value,
            "value_derived": False,
            "qualifier": "bare",
            "wording": wording,
            "attribution": "source",
            "note": note,
        }
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "figures.csv"
        path.write_bytes(render_table(Figure, [figure]))
        read = read_table(path, Figure, "figures.csv")
    assert read.problems == []
    assert to_records(read) == [figure]


@given(st.dates(date(2000, 1, 1), date(2030, 1, 1)), st.dates(date(2000, 1, 1), date(2030, 1, 1)))
def test_a_model_accepts_exactly_ordered_date_bounds(a: date, b: date) -> None:
    def make() -> Incident:
        return Incident.model_validate(
            {
                "incident_id": "inc-x",
                "name": "x",
                "incident_type": "armed_attack",
                "date": {"earliest": a, "latest": b, "precision": "range", "derivation": "relative", "note": "n"},
            }
        )

    if a <= b:
        assert make().date.earliest == a
    else:
        with pytest.raises(ValidationError, match="date_earliest is after date_latest"):
            make()
