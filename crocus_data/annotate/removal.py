"""What a removal writes: an evidence row or a coverage note taken out, never a row of the last release.

A span saved by mistake (the wrong words, the wrong record) must be undone in the page, or it stays:
``validate`` cannot tell a real quote at the right offsets from a wrong reading of it. An evidence
row whose id the last release (``releases/*.json.gz``) does not hold was never published, so taking
it out undoes a save: no retirement, no tombstone. A released id is never deleted, only retired with
a tombstone (docs/encoding.md), so removing one is refused here, saying so. Both removals go through
``save.commit``: the package is validated as the removal would leave it, so taking out a record's only
span is refused in ``validate``'s words (evidence.missing), and a sentence's only explanation likewise.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from crocus_data.annotate.save import (
    PREFIX,
    Candidate,
    RowChange,
    SaveRefusedError,
    line_of,
    note_rows,
    put_table,
    table_rows,
)
from crocus_data.checks.coverage import NOTE_COLUMNS, Split
from crocus_data.echo import escape
from crocus_data.history.gate import ids
from crocus_data.history.releases import recorded
from crocus_data.layout import record_file
from crocus_data.models import Evidence
from crocus_data.published.csv_codec import render_rows
from crocus_data.reader.package import Package


@dataclass(frozen=True)
class LastRelease:
    """The last release a checkout records (None when none) and every id it holds."""

    version: str | None
    ids: frozenset[str]


def last_release(root: Path) -> LastRelease:
    """The highest release under ``releases/``, read as the gate reads it (bounded, regular files only)."""
    releases, _ = recorded(root)
    if not releases:
        return LastRelease(None, frozenset())
    last = releases[-1]
    return LastRelease(str(last.version), frozenset(ids(last.snapshot)))


def retire_first(evidence_id: str, version: str | None) -> str:
    """Why a released span is not deleted, and what is done instead."""
    return (
        f"{escape(evidence_id)} is in release {version}: a released id is never deleted, only retired with a "
        "tombstone (docs/encoding.md, 'Retiring a record'); the workbench does not retire"
    )


def span_removal(package: Package, root: Path, evidence_id: str, source_id: str, release: LastRelease) -> Candidate:
    """The evidence table without the row ``evidence_id``: one of this document's, added since the last release."""
    header, rows = table_rows(package, root, Evidence.table)
    key = header.index(Evidence.primary_key)
    index = next((i for i, row in enumerate(rows) if row[key] == evidence_id), -1)
    if index < 0:
        raise SaveRefusedError(f"no evidence row {escape(evidence_id)}: reload the page")
    cells = dict(zip(header, rows[index], strict=True))
    if cells["source_id"] != source_id:
        raise SaveRefusedError(f"{escape(evidence_id)} is not a span of {source_id}, the document open here")
    if evidence_id in release.ids:
        raise SaveRefusedError(retire_first(evidence_id, release.version))
    line = line_of(header, rows, index)
    del rows[index]
    candidate = Candidate()
    put_table(candidate, root, Evidence.table, header, rows)
    candidate.rows.append(RowChange(f"{PREFIX}{record_file(Evidence.table)}", line, "removed", cells, "evidence"))
    return candidate


def note_removal(root: Path, source: tuple[str, str], number: int) -> Candidate:
    """coverage_notes.csv without the notes that name sentence ``number`` of the source (a note is no record:
    it has no id to retire)."""
    source_id, text = source
    split = Split(source_id, text)
    if not any(sentence.number == number for sentence in split.sentences):
        raise SaveRefusedError(f"{source_id} has no sentence {number}: reload the page")
    relative, original, notes, rows = note_rows(root)
    naming = [
        note.source_id == source_id and number in {s.number for s in split.named_by(note.sentence)[0]} for note in notes
    ]
    if not any(naming):
        raise SaveRefusedError(f"sentence {number} has no note: reload the page")
    kept = [row for row, named in zip(rows, naming, strict=True) if not named]
    candidate = Candidate({relative: render_rows(NOTE_COLUMNS, kept)}, {relative: original})
    for note, named in zip(notes, naming, strict=True):
        if named:
            values = {"source_id": note.source_id, "sentence": note.sentence, "reason": note.reason}
            candidate.rows.append(RowChange(relative, note.line, "removed", values, "note"))
    return candidate
