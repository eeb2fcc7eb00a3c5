"""The workbench on one source of one checkout: what the page asks, answered from the files as they are now.

Every answer reads the package afresh (a row a contributor adds by hand between two saves is seen),
and saves are taken one at a time. The page names tables, columns, record ids, a sentence number and
UTF-16 positions in the one source the workbench was started on; no request names a file or a path.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from crocus_data.annotate.forms import forms
from crocus_data.annotate.offsets import SelectionError, Utf16Index, selection_span
from crocus_data.annotate.records import UNTITLED, cell, choices, new_id, taken_ids
from crocus_data.annotate.removal import last_release, note_removal, span_removal
from crocus_data.annotate.save import (
    PREFIX,
    Candidate,
    SaveRefusedError,
    commit,
    note_candidate,
    record_candidate,
    span_candidate,
    table_rows,
)
from crocus_data.annotate.source_view import source_view
from crocus_data.checks.coverage import sentences
from crocus_data.echo import escape
from crocus_data.layout import DATA_DIR
from crocus_data.locate import occurrences
from crocus_data.models import MODEL_BY_TABLE, Source
from crocus_data.models.keys import PREFIXES
from crocus_data.problems import Problem
from crocus_data.reader.package import Package, from_layout
from crocus_data.rule_registry import Rule

TABLE_OF_PREFIX = {prefix: table for table, prefix in PREFIXES.items()}


class WorkbenchError(ValueError):
    """The workbench cannot start on this checkout and source: one line saying why."""


def _position(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise SelectionError(f"{name} must be a whole number")
    return value


class Workbench:
    """One source of one checkout, encoded through the page; ``lock`` keeps saves one at a time."""

    def __init__(self, root: Path, source_id: str) -> None:
        self.root = root
        self.source_id = source_id
        self.lock = threading.Lock()
        package = self.package()
        text = package.text(source_id)
        # A selection is read from the text kept here, never from the package read afresh: it must come back at
        # once, even while a save is validated (a save reads the text again and checks the span against it).
        self._text = (text or "", Utf16Index(text or ""), sentences(source_id, text or ""))
        if text is None:
            known = ", ".join(sorted(package.texts)) or "none"
            raise WorkbenchError(
                f"no source text {source_id!r} in {root}: add the document with `crocus-data add-source FILE` "
                f"first (the sources are: {known})"
            )

    def package(self) -> Package:
        return from_layout(self.root / DATA_DIR, PREFIX)

    def _source(self, package: Package) -> tuple[str, str]:
        return self.source_id, package.text(self.source_id) or ""

    def state(self) -> dict[str, Any]:
        """The text, its pieces, sentences and spans, every record a form can point at, and the heading.

        The document is named by its title (or as untitled) and id: its file name is add-source's, no reader's.
        """
        package = self.package()
        found = choices(package)
        labels = {choice.id: choice for choice in found}
        view = source_view(package, self.source_id, labels)
        row = next((r for r in package.rows(Source.table) if r.get("source_id") == self.source_id), {})
        title = cell(row, "title")
        release = last_release(self.root)
        for span in view["spans"]:
            span["released"] = span["evidence_id"] in release.ids
        return {
            **view,
            "release": release.version,
            "title": title,
            "heading": f"{title or UNTITLED} ({self.source_id})",
            "checkout": escape(str(self.root)),
            "choices": [choice.as_dict() for choice in found],
        }

    @staticmethod
    def forms() -> dict[str, Any]:
        return forms()

    def selection(self, body: dict[str, Any]) -> dict[str, Any]:
        """The words a selection names, at code-point offsets, with how often they occur and where."""
        text, index, split = self._text
        start, end = self._span(body, text, index)
        quote = text[start:end]
        overlapping = [s.number for s in split if s.start < end and start < s.end]
        return {
            "start": start,
            "end": end,
            "start_utf16": index.to_utf16(start),
            "end_utf16": index.to_utf16(end),
            "quote": quote,
            "occurrences": len(occurrences(text, quote, 100)),
            "sentences": overlapping,
        }

    @staticmethod
    def _span(body: dict[str, Any], text: str, index: Utf16Index | None = None) -> tuple[int, int]:
        start = _position(body.get("start_utf16"), "start_utf16")
        end = _position(body.get("end_utf16"), "end_utf16")
        return selection_span(text, start, end, index)

    def record(self, record_id: str) -> dict[str, Any]:
        """A record's table and its cells as CSV text, for a form to edit."""
        table = TABLE_OF_PREFIX.get(record_id.split("-", 1)[0])
        if table is None or table == "evidence":
            raise SaveRefusedError(f"'{escape(record_id)}' is not the id of a record")
        model = MODEL_BY_TABLE[table]
        header, rows = table_rows(self.package(), self.root, table)
        key = header.index(model.primary_key)
        row = next((row for row in rows if row[key] == record_id), None)
        if row is None:
            raise SaveRefusedError(f"no record {escape(record_id)}: reload the page")
        return {"table": table, "cells": dict(zip(header, row, strict=True))}

    def suggest_id(self, body: dict[str, Any]) -> dict[str, str]:
        table = str(body.get("table", ""))
        if table not in PREFIXES or table == "evidence":
            raise SaveRefusedError(f"'{escape(table)}' is not a table with new ids")
        return {"id": new_id(table, str(body.get("words", "")), taken_ids(self.package()))}

    def save(self, body: dict[str, Any]) -> dict[str, Any]:
        """A record's row, new or edited, with an evidence row for the selection when there is one."""
        cells = body.get("cells")
        if not isinstance(cells, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in cells.items()):
            raise SaveRefusedError("cells must map column names to text")
        replaces = body.get("replaces")
        if replaces is not None and not isinstance(replaces, str):
            raise SaveRefusedError("replaces must be the id of the record edited")
        with self.lock:
            package = self.package()
            source = self._source(package)
            span = self._span(body["selection"], source[1]) if isinstance(body.get("selection"), dict) else None
            table = str(body.get("table", ""))
            return self._outcome(record_candidate(package, self.root, table, cells, replaces, source, span))

    def add_span(self, body: dict[str, Any]) -> dict[str, Any]:
        """The selection as one more evidence span of an existing record."""
        with self.lock:
            package = self.package()
            source = self._source(package)
            span = self._span(body.get("selection") or {}, source[1])
            record_id = str(body.get("record_id", ""))
            return self._outcome(span_candidate(package, self.root, record_id, source, span))

    def add_note(self, body: dict[str, Any]) -> dict[str, Any]:
        """A coverage note: the sentence encodes nothing, and why."""
        number = body.get("sentence")
        if isinstance(number, bool) or not isinstance(number, int):
            raise SaveRefusedError("sentence must be a sentence's number")
        with self.lock:
            source = self._source(self.package())
            return self._outcome(note_candidate(self.root, source, number, str(body.get("reason", ""))))

    def remove_span(self, body: dict[str, Any]) -> dict[str, Any]:
        """Take out an evidence row of this document added since the last release (a wrong span, say)."""
        with self.lock:
            package = self.package()
            evidence_id = str(body.get("evidence_id", ""))
            return self._outcome(span_removal(package, self.root, evidence_id, self.source_id, last_release(self.root)))

    def remove_note(self, body: dict[str, Any]) -> dict[str, Any]:
        """Take out the coverage note on a sentence (one left over once the sentence backs a record, say)."""
        number = body.get("sentence")
        if isinstance(number, bool) or not isinstance(number, int):
            raise SaveRefusedError("sentence must be a sentence's number")
        with self.lock:
            return self._outcome(note_removal(self.root, self._source(self.package()), number))

    def _outcome(self, candidate: Candidate) -> dict[str, Any]:
        outcome = commit(self.root, candidate)
        roles: dict[tuple[str, int | None], str] = {(row.file, row.line): row.role for row in candidate.rows}
        return {
            "saved": outcome.saved,
            "problems": [problem_dict(problem, roles) for problem in outcome.verdict.blocking],
            "changes": [row.as_dict() for row in candidate.rows] if outcome.saved else [],
            "remaining": outcome.verdict.remaining,
            "build_due": outcome.saved,
        }


# How to do in the page what a rule's fix says to do by hand, for the rules whose fix names no field to fill.
HOW_HERE = {
    Rule.EVIDENCE_VERBATIM: (
        "In the workbench: select, in the text, the document's words that contain it; tick 'Also save the "
        "selected words as evidence of this record' in this form, or press '…more about a record already "
        "encoded' and choose this record, to add them as a span to this record; then check and save again."
    ),
}


def problem_dict(problem: Problem, roles: dict[tuple[str, int | None], str]) -> dict[str, Any]:
    """A problem as the page shows it: the CLI's own line, which row and field it is at, and how to fix it here."""
    return {
        "line": escape(str(problem)),
        "file": escape(problem.file),
        "row": problem.row,
        "column": None if problem.column is None else escape(problem.column),
        "rule": str(problem.rule),
        "message": escape(problem.message),
        "fix": escape(problem.fix),
        "how": HOW_HERE.get(problem.rule),
        "role": roles.get((problem.file, problem.row)),
    }
