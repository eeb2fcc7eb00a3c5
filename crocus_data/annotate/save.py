"""What a save writes: a record's row and its evidence row, a span added to a record, or a coverage note.

Each save is built as whole files first (each table read with the validator's reader and rewritten
through the CSV codec, ``published.csv_codec``, in canonical form), then validated as the package
would be with them (``annotate.staging``), and only then written: each file atomically, inside the
checkout, keeping its mode (``safe_io.write_inside``). A file changed on disk since it was read is
not overwritten; a write that fails half-way puts back the files already written.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crocus_data.annotate.records import cell, new_evidence_id, taken_ids
from crocus_data.annotate.staging import Verdict, staged_report, verdict
from crocus_data.checks.coverage import NOTE_COLUMNS, Note, Split, parse_notes
from crocus_data.echo import escape
from crocus_data.editing.rewrite import rows_to_rewrite
from crocus_data.layout import COVERAGE_NOTES, DATA_DIR, record_file
from crocus_data.limits import DEFAULT_MAX_BYTES
from crocus_data.models import MODEL_BY_TABLE, MODELS, Evidence
from crocus_data.models.columns import column_names
from crocus_data.problems import Problem
from crocus_data.published.csv_codec import render_rows
from crocus_data.reader.package import Package
from crocus_data.rule_registry import Rule
from crocus_data.safe_io.files import RefusedError, read_inside, write_inside

PREFIX = f"{DATA_DIR.as_posix()}/"


class SaveRefusedError(Exception):
    """The request cannot be made into rows (an unknown table or column, an id that may not change): one line."""


@dataclass(frozen=True)
class RowChange:
    """One row a save adds or replaces: the file (as the CLI names it), its line, and its cells."""

    file: str
    line: int
    action: str  # "added", "replaced" or "removed" (``line`` is then where it stood)
    cells: dict[str, str]
    role: str  # "record", "evidence" or "note": where the page shows this row's problems
    before: dict[str, str] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "action": self.action,
            "cells": self.cells,
            "before": self.before,
            "role": self.role,
        }


@dataclass
class Candidate:
    """The files a save would write (checkout-relative path -> bytes), what they held, and the rows it changes."""

    files: dict[str, bytes] = field(default_factory=dict)
    originals: dict[str, bytes | None] = field(default_factory=dict)
    rows: list[RowChange] = field(default_factory=list)


def line_of(header: list[str], rows: list[list[str]], index: int) -> int:
    """The line row ``index`` starts on once the table is rendered (line 1 is the header)."""
    return render_rows(header, rows[:index]).count(b"\n") + 1


def _read(root: Path, relative: str) -> bytes | None:
    content = read_inside(root, relative, DEFAULT_MAX_BYTES)
    if isinstance(content, Problem):
        if content.rule is Rule.FILE_MISSING:
            return None
        raise RefusedError(str(content))
    return content


def table_rows(package: Package, root: Path, table: str) -> tuple[list[str], list[list[str]]]:
    """A table's header and rows as text, if the validator's reader accepts its file."""
    found = rows_to_rewrite(package, root / DATA_DIR, table, PREFIX)
    if isinstance(found, list):
        raise RefusedError("; ".join(escape(str(problem)) for problem in found[:3]) + "; fix it first")
    if found.header != column_names(MODEL_BY_TABLE[table]):
        raise RefusedError(f"{PREFIX}{record_file(table)}: its header is not the {table} table's; fix it first")
    return found.header, found.rows


def put_table(candidate: Candidate, root: Path, table: str, header: list[str], rows: list[list[str]]) -> None:
    relative = f"{PREFIX}{record_file(table)}"
    if relative not in candidate.originals:
        candidate.originals[relative] = _read(root, relative)
    candidate.files[relative] = render_rows(header, rows)


def _evidence_row(
    candidate: Candidate, package: Package, root: Path, record_id: str, source_id: str, text: str, span: tuple[int, int]
) -> None:
    header, rows = table_rows(package, root, Evidence.table)
    start, end = span
    evidence_id = new_evidence_id(record_id, taken_ids(package))
    values = {"evidence_id": evidence_id, "record_id": record_id, "source_id": source_id}
    values |= {"start": str(start), "end": str(end), "quote": text[start:end]}
    rows.append([values[name] for name in header])
    put_table(candidate, root, Evidence.table, header, rows)
    line = line_of(header, rows, len(rows) - 1)
    candidate.rows.append(RowChange(f"{PREFIX}{record_file(Evidence.table)}", line, "added", values, "evidence"))


def record_candidate(
    package: Package,
    root: Path,
    table: str,
    cells: dict[str, str],
    replaces: str | None,
    source: tuple[str, str],
    span: tuple[int, int] | None,
) -> Candidate:
    """A new row of ``table`` (or the row whose key is ``replaces``, replaced), and an evidence row for ``span``.

    ``cells`` are the form's values as CSV text ('' = absent); ``source`` is (source id, its text).
    """
    model = MODEL_BY_TABLE.get(table)
    if model is None or not model.evidenced:
        raise SaveRefusedError(f"'{escape(table)}' is not a table the workbench writes")
    header, rows = table_rows(package, root, table)
    unknown = set(cells) - set(header)
    if unknown:
        raise SaveRefusedError(f"the {table} table has no column {', '.join(sorted(map(escape, unknown)))}")
    key_column = header.index(model.primary_key)
    row = [cells.get(name, "") for name in header]
    key = row[key_column]
    if not key.strip():  # a page that sent its form before the suggested id arrived, or a cleared id
        raise SaveRefusedError(f"{model.primary_key} is empty: type the record's id, or wait for the one suggested")
    candidate = Candidate()
    if replaces is None:
        if span is None:
            raise SaveRefusedError("a new record needs its words: select them in the text first")
        rows.append(row)
        index, before = len(rows) - 1, None
    else:
        if key != replaces:
            raise SaveRefusedError(f"an id never changes ({replaces}); retiring one is done by hand (docs/encoding.md)")
        index = next((i for i, old in enumerate(rows) if old[key_column] == replaces), -1)
        if index < 0:
            raise SaveRefusedError(f"no row {escape(replaces)} in {table}: reload the page")
        before = dict(zip(header, rows[index], strict=True))
        rows[index] = row
    put_table(candidate, root, table, header, rows)
    action = "added" if before is None else "replaced"
    file = f"{PREFIX}{record_file(table)}"
    line = line_of(header, rows, index)
    candidate.rows.append(RowChange(file, line, action, dict(zip(header, row, strict=True)), "record", before))
    if span is not None:
        _evidence_row(candidate, package, root, key, source[0], source[1], span)
    return candidate


def span_candidate(
    package: Package, root: Path, record_id: str, source: tuple[str, str], span: tuple[int, int]
) -> Candidate:
    """One more evidence row for a record that exists (a document repeating an actor, say)."""
    records = {cell(row, m.primary_key) for m in MODELS if m.evidenced for row in package.rows(m.table)}
    if record_id not in records:
        raise SaveRefusedError(f"no record {escape(record_id)} to add words to: reload the page")
    candidate = Candidate()
    _evidence_row(candidate, package, root, record_id, source[0], source[1], span)
    return candidate


def note_rows(root: Path) -> tuple[str, bytes | None, list[Note], list[list[str]]]:
    """coverage_notes.csv: its path, its bytes (None when absent), its notes and their rows, one for one.

    A file the checks cannot read is refused, so no note is ever rewritten from a reading they would not make.
    """
    relative = f"{PREFIX}{COVERAGE_NOTES}"
    original = _read(root, relative)
    if original is None:
        return relative, None, [], []
    notes, problems = parse_notes(original, relative)
    if problems:
        raise RefusedError("; ".join(escape(str(problem)) for problem in problems[:3]) + "; fix it first")
    rows = [row for row in csv.reader(io.StringIO(original.decode("utf-8"), newline=""), strict=True) if row][1:]
    return relative, original, notes, rows


def note_candidate(root: Path, source: tuple[str, str], number: int, reason: str) -> Candidate:
    """A coverage note for sentence ``number``: it encodes nothing, for ``reason``; named by its first words."""
    source_id, text = source
    split = Split(source_id, text)
    sentence = next((s for s in split.sentences if s.number == number), None)
    if sentence is None:
        raise SaveRefusedError(f"{source_id} has no sentence {number}: reload the page")
    if not reason.strip():
        raise SaveRefusedError("say why the sentence encodes nothing")
    relative, original, _, rows = note_rows(root)
    values = {"source_id": source_id, "sentence": split.key(sentence), "reason": reason}
    rows.append([values[name] for name in NOTE_COLUMNS])
    candidate = Candidate({relative: render_rows(NOTE_COLUMNS, rows)}, {relative: original})
    line = line_of(NOTE_COLUMNS, rows, len(rows) - 1)
    candidate.rows.append(RowChange(relative, line, "added", values, "note"))
    return candidate


@dataclass(frozen=True)
class Outcome:
    """What a save did: the verdict (problems that refused it), and the rows written when it was accepted."""

    verdict: Verdict
    candidate: Candidate

    @property
    def saved(self) -> bool:
        return self.verdict.accepted


def commit(root: Path, candidate: Candidate) -> Outcome:
    """Validate the package as the candidate would leave it; write its files only if the save adds no problem."""
    before = staged_report(root, {})
    after = staged_report(root, candidate.files)
    written = [(row.file, row.line) for row in candidate.rows if row.action != "removed"]
    removed = [(row.file, row.line) for row in candidate.rows if row.action == "removed"]
    found = verdict(before, after, written, removed)
    if not found.accepted:
        return Outcome(found, candidate)
    for relative, original in candidate.originals.items():
        if _read(root, relative) != original:
            raise RefusedError(f"{relative} changed on disk while this save was checked; nothing was written: reload")
    done: list[str] = []
    try:
        for relative, content in candidate.files.items():
            write_inside(root, relative, content)
            done.append(relative)
    except RefusedError:
        for relative in done:  # put back what this save wrote before the failure
            original = candidate.originals[relative]
            if original is not None:
                write_inside(root, relative, original)
        raise
    return Outcome(found, candidate)
