"""Spans as Arrow string views: the text at any code-point span, whatever the characters' byte widths."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from crocus_data.checks.spans import code_point_offsets, span_views

TEXTS = st.lists(st.text(st.characters(codec="utf-8"), min_size=1, max_size=200), min_size=1, max_size=3)


@given(texts=TEXTS, data=st.data())
def test_each_view_is_the_text_at_its_span(texts: list[str], data: st.DataObject) -> None:
    rows = data.draw(
        st.lists(
            st.integers(-1, len(texts) - 1).flatmap(
                lambda k: st.tuples(
                    st.just(k),
                    st.integers(0, len(texts[k]) + 2 if k >= 0 else 3),
                    st.integers(0, len(texts[k]) + 2 if k >= 0 else 3),
                )
            ),
            max_size=30,
        )
    )
    index = np.array([k for k, _, _ in rows], np.int64)
    starts = np.array([min(a, b) for _, a, b in rows], np.int64)
    ends = np.array([max(a, b) for _, a, b in rows], np.int64)
    spans = span_views([text.encode("utf-8") for text in texts], index, starts, ends)
    got = spans.views.to_pylist()
    for row, (k, start, end) in enumerate(zip(index, starts, ends, strict=True)):
        if k < 0:
            assert got[row] == "" and not spans.past_end[row]
        elif end > len(texts[k]):
            assert spans.past_end[row]
        else:
            assert got[row] == texts[k][start:end] and not spans.past_end[row]


@given(st.text(st.characters(codec="utf-8")))
def test_code_point_offsets_index_the_utf8_bytes(text: str) -> None:
    raw = text.encode("utf-8")
    offsets = code_point_offsets(raw)
    assert len(offsets) == len(text) + 1
    assert all(raw[offsets[i] : offsets[i + 1]].decode("utf-8") == text[i] for i in range(len(text)))


def test_code_point_offsets_across_the_pieces_a_long_text_is_scanned_in() -> None:
    text = "".join(chr(0x41 + i % 26) + "ж" * (i % 3) + "語" * (i % 2) + "😀" * (i % 5 == 0) for i in range(400_000))
    raw = text.encode("utf-8")
    assert len(raw) > 2 * (1 << 20)  # several pieces
    offsets = code_point_offsets(raw)
    expected = np.cumsum([0] + [len(ch.encode("utf-8")) for ch in text])
    assert np.array_equal(offsets, expected)
