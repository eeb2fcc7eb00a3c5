"""The validator's runner: every check, in the order problems are listed, scheduled on two threads.

Reading a package (``crocus_data.reader``) reports what each file, cell and row gets wrong; the
checks here report what no single row can. ``run_checks`` lists the reader's problems first, then
each check's in ``CHECKS`` order, whatever order the threads finish in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

from crocus_data.checks.context import Context
from crocus_data.checks.coverage import check_coverage
from crocus_data.checks.dates import check_dates
from crocus_data.checks.evidence import check_empty_offsets, check_evidence_links, check_quotes, check_verbatim_cells
from crocus_data.checks.integrity import INTEGRITY_CHECKS, check_source_filenames
from crocus_data.checks.keys import check_keys
from crocus_data.checks.own_words import check_figure_wordings, check_stated_dates
from crocus_data.checks.relations import (
    check_custody,
    check_custody_dates,
    check_figure_out_of_cycles,
    check_figure_totals,
    check_part_of_cycles,
    check_relations,
)
from crocus_data.checks.sources import check_sources
from crocus_data.checks.tombstones import check_tombstone_cycles, check_tombstones
from crocus_data.problems import Problem
from crocus_data.reader.package import Package

CHECKS: tuple[Callable[[Context], Iterator[Problem]], ...] = (
    check_keys,
    check_evidence_links,
    check_quotes,
    check_empty_offsets,
    check_sources,
    check_dates,
    check_verbatim_cells,
    check_figure_totals,
    check_figure_out_of_cycles,
    check_figure_wordings,
    check_stated_dates,
    check_custody,
    check_custody_dates,
    check_relations,
    check_part_of_cycles,
    check_tombstones,
    check_tombstone_cycles,
    check_source_filenames,
    check_coverage,
)


# Two threads: Arrow and numpy let go of the interpreter while they work, so one check's vector work
# runs beside another's Python (the machine the targets are set for has two cores).
CHECK_THREADS = 2


# The context's shared values, computed before the checks run (a cached_property is not thread-safe on 3.12+).
SHARED = ("digests", "utf8", "keys_unique", "targets")


# The checks that take longest on a large package, started first so that they overlap.
LONGEST = (check_quotes, check_coverage, check_keys, check_verbatim_cells)


def _shared(context: Context, name: str) -> None:
    if name != "targets" or context.package.readable("evidence"):  # evidence's targets need evidence
        getattr(context, name)


def _problems(check: Callable[[Context], Iterator[Problem]], context: Context) -> list[Problem]:
    return list(check(context))


def _longest_first(check: Callable[[Context], Iterator[Problem]]) -> int:
    return LONGEST.index(check) if check in LONGEST else len(LONGEST)


def run_checks(package: Package) -> list[Problem]:
    """Every problem in the package: those met reading it, then those across rows.

    The files the build generates (Parquet, the descriptor's hashes, its twin) are compared with the
    records only once the records are clean: before that, "run `crocus-data build`" is not the fix,
    and every edit in progress would echo there.
    """
    problems = list(package.problems)
    for data in package.tables.values():
        problems.extend(data.problems)
    context = Context(package)
    with ThreadPoolExecutor(max_workers=CHECK_THREADS) as pool:
        # What several checks share is computed first, once, so no two threads compute it together.
        for shared in [pool.submit(_shared, context, name) for name in SHARED]:
            shared.result()
        # The longest checks start first; the problems are listed in CHECKS order whatever the threads do.
        started = {check: pool.submit(_problems, check, context) for check in sorted(CHECKS, key=_longest_first)}
        for check in CHECKS:
            problems.extend(started[check].result())
    if not problems:
        for check in INTEGRITY_CHECKS:
            problems.extend(check(context))
    return problems
