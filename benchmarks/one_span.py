"""The original benchmark contribution: the shipped tables plus N statements all quoting ONE span.

Kept as a second scenario beside benchmarks/realistic.py: it isolates the per-row cost of reading and
checking cells from the per-quote cost (cutting the text, comparing, containment), which here runs
once for the whole contribution. Every foreign key resolves and every quote is verbatim in src-004.
Only the on-disk layout is used (no crocus_data import): the shipped files are copied, column order
comes from the CSV headers, and rows are written by column name.

    python benchmarks/one_span.py 100000 /tmp/pkg
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
from pathlib import Path

from package_layout import (
    DESCRIPTOR,
    NOTES,
    RECORDS,
    SOURCES,
    header,
    json_bytes,
    package_descriptor,
    read_descriptor,
    shipped_data_dir,
)

QUOTE = "ISIS claimed responsibility for the attack."
SYNTHETIC_SOURCE = "src-004"


def statement(i: int) -> dict[str, str]:
    return {
        "statement_id": f"stm-bench-{i}",
        "attribution": "speaker",
        "speaker_actor_id": "act-russia",
        "relay_actor_id": "act-interfax",
        "kind": "report",
        "incident_id": "inc-crocus-city-hall-attack",
        "target_actor_id": "act-isis",
        "summary": f"Synthetic statement number {i}.",
        "rendering": "reported",
        "made_in_custody": "false",
        "setting": "",
        "said_earliest": "2024-03-22",
        "said_latest": "2024-04-01",
        "said_precision": "range",
        "said_derivation": "bounded_by_context",
        "said_note": "Synthetic: after the attack, by src-000's dateline.",
        "note": "",
    }


def generate(root: Path, n: int) -> Path:
    """Write a package with n extra statements (and their evidence) under root; return its descriptor."""
    shipped = shipped_data_dir()
    shutil.copytree(shipped / RECORDS, root / RECORDS)
    shutil.copytree(shipped / SOURCES, root / SOURCES)
    if (shipped / NOTES).is_file():
        shutil.copy2(shipped / NOTES, root / NOTES)
    with (shipped / RECORDS / "sources.csv").open(encoding="utf-8", newline="") as stream:
        filename = next(r["filename"] for r in csv.DictReader(stream) if r["source_id"] == SYNTHETIC_SOURCE)
    text = (shipped / SOURCES / filename).read_text(encoding="utf-8")
    start = text.index(QUOTE)  # a code-point offset, as evidence offsets are
    for table, rows in [
        ("statements", (statement(i) for i in range(n))),
        (
            "evidence",
            (
                {
                    "evidence_id": f"ev-stm-bench-{i}-1",
                    "record_id": f"stm-bench-{i}",
                    "source_id": SYNTHETIC_SOURCE,
                    "start": str(start),
                    "end": str(start + len(QUOTE)),
                    "quote": QUOTE,
                }
                for i in range(n)
            ),
        ),
    ]:
        path = root / RECORDS / f"{table}.csv"
        columns = header(path)
        with path.open("a", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream, lineterminator="\n")
            writer.writerows([row[name] for name in columns] for row in rows)
    descriptor = root / DESCRIPTOR
    descriptor.write_bytes(json_bytes(package_descriptor(read_descriptor(shipped), None)))
    return descriptor


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("statements", type=int)
    parser.add_argument("folder", type=Path, help="where to write the package (must not exist)")
    args = parser.parse_args()
    print(f"wrote {generate(args.folder, args.statements)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
