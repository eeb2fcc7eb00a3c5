"""Flatten a model into the columns of its table: the one reading of the models every output shares.

Models import this module, never the other way round: it reads any Pydantic model.

A field typed with a nested model (``published: DateBounds``) becomes one column per sub-field
(``published_earliest``, ``published_latest``, ...), so every table is flat.
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Annotated, Any, Union, get_args, get_origin

import annotated_types
from pydantic import BaseModel, StringConstraints
from pydantic.fields import FieldInfo

from crocus_data.derived import SOURCE_IDS, SOURCE_IDS_DESCRIPTION
from crocus_data.kinds import Kind, pandas_dtype
from crocus_data.models.keys import References
from crocus_data.models.vocabulary import DocumentedEnum
from crocus_data.rule_registry import Rule


@dataclass(frozen=True)
class Verbatim:
    """Marks a text column whose cells are the document's own words: each must stand in one of the row's
    evidence quotes (checked by ``rule``)."""

    rule: Rule = Rule.EVIDENCE_VERBATIM


@dataclass(frozen=True)
class Column:
    """One column of a published table, with everything the generators need to know."""

    name: str
    kind: Kind
    required: bool
    description: str
    enum: type[DocumentedEnum] | None = None
    pattern: str | None = None
    minimum: int | None = None
    min_length: int | None = None
    references: str | None = None
    verbatim: Rule | None = None  # the rule checking that each cell stands in the row's evidence, if any
    path: tuple[str, ...] = ()  # field names leading to the value in the model, e.g. ("said", "earliest")

    @property
    def enum_values(self) -> list[str]:
        return [member.value for member in self.enum] if self.enum else []


def _unwrap(annotation: Any) -> tuple[Any, bool, list[Any]]:
    """Strip ``X | None`` and ``Annotated[...]``: return the base type, whether None is allowed, the metadata."""
    optional = False
    metadata: list[Any] = []
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            base, *extra = get_args(annotation)
            metadata.extend(extra)
            annotation = base
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(get_args(annotation))
            if len(args) != 1:
                raise TypeError(f"unsupported union {annotation!r}")
            annotation = args[0]
        else:
            return annotation, optional, metadata


def _kind(base: Any) -> Kind:
    if isinstance(base, type) and issubclass(base, DocumentedEnum):
        return "enum"
    if base is bool:
        return "boolean"
    if base is int:
        return "integer"
    if base is date:
        return "date"
    if base is str:
        return "string"
    raise TypeError(f"no column type for {base!r}")


def _column(name: str, path: tuple[str, ...], info: FieldInfo, parent_optional: bool) -> Column:
    base, optional, metadata = _unwrap(info.annotation)
    metadata = [*info.metadata, *metadata]
    pattern = min_length = minimum = None
    references = None
    verbatim = None
    for item in metadata:
        if isinstance(item, StringConstraints):
            pattern = item.pattern if isinstance(item.pattern, str) else pattern
            min_length = item.min_length if item.min_length is not None else min_length
        elif isinstance(item, References):
            references = item.table
        elif isinstance(item, Verbatim):
            verbatim = item.rule
        elif isinstance(item, annotated_types.Ge):
            minimum = int(item.ge)  # type: ignore[call-overload]
        elif isinstance(item, annotated_types.MinLen):
            min_length = item.min_length
        elif isinstance(getattr(item, "pattern", None), str):
            pattern = item.pattern
    return Column(
        name=name,
        kind=_kind(base),
        required=not (optional or parent_optional),
        description=info.description or "",
        enum=base if _kind(base) == "enum" else None,
        pattern=pattern,
        minimum=minimum,
        min_length=min_length,
        references=references,
        verbatim=verbatim,
        path=path,
    )


@cache
def columns(model: type[BaseModel]) -> tuple[Column, ...]:
    """The table's columns in order, nested models flattened as ``<field>_<sub-field>``."""
    result: list[Column] = []
    for name, info in model.model_fields.items():
        base, optional, _ = _unwrap(info.annotation)
        if isinstance(base, type) and issubclass(base, BaseModel):
            for sub_name, sub_info in base.model_fields.items():
                column = _column(f"{name}_{sub_name}", (name, sub_name), sub_info, optional)
                prefix = f"{info.description} " if info.description else ""
                result.append(Column(**{**column.__dict__, "description": f"{prefix}{column.description}".strip()}))
        else:
            result.append(_column(name, (name,), info, False))
    return tuple(result)


# Columns every published table gains, derived by the build (``crocus_data.derived``), never in the CSV records.
DERIVED_COLUMNS = (Column(SOURCE_IDS, "string_list", True, SOURCE_IDS_DESCRIPTION),)


def published_columns(model: type[BaseModel]) -> tuple[Column, ...]:
    """A table's columns as the Parquet files, the loaders and the SQLite database give them: the model's, then
    the derived ones."""
    return (*columns(model), *DERIVED_COLUMNS)


def column_names(model: type[BaseModel]) -> list[str]:
    return [column.name for column in columns(model)]


def column_values(record: BaseModel) -> list[Any]:
    """The record's values in column order (nested models flattened)."""
    values: list[Any] = []
    for column in columns(type(record)):
        value: Any = record
        for part in column.path:
            value = getattr(value, part)
        values.append(value)
    return values


def nest(model: type[BaseModel], values: dict[str, Any]) -> dict[str, Any]:
    """Flat column values -> the model's (possibly nested) field structure: the inverse of flattening."""
    nested: dict[str, Any] = {}
    for column in columns(model):
        if column.name not in values:
            continue
        target = nested
        for part in column.path[:-1]:
            target = target.setdefault(part, {})
        target[column.path[-1]] = values[column.name]
    return nested


def pandas_dtypes(model: type[BaseModel]) -> dict[str, Any]:
    """The dtype of each column of a loaded table, derived columns included (see ``kinds.pandas_dtype``)."""
    return {column.name: pandas_dtype(column.kind, column.enum_values) for column in published_columns(model)}
