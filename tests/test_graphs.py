"""The two small graph algorithms written by hand, checked against their definitions on any graph.

``cyclic_edges`` (Tarjan, iterative) finds the ``precedes`` relations that lie on a cycle; the
timeline's ``_in_text_order`` orders statements with the same date bounds as the text orders them.
"""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from crocus_data.checks.graphs import cyclic_edges
from crocus_data.views.timeline import _in_text_order

NODES = st.sampled_from([f"s{i}" for i in range(8)])
EDGES = st.lists(st.tuples(NODES, NODES), max_size=16)


def reaches(edges: list[tuple[str, str]], start: str, goal: str) -> bool:
    seen, frontier = {start}, [start]
    while frontier:
        node = frontier.pop()
        for first, then in edges:
            if first == node and then not in seen:
                if then == goal:
                    return True
                seen.add(then)
                frontier.append(then)
    return False


@given(EDGES)
def test_an_edge_is_on_a_cycle_exactly_when_its_end_leads_back_to_its_start(edges: list[tuple[str, str]]) -> None:
    expected = [i for i, (a, b) in enumerate(edges) if a != b and (b == a or reaches(edges, b, a))]
    assert cyclic_edges(edges) == expected


def test_a_long_chain_does_not_exhaust_the_stack() -> None:
    chain = [(f"s{i}", f"s{i + 1}") for i in range(5000)]
    assert cyclic_edges(chain) == []
    assert len(cyclic_edges([*chain, ("s5000", "s0")])) == 5001


@st.composite
def frames_and_orders(draw: st.DrawFn) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """Rows already sorted by bounds (a few distinct bounds), and acyclic 'precedes' pairs among them."""
    count = draw(st.integers(0, 10))
    bounds = sorted(draw(st.lists(st.sampled_from(["2024-01-01", "2024-02-01", "2024-03-01"]), min_size=count,
                                  max_size=count)))  # fmt: skip
    frame = pd.DataFrame(
        {
            "record_id": [f"s{i}" for i in range(count)],
            "earliest": pd.to_datetime(pd.Series(bounds, dtype="object")),
            "latest": pd.to_datetime(pd.Series(bounds, dtype="object")),
        }
    )
    rank = draw(st.permutations(range(count)))  # the text's order: precedes only from lower to higher rank
    pairs = draw(st.lists(st.tuples(st.integers(0, max(count - 1, 0)), st.integers(0, max(count - 1, 0)))))
    precedes = [(f"s{a}", f"s{b}") for a, b in pairs if count and rank[a] < rank[b]]
    return frame, precedes


@given(frames_and_orders())
def test_rows_with_equal_bounds_follow_the_text_and_nothing_else_moves(
    case: tuple[pd.DataFrame, list[tuple[str, str]]],
) -> None:
    frame, precedes = case
    order = _in_text_order(frame, precedes)
    assert sorted(order) == list(range(len(frame)))
    reordered = frame.iloc[order]
    assert list(reordered["earliest"]) == list(frame["earliest"])  # each run of equal bounds stays in place
    position = {record_id: i for i, record_id in enumerate(reordered["record_id"])}
    same = dict(zip(frame["record_id"], frame["earliest"], strict=True))
    for first, then in precedes:
        if same[first] == same[then]:
            assert position[first] < position[then]
    if not precedes:
        assert order == list(range(len(frame)))


def test_rows_on_a_cycle_keep_their_order_after_the_rest_of_their_run() -> None:
    """The validator refuses such cycles; should one slip through, the view still returns every row."""
    frame = pd.DataFrame({"record_id": ["a", "b", "c"], "earliest": ["x"] * 3, "latest": ["x"] * 3})
    assert _in_text_order(frame, [("a", "b"), ("b", "a")]) == [2, 0, 1]
    assert _in_text_order(frame, [("a", "b"), ("b", "a"), ("c", "a")]) == [2, 0, 1]
    assert _in_text_order(frame, [("c", "a")]) == [1, 2, 0]
