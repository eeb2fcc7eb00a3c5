"""Blanks never join: an empty id matches no other empty id, in the lookups every check uses and in the gate.

A blank tombstone id and a blank actor id once matched each other (null equal to null) and ended in
``KeyError: None``; the command-level cases are in tests/corpus/commands.json (class
"blanks-never-join"). Here, the two lookups the checks share, on any keys and values, blanks included.
"""

from __future__ import annotations

import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from crocus_data.history.gate import ids, tombstoned
from crocus_data.history.snapshot import Column, Snapshot, build_table
from crocus_data.reader.table_data import lookup, member

KEYS = st.lists(st.sampled_from(["a", "b", "c", None]), max_size=30)
VALUES = st.lists(st.sampled_from(["a", "x", None]), max_size=8)


@given(KEYS, VALUES)
def test_member_is_true_only_for_a_value_equal_to_a_key(keys: list[str | None], values: list[str | None]) -> None:
    found = member(pa.chunked_array([values], pa.string()), pa.chunked_array([keys], pa.string())).to_pylist()
    assert found == [value is not None and value in keys for value in values]


@given(KEYS, VALUES)
def test_lookup_finds_the_first_equal_key_and_never_for_a_blank(
    keys: list[str | None], values: list[str | None]
) -> None:
    target = pa.chunked_array([list(range(len(keys)))], pa.int64())
    found = lookup(pa.chunked_array([values], pa.string()), pa.chunked_array([keys], pa.string()), target)
    assert found.to_pylist() == [keys.index(value) if value is not None and value in keys else None for value in values]


def test_the_gate_counts_no_blank_id_as_in_use_or_retired() -> None:
    actors = build_table("actors", (Column("actor_id"), Column("name")), ("actor_id",), [["", "x"], ["act-a", "y"]])
    graves = build_table(
        "tombstones",
        (Column("retired_id"), Column("table_name")),
        ("retired_id",),
        [["", "actors"], ["act-b", "actors"]],
    )
    snapshot = Snapshot("1.0.0", {"actors": actors, "tombstones": graves})
    assert ids(snapshot) == {"act-a": "actors"}
    assert tombstoned(snapshot) == {"act-b": "actors"}
