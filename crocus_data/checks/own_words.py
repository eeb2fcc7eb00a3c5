"""A number or a date is readable in its own words (data model, principle 11).

A figure's value is what its wording says ("360 injuries" is 360, "six" is 6); a date marked *stated*
is written in the row's evidence ("March 22, 2024"), and a source's in the source itself (its
dateline). What the encoder computed — a weekday turned into a day, "nearly three months later", a
sum — is marked derived or inferred with its reasoning, so a typo in a number cannot pass as a fact.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date

import pyarrow as pa
import pyarrow.compute as pc

from crocus_data.checks.context import Context
from crocus_data.models.vocabulary import DateDerivation, DatePrecision
from crocus_data.problems import Problem
from crocus_data.reader.needs import DATE_FIELDS
from crocus_data.reader.table_data import TableData, true_indices
from crocus_data.rule_registry import Rule
from crocus_data.wording.dates import day_written, month_written, year_written
from crocus_data.wording.numbers import numbers_in, writes

NUMBER_COLUMNS = ("value", "value_low", "value_high")
# Derivations that take day and month from the text (the year from elsewhere, said in the note).
DAY_AND_MONTH = (DateDerivation.YEAR_FROM_PUBLICATION.value, DateDerivation.YEAR_INFERRED.value)
CHECKED = (DateDerivation.STATED.value, *DAY_AND_MONTH)
SHOWN_QUOTES = 3
EVIDENCE = "its evidence"  # quotes a problem repeats, each cut by Problem's own bound


def _troubled(data: TableData) -> set[int | None]:
    """The lines of rows whose own cells or row rules already have a problem: a number or date that breaks
    its row's rules (a vague figure with a value, a negative count) is reported there, once."""
    return {problem.row for problem in data.problems}


def check_figure_wordings(context: Context) -> Iterator[Problem]:
    """Each number of a figure not marked ``value_derived`` is one its wording writes (rows whose own cells
    and rules hold)."""
    if not context.package.readable("figures"):
        return
    figures = context.package.tables["figures"]
    troubled = _troubled(figures)
    written = pc.invert(pc.fill_null(figures.column("value_derived"), False))
    for index in true_indices(pc.and_(written, pc.is_valid(figures.column("wording")))):
        if troubled and figures.line(index) in troubled:
            continue
        wording = figures.column("wording")[index].as_py()
        for column in NUMBER_COLUMNS:
            value = figures.column(column)[index].as_py()
            if value is None or writes(wording, value):
                continue
            readable = numbers_in(wording)
            reads = ", ".join(f"{number:,}" for number in sorted(readable)) or "no number"
            yield figures.problem(
                index,
                column,
                Rule.FIGURE_WORDING_NUMBER,
                f"{value:,} is not a number the wording '{wording}' writes (it reads: {reads}); fix the number, or "
                "set value_derived to true and say in the note how the words give it",
                expected=f"one of: {reads}" if readable else "a number the wording writes",
            )


def _quotes(context: Context, table: str) -> dict[int, list[str]]:
    """Each row's evidence quotes, by row index."""
    evidence = context.package.tables["evidence"]
    evidence_rows, rows = context.targets.rows_in(table)
    quotes = pc.take(evidence.column("quote"), evidence_rows).to_pylist()
    found: dict[int, list[str]] = defaultdict(list)
    for row, quote in zip(rows.to_pylist(), quotes, strict=True):
        if quote is not None:
            found[row].append(quote)
    return found


def _written(texts: list[str], bound: date, precision: str, derivation: str) -> bool:
    """Whether one bound of a date is written in one of the texts, as its precision and derivation say."""
    if derivation in DAY_AND_MONTH:
        return precision != DatePrecision.DAY.value or any(day_written(t, bound, with_year=False) for t in texts)
    if precision == DatePrecision.YEAR.value:
        return any(year_written(t, bound.year) for t in texts)
    if precision == DatePrecision.MONTH.value:
        return any(month_written(t, bound.year, bound.month) for t in texts)
    return any(day_written(t, bound) for t in texts)


def _date_problems(data: TableData, field: str, texts_of: dict[int, list[str]], where: str) -> Iterator[Problem]:
    derivation_column = f"{field}_derivation"
    derivation = data.column(derivation_column)
    checked = pc.is_in(pc.cast(derivation, pa.string()), value_set=pa.array(CHECKED, pa.string()))
    troubled = _troubled(data)
    for index in true_indices(checked):
        if index not in texts_of or (troubled and data.line(index) in troubled):
            continue  # no evidence is evidence.missing's, an unreadable text source.*'s; a broken row is its own
        how = derivation[index].as_py()
        precision = data.column(f"{field}_precision")[index].as_py()
        texts = texts_of[index]
        bounds = [data.column(f"{field}_{end}")[index].as_py() for end in ("earliest", "latest")]
        missing = [bound for bound in dict.fromkeys(bounds) if bound is not None]
        missing = [bound for bound in missing if not _written(texts, bound, precision, how)]
        if not missing:
            continue
        shown = "; ".join(f"'{text}'" for text in texts[:SHOWN_QUOTES]) or "none"
        quoted = f" ({shown})" if where == EVIDENCE else ""
        what = "its day and month are" if how in DAY_AND_MONTH else "it is"
        yield data.problem(
            index,
            derivation_column,
            Rule.DATE_STATED,
            f"'{how}', but {what} not written in {where}{quoted} for {', '.join(map(str, missing))}: a day "
            f"computed from a weekday, 'later' or 'nearly three months since' is 'relative' or "
            f"'bounded_by_context', with the reasoning in {field}_note",
        )


def check_stated_dates(context: Context) -> Iterator[Problem]:
    """A date marked ``stated`` is written, with its year, in its row's evidence (a source's publication date
    in its own text); one whose year comes from the dateline or is inferred has its day and month there."""
    package = context.package
    if package.readable("evidence"):
        for table, field in DATE_FIELDS.items():
            if package.readable(table):
                yield from _date_problems(package.tables[table], field, _quotes(context, table), EVIDENCE)
    if package.readable("sources"):
        sources = package.tables["sources"]
        texts = {
            index: [context.decoded(source_id)]
            for index, source_id in enumerate(sources.keys().to_pylist())
            if source_id in context.utf8
        }
        yield from _date_problems(sources, "published", texts, "the source's text")
