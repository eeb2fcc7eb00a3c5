"""Benchmark: coverage notes and add-source on a document of N similar sentences (near-linear, not quadratic).

A source whose sentences share their first dozen words is the worst case for naming a sentence by its
first words: every note, and every suggested key, must look past the shared words. Four runs, each a
whole `crocus-data` process on a copy of this checkout:

* add-source: `crocus-data add-source DOC CHECKOUT` of the document (its text report gives each sentence's key);
* unexplained: `validate` with no note on any sentence (each problem spells the note to add, key included);
* ambiguous: `validate` with one note per sentence naming it by its first six words (each is ambiguous);
* repeated: `validate` of a text that repeats one sentence N times, with N notes naming it.

    python benchmarks/coverage_notes.py --sentences 10000
    python benchmarks/coverage_notes.py --sentences 10000 --code /tmp/old   # another checkout's crocus_data

It prints wall seconds and peak memory (the child's own max RSS, as benchmarks/validate.py measures it).
The document is fictional and lives in a temporary copy; it never ships.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import shutil
import sys
import tempfile
from pathlib import Path

from package_layout import DESCRIPTOR, NOTES
from validate import run

REPO = Path(__file__).resolve().parent.parent
DATA = Path("crocus_data") / "data"
SCENARIOS = ["add-source", "unexplained", "ambiguous", "repeated"]
SENTENCE = "The fictional benchmark report says that in the great hall the count of chairs was {}."


def checkout_copy(target: Path) -> Path:
    """The checkout's data and descriptors, where add-source and validate can work."""
    shutil.copytree(REPO / DATA, target / DATA, ignore=shutil.ignore_patterns("parquet", "__pycache__"))
    shutil.copy2(REPO / DESCRIPTOR, target / DESCRIPTOR)
    shutil.copy2(REPO / "CHANGELOG.md", target / "CHANGELOG.md")
    return target


def document(sentences: int, *, repeated: bool = False) -> str:
    """A dateline (so add-source cites the source) and N sentences sharing their first twelve words."""
    body = [SENTENCE.format("many" if repeated else number) for number in range(sentences)]
    paragraphs = [" ".join(body[start : start + 50]) for start in range(0, len(body), 50)]
    return "2024-07-01 Fictional benchmark report, never shipped\n\n" + "\n\n".join(paragraphs) + "\n"


def notes(source_id: str, sentences: int, words: int | None, *, repeated: bool = False) -> bytes:
    """coverage_notes.csv: the shipped notes, then one per sentence named by its first WORDS words (all: None)."""
    shipped = (REPO / DATA / NOTES).read_text(encoding="utf-8")
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    for number in range(sentences):
        sentence = SENTENCE.format("many" if repeated else number)
        named = sentence if words is None else " ".join(sentence.split(" ")[:words])
        writer.writerow([source_id, named, "a fictional sentence for the benchmark"])
    return (shipped.rstrip("\n") + "\n" + buffer.getvalue()).encode("utf-8")


def crocus(code: Path | None) -> list[str]:
    """The command: this environment's crocus_data, or the one in CODE (another checkout)."""
    if code is not None:
        os.environ["PYTHONPATH"] = str(code)
    return [sys.executable, "-m", "crocus_data.cli"]


def added_id(root: Path) -> str:
    with (root / DATA / "records" / "sources.csv").open(encoding="utf-8", newline="") as stream:
        return list(csv.reader(stream))[-1][0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sentences", type=int, default=10_000)
    parser.add_argument("--code", type=Path, help="a checkout whose crocus_data to run (default: the installed one)")
    parser.add_argument("--scenarios", nargs="+", default=SCENARIOS, choices=SCENARIOS)
    args = parser.parse_args()
    command = crocus(args.code)
    print(f"{args.sentences} similar sentences; seconds / peak MB / exit status")
    with tempfile.TemporaryDirectory() as temporary:
        base = Path(temporary)
        for scenario in args.scenarios:
            root = checkout_copy(base / scenario)
            doc = base / f"{scenario}.txt"
            doc.write_text(document(args.sentences, repeated=scenario == "repeated"), encoding="utf-8")
            # The text report lists every sentence with the key a note would use; JSON lists no keys.
            added = run(
                [*command, "add-source", str(doc), str(root), *(["--format", "json"] * (scenario != "add-source"))]
            )
            if scenario == "add-source":
                print(f"  add-source   {added.seconds:8.2f} s  {added.peak_mb:7.0f} MB  exit {added.status}")
                continue
            if scenario != "unexplained":
                words = 6 if scenario == "ambiguous" else None
                (root / DATA / NOTES).write_bytes(
                    notes(added_id(root), args.sentences, words, repeated=scenario == "repeated")
                )
            checked = run([*command, "validate", str(root / DATA), "--format", "json"])
            print(f"  {scenario:<12} {checked.seconds:8.2f} s  {checked.peak_mb:7.0f} MB  exit {checked.status}")


if __name__ == "__main__":
    main()
