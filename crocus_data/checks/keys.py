"""Keys: primary keys are unique and every reference names an existing row."""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa
import pyarrow.compute as pc

from crocus_data.checks.context import Context
from crocus_data.limits import MAX_HINT_KEYS, MAX_KEY_HINTS
from crocus_data.models.columns import columns
from crocus_data.nearest import not_an_id
from crocus_data.problems import Problem
from crocus_data.reader.table_data import member, true_indices
from crocus_data.rule_registry import Rule


def near_keys(value: str, keys: pa.ChunkedArray) -> list[str]:
    """The keys worth comparing with a broken reference: all of a small table's; of a big one, those that
    begin like it (the prefix and two characters), at most ``MAX_HINT_KEYS``, so a hint stays cheap."""
    if len(keys) > MAX_HINT_KEYS:
        head = value[: value.find("-") + 3] if "-" in value else value[:2]
        keys = pc.filter(keys, pc.fill_null(pc.starts_with(keys, head), False))
    return [key for key in keys.slice(0, MAX_HINT_KEYS).to_pylist() if key is not None]


def check_keys(context: Context) -> Iterator[Problem]:
    """Primary keys are unique; every reference names an existing row."""
    package = context.package
    for data in package.tables.values():
        if data.table is None or context.keys_unique[data.model.table]:
            continue  # the common case, answered by one hash pass
        keyed = pa.table({"key": data.keys(), "row": pa.array(range(data.num_rows), pa.int64())})
        counts = keyed.group_by("key").aggregate([("row", "count"), ("row", "min")])
        # A blank key is cell.required's, and never the same id as another blank one.
        repeated = counts.filter(pc.and_(pc.greater(counts.column("row_count"), 1), pc.is_valid(counts.column("key"))))
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
    for data in package.tables.values():
        if data.table is None:
            continue
        for column in columns(data.model):
            if not column.references or not package.readable(column.references):
                continue
            values = data.column(column.name)
            keys = package.tables[column.references].keys()
            missing = pc.and_(pc.is_valid(values), pc.invert(member(values, keys)))
            for index in true_indices(missing):
                value = values[index].as_py()
                hinted += 1
                candidates = near_keys(value, keys) if hinted <= MAX_KEY_HINTS else []
                message = not_an_id(value, column.references, candidates)
                yield data.problem(index, column.name, Rule.KEY_FOREIGN, message)
