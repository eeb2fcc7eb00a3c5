"""Benchmark: `crocus_data.load()` against bare `pq.read_table(path).to_pandas()`, warm, in one process.

Target (issue 11): load() within 1.3x of the bare read. Runs are interleaved (load, bare, load,
bare, ...) and the median of each is compared, so a busy machine slows both alike.

    python benchmarks/load.py [--repeat 200]
"""

from __future__ import annotations

import argparse
import statistics
import time

import pyarrow.parquet as pq

import crocus_data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    print(f"{'table':18s} {'load ms':>8s} {'bare ms':>8s} {'ratio':>6s}")
    ratios = []
    for table in crocus_data.tables():
        path = crocus_data.parquet_path(table)
        crocus_data.load(table), pq.read_table(path).to_pandas()  # warm: imports, caches, page cache
        ours, bare = [], []
        for _ in range(args.repeat):
            start = time.perf_counter()
            crocus_data.load(table)
            middle = time.perf_counter()
            pq.read_table(path).to_pandas()
            ours.append(middle - start)
            bare.append(time.perf_counter() - middle)
        ratio = statistics.median(ours) / statistics.median(bare)
        ratios.append(ratio)
        print(f"{table:18s} {1000 * statistics.median(ours):8.2f} {1000 * statistics.median(bare):8.2f} {ratio:6.2f}")
    print(f"worst ratio {max(ratios):.2f} (target <= 1.3); median {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
