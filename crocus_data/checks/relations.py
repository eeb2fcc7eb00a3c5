"""Relations that must be possible: figure totals, custody, the order of ``precedes`` relations, and
no actor part of itself."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pyarrow as pa
import pyarrow.compute as pc

from crocus_data.checks.context import Context
from crocus_data.checks.graphs import cyclic_edges, rows_on_cycles
from crocus_data.problems import Problem
from crocus_data.reader.table_data import lookup, true_indices
from crocus_data.rule_registry import Rule


def check_figure_totals(context: Context) -> Iterator[Problem]:
    """A figure counted out of another ('how many of the six') names another figure of the same incident and
    unit that gives a value (a reference to no figure at all is ``key.foreign``'s)."""
    if not context.package.readable("figures"):
        return
    figures = context.package.tables["figures"]
    target = figures.column("out_of_figure_id")
    position = pc.index_in(target, value_set=figures.keys(), skip_nulls=True)

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
    if not context.package.readable("statements", "detentions"):
        return
    statements = context.package.tables["statements"]
    detained = context.package.tables["detentions"].column("actor_id")
    speaker = statements.column("speaker_actor_id")
    held = pc.fill_null(pc.is_in(speaker, value_set=detained, skip_nulls=True), False)
    for index in true_indices(pc.and_(pc.fill_null(statements.column("made_in_custody"), False), pc.invert(held))):
        who = speaker[index].as_py()
        message = (
            f"'{who}' has no detention row; add it, or set made_in_custody to false"
            if who
            else "a statement made in custody needs a speaker (the detainee) with a detention row"
        )
        yield statements.problem(index, "made_in_custody", Rule.STATEMENT_CUSTODY, message)


def check_relations(context: Context) -> Iterator[Problem]:
    """A statement said to precede another is not dated entirely after it, and no chain of ``precedes``
    relations leads a statement back to itself."""
    package = context.package
    if not package.readable("statement_relations", "statements"):
        return
    relations, statements = package.tables["statement_relations"], package.tables["statements"]
    precedes = pc.fill_null(pc.equal(relations.column("relation"), "precedes"), False)
    first, then = relations.column("from_statement_id"), relations.column("to_statement_id")
    starts = lookup(first, statements.keys(), statements.column("said_earliest"))
    ends = lookup(then, statements.keys(), statements.column("said_latest"))
    for index in true_indices(pc.and_(precedes, pc.greater(starts, ends))):
        yield relations.problem(
            index,
            "from_statement_id",
            Rule.RELATION_ORDER,
            f"{first[index].as_py()} is said to precede {then[index].as_py()}, but is dated from "
            f"{starts[index].as_py()}, after {then[index].as_py()} ends ({ends[index].as_py()}); check the direction "
            "and the dates",
        )
    for index in rows_on_cycles(first, then, precedes):
        yield relations.problem(
            index,
            "to_statement_id",
            Rule.RELATION_CYCLE,
            f"through 'precedes' relations, {then[index].as_py()} comes before {first[index].as_py()} as well as after "
            "it; break the cycle",
        )


def check_part_of_cycles(context: Context) -> Iterator[Problem]:
    """No actor is, through its chain of ``part_of_actor_id``, part of itself."""
    if not context.package.readable("actors"):
        return
    actors = context.package.tables["actors"]
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


def check_figure_out_of_cycles(context: Context) -> Iterator[Problem]:
    """No figure is, through a chain of ``out_of_figure_id``, counted out of itself (a figure out of itself
    directly is ``figure.out-of``'s)."""
    if not context.package.readable("figures"):
        return
    figures = context.package.tables["figures"]
    keys, wholes = figures.keys(), figures.column("out_of_figure_id")
    for index in rows_on_cycles(keys, wholes):
        yield figures.problem(
            index,
            "out_of_figure_id",
            Rule.FIGURE_OUT_OF_CYCLE,
            f"{keys[index].as_py()} is counted out of {wholes[index].as_py()}, whose chain of out_of_figure_id leads "
            "back to it: a count cannot be out of itself; one of them gives the whole",
        )


def check_custody_dates(context: Context) -> Iterator[Problem]:
    """A statement made in custody is not dated entirely before every detention of its speaker: it ends
    (``said_latest``) before each of them begins (``detained_earliest``). A detention whose start is open
    may have begun at any time, so it never makes a statement impossible."""
    if not context.package.readable("statements", "detentions"):
        return
    statements, detentions = context.package.tables["statements"], context.package.tables["detentions"]
    starts: dict[str, list[date | None]] = {}
    for actor, start in zip(
        detentions.column("actor_id").to_pylist(), detentions.column("detained_earliest").to_pylist(), strict=True
    ):
        if actor is not None:
            starts.setdefault(actor, []).append(start)
    in_custody = pc.fill_null(statements.column("made_in_custody"), False)
    ends, speakers = statements.column("said_latest"), statements.column("speaker_actor_id")
    for index in true_indices(pc.and_(in_custody, pc.is_valid(ends))):
        speaker, end = speakers[index].as_py(), ends[index].as_py()
        begun = starts.get(speaker, [])
        if not begun or any(start is None or start <= end for start in begun):
            continue  # no detention row is statement.custody's; one that may have begun by then allows it
        first = min(start for start in begun if start is not None)
        yield statements.problem(
            index,
            "said_latest",
            Rule.STATEMENT_CUSTODY_DATE,
            f"made in custody, but said by {end} at the latest, before any detention of {speaker} began (the "
            f"earliest on {first}); check the dates, or made_in_custody",
        )
