"""Profile `crocus-data validate` on a package: where does the time go?

Runs the CLI entry point (crocus_data.cli:main, the console script, the one stable way in) under
cProfile, in this process, and prints the top functions by cumulative and by own time. crocus-data
reads its tables in worker threads, which a plain cProfile run shows only as the main thread
waiting on a lock; so every thread started meanwhile is profiled too and the profiles are merged
(cumulative times then add up across threads). Generate a package first, e.g.
`python benchmarks/realistic.py 100000 /tmp/pkg`.

    python benchmarks/profile_crocus.py /tmp/pkg [--top 25]
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import pstats
import sys
import threading
from pathlib import Path
from typing import Any


def profile_threads(profiles: list[cProfile.Profile]) -> None:
    """Run every thread started from now on under its own profiler, collected in ``profiles``."""
    run = threading.Thread.run

    def profiled(self: threading.Thread, *args: Any, **kwargs: Any) -> None:
        profiler = cProfile.Profile()
        profiles.append(profiler)
        profiler.runcall(run, self, *args, **kwargs)

    threading.Thread.run = profiled  # type: ignore[method-assign]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("package", type=Path)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    from crocus_data.cli import main as crocus_main  # the console script's entry point

    profiler = cProfile.Profile()
    threads: list[cProfile.Profile] = []
    profile_threads(threads)
    with contextlib.redirect_stdout(io.StringIO()):
        status = profiler.runcall(crocus_main, ["validate", str(args.package)])
    print(f"crocus-data validate exited {status}; {len(threads)} worker threads profiled too")
    stats = pstats.Stats(profiler)
    for thread in threads:
        stats.add(thread)
    for order in ("cumulative", "tottime"):
        stats.sort_stats(order).print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
