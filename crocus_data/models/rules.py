"""Row rules: conditions across the columns of one row, written once as Arrow expressions.

The bulk validator evaluates them over whole tables; each model evaluates the same expressions on
its own single row, so the rule a contributor meets in CI and the rule a Python user meets when
building a record are one and the same. pyarrow is imported only when a rule is evaluated.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow.compute as pc


@dataclass(frozen=True)
class RowRule:
    """A rule over one row: ``holds`` builds an expression that is true (or null) where the row is fine.

    ``columns`` are the columns the rule reads; the first is where a problem is reported, and a rule
    is not evaluated on a row where one of its cells failed to parse (that cell is reported instead).
    """

    rule: str
    columns: tuple[str, ...]
    message: str
    holds: Callable[[], pc.Expression]


def _pc() -> Any:
    import pyarrow.compute as pc

    return pc


def _field(name: str) -> pc.Expression:
    field: pc.Expression = _pc().field(name)
    return field


def _valid(name: str) -> pc.Expression:
    return _field(name).is_valid()


def _null(name: str) -> pc.Expression:
    return _field(name).is_null()


def _equals(name: str, value: str) -> pc.Expression:
    """True when the column equals value; false (not null) when the column is empty."""
    return _field(name).is_valid() & (_field(name) == _pc().scalar(value))


def _in(name: str, values: Iterable[str]) -> pc.Expression:
    return _field(name).isin(list(values))


def _not_greater(low: str, high: str) -> pc.Expression:
    """low <= high, holding whenever either side is empty."""
    return _null(low) | _null(high) | (_field(low) <= _field(high))


def date_rules(prefix: str) -> tuple[RowRule, ...]:
    """The rules of a date interval flattened as ``<prefix>_earliest`` ... ``<prefix>_note``."""
    earliest, latest = f"{prefix}_earliest", f"{prefix}_latest"
    precision, derivation, note = f"{prefix}_precision", f"{prefix}_derivation", f"{prefix}_note"
    return (
        RowRule(
            "date.order",
            (earliest, latest),
            f"{earliest} is after {latest}; swap them or fix the date",
            lambda: _not_greater(earliest, latest),
        ),
        RowRule(
            "date.precision",
            (precision, earliest, latest),
            f"{precision} must be 'open' exactly when {earliest} or {latest} is empty",
            lambda: (_null(earliest) | _null(latest)) == _equals(precision, "open"),
        ),
        RowRule(
            "date.precision",
            (precision, earliest, latest),
            f"{precision} 'day' needs {earliest} and {latest} to be the same day",
            lambda: ~_equals(precision, "day") | (_field(earliest) == _field(latest)),
        ),
        RowRule(
            "date.note",
            (note, derivation),
            f"{derivation} is not 'stated': write the reasoning behind the bounds in {note}",
            lambda: _equals(derivation, "stated") | _valid(note),
        ),
    )


def exactly_when(rule: str, column: str, condition_column: str, value: str, message: str) -> RowRule:
    """``column`` is filled exactly when ``condition_column`` equals ``value``."""
    return RowRule(
        rule, (column, condition_column), message, lambda: _valid(column) == _equals(condition_column, value)
    )


def attribution_rule() -> RowRule:
    """A claim names the statement it was made in exactly when it is attributed to a speaker."""
    return exactly_when(
        "attribution.statement",
        "statement_id",
        "attribution",
        "speaker",
        "set statement_id exactly when attribution is 'speaker' (the statement names the speaker)",
    )


def figure_rules(without_number: tuple[str, ...]) -> tuple[RowRule, ...]:
    words = ", ".join(without_number)
    return (
        RowRule(
            "figure.value",
            ("value", "qualifier"),
            f"qualifier {words} means the text gives no number: leave value empty",
            lambda: ~_in("qualifier", without_number) | _null("value"),
        ),
        RowRule(
            "figure.value",
            ("value", "qualifier"),
            f"this qualifier needs a value (only {words} and range go without one)",
            lambda: _in("qualifier", (*without_number, "range")) | _valid("value"),
        ),
        RowRule(
            "figure.range",
            ("value_low", "value_high", "qualifier"),
            "set value_low and value_high exactly when qualifier is 'range'",
            lambda: (_valid("value_low") & _valid("value_high")) == _equals("qualifier", "range"),
        ),
        RowRule(
            "figure.order",
            ("value_low", "value", "value_high"),
            "value_low <= value <= value_high must hold",
            lambda: (
                _not_greater("value_low", "value")
                & _not_greater("value", "value_high")
                & _not_greater("value_low", "value_high")
            ),
        ),
    )


def evidence_length_rule() -> RowRule:
    return RowRule(
        "evidence.offsets",
        ("end", "start", "quote"),
        "end - start must equal the length of the quote; run `crocus-data fill-offsets` after clearing them",
        lambda: (
            _null("start") | _null("end") | _null("quote")
            | (_pc().subtract(_field("end"), _field("start")) == _pc().utf8_length(_field("quote")))
        ),
    )  # fmt: skip


def failing_rows(rules: Iterable[RowRule], table: Any) -> list[tuple[RowRule, list[int]]]:
    """For each rule, the indices of the rows of an Arrow table where it does not hold."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    indexed = table.append_column("__row", pa.array(range(table.num_rows), pa.int64()))
    dataset = ds.dataset(indexed)
    result = []
    for rule in rules:
        failing = dataset.to_table(columns=["__row"], filter=~rule.holds()).column("__row").to_pylist()
        if failing:
            result.append((rule, failing))
    return result


def plain_type(kind: str) -> Any:
    """The Arrow type rules are evaluated on: enums stay plain strings."""
    import pyarrow as pa

    return {"string": pa.string(), "enum": pa.string(), "integer": pa.int64(), "boolean": pa.bool_(),
            "date": pa.date32()}[kind]  # fmt: skip
