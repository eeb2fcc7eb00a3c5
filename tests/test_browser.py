"""The docs site in a real browser: headless Chromium (Debian's package) driven by Playwright.

The site is built into a temporary directory, served on localhost, and every evidence-browser page
is opened: each highlighted span must read, in the DOM, exactly as its evidence quote in the data;
every same-site link and #anchor must exist; nothing may log an error, fail to load or reach off the
machine; no page may scroll sideways at phone width; Tab must reach the span links, with a visible
focus. Screenshots of the home page, a source page and a figure are saved for a reviewer to look at.

A slow tier (``browser``): ``pytest --all-tiers`` and .ci/run run it, and .ci/run installs Chromium
first. Without Chromium, or with one that does not start, these tests fail: they never skip.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlparse

import pytest
from playwright.sync_api import Error, sync_playwright

import crocus_data

from scratch import built

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("CROCUS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Where the screenshots go: a temporary directory (printed) unless the environment names another.
SCREENSHOTS = Path(os.environ.get("CROCUS_SCREENSHOTS", Path(tempfile.gettempdir()) / "crocus-data-screenshots"))
PHONE = {"width": 375, "height": 812}
EVIDENCE_DOCS = built() / "docs" / "evidence"


def browser_pages() -> list[str]:
    """The site paths of the evidence browser's pages, from the generated Markdown files."""
    return [
        "evidence/" if page.stem == "index" else f"evidence/{page.stem}/" for page in sorted(EVIDENCE_DOCS.glob("*.md"))
    ]


def source_ids() -> list[str]:
    return sorted(crocus_data.load("sources")["source_id"].astype(str))


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    """The browser drops connections it no longer needs when it moves on: not an error worth printing."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(site))
    server = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    assert CHROMIUM.is_file(), (
        f"no Chromium at {CHROMIUM}: install Debian's package (apt-get install chromium; .ci/run does) "
        "or set CROCUS_CHROMIUM"
    )
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        except Error as error:
            pytest.fail(f"Chromium at {CHROMIUM} does not start under Playwright: {error}")
        yield chromium
        chromium.close()


class Visit:
    """A page opened in a fresh context, with every error, failed request and off-site request recorded."""

    def __init__(self, browser: Any, base_url: str, *, viewport: dict[str, int] | None = None) -> None:
        self.problems: list[str] = []
        self.context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
        host = urlparse(base_url).netloc

        def route(route: Any) -> None:
            if urlparse(route.request.url).netloc == host:
                route.continue_()
            else:
                self.problems.append(f"off-site request: {route.request.url}")
                route.abort()

        self.context.route("**/*", route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.problems.append(f"console error: {m.text}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url} {r.failure}"))
        self.page.on("response", lambda r: r.status >= 400 and self.problems.append(f"HTTP {r.status}: {r.url}"))

    def open(self, url: str) -> Any:
        self.page.goto(url, wait_until="load")
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: Any, base_url: str) -> Iterator[Visit]:
    opened = Visit(browser, base_url)
    yield opened
    opened.close()


# The text of each span as the reader sees it: from the first highlighted piece that carries its id to the
# last, everything in between (so no unmarked text can hide inside), and the span ids the page carries.
SPANS_IN_DOM = """() => {
  const pieces = {};
  for (const mark of document.querySelectorAll('.source-text mark[data-ev]')) {
    for (const id of mark.dataset.ev.split(' ')) (pieces[id] = pieces[id] || []).push(mark);
  }
  const text = {};
  for (const [id, marks] of Object.entries(pieces)) {
    const range = document.createRange();
    range.setStartBefore(marks[0]);
    range.setEndAfter(marks[marks.length - 1]);
    text[id] = range.toString();
  }
  const anchors = [...document.querySelectorAll('.source-text .anchor[id]')].map(a => a.id);
  return {text, anchors};
}"""


@pytest.mark.parametrize("source_id", source_ids())
def test_every_highlighted_span_reads_as_its_quote(visit: Visit, base_url: str, source_id: str) -> None:
    evidence = crocus_data.load("evidence")
    spans = evidence[evidence["source_id"] == source_id]
    expected = dict(zip(spans["evidence_id"].astype(str), spans["quote"].astype(str), strict=True))
    page = visit.open(f"{base_url}evidence/{source_id}/")
    found = page.evaluate(SPANS_IN_DOM)
    assert found["text"] == expected
    assert sorted(found["anchors"]) == sorted(expected)
    assert not visit.problems


# Every link's resolved address, and every id, of the page open.
LINKS_AND_IDS = """() => [[...document.querySelectorAll('a[href]')].map(a => a.href),
                        [...document.querySelectorAll('[id]')].map(e => e.id)]"""


def test_every_link_on_the_browser_pages_resolves(visit: Visit, base_url: str) -> None:
    links: dict[str, set[str]] = {}
    ids_on: dict[str, set[str] | None] = {}  # page -> its ids; None when it does not load
    for path in ["", *browser_pages()]:
        visit.open(base_url + path)
        hrefs, ids = visit.page.evaluate(LINKS_AND_IDS)
        ids_on[base_url + path] = set(ids)
        for href in hrefs:
            if href.startswith(base_url):
                links.setdefault(href, set()).add(path or "home")
    broken = []
    for href, pages in sorted(links.items()):
        target, anchor = urldefrag(href)
        if target not in ids_on:
            response = visit.page.goto(target, wait_until="domcontentloaded")
            ok = response is not None and response.ok
            ids_on[target] = set(visit.page.evaluate(LINKS_AND_IDS)[1]) if ok else None
        found = ids_on[target]
        if found is None:
            broken.append(f"{href} (linked from {sorted(pages)}): not found")
        elif anchor and anchor not in found:
            broken.append(f"{href} (linked from {sorted(pages)}): no element with id {anchor!r}")
    assert len(links) > len(browser_pages())
    assert broken == []


@pytest.mark.parametrize("path", ["", *browser_pages()])
def test_no_console_errors_failed_or_off_site_requests(visit: Visit, base_url: str, path: str) -> None:
    visit.open(base_url + path)
    assert visit.problems == []


def site_pages(site: Path) -> list[str]:
    """The path of every page of the built site (its index.html files), home first."""
    return sorted(
        ("" if page.parent == site else page.parent.relative_to(site).as_posix() + "/")
        for page in site.rglob("index.html")
    )


def test_no_page_scrolls_sideways_at_phone_width(browser: Any, base_url: str, site: Path) -> None:
    phone = Visit(browser, base_url, viewport=PHONE)
    wide = []
    try:
        for path in site_pages(site):
            page = phone.open(base_url + path)
            width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
            if width[0] > width[1]:
                wide.append(f"{path or 'home'}: {width[0]} px wide in a {width[1]} px window")
    finally:
        phone.close()
    assert wide == []


def test_tab_reaches_the_span_links_with_a_visible_focus(visit: Visit, base_url: str) -> None:
    page = visit.open(f"{base_url}evidence/{source_ids()[0]}/")
    links_before = page.evaluate(
        """() => { const first = document.querySelector('.source-text a.ev');
        return [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
          .filter(e => e.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING).length; }"""
    )
    focused = None
    for _ in range(links_before + 5):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => { const e = document.activeElement;
            return {span: e.matches('.source-text a.ev'), outline: getComputedStyle(e).outlineStyle,
                    href: e.getAttribute('href')}; }"""
        )
        if focused["span"]:
            break
    assert focused is not None and focused["span"], f"Tab never reached a span link: {focused}"
    assert focused["outline"] != "none"
    assert focused["href"] and "#" in focused["href"]


def test_screenshots_of_the_home_page_a_source_and_a_figure(browser: Any, base_url: str, site: Path) -> None:
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    saved = []
    for name, viewport in [("desktop", {"width": 1280, "height": 900}), ("phone", PHONE)]:
        shot = Visit(browser, base_url, viewport=viewport)
        try:
            shot.open(base_url).screenshot(path=SCREENSHOTS / f"home-{name}.png", full_page=True)
            shot.open(f"{base_url}evidence/{source_ids()[0]}/").screenshot(
                path=SCREENSHOTS / f"source-{name}.png", full_page=True
            )
            shot.open(f"{base_url}evidence/contested/").screenshot(
                path=SCREENSHOTS / f"contested-{name}.png", full_page=True
            )
            figure = shot.open(f"{base_url}analysis/").locator("img[src$='.svg']").first
            figure.scroll_into_view_if_needed()
            figure.screenshot(path=SCREENSHOTS / f"figure-{name}.png")
        finally:
            shot.close()
        saved += [f"{kind}-{name}.png" for kind in ("home", "source", "contested", "figure")]
    for name in saved:
        assert (SCREENSHOTS / name).stat().st_size > 1000, name
    print(f"\nscreenshots saved in {SCREENSHOTS}: {', '.join(saved)}")


# Every span of the page open: land on its anchor, and list the pieces of it that are not outlined.
UNOUTLINED_ON_LANDING = """() => {
  const missed = {};
  for (const anchor of document.querySelectorAll('.source-text .anchor[id]')) {
    location.hash = anchor.id;
    const pieces = [...document.querySelectorAll('.source-text mark')]
      .filter(m => m.dataset.ev.split(' ').includes(anchor.id));
    const bare = pieces.filter(m => getComputedStyle(m).outlineStyle === 'none').map(m => m.textContent);
    if (pieces.length === 0 || bare.length) missed[anchor.id] = bare;
  }
  return missed;
}"""


@pytest.mark.parametrize("source_id", source_ids())
def test_landing_on_a_span_outlines_every_piece_of_it(visit: Visit, base_url: str, source_id: str) -> None:
    """A link to a span (from a record or a contested figure) must show all its words, not only its first piece."""
    page = visit.open(f"{base_url}evidence/{source_id}/")
    assert page.evaluate(UNOUTLINED_ON_LANDING) == {}


# The contrast of each visible link with the page's background (WCAG 2 relative luminance).
LINK_CONTRASTS = """() => {
  const lum = c => { const [r, g, b] = c.match(/[0-9.]+/g).slice(0, 3).map(v => v / 255)
    .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const background = e => { for (; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor;
    if (!c.startsWith('rgba') || !c.endsWith(', 0)')) return c; } return 'rgb(255, 255, 255)'; };
  return [...document.querySelectorAll('a[href]')].filter(a => a.offsetParent !== null && a.textContent.trim())
    .map(a => { const [x, y] = [lum(getComputedStyle(a).color), lum(background(a))];
      return [a.textContent.trim().slice(0, 40), (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05)]; });
}"""


@pytest.mark.parametrize("path", ["", "quickstart/", "evidence/contested/", f"evidence/{source_ids()[0]}/"])
def test_links_meet_wcag_aa_contrast(visit: Visit, base_url: str, path: str) -> None:
    contrasts = visit.open(base_url + path).evaluate(LINK_CONTRASTS)
    assert contrasts
    assert [(label, round(ratio, 2)) for label, ratio in contrasts if ratio < 4.5] == []
