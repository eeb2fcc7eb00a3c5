"""The home page's headline cards and the figures' tables, as generated: made from the data, not typed by hand."""

from __future__ import annotations

import html
import re

import pandas as pd

import crocus_data
from crocus_data.site.figure_tables import when_words
from crocus_data.site.headline import HEADLINE_MEASURES
from crocus_data.site.quantities import interval_words

from pages import shown


def cards(page: str) -> list[str]:
    return re.findall(r'<article class="headline-card">(.*?)</article>', page)


def test_a_card_per_casualty_count_with_every_assertion_in_its_words_and_a_link_to_them() -> None:
    page = shown("index.md")
    figures = crocus_data.load("figures")
    evidence = crocus_data.load("evidence")
    headline = figures[figures["measure"].isin([m.value for m in HEADLINE_MEASURES])]
    quantities = headline.assign(actor_id=headline["actor_id"].fillna("")).groupby(
        ["incident_id", "measure", "unit", "actor_id"], observed=True
    )
    assert len(cards(page)) == quantities.ngroups > 0
    text = html.unescape(page)
    for figure in headline.to_dict("records"):
        assert f"“{figure['wording']}”" in text or f">{figure['wording']}</q>" in text, figure["figure_id"]
        spans = evidence[evidence["record_id"] == figure["figure_id"]]
        pairs = zip(spans["source_id"], spans["evidence_id"], strict=True)
        assert any(f'href="evidence/{source}/#{span}"' in page for source, span in pairs), figure["figure_id"]


def test_each_card_shows_the_interval_the_views_derive() -> None:
    summary = crocus_data.views.figures_summary()
    page = shown("index.md")
    numbers = [html.unescape(n) for n in re.findall(r'<span class="derived-number">(.*?)</span>', page)]
    for measure in HEADLINE_MEASURES:
        rows = summary[summary["measure"] == measure.value]
        for _, row in rows.drop_duplicates(["incident_id", "actor_id"]).iterrows():
            low = None if pd.isna(row["low"]) else int(row["low"])
            high = None if pd.isna(row["high"]) else int(row["high"])
            assert interval_words(low, high) in numbers, (measure, low, high)


def test_interval_and_date_words() -> None:
    assert [interval_words(*bounds) for bounds in [(144, None), (None, 6), (4, 4), (495, 605), (None, None)]] == [
        "at least 144",
        "at most 6",
        "4",
        "495 to 605",
        "no number",
    ]
    day, later = pd.Timestamp("2024-03-22"), pd.Timestamp("2024-04-01")
    assert when_words(day, day) == "22 March 2024"
    assert when_words(day, later) == "22 March to 1 April 2024"
    assert when_words(day, pd.NaT) == "22 March 2024 or later"
    assert when_words(pd.NaT, later) == "by 1 April 2024"
    assert when_words(pd.NaT, pd.NaT) == "not reported"


def test_a_card_leads_with_the_sources_words_and_labels_any_derived_reading() -> None:
    """What the sources say comes first; the interval the rule derives is secondary, labelled, never bare."""
    found = cards(shown("index.md"))
    assert found
    for card in found:
        assert 'class="number"' not in card, card  # the old big, unlabelled derived number
        derived = re.search(r'<p class="derived-reading">(.*?)</p>', card)
        assert derived is not None, card
        assert card.index('<q class="words">') < derived.start(), card
        label = html.unescape(re.sub(r"<[^>]+>", "", derived.group(1)))
        assert "derived" in label and "not a source's words" in label, label
        verdict = re.search(r'<p class="verdict">(.*?)</p>', card)
        assert verdict is not None and re.search(r"\d", verdict.group(1)) is None, verdict


def test_the_content_note_comes_before_the_figures() -> None:
    page = shown("index.md")
    assert page.index("**Content note.**") < page.index("<!-- generated:headline start")
