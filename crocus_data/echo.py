"""Escaping a value from the data for the place it lands: one module, one function per place.

Every command and every generated page puts values from the data (a cell, an id, a file name, a
document's text, a version, a changelog heading) somewhere a reader sees them. Each place has its
own way to be attacked, and its own function here:

- a terminal or a CI log: :func:`escape` (no cursor moves, no bell, no ``::`` workflow command);
- a GitHub workflow command: :func:`github_escape`;
- Markdown text (a job summary, a pull-request comment, a docs page): :func:`markdown_text`;
- code in Markdown, in a table cell or in raw HTML: :func:`markdown_code`;
- HTML text and attribute values: :func:`html_text`, :func:`html_attribute`;
- a link target: :func:`link_target` (``http`` and ``https`` only; ``mailto`` when asked);
- JSON inside a ``<script>`` element: :func:`json_in_script`.

**Unicode bidi controls** (U+202A to U+202E, U+2066 to U+2069, and the marks U+200E, U+200F,
U+061C) are invisible and reorder what a reader sees: ``ab\\u202edc`` shows as ``abcd``, so a reviewer
can read one id and approve another (the "Trojan Source" class, CVE-2021-42574). No text in this
dataset needs them, so wherever a value lands they are shown as their escape (``\\u202e``), like
control characters: the reader sees that they are there and the order is the one stored.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote, urlsplit

# Invisible characters that change the display order of the text around them.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u2028\u2029\ud800-\udfff" + BIDI_CONTROLS + "]")
# In HTML, line breaks and tabs are the text's own (a page shows a source's paragraphs); the rest as above.
_HTML_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f\u2028\u2029\ud800-\udfff" + BIDI_CONTROLS + "]")
# Markdown (Python-Markdown, as the site renders it, and GitHub's) reads these as markup anywhere in a
# line; as character references they are only text, in Markdown and in HTML alike.
_MARKDOWN_INLINE = {
    "\\": "&#92;", "`": "&#96;", "*": "&#42;", "_": "&#95;", "[": "&#91;", "]": "&#93;", "{": "&#123;",
    "}": "&#125;", "|": "&#124;", "~": "&#126;", "@": "&#64;", "<": "&lt;", ">": "&gt;", "&": "&amp;",
}  # fmt: skip
_MARKDOWN_TABLE = str.maketrans(_MARKDOWN_INLINE)
# In Markdown text (not raw HTML), the backslash escapes both Python-Markdown and GitHub read are easier to read.
_BACKSLASHED = "\\`*_[]{}"
_MARKDOWN_TEXT = str.maketrans({**_MARKDOWN_INLINE, **{character: "\\" + character for character in _BACKSLASHED}})
# What a line may start with to become a heading, a list, a quote, a rule or a code block.
_LINE_START = re.compile(r"^(\s+|[#=+\-:]|\d+(?=[.)]))")
LINK_SCHEMES = ("http", "https")


def escape(text: str) -> str:
    """Text safe to print: control characters and bidi controls shown as escapes, so no value can drive
    a terminal or a CI log, or reorder what a reader sees.

    ``\\x1b`` (ANSI), ``\\r``, ``\\n``, ``\\u2028``, ``\\u202e`` and the like appear as their escapes;
    a line can then never start with ``::`` (a GitHub workflow command) except the annotations a
    command writes itself. Escaping twice gives the same text as escaping once.
    """
    return _visible(_CONTROL, text.replace("\n", "\\n").replace("\t", "\\t"))


def _visible(pattern: re.Pattern[str], text: str) -> str:
    return pattern.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


def github_escape(text: str, *, property_value: bool = False) -> str:
    """Text for a GitHub workflow command (``::error file=…::message``): escaped as above, then as the
    runner requires, so a value can end neither the command nor its properties."""
    text = escape(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def markdown_text(text: str) -> str:
    """A value as Markdown text, anywhere in a line: escaped as by :func:`escape` (so one line), every
    character Markdown or HTML reads as markup written as a character reference, and a start that
    would begin a heading, a list, a quote or a code block neutralised. No element, attribute, link,
    image or mention can come out of it, in the site's Markdown or GitHub's."""
    shown = escape(text).translate(_MARKDOWN_TEXT)
    return _LINE_START.sub(lambda match: "".join(f"&#{ord(c)};" for c in match.group()), shown)


def markdown_code(text: str, limit: int | None = None) -> str:
    """A value as code in Markdown, also in a table cell or inside raw HTML (``<details>``): escaped as
    by :func:`escape`, cut to ``limit`` characters, in a ``<code>`` element whose text is written as
    :func:`html_text` writes it. A backtick span would be literal in one renderer and raw HTML in another
    (GitHub reads Markdown inside ``<details>``, Python-Markdown does not); this reads the same in both."""
    shown = escape(text)
    if limit is not None and len(shown) > limit:
        shown = shown[: limit - 1] + "…"
    return f"<code>{html_text(shown)}</code>"


def html_text(value: object) -> str:
    """A value as HTML text (and as text in the Markdown around raw HTML): control and bidi characters
    shown as escapes as by :func:`escape` (line breaks and tabs kept: they are the text's own), then
    ``& < >`` and Markdown's markup characters as character references."""
    return _visible(_HTML_CONTROL, str(value)).translate(_MARKDOWN_TABLE)


def html_attribute(value: object) -> str:
    """A value inside a double- or single-quoted HTML attribute: as :func:`html_text`, quotes too."""
    return html_text(value).replace('"', "&quot;").replace("'", "&#39;")


def link_target(value: str, *, mailto: bool = False) -> str | None:
    """A URL from the data as a link target, or None when it must not be one.

    Only ``http`` and ``https`` (and ``mailto`` when asked) with a host are links: ``javascript:``,
    ``data:``, ``vbscript:``, relative and protocol-relative addresses are not. What could end the
    attribute or the Markdown link around it (quotes, spaces, brackets, controls) is percent-encoded.
    """
    if value != value.strip() or _CONTROL.search(value) or any(c.isspace() for c in value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    allowed = (*LINK_SCHEMES, "mailto") if mailto else LINK_SCHEMES
    if parts.scheme.lower() not in allowed or (parts.scheme.lower() != "mailto" and not parts.netloc):
        return None
    return quote(value, safe="/:?#[]@!$&*+,;=%-._~")


def json_in_script(document: Any) -> str:
    """JSON to put inside a ``<script>`` element: ``<``, ``>`` and ``&`` written as JSON escapes, so no
    string in it can close the element or open a comment, and U+2028/U+2029 escaped for old parsers."""
    text = json.dumps(document, indent=2, ensure_ascii=False)
    for character in "<>&\u2028\u2029":
        text = text.replace(character, f"\\u{ord(character):04x}")
    return text


def escape_strings(document: Any) -> Any:
    """A JSON document with every string in it (keys too) escaped as by :func:`escape`, as the JSON
    reports print them: a program reading the report sees what a terminal would."""
    if isinstance(document, str):
        return escape(document)
    if isinstance(document, dict):
        return {escape(str(key)): escape_strings(value) for key, value in document.items()}
    if isinstance(document, list | tuple):
        return [escape_strings(value) for value in document]
    return document


__all__ = [
    "BIDI_CONTROLS",
    "LINK_SCHEMES",
    "escape",
    "escape_strings",
    "github_escape",
    "html_attribute",
    "html_text",
    "json_in_script",
    "link_target",
    "markdown_code",
    "markdown_text",
]
