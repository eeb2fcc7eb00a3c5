"""``crocus_data.validate()``: the validator as a function, returning the ``Report`` the CLI renders.

The same reading, checks and order as ``crocus-data validate``: the command is this function and a
renderer. With no path it validates the shipped package; given a checkout, a data directory or a
``datapackage.json``, that package.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.compute as pc

from crocus_data.checks.report import Report
from crocus_data.checks.runner import run_checks
from crocus_data.history.base import DEFAULT_BASE
from crocus_data.history.chain import Locator, history_problems
from crocus_data.layout import DESCRIPTOR, installed_data_dir, record_file
from crocus_data.limits import DEFAULT_MAX_BYTES, MAX_SOURCE_BYTES
from crocus_data.problems import Problem
from crocus_data.reader.package import Package, descriptor_of, from_descriptor
from crocus_data.rule_registry import Category, Rule

__all__ = ["Report", "validate"]


def validate(
    path: str | Path | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_source_bytes: int = MAX_SOURCE_BYTES,
    package: str | None = None,
    base: str | None = DEFAULT_BASE,
) -> Report:
    """Every problem of a data package, located and named by its rule.

    ``path`` is a checkout, a data directory or a ``datapackage.json``; None validates the installed
    package. ``package`` says in words which package that is (the CLI's wording); ``max_bytes`` and
    ``max_source_bytes`` bound the table files and the source texts read.

    In a checkout whose ``releases/`` records a release, its history is checked too
    (``crocus_data.history.chain``): against the releases, and against the git commit ``base`` (the
    last commit by default; None for none), when the checkout is a git checkout.

    >>> report = validate()
    >>> report.valid, report.exit_status
    (True, 0)
    """
    where = installed_data_dir() if path is None else Path(path)
    what = package or (f"the installed package ({where})" if path is None else f"the package at {where}")
    descriptor = descriptor_of(where)
    if descriptor is None:
        message = f"no {DESCRIPTOR} in {where}: name a checkout, a data directory or a {DESCRIPTOR}"
        return Report([Problem(DESCRIPTOR, None, None, Rule.PACKAGE_NOT_FOUND, message)], package=what)
    read = from_descriptor(descriptor, max_bytes, max_source_bytes, lean=True)
    problems = run_checks(read)
    if not any(problem.category is Category.UNUSABLE for problem in problems):
        problems += history_problems(descriptor, _locator(read), base)
    return Report(problems, read.row_counts(), descriptor, what)


def _locator(package: Package) -> Locator:
    """Where a row of the package is, by table and id: its file, and its line when the id is there."""

    def locate(table: str, key: str) -> tuple[str, int | None, str | None]:
        data = package.tables.get(table)
        if data is None:
            return record_file(table), None, None
        index = pc.index(data.keys(), key).as_py() if data.table is not None else -1
        return data.file, None if index is None or index < 0 else data.line(index), data.model.primary_key

    return locate
