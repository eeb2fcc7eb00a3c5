"""Generate a realistic contribution: N statements over six large non-ASCII source texts.

The old benchmark quoted one short English span a million times, so the validator's per-quote work
(cutting the text at the offsets, comparing, checking names) ran once and was never measured. A real
contribution quotes a different span in every evidence row, mostly outside ASCII, sometimes across a
line break, from texts of several megabytes. This writes such a package, deterministically (seeded):

* six source texts (~15 MB each at 1M statements, scaled down linearly for smaller N, at least
  250 kB), words of Cyrillic, Greek and CJK separated by no-break spaces, curly quotes, guillemets and
  CJK punctuation, lines of ~1000 characters; over 99% of the characters are non-ASCII, all NFC;
* N statements, ~N/10 actors, ~N/10 figures, small proportional claims, actor links, materials,
  detentions, treatment reports, incidents, places, links and statement relations, and ~1.2N evidence
  rows, one or more per row of every table;
* every quote a distinct span of 20-300 code points cut at word boundaries (start/end are code-point
  offsets, end exclusive), ~15% spanning a line break; every cell that must be verbatim (actor names,
  figure wordings, claim values, places, treatment and material descriptions) is words of its own
  evidence quote, and the optional verbatim cells are left empty; every foreign key resolves; dates
  respect the publication and incident rules; no text cell starts with = + - @.

Columns come from the shipped CSV headers and enums from the shipped descriptor, so nothing here
imports crocus_data. Vectorised with numpy / Arrow; writing is done by polars.

    python benchmarks/realistic.py 100000 /tmp/pkg     # then: crocus-data validate /tmp/pkg
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
from package_layout import (
    DESCRIPTOR,
    NOTES,
    RECORDS,
    SOURCES,
    csv_resources,
    headers,
    json_bytes,
    package_descriptor,
    read_descriptor,
    shipped_data_dir,
    text_resource,
)

SEED = 20240322
TEXTS = 6
FULL_TEXT_BYTES = 15_000_000  # per text at 1M statements; crocus-data refuses texts over 16 MiB
MIN_TEXT_BYTES = 250_000
MIN_QUOTE, MAX_QUOTE = 20, 300
MAX_CORE = 260  # a span is widened to word boundaries (and, if it repeats another, by a word or two)
MAX_WORD = 12
VOCABULARY = 60_000
PHRASES = 20_000
NEWLINE_WEIGHT = 0.0075  # ~1000-character lines: ~15% of 20-300 character quotes cross one

Ints = np.ndarray[Any, np.dtype[np.int64]]

# Word separators (one or two code points each) and how often each follows a word.
SEPARATORS: dict[str, float] = {
    "\u00a0": 0.78,  # no-break space
    "\uff0c": 0.04,  # fullwidth comma
    "\u3002": 0.03,  # ideographic full stop
    "\u3001": 0.02,  # ideographic comma
    "\u3000": 0.02,  # ideographic space
    "\u00a0\u00ab": 0.02,  # guillemets
    "\u00bb\u00a0": 0.02,
    "\u00a0\u201c": 0.015,  # curly double quotes
    "\u201d\u00a0": 0.015,
    "\u2018": 0.005,  # curly single quotes
    "\u2019\u00a0": 0.005,
    "\u00a0\u2014\u00a0": 0.01,  # em dash
    "\u2026\u00a0": 0.005,  # ellipsis
    ",\u00a0": 0.002,  # a little ASCII punctuation, so the CSV needs quoting now and then
    '\u00a0"': 0.001,
    ";\u00a0": 0.001,
    "\u3002\n": NEWLINE_WEIGHT,
}
CYRILLIC = np.array([*range(0x0430, 0x0450), 0x0451], np.uint32)
GREEK = np.array(
    [c for c in range(0x03B1, 0x03CA) if c != 0x03C2] + [0x03AC, 0x03AD, 0x03AE, 0x03AF, 0x03CC], np.uint32
)
CJK = np.arange(0x4E00, 0x4E00 + 3000, dtype=np.uint32)


@dataclass
class Text:
    """One source text: its string, UTF-8 bytes and where its words and line breaks are (code points)."""

    source_id: str
    filename: str
    text: str
    raw: bytes
    word_starts: Ints
    word_ends: Ints
    newlines: Ints

    def cut(self, start: Ints, end: Ints) -> list[str]:
        """text[start:end] for each span (code-point offsets)."""
        text = self.text
        return [text[a:b] for a, b in zip(start.tolist(), end.tolist(), strict=True)]

    def crosses_line(self, start: Ints, end: Ints) -> np.ndarray[Any, np.dtype[np.bool_]]:
        result: np.ndarray[Any, np.dtype[np.bool_]] = np.searchsorted(self.newlines, start) < np.searchsorted(
            self.newlines, end
        )
        return result


def _vocabulary(rng: np.random.Generator) -> tuple[np.ndarray[Any, np.dtype[np.uint32]], Ints]:
    """Words of three scripts as one flat code-point array plus offsets; some capitalised like names."""
    script = rng.choice(3, size=VOCABULARY, p=[0.5, 0.2, 0.3])
    lengths = np.where(script == 2, rng.integers(1, 5, VOCABULARY), rng.integers(2, MAX_WORD + 1, VOCABULARY))
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    owner = np.repeat(script, lengths)
    flat = np.empty(int(offsets[-1]), np.uint32)
    for code, alphabet in enumerate((CYRILLIC, GREEK, CJK)):
        mine = owner == code
        flat[mine] = alphabet[rng.integers(0, len(alphabet), int(mine.sum()))]
    first = offsets[:-1]
    capital = (script < 2) & (rng.random(VOCABULARY) < 0.15)
    capital &= ((flat[first] >= 0x0430) & (flat[first] <= 0x044F)) | ((flat[first] >= 0x03B1) & (flat[first] <= 0x03C9))
    flat[first[capital]] -= 0x20  # lower to upper case (final sigma is never used)
    return flat, offsets.astype(np.int64)


def _pool(rng: np.random.Generator) -> tuple[np.ndarray[Any, np.dtype[np.uint32]], Ints, Ints, int]:
    """Words then separators as one pool of pieces: (code points, offsets, lengths, number of words)."""
    words, word_offsets = _vocabulary(rng)
    separators = [np.array([ord(c) for c in s], np.uint32) for s in SEPARATORS]
    flat = np.concatenate([words, *separators])
    lengths = np.concatenate([np.diff(word_offsets), [len(s) for s in separators]]).astype(np.int64)
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    return flat, offsets, lengths, VOCABULARY


def _text_code_points(
    rng: np.random.Generator, pool: tuple[np.ndarray[Any, np.dtype[np.uint32]], Ints, Ints, int], target_bytes: int
) -> np.ndarray[Any, np.dtype[np.uint32]]:
    """Zipf-distributed words joined by separators, cut to at most target_bytes of UTF-8."""
    flat, offsets, lengths, words = pool
    ranks = np.arange(words, dtype=np.float64)
    word_p = 1.0 / (ranks + 2.7) ** 1.05
    word_p /= word_p.sum()
    sep_p = np.array(list(SEPARATORS.values()))
    sep_p /= sep_p.sum()
    tokens = int(target_bytes / 14) + 1000  # ~14 UTF-8 bytes per word and separator; checked below
    while True:
        pieces = np.empty(2 * tokens, np.int64)
        pieces[0::2] = rng.choice(words, size=tokens, p=word_p)
        pieces[1::2] = words + rng.choice(len(sep_p), size=tokens, p=sep_p)
        piece_lengths = lengths[pieces]
        out_starts = np.concatenate([[0], np.cumsum(piece_lengths)[:-1]])
        total = int(out_starts[-1] + piece_lengths[-1])
        points = flat[np.repeat(offsets[pieces] - out_starts, piece_lengths) + np.arange(total)]
        utf8 = 1 + (points >= 0x80).astype(np.int64) + (points >= 0x800)
        if utf8.sum() > target_bytes:
            break
        tokens *= 2
    cut = int(np.searchsorted(np.cumsum(utf8), target_bytes, side="right"))
    return points[:cut]


def _text(rng: np.random.Generator, pool: Any, number: int, target_bytes: int) -> Text:
    points = _text_code_points(rng, pool, target_bytes)
    separator_points = np.unique(np.array([ord(c) for s in SEPARATORS for c in s], np.uint32))
    letter = ~np.isin(points, separator_points)
    before = np.concatenate([[False], letter[:-1]])
    after = np.concatenate([letter[1:], [False]])
    text = points.astype("<u4").tobytes().decode("utf-32-le")
    raw = text.encode("utf-8")
    source_id = f"src-bench-{number}"
    return Text(
        source_id=source_id,
        filename=f"bench_{number}_{hashlib.sha256(raw).hexdigest()[:16]}.txt",
        text=text,
        raw=raw,
        word_starts=np.flatnonzero(letter & ~before).astype(np.int64),
        word_ends=(np.flatnonzero(letter & ~after) + 1).astype(np.int64),
        newlines=np.flatnonzero(points == ord("\n")).astype(np.int64),
    )


def _widen(text: Text, start: Ints, end: Ints) -> tuple[Ints, Ints]:
    """Widen spans outwards to whole words: start at a word's first letter, end after a word's last."""
    first = np.searchsorted(text.word_starts, start, side="right") - 1
    last = np.searchsorted(text.word_ends, end, side="left")
    return text.word_starts[np.maximum(first, 0)], text.word_ends[np.minimum(last, len(text.word_ends) - 1)]


def _plain_spans(rng: np.random.Generator, text: Text, count: int) -> tuple[Ints, Ints]:
    length = rng.integers(MIN_QUOTE, MAX_CORE + 1, count)
    start = (rng.random(count) * (text.word_ends[-1] - length)).astype(np.int64)
    return _widen(text, start, start + length)


def _named_spans(rng: np.random.Generator, text: Text, count: int) -> tuple[Ints, Ints, Ints, Ints]:
    """(name start, name end, quote start, quote end): 1-3 words on one line, and a span around them."""
    words = len(text.word_starts)
    first = rng.integers(0, words - 3, count)
    last = first + rng.integers(0, 3, count)
    name_start, name_end = text.word_starts[first], text.word_ends[last]
    one_line = ~text.crosses_line(name_start, name_end)
    name_end = np.where(one_line, name_end, text.word_ends[first])
    name_length = name_end - name_start
    length = np.maximum(rng.integers(MIN_QUOTE, MAX_CORE + 1, count), name_length)
    before = (rng.random(count) * (length - name_length + 1)).astype(np.int64)
    start = np.maximum(name_start - before, 0)
    end = np.minimum(start + length, text.word_ends[-1])
    quote_start, quote_end = _widen(text, start, end)
    return name_start, name_end, quote_start, quote_end


def _make_distinct(texts: list[Text], source: Ints, start: Ints, end: Ints) -> None:
    """Widen repeated spans by a word until every (source, start, end) is different (in place)."""
    while True:
        keys = (source << 50) | (start << 25) | end
        _, first = np.unique(keys, return_index=True)
        repeated = np.ones(len(keys), bool)
        repeated[first] = False
        if not repeated.any():
            return
        for number, text in enumerate(texts):
            rows = np.flatnonzero(repeated & (source == number))
            if len(rows) == 0:
                continue
            longer = np.searchsorted(text.word_ends, end[rows], side="right")
            can_extend = longer < len(text.word_ends)
            end[rows[can_extend]] = text.word_ends[longer[can_extend]]
            earlier = np.searchsorted(text.word_starts, start[rows[~can_extend]], side="left") - 1
            start[rows[~can_extend]] = text.word_starts[np.maximum(earlier, 0)]


class Columns:
    """Builds string columns for one table: ids, picks from a phrase pool, dates, enums, optional cells."""

    def __init__(self, rng: np.random.Generator, phrases: pa.Array, enums: dict[str, dict[str, list[str]]]) -> None:
        self.rng, self.phrases, self.enums = rng, phrases, enums

    def ids(self, prefix: str, count: int) -> pa.Array:
        numbers = pc.cast(pa.array(np.arange(count)), pa.string())
        return pc.binary_join_element_wise(f"{prefix}-bench-", numbers, "")

    def present(self, count: int, share: float) -> np.ndarray[Any, np.dtype[np.bool_]]:
        result: np.ndarray[Any, np.dtype[np.bool_]] = self.rng.random(count) < share
        return result

    def phrase(self, count: int, share: float = 1.0) -> pa.Array:
        picks = self.rng.integers(0, len(self.phrases), count)
        return self.phrases.take(pa.array(picks, mask=~self.present(count, share)))

    def pick(self, keys: pa.Array, count: int, share: float = 1.0, mask: Any = None) -> pa.Array:
        """Random references into ``keys`` (null where absent, or where ``mask`` is false)."""
        present = self.present(count, share) if mask is None else np.asarray(mask)
        return keys.take(pa.array(self.rng.integers(0, len(keys), count), mask=~present))

    def enum(self, table: str, column: str, count: int, values: list[str] | None = None) -> pa.Array:
        allowed = self.enums[table][column]
        choices = values or allowed
        assert set(choices) <= set(allowed), (table, column, choices)
        return pa.array(np.array(choices, dtype=object)[self.rng.integers(0, len(choices), count)], pa.string())

    def choose(self, values: list[str], p: list[float], count: int) -> np.ndarray[Any, np.dtype[Any]]:
        return np.array(values, dtype=object)[self.rng.choice(len(values), size=count, p=p)]


def _dates(days: np.ndarray[Any, np.dtype[Any]], present: Any = True) -> pa.Array:
    """Days since 1970 as 'YYYY-MM-DD' strings, null where not present."""
    array = pa.array(np.asarray(days, dtype="datetime64[D]"), mask=~np.broadcast_to(present, np.shape(days)))
    return pc.cast(array, pa.string())


def _date_columns(cols: Columns, prefix: str, base: np.ndarray[Any, np.dtype[Any]]) -> dict[str, pa.Array]:
    """``<prefix>_*`` date bounds from ``base`` on: a day, a range, a month or an open interval, with
    precision, derivation and note consistent with each other; latest stays before 2024-06-01."""
    count = len(base)
    kind = cols.choose(["day", "range", "month", "open"], [0.4, 0.4, 0.1, 0.1], count)
    month = (base + 5).astype("datetime64[M]")
    earliest = np.where(kind == "month", month.astype("datetime64[D]"), base)
    latest = base + np.where(kind == "range", cols.rng.integers(1, 31, count), 0)
    latest = np.where(kind == "month", (month + 1).astype("datetime64[D]") - 1, latest)
    # No date is stated: a stated date is written in its row's evidence (date.stated), and the generated
    # texts write none. Each is computed, with its note.
    derivation = np.where(np.isin(kind, ["day", "range"]), "relative", "bounded_by_context")
    without_note = np.zeros(count, dtype=bool)
    return {
        f"{prefix}_earliest": _dates(earliest),
        f"{prefix}_latest": _dates(latest, kind != "open"),
        f"{prefix}_precision": pa.array(kind, pa.string()),
        f"{prefix}_derivation": pa.array(derivation, pa.string()),
        f"{prefix}_note": pc.if_else(pa.array(without_note), pa.nulls(count, pa.string()), cols.phrase(count)),
    }


def _attributed(cols: Columns, statements: pa.Array, count: int) -> dict[str, pa.Array]:
    """attribution, and statement_id exactly when it is 'speaker'."""
    attribution = cols.choose(["speaker", "source", "unattributed"], [0.5, 0.4, 0.1], count)
    return {
        "attribution": pa.array(attribution, pa.string()),
        "statement_id": cols.pick(statements, count, mask=attribution == "speaker"),
    }


def _write(path: Path, header: list[str], columns: dict[str, pa.Array]) -> None:
    assert sorted(header) == sorted(columns), (path.name, set(header) ^ set(columns))
    table = pa.table({name: pc.cast(columns[name], pa.string()) for name in header})
    with path.open("wb") as stream:
        stream.write((",".join(header) + "\n").encode("utf-8"))
        frame = pl.from_arrow(table)
        assert isinstance(frame, pl.DataFrame)
        frame.write_csv(stream, include_header=False, quote_style="necessary")


@dataclass
class Summary:
    rows: dict[str, int]
    text_bytes: int
    line_crossing: float
    non_ascii: float
    seconds: float


def _write_notes(path: Path, texts: list[Text], source: Ints, start: Ints, end: Ints) -> None:
    """A coverage note for each line no evidence span falls in, so the package stays valid.

    These texts hold no . ! or ?, so each line is one sentence (docs/encoding.md, "Sentences and
    coverage notes"); a note names it by its whole text, stripped as the validator strips it.
    """
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(["source_id", "sentence", "reason"])
        for number, text in enumerate(texts):
            rows = source == number
            line_ends = np.concatenate([text.newlines, [len(text.text)]])
            line_starts = np.concatenate([[0], text.newlines + 1])
            first = np.searchsorted(line_ends, start[rows], side="right")
            last = np.searchsorted(line_starts, end[rows], side="left") - 1
            marks = np.zeros(len(line_ends) + 1, np.int64)
            np.add.at(marks, first, 1)
            np.add.at(marks, last + 1, -1)
            for line in np.flatnonzero(np.cumsum(marks[:-1]) == 0).tolist():
                sentence = text.text[line_starts[line] : line_ends[line]].strip()
                if sentence:
                    writer.writerow([text.source_id, sentence, "benchmark: generated words, quoted nowhere"])


def generate(root: Path, n: int, seed: int = SEED, text_bytes: int | None = None) -> Summary:
    """Write a valid package with n statements under root (which must not hold one already)."""
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    shipped_dir = shipped_data_dir()
    shipped = read_descriptor(shipped_dir)
    columns_of = headers(shipped_dir)
    enums = {
        r["name"]: {
            f["name"]: f["constraints"]["enum"] for f in r["schema"]["fields"] if "enum" in f.get("constraints", {})
        }
        for r in csv_resources(shipped)
    }
    (root / RECORDS).mkdir(parents=True)
    (root / SOURCES).mkdir()
    size = text_bytes or max(MIN_TEXT_BYTES, FULL_TEXT_BYTES * n // 1_000_000)
    pool = _pool(rng)
    texts = [_text(rng, pool, number, size) for number in range(1, TEXTS + 1)]
    for text in texts:
        (root / SOURCES / text.filename).write_bytes(text.raw)

    # Phrases for descriptive cells: 2-8 whole words of one line of the first text.
    first = texts[0]
    word = rng.integers(0, len(first.word_starts) - 8, PHRASES * 2)
    phrase_start, phrase_end = first.word_starts[word], first.word_ends[word + rng.integers(1, 8, PHRASES * 2)]
    keep = ~first.crosses_line(phrase_start, phrase_end)
    phrases = pa.array(first.cut(phrase_start[keep][:PHRASES], phrase_end[keep][:PHRASES]))
    cols = Columns(rng, phrases, enums)

    counts = {
        "sources": TEXTS,
        "incidents": max(3, n // 2000),
        "incident_links": max(2, n // 10_000),
        "actors": max(10, n // 10),
        "statements": n,
        "incident_places": max(3, n // 2000),
        "actor_claims": max(5, n // 100),
        "actor_links": max(3, n // 1000),
        "materials": max(3, n // 1000),
        "detentions": max(3, n // 1000),
        "treatment_reports": max(3, n // 1000),
        "figures": max(10, n // 10),
        "statement_relations": max(3, n // 1000),
    }
    ids = {
        table: cols.ids(prefix, counts[table])
        for table, prefix in [
            ("incidents", "inc"), ("incident_links", "lnk"), ("actors", "act"), ("statements", "stm"),
            ("incident_places", "plc"), ("actor_claims", "clm"), ("actor_links", "alk"), ("materials", "mat"),
            ("detentions", "det"), ("treatment_reports", "trt"), ("figures", "fig"), ("statement_relations", "rel"),
        ]
    }  # fmt: skip
    ids["sources"] = pa.array([t.source_id for t in texts])
    tables: dict[str, dict[str, pa.Array]] = {}

    # Evidence: one span per row of every table, plus a second, plain one for 10% of the actors.
    # Each table's required verbatim cell (an actor's name, a figure's wording, a claim's value ...) is cut
    # first, and its quote is a span around it.
    named = {
        "actors": "name",
        "figures": "wording",
        "actor_claims": "value",
        "incident_places": "place",
        "materials": "description",
        "treatment_reports": "description",
    }
    extra_actor_rows = np.flatnonzero(cols.present(counts["actors"], 0.10))
    record_ids: list[pa.Array] = []
    sources: list[Ints] = []
    starts: list[Ints] = []
    ends: list[Ints] = []
    named_cells: dict[str, tuple[Ints, Ints, Ints]] = {}
    for table, count in counts.items():
        source = np.arange(TEXTS, dtype=np.int64) if table == "sources" else rng.integers(0, TEXTS, count)
        start, end = np.empty(count, np.int64), np.empty(count, np.int64)
        cell_start, cell_end = np.empty(count, np.int64), np.empty(count, np.int64)
        for number, text in enumerate(texts):
            rows = np.flatnonzero(source == number)
            if table in named:
                cell_start[rows], cell_end[rows], start[rows], end[rows] = _named_spans(rng, text, len(rows))
            else:
                start[rows], end[rows] = _plain_spans(rng, text, len(rows))
        if table in named:
            named_cells[table] = (source, cell_start, cell_end)
        record_ids.append(ids[table])
        sources.append(source)
        starts.append(start)
        ends.append(end)
        if table == "actors":
            source = rng.integers(0, TEXTS, len(extra_actor_rows))
            start, end = np.empty(len(source), np.int64), np.empty(len(source), np.int64)
            for number, text in enumerate(texts):
                rows = np.flatnonzero(source == number)
                start[rows], end[rows] = _plain_spans(rng, text, len(rows))
            record_ids.append(ids["actors"].take(pa.array(extra_actor_rows)))
            sources.append(source)
            starts.append(start)
            ends.append(end)
    source, start, end = np.concatenate(sources), np.concatenate(starts), np.concatenate(ends)
    _make_distinct(texts, source, start, end)
    quotes = np.empty(len(source), dtype=object)
    crossing = np.zeros(len(source), bool)
    for number, text in enumerate(texts):
        rows = np.flatnonzero(source == number)
        quotes[rows] = text.cut(start[rows], end[rows])
        crossing[rows] = text.crosses_line(start[rows], end[rows])
    length = end - start
    assert length.min() >= MIN_QUOTE and length.max() <= MAX_QUOTE, (length.min(), length.max())
    source_ids = ids["sources"].take(pa.array(source))
    evidence_count = len(source)
    tables["evidence"] = {
        "evidence_id": cols.ids("ev", evidence_count),
        "record_id": pa.concat_arrays([a.cast(pa.string()) for a in record_ids]),
        "source_id": source_ids,
        "start": pa.array(start),
        "end": pa.array(end),
        "quote": pa.array(quotes, pa.string()),
    }

    def cells(table: str) -> pa.Array:
        cell_source, cell_start, cell_end = named_cells[table]
        values = np.empty(len(cell_source), dtype=object)
        for number, text in enumerate(texts):
            rows = np.flatnonzero(cell_source == number)
            values[rows] = text.cut(cell_start[rows], cell_end[rows])
        return pa.array(values, pa.string())

    # Dates: incidents fall in 2024-01..03; what is reported about them is dated from the incident
    # to before 2024-06-01; every source is published from 2024-06-01 on (or has no upper bound).
    epoch = np.datetime64("2024-01-01", "D")
    incident_day = epoch + rng.integers(0, 91, counts["incidents"])
    day_or_range = cols.choose(["day", "range"], [0.7, 0.3], counts["incidents"])
    incident_note = cols.phrase(counts["incidents"])
    incident_stated = np.zeros(counts["incidents"], dtype=bool)  # the texts write no day (date.stated)
    tables["incidents"] = {
        "incident_id": ids["incidents"],
        "name": cols.phrase(counts["incidents"]),
        "incident_type": cols.enum("incidents", "incident_type", counts["incidents"]),
        "date_earliest": _dates(incident_day),
        "date_latest": _dates(incident_day + np.where(day_or_range == "range", 3, 0)),
        "date_precision": pa.array(day_or_range, pa.string()),
        "date_derivation": pa.array(
            np.where(incident_stated, "stated", "relative"),
            pa.string(),
        ),
        "date_note": pc.if_else(pa.array(incident_stated), pa.nulls(counts["incidents"], pa.string()), incident_note),
        "time_of_day": pa.nulls(counts["incidents"], pa.string()),  # verbatim: left empty
        "note": cols.phrase(counts["incidents"], 0.3),
    }

    def incident_base(incident_ids: pa.Array) -> np.ndarray[Any, np.dtype[Any]]:
        """The day each row's dates start from: its incident's first day, or a day in 2024-01..03."""
        position = pc.index_in(incident_ids, ids["incidents"]).to_numpy(zero_copy_only=False)
        known = ~np.isnan(position)
        base = epoch + rng.integers(0, 91, len(position))
        base[known] = incident_day[position[known].astype(np.int64)]
        return base

    published = np.datetime64("2024-06-01", "D") + np.arange(TEXTS) * 7
    open_source = np.arange(TEXTS) == TEXTS - 1  # the last has no upper bound
    range_source = np.arange(TEXTS) % 2 == 1
    source_precision = np.where(open_source, "open", np.where(range_source, "range", "day"))
    tables["sources"] = {
        "source_id": ids["sources"],
        "filename": pa.array([t.filename for t in texts]),
        "sha256": pa.array([hashlib.sha256(t.raw).hexdigest() for t in texts]),
        "bytes": pa.array([len(t.raw) for t in texts]),
        "title": pa.nulls(TEXTS, pa.string()),  # verbatim: left empty
        "publisher": cols.phrase(TEXTS, 0.5),
        "url": pa.array([f"https://example.org/bench/{i}" if i % 2 else None for i in range(TEXTS)], pa.string()),
        "language": cols.enum("sources", "language", TEXTS, ["en"]),
        "published_earliest": _dates(published),
        "published_latest": _dates(published + np.where(range_source, 10, 0), ~open_source),
        "published_precision": pa.array(source_precision, pa.string()),
        # No text has a dateline (date.stated): each publication date is bounded, with its note.
        "published_derivation": pa.array(np.full(TEXTS, "bounded_by_context")),
        "published_note": cols.phrase(TEXTS),
        "note": cols.phrase(TEXTS, 0.5),
    }

    links = counts["incident_links"]
    left = rng.integers(0, counts["incidents"], links)
    right = (left + rng.integers(1, counts["incidents"], links)) % counts["incidents"]
    tables["incident_links"] = {
        "link_id": ids["incident_links"],
        "incident_id": ids["incidents"].take(pa.array(left)),
        "related_incident_id": ids["incidents"].take(pa.array(right)),
        "relation": cols.enum("incident_links", "relation", links),
        "note": cols.phrase(links, 0.5),
    }

    actors = counts["actors"]
    named_actor = cols.present(actors, 0.85)
    # Each actor is part of an earlier one, if of any: the groups form no cycle (actor.part-of-cycle).
    part_of = (rng.random(actors) * np.arange(actors)).astype(np.int64)
    actor_words = cells("actors")  # every actor's label; a named actor's name too
    tables["actors"] = {
        "actor_id": ids["actors"],
        "actor_kind": cols.enum("actors", "actor_kind", actors),
        "name": pc.if_else(pa.array(named_actor), actor_words, pa.nulls(actors, pa.string())),
        "label": actor_words,
        "position": pa.nulls(actors, pa.string()),  # verbatim: left empty
        "description": cols.phrase(actors),
        "part_of_actor_id": ids["actors"].take(
            pa.array(part_of, mask=~cols.present(actors, 0.1) | (np.arange(actors) == 0))
        ),
        "note": cols.phrase(actors, 0.1),
    }

    attribution = cols.choose(["speaker", "source", "unattributed"], [0.7, 0.2, 0.1], n)
    incident_ids = cols.pick(ids["incidents"], n, 0.9)
    tables["statements"] = {
        "statement_id": ids["statements"],
        "attribution": pa.array(attribution, pa.string()),
        "speaker_actor_id": cols.pick(ids["actors"], n, mask=attribution == "speaker"),
        "relay_actor_id": cols.pick(ids["actors"], n, 0.3),
        "kind": cols.enum("statements", "kind", n),
        "incident_id": incident_ids,
        "target_actor_id": cols.pick(ids["actors"], n, 0.6),
        "summary": cols.phrase(n),
        "rendering": pa.array(
            np.where(
                attribution == "source",
                "own_voice",
                cols.choose(["quoted", "reported", "characterised"], [0.4, 0.5, 0.1], n),
            ),
            pa.string(),
        ),
        "made_in_custody": pa.array(np.full(n, "false")),
        "setting": pa.nulls(n, pa.string()),  # verbatim: left empty
        **_date_columns(cols, "said", incident_base(incident_ids)),
        "note": cols.phrase(n, 0.1),
    }

    places = counts["incident_places"]
    tables["incident_places"] = {
        "place_id": ids["incident_places"],
        "incident_id": cols.pick(ids["incidents"], places),
        "place": cells("incident_places"),
        **_attributed(cols, ids["statements"], places),
        "note": cols.phrase(places, 0.2),
    }

    claims = counts["actor_claims"]
    attribute = cols.enum("actor_claims", "attribute", claims).to_numpy(zero_copy_only=False)
    is_role = attribute == "role"
    tables["actor_claims"] = {
        "claim_id": ids["actor_claims"],
        "actor_id": cols.pick(ids["actors"], claims),
        "attribute": pa.array(attribute, pa.string()),
        "value": cells("actor_claims"),
        "role": pc.if_else(pa.array(is_role), cols.enum("actor_claims", "role", claims), pa.nulls(claims, pa.string())),
        "incident_id": cols.pick(ids["incidents"], claims, mask=is_role & cols.present(claims, 0.8)),
        "related_actor_id": cols.pick(ids["actors"], claims, mask=attribute == "affiliation"),
        **_attributed(cols, ids["statements"], claims),
        "note": cols.phrase(claims, 0.2),
    }

    actor_links = counts["actor_links"]
    first_actor = rng.integers(0, actors, actor_links)
    other_actor = (first_actor + rng.integers(1, actors, actor_links)) % actors
    tables["actor_links"] = {
        "actor_link_id": ids["actor_links"],
        "actor_id": ids["actors"].take(pa.array(first_actor)),
        "relation": cols.enum("actor_links", "relation", actor_links),
        "related_actor_id": ids["actors"].take(pa.array(other_actor)),
        **_attributed(cols, ids["statements"], actor_links),
        "note": cols.phrase(actor_links, 0.5),
    }

    materials = counts["materials"]
    tables["materials"] = {
        "material_id": ids["materials"],
        "material_kind": cols.enum("materials", "material_kind", materials),
        "description": cells("materials"),
        "circulation": pa.nulls(materials, pa.string()),  # verbatim: left empty
        "publisher_actor_id": cols.pick(ids["actors"], materials, 0.5),
        "depicts_actor_id": cols.pick(ids["actors"], materials, 0.5),
        "incident_id": cols.pick(ids["incidents"], materials, 0.8),
        **_attributed(cols, ids["statements"], materials),
        "note": cols.phrase(materials, 0.3),
    }

    detentions = counts["detentions"]
    detention_incidents = cols.pick(ids["incidents"], detentions, 0.9)
    tables["detentions"] = {
        "detention_id": ids["detentions"],
        "actor_id": cols.pick(ids["actors"], detentions),
        "incident_id": detention_incidents,
        "status": cols.enum("detentions", "status", detentions),
        "place": pa.nulls(detentions, pa.string()),  # verbatim: left empty
        **_date_columns(cols, "detained", incident_base(detention_incidents)),
        "charges": pa.nulls(detentions, pa.string()),  # verbatim: left empty
        **_attributed(cols, ids["statements"], detentions),
        "note": cols.phrase(detentions, 0.2),
    }

    treatments = counts["treatment_reports"]
    tables["treatment_reports"] = {
        "treatment_id": ids["treatment_reports"],
        "actor_id": cols.pick(ids["actors"], treatments),
        "detention_id": cols.pick(ids["detentions"], treatments, 0.8),
        "treatment": cols.enum("treatment_reports", "treatment", treatments),
        "description": cells("treatment_reports"),
        "inflicted_by_actor_id": cols.pick(ids["actors"], treatments, 0.2),
        "material_id": cols.pick(ids["materials"], treatments, 0.3),
        "timing": pa.nulls(treatments, pa.string()),  # verbatim: left empty
        "after_statement_id": cols.pick(ids["statements"], treatments, 0.1),
        **_attributed(cols, ids["statements"], treatments),
        "note": cols.phrase(treatments, 0.2),
    }

    figures = counts["figures"]
    qualifier = cols.choose(
        ["bare", "at_least", "at_most", "approximately", "range", "vague", "unquantified", "unclear"],
        [0.3, 0.2, 0.05, 0.15, 0.1, 0.1, 0.05, 0.05],
        figures,
    )
    is_range = qualifier == "range"
    low = rng.integers(0, 500, figures)
    high = low + rng.integers(1, 200, figures)
    value = np.where(is_range, (low + high) // 2, rng.integers(0, 2000, figures))
    # Every number is derived, with its note: the generated wordings write no numbers (figure.wording-number).
    has_value = ~np.isin(qualifier, ["vague", "unquantified", "unclear"])
    measure = cols.enum("figures", "measure", figures).to_numpy(zero_copy_only=False)
    tables["figures"] = {
        "figure_id": ids["figures"],
        "incident_id": cols.pick(ids["incidents"], figures),
        "measure": pa.array(measure, pa.string()),
        "unit": pa.array(np.where(measure == "payment", "roubles", "people"), pa.string()),
        "value": pa.array(value, mask=~has_value),
        "value_low": pa.array(low, mask=~is_range),
        "value_high": pa.array(high, mask=~is_range),
        "value_derived": pa.array(np.where(has_value, "true", "false")),
        "qualifier": pa.array(qualifier, pa.string()),
        "alternative_qualifier": pa.nulls(figures, pa.string()),
        "out_of_figure_id": pa.nulls(figures, pa.string()),
        "wording": cells("figures"),
        "actor_id": cols.pick(ids["actors"], figures, 0.3),
        **_attributed(cols, ids["statements"], figures),
        "note": pc.if_else(pa.array(has_value), cols.phrase(figures), cols.phrase(figures, 0.1)),
    }

    # The project's own record of retired ids (no evidence, no source): a fresh contribution retires none.
    tables["tombstones"] = {name: pa.array([], pa.string()) for name in columns_of["tombstones"]}

    # Relations other than 'precedes' (which would have to agree with the dates), one target each.
    relations = counts["statement_relations"]
    first_statement = rng.integers(0, n, relations)
    other_statement = (first_statement + rng.integers(1, max(2, n), relations)) % n
    target = rng.integers(0, 4, relations)
    tables["statement_relations"] = {
        "relation_id": ids["statement_relations"],
        "from_statement_id": ids["statements"].take(pa.array(first_statement)),
        "relation": cols.enum(
            "statement_relations", "relation", relations, ["responds_to", "denies", "repeats", "corrects"]
        ),
        "to_statement_id": ids["statements"].take(pa.array(other_statement, mask=target != 0)),
        "to_claim_id": cols.pick(ids["actor_claims"], relations, mask=target == 1),
        "to_figure_id": cols.pick(ids["figures"], relations, mask=target == 2),
        "to_material_id": cols.pick(ids["materials"], relations, mask=target == 3),
        **_attributed(cols, ids["statements"], relations),
        "note": cols.phrase(relations, 0.3),
    }

    for table, columns in tables.items():
        _write(root / RECORDS / f"{table}.csv", columns_of[table], columns)
    _write_notes(root / NOTES, texts, source, start, end)
    template = next(r for r in shipped["resources"] if r["name"].startswith("src-"))
    text_resources = [
        text_resource(template, t.source_id, t.filename, t.raw, f"benchmark text {i + 1}") for i, t in enumerate(texts)
    ]
    (root / DESCRIPTOR).write_bytes(json_bytes(package_descriptor(shipped, text_resources)))
    all_text = "".join(t.text for t in texts)
    non_ascii = 1 - len(all_text.encode("ascii", "ignore")) / len(all_text)
    row_counts = {table: len(next(iter(columns.values()))) for table, columns in tables.items()}
    return Summary(
        row_counts, sum(len(t.raw) for t in texts), float(crossing.mean()), non_ascii, time.perf_counter() - started
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("statements", type=int)
    parser.add_argument("folder", type=Path, help="where to write the package (must not exist)")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    summary = generate(args.folder, args.statements, args.seed)
    print(
        f"wrote {args.folder} in {summary.seconds:.1f} s: {summary.rows}; texts {summary.text_bytes / 1e6:.1f} MB, "
        f"{summary.non_ascii:.2%} non-ASCII; {summary.line_crossing:.1%} of quotes cross a line break"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
