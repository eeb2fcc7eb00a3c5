"""Check the floor against crocus-data: both find nothing in a valid package, and the same breakage.

A floor that misses problems would be fast for the wrong reason. This generates a small realistic
package, then breaks one thing at a time in a copy (a quote, a duplicate key, a broken reference, a
source text's bytes, a cell in NFD, a formula, a date after publication, a name missing from its
quote, a stray comma) and prints, per case, the problems each tool counts by rule. It fails if the
valid package is not clean for both, or if a tool misses a breakage.

    python benchmarks/floor_selftest.py [--statements 10000] [--crocus PATH]
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from floor_duckdb import MAX_BYTES, Floor
from package_layout import DESCRIPTOR, read_descriptor, shipped_data_dir
from realistic import generate

Rows = list[list[str]]


def edit(package: Path, table: str, change: Callable[[list[str], Rows], None]) -> None:
    """Rewrite records/<table>.csv after ``change(header, rows)`` edits its rows in place."""
    path = package / "records" / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as stream:
        header, *rows = list(csv.reader(stream))
    change(header, rows)
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream, lineterminator="\n").writerows([header, *rows])


def setter(column: str, row: int, value: str | Callable[[str], str]) -> Callable[[list[str], Rows], None]:
    def change(header: list[str], rows: Rows) -> None:
        i = header.index(column)
        rows[row][i] = value(rows[row][i]) if callable(value) else value

    return change


def change_quote(quote: str) -> str:
    return quote[:5] + ("Ж" if quote[5] != "Ж" else "Щ") + quote[6:]


def change_text(package: Path) -> None:
    """Replace one two-byte character of the first source text by another: same size, other hash."""
    path = sorted((package / "sources").iterdir())[0]
    text = path.read_text(encoding="utf-8")
    position = next(i for i, ch in enumerate(text) if ch == "ж")
    path.write_text(text[:position] + "з" + text[position + 1 :], encoding="utf-8")


def said_after_publication(package: Path) -> None:
    """Date a statement quoted from a source with a known publication date to 2025."""
    with (package / "records" / "evidence.csv").open(encoding="utf-8", newline="") as stream:
        evidence = list(csv.DictReader(stream))
    with (package / "records" / "sources.csv").open(encoding="utf-8", newline="") as stream:
        published = {row["source_id"] for row in csv.DictReader(stream) if row["published_latest"]}
    statement = next(
        row["record_id"] for row in evidence if row["record_id"].startswith("stm-") and row["source_id"] in published
    )

    def change(header: list[str], rows: Rows) -> None:
        row = next(r for r in rows if r[0] == statement)
        for column, value in [("said_earliest", "2025-01-01"), ("said_latest", "2025-01-01"), ("said_precision", "day"),
                              ("said_derivation", "stated")]:  # fmt: skip
            row[header.index(column)] = value

    edit(package, "statements", change)


def stray_comma(package: Path) -> None:
    path = package / "records" / "figures.csv"
    lines = path.read_bytes().split(b"\n")
    lines[3] += b","
    path.write_bytes(b"\n".join(lines))


CASES: dict[str, Callable[[Path], None]] = {
    "quote": lambda p: edit(p, "evidence", setter("quote", 20, change_quote)),
    "duplicate key": lambda p: edit(p, "figures", setter("figure_id", 5, "fig-bench-4")),
    "foreign key": lambda p: edit(p, "statements", setter("target_actor_id", 7, "act-nobody")),
    "source hash": change_text,
    "NFD cell": lambda p: edit(p, "statements", setter("summary", 3, "и\u0306 " + "x")),
    "formula": lambda p: edit(p, "actors", setter("description", 2, "=HYPERLINK(1)")),
    "after publication": said_after_publication,
    "name not quoted": lambda p: edit(p, "actors", setter("name", 0, "Никто-нигде")),
    "stray comma": stray_comma,
}


def crocus_rules(crocus: str, package: Path) -> Counter[str]:
    result = subprocess.run([crocus, "validate", str(package), "--format", "json"], capture_output=True, check=False)
    return Counter(problem["rule"] for problem in json.loads(result.stdout)["problems"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, default=10_000)
    parser.add_argument("--crocus", default=str(Path(sys.executable).with_name("crocus-data")))
    args = parser.parse_args()
    schema = read_descriptor(shipped_data_dir())
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        valid = Path(folder) / "valid"
        generate(valid, args.statements)
        for case, breakage in {"valid": None, **CASES}.items():
            package = valid
            if breakage is not None:
                package = Path(folder) / "broken"
                shutil.rmtree(package, ignore_errors=True)
                shutil.copytree(valid, package)
                breakage(package)
            floor = Floor(package / DESCRIPTOR, schema, MAX_BYTES).run()
            crocus = crocus_rules(args.crocus, package)
            ok = (not floor and not crocus) if breakage is None else bool(floor and crocus)
            failed |= not ok
            agree = "same counts" if floor == crocus else "counts differ"
            print(
                f"{case:<18} {'ok' if ok else 'FAILED':<6} {agree:<13} floor {dict(floor)}  crocus-data {dict(crocus)}"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
