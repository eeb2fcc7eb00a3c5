"""Rules across rows and tables: keys, evidence, source integrity, attribution and dates.

The models check each row on its own; these check what no single row can: that references
resolve, that every quote stands verbatim at its offsets, that dates respect the documents.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date

from crocus_data.dataset import Dataset
from crocus_data.locate import LocateError, locate
from crocus_data.models import ActorClaim, Detention, Evidence, Figure, Incident, Source, TreatmentReport
from crocus_data.models.keys import PREFIXES
from crocus_data.models.record import DateBounds
from crocus_data.models.vocabulary import Attribution
from crocus_data.problems import Problem
from crocus_data.records import Row, column_values
from crocus_data.schema.columns import columns

TABLE_BY_PREFIX = {prefix: table for table, prefix in PREFIXES.items()}
# The date that each dated table is checked on.
DATE_FIELDS = {"incidents": "date", "statements": "said", "detentions": "detained"}
# Tables whose rows can be made in a statement (and so carry attribution + statement_id).
ATTRIBUTED_MODELS = (ActorClaim, Detention, TreatmentReport, Figure)


def _rows(dataset: Dataset) -> Iterator[tuple[str, Row]]:
    for table, rows in dataset.rows.items():
        for row in rows:
            yield table, row


def _problem(dataset: Dataset, table: str, row: Row | None, column: str | None, rule: str, message: str) -> Problem:
    return Problem(dataset.table_files.get(table, f"{table}.csv"), row.line if row else None, column, rule, message)


def check_keys(dataset: Dataset) -> Iterator[Problem]:
    """Primary keys are unique; every reference names an existing row."""
    for table, rows in dataset.rows.items():
        seen: dict[str, int] = {}
        for row in rows:
            key = row.record.key
            if key in seen:
                yield _problem(
                    dataset,
                    table,
                    row,
                    type(row.record).primary_key,
                    "key.duplicate",
                    f"'{key}' is already used on line {seen[key]}; give this row a new id",
                )
            seen.setdefault(key, row.line)
    keys = {table: dataset.keys(table) for table in dataset.rows}
    for table, row in _rows(dataset):
        for column, value in zip(columns(type(row.record)), column_values(row.record), strict=True):
            if column.references and value is not None and value not in keys.get(column.references, set()):
                yield _problem(
                    dataset,
                    table,
                    row,
                    column.name,
                    "key.foreign",
                    f"'{value}' is not a {column.references} id; add that row or fix the reference",
                )


def check_evidence(dataset: Dataset) -> Iterator[Problem]:
    """Every row has evidence; every quote stands verbatim at its offsets in its source text."""
    keys = {table: dataset.keys(table) for table in dataset.rows}
    cited: set[str] = set()
    for row in dataset.rows.get("evidence", []):
        evidence = row.record
        assert isinstance(evidence, Evidence)
        table = TABLE_BY_PREFIX.get(evidence.record_id.split("-", 1)[0], "")
        if evidence.record_id not in keys.get(table, set()):
            yield _problem(
                dataset,
                "evidence",
                row,
                "record_id",
                "evidence.record",
                f"no {table or 'table'} row has id '{evidence.record_id}'",
            )
        cited.add(evidence.record_id)
        text = dataset.text(evidence.source_id)
        if text is None:
            continue  # reported by check_sources
        if evidence.end > len(text):
            yield _problem(
                dataset,
                "evidence",
                row,
                "end",
                "evidence.offsets",
                f"end {evidence.end} is past the end of {evidence.source_id} ({len(text)} characters)",
            )
        elif text[evidence.start : evidence.end] != evidence.quote:
            yield _problem(dataset, "evidence", row, "quote", "evidence.quote", _quote_hint(text, evidence))
    for table, row in _rows(dataset):
        if table != "evidence" and row.record.key not in cited:
            yield _problem(
                dataset,
                table,
                row,
                type(row.record).primary_key,
                "evidence.missing",
                f"'{row.record.key}' has no evidence; add a row to evidence.csv quoting the words that support it",
            )


def _quote_hint(text: str, evidence: Evidence) -> str:
    found = text[evidence.start : evidence.end]
    message = f"the text at {evidence.start}-{evidence.end} is {found!r}, not the quote"
    try:
        start, end = locate(text, evidence.quote)
        return f"{message}; the quote stands at start={start}, end={end}"
    except LocateError as exc:
        return f"{message}; {exc}"


def check_sources(dataset: Dataset) -> Iterator[Problem]:
    """Each source text is present, unaltered (SHA-256, size), UTF-8 and NFC, and cited by some row."""
    cited = {row.record.source_id for row in dataset.rows.get("evidence", []) if isinstance(row.record, Evidence)}
    for row in dataset.rows.get("sources", []):
        source = row.record
        assert isinstance(source, Source)
        raw = dataset.texts.get(source.source_id)
        if raw is None:
            if source.source_id not in dataset.text_files:
                yield _problem(
                    dataset,
                    "sources",
                    row,
                    "source_id",
                    "source.missing",
                    f"the descriptor lists no text resource named '{source.source_id}'",
                )
            continue
        where = dataset.text_files[source.source_id]
        digest = hashlib.sha256(raw).hexdigest()
        if digest != source.sha256 or len(raw) != source.bytes:
            yield Problem(
                where,
                None,
                None,
                "source.hash",
                f"the text has SHA-256 {digest} and {len(raw)} bytes, but sources.csv records "
                f"{source.sha256} and {source.bytes}; source texts must stay byte for byte as received",
            )
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield Problem(where, None, None, "source.encoding", f"byte {exc.start} is not UTF-8")
            continue
        if not unicodedata.is_normalized("NFC", text):
            yield Problem(where, None, None, "source.nfc", "the text is not in Unicode NFC form")
        if source.source_id not in cited:
            yield _problem(
                dataset,
                "sources",
                row,
                "source_id",
                "source.uncited",
                f"no evidence row quotes {source.source_id}; encode what it reports or drop it",
            )


def check_text_cells(dataset: Dataset) -> Iterator[Problem]:
    """Text cells are NFC, so a quote and its source compare equal character by character."""
    for table, row in _rows(dataset):
        for column, value in zip(columns(type(row.record)), column_values(row.record), strict=True):
            if isinstance(value, str) and not unicodedata.is_normalized("NFC", value):
                yield _problem(dataset, table, row, column.name, "text.nfc", "normalise this cell to Unicode NFC")


def check_attribution(dataset: Dataset) -> Iterator[Problem]:
    """A claim names its statement exactly when it is attributed to a speaker."""
    for model in ATTRIBUTED_MODELS:
        for row in dataset.rows.get(model.table, []):
            record = row.record
            assert isinstance(record, ATTRIBUTED_MODELS)
            if (record.attribution is Attribution.SPEAKER) != (record.statement_id is not None):
                yield _problem(
                    dataset,
                    model.table,
                    row,
                    "statement_id",
                    "attribution.statement",
                    "set statement_id exactly when attribution is 'speaker' (the statement names the speaker)",
                )


def _publication_latest(dataset: Dataset) -> dict[str, date | None]:
    return {s.key: s.published.latest for s in dataset.records("sources") if isinstance(s, Source)}


def check_dates(dataset: Dataset) -> Iterator[Problem]:
    """Nothing reported happens after its report; statements and detentions do not precede their incident."""
    published = _publication_latest(dataset)
    sources_of: dict[str, set[str]] = defaultdict(set)
    for record in dataset.records("evidence"):
        assert isinstance(record, Evidence)
        sources_of[record.record_id].add(record.source_id)
    incident_start = {i.key: i.date.earliest for i in dataset.records("incidents") if isinstance(i, Incident)}
    for table, field in DATE_FIELDS.items():
        for row in dataset.rows.get(table, []):
            bounds = getattr(row.record, field)
            assert isinstance(bounds, DateBounds)
            for source_id in sorted(sources_of[row.record.key]):
                latest = published.get(source_id)
                if bounds.earliest and latest and bounds.earliest > latest:
                    yield _problem(
                        dataset,
                        table,
                        row,
                        f"{field}_earliest",
                        "date.after-publication",
                        f"{bounds.earliest} is after {source_id} was published (by {latest}); "
                        "a document cannot report what happened after it",
                    )
            incident_id = getattr(row.record, "incident_id", None)
            start = incident_start.get(incident_id) if table != "incidents" and incident_id else None
            if start and bounds.latest and bounds.latest < start:
                yield _problem(
                    dataset,
                    table,
                    row,
                    f"{field}_latest",
                    "date.before-incident",
                    f"{bounds.latest} is before {incident_id} began ({start}); check the bounds",
                )


# Cells that must stand verbatim in one of the row's evidence quotes: a name, a figure's wording.
VERBATIM_CELLS = {"actors": "name", "figures": "wording"}


def check_verbatim_cells(dataset: Dataset) -> Iterator[Problem]:
    """A named actor's name, and a figure's wording, appear in at least one of the row's evidence quotes."""
    quotes: dict[str, list[str]] = defaultdict(list)
    for record in dataset.records("evidence"):
        assert isinstance(record, Evidence)
        quotes[record.record_id].append(record.quote)
    for table, column in VERBATIM_CELLS.items():
        for row in dataset.rows.get(table, []):
            value = getattr(row.record, column)
            found = quotes[row.record.key]
            if value and found and not any(value in quote for quote in found):
                yield _problem(
                    dataset,
                    table,
                    row,
                    column,
                    f"evidence.{column}",
                    f"'{value}' appears in none of this row's evidence quotes; quote the words that contain it",
                )


CHECKS: tuple[Callable[[Dataset], Iterator[Problem]], ...] = (
    check_keys,
    check_evidence,
    check_sources,
    check_text_cells,
    check_attribution,
    check_dates,
    check_verbatim_cells,
)


def run_checks(dataset: Dataset) -> list[Problem]:
    """Every problem in the dataset: those met reading it, then those across rows."""
    problems = list(dataset.problems)
    for check in CHECKS:
        problems.extend(check(dataset))
    return problems


__all__ = ["CHECKS", "run_checks"]
