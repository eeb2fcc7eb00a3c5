"""Cycles in a directed graph of ids: the one strongly-connected-components finder the checks share, and the
rows of a table whose reference lies on one."""

from __future__ import annotations

from collections import defaultdict

import pyarrow as pa
import pyarrow.compute as pc

from crocus_data.reader.table_data import true_indices


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


def rows_on_cycles(starts: pa.ChunkedArray, ends: pa.ChunkedArray, among: pa.ChunkedArray | None = None) -> list[int]:
    """The rows whose edge (``starts[i]`` → ``ends[i]``, both set; only where ``among`` is true, if given) lies on a
    cycle: a tombstone's replacement, a figure's whole, a statement that precedes another."""
    mask = pc.and_(pc.is_valid(starts), pc.is_valid(ends))
    rows = true_indices(mask if among is None else pc.and_(among, mask))
    edges = [(starts[i].as_py(), ends[i].as_py()) for i in rows]
    return [rows[position] for position in cyclic_edges(edges)]
