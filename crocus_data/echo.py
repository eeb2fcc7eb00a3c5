"""Echoing a value from the data: escaped, so no cell can drive a terminal or a CI log."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u2028\u2029\ud800-\udfff]")


def escape(text: str) -> str:
    """Text safe to print: control characters shown as escapes, so no cell can drive a terminal or a CI log.

    ``\\x1b`` (ANSI), ``\\r``, ``\\n`` and the like appear as their escapes; a line can then never
    start with ``::`` (a GitHub workflow command) except the annotations this module writes itself.
    """
    text = text.replace("\n", "\\n").replace("\t", "\\t")
    return _CONTROL.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


def github_escape(text: str, *, property_value: bool = False) -> str:
    """Text for a GitHub workflow command (``::error file=…::message``): escaped as above, then as the
    runner requires, so a value can end neither the command nor its properties."""
    text = escape(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text
