"""A problem found in the data, located the way a contributor sees the file."""

from __future__ import annotations

from dataclasses import dataclass, field

from crocus_data.echo import escape
from crocus_data.limits import MAX_VALUE_CHARS
from crocus_data.rule_registry import Category, Rule


def shown_value(value: object) -> str | None:
    """A value as a problem shows it: escaped for any terminal, cut to ``MAX_VALUE_CHARS`` code points."""
    if value is None:
        return None
    text = escape(str(value))
    return text if len(text) <= MAX_VALUE_CHARS else f"{text[: MAX_VALUE_CHARS - 1]}…"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing to fix: the file, the line in it (1 = header), the column, the rule and what to do.

    ``row`` is the physical line number of the record in the CSV file, so an editor's
    "go to line" lands on it; it is None for problems about a whole file. ``value`` is the offending
    cell (escaped, cut to a bound) where there is one, and ``expected`` what the rule wanted there
    (by default, what the rule checks); ``category`` and ``fix`` come from the rule registry. Two
    problems are equal when they agree on where, which rule and what message, whatever the value.
    """

    file: str
    row: int | None
    column: str | None
    rule: Rule
    message: str
    value: str | None = field(default=None, compare=False)
    expected: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", shown_value(self.value))
        if self.expected is None:
            object.__setattr__(self, "expected", self.rule.summary or None)

    @property
    def category(self) -> Category:
        return self.rule.category

    @property
    def fix(self) -> str:
        return self.rule.fix

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f":{self.row}"
        if self.column:
            where += f" [{self.column}]"
        return f"{where}: {self.rule}: {self.message}"
