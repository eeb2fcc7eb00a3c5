"""A problem found in the data, located the way a contributor sees the file."""

from __future__ import annotations

from dataclasses import dataclass

from crocus_data.rule_registry import Rule


@dataclass(frozen=True, order=True)
class Problem:
    """One thing to fix: the file, the line in it (1 = header), the column, the rule and what to do.

    ``row`` is the physical line number of the record in the CSV file, so an editor's
    "go to line" lands on it; it is None for problems about a whole file.
    """

    file: str
    row: int | None
    column: str | None
    rule: Rule
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f":{self.row}"
        if self.column:
            where += f" [{self.column}]"
        return f"{where}: {self.rule}: {self.message}"
