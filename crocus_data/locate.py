"""Find a quote's character offsets in a source text, and fill them into evidence.csv, so nobody counts by hand."""

from __future__ import annotations

import csv
from pathlib import Path

from crocus_data.layout import record_file
from crocus_data.problems import Problem
from crocus_data.rule_registry import Rule


class LocateError(ValueError):
    """The quote is absent, or occurs more than once and no occurrence was chosen."""

    def __init__(self, message: str, starts: list[int] | None = None) -> None:
        super().__init__(message)
        self.starts = starts or []


def occurrences(text: str, quote: str) -> list[int]:
    """Start offsets of every occurrence of quote in text, overlapping ones included."""
    starts = []
    position = text.find(quote)
    while position != -1 and quote:
        starts.append(position)
        position = text.find(quote, position + 1)
    return starts


def _listed(starts: list[int], most: int = 10) -> str:
    """The first few offsets, and how many more: a message stays short whatever the text."""
    shown = ", ".join(map(str, starts[:most]))
    return shown if len(starts) <= most else f"{shown} and {len(starts) - most} more"


def locate(text: str, quote: str, occurrence: int | None = None) -> tuple[int, int]:
    """(start, end) with ``text[start:end] == quote``; ``occurrence`` (1-based) picks one of several."""
    if not quote:
        raise LocateError("the quote is empty")
    starts = occurrences(text, quote)
    if not starts:
        raise LocateError("the quote does not occur in the source text; copy it exactly, curly quotes included")
    if occurrence is None:
        if len(starts) > 1:
            raise LocateError(f"the quote occurs {len(starts)} times (at {_listed(starts)}); quote more words", starts)
        occurrence = 1
    if not 1 <= occurrence <= len(starts):
        raise LocateError(f"occurrence {occurrence} asked for, but the quote occurs {len(starts)} time(s)")
    start = starts[occurrence - 1]
    return start, start + len(quote)


def fill_offsets(rows: list[dict[str, str]], lines: list[int], texts: dict[str, str], file: str) -> list[Problem]:
    """Fill empty ``start``/``end`` cells of evidence rows in place; return one problem per row it cannot fill.

    A row whose quote occurs more than once is filled only if ``start`` already names one of the
    occurrences; otherwise the problem lists them so the contributor can choose. ``lines`` gives the
    line of the file each row starts on, so problems point where ``validate``'s would.
    """
    problems = []
    for line, row in zip(lines, rows, strict=True):
        if row.get("start") and row.get("end"):
            continue
        evidence_id = row.get("evidence_id")
        text = texts.get(row.get("source_id", ""))
        if text is None:
            message = f"{evidence_id}: unknown source_id {row.get('source_id')!r}; fix the reference"
            problems.append(Problem(file, line, "source_id", Rule.KEY_FOREIGN, message))
            continue
        quote = row.get("quote", "")
        try:
            if row.get("start"):
                start = int(row["start"]) if row["start"].isascii() and row["start"].isdigit() else -1
                if start < 0:
                    message = f"{evidence_id}: start {row['start']!r} is not a whole number"
                    problems.append(Problem(file, line, "start", Rule.CELL_TYPE_INTEGER, message))
                    continue
                if text[start : start + len(quote)] != quote:
                    raise LocateError(f"the quote does not stand at start={start}")
                end = start + len(quote)
            else:
                start, end = locate(text, quote)
        except LocateError as exc:
            hint = " or write the start of the one you mean in the start cell" if exc.starts else ""
            problems.append(Problem(file, line, "quote", Rule.EVIDENCE_QUOTE, f"{evidence_id}: {exc}{hint}"))
            continue
        row["start"], row["end"] = str(start), str(end)
    return problems


def fill_offsets_in(data_dir: Path, display_prefix: str = "") -> list[Problem]:
    """Fill the empty offsets of ``records/evidence.csv`` under ``data_dir``, writing it atomically.

    Nothing is written unless every empty offset can be filled; the file keeps its canonical form.
    """
    from crocus_data.checks.package import from_layout
    from crocus_data.resources.csv_codec import render_rows
    from crocus_data.resources.outputs import write_atomically

    relative = record_file("evidence")
    path, display = data_dir / relative, f"{display_prefix}{relative}"
    texts = {source_id: raw.decode("utf-8", errors="replace") for source_id, raw in from_layout(data_dir).texts.items()}
    with path.open(encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        header = list(reader.fieldnames or [])
        rows, lines = [], []
        line = reader.line_num + 1
        for row in reader:
            rows.append(row)
            lines.append(line)
            line = reader.line_num + 1
    problems = fill_offsets(rows, lines, texts, display)
    if not problems:
        write_atomically(path, render_rows(header, ([row.get(name) or "" for name in header] for row in rows)))
    return problems
