"""Checks: read a data package and report every problem in it, located and named by its rule.

The flow inside: ``package.py`` reads the descriptor and the files it names; ``csv_file.py``
reads each table's bytes; ``cells.py`` checks and types each cell and row; ``cross_table.py``
checks what no single row can (keys, evidence, source texts, dates); ``coverage.py`` splits the
sources into sentences and checks that each backs a record or is explained; ``report.py`` prints
the result. The rules themselves are listed in
``crocus_data.rule_registry``.
"""

from __future__ import annotations

from crocus_data.checks.cross_table import run_checks

__all__ = ["run_checks"]
