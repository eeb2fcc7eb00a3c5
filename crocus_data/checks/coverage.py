"""Coverage: each source split into sentences; each sentence backs a record or is explained.

A sentence *backs a record* when some evidence span of its source overlaps it. A sentence that backs
none must be explained in ``coverage_notes.csv`` (``source_id``, ``sentence``, ``reason``), where
``sentence`` is the sentence's first words exactly as they stand in the text: enough of them to tell
it from every other sentence of that source (the whole sentence is fine). A note keyed that way
survives any change elsewhere in the text, renumbering included. ``validate`` and ``build`` report a
sentence neither backed nor explained (``coverage.unexplained``) and a note that names no sentence
(``coverage.note-orphan``) or several different ones (``coverage.note-ambiguous``).
"""

from __future__ import annotations

import bisect
import csv
import io
import itertools
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow.compute as pc

from crocus_data.checks.context import Context
from crocus_data.layout import COVERAGE_NOTES
from crocus_data.locate import occurrences
from crocus_data.problems import Problem
from crocus_data.reader.package import Package
from crocus_data.rule_registry import Rule

# A sentence ends after . ! or ? and any closing quotes, before white space (str.isspace, as \s in a regex).
SENTENCE_MARKS = ".!?"
CLOSING_QUOTES = '"”’)'  # noqa: RUF001 (closing quotes end a sentence)
NOTE_COLUMNS = ["source_id", "sentence", "reason"]
KEY_WORDS = 6  # a suggested note key has this many words, or more when fewer do not tell the sentence apart


@dataclass(frozen=True)
class Sentence:
    source_id: str
    number: int  # from 1, in the order of the text
    start: int  # code-point offsets in the text, end exclusive
    end: int
    text: str


def sentence_ends(text: str) -> list[int]:
    """Where a sentence ends: after a mark (``SENTENCE_MARKS``) and any ``CLOSING_QUOTES``, before white space.

    The same cuts as the regex ``[.!?][CLOSING_QUOTES]*(?=\\s)``, found from the marks alone.
    """
    ends = []
    size = len(text)
    for mark in SENTENCE_MARKS:
        for at in occurrences(text, mark):
            end = at + 1
            while end < size and text[end] in CLOSING_QUOTES:
                end += 1
            if end < size and text[end].isspace():
                ends.append(end)
    return ends


def sentences(source_id: str, text: str) -> list[Sentence]:
    """Split on line breaks, and after . ! ? (and closing quotes) followed by white space; strip each piece."""
    cuts = {0, len(text)}
    cuts.update(sentence_ends(text))
    cuts.update(occurrences(text, "\n"))
    ordered = sorted(cuts)
    found: list[Sentence] = []
    for start, end in itertools.pairwise(ordered):
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            first = start + len(piece) - len(piece.lstrip())
            found.append(Sentence(source_id, len(found) + 1, first, first + len(stripped), stripped))
    return found


class Split:
    """A source's sentences, with what the checks ask of them: lines, lookups by first words, short keys.

    Near-linear however alike the sentences are: the sentences are sorted once by text, so those a
    note's words begin are one contiguous run found by two binary searches, and whether they all have
    one text is a comparison of the run's two ends. A sentence's key is found from its two neighbours
    in that order (the longest prefix it shares with a different text), not by trying longer keys.
    """

    def __init__(self, source_id: str, text: str) -> None:
        self.source_id = source_id
        self.sentences = sentences(source_id, text)
        self._newlines = occurrences(text, "\n")
        self._sorted = sorted(self.sentences, key=lambda sentence: (sentence.text, sentence.number))
        self._texts = [sentence.text for sentence in self._sorted]

    def line(self, sentence: Sentence) -> int:
        """The line (from 1) of the text on which the sentence starts."""
        return bisect.bisect_left(self._newlines, sentence.start) + 1

    def run_of(self, words: str) -> tuple[int, int]:
        """The run [low, high) of sorted texts that begin with ``words``: two binary searches."""
        low = bisect.bisect_left(self._texts, words)
        return low, bisect.bisect_left(self._texts, _after_all_beginning_with(words), lo=low)

    def beginning_with(self, words: str) -> list[Sentence]:
        """The sentences whose text begins with ``words``, in order of text (a contiguous run of the sorted texts)."""
        low, high = self.run_of(words)
        return self._sorted[low:high]

    def named_by(self, words: str) -> tuple[list[Sentence], bool]:
        """The sentences a note names, and whether its words are ambiguous.

        Words equal to a sentence name it (and its identical copies, if the text repeats it); other
        words name the sentences they begin, which must all have the same text.
        """
        low, high = self.run_of(words)
        if low < high and self._texts[low] == words:
            return self._sorted[low : bisect.bisect_right(self._texts, words, lo=low, hi=high)], False
        if low < high and self._texts[low] != self._texts[high - 1]:
            return [], True
        return self._sorted[low:high], False

    def named_run(self, words: str) -> tuple[int, int] | None:
        """Where in sorted order the sentences a note names stand, or None when it names none or is ambiguous.

        Two notes naming the same sentences give the same run, so a caller can take each run once.
        """
        low, high = self.run_of(words)
        if low < high and self._texts[low] == words:
            return low, bisect.bisect_right(self._texts, words, lo=low, hi=high)
        if low == high or self._texts[low] != self._texts[high - 1]:
            return None
        return low, high

    def numbers(self, low: int, high: int) -> list[int]:
        """The numbers of the sentences of a run, in text order."""
        return [sentence.number for sentence in self._sorted[low:high]]

    def key(self, sentence: Sentence) -> str:
        """The sentence's first words, enough of them to name it alone (at least ``KEY_WORDS``)."""
        low = bisect.bisect_left(self._texts, sentence.text)
        high = bisect.bisect_right(self._texts, sentence.text, lo=low)
        shared = max(
            (_common_prefix(sentence.text, self._texts[i]) for i in (low - 1, high) if 0 <= i < len(self._texts)),
            default=-1,
        )
        words = sentence.text.split(" ")
        for count in range(min(KEY_WORDS, len(words)), len(words)):
            key = " ".join(words[:count])
            if len(key) > shared:  # no differently worded sentence begins with it
                return key
        return sentence.text


def _after_all_beginning_with(words: str) -> str:
    """The least string greater than every string that begins with ``words`` (for a binary search)."""
    stripped = words.rstrip(chr(sys.maxunicode))
    if not stripped:
        return chr(sys.maxunicode) * (len(words) + 1)  # no text sorts after it: the run goes to the end
    return stripped[:-1] + chr(ord(stripped[-1]) + 1)


def _common_prefix(first: str, second: str) -> int:
    """How many leading characters two texts share (a binary search over slices, compared in C)."""
    low, high = 0, min(len(first), len(second))
    while low < high:
        middle = (low + high + 1) // 2
        if first[:middle] == second[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def clipped(text: str, width: int = 60) -> str:
    """A long text cut to ``width`` characters, so that a message stays short."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


@dataclass(frozen=True)
class Note:
    source_id: str
    sentence: str  # the sentence's first words
    reason: str
    line: int  # in coverage_notes.csv (the header is line 1)


def parse_notes(raw: bytes, file: str) -> tuple[list[Note], list[Problem]]:
    """The notes in a coverage_notes.csv file, and the problems that keep any line from being one."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return [], [Problem(file, line, None, Rule.FILE_ENCODING, f"byte {exc.start} is not UTF-8; save it as UTF-8")]
    if text.startswith("\ufeff"):
        return [], [Problem(file, 1, None, Rule.FILE_ENCODING, "the file starts with a byte-order mark; remove it")]
    reader = csv.reader(io.StringIO(text, newline=""))
    notes: list[Problem | Note] = []
    try:
        header = next(reader, None)
        if header != NOTE_COLUMNS:
            message = f"the header must be {','.join(NOTE_COLUMNS)}, not {','.join(header or [])!r}"
            return [], [Problem(file, 1, None, Rule.FILE_HEADER, message)]
        line = reader.line_num + 1
        for cells in reader:
            notes.append(_note(cells, file, line))
            line = reader.line_num + 1
    except csv.Error as exc:
        notes.append(Problem(file, reader.line_num, None, Rule.ROW_LENGTH, f"cannot be read as CSV: {exc}"))
    return [n for n in notes if isinstance(n, Note)], [p for p in notes if isinstance(p, Problem)]


def _note(cells: list[str], file: str, line: int) -> Note | Problem:
    if len(cells) != len(NOTE_COLUMNS):
        message = f"{len(cells)} cells where {len(NOTE_COLUMNS)} are expected; quote cells that hold commas"
        return Problem(file, line, None, Rule.ROW_LENGTH, message)
    for name, cell in zip(NOTE_COLUMNS, cells, strict=True):
        if not cell:
            return Problem(file, line, name, Rule.CELL_REQUIRED, "this column needs a value")
    return Note(cells[0], cells[1], cells[2], line)


@dataclass(frozen=True)
class Coverage:
    sentence: Sentence
    records: tuple[str, ...]
    reason: str | None


def _evidence_spans(
    package: Package, source_id: str, *, records: bool = True
) -> tuple[np.ndarray, np.ndarray, list[str]] | None:
    """The evidence spans of a source (starts, ends, and unless not ``records`` record ids); None while one of
    them lacks offsets."""
    evidence = package.tables.get("evidence")
    if evidence is None or evidence.table is None:
        return None
    spans = evidence.table.select(["start", "end", "record_id"])  # not the quotes: a filter copies what it keeps
    mine = spans.filter(pc.fill_null(pc.equal(evidence.column("source_id"), source_id), False))
    if mine.column("start").null_count or mine.column("end").null_count:
        return None  # the empty offsets are reported with what to do; coverage waits for them
    return (
        mine.column("start").to_numpy(),
        mine.column("end").to_numpy(),
        [str(record) for record in mine.column("record_id").to_pylist()] if records else [],
    )


def _first_and_last(split: Split, starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each span [start, end), the first and last sentence it overlaps (first > last: none)."""
    sentence_starts = np.array([sentence.start for sentence in split.sentences], np.int64)
    sentence_ends = np.array([sentence.end for sentence in split.sentences], np.int64)
    first = np.searchsorted(sentence_ends, starts, side="right")  # the first sentence ending after the span starts
    last = np.searchsorted(sentence_starts, ends, side="left") - 1  # the last sentence starting before it ends
    return first, last


def backed(split: Split, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Which sentences some span overlaps: two binary searches per span, then one running sum."""
    count = len(split.sentences)
    if not count or not len(starts):
        return np.zeros(count, dtype=bool)
    first, last = _first_and_last(split, starts, ends)
    hits = first <= last
    marks = np.zeros(count + 1, dtype=np.int64)
    np.add.at(marks, first[hits], 1)
    np.add.at(marks, last[hits] + 1, -1)
    return np.asarray(np.cumsum(marks[:-1]) > 0)


def notes_of(package: Package) -> tuple[list[Note], list[Problem]]:
    """The package's coverage notes, and the problems met reading them."""
    if package.notes is None:
        return [], []
    return parse_notes(package.notes, package.notes_file)


def _reasons(split: Split, notes: Sequence[Note]) -> dict[int, str]:
    """Sentence number -> the reason the notes give for it (the first note naming it)."""
    reasons: dict[int, str] = {}
    runs: set[int] = set()
    for note in notes:
        run = split.named_run(note.sentence)
        if run is None or run[0] in runs:
            continue  # names nothing, is ambiguous, or names what an earlier note named: the first note stands
        runs.add(run[0])
        for number in split.numbers(*run):
            reasons.setdefault(number, note.reason)
    return reasons


def coverage(package: Package) -> list[Coverage]:
    """Every sentence of every source text, with the records whose evidence falls in it or the note on it."""
    notes, _ = notes_of(package)
    result = []
    for source_id in sorted(package.texts):
        split = Split(source_id, package.text(source_id) or "")
        reasons = _reasons(split, [note for note in notes if note.source_id == source_id])
        records: list[set[str]] = [set() for _ in split.sentences]
        spans = _evidence_spans(package, source_id)
        if spans is not None and split.sentences:
            first, last = _first_and_last(split, spans[0], spans[1])
            for record, low, high in zip(spans[2], first.tolist(), last.tolist(), strict=True):
                for index in range(low, high + 1):
                    records[index].add(record)
        for sentence, backing in zip(split.sentences, records, strict=True):
            result.append(Coverage(sentence, tuple(sorted(backing)), reasons.get(sentence.number)))
    return result


def check_coverage(context: Context) -> Iterator[Problem]:
    """Every sentence backs a record or is explained; every note names one sentence of its source.

    A source is judged only when its text is the one recorded, every evidence row quoting it has its
    offsets and the notes file could be read: otherwise the problem that stands in the way is
    reported instead, once. A source no evidence row quotes at all is reported once, as
    ``source.uncited``, not sentence by sentence.
    """
    package = context.package
    sources, evidence = package.tables.get("sources"), package.tables.get("evidence")
    if sources is None or sources.table is None or evidence is None or evidence.table is None:
        return
    notes, problems = notes_of(package)
    yield from problems
    recorded = {str(row["source_id"]): row["sha256"] for row in package.rows("sources")}
    cited = set(pc.unique(evidence.column("source_id")).drop_null().to_pylist())
    by_source: dict[str, list[Note]] = {}
    for note in notes:
        if note.source_id in recorded:
            by_source.setdefault(note.source_id, []).append(note)
        else:
            message = f"names the source '{note.source_id}', which sources.csv does not list; fix the source_id"
            yield Problem(package.notes_file, note.line, "source_id", Rule.COVERAGE_NOTE_ORPHAN, message)
    for source_id in sorted(recorded):
        if source_id not in context.utf8 or context.digests.get(source_id) != recorded[source_id]:
            continue  # missing, altered or undecodable: check_sources reports it
        text = package.texts[source_id].decode("utf-8")  # one text at a time, let go after its sentences
        split = Split(source_id, text)
        mine = by_source.get(source_id, [])
        yield from _check_notes(package.notes_file, split, mine)
        spans = _evidence_spans(package, source_id, records=False)
        if source_id not in cited or spans is None or problems:
            continue  # uncited: source.uncited says it once; a broken notes file: which are explained is unknown
        explained = _reasons(split, mine)
        for sentence, is_backed in zip(split.sentences, backed(split, spans[0], spans[1]).tolist(), strict=True):
            if is_backed or sentence.number in explained:
                continue
            message = (
                f"sentence {sentence.number} ('{clipped(sentence.text)}') backs no record and has no note: quote it "
                f"in evidence.csv for the records it supports, or explain it in {COVERAGE_NOTES} with the line "
                f"{source_id},{csv_cell(split.key(sentence))},<why it encodes nothing>"
            )
            where = package.text_files[source_id]
            yield Problem(where, split.line(sentence), None, Rule.COVERAGE_UNEXPLAINED, message)


def csv_cell(text: str) -> str:
    """A cell as a CSV line writes it (quoted when it holds a comma, a quote or a line break)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow([text])
    return buffer.getvalue()


def _check_notes(file: str, split: Split, notes: Sequence[Note]) -> Iterator[Problem]:
    for note in notes:
        if split.named_run(note.sentence) is not None:
            continue
        low, high = split.run_of(note.sentence)
        if low < high:  # ambiguous: the first ten of the run in text order, not all of it sorted, stay linear
            numbers = sorted(split.numbers(low, min(high, low + 10)))
            listed = ", ".join(map(str, numbers)) + (" ..." if high - low > 10 else "")
            message = (
                f"'{clipped(note.sentence)}' begins several different sentences of {split.source_id} "
                f"(numbers {listed}); copy more of the sentence's first words"
            )
            yield Problem(file, note.line, "sentence", Rule.COVERAGE_NOTE_AMBIGUOUS, message)
        else:
            message = (
                f"'{clipped(note.sentence)}' begins no sentence of {split.source_id}; copy the sentence's first "
                "words exactly (docs/coverage.md lists the sentences), or delete the note"
            )
            yield Problem(file, note.line, "sentence", Rule.COVERAGE_NOTE_ORPHAN, message)
