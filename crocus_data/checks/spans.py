"""The text at code-point spans of the source texts, as Arrow string views into the texts' own bytes.

Evidence offsets count Unicode code points, but the texts are UTF-8 bytes. Each text's code-point
starts are found once with numpy (a byte is a start unless it is a continuation byte ``10xxxxxx``);
every span then becomes a 16-byte Arrow string view pointing into the text, so a million quotes
are compared with one vectorised equality, without cutting or copying a single string in Python.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

_INLINE = 12  # Arrow keeps strings of up to 12 bytes inside the view itself
_PIECE = 1 << 20  # bytes of a text scanned for code-point starts at a time


@dataclass
class Spans:
    """The text at each row's span (empty where the row has none), and the rows whose end is past their text."""

    views: pa.Array  # string_view, one per row
    past_end: np.ndarray  # bool per row: end lies beyond the text's last code point
    text_length: np.ndarray  # per row, the number of code points of its text (0 where none)


def code_point_offsets(raw: bytes) -> np.ndarray:
    """Byte offset of each code point of a UTF-8 text, and of its end: ``offsets[i]`` starts code point i.

    32-bit offsets: the views Arrow builds on them are 32-bit too, so a text stays under 2 GiB. The
    starts are counted first, then written a piece at a time into the result: the temporaries stay
    the size of a piece, not of the text.
    """
    data = np.frombuffer(raw, np.uint8)
    bases = range(0, len(data), _PIECE)
    counts = [int(np.count_nonzero(np.bitwise_and(data[base : base + _PIECE], 0xC0) != 0x80)) for base in bases]
    offsets = np.empty(sum(counts) + 1, np.int32)
    position = 0
    for base, count in zip(bases, counts, strict=True):
        piece = data[base : base + _PIECE]
        offsets[position : position + count] = np.flatnonzero(np.bitwise_and(piece, 0xC0) != 0x80) + base
        position += count
    offsets[-1] = len(raw)
    return offsets


def span_views(texts: list[bytes], text_index: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> Spans:
    """Views of ``texts[text_index[i]]`` from code point ``starts[i]`` to ``ends[i]`` (``text_index`` -1: none)."""
    if sys.byteorder != "little":  # pragma: no cover - Arrow's view layout is written little-endian here
        raise NotImplementedError("span_views builds Arrow views for little-endian machines")
    n = len(text_index)
    views = np.zeros((n, 16), np.uint8)  # written in place, text by text: no per-row temporaries of n rows
    words = views.view(np.int32)  # the same bytes as four 32-bit words per view
    past_end = np.zeros(n, bool)
    text_length = np.zeros(n, np.int64)
    buffers: list[pa.Buffer] = []
    for number, raw in enumerate(texts):
        rows = np.flatnonzero(text_index == number)
        if not rows.size:
            continue
        points = code_point_offsets(raw)
        count = len(points) - 1
        start, end = starts[rows], ends[rows]
        text_length[rows] = count
        beyond = end > count
        past_end[rows] = beyond
        usable = ~beyond & (start >= 0) & (start <= end)
        rows, start, end = rows[usable], start[usable], end[usable]
        first = points[start].astype(np.int64)
        size = points[end] - points[start]
        del points, start, end
        words[rows, 0] = size
        data = np.frombuffer(raw, np.uint8)
        long = size > _INLINE
        # A long string: its first four bytes, then the buffer and the offset its bytes start at.
        long_rows, long_first = rows[long], first[long]
        for k in range(4):
            views[long_rows, 4 + k] = data[long_first + k]
        words[long_rows, 2] = len(buffers)
        words[long_rows, 3] = long_first
        # A short one: its bytes, inline, zero-padded.
        short_rows, short_first, short_size = rows[~long], first[~long], size[~long]
        for k in range(_INLINE if len(raw) else 0):
            views[short_rows, 4 + k] = np.where(short_size > k, data[np.minimum(short_first + k, len(raw) - 1)], 0)
        buffers.append(pa.py_buffer(raw))
    array = pa.Array.from_buffers(pa.string_view(), n, [None, pa.py_buffer(views), *buffers])  # views: no copy
    return Spans(array, past_end, text_length)
