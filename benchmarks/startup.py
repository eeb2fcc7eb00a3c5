"""Benchmark: how fast the command answers and how light the package is to import, against bare Python.

Targets (issue 20): ``crocus-data --help`` and ``--version`` within about 5x a bare ``python -c pass``
(tens of milliseconds); ``import crocus_data`` free of pandas and pyarrow; ``load()`` free of pydantic
and the models. Each command is a fresh process, run ``--repeat`` times interleaved with the bare
interpreter, so a busy machine slows both alike; the medians and their ratio are printed, with each
process's peak memory (ru_maxrss of the child) and which heavy modules it imported.

    python benchmarks/startup.py [--repeat 30]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

HEAVY = ("pyarrow", "numpy", "pandas", "pydantic", "crocus_data.models")
PROBE = "import sys, json; {code}; print(json.dumps(sorted(m for m in {heavy} if m in sys.modules)))"
CASES = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "crocus-data --version": [sys.executable, "-m", "crocus_data.cli", "--version"],
    "crocus-data --help": [sys.executable, "-m", "crocus_data.cli", "--help"],
    "import crocus_data": [sys.executable, "-c", "import crocus_data"],
}
IMPORTS = {
    "import crocus_data": "import crocus_data",
    "crocus-data --help (its imports)": "from crocus_data.cli.entry_point import parser; parser()",
    "load('figures')": "import crocus_data; crocus_data.load('figures')",
}


def run(command: list[str]) -> tuple[float, float]:
    """Wall time (s) and peak memory (MB) of one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    times: dict[str, list[float]] = {name: [] for name in CASES}
    peaks: dict[str, float] = {}
    for command in CASES.values():
        run(command)  # warm the page cache and the bytecode cache
    for _ in range(args.repeat):
        for name, command in CASES.items():
            elapsed, peak = run(command)
            times[name].append(elapsed)
            peaks[name] = peak
    bare = statistics.median(times["python -c pass"])
    print(f"{'process':28s} {'median ms':>10s} {'x bare':>7s}")
    for name in CASES:
        median = statistics.median(times[name])
        print(f"{name:28s} {1000 * median:10.1f} {median / bare:7.2f}")
    print("(target: --help and --version at most about 5x bare python)")
    print("\nheavy modules imported (of " + ", ".join(HEAVY) + "):")
    for name, code in IMPORTS.items():
        found = subprocess.run(
            [sys.executable, "-c", PROBE.format(code=code, heavy=HEAVY)], capture_output=True, text=True, check=True
        )
        print(f"  {name:34s} {', '.join(json.loads(found.stdout)) or 'none'}")


if __name__ == "__main__":
    main()
