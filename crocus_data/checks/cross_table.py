"""Rules across rows and tables: keys, evidence, source integrity, dates and verbatim cells.

Reading a table (``csv_file.py``, ``cells.py``) checks each cell and each row on its own; these
check what no single row can. They work on whole Arrow columns, so a million rows cost about as
much as a few vector operations; only the verbatim-quote comparison walks rows, in chunks.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from crocus_data.checks.cells import nfc_suspects
from crocus_data.checks.context import Context
from crocus_data.checks.coverage import check_coverage
from crocus_data.checks.integrity import INTEGRITY_CHECKS, check_source_filenames
from crocus_data.checks.limits import MAX_HINT_KEYS, MAX_KEY_HINTS, MAX_QUOTE_HINTS
from crocus_data.checks.needs import DATE_FIELDS, VERBATIM_CELLS
from crocus_data.checks.package import Dataset
from crocus_data.checks.spans import span_views
from crocus_data.checks.table_data import TableData, member, true_indices
from crocus_data.checks.tombstones import check_tombstones
from crocus_data.locate import LocateError, fill_offsets, locate
from crocus_data.models.columns import columns
from crocus_data.models.keys import PREFIXES
from crocus_data.nearest import did_you_mean, not_an_id
from crocus_data.problems import Problem
from crocus_data.rule_registry import Rule


def _ready(dataset: Dataset, *tables: str) -> bool:
    return all(name in dataset.tables and dataset.tables[name].table is not None for name in tables)


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
            missing = pc.and_(pc.is_valid(values), pc.invert(member(values, keys)))
            for index in true_indices(missing):
                value = values[index].as_py()
                hinted += 1
                candidates = _near_keys(value, keys) if hinted <= MAX_KEY_HINTS else []
                message = not_an_id(value, column.references, candidates)
                yield data.problem(index, column.name, Rule.KEY_FOREIGN, message)


def check_evidence_links(context: Context) -> Iterator[Problem]:
    """Every evidence row points at an existing row; every row of a table read from sources has evidence."""
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

    The text at every row's span is an Arrow string view into the source's bytes (``spans.py``), so
    all quotes are compared in one vectorised equality; only the rows that fail are looked at one
    by one, to say what the text holds there.
    """
    dataset = context.dataset
    if not _ready(dataset, "evidence"):
        return
    evidence = dataset.tables["evidence"]
    recorded = {row["source_id"]: row["sha256"] for row in dataset.rows("sources")}
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
        [dataset.texts[source_id] for source_id in usable],
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
        text = context.utf8.get(source_id)
        if text is None:
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield Problem(where, None, None, Rule.SOURCE_ENCODING, f"byte {exc.start} is not UTF-8")
            continue
        suspect = pc.any(pc.match_substring_regex(text, nfc_suspects())).as_py()
        if suspect and not unicodedata.is_normalized("NFC", context.decoded(source_id)):
            yield Problem(where, None, None, Rule.SOURCE_NFC, "the text is not in Unicode NFC form")
        if source_id not in cited:
            message = f"no evidence row quotes {source_id}; encode what it reports or drop it"
            yield sources.problem(index, "source_id", Rule.SOURCE_UNCITED, message)


def _lookup(values: pa.ChunkedArray, keys: pa.ChunkedArray, target: pa.ChunkedArray) -> pa.Array:
    """target[i] for the row i of ``keys`` equal to each value (null where there is none).

    As in ``member``, a few values looked up among many keys first narrow the keys to those equal to
    some value (one scan; order kept, so the first equal key is still the one found), then hash those.
    """
    if len(keys) <= 4 * len(values):
        return pc.take(target, pc.index_in(values, keys))
    kept = pc.indices_nonzero(pc.fill_null(pc.is_in(keys, pc.unique(values)), False))
    return pc.take(target, pc.take(kept, pc.index_in(values, pc.take(keys, kept))))


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


_BATCH = 65536  # (value, quote) pairs turned into Python strings at a time


def check_verbatim_cells(context: Context) -> Iterator[Problem]:
    """Each cell the models mark verbatim (a name, a figure's wording, a place ...) stands in one of the
    row's evidence quotes.

    Only the (value, quote) pairs of rows that have such a cell are compared, a batch at a time; a row
    without evidence is reported by check_evidence_links instead.
    """
    dataset = context.dataset
    if not _ready(dataset, "evidence"):
        return
    quotes = dataset.tables["evidence"].column("quote")
    for table, verbatim in VERBATIM_CELLS.items():
        if not verbatim or not _ready(dataset, table):
            continue
        data = dataset.tables[table]
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
    keys, parents = actors.keys().to_pylist(), actors.column("part_of_actor_id").to_pylist()
    edges = [(key, parent) for key, parent in zip(keys, parents, strict=True) if key and parent]
    # On a cycle: an actor part of itself, or one in the same strongly connected component as its group.
    on_cycle = {key for key, parent in edges if key == parent} | {edges[i][0] for i in cyclic_edges(edges)}
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
    check_figure_totals,
    check_custody,
    check_relations,
    check_part_of_cycles,
    check_tombstones,
    check_source_filenames,
    check_coverage,
)


# Two threads: Arrow and numpy let go of the interpreter while they work, so one check's vector work
# runs beside another's Python (the machine the targets are set for has two cores).
CHECK_THREADS = 2
# The context's shared values, computed before the checks run (a cached_property is not thread-safe on 3.12+).
SHARED = ("digests", "utf8", "keys_unique", "targets")
# The checks that take longest on a large package, started first so that they overlap.
LONGEST = (check_quotes, check_coverage, check_keys, check_verbatim_cells)


def _shared(context: Context, name: str) -> None:
    if name != "targets" or _ready(context.dataset, "evidence"):  # evidence's targets need evidence
        getattr(context, name)


def _problems(check: Callable[[Context], Iterator[Problem]], context: Context) -> list[Problem]:
    return list(check(context))


def _longest_first(check: Callable[[Context], Iterator[Problem]]) -> int:
    return LONGEST.index(check) if check in LONGEST else len(LONGEST)


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
    with ThreadPoolExecutor(max_workers=CHECK_THREADS) as pool:
        # What several checks share is computed first, once, so no two threads compute it together.
        for shared in [pool.submit(_shared, context, name) for name in SHARED]:
            shared.result()
        # The longest checks start first; the problems are listed in CHECKS order whatever the threads do.
        started = {check: pool.submit(_problems, check, context) for check in sorted(CHECKS, key=_longest_first)}
        for check in CHECKS:
            problems.extend(started[check].result())
    if not problems:
        for check in INTEGRITY_CHECKS:
            problems.extend(check(context))
    return problems


__all__ = ["CHECKS", "Context", "TableData", "run_checks"]
