"""A reader's site in Chromium, at a laptop's and a phone's width: what comes first, and what is legible.

The fixtures (the built site served on localhost, Chromium) are test_browser.py's; without Chromium or
Playwright these tests are skipped, with the reason.
"""

from __future__ import annotations

from typing import Any

import pytest
from test_browser import DESKTOP, PHONE, Visit, base_url, browser

import crocus_data

pytestmark = pytest.mark.browser

__all__ = ["base_url", "browser"]  # fixtures, used by name

WIDTHS = {"desktop": DESKTOP, "phone": PHONE}


@pytest.fixture(params=sorted(WIDTHS))
def reader(request: pytest.FixtureRequest, browser: Any, base_url: str) -> Any:
    opened = Visit(browser, base_url, viewport=WIDTHS[request.param])
    yield opened
    opened.close()


# For the home page: where the content note and the cards are, and in each card how large each piece is.
HOME_LAYOUT = """() => {
  const top = e => e.getBoundingClientRect().top + scrollY;
  const note = [...document.querySelectorAll('article blockquote')].find(b => b.textContent.includes('Content note'));
  const cards = [...document.querySelectorAll('.headline-card')].map(card => {
    const size = sel => [...card.querySelectorAll(sel)].map(e => parseFloat(getComputedStyle(e).fontSize));
    const derived = card.querySelector('.derived-reading');
    return {quotes: size('q.words'), derived: size('.derived-reading, .derived-reading *'),
            quoteTop: top(card.querySelector('q.words')), derivedTop: derived ? top(derived) : null};
  });
  return {note: note ? top(note) : null, firstCard: cards.length ? top(document.querySelector('.headline-card')) : null,
          cards};
}"""


def test_the_home_page_shows_the_content_note_then_the_sources_words_larger_than_any_derived_reading(
    reader: Visit, base_url: str
) -> None:
    layout = reader.open(base_url).evaluate(HOME_LAYOUT)
    assert layout["cards"], "no headline card"
    assert layout["note"] is not None and layout["note"] < layout["firstCard"], layout
    for card in layout["cards"]:
        assert card["derivedTop"] is not None and card["quoteTop"] < card["derivedTop"], card
        assert min(card["quotes"]) > max(card["derived"]), card
    assert not reader.problems


def phone_pages() -> list[str]:
    """The home page, every source page and every data-dictionary page: where a phone reader met small code,
    squeezed field tables and small links."""
    from crocus_data.models import MODELS

    sources = sorted(crocus_data.load("sources")["source_id"].astype(str))
    return ["", *(f"evidence/{s}/" for s in sources), *(f"data-dictionary/{m.table}/" for m in MODELS)]


# At phone width: code text smaller than 12 px, link boxes lower than 24 px, and table cells reaching past the
# column (or a table scrolling sideways inside its box) in the content.
PHONE_LEGIBILITY = """() => {
  const shown = e => e.offsetParent !== null && getComputedStyle(e).visibility !== 'hidden';
  const code = [...document.querySelectorAll('article code')].filter(shown)
    .filter(c => parseFloat(getComputedStyle(c).fontSize) < 12).map(c => c.textContent.slice(0, 30));
  const links = [...document.querySelectorAll('article a[href]:not(.headerlink)')].filter(shown)
    .filter(a => [...a.getClientRects()].some(r => r.width > 0 && r.height < 24))
    .map(a => a.textContent.trim().slice(0, 30));
  const right = document.querySelector('article').getBoundingClientRect().right;
  const cells = [...document.querySelectorAll('article .columns-table td')].filter(shown)
    .filter(td => td.getBoundingClientRect().right > right + 1).map(td => td.textContent.slice(0, 30));
  const boxes = 'article .columns-table .md-typeset__table, article .columns-table table';
  const scrolling = [...document.querySelectorAll(boxes)]
    .filter(t => t.scrollWidth > t.clientWidth + 1).length;
  return {code, links, cells, scrolling};
}"""


def test_a_phone_shows_code_at_12_px_links_24_px_tall_and_field_tables_within_the_column(
    browser: Any, base_url: str
) -> None:
    phone = Visit(browser, base_url, viewport=PHONE)
    found = {}
    try:
        for path in phone_pages():
            result = phone.open(base_url + path).evaluate(PHONE_LEGIBILITY)
            if any(result.values()):
                found[path or "home"] = {k: v[:5] if isinstance(v, list) else v for k, v in result.items() if v}
    finally:
        phone.close()
    assert found == {}
