"""CHANGELOG.md as the history checks read it: version entries, and the **Data** part of each.

An entry is a ``## X.Y.Z …`` heading and what follows it up to the next ``## `` heading. Its Data part
is the paragraph headed ``**Data**`` (or ``### Data``) up to the next such heading in the entry: the
part a user reads to learn what changed in the data, which a change to the data must therefore change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING = re.compile(r"^## +(\S+)(.*)$", re.MULTILINE)
# A part of an entry: a line that is only a bold phrase ("**Data**", "**Command line**"), or a ### heading.
_PART = re.compile(r"^(?:\*\*(?P<bold>[^*\n]+?)\*\*:?|### +(?P<heading>[^\n]+?))[ \t]*$", re.MULTILINE)
DATA = "Data"


@dataclass(frozen=True)
class Entry:
    """One version's entry: its version, the line of its heading (1-based) and its body."""

    version: str
    line: int
    body: str
    start: int  # the offset of the body in the text


def entries(text: str) -> list[Entry]:
    """Every ``## `` heading whose first word starts with a digit, newest (first) first."""
    found = []
    headings = list(_HEADING.finditer(text))
    for number, heading in enumerate(headings):
        version = heading.group(1)
        if not version[:1].isdigit():
            continue
        end = headings[number + 1].start() if number + 1 < len(headings) else len(text)
        line = text.count("\n", 0, heading.start()) + 1
        found.append(Entry(version, line, text[heading.end() : end], heading.end()))
    return found


def entry(text: str, version: str) -> Entry | None:
    """The entry of ``version``, if the changelog has one."""
    return next((found for found in entries(text) if found.version == version), None)


def data_part(body: str) -> str | None:
    """The Data part of an entry's body, stripped; None when the entry has none."""
    parts = list(_PART.finditer(body))
    for number, part in enumerate(parts):
        name = (part.group("bold") or part.group("heading") or "").strip()
        if name == DATA:
            end = parts[number + 1].start() if number + 1 < len(parts) else len(body)
            return body[part.end() : end].strip()
    return None


def data_part_line(text: str, found: Entry) -> int:
    """The line of an entry's Data heading, or of the entry's heading when it has none."""
    for part in _PART.finditer(found.body):
        if (part.group("bold") or part.group("heading") or "").strip() == DATA:
            return text.count("\n", 0, found.start + part.start()) + 1
    return found.line
