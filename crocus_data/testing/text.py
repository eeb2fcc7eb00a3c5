"""Generated text and dates: the awkward-but-legal values every generated cell and source text is made of."""

from __future__ import annotations

import calendar
import re
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


# Days a generated text may write (events, statements and publications all fall in it), and how it writes them.
WRITTEN_DAYS = (BASE_DATE - timedelta(days=60), BASE_DATE + timedelta(days=90))
_MONTHS = "|".join(calendar.month_name[1:])
_WRITTEN_DAY = re.compile(
    rf"(?P<md>(?P<m1>{_MONTHS}) (?P<d1>\d{{1,2}}), (?P<y1>\d{{4}}))|(?P<dm>(?P<d2>\d{{1,2}}) (?P<m2>{_MONTHS}) "
    rf"(?P<y2>\d{{4}}))|(?P<iso>(?P<y3>\d{{4}})-(?P<m3>\d{{2}})-(?P<d3>\d{{2}}))",
    re.ASCII,
)


def date_phrase(day: date, form: int) -> str:
    """A day as a news text writes it: "March 22, 2024", "22 March 2024" or "2024-03-22" (``form`` 0, 1, 2)."""
    month = calendar.month_name[day.month]
    return (f"{month} {day.day}, {day.year}", f"{day.day} {month} {day.year}", day.isoformat())[form % 3]


def written_days(text: str) -> list[tuple[date, str, int]]:
    """Each day a text writes in one of ``date_phrase``'s forms: the day, the words and where they start."""
    found = []
    for match in _WRITTEN_DAY.finditer(text):
        groups = match.groupdict()
        year = groups["y1"] or groups["y2"] or groups["y3"]
        month_name = groups["m1"] or groups["m2"]
        month = list(calendar.month_name).index(month_name) if month_name else int(groups["m3"])
        try:
            day = date(int(year), month, int(groups["d1"] or groups["d2"] or groups["d3"]))
        except ValueError:
            continue
        found.append((day, match.group(0), match.start()))
    return found


def date_bounds(draw: st.DrawFn, earliest: date, latest: date, *, allow_open: bool = True) -> dict[str, Any]:
    """Bounds inside [earliest, latest] with a consistent precision, derivation and note.

    A single day drawn here is written in no text, so it is computed (``relative``, with a note): a day
    marked ``stated`` must be written in the row's evidence (``Builder.day_bounds`` draws those).
    """
    kind = draw(st.sampled_from(["day", "range", "open"] if allow_open else ["day", "range"]))
    span = (latest - earliest).days
    first = earliest + timedelta(days=draw(st.integers(0, span)))
    if kind == "day":
        return {"earliest": first, "latest": first, "precision": "day", "derivation": "relative", "note": draw(TEXT)}
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


# Numbers as news texts write them, for figures to be read from: digits, separators, words.
_NUMBER_WORDS = ["one", "two", "six", "Three", "twenty", "nearly three", "one hundred and forty-four"]
NUMBER_PHRASES = st.one_of(
    st.integers(0, 10**7).map(str),
    st.integers(1000, 10**7).map(lambda n: f"{n:,}"),
    st.sampled_from(_NUMBER_WORDS),
)
# Where a number may start in a text: a digit, or a number word.
NUMBER_START = re.compile(r"(?<!\w)(?:[0-9]|(?:one|two|six|three|twenty|nearly)\b)", re.IGNORECASE)


@st.composite
def source_texts(draw: st.DrawFn) -> str:
    """A source text: words, curly quotes, line breaks, and now and then a number or a day written as news
    texts write them ("500,000", "six", "March 22, 2024"); NFC, as the validator demands."""
    text = draw(st.text(_ALPHABET, min_size=40, max_size=800))
    if not any(char not in "=+-@" and not char.isspace() for char in text):
        text = f"Words{text}"  # every text holds a word for a quote to start on
    days = st.builds(date_phrase, st.dates(*WRITTEN_DAYS), st.integers(0, 2))
    phrases = draw(st.lists(NUMBER_PHRASES, max_size=3)) + draw(st.lists(days, max_size=4))
    for phrase in draw(st.permutations(phrases)):
        at = draw(st.integers(0, len(text)))
        text = f"{text[:at]} {phrase} {text[at:]}"
    return unicodedata.normalize("NFC", text)
