"""The workbench's offsets: a browser's UTF-16 positions become code points that cannot drift.

The oracle for a UTF-16 offset is Python's own UTF-16 encoder (``len(text[:i].encode("utf-16-le")) // 2``),
which is what a browser's string positions count. Any text (emoji, ZWJ sequences, combining marks,
curly quotes, doubled spaces, line breaks, CR LF), any selection, including ends inside a surrogate
pair: the span saved covers every word selected, cuts no character, and is where ``locate`` finds
its quote.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crocus_data.annotate.offsets import (
    SelectionError,
    Utf16Index,
    is_boundary,
    selection_span,
    utf16_length,
)
from crocus_data.locate import locate, occurrences

from scratch import REPO

FIXTURE = REPO / "tests" / "fixtures" / "workbench-hard-characters.txt"
HARD = [
    "🧪",
    "👩🏽‍⚕️",
    "👍🏿",
    "🇺🇦",
    "“",
    "”",
    "\u2019",
    "n\u0308",
    "Q\u0307",
    "  ",
    "\n",
    "\r\n",
    "\u00a0",
    "\ufe0f",
    "\u200d",
    "\U0001f3fd",
    "é",
]
texts = st.lists(
    st.one_of(st.sampled_from(HARD), st.text(st.characters(exclude_categories=("Cs",)), max_size=4)), max_size=30
).map("".join)


def units(text: str) -> int:
    """The oracle: UTF-16 code units, as a browser's string counts them."""
    return len(text.encode("utf-16-le")) // 2


@given(texts)
def test_code_points_and_utf16_units_convert_both_ways(text: str) -> None:
    index = Utf16Index(text)
    assert index.length == utf16_length(text) == units(text)
    for offset in range(len(text) + 1):
        unit = index.to_utf16(offset)
        assert unit == units(text[:offset])
        assert index.to_code_points(unit) == offset
        assert index.to_code_points(unit, round_up=True) == offset


@given(texts, st.data())
def test_an_offset_inside_a_surrogate_pair_moves_to_the_whole_character(text: str, data: st.DataObject) -> None:
    index = Utf16Index(text)
    unit = data.draw(st.integers(0, index.length))
    down, up = index.to_code_points(unit), index.to_code_points(unit, round_up=True)
    assert units(text[:down]) <= unit <= units(text[:up])
    assert up - down in (0, 1)
    if up != down:
        assert ord(text[down]) > 0xFFFF  # only a character of two units has a middle


@given(texts, st.data())
def test_any_selection_gives_whole_words_where_locate_finds_them(text: str, data: st.DataObject) -> None:
    length = units(text)
    first, second = data.draw(st.integers(0, length)), data.draw(st.integers(0, length))
    low, high = sorted((first, second))
    # The code points the selection touches, by the oracle: those whose UTF-16 units meet [low, high).
    touched = [i for i in range(len(text)) if units(text[:i]) < high and low < units(text[: i + 1])]
    words = [i for i in touched if not text[i].isspace()]
    try:
        start, end = selection_span(text, first, second)
    except SelectionError:
        assert not words, "a selection holding words is refused"
        return
    assert 0 <= start < end <= len(text)
    assert all(start <= i < end for i in words), "every word selected is kept"
    assert is_boundary(text, start) and is_boundary(text, end), "no character is cut"
    quote = text[start:end]
    assert not quote.isspace()
    assert start in occurrences(text, quote)
    if len(occurrences(text, quote)) == 1:
        assert locate(text, quote) == (start, end)
    else:
        assert locate(text, quote, occurrences(text, quote).index(start) + 1) == (start, end)


@pytest.mark.parametrize(
    "quote",
    [
        "Ben̈a Q̇uill 👩🏽‍⚕️",  # combining marks (no precomposed form) and an emoji of five code points
        "“at least 151 people”",  # curly quotes
        "were killed.  Interfax",  # a doubled space
        "the statement.\nLater",  # a line break
        "🧪",
    ],
)
def test_the_fixtures_hard_characters_are_saved_at_the_offsets_locate_finds(quote: str) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)
    start = text.index(quote)
    # The browser's positions of the quote: UTF-16 units of what precedes it and of it.
    begin = units(text[:start])
    assert selection_span(text, begin, begin + units(quote)) == (start, start + len(quote))
    if len(occurrences(text, quote)) == 1:
        assert locate(text, quote) == (start, start + len(quote))


def test_white_space_around_a_selection_is_trimmed_and_half_an_emoji_is_widened() -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    sentence = "Interfax relayed the statement."
    start = text.index(sentence)
    begin = units(text[: start - 2])  # from the doubled space before it to the line break after it
    assert selection_span(text, begin, units(text[: start + len(sentence) + 1])) == (start, start + len(sentence))
    emoji = text.index("👩🏽‍⚕️")
    inside = units(text[:emoji]) + 1  # between the two units of the first code point
    assert selection_span(text, inside, inside + 1) == (emoji, emoji + len("👩🏽‍⚕️"))
    mark = text.index("n\u0308")
    after_n = units(text[: mark + 1])  # between the n and its combining diaeresis
    assert selection_span(text, after_n - 1, after_n) == (mark, mark + 2)


@pytest.mark.parametrize(("first", "second"), [(-1, 3), (0, 10_000)])
def test_positions_outside_the_text_are_refused(first: int, second: int) -> None:
    with pytest.raises(SelectionError):
        selection_span("some words", first, second)


def test_a_selection_of_white_space_only_is_refused() -> None:
    with pytest.raises(SelectionError, match="no words"):
        selection_span("a  \n  b", 1, 5)
