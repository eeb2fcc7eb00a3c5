"""Check the floor against crocus-data: both find nothing in a valid package, and the same breakage.

A floor that misses problems would be fast for the wrong reason. This generates a small realistic
package, then breaks one thing at a time in a copy, at least once for every rule `crocus-data
validate` runs on such a package (a quote, a duplicate key, a broken reference, a source text's
bytes, a cell in NFD, a control character, a formula, a date after publication, a name, wording or
other verbatim cell missing from its quote, a stray comma, the row rules of figures, statements,
links, relations and tombstones, a retired id reused, cycles, custody, coverage and its notes, the
descriptor's facts about a text) and prints, per case, the problems each tool counts by rule. It
fails if the valid package is not clean for both, or if a tool does not report the rule the case
breaks.

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
        # Computed, with its note: a day marked stated would also be date.stated (its evidence does not write it).
        for column, value in [("said_earliest", "2025-01-01"), ("said_latest", "2025-01-01"), ("said_precision", "day"),
                              ("said_derivation", "relative"), ("said_note", "benchmark self-test")]:  # fmt: skip
            row[header.index(column)] = value

    edit(package, "statements", change)


def first_row(table: str, column: str, value: str) -> Callable[[list[str], Rows], None]:
    """Set ``column`` of the first row whose cell in it is not already ``value``."""

    def change(header: list[str], rows: Rows) -> None:
        i = header.index(column)
        next(row for row in rows if row[i] != value)[i] = value

    return change


def set_where(column: str, value: str, **where: str) -> Callable[[list[str], Rows], None]:
    """Set ``column`` of the first row whose cells equal ``where`` (column -> value; '*' any non-empty)."""

    def change(header: list[str], rows: Rows) -> None:
        def matches(row: list[str]) -> bool:
            return all(row[header.index(k)] != "" if v == "*" else row[header.index(k)] == v for k, v in where.items())

        next(row for row in rows if matches(row))[header.index(column)] = value

    return change


def self_loop(header: list[str], rows: Rows) -> None:
    rows[0][header.index("related_actor_id")] = rows[0][header.index("actor_id")]


def two_targets(header: list[str], rows: Rows) -> None:
    row = next(r for r in rows if r[header.index("to_figure_id")])
    claim = next(r for r in rows if r[header.index("to_claim_id")])[header.index("to_claim_id")]
    row[header.index("to_claim_id")] = claim


def out_of_itself(header: list[str], rows: Rows) -> None:
    rows[1][header.index("out_of_figure_id")] = rows[1][header.index("figure_id")]


def part_of_each_other(header: list[str], rows: Rows) -> None:
    key, parent = header.index("actor_id"), header.index("part_of_actor_id")
    rows[0][parent], rows[1][parent] = rows[1][key], rows[0][key]


def precedes_both_ways(header: list[str], rows: Rows) -> None:
    """Two relations: a precedes b and b precedes a (same dates, so only the cycle is wrong)."""
    relation, first, then = header.index("relation"), header.index("from_statement_id"), header.index("to_statement_id")
    pair = [row for row in rows if row[header.index("to_statement_id")]][:2]
    pair[0][relation] = pair[1][relation] = "precedes"
    pair[1][first], pair[1][then] = pair[0][then], pair[0][first]


def precedes_later(package: Path) -> None:
    """A relation says a statement precedes another, but the first is dated a year after the second."""
    with (package / "records" / "statement_relations.csv").open(encoding="utf-8", newline="") as stream:
        relation = next(row for row in csv.DictReader(stream) if row["to_statement_id"])
    first, then = relation["from_statement_id"], relation["to_statement_id"]

    def dates(header: list[str], rows: Rows) -> None:
        for row in rows:
            if row[0] in (first, then):
                day = "2024-06-01" if row[0] == first else "2024-03-23"
                for column, value in [("said_earliest", day), ("said_latest", day), ("said_precision", "day")]:
                    row[header.index(column)] = value

    edit(package, "statements", dates)
    edit(package, "statement_relations", set_where("relation", "precedes", relation_id=relation["relation_id"]))


def table(name: str, change: Callable[[list[str], Rows], None]) -> Callable[[Path], None]:
    return lambda package: edit(package, name, change)


def tombstone(line: str) -> Callable[[Path], None]:
    """Append a line to tombstones.csv."""

    def apply(package: Path) -> None:
        with (package / "records" / "tombstones.csv").open("a", encoding="utf-8") as stream:
            stream.write(line + "\n")

    return apply


def with_package(path: str, change: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def apply(package: Path) -> None:
        (package / path).write_bytes(change((package / path).read_bytes()))

    return apply


def drop_note(raw: bytes) -> bytes:
    lines = raw.split(b"\n")
    return b"\n".join([lines[0], *lines[2:]])


def orphan_note(raw: bytes) -> bytes:
    source = raw.split(b"\n")[1].split(b",")[0]
    return raw + source + b",Nowhere in the text,benchmark self-test\n"


def other_hash(raw: bytes) -> bytes:
    document = json.loads(raw)
    text = next(r for r in document["resources"] if r["name"].startswith("src-"))
    text["hash"] = "sha256:" + "0" * 64
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def stray_comma(package: Path) -> None:
    path = package / "records" / "figures.csv"
    lines = path.read_bytes().split(b"\n")
    lines[3] += b","
    path.write_bytes(b"\n".join(lines))


# case -> (the rule it breaks, how)
CASES: dict[str, tuple[str, Callable[[Path], None]]] = {
    "quote": ("evidence.quote", lambda p: edit(p, "evidence", setter("quote", 20, change_quote))),
    "duplicate key": ("key.duplicate", lambda p: edit(p, "figures", setter("figure_id", 5, "fig-bench-4"))),
    "foreign key": ("key.foreign", lambda p: edit(p, "statements", setter("target_actor_id", 7, "act-nobody"))),
    "source hash": ("source.hash", change_text),
    "NFD cell": ("text.nfc", lambda p: edit(p, "statements", setter("summary", 3, "и\u0306 " + "x"))),
    "control character": ("cell.nul", lambda p: edit(p, "statements", setter("summary", 4, "a\x07b"))),
    "formula": ("hygiene.formula", lambda p: edit(p, "actors", setter("description", 2, "=HYPERLINK(1)"))),
    "tab formula": ("hygiene.formula", lambda p: edit(p, "actors", setter("description", 3, "\tx"))),
    "after publication": ("date.after-publication", said_after_publication),
    "name not quoted": ("evidence.name", lambda p: edit(p, "actors", setter("name", 0, "Никто-нигде"))),
    "wording not quoted": ("evidence.wording", lambda p: edit(p, "figures", setter("wording", 0, "Никто-нигде"))),
    "value not quoted": ("evidence.verbatim", lambda p: edit(p, "actor_claims", setter("value", 0, "Никто-нигде"))),
    "stray comma": ("row.length", stray_comma),
    "rendering": ("statement.rendering", table("statements", set_where("rendering", "own_voice", attribution="speaker"))),  # noqa: E501
    "alternative": ("figure.alternative", table("figures", set_where("alternative_qualifier", "bare", qualifier="bare"))),  # noqa: E501
    "derived": ("figure.derived", lambda p: edit(p, "figures", set_where("value_derived", "true", note=""))),
    "out of itself": ("figure.out-of", lambda p: edit(p, "figures", out_of_itself)),
    "self-loop": ("link.self-loop", lambda p: edit(p, "actor_links", self_loop)),
    "two targets": ("relation.target", lambda p: edit(p, "statement_relations", two_targets)),
    "custody": ("statement.custody", table("statements", set_where("made_in_custody", "true", attribution="source"))),
    "precedes cycle": ("relation.cycle", lambda p: edit(p, "statement_relations", precedes_both_ways)),
    "part-of cycle": ("actor.part-of-cycle", lambda p: edit(p, "actors", part_of_each_other)),
    "retired id reused": ("tombstone.reused", tombstone("act-bench-1,actors,0.1.0,self-test,")),
    "tombstone table": ("tombstone.table", tombstone("act-gone,figures,0.1.0,self-test,")),
    "replaced by nothing": ("tombstone.replaced-by", tombstone("act-gone,actors,0.1.0,self-test,act-nobody")),
    "filename": ("source.filename", lambda p: edit(p, "sources", setter("filename", 0, "elsewhere.txt"))),
    "relation order": ("relation.order", precedes_later),
    "unexplained sentence": ("coverage.unexplained", with_package("coverage_notes.csv", drop_note)),
    "orphan note": ("coverage.note-orphan", with_package("coverage_notes.csv", orphan_note)),
    "descriptor hash": ("package.descriptor-mismatch", with_package("datapackage.json", other_hash)),
}  # fmt: skip


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
        for case, (rule, breakage) in {"valid": ("", None), **CASES}.items():
            package = valid
            if breakage is not None:
                package = Path(folder) / "broken"
                shutil.rmtree(package, ignore_errors=True)
                shutil.copytree(valid, package)
                breakage(package)
            floor = Floor(package / DESCRIPTOR, schema, MAX_BYTES).run()
            crocus = crocus_rules(args.crocus, package)
            ok = (not floor and not crocus) if breakage is None else bool(floor[rule] and crocus[rule])
            failed |= not ok
            agree = "same counts" if floor == crocus else "counts differ"
            print(
                f"{case:<20} {'ok' if ok else 'FAILED':<6} {agree:<13} floor {dict(floor)}  crocus-data {dict(crocus)}"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
