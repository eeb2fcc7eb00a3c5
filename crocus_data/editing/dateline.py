"""The dateline of a news report: the publication date its first line states, and where that line stands.

``add-source`` reads it to fill the source's publication date (day, stated) and to quote the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]  # fmt: skip
_MONTH = r"(?P<month>" + "|".join(MONTHS) + r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?"
# A dateline: an ISO date, "March 22, 2024" or "22 March 2024", on the first line of the text.
DATELINES = [
    re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?!\d)"),
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})(?!\d)", re.IGNORECASE),
    re.compile(r"(?<!\d)(?P<day>\d{1,2})\s+" + _MONTH + r",?\s+(?P<year>\d{4})(?!\d)", re.IGNORECASE),
]


@dataclass(frozen=True)
class Dateline:
    """A publication date read from the text's first line, and where that line stands."""

    day: date
    line: str  # the first line, stripped: the words the evidence row quotes
    start: int  # its offset in the text (code points)


def find_dateline(text: str) -> Dateline | None:
    """The date on the text's first non-blank line, if that line has one (the dateline of a news report)."""
    match = re.search(r"\S[^\n]*", text)
    if match is None:
        return None
    line = match.group().rstrip()
    for pattern in DATELINES:
        found = pattern.search(line)
        if found is None:
            continue
        month = found.group("month")
        number = (
            int(month)
            if month.isdigit()
            else next(i for i, m in enumerate(MONTHS, 1) if m.startswith(month.lower()[:3]))
        )
        try:
            return Dateline(date(int(found.group("year")), number, int(found.group("day"))), line, match.start())
        except ValueError:  # 2024-02-30 is no date
            continue
    return None
