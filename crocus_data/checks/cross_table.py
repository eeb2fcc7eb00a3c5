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
from crocus_data.checks.integrity import INTEGRITY_CHECKS, check_source_filenames
from crocus_data.checks.limits import MAX_QUOTE_HINTS
from crocus_data.checks.package import Dataset
from crocus_data.checks.table_data import TableData, true_indices
from crocus_data.locate import LocateError, locate
from crocus_data.models import MODELS
from crocus_data.models.columns import columns
from crocus_data.models.keys import PREFIXES
from crocus_data.problems import Problem
from crocus_data.rule_registry import Rule

# The date each dated table is checked on.
DATE_FIELDS = {"incidents": "date", "statements": "said", "detentions": "detained"}
# Cells that must stand verbatim in one of the row's evidence quotes (a name, a wording, a place ...): the
# columns the models mark Verbatim, each with the rule that checks it.
VERBATIM_CELLS = {model.table: [c for c in columns(model) if c.verbatim] for model in MODELS}


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
    for data in dataset.tables.values():
        if data.table is None:
            continue
        for column in columns(data.model):
            if not column.references or not _ready(dataset, column.references):
                continue
            values = data.column(column.name)
            missing = pc.and_(pc.is_valid(values), pc.invert(_member(values, dataset.tables[column.references].keys())))
            for index in true_indices(missing):
                yield data.problem(
                    index,
                    column.name,
                    Rule.KEY_FOREIGN,
                    f"'{values[index].as_py()}' is not a {column.references} id; add that row or fix the reference",
                )


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
    for index in true_indices(unknown):
        record_id = record_ids[index].as_py()
        yield evidence.problem(index, "record_id", Rule.EVIDENCE_RECORD, f"no row of any table has id '{record_id}'")
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
                message = f"the descriptor lists no text resource named '{source_id}'"
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
    """Each cell the models mark verbatim (a name, a figure's wording, a place ...) stands in one of the row's
    evidence quotes. Only the evidence of rows with such a cell is read into Python."""
    dataset = context.dataset
    if not _ready(dataset, "evidence"):
        return
    evidence = dataset.tables["evidence"]
    assert evidence.table is not None
    for table, verbatim in VERBATIM_CELLS.items():
        if not verbatim or not _ready(dataset, table):
            continue
        data = dataset.tables[table]
        filled = [pc.is_valid(data.column(column.name)) for column in verbatim]
        any_filled = filled[0]
        for more in filled[1:]:
            any_filled = pc.or_(any_filled, more)
        keys = pc.filter(data.keys(), any_filled)
        if not len(keys):
            continue
        mine = evidence.table.filter(pc.fill_null(pc.is_in(evidence.column("record_id"), keys), False))
        quotes: dict[str, list[str]] = defaultdict(list)
        for record_id, quote in zip(
            mine.column("record_id").to_pylist(), mine.column("quote").to_pylist(), strict=True
        ):
            if record_id and quote:
                quotes[record_id].append(quote)
        for column, mask in zip(verbatim, filled, strict=True):
            assert column.verbatim is not None
            for index in true_indices(mask):
                key, value = data.keys()[index].as_py(), data.column(column.name)[index].as_py()
                if quotes[key] and not any(value in quote for quote in quotes[key]):
                    yield data.problem(
                        index,
                        column.name,
                        column.verbatim,
                        f"'{value}' appears in none of this row's evidence quotes; quote the words that contain it",
                    )


def check_figure_totals(context: Context) -> Iterator[Problem]:
    """A figure counted out of another ('how many of the six') names another figure of the same incident and
    unit that gives a value (a reference to no figure at all is ``key.foreign``'s)."""
    if not _ready(context.dataset, "figures"):
        return
    figures = context.dataset.tables["figures"]
    target = figures.column("out_of_figure_id")
    position = pc.index_in(target, figures.keys())

    def theirs(name: str) -> pa.Array:
        return pc.take(figures.column(name), position)

    wrong = pc.or_kleene(
        pc.equal(target, figures.keys()),
        pc.or_kleene(
            pc.not_equal(theirs("incident_id"), figures.column("incident_id")),
            pc.or_kleene(pc.not_equal(theirs("unit"), figures.column("unit")), pc.is_null(theirs("value"))),
        ),
    )
    for index in true_indices(pc.and_(pc.is_valid(position), wrong)):
        yield figures.problem(
            index,
            "out_of_figure_id",
            Rule.FIGURE_OUT_OF,
            f"'{target[index].as_py()}' must be another figure, of the same incident and unit, that gives a value",
        )


def check_custody(context: Context) -> Iterator[Problem]:
    """A statement made in custody names a speaker who has a detention row."""
    if not _ready(context.dataset, "statements", "detentions"):
        return
    statements = context.dataset.tables["statements"]
    detained = context.dataset.tables["detentions"].column("actor_id")
    speaker = statements.column("speaker_actor_id")
    held = pc.fill_null(pc.is_in(speaker, detained), False)
    for index in true_indices(pc.and_(pc.fill_null(statements.column("made_in_custody"), False), pc.invert(held))):
        who = speaker[index].as_py()
        message = (
            f"'{who}' has no detention row; add it, or set made_in_custody to false"
            if who
            else "a statement made in custody needs a speaker (the detainee) with a detention row"
        )
        yield statements.problem(index, "made_in_custody", Rule.STATEMENT_CUSTODY, message)


def cyclic_edges(edges: list[tuple[str, str]]) -> list[int]:
    """The indices of the edges that lie on a cycle: both ends in one strongly connected component (Tarjan's
    algorithm, iterative, so a long chain does not exhaust the stack)."""
    graph: dict[str, list[str]] = defaultdict(list)
    for start, end in edges:
        graph[start].append(end)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    component: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    for root in list(graph):
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            targets = graph.get(node, [])
            if child < len(targets):
                work.append((node, child + 1))
                target = targets[child]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component[member] = index[node]
                    if member == node:
                        break
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return [i for i, (start, end) in enumerate(edges) if start != end and component[start] == component[end]]


def check_relations(context: Context) -> Iterator[Problem]:
    """A statement said to precede another is not dated entirely after it, and no chain of ``precedes``
    relations leads a statement back to itself."""
    dataset = context.dataset
    if not _ready(dataset, "statement_relations", "statements"):
        return
    relations, statements = dataset.tables["statement_relations"], dataset.tables["statements"]
    precedes = pc.fill_null(pc.equal(relations.column("relation"), "precedes"), False)
    first, then = relations.column("from_statement_id"), relations.column("to_statement_id")
    starts = _lookup(first, statements.keys(), statements.column("said_earliest"))
    ends = _lookup(then, statements.keys(), statements.column("said_latest"))
    for index in true_indices(pc.and_(precedes, pc.greater(starts, ends))):
        yield relations.problem(
            index,
            "from_statement_id",
            Rule.RELATION_ORDER,
            f"{first[index].as_py()} is said to precede {then[index].as_py()}, but is dated from "
            f"{starts[index].as_py()}, after {then[index].as_py()} ends ({ends[index].as_py()}); check the direction "
            "and the dates",
        )
    rows = true_indices(pc.and_(precedes, pc.and_(pc.is_valid(first), pc.is_valid(then))))
    edges = [(first[i].as_py(), then[i].as_py()) for i in rows]
    for position in cyclic_edges(edges):
        index = rows[position]
        yield relations.problem(
            index,
            "to_statement_id",
            Rule.RELATION_CYCLE,
            f"through 'precedes' relations, {then[index].as_py()} comes before {first[index].as_py()} as well as after "
            "it; break the cycle",
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
    check_sources,
    check_dates,
    check_verbatim_cells,
    check_figure_totals,
    check_custody,
    check_relations,
    check_part_of_cycles,
    check_source_filenames,
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
