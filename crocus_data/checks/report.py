"""How ``crocus-data validate`` reports: readable text, stable JSON, or GitHub workflow annotations.

The JSON shape is documented in docs/validation.md and versioned by ``format_version``; fields are
only ever added, never renamed or removed, within a version.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from crocus_data.checks.limits import MAX_PROBLEMS_PER_FILE
from crocus_data.problems import Problem
from crocus_data.rule_registry import Rule
from crocus_data.rule_registry import exit_status as rules_exit_status

JSON_FORMAT_VERSION = 1
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u2028\u2029\ud800-\udfff]")


def escape(text: str) -> str:
    """Text safe to print: control characters shown as escapes, so no cell can drive a terminal or a CI log.

    ``\\x1b`` (ANSI), ``\\r``, ``\\n`` and the like appear as their escapes; a line can then never
    start with ``::`` (a GitHub workflow command) except the annotations this module writes itself.
    """
    text = text.replace("\n", "\\n").replace("\t", "\\t")
    return _CONTROL.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


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


def summary_table(counts: dict[str, int]) -> str:
    width = max(map(len, counts), default=5)
    lines = [f"{'table':<{width}}  rows", f"{'-' * width}  ----"]
    lines += [f"{table:<{width}}  {count:>4}" for table, count in counts.items()]
    return "\n".join(lines)


def as_text(descriptor: Path, counts: dict[str, int], problems: list[Problem]) -> str:
    lines = [escape(str(problem)) for problem in problems]
    lines += [str(descriptor), summary_table(counts)]
    if problems:
        rules = sorted({problem.rule for problem in problems})
        lines.append(f"invalid: {len(problems)} problem(s) ({', '.join(rules)}); see docs/validation.md")
    else:
        lines.append(f"valid: {sum(counts.values())} rows in {len(counts)} tables")
    return "\n".join(lines)


def as_json(descriptor: Path, counts: dict[str, int], problems: list[Problem]) -> str:
    document = {
        "format_version": JSON_FORMAT_VERSION,
        "valid": not problems,
        "exit_status": exit_status(problems),
        "descriptor": str(descriptor),
        "tables": counts,
        "problems": [
            {
                "file": escape(p.file),
                "row": p.row,
                "column": None if p.column is None else escape(p.column),
                "rule": str(p.rule),
                "message": escape(p.message),
            }
            for p in problems
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def _escape(text: str, *, property_value: bool = False) -> str:
    text = escape(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def as_github(descriptor: Path, counts: dict[str, int], problems: list[Problem]) -> str:
    """One ``::error`` workflow command per problem, with the file path relative to the working directory."""
    lines = []
    for problem in problems:
        path = os.path.relpath(descriptor.parent / problem.file)
        properties = [f"file={_escape(path, property_value=True)}"]
        if problem.row is not None:
            properties.append(f"line={problem.row}")
        properties.append(f"title={_escape(str(problem.rule), property_value=True)}")
        where = f"[{problem.column}] " if problem.column else ""
        lines.append(f"::error {','.join(properties)}::{_escape(where + problem.message)}")
    lines.append(as_text(descriptor, counts, []) if not problems else f"invalid: {len(problems)} problem(s)")
    return "\n".join(lines)


FORMATS = {"text": as_text, "json": as_json, "github": as_github}
