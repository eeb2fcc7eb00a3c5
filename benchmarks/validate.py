"""Benchmark: `crocus-data validate` against `frictionless validate` on generated contributions.

For each size N it writes a data package holding the shipped tables plus N synthetic statements,
each with its evidence row (so N statement rows and N evidence rows, every foreign key resolving and
every quote verbatim in a shipped source text), then times both validators as whole processes on
the same descriptor, in one run, and prints seconds, rows/s, peak memory and the ratios.

    python benchmarks/validate.py                      # 10k, 100k and 1M statement rows
    python benchmarks/validate.py --sizes 10000 --no-frictionless

Targets (issue 4): on 1M rows at least 25x faster than frictionless-py with foreign keys, peak memory
under 1 GB, and 1M rows taking at most 12x the 100k time.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import crocus_data
from crocus_data.loaders import csv_path, data_dir
from crocus_data.models import MODEL_BY_TABLE
from crocus_data.models.columns import column_names
from crocus_data.resources.outputs import json_bytes

QUOTE = "ISIS claimed responsibility for the attack."
SYNTHETIC_SOURCE = "src-004"


def generate(root: Path, n: int) -> Path:
    """Write a package with n extra statements (and their evidence) under root; return its descriptor."""
    shipped = json.loads((data_dir() / "datapackage.json").read_text(encoding="utf-8"))
    (root / "records").mkdir(parents=True)
    shutil.copytree(data_dir() / "sources", root / "sources")
    for table in crocus_data.tables():
        shutil.copy(csv_path(table), root / "records" / f"{table}.csv")
    text = crocus_data.source_text(SYNTHETIC_SOURCE)
    start = text.index(QUOTE)
    with (root / "records" / "statements.csv").open("a", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        assert column_names(MODEL_BY_TABLE["statements"])[0] == "statement_id"
        for i in range(n):
            writer.writerow(
                [f"stm-bench-{i}", "speaker", "act-russia", "act-interfax", "report", "inc-crocus-city-hall-attack",
                 "act-isis", f"Synthetic statement number {i}.", "false", "", "2024-03-22", "2024-04-01", "range",
                 "bounded_by_context", "Synthetic: after the attack, by src-000's dateline.", ""]
            )  # fmt: skip
    with (root / "records" / "evidence.csv").open("a", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        for i in range(n):
            writer.writerow(
                [f"ev-stm-bench-{i}-1", f"stm-bench-{i}", SYNTHETIC_SOURCE, start, start + len(QUOTE), QUOTE]
            )
    descriptor = dict(shipped)
    descriptor["resources"] = [r for r in shipped["resources"] if r.get("format") != "parquet"]
    path = root / "datapackage.json"
    path.write_bytes(json_bytes(descriptor))
    return path


def run(command: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak resident memory in MB, and exit status of one whole process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss / 1024, process.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--no-frictionless", action="store_true", help="time crocus-data only")
    args = parser.parse_args()
    ours_cli = [sys.executable, "-m", "crocus_data.cli", "validate"]
    theirs_cli = [str(Path(sys.executable).with_name("frictionless")), "validate"]
    results: dict[int, dict[str, tuple[float, float, int]]] = {}
    print(f"{'statements':>10} {'rows':>9} {'tool':<12} {'seconds':>8} {'rows/s':>10} {'peak MB':>8} {'exit':>4}")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            descriptor = generate(Path(folder), n)
            rows = sum(max(0, p.read_bytes().count(b"\n") - 1) for p in descriptor.parent.glob("records/*.csv"))
            results[n] = {"crocus-data": run([*ours_cli, str(descriptor), "--max-bytes", str(4 << 30)])}
            if not args.no_frictionless:
                results[n]["frictionless"] = run([*theirs_cli, str(descriptor)])
            for tool, (seconds, peak, status) in results[n].items():
                print(f"{n:>10} {rows:>9} {tool:<12} {seconds:>8.2f} {rows / seconds:>10.0f} {peak:>8.0f} {status:>4}")
    print()
    for n, timing in results.items():
        if "frictionless" in timing:
            ratio = timing["frictionless"][0] / timing["crocus-data"][0]
            print(f"{n:>10} statements: crocus-data is {ratio:.1f}x faster than frictionless")
    sizes = sorted(results)
    for small, large in itertools.pairwise(sizes):
        growth = results[large]["crocus-data"][0] / results[small]["crocus-data"][0]
        print(f"crocus-data {large} / {small} statements: {growth:.2f}x the time for {large / small:.0f}x the rows")
    failed = [n for n, timing in results.items() if timing["crocus-data"][2] != 0]
    if failed:
        print(f"crocus-data did not report the generated package valid for sizes {failed}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
