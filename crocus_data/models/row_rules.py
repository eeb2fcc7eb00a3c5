"""Row rules: conditions across the columns of one row, written once as vectorised Arrow compute.

The bulk validator evaluates them over whole tables; each model evaluates the same functions on
its own single row, so the rule a contributor meets in CI and the rule a Python user meets when
building a record are one and the same. pyarrow is imported only when a rule is evaluated. Logic
is Kleene (three-valued): a rule whose result is null on a row does not fail it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from crocus_data.rule_registry import Rule

# Columns by name, as Arrow arrays of one table; a rule maps them to a boolean array.
Columns = Mapping[str, Any]


@dataclass(frozen=True)
class RowRule:
    """A rule over one row: ``holds`` gives a boolean array that is true (or null) where a row is fine.

    ``columns`` are the columns the rule reads; the first is where a problem is reported, and a rule
    is not evaluated on a row where one of its cells failed to parse (that cell is reported instead).
    """

    rule: Rule
    columns: tuple[str, ...]
    message: str
    holds: Callable[[Columns], Any]


def _pc() -> Any:
    import pyarrow.compute as pc

    return pc


def _any(*conditions: Any) -> Any:
    result = conditions[0]
    for condition in conditions[1:]:
        result = _pc().or_kleene(result, condition)
    return result


def _all(*conditions: Any) -> Any:
    result = conditions[0]
    for condition in conditions[1:]:
        result = _pc().and_kleene(result, condition)
    return result


def _valid(c: Columns, name: str) -> Any:
    return _pc().is_valid(c[name])


def _null(c: Columns, name: str) -> Any:
    return _pc().is_null(c[name])


def _equals(c: Columns, name: str, value: str) -> Any:
    """True when the column equals value; false (not null) when the column is empty."""
    return _pc().fill_null(_pc().equal(c[name], value), False)


def _in(c: Columns, name: str, values: Iterable[str]) -> Any:
    import pyarrow as pa

    return _pc().is_in(c[name], value_set=pa.array(list(values), pa.string()))


def _same(left: Any, right: Any) -> Any:
    """Two never-null boolean arrays agree."""
    return _pc().equal(left, right)


def _not_greater(c: Columns, low: str, high: str) -> Any:
    """low <= high, holding whenever either side is empty."""
    return _any(_null(c, low), _null(c, high), _pc().less_equal(c[low], c[high]))


def date_rules(prefix: str) -> tuple[RowRule, ...]:
    """The rules of a date interval flattened as ``<prefix>_earliest`` ... ``<prefix>_note``."""
    earliest, latest = f"{prefix}_earliest", f"{prefix}_latest"
    precision, derivation, note = f"{prefix}_precision", f"{prefix}_derivation", f"{prefix}_note"
    return (
        RowRule(
            Rule.DATE_ORDER,
            (earliest, latest),
            f"{earliest} is after {latest}; swap them or fix the date",
            lambda c: _not_greater(c, earliest, latest),
        ),
        RowRule(
            Rule.DATE_PRECISION,
            (precision, earliest, latest),
            f"{precision} must be 'open' exactly when {earliest} or {latest} is empty",
            lambda c: _same(_pc().or_(_null(c, earliest), _null(c, latest)), _equals(c, precision, "open")),
        ),
        RowRule(
            Rule.DATE_PRECISION,
            (precision, earliest, latest),
            f"{precision} 'day' needs {earliest} and {latest} to be the same day",
            lambda c: _any(_pc().invert(_equals(c, precision, "day")), _pc().equal(c[earliest], c[latest])),
        ),
        RowRule(
            Rule.DATE_NOTE,
            (note, derivation),
            f"{derivation} is not 'stated': write the reasoning behind the bounds in {note}",
            lambda c: _any(_equals(c, derivation, "stated"), _valid(c, note)),
        ),
    )


def exactly_when(rule: Rule, column: str, condition_column: str, value: str, message: str) -> RowRule:
    """``column`` is filled exactly when ``condition_column`` equals ``value``."""
    return RowRule(
        rule,
        (column, condition_column),
        message,
        lambda c: _same(_valid(c, column), _equals(c, condition_column, value)),
    )


def attribution_rule() -> RowRule:
    """A claim names the statement it was made in exactly when it is attributed to a speaker."""
    return exactly_when(
        Rule.ATTRIBUTION_STATEMENT,
        "statement_id",
        "attribution",
        "speaker",
        "set statement_id exactly when attribution is 'speaker' (the statement names the speaker)",
    )


def same_answer(rule: Rule, column: str, value: str, other: str, other_value: str, message: str) -> RowRule:
    """``column`` equals ``value`` exactly when ``other`` equals ``other_value``."""
    return RowRule(
        rule,
        (column, other),
        message,
        lambda c: _same(_equals(c, column, value), _equals(c, other, other_value)),
    )


def exactly_one(rule: Rule, names: tuple[str, ...], message: str) -> RowRule:
    """Exactly one of the columns is filled."""

    def holds(c: Columns) -> Any:
        import pyarrow as pa

        filled = [_pc().cast(_valid(c, name), pa.int8()) for name in names]
        total = filled[0]
        for more in filled[1:]:
            total = _pc().add(total, more)
        return _pc().equal(total, 1)

    return RowRule(rule, names, message, holds)


def figure_rules(without_number: tuple[str, ...], with_number: tuple[str, ...]) -> tuple[RowRule, ...]:
    words = ", ".join(without_number)
    numeric = ", ".join(with_number)
    return (
        RowRule(
            Rule.FIGURE_VALUE,
            ("value", "qualifier"),
            f"qualifier {words} means the text gives no number: leave value empty",
            lambda c: _any(_pc().invert(_in(c, "qualifier", without_number)), _null(c, "value")),
        ),
        RowRule(
            Rule.FIGURE_VALUE,
            ("value", "qualifier"),
            f"this qualifier needs a value (only {words} and range go without one)",
            lambda c: _any(_in(c, "qualifier", (*without_number, "range")), _valid(c, "value")),
        ),
        RowRule(
            Rule.FIGURE_RANGE,
            ("value_low", "value_high", "qualifier"),
            "set value_low and value_high exactly when qualifier is 'range'",
            lambda c: _pc().and_(
                _same(_valid(c, "value_low"), _equals(c, "qualifier", "range")),
                _same(_valid(c, "value_high"), _equals(c, "qualifier", "range")),
            ),
        ),
        RowRule(
            Rule.FIGURE_ORDER,
            ("value_low", "value", "value_high"),
            "value_low <= value <= value_high must hold",
            lambda c: _all(
                _not_greater(c, "value_low", "value"),
                _not_greater(c, "value", "value_high"),
                _not_greater(c, "value_low", "value_high"),
            ),
        ),
        RowRule(
            Rule.FIGURE_ALTERNATIVE,
            ("alternative_qualifier", "qualifier"),
            f"an alternative reading must differ from the qualifier, and both must be one of {numeric}",
            lambda c: _any(
                _null(c, "alternative_qualifier"),
                _all(
                    _in(c, "qualifier", with_number),
                    _in(c, "alternative_qualifier", with_number),
                    _pc().not_equal(c["alternative_qualifier"], c["qualifier"]),
                ),
            ),
        ),
        RowRule(
            Rule.FIGURE_DERIVED,
            ("value_derived", "value", "note"),
            "a derived value needs the value and a note saying how it follows from the words",
            lambda c: _any(_pc().invert(c["value_derived"]), _all(_valid(c, "value"), _valid(c, "note"))),
        ),
    )


def evidence_length_rule() -> RowRule:
    return RowRule(
        Rule.EVIDENCE_OFFSETS,
        ("end", "start", "quote"),
        "end - start must equal the length of the quote; run `crocus-data fill-offsets` after clearing them",
        lambda c: _any(
            _null(c, "start"),
            _null(c, "end"),
            _null(c, "quote"),
            _pc().equal(_pc().subtract(c["end"], c["start"]), _pc().utf8_length(c["quote"])),
        ),
    )


# A character that is not whitespace as Python's str.isspace() reads it, in RE2 (whose \S knows only ASCII
# whitespace): the separators (\p{Z}: no-break, thin, ideographic spaces, line and paragraph separators),
# NEL and the ASCII controls str.isspace() counts.
NOT_WHITESPACE = r"[^\s\p{Z}\x{85}\x0b\x1c-\x1f]"


def evidence_words_rule() -> RowRule:
    """A quote of only whitespace (any space: no-break, thin, ideographic ...) stands verbatim anywhere such a
    space does: it supports no claim, and a W3C quote selector cannot tell one space of a run from the next."""
    return RowRule(
        Rule.EVIDENCE_WORDS,
        ("quote",),
        "the quote is only whitespace (spaces or line breaks); quote the words the row stands on",
        lambda c: _any(_null(c, "quote"), _pc().match_substring_regex(c["quote"], NOT_WHITESPACE)),
    )


def failing_rows(rules: Iterable[RowRule], table: Any) -> list[tuple[RowRule, list[int]]]:
    """For each rule, the indices of the rows of an Arrow table where it does not hold (null holds)."""
    import pyarrow as pa

    pc = _pc()
    columns = {name: table.column(name) for name in table.column_names}
    result = []
    for rule in rules:
        fails = pc.fill_null(pc.invert(rule.holds(columns)), False)
        if not pc.any(fails).as_py():
            continue
        if isinstance(fails, pa.ChunkedArray):
            fails = fails.combine_chunks()
        result.append((rule, pc.indices_nonzero(fails).to_pylist()))
    return result


def different(rule: Rule, column: str, other: str, message: str) -> RowRule:
    """Two columns of a row never hold the same value (a relation of a thing to itself)."""
    return RowRule(
        rule, (column, other), message, lambda c: _pc().fill_null(_pc().not_equal(c[column], c[other]), True)
    )


def prefix_names_table(rule: Rule, key: str, table: str, prefixes: Mapping[str, str]) -> RowRule:
    """``table`` is the table whose prefix begins ``key`` (prefixes: table -> its keys' prefix)."""
    listed = ", ".join(f"{prefix}- {name}" for name, prefix in prefixes.items())

    def holds(c: Columns) -> Any:
        return _any(
            *(
                _all(_equals(c, table, name), _pc().starts_with(c[key], f"{prefix}-"))
                for name, prefix in prefixes.items()
            )
        )

    return RowRule(rule, (table, key), f"{table} must be the table the prefix of {key} belongs to ({listed})", holds)
