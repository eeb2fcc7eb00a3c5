"""The evidence browser's pages, as generated: spans cut right, values escaped, the same disagreements as the views.

What a browser makes of the pages is tested in test_browser.py; these run without one.
"""

from __future__ import annotations

import html
import re

from hypothesis import given
from hypothesis import strategies as st

import crocus_data
from crocus_data.build import build
from crocus_data.site.contested_page import in_plain_words
from crocus_data.site.span_segments import Span, segments
from crocus_data.views.contested import contested
from crocus_data.views.estimates import Assertion, estimate

from scratch import REPO, ScratchRepo

EVIDENCE = REPO / "docs" / "evidence"


@st.composite
def texts_with_spans(draw: st.DrawFn) -> tuple[str, list[Span]]:
    text = draw(st.text(min_size=1, max_size=40))
    bounds = st.tuples(st.integers(0, len(text) - 1), st.integers(1, len(text))).filter(lambda b: b[0] < b[1])
    spans = [Span(f"ev-{n}", start, end) for n, (start, end) in enumerate(draw(st.lists(bounds, max_size=8)))]
    return text, spans


@given(texts_with_spans())
def test_the_pieces_rebuild_the_text_and_each_span(case: tuple[str, list[Span]]) -> None:
    text, spans = case
    pieces = segments(len(text), spans)
    assert "".join(text[p.start : p.end] for p in pieces) == text
    for span in spans:
        mine = [p for p in pieces if span in p.spans]
        # The pieces a span covers are consecutive and spell exactly its words: nested, overlapping or equal spans.
        assert [pieces.index(p) for p in mine] == list(range(pieces.index(mine[0]), pieces.index(mine[0]) + len(mine)))
        assert "".join(text[p.start : p.end] for p in mine) == text[span.start : span.end]
    for piece in pieces:
        lengths = [s.end - s.start for s in piece.spans]
        assert lengths == sorted(lengths)  # the innermost span leads


def test_values_from_the_data_are_escaped(scratch: ScratchRepo) -> None:
    hostile = 'A note with <script>alert("x")</script> & an <img src=x onerror=alert(1)>'
    scratch.set_cell("figures", "fig-crocus-injured-000", "note", hostile)
    assert not build(scratch.root).problems
    for page in ["figures.md", "contested.md"]:
        html = (scratch.root / "docs" / "evidence" / page).read_text(encoding="utf-8")
        assert "<script>" not in html and "<img" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; an &lt;img src=x onerror=alert(1)&gt;" in html


def test_the_contested_page_sets_side_by_side_the_figures_the_views_find_contested() -> None:
    page = (EVIDENCE / "contested.md").read_text(encoding="utf-8")
    figures = contested().query("kind == 'figure'")
    assert set(re.findall(r'data-figure="([^"]+)"', page)) == set(figures["record_id"])
    assert len(re.findall(r"^## ", page, flags=re.MULTILINE)) == figures["topic"].nunique()


def test_every_source_and_every_record_table_has_a_page() -> None:
    for source_id in crocus_data.load("sources")["source_id"]:
        assert (EVIDENCE / f"{source_id}.md").is_file()
    for record_id in crocus_data.load("figures")["figure_id"]:
        assert f'id="{record_id}"' in (EVIDENCE / "figures.md").read_text(encoding="utf-8")


def test_each_contested_figure_says_in_plain_words_whether_the_numbers_conflict() -> None:
    """The flags contested / contested_if_exact are jargon: each derived box opens with a sentence that matches them."""
    page = html.unescape((EVIDENCE / "contested.md").read_text(encoding="utf-8"))
    boxes = re.findall(
        r'<p class="plain"><strong>(.*?)</strong>.*?best_reason <code>(\w+)</code>.*?'
        r"Contested: (\w+); contested if read exactly: (\w+)",
        page,
    )
    assert boxes
    for sentence, reason, flag, if_exact in boxes:
        assert ("cannot all be right" in sentence) == (flag == "yes"), sentence
        assert ("read exactly, they conflict" in sentence) == (flag == "no" and if_exact == "yes"), sentence
        assert ("unclear" in sentence) == (reason == "unclear"), sentence


def test_the_plain_words_keep_a_source_s_own_doubt() -> None:
    """Six "shot dead", "were killed" and "unclear how many of the six" overlap, but are not thereby agreed."""
    result = estimate(
        [Assertion("bare", 6, voice="media"), Assertion("unquantified", voice="service"), Assertion("unclear", total=6)]
    )
    sentence = in_plain_words(result)
    assert "unclear" in sentence and "compatible" not in sentence, sentence
    assert "cannot all be right" not in sentence and "read exactly, they conflict" not in sentence, sentence
