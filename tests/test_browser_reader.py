"""A reader's site in Chromium, at a laptop's and a phone's width: what comes first, and what is legible.

The fixtures (the built site served on localhost, Chromium) are test_browser.py's; without Chromium or
Playwright these tests are skipped, with the reason.
"""

from __future__ import annotations

from typing import Any

import pytest
from test_browser import DESKTOP, PHONE, Visit, base_url, browser

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
