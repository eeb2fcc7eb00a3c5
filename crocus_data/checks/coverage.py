"""Coverage: each source split into sentences, each sentence with the records its evidence backs.

A sentence that backs no record must be explained in ``data/coverage_notes.csv``
(source_id, sentence, reason); the test suite fails on a sentence neither covered nor explained.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from crocus_data.checks.package import Dataset
from crocus_data.layout import COVERAGE_NOTES

_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’)]*(?=\s)")  # noqa: RUF001 (closing quotes end a sentence)


@dataclass(frozen=True)
class Sentence:
    source_id: str
    number: int
    start: int
    end: int
    text: str


def sentences(source_id: str, text: str) -> list[Sentence]:
    """Split on line breaks and after . ! ? (and closing quotes) followed by white space."""
    spans: list[tuple[int, int]] = []
    for paragraph in re.finditer(r"[^\n]+", text):
        start = paragraph.start()
        cuts = [m.end() + paragraph.start() for m in _BOUNDARY.finditer(paragraph.group())]
        for cut in [*cuts, paragraph.end()]:
            piece = text[start:cut]
            stripped_start = start + len(piece) - len(piece.lstrip())
            stripped_end = start + len(piece.rstrip())
            if stripped_end > stripped_start:
                spans.append((stripped_start, stripped_end))
            start = cut
    return [Sentence(source_id, n, s, e, text[s:e]) for n, (s, e) in enumerate(spans, start=1)]


def read_notes(data_dir: Path) -> dict[tuple[str, str], str]:
    """(source_id, sentence) -> why that sentence encodes nothing."""
    path = data_dir / COVERAGE_NOTES
    if not path.exists():
        return {}
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
    return {(row["source_id"], row["sentence"]): row["reason"] for row in reader}


@dataclass(frozen=True)
class Coverage:
    sentence: Sentence
    records: tuple[str, ...]
    reason: str | None


def coverage(dataset: Dataset, notes: dict[tuple[str, str], str]) -> list[Coverage]:
    spans = dataset.rows("evidence")
    result = []
    for source_id in sorted(dataset.texts):
        text = dataset.text(source_id) or ""
        for sentence in sentences(source_id, text):
            records = sorted(
                {
                    str(e["record_id"])
                    for e in spans
                    if e["source_id"] == source_id
                    and int(str(e["start"])) < sentence.end
                    and int(str(e["end"])) > sentence.start
                }
            )
            result.append(Coverage(sentence, tuple(records), notes.get((source_id, sentence.text))))
    return result
