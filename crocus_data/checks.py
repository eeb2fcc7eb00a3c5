"""Rules across rows and tables: keys, evidence, source integrity, dates and verbatim cells.

Reading a table (``tables.py``) checks each cell and each row on its own; these check what no
single row can. They work on whole Arrow columns, so a million rows cost about as much as a few
vector operations; only the verbatim-quote comparison walks rows, in chunks.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterator

import pyarrow as pa
import pyarrow.compute as pc

from crocus_data.csv_tables import TableData, _indices
from crocus_data.dataset import Dataset
from crocus_data.locate import LocateError, locate
from crocus_data.models.keys import PREFIXES
from crocus_data.problems import Problem
from crocus_data.schema.columns import columns

# The date each dated table is checked on.
DATE_FIELDS = {"incidents": "date", "statements": "said", "detentions": "detained"}
# Cells that must stand verbatim in one of the row's evidence quotes: a name, a figure's wording.
VERBATIM_CELLS = {"actors": "name", "figures": "wording"}
QUOTE_CHUNK = 200_000


def _ready(dataset: Dataset, *tables: str) -> bool:
    return all(name in dataset.tables and dataset.tables[name].table is not None for name in tables)


def check_keys(dataset: Dataset) -> Iterator[Problem]:
    """Primary keys are unique; every reference names an existing row."""
    for data in dataset.tables.values():
        if data.table is None or pc.count_distinct(data.keys()).as_py() == data.num_rows:
            continue  # the common case, answered by one hash pass
        keyed = pa.table({"key": data.keys(), "row": pa.array(range(data.num_rows), pa.int64())})
        counts = keyed.group_by("key").aggregate([("row", "count"), ("row", "min")])
        repeated = counts.filter(pc.greater(counts.column("row_count"), 1))
        if repeated.num_rows:
            first = dict(zip(repeated.column("key").to_pylist(), repeated.column("row_min").to_pylist(), strict=True))
            for index in _indices(pc.is_in(data.keys(), repeated.column("key"))):
                key = data.keys()[index].as_py()
                if index != first[key]:
                    yield data.problem(
                        index,
                        data.model.primary_key,
                        "key.duplicate",
                        f"'{key}' is already used on line {data.line(first[key])}; give this row a new id",
                    )
    for data in dataset.tables.values():
        if data.table is None:
            continue
        for column in columns(data.model):
            if not column.references or not _ready(dataset, column.references):
                continue
            values = data.column(column.name)
            missing = pc.and_(
                pc.is_valid(values), pc.invert(pc.is_in(values, dataset.tables[column.references].keys()))
            )
            for index in _indices(missing):
                yield data.problem(
                    index,
                    column.name,
                    "key.foreign",
                    f"'{values[index].as_py()}' is not a {column.references} id; add that row or fix the reference",
                )


def check_evidence_links(dataset: Dataset) -> Iterator[Problem]:
    """Every evidence row points at an existing row; every row of every other table has evidence."""
    if not _ready(dataset, "evidence"):
        return
    evidence = dataset.tables["evidence"]
    record_ids = evidence.column("record_id")
    # Keys carry their table's prefix (a pattern every key is checked against), so one membership
    # test against all keys at once answers for every table: two hash tables instead of twenty.
    tables = [data for name, data in dataset.tables.items() if name != "evidence" and data.table is not None]
    all_keys = pa.chunked_array([chunk for data in tables for chunk in data.keys().chunks], pa.string())
    unknown = pc.and_(pc.is_valid(record_ids), pc.invert(pc.is_in(record_ids, all_keys)))
    for name, prefix in PREFIXES.items():  # a table that could not be read is reported once, not per citation
        if name != "evidence" and not _ready(dataset, name):
            unknown = pc.and_(unknown, pc.invert(pc.starts_with(record_ids, f"{prefix}-")))
    for index in _indices(unknown):
        record_id = record_ids[index].as_py()
        yield evidence.problem(index, "record_id", "evidence.record", f"no row of any table has id '{record_id}'")
    cited = pc.is_in(all_keys, record_ids)
    offset = 0
    for data in tables:
        uncited = pc.invert(cited.slice(offset, data.num_rows))
        offset += data.num_rows
        for index in _indices(uncited):
            yield data.problem(
                index,
                data.model.primary_key,
                "evidence.missing",
                f"'{data.keys()[index].as_py()}' has no evidence; add a row to evidence.csv quoting the words "
                "that support it",
            )


def check_quotes(dataset: Dataset) -> Iterator[Problem]:
    """Every quote stands verbatim at its offsets in its source text."""
    if not _ready(dataset, "evidence"):
        return
    evidence = dataset.tables["evidence"]
    assert evidence.table is not None
    recorded = {row["source_id"]: row["sha256"] for row in dataset.rows("sources")}
    # Rows whose offsets disagree with the quote's length are reported by the row rule already.
    consistent = pc.equal(
        pc.subtract(evidence.column("end"), evidence.column("start")), pc.utf8_length(evidence.column("quote"))
    )
    for source_id in pc.unique(evidence.column("source_id")).drop_null().to_pylist():
        raw = dataset.texts.get(source_id)
        if raw is None or hashlib.sha256(raw).hexdigest() != recorded.get(source_id):
            continue  # a missing or altered text is reported once by check_sources, not per quote
        text = raw.decode("utf-8")
        rows = pa.array(_indices(pc.and_(pc.equal(evidence.column("source_id"), source_id), consistent)), pa.int64())
        spans = evidence.table.select(["start", "end", "quote"]).take(rows)
        past_end = pc.greater(spans.column("end"), len(text))
        for position in _indices(past_end):
            index = rows[position].as_py()
            end = spans.column("end")[position].as_py()
            message = f"end {end} is past the end of {source_id} ({len(text)} characters)"
            yield evidence.problem(index, "end", "evidence.offsets", message)
        for offset in range(0, spans.num_rows, QUOTE_CHUNK):
            chunk = spans.slice(offset, QUOTE_CHUNK)
            starts, ends = chunk.column("start").to_pylist(), chunk.column("end").to_pylist()
            quotes = chunk.column("quote").to_pylist()
            for position, (start, end, quote) in enumerate(zip(starts, ends, quotes, strict=True)):
                if start is None or end is None or quote is None or end > len(text) or text[start:end] == quote:
                    continue
                index = rows[offset + position].as_py()
                yield evidence.problem(index, "quote", "evidence.quote", _quote_hint(text, start, end, quote))


def _quote_hint(text: str, start: int, end: int, quote: str) -> str:
    message = f"the text at {start}-{end} is {text[start:end]!r}, not the quote"
    try:
        found_start, found_end = locate(text, quote)
        return f"{message}; the quote stands at start={found_start}, end={found_end}"
    except LocateError as exc:
        return f"{message}; {exc}"


def check_sources(dataset: Dataset) -> Iterator[Problem]:
    """Each source text is present, unaltered (SHA-256, size), UTF-8 and NFC, and cited by some row."""
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
                message = f"the descriptor lists no text resource named '{source_id}'"
                yield sources.problem(index, "source_id", "source.missing", message)
            continue
        where = dataset.text_files[source_id]
        digest = hashlib.sha256(raw).hexdigest()
        if digest != row["sha256"] or len(raw) != row["bytes"]:
            yield Problem(
                where,
                None,
                None,
                "source.hash",
                f"the text has SHA-256 {digest} and {len(raw)} bytes, but sources.csv records {row['sha256']} "
                f"and {row['bytes']}; source texts must stay byte for byte as received",
            )
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield Problem(where, None, None, "source.encoding", f"byte {exc.start} is not UTF-8")
            continue
        if not unicodedata.is_normalized("NFC", text):
            yield Problem(where, None, None, "source.nfc", "the text is not in Unicode NFC form")
        if source_id not in cited:
            message = f"no evidence row quotes {source_id}; encode what it reports or drop it"
            yield sources.problem(index, "source_id", "source.uncited", message)


def _lookup(values: pa.ChunkedArray, keys: pa.ChunkedArray, target: pa.ChunkedArray) -> pa.Array:
    """target[i] for the row i of ``keys`` equal to each value (null where there is none)."""
    return pc.take(target, pc.index_in(values, keys))


def check_dates(dataset: Dataset) -> Iterator[Problem]:
    """Nothing reported happens after its report; statements and detentions do not precede their incident."""
    if not _ready(dataset, "sources", "evidence"):
        return
    sources, evidence = dataset.tables["sources"], dataset.tables["evidence"]
    for table, field in DATE_FIELDS.items():
        if not _ready(dataset, table):
            continue
        data = dataset.tables[table]
        earliest, latest = data.column(f"{field}_earliest"), data.column(f"{field}_latest")
        rows = pc.index_in(evidence.column("record_id"), data.keys())
        reported = pc.take(earliest, rows)
        published = _lookup(evidence.column("source_id"), sources.keys(), sources.column("published_latest"))
        late = pc.greater(reported, published)
        seen: set[int] = set()
        for position in _indices(late):
            index = rows[position].as_py()
            if index in seen:
                continue
            seen.add(index)
            yield data.problem(
                index,
                f"{field}_earliest",
                "date.after-publication",
                f"{reported[position].as_py()} is after {evidence.column('source_id')[position].as_py()} was "
                f"published (by {published[position].as_py()}); a document cannot report what happened after it",
            )
        if table == "incidents" or not _ready(dataset, "incidents"):
            continue
        incidents = dataset.tables["incidents"]
        start = _lookup(data.column("incident_id"), incidents.keys(), incidents.column("date_earliest"))
        for index in _indices(pc.less(latest, start)):
            yield data.problem(
                index,
                f"{field}_latest",
                "date.before-incident",
                f"{latest[index].as_py()} is before {data.column('incident_id')[index].as_py()} began "
                f"({start[index].as_py()}); check the bounds",
            )


def check_verbatim_cells(dataset: Dataset) -> Iterator[Problem]:
    """A named actor's name, and a figure's wording, appear in at least one of the row's evidence quotes."""
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
        for index in _indices(pc.is_valid(data.column(column))):
            key, value = data.keys()[index].as_py(), data.column(column)[index].as_py()
            if quotes[key] and not any(value in quote for quote in quotes[key]):
                yield data.problem(
                    index,
                    column,
                    f"evidence.{column}",
                    f"'{value}' appears in none of this row's evidence quotes; quote the words that contain it",
                )


CHECKS: tuple[Callable[[Dataset], Iterator[Problem]], ...] = (
    check_keys,
    check_evidence_links,
    check_quotes,
    check_sources,
    check_dates,
    check_verbatim_cells,
)


def run_checks(dataset: Dataset) -> list[Problem]:
    """Every problem in the dataset: those met reading it, then those across rows."""
    problems = list(dataset.problems)
    for data in dataset.tables.values():
        problems.extend(data.problems)
    for check in CHECKS:
        problems.extend(check(dataset))
    return problems


__all__ = ["CHECKS", "TableData", "run_checks"]
