"""Whether a day, a month or a year is written in a text, in the forms English news reports use.

The forms are made from the date itself and searched for, rather than every date in the text parsed:
the question is never "which dates does this text give" but "is *this* date written here", and a
weekday ("on Sunday") or a span ("nearly three months since") must not count as writing it. The forms:
"March 22", "Mar. 22nd", "22 March", "the 22nd of March", each optionally followed by the year
("March 22, 2024", "22 March 2024"), and ISO 8601 ("2024-03-22", as a dateline gives it).
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from functools import lru_cache

_ORDINAL = r"(?:st|nd|rd|th)?"
# Month names and their usual abbreviations ("Sept" too), case-insensitive.
_EXTRA_ABBREVIATIONS = {9: ("Sept",)}


def _month(month: int) -> str:
    names = {calendar.month_name[month], calendar.month_abbr[month], *_EXTRA_ABBREVIATIONS.get(month, ())}
    return "(?:" + "|".join(sorted(names, key=len, reverse=True)) + r")\.?"


def _day(day: int) -> str:
    return rf"0?{day}{_ORDINAL}"


@lru_cache(maxsize=4096)
def _day_pattern(day: date, with_year: bool) -> re.Pattern[str]:
    month, number = _month(day.month), _day(day.day)
    year = rf",?\s+{day.year}(?!\d)" if with_year else ""
    forms = [
        rf"(?<![\w]){month}\s+{number}(?!\d){year}",
        rf"(?<![\w\d]){number}\s+(?:of\s+)?{month}(?![a-z]){year}",
        rf"(?<!\d){day.year}-{day.month:02d}-{day.day:02d}(?!\d)",
    ]
    return re.compile("|".join(f"(?:{form})" for form in forms), re.IGNORECASE)


def day_written(text: str, day: date, *, with_year: bool = True) -> bool:
    """Whether ``text`` writes the day (with its year, unless ``with_year`` is false).

    >>> day_written("On the evening of March 22, 2024", date(2024, 3, 22))
    True
    >>> day_written("on March 22", date(2024, 3, 22)), day_written("on March 22", date(2024, 3, 22), with_year=False)
    (False, True)
    >>> day_written("on Sunday", date(2024, 5, 26), with_year=False)
    False
    """
    return _day_pattern(day, with_year).search(text) is not None


def month_written(text: str, year: int, month: int) -> bool:
    """Whether ``text`` writes the month with its year ("March 2024", "March, 2024", "2024-03")."""
    pattern = rf"(?<![\w]){_month(month)},?\s+{year}(?!\d)|(?<!\d){year}-{month:02d}(?![\d])"
    return re.search(pattern, text, re.IGNORECASE) is not None


def year_written(text: str, year: int) -> bool:
    """Whether ``text`` writes the year as four digits of its own."""
    return re.search(rf"(?<!\d){year}(?!\d)", text) is not None
