"""Find a quote's character offsets in a source text, and fill them into evidence.csv, so nobody counts by hand."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher

from crocus_data import limits
from crocus_data.nearest import not_an_id
from crocus_data.problems import Problem
from crocus_data.rule_registry import Rule


class LocateError(ValueError):
    """The quote is absent, or occurs more than once and no occurrence was chosen."""

    def __init__(self, message: str, starts: list[int] | None = None) -> None:
        super().__init__(message)
        self.starts = starts or []


def occurrences(text: str, quote: str, most: int | None = None) -> list[int]:
    """Start offsets of every occurrence of quote in text (the first ``most``), overlapping ones included."""
    starts: list[int] = []
    position = text.find(quote)
    while position != -1 and quote and (most is None or len(starts) < most):
        starts.append(position)
        position = text.find(quote, position + 1)
    return starts


def _listed(starts: list[int], most: int = 10) -> str:
    """The first few offsets, and how many more: a message stays short whatever the text."""
    shown = ", ".join(map(str, starts[:most]))
    return shown if len(starts) <= most else f"{shown} and {len(starts) - most} more"


@dataclass(frozen=True)
class Near:
    """The text most like an absent quote: where it starts, its words, and the first character that differs."""

    start: int
    text: str
    differs_at: int  # index in the quote of the first character that is not the text's

    def describe(self, quote: str) -> str:
        at = self.differs_at
        theirs = repr(self.text[at]) if at < len(self.text) else "nothing (the text ends there)"
        return (
            f"the closest text is {self.text!r} (start={self.start}); it first differs at character {at + 1} of "
            f"the quote, which has {quote[at]!r} where the text has {theirs}"
        )


def _longest(holds: Callable[[int], bool], most: int) -> int:
    """The largest n <= most with holds(n), for a predicate true up to some n and false after (holds(0))."""
    low, high = 0, most
    while low < high:
        middle = (low + high + 1) // 2
        if holds(middle):
            low = middle
        else:
            high = middle - 1
    return low


def _aligned(text: str, quote: str, guess: int) -> tuple[int, int]:
    """Where the quote would stand in the text near ``guess`` (its assumed start): difflib on a small window.

    The first and last blocks the quote shares with the window (of three characters or more, when
    there are such) fix where the quote's first and last characters fall, typos and all.
    """
    slack = len(quote) // 2 + 2
    low = max(0, guess - slack)
    window = text[low : guess + len(quote) + slack]
    blocks = [b for b in SequenceMatcher(None, quote, window, autojunk=False).get_matching_blocks() if b.size]
    blocks = [b for b in blocks if b.size >= 3] or blocks
    if not blocks:
        return guess, min(len(text), guess + len(quote))
    first, last = blocks[0], blocks[-1]
    start = max(0, low + first.b - first.a)
    end = min(len(text), low + last.b + last.size + len(quote) - last.a - last.size)
    return start, max(end, start + 1)


def closest(text: str, quote: str) -> Near | None:
    """The span of ``text`` most like an absent ``quote``, or None when nothing is close (or the text is too long).

    Anchored on the longest beginning and the longest end of the quote that the text holds (binary
    searches of ``str.find``), then aligned with difflib on a window the size of the quote; of the
    few candidates the most similar wins. A typo, a straight apostrophe for a curly one or a dropped
    word costs a few passes over the text, whatever its length up to ``MAX_HINT_TEXT``.
    """
    if not quote or len(text) > limits.MAX_HINT_TEXT:
        return None
    head = _longest(lambda n: quote[:n] in text, len(quote) - 1)
    tail = _longest(lambda n: quote[len(quote) - n :] in text, len(quote) - 1)
    if max(head, tail) < max(3, len(quote) // 3):
        return None
    tries = 10 if len(quote) <= 1000 else 1  # difflib costs the quote's length squared
    guesses = {position for position in occurrences(text, quote[:head], tries)} if head else set()
    if tail:
        guesses |= {position + tail - len(quote) for position in occurrences(text, quote[len(quote) - tail :], tries)}
    spans = {_aligned(text, quote, guess) for guess in guesses}

    def likeness(span: tuple[int, int]) -> tuple[float, int]:
        return SequenceMatcher(None, quote, text[span[0] : span[1]], autojunk=False).ratio(), -span[0]

    start, end = max(spans, key=likeness)
    differs_at = next(i for i, char in enumerate(quote) if start + i >= len(text) or text[start + i] != char)
    return Near(start, text[start : max(end, start + differs_at + 1)], differs_at)


ABSENT = "the quote does not occur in the source text"
EXACTLY = "copy it exactly, curly quotes included"


def absent(text: str, quote: str, *, search: bool = True) -> str:
    """Why an absent quote is absent: the closest text and the first character that differs, when there is one."""
    near = closest(text, quote) if search else None
    if near is None:
        return f"{ABSENT}; {EXACTLY}"
    return f"{ABSENT}; {near.describe(quote)}; {EXACTLY}"


def locate(text: str, quote: str, occurrence: int | None = None, *, search: bool = True) -> tuple[int, int]:
    """(start, end) with ``text[start:end] == quote``; ``occurrence`` (1-based) picks one of several.

    An absent quote's error names the closest text unless ``search`` is false (a budget spent).
    """
    if not quote:
        raise LocateError("the quote is empty")
    starts = occurrences(text, quote)
    if not starts:
        raise LocateError(absent(text, quote, search=search))
    if occurrence is None:
        if len(starts) > 1:
            raise LocateError(f"the quote occurs {len(starts)} times (at {_listed(starts)}); quote more words", starts)
        occurrence = 1
    if not 1 <= occurrence <= len(starts):
        raise LocateError(f"occurrence {occurrence} asked for, but the quote occurs {len(starts)} time(s)")
    start = starts[occurrence - 1]
    return start, start + len(quote)


def fill_offsets(rows: list[dict[str, str]], lines: list[int], texts: dict[str, str], file: str) -> list[Problem]:
    """Fill empty ``start``/``end`` cells of evidence rows in place; return one problem per row it cannot fill.

    A row whose quote occurs more than once is filled only if ``start`` already names one of the
    occurrences; otherwise the problem lists them so the contributor can choose. ``lines`` gives the
    line of the file each row starts on, and each problem is the one ``validate`` reports for that
    row (same rule, column and words). The closest text is searched for the first ``MAX_QUOTE_HINTS``
    absent quotes only.
    """
    problems = []
    searched = 0
    for line, row in zip(lines, rows, strict=True):
        if row.get("start") and row.get("end"):
            continue
        source_id, quote, given = row.get("source_id", ""), row.get("quote", ""), row.get("start", "")
        text = texts.get(source_id)
        if text is None:
            problems.append(Problem(file, line, "source_id", Rule.KEY_FOREIGN, not_an_id(source_id, "sources", texts)))
            continue
        if not quote:
            problems.append(Problem(file, line, "quote", Rule.CELL_REQUIRED, "this column needs a value"))
            continue
        try:
            if given:
                if not (given.isascii() and given.isdigit()) or len(given) > 18:  # int() of 4,300 digits raises
                    message = f"'{given}' is not a whole number (write digits only, e.g. 144)"
                    problems.append(Problem(file, line, "start", Rule.CELL_TYPE_INTEGER, message))
                    continue
                start = int(given)
                if text[start : start + len(quote)] != quote:
                    raise LocateError(
                        f"the quote does not stand at start={start} (the text there is "
                        f"{text[start : start + len(quote)]!r}); clear start to let fill-offsets find it"
                    )
                end = start + len(quote)
            else:
                searched += 1
                start, end = locate(text, quote, search=searched <= limits.MAX_QUOTE_HINTS)
        except LocateError as exc:
            hint = " or write the start of the one you mean in the start cell" if exc.starts else ""
            problems.append(Problem(file, line, "quote", Rule.EVIDENCE_QUOTE, f"{exc}{hint}"))
            continue
        row["start"], row["end"] = str(start), str(end)
    return problems
