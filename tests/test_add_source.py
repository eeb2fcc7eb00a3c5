"""``crocus-data add-source``: the text byte for byte, its row, its descriptor entry, its sentences; safe to re-run.

Every document here is fictional and lives only in a scratch copy of the checkout.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from crocus_data.cli import main
from crocus_data.editing.add_source import _released_source_ids, find_dateline, next_source_id
from crocus_data.layout import DATA_DIR
from crocus_data.models import Source
from crocus_data.published.descriptor import descriptor
from crocus_data.reader.package import from_layout
from crocus_data.reader.table_data import to_records
from crocus_data.rule_registry import Rule

from scratch import REPO, ScratchRepo

DATED = " date 2024-07-01 Fictional test report\n\nThis fictional report exists only in a test. It says nothing.\n"
UNDATED = "A fictional report with no dateline.\nIt exists only in a test.\n"


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def document(tmp_path: Path, text: str | bytes, name: str = "report.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def add(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    status = main(["add-source", *args, str(root)])
    out, err = capsys.readouterr()
    return status, out, err


def new_id(scratch: ScratchRepo) -> str:
    _, rows = scratch.read_rows("sources")
    return next_source_id({row["source_id"] for row in rows} | _released_source_ids(REPO), [])


def test_the_text_row_evidence_and_descriptors_are_written_as_the_build_would(
    scratch: ScratchRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source_id = new_id(scratch)
    raw = DATED.encode("utf-8")
    digest = hashlib.sha256(raw).hexdigest()
    status, out, _ = add(capsys, scratch.root, str(document(tmp_path, DATED)))
    assert status == 0
    filename = f"{source_id.removeprefix('src-')}_{digest[:16]}.txt"
    assert (scratch.data / "sources" / filename).read_bytes() == raw
    row = {k: v for k, v in scratch.read_rows("sources")[1][-1].items() if v}
    assert row == {
        "source_id": source_id,
        "filename": filename,
        "sha256": digest,
        "bytes": str(len(raw)),
        "language": "en",
        "published_earliest": "2024-07-01",
        "published_latest": "2024-07-01",
        "published_precision": "day",
        "published_derivation": "stated",
        "published_note": "The first line of the document reads 'date 2024-07-01 Fictional test report', taken as "
        "its dateline.",
    }
    evidence = scratch.read_rows("evidence")[1][-1]
    assert evidence == {
        "evidence_id": f"ev-{source_id}-1",
        "record_id": source_id,
        "source_id": source_id,
        "start": "1",
        "end": "38",
        "quote": "date 2024-07-01 Fictional test report",
    }
    sources = [
        record for record in to_records(from_layout(scratch.data).tables["sources"]) if isinstance(record, Source)
    ]
    inner = json.loads((scratch.data / "datapackage.json").read_text(encoding="utf-8"))
    top = json.loads((scratch.root / "datapackage.json").read_text(encoding="utf-8"))
    assert inner == descriptor(sources) and top == descriptor(sources, prefix=f"{DATA_DIR.as_posix()}/")
    assert [(p.rule, p.row) for p in scratch.problems()] == [(Rule.COVERAGE_UNEXPLAINED, 3)] * 2
    assert "   2. This fictional report exists only in a test.\n      encode what it reports, or explain it: " in out
    assert f"{source_id},This fictional report exists only in,<why it encodes nothing>" in out
    assert f"   1. date 2024-07-01 Fictional test report\n      backs {source_id} (the dateline)" in out


def test_an_undated_text_leaves_its_date_to_the_contributor_and_validate_asks_for_it(
    scratch: ScratchRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source_id = new_id(scratch)
    assert add(capsys, scratch.root, str(document(tmp_path, UNDATED)))[0] == 0
    row = scratch.read_rows("sources")[1][-1]
    assert (row["published_precision"], row["published_derivation"], row["published_note"]) == (
        "open",
        "not_reported",
        "",
    )
    assert sorted((p.rule, p.column) for p in scratch.problems()) == [
        (Rule.DATE_NOTE, "published_note"),
        (Rule.EVIDENCE_MISSING, "source_id"),
        (Rule.SOURCE_UNCITED, "source_id"),
    ]
    assert {p.row for p in scratch.problems()} == {scratch.line_of("sources", source_id)}


def test_a_second_run_writes_nothing_and_an_interrupted_one_is_completed(
    scratch: ScratchRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = document(tmp_path, DATED)
    before = snapshot(scratch.root)
    assert add(capsys, scratch.root, str(path))[0] == 0
    done = snapshot(scratch.root)
    status, out, _ = add(capsys, scratch.root, str(path))
    assert status == 0 and "is already in the package as" in out and "nothing to write" in out
    assert snapshot(scratch.root) == done
    for name, content in before.items():  # interrupted after the text was copied: nothing else was written
        (scratch.root / name).write_bytes(content)
    written = sorted(set(done) - set(before)) + sorted(name for name in before if done[name] != before[name])
    assert len(written) == 5
    status, out, _ = add(capsys, scratch.root, str(path))
    assert status == 0 and "already" not in out and snapshot(scratch.root) == done
    assert add(capsys, scratch.root, str(path))[1].splitlines()[0].endswith("nothing to write")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"A fictional report\xff in Latin-1.",
            "report.txt: byte 18 (0xff) is not UTF-8; save the document as UTF-8 and add it again (source texts are "
            "stored byte for byte, so the tool does not convert them)",
        ),
        (
            "A fictional re\u0301port.".encode(),
            "report.txt: the text is not in Unicode NFC (from character 13: 'e\\u0301port.'), and evidence quotes are "
            "compared character by character; normalise it to NFC (Python: unicodedata.normalize('NFC', text)), add "
            "the normalised file and say so in the note of its sources.csv row",
        ),
        (b" \n\n", "report.txt: the file holds no text"),
    ],
    ids=["not-utf8", "not-nfc", "empty"],
)
def test_a_text_that_cannot_be_stored_as_it_is_is_refused_with_the_reason(
    content: bytes, message: str, scratch: ScratchRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(scratch.root)
    assert add(capsys, scratch.root, str(document(tmp_path, content))) == (1, "", f"crocus-data: {message}\n")
    assert snapshot(scratch.root) == before


def test_ids_are_checked_and_never_reused(
    scratch: ScratchRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = document(tmp_path, DATED)
    before = snapshot(scratch.root)
    assert add(capsys, scratch.root, str(path), "--id", "src-000")[2] == (
        "crocus-data: src-000 is taken (by a source, now or in a release); ids are never reused\n"
    )
    assert add(capsys, scratch.root, str(path), "--id", "source-9")[2] == (
        "crocus-data: 'source-9' is not a source id (src- then lower-case letters, digits, hyphens)\n"
    )
    assert snapshot(scratch.root) == before
    assert add(capsys, scratch.root, str(path), "--id", "src-fictional")[0] == 0
    assert scratch.read_rows("sources")[1][-1]["filename"].startswith("fictional_")
    assert add(capsys, scratch.root, str(path), "--id", "src-other")[2] == (
        "crocus-data: this text is already in the package as src-fictional; nothing was written\n"
    )


def test_the_next_id_follows_every_number_in_use_or_released() -> None:
    assert {"src-000", "src-004"} <= _released_source_ids(REPO)
    assert next_source_id({"src-000", "src-004", "src-fictional"}, ["007_abc.txt"]) == "src-008"
    assert next_source_id(set(), []) == "src-000"


def test_a_missing_file_or_a_folder_that_is_no_checkout_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = add(capsys, tmp_path, str(tmp_path / "missing.txt"))
    assert status == 2 and "is not a checkout" in err
    status, _, err = add(capsys, REPO, str(tmp_path / "missing.txt"))
    assert status == 2 and "the file is missing" in err


@pytest.mark.parametrize(
    ("first_line", "day"),
    [
        (" date 2024-04-01 The Crocus Attack", "2024-04-01"),
        ("Moscow, March 22, 2024 — A report", "2024-03-22"),
        ("22 Mar. 2024, Moscow", "2024-03-22"),
        ("On 2024-02-30 nothing happened", None),
        ("The Crocus Attack", None),
    ],
)
def test_a_dateline_is_read_from_the_first_line_only(first_line: str, day: str | None) -> None:
    found = find_dateline(f"\n{first_line}\nSecond line, 2024-05-05.")
    assert (found.day.isoformat() if found else None) == day
    if found:
        assert found.line == first_line.strip() and found.start == 1 + first_line.index(first_line.strip())
