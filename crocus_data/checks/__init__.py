"""Checks: what no single row can tell, across rows, tables and files of a package the reader has read.

``runner`` runs them all (``run_checks``), in a fixed order, on two threads; ``context`` computes
once what several share. One module per concern: ``keys``, ``evidence``, ``sources``, ``dates``,
``relations`` (with ``graphs``, the one cycle finder), ``tombstones``, ``coverage``, and
``integrity`` (the built files against the records). ``report`` holds the result, a ``Report``.
The rules themselves are listed in ``crocus_data.rule_registry``.
"""

from __future__ import annotations

from crocus_data.checks.runner import run_checks

__all__ = ["run_checks"]
