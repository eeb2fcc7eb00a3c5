"""The docs site in a real browser: headless Chromium (Debian's package) driven by Playwright.

The site is built into a temporary directory, served on localhost, and every evidence-browser page
is opened: each highlighted span must read, in the DOM, exactly as its evidence quote in the data;
every same-site link and #anchor must exist; nothing may log an error, fail to load or reach off the
machine; no page may scroll sideways at phone width; Tab must reach the span links, with a visible
focus. Every page passes axe-core's accessibility audit with no serious or critical violation; the nav
is at most two rows on a desktop; the figures' text is measured at phone width; a tap (or Enter) opens a
figure's details; reader pages show no maintainer notes. Screenshots of the main pages at desktop and
phone widths are saved for a reviewer to look at.

A slow tier (``browser``): ``pytest --all-tiers`` and .ci/run run it, and .ci/run installs Chromium
first. Without Chromium, or with one that does not start, these tests fail: they never skip.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
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
DESKTOP = {"width": 1280, "height": 900}
DOCS = built() / "docs"  # the docs as the site build leaves them: hand-written and generated
EVIDENCE_DOCS = DOCS / "evidence"
# Where the accessibility audit's counts go, page by page, for a reviewer (beside the screenshots).
AXE_REPORT = SCREENSHOTS.parent / "crocus-data-axe.json"


def site_path(page: Path) -> str:
    """The address under the site's root that MkDocs serves a docs page at (directory URLs)."""
    stem = page.relative_to(DOCS).with_suffix("").as_posix()
    if stem == "index":
        return ""
    return stem.removesuffix("index") if stem.endswith("/index") else f"{stem}/"


def all_pages() -> list[str]:
    """Every page of the site, home first, from the docs' Markdown files."""
    return sorted(site_path(page) for page in DOCS.rglob("*.md"))


# The pages of the *For contributors* section: maintainers' notes may show there, and nowhere else.
CONTRIBUTOR_PAGES = {"contributing/", "cli/", "validation/", "testing/", "coverage/", "annotations/", "architecture/"}


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


# The pages a reviewer looks at, by the name of their screenshot.
SCREENSHOT_PAGES = {
    "home": "",
    "contested": "evidence/contested/",
    "source": f"evidence/{source_ids()[0]}/",
    "treatment": "evidence/treatment_reports/",
    "analysis": "analysis/",
    "dictionary": "data-dictionary/",
    "dictionary-table": "data-dictionary/figures/",
    "quickstart": "quickstart/",
}


def test_screenshots_of_the_main_pages_at_desktop_and_phone_widths(browser: Any, base_url: str) -> None:
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    saved = []
    for width, viewport in [("desktop", DESKTOP), ("phone", PHONE)]:
        shot = Visit(browser, base_url, viewport=viewport)
        try:
            for name, path in SCREENSHOT_PAGES.items():
                page = shot.open(base_url + path)
                page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)
                page.screenshot(path=SCREENSHOTS / f"{name}-{width}-first-screen.png")
                saved += [f"{name}-{width}.png", f"{name}-{width}-first-screen.png"]
            page = shot.open(f"{base_url}analysis/")
            page.evaluate("() => document.querySelector('.md-header').style.visibility = 'hidden'")  # it is sticky
            figure = page.locator(".figure-scroll").first
            figure.scroll_into_view_if_needed()
            figure.screenshot(path=SCREENSHOTS / f"figure-{width}.png")
            saved.append(f"figure-{width}.png")
        finally:
            shot.close()
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


# --- a reader's site: audited, legible on a phone, readable names ------------------------------------

IMPACTS = ("minor", "moderate", "serious", "critical")


@pytest.fixture(scope="module")
def axe_report() -> Iterator[dict[str, dict[str, int]]]:
    """Counts of axe's violations by impact, page by page, written for a reviewer when the module ends."""
    counts: dict[str, dict[str, int]] = {}
    yield counts
    if counts:
        AXE_REPORT.parent.mkdir(parents=True, exist_ok=True)
        AXE_REPORT.write_text(json.dumps(counts, indent=1, sort_keys=True) + "\n", encoding="utf-8")


@pytest.mark.parametrize("path", all_pages())
def test_every_page_passes_the_accessibility_audit(
    visit: Visit, base_url: str, path: str, axe_report: dict[str, dict[str, int]]
) -> None:
    """axe-core (bundled by axe-playwright-python), WCAG 2 A and AA rules and best practices: nothing serious."""
    import axe_playwright_python.sync_playwright as axe_module

    page = visit.open(base_url + path)
    results = axe_module.Axe().run(page).response
    violations = results["violations"]
    axe_report[path or "home"] = {
        impact: sum(len(v["nodes"]) for v in violations if v["impact"] == impact) for impact in IMPACTS
    }
    grave = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert grave == []
    assert not visit.problems


@pytest.mark.parametrize("path", sorted(set(all_pages()) - CONTRIBUTOR_PAGES))
def test_reader_pages_show_no_maintainer_notes(visit: Visit, base_url: str, path: str) -> None:
    """ "Do not edit by hand" is for maintainers: on a reader's page it is an HTML comment, never text."""
    shown = visit.open(base_url + path).inner_text("article")
    assert re.search(r"do not edit|generated by `?crocus-data build", shown, flags=re.IGNORECASE) is None


def test_the_home_page_and_the_contested_page_name_no_record_by_its_id(visit: Visit, base_url: str) -> None:
    """A reader sees names and words, never an id or a slug (the ids are in the links, for those who need them)."""
    ids: set[str] = set()
    for table in crocus_data.tables():
        frame = crocus_data.load(table)
        ids |= set(frame.iloc[:, 0].astype(str))
    for path in ["", "evidence/contested/"]:
        page = visit.open(base_url + path)
        # The encoders' notes are their own words, which may name a document by its id ("src-000's ...").
        page.evaluate("() => document.querySelectorAll('article .note').forEach(n => n.remove())")
        shown = page.inner_text("article")
        assert sorted(record_id for record_id in ids if record_id in shown) == [], path or "home"


def test_the_nav_is_at_most_two_rows_on_a_desktop(visit: Visit, base_url: str) -> None:
    """The header (title, search) and one row of section tabs: nothing wraps, and the bars stay short."""
    for path in ["", "evidence/contested/", "data-dictionary/"]:
        page = visit.open(base_url + path)
        bars = page.evaluate(
            """() => {
              const header = document.querySelector('.md-header').getBoundingClientRect();
              const tabs = [...document.querySelectorAll('.md-tabs__item')].map(t => t.getBoundingClientRect());
              return {header: header.height, tabs: tabs.length, rows: new Set(tabs.map(t => Math.round(t.top))).size,
                      bottom: Math.max(header.bottom, ...tabs.map(t => t.bottom))};
            }"""
        )
        assert bars["tabs"] >= 4 and bars["rows"] == 1, bars
        assert bars["bottom"] <= 2 * bars["header"] + 4, bars  # two rows of the header's height, no more


SVG_FONT = re.compile(r"font(?:-size)?:\s*(?:[a-z]+\s+)*([0-9.]+)(pt|px)")


def smallest_svg_font_px(svg: str) -> float:
    """The smallest text of an SVG, in its own CSS pixels at its natural size (matplotlib writes points)."""
    width = re.search(r'<svg[^>]*\bwidth="([0-9.]+)(pt|px)"', svg)
    view = re.search(r'<svg[^>]*\bviewBox="[0-9.-]+ [0-9.-]+ ([0-9.]+)', svg)
    assert width and view
    natural_px = float(width.group(1)) * (96 / 72 if width.group(2) == "pt" else 1)
    px_per_unit = natural_px / float(view.group(1))
    sizes = [float(size) * (96 / 72 if unit == "pt" else 1) for size, unit in SVG_FONT.findall(svg)]  # user units
    assert sizes, "no text in the SVG"
    return min(sizes) * px_per_unit


def test_figure_text_is_at_least_12_css_px_on_a_phone(browser: Any, base_url: str, site: Path) -> None:
    phone = Visit(browser, base_url, viewport=PHONE)
    try:
        page = phone.open(f"{base_url}analysis/")
        shown = page.evaluate(
            """() => [...document.querySelectorAll('.figure-scroll img')].map(i =>
                 [new URL(i.src).pathname, i.getBoundingClientRect().width, i.naturalWidth])"""
        )
        assert len(shown) == 2
        for path, width, natural in shown:
            svg = (site / path.lstrip("/")).read_text(encoding="utf-8")
            smallest = smallest_svg_font_px(svg) * width / natural
            assert smallest >= 12, f"{path}: {smallest:.1f} px"
        tables = page.evaluate(
            """() => [...document.querySelectorAll('.figure-table td, .figure-table summary, .figure-table caption')]
                 .map(e => parseFloat(getComputedStyle(e).fontSize))"""
        )
        assert tables and min(tables) >= 12, min(tables)
        assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
    finally:
        phone.close()


def test_a_tap_opens_a_figures_details_and_so_does_the_keyboard(browser: Any, base_url: str) -> None:
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(f"{base_url}analysis/", wait_until="load")
        for table in page.locator(".figure-table").all():
            summary = table.locator("summary").first
            words = table.locator("details .words").first
            assert not words.is_visible()
            summary.tap()
            assert words.is_visible()
            link = words.locator("a").first
            assert re.search(r"evidence/[^/]+/#", link.get_attribute("href") or "")
        second = page.locator(".figure-table summary").nth(1)
        second.focus()
        page.keyboard.press("Enter")
        assert page.locator(".figure-table details").nth(1).get_attribute("open") is not None
    finally:
        context.close()


def test_no_inline_script_runs(visit: Visit, base_url: str, site: Path) -> None:
    """The theme's scripts are files: a policy forbidding inline script leaves the site working (search too)."""
    for html in site.rglob("*.html"):
        scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html.read_text(encoding="utf-8"))
        assert all("application/" in attributes for attributes in scripts), html  # JSON data only, never code
    page = visit.open(base_url)
    assert page.evaluate("() => typeof window.__md_get === 'function'")
    injected = page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.injected = 1';"
        " document.body.appendChild(s); return window.injected === 1; }"
    )
    assert injected is False
    visit.problems = [p for p in visit.problems if "Content Security Policy" not in p]
    page.locator(".md-search__input").first.click()
    page.keyboard.type("Bortnikov")
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    assert visit.problems == []
