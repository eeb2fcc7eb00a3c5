"""``crocus_data.validate()``: the validator as a function, returning the ``Report`` the CLI renders.

The same reading, checks and order as ``crocus-data validate``: the command is this function and a
renderer. With no path it validates the shipped package; given a checkout, a data directory or a
``datapackage.json``, that package.
"""

from __future__ import annotations

from pathlib import Path

from crocus_data.checks.report import Report
from crocus_data.checks.runner import run_checks
from crocus_data.layout import DESCRIPTOR, installed_data_dir
from crocus_data.limits import DEFAULT_MAX_BYTES, MAX_SOURCE_BYTES
from crocus_data.problems import Problem
from crocus_data.reader.package import descriptor_of, from_descriptor
from crocus_data.rule_registry import Rule

__all__ = ["Report", "validate"]


def validate(
    path: str | Path | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_source_bytes: int = MAX_SOURCE_BYTES,
    package: str | None = None,
) -> Report:
    """Every problem of a data package, located and named by its rule.

    ``path`` is a checkout, a data directory or a ``datapackage.json``; None validates the installed
    package. ``package`` says in words which package that is (the CLI's wording); ``max_bytes`` and
    ``max_source_bytes`` bound the table files and the source texts read.

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
    return Report(run_checks(read), read.row_counts(), descriptor, what)
