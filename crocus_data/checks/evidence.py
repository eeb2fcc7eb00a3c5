"""Evidence: every row read from a source has evidence, every quote stands at its offsets, every verbatim
cell stands in one of its row's quotes, and empty offsets say what ``fill-offsets`` would write."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from crocus_data.checks.context import Context
from crocus_data.checks.keys import near_keys
from crocus_data.checks.spans import span_views
from crocus_data.limits import MAX_KEY_HINTS, MAX_QUOTE_HINTS
from crocus_data.locate import LocateError, fill_offsets, locate
from crocus_data.models.keys import PREFIXES
from crocus_data.nearest import did_you_mean
from crocus_data.problems import Problem
from crocus_data.reader.needs import VERBATIM_CELLS
from crocus_data.reader.table_data import true_indices
from crocus_data.rule_registry import Rule


def check_evidence_links(context: Context) -> Iterator[Problem]:
    """Every evidence row points at an existing row; every row of a table read from sources has evidence."""
    package = context.package
    if not package.readable("evidence"):
        return
    evidence = package.tables["evidence"]
    record_ids = evidence.column("record_id")
    targets = context.targets
    unknown = pc.and_(pc.is_valid(record_ids), pc.is_null(targets.position))
    for name, prefix in PREFIXES.items():  # a table that could not be read is reported once, not per citation
        if name != "evidence" and not package.readable(name):
            unknown = pc.and_(unknown, pc.invert(pc.starts_with(record_ids, f"{prefix}-")))
    tables_by_prefix = {prefix: table for table, prefix in PREFIXES.items()}
    for hinted, index in enumerate(true_indices(unknown), start=1):
        record_id = record_ids[index].as_py()
        table = tables_by_prefix.get(record_id.split("-", 1)[0], "")
        near = ""
        if hinted <= MAX_KEY_HINTS and package.readable(table):
            near = did_you_mean(record_id, near_keys(record_id, package.tables[table].keys()))
        message = f"no row of any table has id '{record_id}'{near}; fix the record_id or add that row"
        yield evidence.problem(index, "record_id", Rule.EVIDENCE_RECORD, message)
    cited = np.zeros(len(targets.all_keys), dtype=bool)
    cited[pc.drop_null(targets.position).to_numpy()] = True
    for name, (first, count) in targets.spans.items():
        data = package.tables[name]
        # A repeated id is found at its first copy only; judge a table with repeats by its ids instead.
        uncited = ~cited[first : first + count] if context.keys_unique[name] else None
        if uncited is None:
            uncited = ~pc.is_in(data.keys(), value_set=record_ids, skip_nulls=True).to_numpy(zero_copy_only=False)
        for index in np.flatnonzero(uncited).tolist():
            yield data.problem(
                index,
                data.model.primary_key,
                Rule.EVIDENCE_MISSING,
                f"'{data.keys()[index].as_py()}' has no evidence; add a row to evidence.csv quoting the words "
                "that support it",
            )


def check_quotes(context: Context) -> Iterator[Problem]:
    """Every quote stands verbatim at its offsets in its source text.

    The text at every row's span is an Arrow string view into the source's bytes (``spans.py``), so
    all quotes are compared in one vectorised equality; only the rows that fail are looked at one
    by one, to say what the text holds there.
    """
    package = context.package
    if not package.readable("evidence"):
        return
    evidence = package.tables["evidence"]
    recorded = {row["source_id"]: row["sha256"] for row in package.rows("sources")}
    # A missing, altered or undecodable text is reported once by check_sources, not per quote.
    usable = [
        source_id
        for source_id in context.utf8
        if context.digests.get(source_id) == recorded.get(source_id) and source_id in recorded
    ]
    quote, start, end = evidence.column("quote"), evidence.column("start"), evidence.column("end")
    text_index = pc.fill_null(pc.index_in(evidence.column("source_id"), pa.array(usable, pa.string())), -1)
    # Rows whose offsets disagree with the quote's length are reported by the row rule already.
    consistent = pc.fill_null(
        pc.and_(pc.equal(pc.subtract(end, start), pc.utf8_length(quote)), pc.greater_equal(start, 0)), False
    )
    index = np.where(_numpy(consistent), _numpy(text_index), -1)
    spans = span_views(
        [package.texts[source_id] for source_id in usable],
        index,
        _numpy(pc.fill_null(start, 0)),
        _numpy(pc.fill_null(end, 0)),
    )
    for row in np.flatnonzero(spans.past_end & (index >= 0)).tolist():
        source_id = usable[index[row]]
        message = f"end {end[row].as_py()} is past the end of {source_id} ({spans.text_length[row]} characters)"
        yield evidence.problem(row, "end", Rule.EVIDENCE_OFFSETS, message)
    chunks, position = [], 0
    for chunk in quote.chunks:  # views laid out like the quote column, so nothing is copied to compare
        chunks.append(spans.views.slice(position, len(chunk)))
        position += len(chunk)
    differs = pc.not_equal(pa.chunked_array(chunks, pa.string_view()), pc.cast(quote, pa.string_view()))
    checked = (index >= 0) & ~spans.past_end
    failing = np.flatnonzero(_numpy(pc.fill_null(differs, False)) & checked).tolist()
    for hinted, row in enumerate(failing, start=1):
        source_id = usable[index[row]]
        message = _quote_hint(
            context.decoded(source_id),
            start[row].as_py(),
            end[row].as_py(),
            quote[row].as_py(),
            search=hinted <= MAX_QUOTE_HINTS,
        )
        yield evidence.problem(row, "quote", Rule.EVIDENCE_QUOTE, message)


def _numpy(values: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """A never-null Arrow column as a numpy array."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    array: np.ndarray = values.to_numpy(zero_copy_only=False)
    return array


def check_empty_offsets(context: Context) -> Iterator[Problem]:
    """An empty start or end says what ``crocus-data fill-offsets`` would write, or the problem it would report.

    The rows go through the very function ``fill-offsets`` runs, so both report the same rule, column
    and words for a quote that is absent, repeated, or not at its start. Only the first
    ``MAX_QUOTE_HINTS`` rows are searched; the others are told to run the tool.
    """
    package = context.package
    if not package.readable("evidence"):
        return
    evidence = package.tables["evidence"]
    assert evidence.table is not None
    empty_start, empty_end = set(evidence.left_empty.get("start", [])), set(evidence.left_empty.get("end", []))
    rows = sorted(empty_start | empty_end)
    if not rows:
        return
    recorded = {str(row["source_id"]): row["sha256"] for row in package.rows("sources")}
    picked = evidence.table.select(["source_id", "start", "end", "quote"]).take(pa.array(rows, pa.int64()))
    wanted = set(picked.column("source_id").drop_null().to_pylist())
    texts = {
        key: context.decoded(key)
        for key in context.utf8
        if key in wanted and context.digests.get(key) == recorded.get(key)
    }
    judged: list[dict[str, str]] = []
    where: list[tuple[int, str]] = []
    for number, (index, cells) in enumerate(zip(rows, picked.to_pylist(), strict=True)):
        column = "start" if index in empty_start else "end"
        if cells["quote"] is None or (index not in empty_start and cells["start"] is None):
            continue  # the quote or the start is itself wrong, and reported as such
        if cells["source_id"] not in texts or number >= MAX_QUOTE_HINTS:
            if package.readable("sources") and cells["source_id"] not in recorded:
                continue  # check_keys reports the unknown source_id, as fill-offsets would
            message = f"{column} is empty; run `crocus-data fill-offsets` to fill start and end from the quote"
            yield evidence.problem(index, column, Rule.CELL_REQUIRED, message)
            continue
        start = "" if index in empty_start else str(cells["start"])
        judged.append({"source_id": cells["source_id"], "start": start, "end": "", "quote": cells["quote"]})
        where.append((index, column))
    lines = [evidence.line(index) for index, _ in where]
    reported = {problem.row: problem for problem in fill_offsets(judged, lines, texts, evidence.file)}
    for (index, column), line, row in zip(where, lines, judged, strict=True):
        if line in reported:
            yield reported[line]
            continue
        empty = "start and end are empty" if index in empty_start and index in empty_end else f"{column} is empty"
        message = (
            f"{empty}; the quote stands in {row['source_id']} at start={row['start']}, end={row['end']}: run "
            "`crocus-data fill-offsets` to write them"
        )
        yield evidence.problem(index, column, Rule.CELL_REQUIRED, message)


def _quote_hint(text: str, start: int, end: int, quote: str, *, search: bool) -> str:
    message = f"the text at {start}-{end} is {text[start:end]!r}, not the quote"
    if not search:
        return f"{message}; (not searched for elsewhere: only the first {MAX_QUOTE_HINTS} mismatches are)"
    try:
        found_start, found_end = locate(text, quote)
        return f"{message}; the quote stands at start={found_start}, end={found_end}"
    except LocateError as exc:
        return f"{message}; {exc}"


_BATCH = 65536  # (value, quote) pairs turned into Python strings at a time


def check_verbatim_cells(context: Context) -> Iterator[Problem]:
    """Each cell the models mark verbatim (a name, a figure's wording, a place ...) stands in one of the
    row's evidence quotes.

    Only the (value, quote) pairs of rows that have such a cell are compared, a batch at a time; a row
    without evidence is reported by check_evidence_links instead.
    """
    package = context.package
    if not package.readable("evidence"):
        return
    quotes = package.tables["evidence"].column("quote")
    for table, verbatim in VERBATIM_CELLS.items():
        if not verbatim or not package.readable(table):
            continue
        data = package.tables[table]
        evidence_rows, rows = context.targets.rows_in(table)
        for column in verbatim:
            assert column.verbatim is not None
            values = pc.take(data.column(column.name), rows)
            present = pc.is_valid(values).to_numpy(zero_copy_only=False)
            pointing = np.zeros(len(quotes), bool)  # evidence rows of this table's rows that have such a cell
            pointing[evidence_rows.to_numpy()[present]] = True
            values = pc.filter(values, pa.array(present))
            mine = pc.filter(quotes, pa.array(pointing))  # chunk by chunk: the quote column is never concatenated
            found = np.zeros(len(values), bool)
            for begin in range(0, len(values), _BATCH):
                end = begin + _BATCH
                pairs = zip(values[begin:end].to_pylist(), mine[begin:end].to_pylist(), strict=True)
                found[begin:end] = [value in quote for value, quote in pairs]
            row_numbers = rows.to_numpy()[present]
            has_quote = np.zeros(data.num_rows, bool)
            has_quote[row_numbers] = True
            contains = np.zeros(data.num_rows, bool)
            contains[row_numbers[found]] = True
            for index in np.flatnonzero(has_quote & ~contains).tolist():
                value = data.column(column.name)[index].as_py()
                yield data.problem(
                    index,
                    column.name,
                    column.verbatim,
                    f"'{value}' appears in none of this row's evidence quotes; quote the words that contain it",
                )
