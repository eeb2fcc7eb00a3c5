"""A fictional third source, encoded the way CONTRIBUTING.md says. It never ships: it lives in scratch copies.

The walkthrough test (test_contributing.py) runs CONTRIBUTING.md's commands and calls the hand work
below between them. To check that the whole suite holds for a new source, apply it to a clone that
has its own environment (``apply`` runs the commands in-process, on the crocus_data it imports), then
reinstall, should it have started a new version, and run the suite (docs/testing.md):

    .venv/bin/python tests/fictional.py .
    .venv/bin/pip install -q -c constraints.txt -e '.[dev]' && .venv/bin/pytest

The text reports figures on quantities the shipped sources already give (the killed and injured at
Crocus City Hall) and cites records they already have (ISIS's claim, NATO), as a real third source
would, so the views, the contested claims and the figures all change.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

from crocus_data.history.gate import changelog_top_entry
from crocus_data.history.semver import Version

DATA = Path("crocus_data") / "data"
TEXT = (
    " date 2024-07-01 Fictional test report\n"
    "\n"
    "This fictional report was written only to test crocus-data and must never ship. "
    "A fictional spokesperson, Test Speaker, said on June 30 that at least 150 people were killed and around 400 "
    "were injured in the attack on Crocus City Hall.\n"
    "The spokesperson added that ISIS claimed responsibility for the attack, and that NATO played no part in it.\n"
)
SPEAKER, STATEMENT = "act-test-speaker", "stm-test-speaker-toll"
CROCUS = "inc-crocus-city-hall-attack"


def write_document(folder: Path) -> Path:
    """The document as a contributor receives it: a UTF-8 text file outside the checkout."""
    path = folder / "fictional-report.txt"
    path.write_text(TEXT, encoding="utf-8", newline="")
    return path


def table_path(root: Path, table: str) -> Path:
    return root / DATA / "records" / f"{table}.csv"


def append_rows(root: Path, table: str, rows: list[dict[str, str]]) -> None:
    """Add rows at the end of a table, as a contributor does in an editor (cells not named stay empty)."""
    path = table_path(root, table)
    with path.open(encoding="utf-8", newline="") as stream:
        header = next(csv.reader(stream))
    with path.open("a", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerows([[row.get(name, "") for name in header] for row in rows])


def added_source_id(root: Path) -> str:
    """The id add-source gave the fictional text: the last row of sources.csv."""
    with table_path(root, "sources").open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))[-1]["source_id"]


def _free_evidence_id(root: Path, record_id: str, taken: set[str]) -> str:
    if not taken:
        with table_path(root, "evidence").open(encoding="utf-8", newline="") as stream:
            taken |= {row["evidence_id"] for row in csv.DictReader(stream)}
    number = 1
    while f"ev-{record_id}-{number}" in taken:
        number += 1
    taken.add(f"ev-{record_id}-{number}")
    return f"ev-{record_id}-{number}"


def encode(root: Path) -> None:
    """Step 2 and 3 of CONTRIBUTING.md: the rows the text reports, and their evidence with empty offsets."""
    source_id = added_source_id(root)
    append_rows(
        root,
        "actors",
        [
            {
                "actor_id": SPEAKER,
                "actor_kind": "person",
                "name": "Test Speaker",
                "label": "Test Speaker",
                "description": f"'A fictional spokesperson' ({source_id}, a fictional test document).",
            }
        ],
    )
    append_rows(
        root,
        "statements",
        [
            {
                "statement_id": STATEMENT,
                "attribution": "speaker",
                "speaker_actor_id": SPEAKER,
                "kind": "report",
                "incident_id": CROCUS,
                "summary": "At least 150 people were killed and around 400 injured in the attack.",
                "rendering": "reported",
                "made_in_custody": "false",
                "said_earliest": "2024-06-30",
                "said_latest": "2024-06-30",
                "said_precision": "day",
                "said_derivation": "year_from_publication",
                "said_note": f"'on June 30', in a document dated 2024-07-01 ({source_id}'s dateline).",
            }
        ],
    )
    figure = {"incident_id": CROCUS, "unit": "people", "attribution": "speaker", "statement_id": STATEMENT}
    figure |= {"value_derived": "false"}
    killed, injured = f"fig-crocus-killed-{source_id}", f"fig-crocus-injured-{source_id}"
    append_rows(
        root,
        "figures",
        [
            {**figure, "figure_id": killed, "measure": "killed", "value": "150", "qualifier": "at_least"}
            | {"wording": "at least 150 people"},
            {**figure, "figure_id": injured, "measure": "injured", "value": "400", "qualifier": "approximately"}
            | {"wording": "around 400"},
        ],
    )
    taken: set[str] = set()
    quotes = [
        (SPEAKER, "A fictional spokesperson, Test Speaker"),
        (STATEMENT, "said on June 30 that at least 150 people were killed and around 400 were injured"),
        (killed, "at least 150 people were killed"),
        (injured, "around 400 were injured"),
        ("stm-isis-claim", "ISIS claimed responsibility for the attack"),  # a record the shipped sources have
        ("act-nato", "NATO played no part in it"),
    ]
    append_rows(
        root,
        "evidence",
        [
            {"evidence_id": _free_evidence_id(root, record, taken), "record_id": record, "source_id": source_id}
            | {"quote": quote}
            for record, quote in quotes
        ],
    )


def explain(root: Path) -> None:
    """Step 4: a note for the sentence that encodes nothing, named by its first words."""
    with (root / DATA / "coverage_notes.csv").open("a", encoding="utf-8", newline="") as stream:
        stream.write(f"{added_source_id(root)},This fictional report was written,It speaks about itself only.\n")


def record_change(root: Path) -> str | None:
    """Step 5: a CHANGELOG line under the unreleased version; a new minor version if the top one is released.

    Returns the new version when one was started (the caller sets it in the code), else None.
    """
    path = root / "CHANGELOG.md"
    text = path.read_text(encoding="utf-8")
    entry = changelog_top_entry(text)
    assert entry is not None, "CHANGELOG.md has no version entry"
    top = entry[0]
    line = f"- Added {added_source_id(root)}, a fictional test document (never shipped).\n"
    heading = re.search(rf"^## {re.escape(top)}\b.*\n\n", text, flags=re.MULTILINE)
    assert heading is not None
    if not (root / "releases" / f"{top}.json.gz").exists():
        path.write_text(text[: heading.end()] + line + text[heading.end() :], encoding="utf-8")
        return None
    current = Version.parse(top)
    new = f"{current.major}.{current.minor + 1}.0"
    path.write_text(
        text[: heading.start()] + f"## {new} — unreleased\n\n{line}\n" + text[heading.start() :], encoding="utf-8"
    )
    return new


def set_version_in_files(root: Path, version: str) -> None:
    """What a contributor edits when starting a version: the package's and the citation's."""
    for relative, pattern, replacement in (
        (Path("crocus_data") / "version.py", r'^__version__ = "[^"]+"$', f'__version__ = "{version}"'),
        (Path("CITATION.cff"), r"^version: .+$", f"version: {version}"),
    ):
        path = root / relative
        path.write_text(re.sub(pattern, replacement, path.read_text(encoding="utf-8"), flags=re.MULTILINE))


def apply(root: Path) -> None:
    """The whole contribution on a clone, through the documented commands (run in-process)."""
    import os
    import tempfile

    from crocus_data.cli import main
    from crocus_data.site import figures as plots

    os.chdir(root)
    with tempfile.TemporaryDirectory() as folder:
        assert main(["add-source", str(write_document(Path(folder)))]) == 0
    encode(root)
    assert main(["fill-offsets"]) == 0
    explain(root)
    version = record_change(root)
    if version is not None:
        set_version_in_files(root, version)
        print(f"started version {version}: reinstall (pip install -e .) so the package metadata says so too")
        import crocus_data
        import crocus_data.version

        crocus_data.__version__ = crocus_data.version.__version__ = version
    assert main(["build"]) == 0
    assert main(["validate", "."]) == 0
    assert plots.main([]) == 0


if __name__ == "__main__":
    apply(Path(sys.argv[1]).resolve())
