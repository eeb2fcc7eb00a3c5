"""Dates across tables: nothing reported happens after its report; nothing precedes its incident."""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow.compute as pc

from crocus_data.checks.context import Context
from crocus_data.problems import Problem
from crocus_data.reader.needs import DATE_FIELDS
from crocus_data.reader.table_data import lookup, true_indices
from crocus_data.rule_registry import Rule


def check_dates(context: Context) -> Iterator[Problem]:
    """Nothing reported happens after its report; statements and detentions do not precede their incident."""
    package = context.package
    if not package.readable("sources", "evidence"):
        return
    sources, evidence = package.tables["sources"], package.tables["evidence"]
    for table, field in DATE_FIELDS.items():
        if not package.readable(table):
            continue
        data = package.tables[table]
        earliest, latest = data.column(f"{field}_earliest"), data.column(f"{field}_latest")
        evidence_rows, rows = context.targets.rows_in(table)
        source_ids = pc.take(evidence.column("source_id"), evidence_rows)
        reported = pc.take(earliest, rows)
        published = lookup(source_ids, sources.keys(), sources.column("published_latest"))
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
        if table == "incidents" or not package.readable("incidents"):
            continue
        incidents = package.tables["incidents"]
        start = lookup(data.column("incident_id"), incidents.keys(), incidents.column("date_earliest"))
        for index in true_indices(pc.less(latest, start)):
            yield data.problem(
                index,
                f"{field}_latest",
                Rule.DATE_BEFORE_INCIDENT,
                f"{latest[index].as_py()} is before {data.column('incident_id')[index].as_py()} began "
                f"({start[index].as_py()}); check the bounds",
            )
