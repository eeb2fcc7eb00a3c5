"""What a reader's browser would make of Markdown a command or the build wrote: which elements and attributes.

Shared by the tests that hold the docs site and the job-summary Markdown to "no element or attribute
from the data survives": the Markdown is rendered with the site's own extensions (mkdocs.yml), parsed
with the standard library's HTML parser, and each element listed with its attributes.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import yaml

from scratch import REPO

# Elements no value from the data may ever produce, whatever the page.
ACTIVE_TAGS = frozenset(
    {"script", "iframe", "frame", "object", "embed", "img", "svg", "math", "link", "meta", "base", "form",
     "input", "button", "textarea", "select", "video", "audio", "source", "template", "noscript"}
)  # fmt: skip
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "srcset", "poster", "data"})


@dataclass
class Element:
    tag: str
    attributes: list[tuple[str, str | None]]
    text: str = ""


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, attrs))

    def handle_data(self, data: str) -> None:
        if self.elements:
            self.elements[-1].text += data


def site_markdown() -> markdown.Markdown:
    """A Markdown converter with the extensions (and their settings) the site's mkdocs.yml lists."""
    config: dict[str, Any] = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    extensions: list[str] = []
    settings: dict[str, Any] = {}
    for entry in config.get("markdown_extensions", []):
        if isinstance(entry, dict):
            (name, options), *_ = entry.items()
            extensions.append(name)
            settings[name] = options or {}
        else:
            extensions.append(entry)
    return markdown.Markdown(extensions=extensions, extension_configs=settings)


def _headings_own_link(element: Element) -> bool:
    """The permalink the site's table of contents adds to each heading (``toc: permalink``): the theme's, not data's."""
    return element.tag == "a" and ("class", "headerlink") in element.attributes


def elements(markup: str, *, is_markdown: bool = True) -> list[Element]:
    """The elements a browser would build from MARKUP (Markdown rendered as the site renders it), the
    headings' own permalinks left out."""
    html = site_markdown().convert(markup) if is_markdown else markup
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return [element for element in collector.elements if not _headings_own_link(element)]


def dangers(found: list[Element], marker: str | None = None) -> list[str]:
    """What in these elements could run or load something: an active element, an event handler, a link
    or source that is not http(s), a relative path or an anchor. With MARKER, only what carries it."""
    problems = []
    for element in found:
        carries = marker is None or marker in repr(element)
        if not carries:
            continue
        if element.tag in ACTIVE_TAGS:
            problems.append(f"<{element.tag}> element: {element}")
        for name, value in element.attributes:
            if name.startswith("on"):
                problems.append(f"event handler {name}= on <{element.tag}>")
            if name in URL_ATTRIBUTES and value is not None:
                scheme = value.strip().split(":", 1)[0].lower() if ":" in value.split("/", 1)[0] else ""
                if scheme not in ("", "http", "https", "mailto"):
                    problems.append(f"{name}={value!r} on <{element.tag}>")
    return problems


def inventory(found: list[Element]) -> set[tuple[str, str]]:
    """Every (tag, attribute name) pair, and (tag, "") for each tag: the shape of a page."""
    shape = {(element.tag, "") for element in found}
    shape |= {(element.tag, name) for element in found for name, _ in element.attributes}
    return shape


def page_files(root: Path) -> list[Path]:
    return sorted((root / "docs").rglob("*.md"))
