"""Generated text and dates: the awkward-but-legal values every generated cell and source text is made of."""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

# Letters (Latin, Cyrillic, Greek, CJK...), digits, curly and straight quotes, punctuation that is
# not a spreadsheet formula sign, spaces and line breaks: every character a news text may hold
# that the validator accepts in a cell (no combining marks, so every slice of a text stays NFC).
_ALPHABET = st.one_of(
    st.characters(categories=("Lu", "Ll", "Nd"), max_codepoint=0x4FFF),
    st.sampled_from(list(" \u2019\u2018\u201c\u201d\"'.,;:()!?/%&\n\u2014")),
)


_WORDS = st.text(_ALPHABET, min_size=1, max_size=40).map(lambda t: unicodedata.normalize("NFC", t))


def _cell(text: str) -> str:
    """Make generated text a legal cell: NFC and not starting with a formula sign."""
    text = unicodedata.normalize("NFC", text)
    return text if text and text[0] not in "=+-@" else f"x{text}"


TEXT = _WORDS.map(_cell)


OPTIONAL_TEXT = st.none() | TEXT


BASE_DATE = date(2024, 3, 22)


def date_bounds(draw: st.DrawFn, earliest: date, latest: date, *, allow_open: bool = True) -> dict[str, Any]:
    """Bounds inside [earliest, latest] with a consistent precision, derivation and note."""
    kind = draw(st.sampled_from(["day", "range", "open"] if allow_open else ["day", "range"]))
    span = (latest - earliest).days
    first = earliest + timedelta(days=draw(st.integers(0, span)))
    if kind == "day":
        derivation = draw(st.sampled_from(["stated", "year_from_publication", "year_inferred"]))
        note = None if derivation == "stated" else draw(TEXT)
        return {"earliest": first, "latest": first, "precision": "day", "derivation": derivation, "note": note}
    if kind == "range":
        last = first + timedelta(days=draw(st.integers(0, (latest - first).days)))
        return {"earliest": first, "latest": last, "precision": "range", "derivation": "relative", "note": draw(TEXT)}
    lower = draw(st.booleans())  # an open interval keeps one bound at most
    return {
        "earliest": first if lower else None,
        "latest": None if lower else first,
        "precision": "open",
        "derivation": "bounded_by_context",
        "note": draw(TEXT),
    }


def slug(draw: st.DrawFn, prefix: str, taken: set[str]) -> str:
    word = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789"), min_size=1, max_size=8)
    key = f"{prefix}-{'-'.join(draw(st.lists(word, min_size=1, max_size=3)))}"
    while key in taken:
        key += "-x"
    taken.add(key)
    return key


@st.composite
def source_texts(draw: st.DrawFn) -> str:
    """A source text: words, curly quotes, line breaks; NFC, as the validator demands."""
    return unicodedata.normalize("NFC", draw(st.text(_ALPHABET, min_size=40, max_size=800)))
