"""Tombstones: a retired id is never used again, and a tombstone's replacement names something real.

Within one package; the semver gate (``crocus_data.history.gate``) checks the same promise across
versions: an id gone since the last release must have a tombstone, and a tombstone stays.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa
import pyarrow.compute as pc

from crocus_data.checks.context import Context
from crocus_data.checks.graphs import rows_on_cycles
from crocus_data.models import Tombstone
from crocus_data.problems import Problem
from crocus_data.reader.table_data import member, true_indices
from crocus_data.rule_registry import Rule


def check_tombstones(context: Context) -> Iterator[Problem]:
    """No row of any table has a retired id; every ``replaced_by`` is a live id or another retired one."""
    package = context.package
    graves = package.tables.get(Tombstone.table)
    if graves is None or graves.table is None or graves.num_rows == 0:
        return
    retired = graves.keys()
    line_of = {key: graves.line(index) for index, key in enumerate(retired.to_pylist()) if key is not None}
    live: list[pa.ChunkedArray] = []
    for name, data in package.tables.items():
        if name == Tombstone.table or data.table is None:
            continue
        live.append(data.keys())
        for index in true_indices(pc.is_in(data.keys(), value_set=retired, skip_nulls=True)):  # blanks never join
            key = data.keys()[index].as_py()
            message = (
                f"'{key}' was retired (line {line_of[key]} of {graves.file}); ids are never reused: give this row "
                "a new id"
            )
            yield data.problem(index, data.model.primary_key, Rule.TOMBSTONE_REUSED, message)
    replaced_by = graves.column("replaced_by")
    known = pa.chunked_array([chunk for keys in [*live, retired] for chunk in keys.chunks], pa.string())
    nowhere = pc.and_(pc.is_valid(replaced_by), pc.invert(member(replaced_by, known)))
    for index in true_indices(nowhere):
        message = f"'{replaced_by[index].as_py()}' is no row of any table and no retired id; fix it or leave it empty"
        yield graves.problem(index, "replaced_by", Rule.TOMBSTONE_REPLACED_BY, message)


def check_tombstone_cycles(context: Context) -> Iterator[Problem]:
    """No chain of ``replaced_by`` leads a retired id back to itself: the record it was carried on as must
    exist somewhere at the end of the chain (an id replaced by itself directly is ``tombstone.replaced-by``'s)."""
    graves = context.package.tables.get(Tombstone.table)
    if graves is None or graves.table is None or graves.num_rows == 0:
        return
    retired, replaced_by = graves.keys(), graves.column("replaced_by")
    for index in rows_on_cycles(retired, replaced_by):
        yield graves.problem(
            index,
            "replaced_by",
            Rule.TOMBSTONE_CYCLE,
            f"'{retired[index].as_py()}' is replaced by '{replaced_by[index].as_py()}', whose chain of replaced_by "
            "leads back to it: no record carries it on; name the id in use now",
        )
