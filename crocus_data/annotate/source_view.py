"""The source text as the workbench shows it: pieces cut at every span and sentence boundary, with offsets.

The evidence browser cuts a text at every span boundary (``site.span_segments``) so that overlapping
spans can all be highlighted; the workbench cuts it at the sentences' boundaries too, so that a
sentence that backs nothing and has no note can be marked piece by piece. Each piece carries its
code-point offsets and its UTF-16 offsets: the page builds its text nodes from the text's UTF-16
slices and reads a selection as a piece's UTF-16 start plus an offset in its node, which the server
turns back into code points (``annotate.offsets``). The page never computes an offset itself.
"""

from __future__ import annotations

from typing import Any

from crocus_data.annotate.offsets import Utf16Index
from crocus_data.annotate.records import Choice, cell
from crocus_data.checks.coverage import Split, coverage
from crocus_data.reader.package import Package
from crocus_data.site.span_segments import Span, segments

_SENTENCE = "sentence:"  # pseudo-span ids for the sentences; no evidence id has a colon


def _spans(package: Package, source_id: str) -> list[dict[str, Any]]:
    """The evidence spans quoting this source that have offsets, in text order."""
    found = [
        {
            "evidence_id": cell(row, "evidence_id"),
            "record_id": cell(row, "record_id"),
            "start": row["start"],
            "end": row["end"],
            "quote": cell(row, "quote"),
        }
        for row in package.rows("evidence")
        if row.get("source_id") == source_id and isinstance(row.get("start"), int) and isinstance(row.get("end"), int)
    ]
    return sorted(found, key=lambda span: (span["start"], span["end"], span["evidence_id"]))


def source_view(package: Package, source_id: str, labels: dict[str, Choice]) -> dict[str, Any]:
    """What the page draws: the text, its pieces, its sentences (backed, explained or to do) and its spans."""
    text = package.text(source_id) or ""
    index = Utf16Index(text)
    split = Split(source_id, text)
    spans = [span for span in _spans(package, source_id) if 0 <= span["start"] < span["end"] <= len(text)]
    cuts = [Span(span["evidence_id"], span["start"], span["end"]) for span in spans]
    cuts += [Span(f"{_SENTENCE}{s.number}", s.start, s.end) for s in split.sentences]
    pieces = []
    for piece in segments(len(text), cuts):
        within = [int(s.span_id[len(_SENTENCE) :]) for s in piece.spans if s.span_id.startswith(_SENTENCE)]
        pieces.append(
            {
                "start": piece.start,
                "end": piece.end,
                "start_utf16": index.to_utf16(piece.start),
                "end_utf16": index.to_utf16(piece.end),
                "spans": [s.span_id for s in piece.spans if not s.span_id.startswith(_SENTENCE)],
                "sentence": within[0] if within else None,
            }
        )
    covered = {item.sentence.number: item for item in coverage(package) if item.sentence.source_id == source_id}
    sentences = []
    for sentence in split.sentences:
        item = covered.get(sentence.number)
        records = list(item.records) if item else []
        sentences.append(
            {
                "number": sentence.number,
                "start": sentence.start,
                "end": sentence.end,
                "text": sentence.text,
                "key": split.key(sentence),
                "records": [_labelled(labels, record) for record in records],
                "reason": item.reason if item else None,
                "todo": not records and not (item and item.reason),
            }
        )
    for span in spans:
        span["record"] = _labelled(labels, span["record_id"])
    return {"source_id": source_id, "text": text, "pieces": pieces, "sentences": sentences, "spans": spans}


def _labelled(labels: dict[str, Choice], record_id: str) -> dict[str, str]:
    choice = labels.get(record_id)
    return choice.as_dict() if choice else {"id": record_id, "table": "", "label": record_id, "detail": ""}
