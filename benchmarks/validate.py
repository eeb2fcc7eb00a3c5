"""Benchmark: `crocus-data validate` against `frictionless validate` and a DuckDB floor, on generated contributions.

Two scenarios, each at several sizes (statements):

* realistic (benchmarks/realistic.py): ~N/10 actors and figures, ~1.2N evidence rows, every quote a
  distinct non-ASCII span of one of six large texts, so the per-quote work is really done;
* one-span (benchmarks/one_span.py): the shipped tables plus N statements all quoting one sentence,
  so per-row cell work is measured on its own.

For each package it times three whole processes on the same files, one after the other: crocus-data
(`crocus-data validate PKG --format json`), frictionless-py from the same environment (`frictionless
validate PKG/datapackage.json`, which checks foreign keys) and the floor (benchmarks/floor_duckdb.py,
the same rules written directly in DuckDB). It prints wall seconds, peak memory (the child's own max
RSS, from wait4) and the ratios frictionless/crocus, crocus/floor and crocus time growth between sizes.
A last figure is crocus-data's peak memory on a package whose statements.csv is ~100 MB of random
junk: what a malformed contribution costs before it is refused.

    python benchmarks/validate.py                                   # both scenarios, 10k 100k 1M
    python benchmarks/validate.py --sizes 10000 100000 --scenario realistic
    python benchmarks/validate.py --sizes 1000000 --no-frictionless --crocus .venv/bin/crocus-data

Timings on a shared machine are noisy; compare ratios from one run.
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import one_span
import realistic
from package_layout import DESCRIPTOR, RECORDS

HERE = Path(__file__).resolve().parent
DEFAULT_MAX_BYTES = 512 * 1024 * 1024
JUNK_SEED = 4


@dataclass
class Run:
    seconds: float
    peak_mb: float
    status: int


@dataclass
class Package:
    scenario: str
    statements: int
    rows: int
    evidence: int
    megabytes: float
    generate_seconds: float


# Peak memory must be measured from a small parent: a child's max RSS starts at its parent's RSS at
# fork (Linux keeps the high-water mark across exec), and this driver holds generated data. So each
# command is started by a bare Python launcher (~8 MB, the floor of every figure), which reports
# the child's wall time, max RSS (KB) and exit status.
LAUNCHER = """
import os, sys, time
started = time.perf_counter()
pid = os.posix_spawnp(sys.argv[1], sys.argv[1:], os.environ,
                      file_actions=[(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)])
_, status, usage = os.wait4(pid, 0)
print(time.perf_counter() - started, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def run(command: list[str]) -> Run:
    """Wall seconds, peak resident memory (MB) and exit status of one whole child process."""
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a chatty child cannot block on it
        launched = subprocess.run(
            [sys.executable, "-I", "-S", "-c", LAUNCHER, *command], stdout=subprocess.PIPE, stderr=errors, check=True
        )
        seconds, peak_kb, code = launched.stdout.decode().split()
        if int(code) not in (0, 1):
            errors.seek(0)
            last = (errors.read().decode("utf-8", "replace").strip().splitlines() or [""])[-1]
            print(f"  {Path(command[0]).name} exited {code}: {last}", file=sys.stderr)
    return Run(float(seconds), int(peak_kb) / 1024, int(code))


def table_rows(root: Path) -> dict[str, int]:
    """Records per table (newlines minus the header; quoted newlines make it an estimate for evidence)."""
    return {p.stem: max(0, p.read_bytes().count(b"\n") - 1) for p in sorted((root / RECORDS).glob("*.csv"))}


def build(scenario: str, root: Path, n: int) -> Package:
    started = time.perf_counter()
    if scenario == "realistic":
        summary = realistic.generate(root, n)
        rows = summary.rows
    else:
        one_span.generate(root, n)
        rows = table_rows(root)
    seconds = time.perf_counter() - started
    size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
    return Package(scenario, n, sum(rows.values()), rows["evidence"], size / 1e6, seconds)


def crocus_command(crocus: str, root: Path) -> list[str]:
    command = [crocus, "validate", str(root), "--format", "json"]
    largest = max(p.stat().st_size for p in (root / RECORDS).glob("*.csv"))
    if largest > DEFAULT_MAX_BYTES:  # only so that a 1M package is read at all
        command += ["--max-bytes", str(2 * largest)]
    return command


def junk(crocus: str, folder: Path, megabytes: int) -> tuple[float, Run]:
    """crocus-data on the shipped package with statements.csv replaced by random bytes: (file MB, run)."""
    root = folder / "junk"
    one_span.generate(root, 0)
    path = root / RECORDS / "statements.csv"
    rng = np.random.default_rng(JUNK_SEED)
    with path.open("wb") as stream:
        for _ in range(megabytes):
            stream.write(rng.integers(0, 256, 1 << 20, dtype=np.uint8).tobytes())
    result = run([crocus, "validate", str(root), "--format", "json"])
    size = path.stat().st_size / (1 << 20)
    shutil.rmtree(root)
    return size, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--scenario", choices=["realistic", "one-span", "both"], default="both")
    parser.add_argument("--no-frictionless", action="store_true", help="skip frictionless-py (slow at 1M)")
    parser.add_argument("--no-floor", action="store_true", help="skip the DuckDB floor")
    parser.add_argument("--crocus", default=str(Path(sys.executable).with_name("crocus-data")))
    parser.add_argument("--junk-mb", type=int, default=100, help="size of the junk statements.csv (0: skip)")
    parser.add_argument("--tmp", type=Path, help="where to write packages (default: the system temp dir)")
    args = parser.parse_args()
    scenarios = ["realistic", "one-span"] if args.scenario == "both" else [args.scenario]
    tools: dict[str, Callable[[Path], list[str]]] = {"crocus-data": lambda root: crocus_command(args.crocus, root)}
    if not args.no_frictionless:
        frictionless = str(Path(sys.executable).with_name("frictionless"))
        tools["frictionless"] = lambda root: [frictionless, "validate", str(root / DESCRIPTOR)]
    if not args.no_floor:
        tools["floor"] = lambda root: [sys.executable, str(HERE / "floor_duckdb.py"), str(root)]

    baseline = run(["true"]).peak_mb
    print(f"peak memory includes the launcher's {baseline:.0f} MB (peak of running `true`)")
    results: list[tuple[Package, dict[str, Run]]] = []
    junk_result: tuple[float, Run] | None = None
    print(f"{'scenario':<9} {'stmts':>8} {'rows':>9} {'MB':>6} {'tool':<12} {'seconds':>8} {'peak MB':>8} {'exit':>4}")
    with tempfile.TemporaryDirectory(dir=args.tmp) as folder:
        for scenario, n in itertools.product(scenarios, args.sizes):
            root = Path(folder) / f"{scenario}-{n}"
            package = build(scenario, root, n)
            timings: dict[str, Run] = {}
            for tool, command in tools.items():
                timings[tool] = result = run(command(root))
                print(
                    f"{scenario:<9} {n:>8} {package.rows:>9} {package.megabytes:>6.0f} {tool:<12} "
                    f"{result.seconds:>8.2f} {result.peak_mb:>8.0f} {result.status:>4}",
                    flush=True,
                )
            results.append((package, timings))
            shutil.rmtree(root)
        if args.junk_mb:
            junk_result = junk(args.crocus, Path(folder), args.junk_mb)

    print("\nSummary (seconds / peak MB; ratios of wall time)")
    head = f"{'scenario':<9} {'stmts':>8} {'rows':>9} {'evidence':>9} {'MB':>5} {'gen s':>6}"
    head += "".join(f" {tool:>17}" for tool in tools)
    head += f" {'fl/crocus':>9} {'crocus/floor':>12}"
    print(head)
    for package, timings in results:
        line = (
            f"{package.scenario:<9} {package.statements:>8} {package.rows:>9} {package.evidence:>9} "
            f"{package.megabytes:>5.0f} {package.generate_seconds:>6.1f}"
        )
        line += "".join(f" {f'{t.seconds:.2f} s / {t.peak_mb:.0f}':>17}" for t in timings.values())
        crocus = timings["crocus-data"].seconds
        fl = f"{timings['frictionless'].seconds / crocus:.1f}x" if "frictionless" in timings else "-"
        floor = f"{crocus / timings['floor'].seconds:.2f}x" if "floor" in timings else "-"
        print(line + f" {fl:>9} {floor:>12}")
    for scenario in scenarios:
        mine = sorted((p.statements, t["crocus-data"].seconds) for p, t in results if p.scenario == scenario)
        for (small, small_s), (large, large_s) in itertools.pairwise(mine):
            print(
                f"{scenario}: crocus-data {large} / {small} statements: {large_s / small_s:.2f}x the time "
                f"for {large / small:.0f}x the statements"
            )
    if junk_result is not None:
        size, result = junk_result
        print(
            f"junk: statements.csv of {size:.0f} MB random bytes -> crocus-data peak {result.peak_mb:.0f} MB "
            f"({result.peak_mb / size:.2f}x the file), {result.seconds:.2f} s, exit {result.status}"
        )
    failed = [(p.scenario, p.statements) for p, t in results if any(r.status != 0 for r in t.values())]
    if failed:
        print(f"a tool did not report the generated package valid for {failed}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
