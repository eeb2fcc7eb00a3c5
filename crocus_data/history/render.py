"""The diff and the gate as text (a terminal), JSON (programs) and Markdown (a pull-request comment).

The JSON shape is documented in docs/history.md and versioned by ``format_version``: a field is
only added within a format version, never renamed or removed. Every value from the data (an id, a
cell, a table or column name, a version, a label, a changelog heading in a gate message) is escaped
for where it lands by ``crocus_data.echo``: ``escape`` in text and JSON (as ``validate`` does),
``markdown_text`` and ``markdown_code`` in Markdown, ``github_escape`` in workflow commands.
"""

from __future__ import annotations

import json
from typing import Any

from crocus_data.echo import escape, escape_strings, github_escape, markdown_code, markdown_text
from crocus_data.history.diff import Diff, TableDiff
from crocus_data.history.gate import GateResult
from crocus_data.history.verdict import BACKWARDS, Verdict, verdict

DIFF_FORMAT = "crocus-data-diff"
GATE_FORMAT = "crocus-data-gate"
FORMAT_VERSION = 1
# A pull-request comment holds at most 65,536 characters: list this many changed rows per table.
MARKDOWN_ROWS = 100
MARKDOWN_IDS = 50


def version_status(result: Diff, judged: Verdict | None = None) -> dict[str, Any]:
    """How the version moved, the smallest version the change allows, and whether that is enough: the
    verdict of ``history.verdict`` (measured from the last release when one is known)."""
    judged = verdict(result) if judged is None else judged
    backwards = judged.problem is not None and judged.problem[0] == BACKWARDS
    status: dict[str, Any] = {
        "version_bump": None if judged.moved is None or backwards else judged.moved.label,
        "minimum_version": judged.minimum,
        "version_ok": judged.ok,
    }
    status["version_baseline"] = {
        "label": judged.baseline_label,
        "version": judged.baseline,
        "required_bump": judged.required.label,
    }
    return status


def _table_document(table: TableDiff) -> dict[str, Any]:
    return {
        "table": table.table,
        "primary_key": list(table.primary_key),
        "added": list(table.added),
        "retired": list(table.retired),
        "changed": [
            {"id": row.id, "cells": [{"column": c.column, "old": c.old, "new": c.new} for c in row.cells]}
            for row in table.changed
        ],
    }


def diff_document(result: Diff, old_label: str, new_label: str, judged: Verdict | None = None) -> dict[str, Any]:
    """The diff as JSON data (format ``crocus-data-diff``, version 1), with the version's verdict."""
    return {
        "format": DIFF_FORMAT,
        "format_version": FORMAT_VERSION,
        "old": {"label": old_label, "version": result.old_version},
        "new": {"label": new_label, "version": result.new_version},
        "required_bump": result.required_bump.label,
        **version_status(result, judged),
        "reasons": [{"bump": bump.label, "reason": reason} for bump, reason in result.reasons()],
        "summary": {
            "schema_changes": len(result.schema),
            "tables_changed": len(result.tables),
            "added": sum(len(t.added) for t in result.tables),
            "retired": sum(len(t.retired) for t in result.tables),
            "changed": sum(len(t.changed) for t in result.tables),
            "cells_changed": sum(len(row.cells) for t in result.tables for row in t.changed),
            "source_changes": len(result.sources),
        },
        "schema_changes": [
            {
                "kind": change.kind,
                "table": change.table,
                "column": change.column,
                "constraint": change.constraint,
                "old": change.old,
                "new": change.new,
                "bump": change.bump.label,
                "description": change.describe(),
            }
            for change in result.schema
        ],
        "tables": [_table_document(table) for table in result.tables],
        "sources": [
            {"name": s.name, "change": s.kind, "old_sha256": s.old_sha256, "new_sha256": s.new_sha256}
            for s in result.sources
        ],
    }


def _short(value: str, limit: int = 200) -> str:
    shown = value if len(value) <= limit else value[: limit - 1] + "…"
    return escape(json.dumps(shown, ensure_ascii=False))


def _heading(result: Diff, old_label: str, new_label: str) -> str:
    """``OLD (version) → NEW (version)``, escaped for a terminal."""
    old, new = escape(old_label), escape(new_label)
    return f"{old} ({escape(result.old_version)}) → {new} ({escape(result.new_version)})"


def diff_text(result: Diff, old_label: str, new_label: str, judged: Verdict | None = None) -> str:
    lines = [f"diff {_heading(result, old_label, new_label)}"]
    judged = verdict(result) if judged is None else judged
    if result.empty and judged.measured_from_old:
        return "\n".join([*lines, "no changes"])
    lines.append(escape(judged.line()))
    if result.empty:
        return "\n".join([*lines, "no changes"])
    lines += [f"  [{bump.label}] {escape(reason)}" for bump, reason in result.reasons()]
    if result.schema:
        lines.append("schema:")
        lines += [f"  {escape(change.describe())}  [{change.bump.label}]" for change in result.schema]
    for table in result.tables:
        counts = f"{len(table.added)} added, {len(table.retired)} retired, {len(table.changed)} changed"
        lines.append(f"{escape(table.table)}: {counts}")
        lines += [f"  + {escape(key)}" for key in table.added]
        lines += [f"  - {escape(key)}" for key in table.retired]
        for row in table.changed:
            lines.append(f"  ~ {escape(row.id)}")
            lines += [f"      {escape(cell.column)}: {_short(cell.old)} → {_short(cell.new)}" for cell in row.cells]
    if result.sources:
        lines.append("source texts:")
        for source in result.sources:
            hashes = " → ".join(escape((h or "none")[:12]) for h in (source.old_sha256, source.new_sha256))
            lines.append(f"  {escape(source.name)} {source.kind} (sha256 {hashes})")
    return "\n".join(lines)


def _cell(value: str | None, limit: int = 120) -> str:
    """A value safe inside a Markdown table cell: one line, escaped, pipes escaped, code-quoted."""
    if value is None:
        return "—"
    if value == "":
        return "*(empty)*"
    return markdown_code(value, limit)


def _ids(keys: tuple[str, ...]) -> str:
    shown = ", ".join(_cell(key, 60) for key in keys[:MARKDOWN_IDS])
    return shown + (f" and {len(keys) - MARKDOWN_IDS} more" if len(keys) > MARKDOWN_IDS else "")


def diff_markdown(
    result: Diff, old_label: str, new_label: str, heading: str = "###", judged: Verdict | None = None
) -> str:
    lines = [f"{heading} Data diff: {markdown_text(_heading(result, old_label, new_label))}", ""]
    judged = verdict(result) if judged is None else judged
    mark = {True: "✅", False: "❌", None: "❔"}[judged.ok]
    since = "" if judged.measured_from_old else f" since {markdown_text(judged.baseline_label)}"
    verdict_line = f"**Required bump{since}: {judged.required.label}** — {mark} {markdown_text(judged.words())}"
    if result.empty:
        return "\n".join([*lines, *([] if judged.measured_from_old else [verdict_line, ""]), "No changes to the data."])
    lines.append(verdict_line)
    lines += ["", *[f"- **{bump.label}**: {markdown_text(reason)}" for bump, reason in result.reasons()], ""]
    if result.tables:
        lines += ["| table | added | retired | changed rows |", "|---|---:|---:|---:|"]
        lines += [f"| {_cell(t.table)} | {len(t.added)} | {len(t.retired)} | {len(t.changed)} |" for t in result.tables]
        lines.append("")
    if result.schema:
        lines += ["**Schema changes**", ""]
        lines += [f"- {markdown_text(change.describe())} (*{change.bump.label}*)" for change in result.schema]
        lines.append("")
    for table in result.tables:
        lines += [f"<details><summary>{markdown_code(table.table)}</summary>", ""]
        if table.added:
            lines += [f"Added: {_ids(table.added)}", ""]
        if table.retired:
            lines += [f"Retired: {_ids(table.retired)}", ""]
        if table.changed:
            lines += ["| id | column | old | new |", "|---|---|---|---|"]
            for row in table.changed[:MARKDOWN_ROWS]:
                lines += [
                    f"| {_cell(row.id)} | {_cell(c.column)} | {_cell(c.old)} | {_cell(c.new)} |" for c in row.cells
                ]
            if len(table.changed) > MARKDOWN_ROWS:
                lines.append(f"| … | | {len(table.changed) - MARKDOWN_ROWS} more changed rows | |")
            lines.append("")
        lines += ["</details>", ""]
    if result.sources:
        lines += ["**Source texts**", ""]
        lines += [f"- {_cell(s.name)} {s.kind}" for s in result.sources]
    return "\n".join(lines).rstrip() + "\n"


def gate_document(result: GateResult, old_label: str, new_label: str) -> dict[str, Any]:
    """The gate's verdict as JSON data (format ``crocus-data-gate``, version 1), with the diff inside."""
    return {
        "format": GATE_FORMAT,
        "format_version": FORMAT_VERSION,
        "passed": result.passed,
        "required_bump": result.required.label,
        "minimum_version": result.minimum_version,
        "problems": [{"code": p.code, "message": p.message} for p in result.problems],
        "diff": diff_document(result.diff, old_label, new_label, result.verdict),
    }


def gate_text(result: GateResult, old_label: str, new_label: str) -> str:
    head = f"gate {_heading(result.diff, old_label, new_label)}: "
    lines = [head + ("passed" if result.passed else f"{len(result.problems)} problem(s)")]
    judged = verdict(result.diff) if result.verdict is None else result.verdict
    if not result.diff.empty or not judged.measured_from_old:
        lines.append(escape(judged.line()))
    lines += [f"  {escape(p.code)}: {escape(p.message)}" for p in result.problems]
    return "\n".join(lines)


def gate_github(result: GateResult, old_label: str, new_label: str) -> str:
    """Workflow commands: one error annotation per problem, then the one-line verdict."""
    lines = [f"::error title=crocus-data gate ({p.code})::{github_escape(p.message)}" for p in result.problems]
    return "\n".join([*lines, gate_text(result, old_label, new_label).splitlines()[0]])


def gate_markdown(result: GateResult, old_label: str, new_label: str) -> str:
    verdict = "✅ passed" if result.passed else f"❌ {len(result.problems)} problem(s)"
    lines = [f"### Semver gate: {verdict}", ""]
    lines += [f"- **{markdown_text(p.code)}**: {markdown_text(p.message)}" for p in result.problems]
    if result.problems:
        lines.append("")
    return (
        "\n".join(lines)
        + "\n"
        + diff_markdown(result.diff, old_label, new_label, heading="####", judged=result.verdict)
    )


def dumps(document: dict[str, Any]) -> str:
    """The JSON document as printed: every string in it escaped, as in ``validate``'s JSON report."""
    return json.dumps(escape_strings(document), ensure_ascii=False, indent=2, sort_keys=False)
