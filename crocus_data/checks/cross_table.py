"""Rules across rows and tables: keys, evidence, source integrity, dates and verbatim cells.

Reading a table (``csv_file.py``, ``cells.py``) checks each cell and each row on its own; these
check what no single row can. They work on whole Arrow columns, so a million rows cost about as
much as a few vector operations; only the verbatim-quote comparison walks rows, in chunks.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from crocus_data.checks.context import Context
from crocus_data.checks.coverage import check_coverage
from crocus_data.checks.integrity import INTEGRITY_CHECKS, check_source_filenames
from crocus_data.checks.limits import MAX_HINT_KEYS, MAX_KEY_HINTS, MAX_QUOTE_HINTS
from crocus_data.checks.package import Dataset
from crocus_data.checks.table_data import TableData, true_indices
from crocus_data.locate import LocateError, fill_offsets, locate
from crocus_data.models.columns import columns
from crocus_data.models.keys import PREFIXES
from crocus_data.nearest import did_you_mean, not_an_id
from crocus_data.problems import Problem
from crocus_data.rule_registry import Rule

# The date each dated table is checked on.
DATE_FIELDS = {"incidents": "date", "statements": "said", "detentions": "detained"}
# Cells that must stand verbatim in one of the row's evidence quotes: a name, a figure's wording.
VERBATIM_CELLS = {"actors": "name", "figures": "wording"}


def _ready(dataset: Dataset, *tables: str) -> bool:
    return all(name in dataset.tables and dataset.tables[name].table is not None for name in tables)


def _member(values: pa.ChunkedArray, keys: pa.ChunkedArray) -> pa.ChunkedArray:
    """is_in(values, keys), without hashing a big key set for a few values.

    Hashing costs follow the value set: a small table's references into a million statements
    first narrow the keys to those equal to some value (one cheap scan), then hash only those.
    """
    if len(keys) > 4 * len(values):
        keys = pc.filter(keys, pc.is_in(keys, pc.unique(values)))
    return pc.is_in(values, keys)


def _near_keys(value: str, keys: pa.ChunkedArray) -> list[str]:
    """The keys worth comparing with a broken reference: all of a small table's; of a big one, those that
    begin like it (the prefix and two characters), at most ``MAX_HINT_KEYS``, so a hint stays cheap."""
    if len(keys) > MAX_HINT_KEYS:
        head = value[: value.find("-") + 3] if "-" in value else value[:2]
        keys = pc.filter(keys, pc.fill_null(pc.starts_with(keys, head), False))
    return [key for key in keys.slice(0, MAX_HINT_KEYS).to_pylist() if key is not None]


def check_keys(context: Context) -> Iterator[Problem]:
    """Primary keys are unique; every reference names an existing row."""
    dataset = context.dataset
    for data in dataset.tables.values():
        if data.table is None or context.keys_unique[data.model.table]:
            continue  # the common case, answered by one hash pass
        keyed = pa.table({"key": data.keys(), "row": pa.array(range(data.num_rows), pa.int64())})
        counts = keyed.group_by("key").aggregate([("row", "count"), ("row", "min")])
        repeated = counts.filter(pc.greater(counts.column("row_count"), 1))
        if repeated.num_rows:
            first = dict(zip(repeated.column("key").to_pylist(), repeated.column("row_min").to_pylist(), strict=True))
            for index in true_indices(pc.is_in(data.keys(), repeated.column("key"))):
                key = data.keys()[index].as_py()
                if index != first[key]:
                    yield data.problem(
                        index,
                        data.model.primary_key,
                        Rule.KEY_DUPLICATE,
                        f"'{key}' is already used on line {data.line(first[key])}; give this row a new id",
                    )
    hinted = 0
    for data in dataset.tables.values():
        if data.table is None:
            continue
        for column in columns(data.model):
            if not column.references or not _ready(dataset, column.references):
                continue
            values = data.column(column.name)
            keys = dataset.tables[column.references].keys()
            missing = pc.and_(pc.is_valid(values), pc.invert(_member(values, keys)))
            for index in true_indices(missing):
                value = values[index].as_py()
                hinted += 1
                candidates = _near_keys(value, keys) if hinted <= MAX_KEY_HINTS else []
                message = not_an_id(value, column.references, candidates)
                yield data.problem(index, column.name, Rule.KEY_FOREIGN, message)


def check_evidence_links(context: Context) -> Iterator[Problem]:
    """Every evidence row points at an existing row; every row of every other table has evidence."""
    dataset = context.dataset
    if not _ready(dataset, "evidence"):
        return
    evidence = dataset.tables["evidence"]
    record_ids = evidence.column("record_id")
    targets = context.targets
    unknown = pc.and_(pc.is_valid(record_ids), pc.is_null(targets.position))
    for name, prefix in PREFIXES.items():  # a table that could not be read is reported once, not per citation
        if name != "evidence" and not _ready(dataset, name):
            unknown = pc.and_(unknown, pc.invert(pc.starts_with(record_ids, f"{prefix}-")))
    tables_by_prefix = {prefix: table for table, prefix in PREFIXES.items()}
    for hinted, index in enumerate(true_indices(unknown), start=1):
        record_id = record_ids[index].as_py()
        table = tables_by_prefix.get(record_id.split("-", 1)[0], "")
        near = ""
        if hinted <= MAX_KEY_HINTS and _ready(dataset, table):
            near = did_you_mean(record_id, _near_keys(record_id, dataset.tables[table].keys()))
        message = f"no row of any table has id '{record_id}'{near}; fix the record_id or add that row"
        yield evidence.problem(index, "record_id", Rule.EVIDENCE_RECORD, message)
    cited = np.zeros(len(targets.all_keys), dtype=bool)
    cited[pc.drop_null(targets.position).to_numpy()] = True
    for name, (first, count) in targets.spans.items():
        data = dataset.tables[name]
        # A repeated id is found at its first copy only; judge a table with repeats by its ids instead.
        uncited = ~cited[first : first + count] if context.keys_unique[name] else None
        if uncited is None:
            uncited = ~pc.is_in(data.keys(), record_ids).to_numpy(zero_copy_only=False)
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

    The text at each distinct span (start, end) is cut once, in Python; the comparison of every row's
    quote with the text at its span is then one vectorised equality. Cost follows the number of
    distinct spans, not of rows: many rows quoting one sentence cost one cut.
    """
    dataset = context.dataset
    if not _ready(dataset, "evidence"):
        return
    evidence = dataset.tables["evidence"]
    assert evidence.table is not None
    recorded = {row["source_id"]: row["sha256"] for row in dataset.rows("sources")}
    # Rows whose offsets disagree with the quote's length are reported by the row rule already.
    consistent = pc.and_(
        pc.equal(
            pc.subtract(evidence.column("end"), evidence.column("start")), pc.utf8_length(evidence.column("quote"))
        ),
        pc.greater_equal(evidence.column("start"), 0),
    )
    hinted = 0
    for source_id in pc.unique(evidence.column("source_id")).drop_null().to_pylist():
        text = context.decoded.get(source_id)
        if text is None or context.digests.get(source_id) != recorded.get(source_id):
            continue  # a missing, altered or undecodable text is reported once by check_sources, not per quote
        mine = pc.fill_null(pc.and_(pc.equal(evidence.column("source_id"), source_id), consistent), False)
        rows = pc.indices_nonzero(mine.combine_chunks() if isinstance(mine, pa.ChunkedArray) else mine)
        spans = evidence.table.select(["start", "end", "quote"]).take(rows)
        past_end = pc.greater(spans.column("end"), len(text))
        for position in true_indices(past_end):
            end = spans.column("end")[position].as_py()
            message = f"end {end} is past the end of {source_id} ({len(text)} characters)"
            yield evidence.problem(rows[position].as_py(), "end", Rule.EVIDENCE_OFFSETS, message)
        inside = pc.indices_nonzero(pc.invert(past_end).combine_chunks())
        spans, rows = spans.take(inside), pc.take(rows, inside)
        span_keys = pc.add(pc.multiply(pc.cast(spans.column("start"), pa.int64()), 1 << 32), spans.column("end"))
        distinct = pc.unique(span_keys)
        cuts = pa.array([text[key >> 32 : key & 0xFFFFFFFF] for key in distinct.to_pylist()], pa.string())
        expected = pc.take(cuts, pc.index_in(span_keys, distinct))
        for position in true_indices(pc.not_equal(expected, spans.column("quote"))):
            start, end = spans.column("start")[position].as_py(), spans.column("end")[position].as_py()
            quote = spans.column("quote")[position].as_py()
            hinted += 1
            message = _quote_hint(text, start, end, quote, search=hinted <= MAX_QUOTE_HINTS)
            yield evidence.problem(rows[position].as_py(), "quote", Rule.EVIDENCE_QUOTE, message)


def check_empty_offsets(context: Context) -> Iterator[Problem]:
    """An empty start or end says what ``crocus-data fill-offsets`` would write, or the problem it would report.

    The rows go through the very function ``fill-offsets`` runs, so both report the same rule, column
    and words for a quote that is absent, repeated, or not at its start. Only the first
    ``MAX_QUOTE_HINTS`` rows are searched; the others are told to run the tool.
    """
    dataset = context.dataset
    if not _ready(dataset, "evidence"):
        return
    evidence = dataset.tables["evidence"]
    assert evidence.table is not None
    empty_start, empty_end = set(evidence.left_empty.get("start", [])), set(evidence.left_empty.get("end", []))
    rows = sorted(empty_start | empty_end)
    if not rows:
        return
    recorded = {str(row["source_id"]): row["sha256"] for row in dataset.rows("sources")}
    texts = {key: text for key, text in context.decoded.items() if context.digests.get(key) == recorded.get(key)}
    picked = evidence.table.select(["source_id", "start", "end", "quote"]).take(pa.array(rows, pa.int64()))
    judged: list[dict[str, str]] = []
    where: list[tuple[int, str]] = []
    for number, (index, cells) in enumerate(zip(rows, picked.to_pylist(), strict=True)):
        column = "start" if index in empty_start else "end"
        if cells["quote"] is None or (index not in empty_start and cells["start"] is None):
            continue  # the quote or the start is itself wrong, and reported as such
        if cells["source_id"] not in texts or number >= MAX_QUOTE_HINTS:
            if _ready(dataset, "sources") and cells["source_id"] not in recorded:
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


def check_sources(context: Context) -> Iterator[Problem]:
    """Each source text is present, unaltered (SHA-256, size), UTF-8 and NFC, and cited by some row."""
    dataset = context.dataset
    if not _ready(dataset, "sources"):
        return
    sources = dataset.tables["sources"]
    cited: set[str] = set()
    if _ready(dataset, "evidence"):
        cited = set(pc.unique(dataset.tables["evidence"].column("source_id")).drop_null().to_pylist())
    for index, row in enumerate(dataset.rows("sources")):
        source_id = str(row["source_id"])
        raw = dataset.texts.get(source_id)
        if raw is None:
            if source_id not in dataset.text_files:
                message = (
                    f"the descriptor lists no text resource named '{source_id}'; run `crocus-data build`, which "
                    "lists every source of sources.csv"
                )
                yield sources.problem(index, "source_id", Rule.SOURCE_MISSING, message)
            continue
        where = dataset.text_files[source_id]
        digest = context.digests.get(source_id)
        if digest != row["sha256"] or len(raw) != row["bytes"]:
            yield Problem(
                where,
                None,
                None,
                Rule.SOURCE_HASH,
                f"the text has SHA-256 {digest} and {len(raw)} bytes, but sources.csv records {row['sha256']} "
                f"and {row['bytes']}; source texts must stay byte for byte as received",
            )
        text = context.decoded.get(source_id)
        if text is None:
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield Problem(where, None, None, Rule.SOURCE_ENCODING, f"byte {exc.start} is not UTF-8")
            continue
        if not unicodedata.is_normalized("NFC", text):
            yield Problem(where, None, None, Rule.SOURCE_NFC, "the text is not in Unicode NFC form")
        if source_id not in cited:
            message = f"no evidence row quotes {source_id}; encode what it reports or drop it"
            yield sources.problem(index, "source_id", Rule.SOURCE_UNCITED, message)


def _lookup(values: pa.ChunkedArray, keys: pa.ChunkedArray, target: pa.ChunkedArray) -> pa.Array:
    """target[i] for the row i of ``keys`` equal to each value (null where there is none)."""
    return pc.take(target, pc.index_in(values, keys))


def check_dates(context: Context) -> Iterator[Problem]:
    """Nothing reported happens after its report; statements and detentions do not precede their incident."""
    dataset = context.dataset
    if not _ready(dataset, "sources", "evidence"):
        return
    sources, evidence = dataset.tables["sources"], dataset.tables["evidence"]
    for table, field in DATE_FIELDS.items():
        if not _ready(dataset, table):
            continue
        data = dataset.tables[table]
        earliest, latest = data.column(f"{field}_earliest"), data.column(f"{field}_latest")
        evidence_rows, rows = context.targets.rows_in(table)
        source_ids = pc.take(evidence.column("source_id"), evidence_rows)
        reported = pc.take(earliest, rows)
        published = _lookup(source_ids, sources.keys(), sources.column("published_latest"))
        seen: set[int] = set()
        for position in true_indices(pc.greater(reported, published)):
            index = rows[position].as_py()
            if index in seen:
                continue
            seen.add(index)
            yield data.problem(
                index,
                f"{field}_earliest",
                Rule.DATE_AFTER_PUBLICATION,
                f"{reported[position].as_py()} is after {source_ids[position].as_py()} was published (by "
                f"{published[position].as_py()}); a document cannot report what happened after it",
            )
        if table == "incidents" or not _ready(dataset, "incidents"):
            continue
        incidents = dataset.tables["incidents"]
        start = _lookup(data.column("incident_id"), incidents.keys(), incidents.column("date_earliest"))
        for index in true_indices(pc.less(latest, start)):
            yield data.problem(
                index,
                f"{field}_latest",
                Rule.DATE_BEFORE_INCIDENT,
                f"{latest[index].as_py()} is before {data.column('incident_id')[index].as_py()} began "
                f"({start[index].as_py()}); check the bounds",
            )


def check_verbatim_cells(context: Context) -> Iterator[Problem]:
    """A named actor's name, and a figure's wording, appear in at least one of the row's evidence quotes."""
    dataset = context.dataset
    if not _ready(dataset, "evidence"):
        return
    evidence = dataset.tables["evidence"]
    for table, column in VERBATIM_CELLS.items():
        if not _ready(dataset, table):
            continue
        data = dataset.tables[table]
        prefix = f"{PREFIXES[table]}-"
        mine = evidence.table.filter(pc.starts_with(evidence.column("record_id"), prefix))  # type: ignore[union-attr]
        quotes: dict[str, list[str]] = defaultdict(list)
        for record_id, quote in zip(
            mine.column("record_id").to_pylist(), mine.column("quote").to_pylist(), strict=True
        ):
            if record_id and quote:
                quotes[record_id].append(quote)
        for index in true_indices(pc.is_valid(data.column(column))):
            key, value = data.keys()[index].as_py(), data.column(column)[index].as_py()
            if quotes[key] and not any(value in quote for quote in quotes[key]):
                yield data.problem(
                    index,
                    column,
                    Rule(f"evidence.{column}"),
                    f"'{value}' appears in none of this row's evidence quotes; quote the words that contain it",
                )


def check_part_of_cycles(context: Context) -> Iterator[Problem]:
    """No actor is, through its chain of ``part_of_actor_id``, part of itself."""
    if not _ready(context.dataset, "actors"):
        return
    actors = context.dataset.tables["actors"]
    parent_of = {
        key: parent
        for key, parent in zip(actors.keys().to_pylist(), actors.column("part_of_actor_id").to_pylist(), strict=True)
        if parent is not None
    }
    state: dict[str, int] = {}  # 1: on the chain being walked, 2: known to end
    on_cycle: set[str] = set()
    for start in parent_of:
        chain: list[str] = []
        node: str | None = start
        while node is not None and state.get(node) is None:
            state[node] = 1
            chain.append(node)
            node = parent_of.get(node)
        if node is not None and state.get(node) == 1:  # walked back into this chain: a cycle
            on_cycle.update(chain[chain.index(node) :])
        for member in chain:
            state[member] = 2
    if not on_cycle:
        return
    for index in true_indices(pc.is_in(actors.keys(), pa.array(sorted(on_cycle), pa.string()))):
        key = actors.keys()[index].as_py()
        message = f"'{key}' is, through part_of_actor_id, part of itself; break the cycle"
        yield actors.problem(index, "part_of_actor_id", Rule.ACTOR_PART_OF_CYCLE, message)


CHECKS: tuple[Callable[[Context], Iterator[Problem]], ...] = (
    check_keys,
    check_evidence_links,
    check_quotes,
    check_empty_offsets,
    check_sources,
    check_dates,
    check_verbatim_cells,
    check_part_of_cycles,
    check_source_filenames,
    check_coverage,
)


def run_checks(dataset: Dataset) -> list[Problem]:
    """Every problem in the dataset: those met reading it, then those across rows.

    The files the build generates (Parquet, the descriptor's hashes, its twin) are compared with the
    records only once the records are clean: before that, "run `crocus-data build`" is not the fix,
    and every edit in progress would echo there.
    """
    problems = list(dataset.problems)
    for data in dataset.tables.values():
        problems.extend(data.problems)
    context = Context(dataset)
    for check in CHECKS:
        problems.extend(check(context))
    if not problems:
        for check in INTEGRITY_CHECKS:
            problems.extend(check(context))
    return problems


__all__ = ["CHECKS", "Context", "TableData", "run_checks"]
