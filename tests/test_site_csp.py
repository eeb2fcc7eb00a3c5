"""The published site forbids inline script (a Content-Security-Policy in every page), and still works.

If a value from the data ever got onto a page as a script, the browser would refuse to run it: the
policy allows scripts from the site itself only. The theme's own inline scripts are files instead
(docs/js/, through overrides/), so the site keeps working under the policy: every page opens with no
error (tests/test_browser.py) and the theme's settings functions are there.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import test_browser
from test_browser import Visit, browser_pages

# The browser fixtures of tests/test_browser.py: a served copy of the site and a Chromium page.
base_url, browser, visit = test_browser.base_url, test_browser.browser, test_browser.visit

INJECT = """() => {
  const script = document.createElement('script');
  script.textContent = 'window.injected = true';
  document.body.appendChild(script);
  return window.injected === true;
}"""


def test_every_page_declares_the_policy(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        head = page.read_text(encoding="utf-8").split("</head>", 1)[0]
        assert "Content-Security-Policy" in head and "script-src 'self'" in head, page
        assert "<script>" not in page.read_text(encoding="utf-8"), f"an inline script in {page}"


@pytest.mark.parametrize("path", ["", "evidence/", browser_pages()[-1]])
def test_an_inline_script_does_not_run_and_the_theme_still_has_its_settings(
    visit: Visit,
    base_url: str,
    path: str,
) -> None:
    page = visit.open(base_url + path)
    assert page.evaluate("() => typeof window.__md_get === 'function'")
    assert not visit.problems, visit.problems
    assert page.evaluate(INJECT) is False
    assert any("Content Security Policy" in problem for problem in visit.problems), visit.problems
