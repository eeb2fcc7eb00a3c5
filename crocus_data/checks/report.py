"""The validator's result, a ``Report``, and its three renderings: readable text, stable JSON, or GitHub
workflow annotations.

``crocus_data.validate()`` returns a Report; ``crocus-data validate`` only renders one. The JSON shape
is documented in docs/validation.md and versioned by ``format_version``; fields are only ever added,
never renamed or removed, within a version.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crocus_data.echo import escape, github_escape
from crocus_data.limits import MAX_PROBLEMS_PER_FILE
from crocus_data.problems import Problem
from crocus_data.rule_registry import Rule
from crocus_data.rule_registry import exit_status as rules_exit_status

# 2: each problem also carries value, expected, category and fix (0.3.0).
JSON_FORMAT_VERSION = 2


def cap(problems: list[Problem], per_file: int = MAX_PROBLEMS_PER_FILE) -> list[Problem]:
    """The first ``per_file`` problems of each file, and for a file with more, one that counts the rest."""
    shown: list[Problem] = []
    counts: dict[str, int] = {}
    for problem in problems:
        counts[problem.file] = counts.get(problem.file, 0) + 1
        if counts[problem.file] <= per_file:
            shown.append(problem)
    for file, count in counts.items():
        if count > per_file:
            message = f"{count - per_file} more problem(s) in this file are not listed (the first {per_file} are)"
            shown.append(Problem(file, None, None, Rule.REPORT_TRUNCATED, message))
    return shown


def exit_status(problems: list[Problem]) -> int:
    """0 valid, 1 the data has problems, 2 unusable input: decided by the rules' categories."""
    return rules_exit_status([problem.rule for problem in problems])


@dataclass(frozen=True)
class Report:
    """What validating one package found: every problem, in the order the checks list them.

    ``descriptor`` is the descriptor that was read (None when none could be found), ``package`` which
    package that is, in words, and ``tables`` each table's row count.
    """

    problems: list[Problem] = field(default_factory=list)
    tables: dict[str, int] = field(default_factory=dict)
    descriptor: Path | None = None
    package: str = ""

    @property
    def valid(self) -> bool:
        return not self.problems

    @property
    def exit_status(self) -> int:
        """0 valid, 1 the data has problems, 2 the input cannot be used (as the command exits)."""
        return exit_status(self.problems)

    def capped(self, per_file: int = MAX_PROBLEMS_PER_FILE) -> Report:
        """The same report listing at most ``per_file`` problems of each file, and a count of the rest."""
        return Report(cap(self.problems, per_file), self.tables, self.descriptor, self.package)

    def as_dict(self) -> dict[str, Any]:
        """The JSON document (``format_version`` 2), every string escaped for a terminal."""
        return {
            "format_version": JSON_FORMAT_VERSION,
            "valid": self.valid,
            "exit_status": self.exit_status,
            "package": escape(self.package),
            "descriptor": None if self.descriptor is None else escape(str(self.descriptor)),
            "tables": self.tables,
            "problems": [problem_dict(problem) for problem in self.problems],
        }


def problem_dict(problem: Problem) -> dict[str, Any]:
    """One problem in the JSON report: where, which rule (with its category and fix), what, the value and
    what was expected."""
    return {
        "file": escape(problem.file),
        "row": problem.row,
        "column": None if problem.column is None else escape(problem.column),
        "rule": str(problem.rule),
        "category": str(problem.category),
        "message": escape(problem.message),
        "value": problem.value,
        "expected": None if problem.expected is None else escape(problem.expected),
        "fix": escape(problem.fix),
    }


def summary_table(counts: dict[str, int]) -> str:
    width = max(map(len, counts), default=5)
    lines = [f"{'table':<{width}}  rows", f"{'-' * width}  ----"]
    lines += [f"{escape(table):<{width}}  {count:>4}" for table, count in counts.items()]
    return "\n".join(lines)


def as_text(report: Report) -> str:
    lines = [escape(str(problem)) for problem in report.problems]
    if report.descriptor is not None:
        lines += [escape(str(report.descriptor)), summary_table(report.tables)]
    if report.problems:
        rules = sorted({problem.rule for problem in report.problems})
        lines.append(f"invalid: {len(report.problems)} problem(s) ({', '.join(rules)}); see docs/validation.md")
    else:
        lines.append(f"valid: {sum(report.tables.values())} rows in {len(report.tables)} tables")
    return "\n".join(lines)


def as_json(report: Report) -> str:
    return json.dumps(report.as_dict(), indent=2, ensure_ascii=False)


def as_github(report: Report) -> str:
    """One ``::error`` workflow command per problem, with the file path relative to the working directory."""
    lines = []
    base = Path() if report.descriptor is None else report.descriptor.parent
    for problem in report.problems:
        path = os.path.relpath(base / problem.file)
        properties = [f"file={github_escape(path, property_value=True)}"]
        if problem.row is not None:
            properties.append(f"line={problem.row}")
        properties.append(f"title={github_escape(str(problem.rule), property_value=True)}")
        where = f"[{problem.column}] " if problem.column else ""
        lines.append(f"::error {','.join(properties)}::{github_escape(where + problem.message)}")
    lines.append(
        as_text(Report([], report.tables, report.descriptor))
        if report.valid
        else f"invalid: {len(report.problems)} problem(s)"
    )
    return "\n".join(lines)


FORMATS = {"text": as_text, "json": as_json, "github": as_github}
