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
_PIECE = 1 << 22  # bytes of a text scanned for code-point starts at a time


@dataclass
class Spans:
    """The text at each row's span (empty where the row has none), and the rows whose end is past their text."""

    views: pa.Array  # string_view, one per row
    past_end: np.ndarray  # bool per row: end lies beyond the text's last code point
    text_length: np.ndarray  # per row, the number of code points of its text (0 where none)


def code_point_offsets(raw: bytes) -> np.ndarray:
    """Byte offset of each code point of a UTF-8 text, and of its end: ``offsets[i]`` starts code point i.

    32-bit offsets: the views Arrow builds on them are 32-bit too, so a text stays under 2 GiB.
    """
    data = np.frombuffer(raw, np.uint8)
    pieces = []
    for base in range(0, len(data), _PIECE):  # a piece at a time: 4-byte offsets, small temporaries
        piece = data[base : base + _PIECE]
        pieces.append((np.flatnonzero(np.bitwise_and(piece, 0xC0) != 0x80) + base).astype(np.int32))
    pieces.append(np.array([len(raw)], np.int32))
    return np.concatenate(pieces)


def span_views(texts: list[bytes], text_index: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> Spans:
    """Views of ``texts[text_index[i]]`` from code point ``starts[i]`` to ``ends[i]`` (``text_index`` -1: none)."""
    if sys.byteorder != "little":  # pragma: no cover - Arrow's view layout is written little-endian here
        raise NotImplementedError("span_views builds Arrow views for little-endian machines")
    n = len(text_index)
    lengths = np.zeros(n, np.int32)
    offsets = np.zeros(n, np.int32)
    buffer_index = np.zeros(n, np.int32)
    head = np.zeros((n, _INLINE), np.uint8)
    past_end = np.zeros(n, bool)
    text_length = np.zeros(n, np.int64)
    buffers: list[pa.Buffer] = []
    for k, raw in enumerate(texts):
        rows = np.flatnonzero(text_index == k)
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
        first, last = points[start].astype(np.int64), points[end].astype(np.int64)
        size = (last - first).astype(np.int32)
        lengths[rows], offsets[rows], buffer_index[rows] = size, first, len(buffers)
        data = np.frombuffer(raw, np.uint8)
        window = data[np.minimum(first[:, None] + np.arange(_INLINE), len(raw) - 1)] if len(raw) else head[rows]
        window[np.arange(_INLINE)[None, :] >= size[:, None]] = 0  # inline strings are zero-padded
        head[rows] = window
        buffers.append(pa.py_buffer(raw))
    views = np.zeros((n, 16), np.uint8)
    views[:, 0:4] = lengths.view(np.uint8).reshape(n, 4)
    short = lengths <= _INLINE
    views[short, 4:16] = head[short]
    long = ~short
    views[long, 4:8] = head[long, :4]
    views[long, 8:12] = buffer_index[long].view(np.uint8).reshape(-1, 4)
    views[long, 12:16] = offsets[long].view(np.uint8).reshape(-1, 4)
    array = pa.Array.from_buffers(pa.string_view(), n, [None, pa.py_buffer(views.tobytes()), *buffers])
    return Spans(array, past_end, text_length)
