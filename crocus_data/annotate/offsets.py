"""Offsets between the browser's UTF-16 units and the code points evidence offsets are counted in.

A browser's Selection API counts in UTF-16 code units: an emoji outside the Basic Multilingual
Plane is two units and one code point, so every offset after it would drift by one if taken as it
is. The page sends the UTF-16 positions it reads (a piece's start, given by the server, plus the
offset within the piece's text node: no Unicode arithmetic in the browser), and this module turns
them into code points of the source text, which is what ``text[start:end]``, ``crocus-data locate``
and the validator count in.

A selection is then widened to whole characters as a reader sees them: never half of a surrogate
pair, never a combining mark, variation selector or emoji modifier without the character it
modifies, never half of a sequence joined by a zero-width joiner; and trimmed of the white space a
mouse picks up at either end. What is left is ``text[start:end]``, exactly.
"""

from __future__ import annotations

import bisect
import unicodedata

ZERO_WIDTH_JOINER = "\u200d"
_MARK_CATEGORIES = {"Mn", "Mc", "Me"}


class SelectionError(ValueError):
    """The positions do not name words of the text (outside it, reversed past its ends, or only white space)."""


def utf16_length(text: str) -> int:
    """How many UTF-16 code units ``text`` takes: two for each code point above U+FFFF."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


class Utf16Index:
    """Conversions between code-point and UTF-16 offsets of one text, each a binary search.

    ``astral`` lists the code-point offsets of the characters that take two UTF-16 units; the UTF-16
    offset of code point ``i`` is ``i`` plus how many of them stand before it.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.astral = [index for index, char in enumerate(text) if ord(char) > 0xFFFF]
        self.length = len(text) + len(self.astral)

    def to_utf16(self, offset: int) -> int:
        """The UTF-16 offset of code-point offset ``offset`` (0 <= offset <= len(text))."""
        if not 0 <= offset <= len(self.text):
            raise SelectionError(f"offset {offset} is outside the text (0 to {len(self.text)})")
        return offset + bisect.bisect_left(self.astral, offset)

    def to_code_points(self, unit: int, *, round_up: bool = False) -> int:
        """The code-point offset of UTF-16 offset ``unit``; one inside a surrogate pair is moved to the pair's
        start, or with ``round_up`` past its end."""
        if not 0 <= unit <= self.length:
            raise SelectionError(f"UTF-16 offset {unit} is outside the text (0 to {self.length})")
        low, high = 0, len(self.text)  # the largest code-point offset whose UTF-16 offset is <= unit
        while low < high:
            middle = (low + high + 1) // 2
            if self.to_utf16(middle) <= unit:
                low = middle
            else:
                high = middle - 1
        if round_up and self.to_utf16(low) < unit:
            return low + 1
        return low


def _continues(char: str) -> bool:
    """Whether ``char`` belongs to the character before it: a combining mark, a variation selector, an emoji
    skin-tone modifier or a zero-width joiner."""
    code = ord(char)
    return (
        unicodedata.category(char) in _MARK_CATEGORIES
        or 0xFE00 <= code <= 0xFE0F
        or 0xE0100 <= code <= 0xE01EF
        or 0x1F3FB <= code <= 0x1F3FF
        or char == ZERO_WIDTH_JOINER
    )


def is_boundary(text: str, offset: int) -> bool:
    """Whether a span may begin or end at ``offset`` without cutting a character as a reader sees it."""
    if offset <= 0 or offset >= len(text):
        return True
    return not (_continues(text[offset]) or text[offset - 1] == ZERO_WIDTH_JOINER)


def whole_characters(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` widened so that it neither begins nor ends inside a character as a reader sees it."""
    while not is_boundary(text, start):
        start -= 1
    while not is_boundary(text, end):
        end += 1
    return start, end


def selection_span(text: str, start_utf16: int, end_utf16: int, index: Utf16Index | None = None) -> tuple[int, int]:
    """The code-point span ``[start, end)`` of the words a browser selection covers in ``text``.

    ``start_utf16`` and ``end_utf16`` are the selection's ends in UTF-16 units (either order). The span
    is widened to whole characters, then trimmed of white space at both ends; a selection of white
    space only, or outside the text, is a :class:`SelectionError`.
    """
    index = index or Utf16Index(text)
    low, high = sorted((start_utf16, end_utf16))
    start = index.to_code_points(low)
    end = index.to_code_points(high, round_up=True)
    start, end = whole_characters(text, start, end)
    while start < end and text[start].isspace() and is_boundary(text, start + 1):
        start += 1
    while end > start and text[end - 1].isspace() and is_boundary(text, end - 1):
        end -= 1
    if start == end:
        raise SelectionError("the selection holds no words: select some text of the document")
    return start, end
