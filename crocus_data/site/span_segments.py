"""Cutting a source text at every evidence-span boundary, so that overlapping spans can all be highlighted.

HTML elements nest; evidence spans need not (one quote may begin inside another and end after it).
Cut the text at every start and end, and each piece lies wholly inside or wholly outside each span:
each piece is then highlighted once, labelled with every span that covers it.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """One evidence span: its id and its character offsets, ``text[start:end]``."""

    span_id: str
    start: int
    end: int


@dataclass(frozen=True)
class Segment:
    """A piece of the text and the spans covering it, shortest first (the innermost span leads)."""

    start: int
    end: int
    spans: tuple[Span, ...]


def segments(length: int, spans: Sequence[Span]) -> list[Segment]:
    """The text ``[0, length)`` cut at every span boundary, in order; empty pieces are dropped.

    >>> [(s.start, s.end, [x.span_id for x in s.spans]) for s in segments(6, [Span("a", 0, 4), Span("b", 2, 6)])]
    [(0, 2, ['a']), (2, 4, ['a', 'b']), (4, 6, ['b'])]
    """
    cuts = sorted({0, length, *(s.start for s in spans), *(s.end for s in spans)})
    pieces = []
    for start, end in itertools.pairwise(cuts):
        if start >= end or end > length:
            continue
        covering = sorted(
            (s for s in spans if s.start <= start and end <= s.end), key=lambda s: (s.end - s.start, s.start, s.span_id)
        )
        pieces.append(Segment(start, end, tuple(covering)))
    return pieces
