"""``crocus-data add-source FILE``: a new document into a checkout, byte for byte, with its bookkeeping done.

It copies the text into ``crocus_data/data/sources/`` unchanged, refusing one that is not UTF-8 or not
NFC (the validator would refuse it too); picks the next free source id (never one a release used) or
takes ``--id``; writes the ``sources.csv`` row with the hash and size, and the publication date when
the first line is a dateline (with the evidence row quoting it); lists the text in both descriptors the
way the build does; and prints the text's sentences, numbered, each with what to do next. Each file is
written atomically, and a second run with the same file writes only what the first did not.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crocus_data.checks.coverage import Split, csv_cell
from crocus_data.echo import escape
from crocus_data.editing.dateline import Dateline, find_dateline
from crocus_data.editing.rewrite import rows_to_rewrite
from crocus_data.layout import COVERAGE_NOTES, DATA_DIR, DESCRIPTOR, record_file, source_file
from crocus_data.limits import MAX_DESCRIPTOR_BYTES, MAX_SOURCE_BYTES
from crocus_data.models import Evidence, Source
from crocus_data.models.columns import column_names, column_values
from crocus_data.models.keys import key_pattern
from crocus_data.models.record import DateBounds
from crocus_data.models.vocabulary import DateDerivation, DatePrecision, Language
from crocus_data.problems import Problem
from crocus_data.published.csv_codec import format_cell, render_rows
from crocus_data.published.descriptor import source_entry, text_resource
from crocus_data.published.outputs import json_bytes
from crocus_data.reader.package import from_layout
from crocus_data.safe_io.files import RefusedError, is_directory_inside, read_inside, read_regular, write_inside
from crocus_data.safe_io.json_text import parse_json

RELEASES = "releases"
# A source text's file name, as the Source model's pattern has it: no folder, no dot-dot, nothing to escape.
FILENAME = r"[A-Za-z0-9_][A-Za-z0-9_.-]*\.txt"


class AddSourceError(Exception):
    """The file cannot be added as it is: the message says why; ``status`` is the command's exit status."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Added:
    """What ``add_source`` did: the source, the files it wrote (none when all was done already) and the text."""

    source_id: str
    filename: str
    sha256: str
    size: int
    dateline: Dateline | None
    split: Split
    written: list[Path] = field(default_factory=list)


def decoded(raw: bytes, shown: str) -> str:
    """The text of a document, if it can be stored as it is: UTF-8, Unicode NFC, not empty."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise AddSourceError(
            f"{shown}: byte {exc.start} (0x{raw[exc.start]:02x}) is not UTF-8; save the document as UTF-8 and add "
            "it again (source texts are stored byte for byte, so the tool does not convert them)"
        ) from None
    if not text.strip():
        raise AddSourceError(f"{shown}: the file holds no text")
    if not unicodedata.is_normalized("NFC", text):
        normal = unicodedata.normalize("NFC", text)
        at = next(
            (i for i, (a, b) in enumerate(zip(text, normal, strict=False)) if a != b), min(len(text), len(normal))
        )
        raise AddSourceError(
            f"{shown}: the text is not in Unicode NFC (from character {at}: {text[at : at + 12]!a}), and evidence "
            "quotes are compared character by character; normalise it to NFC (Python: unicodedata.normalize('NFC', "
            "text)), add the normalised file and say so in the note of its sources.csv row"
        )
    return text


def _read_tables(data: Path) -> tuple[list[list[str]], list[list[str]]]:
    """The sources and evidence rows as text, if the validator's reader accepts both files (else it refuses)."""
    package = from_layout(data, f"{DATA_DIR.as_posix()}/")
    found = []
    for model in (Source, Evidence):
        table = rows_to_rewrite(package, data, model.table, f"{DATA_DIR.as_posix()}/")
        if isinstance(table, list):
            where = "; ".join(str(problem) for problem in table[:3])
            raise AddSourceError(f"{where}; fix it first (`crocus-data validate .` says how); nothing was written")
        if table.header != column_names(model):
            raise AddSourceError(
                f"{record_file(model.table)}'s header is not the {model.table} table's; fix it first "
                "(`crocus-data validate .` says how)"
            )
        found.append(table.rows)
    return found[0], found[1]


def _released_source_ids(root: Path) -> set[str]:
    """Every source id some release recorded: a retired id is never given again."""
    from crocus_data.history.gate import ids, tombstoned
    from crocus_data.history.inputs import released
    from crocus_data.history.manifest import read_manifest
    from crocus_data.history.snapshot import SnapshotError

    found: set[str] = set()
    try:
        for _, relative in released(root):
            snapshot = read_manifest(root / relative)
            found |= {key for key in [*ids(snapshot), *(tombstoned(snapshot) or {})] if key.startswith("src-")}
    except SnapshotError as exc:
        raise AddSourceError(f"{exc}; the ids releases used cannot be known, so none is given", 2) from None
    return found


def next_source_id(taken: set[str], filenames: list[str]) -> str:
    """``src-NNN``, one past the highest number any id or text file name already has."""
    numbers = [int(m.group(1)) for key in taken if (m := re.fullmatch(r"src-([0-9]{1,18})", key))]
    numbers += [int(m.group(1)) for name in filenames if (m := re.match(r"([0-9]{1,18})_", name))]
    return f"src-{max(numbers, default=-1) + 1:03d}"


def _copied_before(data: Path, rows: list[list[str]], sha256: str, content: bytes) -> tuple[str, str] | None:
    """(id, file name) of a copy of this text that an earlier run wrote but no sources row names yet."""
    named = {row[1] for row in rows if len(row) > 1}
    for path in sorted((data / "sources").glob(f"*_{sha256[:16]}.txt")):
        source_id = f"src-{path.name.removesuffix(f'_{sha256[:16]}.txt')}"
        if path.name in named or not re.fullmatch(key_pattern("src"), source_id):
            continue
        if read_inside(data, source_file(path.name), len(content)) == content:
            return source_id, path.name
    return None


def _row(record: Source | Evidence) -> list[str]:
    return [format_cell(value) for value in column_values(record)]


def _dateline_note(dateline: Dateline) -> str:
    return f"The first line of the document reads '{dateline.line}', taken as its dateline."


def add_source(root: Path, file: Path, source_id: str | None = None) -> Added:
    """Add the text of ``file`` to the checkout at ``root``; see the module docstring."""
    data = root / DATA_DIR
    if not is_directory_inside(root, DATA_DIR.as_posix()) or not is_directory_inside(data, "sources"):
        raise AddSourceError(f"{root} is not a checkout ({DATA_DIR.as_posix()}/sources is not a folder inside it)", 2)
    content = read_regular(file, str(file), MAX_SOURCE_BYTES)
    if isinstance(content, Problem):
        raise AddSourceError(str(content), 2)
    text = decoded(content, file.name)
    sha256 = hashlib.sha256(content).hexdigest()
    rows, evidence = _read_tables(data)
    names = column_names(Source)
    existing = next((row for row in rows if len(row) == len(names) and row[names.index("sha256")] == sha256), None)
    if existing is not None:
        if source_id is not None and source_id != existing[0]:
            raise AddSourceError(f"this text is already in the package as {existing[0]}; nothing was written")
        source_id, filename = existing[0], existing[names.index("filename")]
    elif (orphan := _copied_before(data, rows, sha256, content)) is not None and source_id in (None, orphan[0]):
        source_id, filename = orphan  # a run that stopped after copying the text: finish it under the same id
    else:
        taken = {row[0] for row in rows if row} | _released_source_ids(root)
        if source_id is None:
            source_id = next_source_id(taken, [p.name for p in (data / "sources").glob("*.txt")])
        elif not re.fullmatch(key_pattern("src"), source_id):
            raise AddSourceError(f"'{source_id}' is not a source id (src- then lower-case letters, digits, hyphens)")
        elif source_id in taken:
            raise AddSourceError(f"{source_id} is taken (by a source, now or in a release); ids are never reused")
        number = source_id.removeprefix("src-")
        filename = f"{number}_{sha256[:16]}.txt"
    if not re.fullmatch(FILENAME, filename):
        raise AddSourceError(f"sources.csv names the file {filename!r}, which is no source file name; fix it first")
    added = Added(source_id, filename, sha256, len(content), find_dateline(text), Split(source_id, text))
    try:
        _write_text(added, root, content)
        _write_rows(added, root, rows, evidence, existing)
        _write_descriptors(added, root, existing)
    except RefusedError as exc:
        raise AddSourceError(f"{exc}; {_written(added)}", 2) from None
    return added


def _written(added: Added) -> str:
    if not added.written:
        return "nothing was written"
    return "written before that: " + ", ".join(path.as_posix() for path in added.written)


def _write_text(added: Added, root: Path, content: bytes) -> None:
    relative = DATA_DIR / source_file(added.filename)
    if os.path.lexists(root / relative):
        if read_inside(root, relative.as_posix(), len(content)) != content:
            raise AddSourceError(f"{relative.as_posix()} exists with other bytes; nothing was written")
        return
    write_inside(root, relative, content)
    added.written.append(relative)


def _source(added: Added, title: str | None = None) -> Source:
    """The sources row: what the file and its dateline say, and nothing more.

    Built without validation on purpose: with no dateline the row leaves ``published_note`` for the
    contributor, and ``validate`` asks for it.
    """
    dateline = added.dateline
    if dateline is not None:
        day = dateline.day
        published = DateBounds.model_construct(
            earliest=day,
            latest=day,
            precision=DatePrecision.DAY,
            derivation=DateDerivation.STATED,
            note=_dateline_note(dateline),
        )
    else:
        published = DateBounds.model_construct(
            earliest=None, latest=None, precision=DatePrecision.OPEN, derivation=DateDerivation.NOT_REPORTED, note=None
        )
    return Source.model_construct(
        source_id=added.source_id, filename=added.filename, sha256=added.sha256, bytes=added.size, title=title,
        publisher=None, url=None, language=Language.EN, published=published, note=None,
    )  # fmt: skip


def _write_rows(
    added: Added, root: Path, rows: list[list[str]], evidence: list[list[str]], existing: list[str] | None
) -> None:
    dateline = added.dateline
    quoted = any(row[1:2] == [added.source_id] for row in evidence)
    note_column = column_names(Source).index("published_note")
    ours = existing is None or existing[note_column] == (_dateline_note(dateline) if dateline else "")
    if dateline is not None and not quoted and ours:
        evidence_id = f"ev-{added.source_id}-1"
        if any(row[:1] == [evidence_id] for row in evidence):
            raise AddSourceError(f"{evidence_id} is taken in evidence.csv by a row for another record; fix it first")
        row = Evidence(
            evidence_id=evidence_id,
            record_id=added.source_id,
            source_id=added.source_id,
            start=dateline.start,
            end=dateline.start + len(dateline.line),
            quote=dateline.line,
        )
        write_inside(
            root, DATA_DIR / record_file("evidence"), render_rows(column_names(Evidence), [*evidence, _row(row)])
        )
        added.written.append(DATA_DIR / record_file("evidence"))
    if existing is None:
        rows = [*rows, _row(_source(added))]
        write_inside(root, DATA_DIR / record_file("sources"), render_rows(column_names(Source), rows))
        added.written.append(DATA_DIR / record_file("sources"))


def _descriptor(root: Path, relative: Path) -> dict[str, Any]:
    """A descriptor to add to: read as ``validate`` reads one, with a resources list and a sources list."""
    raw = read_inside(root, relative.as_posix(), MAX_DESCRIPTOR_BYTES)
    try:
        if isinstance(raw, Problem):
            raise ValueError(raw.message)
        document = parse_json(raw)
        if not isinstance(document, dict) or not isinstance(document.get("resources"), list):
            raise ValueError("it has no resources list")
        if not isinstance(document.setdefault("sources", []), list):
            raise ValueError("its sources are not a list")
    except ValueError as exc:
        message = f"{relative.as_posix()} cannot be read ({exc}); run `crocus-data build` to write it again"
        raise AddSourceError(message, 2) from None
    return document


def _write_descriptors(added: Added, root: Path, existing: list[str] | None) -> None:
    title = existing[column_names(Source).index("title")] or None if existing else None
    source = _source(added, title)
    for relative, prefix in ((Path(DESCRIPTOR), f"{DATA_DIR.as_posix()}/"), (DATA_DIR / DESCRIPTOR, "")):
        if relative != Path(DESCRIPTOR) and not os.path.lexists(root / relative):
            continue  # the package's own descriptor is made by the build (git holds the top-level one)
        document = _descriptor(root, relative)
        if any(isinstance(r, dict) and r.get("name") == added.source_id for r in document["resources"]):
            continue
        text = text_resource(source, prefix)
        document["resources"].append(text)
        document["sources"].append(source_entry(text))
        write_inside(root, relative, json_bytes(document))
        added.written.append(relative)


def report(added: Added, shown: str) -> str:
    """What was done, the sentences of the text with what to do for each, and the next steps.

    Every value from the document or the file system is escaped (``echo.escape``): a sentence holding
    ESC, a line separator or ``::error`` stays one line of text, and drives no terminal or CI log.
    """
    shown = escape(shown)
    lines = []
    notes = (DATA_DIR / COVERAGE_NOTES).as_posix()
    if added.written:
        lines.append(f"added {shown} as {added.source_id}; wrote:")
        lines += [f"  {escape(path.as_posix())}" for path in added.written]
    else:
        lines.append(f"{shown} is already in the package as {added.source_id}; nothing to write")
    text = DATA_DIR / source_file(added.filename)
    lines.append(f"  the text: {text.as_posix()} ({added.size} bytes, sha256 {added.sha256[:12]}…), never to be edited")
    if added.dateline is not None:
        lines.append(
            f"  published {added.dateline.day.isoformat()} (day, stated), read from the dateline on the first line: "
            f"check it; ev-{added.source_id}-1 quotes that line"
        )
    else:
        lines.append(
            "  no dateline found: fill in published_earliest/_latest, _precision, _derivation and the reasoning "
            "in published_note (docs/encoding.md, Dates); an undated document gets only a lower bound"
        )
    lines.append("  fill in title, publisher and url in sources.csv if the document gives them")
    split = added.split
    lines += [
        "",
        f"Its {len(split.sentences)} sentence(s), each to back a record (an evidence row quoting its words) or to be",
        f"explained in {notes}:",
    ]
    dateline_sentences = _dateline_sentences(added)
    for sentence in split.sentences:
        lines.append(f"{sentence.number:>4}. {escape(sentence.text)}")
        if sentence.number in dateline_sentences:
            lines.append(f"      backs {added.source_id} (the dateline)")
        else:
            key = escape(csv_cell(split.key(sentence)))
            lines.append(
                f"      encode what it reports, or explain it: {added.source_id},{key},<why it encodes nothing>"
            )
    lines += [
        "",
        "Next (CONTRIBUTING.md): add the rows and their evidence rows (quote, empty start and end), run",
        "`crocus-data fill-offsets`, explain what encodes nothing, record the change in CHANGELOG.md, then",
        "`crocus-data build` and `crocus-data validate .`.",
    ]
    return "\n".join(lines)


def _dateline_sentences(added: Added) -> set[int]:
    if added.dateline is None:
        return set()
    start, end = added.dateline.start, added.dateline.start + len(added.dateline.line)
    return {s.number for s in added.split.sentences if s.start < end and s.end > start}
