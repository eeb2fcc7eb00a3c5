"""crocus_data.echo: each place a value lands has its escaping, and no value gets out of it.

Properties over any text (hypothesis, with the hostile snippets of tests/corpus/hostile.json mixed in):
escaped for a terminal, no control or bidi character is left and no line break; as Markdown text or
code, the site's Markdown renders no element or attribute from it and gives the text back; as HTML,
the standard parser reads back exactly the value. And the decision on Unicode bidi controls, as
docs/security.md states it: shown as escapes wherever they land.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from page_safety import elements

from crocus_data.echo import (
    BIDI_CONTROLS,
    escape,
    escape_strings,
    github_escape,
    html_attribute,
    html_text,
    json_in_script,
    link_target,
    markdown_code,
    markdown_text,
)

from scratch import REPO

HOSTILE: dict[str, Any] = json.loads((REPO / "tests" / "corpus" / "hostile.json").read_text(encoding="utf-8"))
ATTACKS = [
    *HOSTILE["echo_attacks"].values(),
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "![x](javascript:alert(1))",
    "<a href='javascript:alert(1)'>x</a>",
    "# heading\n- item\n> quote\n    code",
    "1. list",
    "{: onclick=alert(1) }",
    "`code` and ``two``",
    "a | b | c",
    "@octocat please look",
    "&lt;script&gt; stays text",
    "<!-- comment -->",
    "x\u202eevil\u202c and \u2066isolated\u2069",
    "\\[escaped\\](javascript:alert(1))",
]
texts = st.text() | st.sampled_from(ATTACKS) | st.lists(st.sampled_from(ATTACKS), max_size=4).map("".join)
RAW = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029" + BIDI_CONTROLS + "]")


@given(texts)
def test_escaped_text_holds_no_control_no_bidi_and_no_line_break(text: str) -> None:
    shown = escape(text)
    assert RAW.search(shown) is None
    assert escape(shown) == shown  # escaping twice changes nothing


@pytest.mark.parametrize("control", list(BIDI_CONTROLS))
def test_bidi_controls_are_shown_as_their_escape_everywhere(control: str) -> None:
    """The decision (docs/security.md): an invisible bidi control from the data is shown as its escape."""
    value = f"act-{control}admin"
    written = f"\\u{ord(control):04x}"
    assert escape(value) == f"act-{written}admin"
    for shown in (github_escape(value), markdown_text(value), html_text(value), html_attribute(value)):
        assert control not in shown and written.replace("\\", "") in shown.replace("\\", "").replace("&#92;", "")
    assert control not in markdown_code(value)


@given(texts)
def test_a_workflow_command_never_starts_a_line(text: str) -> None:
    for shown in (escape(text), github_escape(text), github_escape(text, property_value=True)):
        assert "\n" not in shown and "\r" not in shown
        assert not shown.startswith("::") or text.startswith("::")


def test_a_property_value_cannot_end_the_property() -> None:
    assert github_escape("a,b:c%", property_value=True) == "a%2Cb%3Ac%25"


def text_of(markup: str) -> str:
    return "".join(element.text for element in elements(markup))


@given(texts)
def test_markdown_text_renders_to_one_paragraph_of_the_same_text(text: str) -> None:
    found = elements(f"{markdown_text(text)}")
    assert {element.tag for element in found} <= {"p"}, found
    assert all(not element.attributes for element in found)
    if escape(text).strip():
        assert text_of(markdown_text(text)).strip() == escape(text).strip()


@given(texts)
def test_markdown_text_in_a_heading_and_a_table_cell_stays_text(text: str) -> None:
    heading = elements(f"## Title {markdown_text(text)}")
    assert [element.tag for element in heading] == ["h2"]
    table = elements(f"| a | b |\n|---|---|\n| {markdown_text(text)} | {markdown_code(text)} |\n")
    assert {element.tag for element in table} <= {"table", "thead", "tbody", "tr", "th", "td", "code"}
    assert len([element for element in table if element.tag == "td"]) == 2


@given(texts)
def test_markdown_code_is_one_code_element_even_inside_raw_html(text: str) -> None:
    for markup in (markdown_code(text), f"<details><summary>x</summary>\n\n{markdown_code(text)}\n\n</details>"):
        found = [element for element in elements(markup) if element.tag not in ("p", "details", "summary")]
        assert [element.tag for element in found] == ["code"], found


@given(texts)
def test_html_text_and_attribute_read_back_as_the_escaped_value(text: str) -> None:
    shown = "".join(c if c in "\n\r\t" else escape(c) for c in text)  # HTML keeps the text's line breaks
    assert html.unescape(html_text(text)) == shown
    found = elements(f'<p title="{html_attribute(text)}">{html_text(text)}</p>', is_markdown=False)
    assert [element.tag for element in found] == ["p"]
    assert found[0].attributes == [("title", shown)]


@pytest.mark.parametrize(
    ("value", "target"),
    [
        ("https://example.org/a?b=1&c=2#d", "https://example.org/a?b=1&c=2#d"),
        ("HTTP://example.org/", "HTTP://example.org/"),
        ("https://example.org/a\"b'c<d>", "https://example.org/a%22b%27c%3Cd%3E"),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        ("data:text/html,<script>", None),
        ("vbscript:x", None),
        ("//evil.example/", None),
        ("/relative", None),
        ("https://exa mple.org/", None),
        (" https://example.org/", None),
        ("https://example.org/\u202e", None),
        ("mailto:someone@example.org", None),
    ],
)
def test_only_http_and_https_are_links(value: str, target: str | None) -> None:
    assert link_target(value) == target


def test_mailto_only_when_asked() -> None:
    assert link_target("mailto:someone@example.org", mailto=True) == "mailto:someone@example.org"


def test_json_in_a_script_cannot_close_it_or_open_a_comment() -> None:
    document = {"name": "</script><script>alert(1)</script><!--", "line": "a\u2028b", "and": "&"}
    text = json_in_script(document)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == document


def test_escape_strings_escapes_keys_and_values_and_keeps_the_rest() -> None:
    document = {"a\x1b": ["b\x07", 1, None, True, {"c": "\u202e"}]}
    assert escape_strings(document) == {"a\\x1b": ["b\\x07", 1, None, True, {"c": "\\u202e"}]}
