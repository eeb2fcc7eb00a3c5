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
from crocus_data.site.quantities import Quantity, verdict
from crocus_data.site.span_segments import Span, segments
from crocus_data.views.contested import contested
from crocus_data.views.estimates import Assertion, estimate

from scratch import ScratchRepo, built

EVIDENCE = built() / "docs" / "evidence"


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


def sections(page: str) -> list[tuple[str, list[str]]]:
    """Each quantity's section of the contested page: its verdict, and the figures set side by side in it."""
    parts = re.split(r"^## .*\{#q-[^}]+\}$", page, flags=re.MULTILINE)[1:]
    return [
        (
            html.unescape(re.search(r'<p class="verdict"><strong>(.*?)</strong>', part).group(1)),  # type: ignore[union-attr]
            re.findall(r'data-figure="([^"]+)"', part),
        )
        for part in parts
    ]


def test_the_contested_page_has_every_disputed_figure_and_every_number_given_twice() -> None:
    page = (EVIDENCE / "contested.md").read_text(encoding="utf-8")
    on_page = {figure for _, figures in sections(page) for figure in figures}
    assert set(contested().query("kind == 'figure'")["record_id"]) <= on_page  # every disputed one
    summary = crocus_data.views.figures_summary()
    keys = ["incident_id", "measure", "unit", "actor_id"]
    counted = summary.assign(actor_id=summary["actor_id"].fillna("")).groupby(keys)["figure_id"].agg(list)
    twice = {figure for figures in counted if len(figures) > 1 for figure in figures}
    assert twice and twice <= on_page  # the killed, which the sources agree on, too
    killed = set(summary.loc[summary["measure"] == "killed", "figure_id"])
    assert killed and killed <= on_page


def test_the_contested_page_gives_its_verdicts_first() -> None:
    page = (EVIDENCE / "contested.md").read_text(encoding="utf-8")
    body = re.sub(r"<!--.*?-->", "", page, flags=re.DOTALL)
    assert "do not edit" not in body and "Contested: no" not in body
    first_card = page.index('data-figure="')
    verdicts = [v for v, _ in sections(page)]
    assert verdicts
    for sentence in verdicts:
        assert sentence in html.unescape(page[:first_card]), sentence  # in the summary, before any card


def test_each_verdict_says_in_plain_words_whether_the_numbers_conflict() -> None:
    """The flags contested / contested_if_exact are jargon: each verdict says what they mean, read from the views."""
    page = (EVIDENCE / "contested.md").read_text(encoding="utf-8")
    summary = crocus_data.views.figures_summary().set_index("figure_id")
    for sentence, figures in sections(page):
        row = summary.loc[figures[0]]
        assert ("disagree" in sentence) == bool(row["contested"] or row["contested_if_exact"]), sentence
        assert ("unclear" in sentence) == (row["best_reason"] == "unclear"), sentence


def test_every_source_and_every_record_table_has_a_page() -> None:
    for source_id in crocus_data.load("sources")["source_id"]:
        assert (EVIDENCE / f"{source_id}.md").is_file()
    for record_id in crocus_data.load("figures")["figure_id"]:
        assert f'id="{record_id}"' in (EVIDENCE / "figures.md").read_text(encoding="utf-8")


def test_the_plain_words_keep_a_source_s_own_doubt() -> None:
    """Six "shot dead", "were killed" and "unclear how many of the six" overlap, but are not thereby agreed."""
    result = estimate(
        [Assertion("bare", 6, voice="media"), Assertion("unquantified", voice="service"), Assertion("unclear", total=6)]
    )
    sentence = verdict(Quantity(("inc", "killed", "people", ""), (), (), result))
    assert "unclear" in sentence and "agree" not in sentence and "fits together" not in sentence, sentence
    assert "disagree" not in sentence, sentence


def test_no_verdict_states_a_number() -> None:
    """A verdict says how the sources relate; a number in it would be the rule's, said as if a source said it."""
    cases = [
        [Assertion("bare", 4, voice="a"), Assertion("vague", voice="b")],
        [Assertion("approximately", 550, voice="a"), Assertion("bare", 360, alternative="at_least", voice="b")],
        [Assertion("at_least", 144, voice="a"), Assertion("at_least", 144, voice="b")],
        [Assertion("bare", 0, voice="a", derived=True)],
        [Assertion("bare", 6, voice="a"), Assertion("unclear", total=6)],
        [Assertion("bare", 2, voice="a", in_custody=True)],
        [Assertion("bare", 2, voice="a"), Assertion("bare", 3, voice="b")],
    ]
    for reads in cases:
        figures = tuple(range(len(reads)))
        sentence = verdict(Quantity(("inc", "killed", "people", ""), figures, tuple(reads), estimate(reads)))  # type: ignore[arg-type]
        assert re.search(r"\d", sentence) is None, sentence


def summary_items(page: str) -> list[str]:
    listed = re.search(r'<ul class="verdicts">(.*)</ul>', page)
    assert listed is not None
    return re.findall(r'<li class="quantity">(.*?)</li>(?=<li class="quantity">|$)', listed.group(1))


def test_every_number_in_the_contested_summary_says_whose_it_is() -> None:
    """The short list names, for every quantity, each source's words and who says them, with a link to them; a
    number outside the quotes (and the documents' names) is only the derived reading, labelled as such."""
    page = (EVIDENCE / "contested.md").read_text(encoding="utf-8")
    figures = crocus_data.load("figures").set_index("figure_id")
    evidence = crocus_data.load("evidence").set_index("evidence_id")
    on_page = {figure for _, shown in sections(page) for figure in shown}
    linked = set()
    for item in summary_items(page):
        spans = re.findall(r'href="[^"]*/(src-[^/"]+)/#([^"]+)"', item)
        mine = {str(evidence.loc[span, "record_id"]) for _, span in spans if span in evidence.index}
        assert mine, item
        for figure in mine:
            quoted = [html.unescape(words) for words in re.findall(r"<q>(.*?)</q>", item)]
            assert str(figures.loc[figure, "wording"]) in quoted, item
        linked |= mine
        bare = re.sub(r"<q>.*?</q>|<cite>.*?</cite>|<strong>.*?</strong>", "", item)
        bare = re.sub(r'<span class="derived-reading">.*?</span>', "", bare)
        assert re.search(r"\d", re.sub(r"<[^>]+>", "", bare)) is None, item
        for derived in re.findall(r'<span class="derived-reading">(.*?)</span>', item):
            assert "not a source's words" in html.unescape(derived), derived
    assert linked == on_page


def test_the_contested_page_speaks_in_words_not_in_the_rules_codes() -> None:
    """'low open, best none, high open' and `out_of_figure_id` are the estimate rule's vocabulary, not a reader's."""
    page = re.sub(r"<[^>]+>", " ", (EVIDENCE / "contested.md").read_text(encoding="utf-8"))
    page = re.sub(r"<!--.*?-->", " ", page, flags=re.DOTALL)
    for code in ("best none", "high open", "low open", "out_of_figure_id", "`"):
        assert code not in page, code
