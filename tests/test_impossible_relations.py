"""Relations that cannot be true are refused: a tombstone replacement chain that loops (tombstone.cycle), a
figure counted out of itself through a chain (figure.out-of-cycle), a statement made in custody before any
detention of its speaker (statement.custody-date). Generated packages, broken in a few cells."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import assume, given
from hypothesis import strategies as st
from test_package_properties import located, problems_of, read_rows, write_rows, written

from crocus_data.models import Detention, Figure, Statement, Tombstone
from crocus_data.testing import Package, packages

from budgets import whole_packages


def _loop(keys: list[str], data: st.DataObject) -> list[str]:
    """Two or more distinct keys, in the order of a loop."""
    return data.draw(st.lists(st.sampled_from(keys), min_size=2, max_size=min(len(keys), 4), unique=True))


@whole_packages
@given(packages(), st.data())
def test_a_loop_of_tombstone_replacements_is_rejected_on_each_tombstone(package: Package, data: st.DataObject) -> None:
    graves = [t.retired_id for t in package.records["tombstones"] if isinstance(t, Tombstone)]
    assume(len(graves) >= 2)
    loop = _loop(graves, data)
    with written(package) as descriptor:
        path = descriptor.parent / "records" / "tombstones.csv"
        header, rows, lines = read_rows(path)
        at = {row["retired_id"]: i for i, row in enumerate(rows)}
        for key, then in zip(loop, loop[1:] + loop[:1], strict=True):
            rows[at[key]]["replaced_by"] = then
        write_rows(path, header, rows)
        found = {p for p in located(problems_of(descriptor)) if p[3] == "tombstone.cycle"}
        assert found == {("records/tombstones.csv", lines[at[key]], "replaced_by", "tombstone.cycle") for key in loop}


@whole_packages
@given(packages(), st.data())
def test_a_loop_of_figures_counted_out_of_each_other_is_rejected(package: Package, data: st.DataObject) -> None:
    figures = [f for f in package.records["figures"] if isinstance(f, Figure) and f.value is not None]
    assume(len(figures) >= 2)
    loop = _loop([f.figure_id for f in figures], data)
    with written(package) as descriptor:
        path = descriptor.parent / "records" / "figures.csv"
        header, rows, lines = read_rows(path)
        at = {row["figure_id"]: i for i, row in enumerate(rows)}
        first = rows[at[loop[0]]]
        for key, whole in zip(loop, loop[1:] + loop[:1], strict=True):
            # Same incident and unit, so that only the loop is wrong (figure.out-of holds).
            rows[at[key]].update(out_of_figure_id=whole, incident_id=first["incident_id"], unit=first["unit"])
        write_rows(path, header, rows)
        found = {p for p in located(problems_of(descriptor)) if p[3] == "figure.out-of-cycle"}
        assert found == {
            ("records/figures.csv", lines[at[key]], "out_of_figure_id", "figure.out-of-cycle") for key in loop
        }


@whole_packages
@given(packages(), st.data())
def test_a_statement_in_custody_before_every_detention_of_its_speaker_is_rejected(
    package: Package, data: st.DataObject
) -> None:
    detentions = [d for d in package.records["detentions"] if isinstance(d, Detention)]
    speakers = {d.actor_id for d in detentions}
    statements = [
        s for s in package.records["statements"] if isinstance(s, Statement) and s.speaker_actor_id in speakers
    ]
    assume(statements)
    statement = data.draw(st.sampled_from(statements))
    said = statement.said.earliest or statement.said.latest
    assume(said is not None)
    later = said + timedelta(days=data.draw(st.integers(1, 30)))
    with written(package) as descriptor:
        folder = descriptor.parent / "records"
        header, rows, lines = read_rows(folder / "statements.csv")
        index = next(i for i, row in enumerate(rows) if row["statement_id"] == statement.statement_id)
        rows[index].update(made_in_custody="true", said_earliest=said.isoformat(), said_latest=said.isoformat(),
                           said_precision="day", said_derivation="relative", said_note="a test")  # fmt: skip
        write_rows(folder / "statements.csv", header, rows)
        d_header, d_rows, _ = read_rows(folder / "detentions.csv")
        for row in d_rows:
            if row["actor_id"] == statement.speaker_actor_id:  # every detention of the speaker begins later
                day = later.isoformat()
                row.update(detained_earliest=day, detained_latest=day, detained_precision="day",
                           detained_derivation="relative", detained_note="a test")  # fmt: skip
        write_rows(folder / "detentions.csv", d_header, d_rows)
        problem = ("records/statements.csv", lines[index], "said_latest", "statement.custody-date")
        assert problem in located(problems_of(descriptor))
        # One detention that may have begun by then makes it possible again.
        d_rows[0].update(actor_id=statement.speaker_actor_id, detained_earliest="", detained_precision="open",
                         detained_derivation="bounded_by_context")  # fmt: skip
        write_rows(folder / "detentions.csv", d_header, d_rows)
        assert problem not in located(problems_of(descriptor))
