"""The whole numbers a wording gives: digits, with or without thousands separators, and English number words.

Number words are read by text2num (``alpha2digit``), a maintained parser of spelled-out numbers; digit
groups, scales after digits ("1.5 million") and ordinals are handled here around it. The result is a
set of every number the words can be read as: a wording that allows two readings ("1 500") gives both,
so a check that the value is among them never refuses a reading the words allow.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from text_to_num import alpha2digit

# Plural scales say "many", not a number: "hundreds of people" is not 100 (text2num reads it so).
_PLURAL_SCALES = re.compile(r"\b(?:hundreds|thousands|millions|billions|dozens|scores)\b", re.IGNORECASE)
# "No one" is nobody, not 1 (a count of none is written in words: mark it derived).
_NO_ONE = re.compile(r"\bno[- ]one\b", re.IGNORECASE)
_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# Digits with a scale word: "1.5 million", "3 thousand".
_SCALED = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)?)\s+(thousand|million|billion)\b", re.IGNORECASE)
# A run of digits, perhaps grouped by threes ("500,000", "1 500", "1.500"), not part of a word, an ordinal or a
# decimal fraction.
_DIGITS = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:([,.\u00a0\u2009\u202f ])\d{3})(?:\2\d{3})*|\d+)(?![\w]|[.,]\d)", re.IGNORECASE
)
_ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th)\b", re.IGNORECASE)
# A word that may begin an English number word ("six", "sixteen", "twenty-one", "a hundred"): only a wording
# with one is handed to text2num, so that the many without cost a regular-expression search.
_NUMBER_WORD = re.compile(
    r"\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fifteen|eighteen|twenty|"
    r"thirty|forty|fifty|ninety|hundred|thousand|million|billion|first|second|third|fifth|ninth|twelfth)",
    re.IGNORECASE,
)
# Separators that may also stand between two numbers ("1 500" may be "1, 500"): both readings are kept.
_AMBIGUOUS_SEPARATORS = (" ", "\u00a0")


def _scaled(text: str) -> set[int]:
    found = set()
    for match in _SCALED.finditer(text):
        try:
            amount = Decimal(match.group(1).replace(",", ".")) * _SCALES[match.group(2).lower()]
        except InvalidOperation:  # pragma: no cover - the pattern only matches digits
            continue
        if amount == amount.to_integral_value():
            found.add(int(amount))
    return found


def _digit_runs(text: str) -> set[int]:
    found = set()
    for match in _DIGITS.finditer(text):
        if _ORDINAL_SUFFIX.match(text, match.end()):
            continue  # "21st" is a rank, not a count
        run, separator = match.group(1), match.group(2)
        found.add(int(re.sub(r"\D", "", run)))
        if separator in _AMBIGUOUS_SEPARATORS:
            found.update(int(part) for part in run.split(separator))
    return found


@lru_cache(maxsize=65_536)
def numbers_in(wording: str) -> frozenset[int]:
    """Every whole number ``wording`` can be read as giving (empty when it gives none: "a handful").

    >>> sorted(numbers_in("at least 144 deaths and 360 injuries"))
    [144, 360]
    >>> sorted(numbers_in("shot dead six detainees")), sorted(numbers_in("500,000 rubles"))
    ([6], [500000])
    >>> sorted(numbers_in("nearly three months later")), sorted(numbers_in("a handful of militants"))
    ([3], [])
    """
    text = unicodedata.normalize("NFKC", wording)
    text = _NO_ONE.sub("nobody", _PLURAL_SCALES.sub(" … ", text))
    found = _scaled(text)
    text = _SCALED.sub(" … ", text)  # read once, with its scale: "1.5 million" is not also 1,000,000
    found |= _digit_runs(text)
    if _NUMBER_WORD.search(text):
        try:
            spelled = alpha2digit(text, "en", threshold=0)
        except (ValueError, RuntimeError):  # pragma: no cover - text2num reads any string
            spelled = text
        found |= _digit_runs(spelled)
    return frozenset(found)


def _word_character(character: str) -> bool:
    return character.isalnum() or character == "_"


def _in_digits(wording: str, digits: str) -> bool:
    """Whether DIGITS stand in WORDING as a whole number of their own: not inside a longer number, a word, a
    rank ("21st") or a decimal ("1.5")."""
    start = wording.find(digits)
    while start >= 0:
        end = start + len(digits)
        before, after = wording[start - 1 : start], wording[end : end + 1]
        decimal = after in (".", ",") and wording[end + 1 : end + 2].isdigit()
        if (
            not (before and (_word_character(before) or before in ".,"))
            and not (after and _word_character(after))
            and not decimal
        ):
            return True
        start = wording.find(digits, start + 1)
    return False


def writes(wording: str, value: int) -> bool:
    """Whether ``value`` is among the numbers ``wording`` gives: ``value in numbers_in(wording)``, answered with
    string searches when the digits write it ("360 injuries"), so that most figures never reach a regular
    expression or the parser."""
    lowered = wording.lower()
    scaled = "thousand" in lowered or "million" in lowered or "billion" in lowered  # "3 million" is not 3
    if wording.isascii() and not scaled and _in_digits(wording, str(value)):
        return True
    return value in numbers_in(wording)
