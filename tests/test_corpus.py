"""The corpus of bad inputs (tests/corpus/cases.json): each case breaks a copy of the shipped data in
one way, and the validator must report exactly the problems listed — rule id, file, line, column —
with the promised exit status, without a traceback and without writing to the tree it checks.

Cases marked with "frictionless" are about checks frictionless-py also performs (types, constraints,
keys): for those, frictionless must flag the same rows of the same resource.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import unicodedata
from pathlib import Path
from typing import Any

import frictionless
import pytest

from crocus_data.cli import main
from crocus_data.history.inputs import load
from crocus_data.history.manifest import encode, manifest_name
from crocus_data.models import MODEL_BY_TABLE

import anchors
from pages import shown
from scratch import REPO, ScratchRepo

# A case names the rows it breaks by what they are, not by id: "@name" is the id of the row
# anchors.name() picks from the data, "{@name.column}" a cell of it, "{@name.column+3d}" a date moved by
# days. So retiring any record breaks no case (tests/anchors.py).
FIELD = re.compile(r"\{@([a-z_]+)\.([a-z_]+)(?:([+-]\d+)d)?\}")
ANCHOR = re.compile(r"@([a-z_]+)")


def anchored(name: str) -> dict[str, str]:
    row = getattr(anchors, name)()
    assert isinstance(row, dict), f"anchors.{name} gives no row"
    return row


def resolve(value: Any) -> Any:
    """The case with every anchor replaced by what it names in this data."""
    if isinstance(value, list):
        return [resolve(item) for item in value]
    if isinstance(value, dict):
        return {key: resolve(item) for key, item in value.items()}
    if not isinstance(value, str):
        return value

    def cell(match: re.Match[str]) -> str:
        name, column, days = match.groups()
        content = anchored(name)[column]
        return anchors.shifted(content, int(days)) if days else content

    value = FIELD.sub(cell, value)
    return ANCHOR.sub(lambda match: next(iter(anchored(match.group(1)).values())), value)


RAW_CASES: list[dict[str, Any]] = json.loads((REPO / "tests" / "corpus" / "cases.json").read_text(encoding="utf-8"))
CASES: list[dict[str, Any]] = [resolve(case) for case in RAW_CASES]


def unescape(text: str) -> bytes:
    """Case files write bytes as text with \\xNN escapes and NFD markers (e\\u0301)."""
    return text.encode("utf-8").decode("unicode_escape").encode("latin-1")


def apply(scratch: ScratchRepo, edit: dict[str, Any]) -> None:
    kind = edit["do"]
    if kind == "set_cell":
        scratch.set_cell(edit["table"], edit["key"], edit["column"], unicodedata.normalize("NFD", edit["value"])
                         if edit.get("nfd") else edit["value"])  # fmt: skip
    elif kind == "append_copy":
        header, rows = scratch.read_rows(edit["table"])
        row = dict(next(r for r in rows if r[header[0]] == edit["key"]))
        row.update(edit.get("set", {}))
        scratch.write_rows(edit["table"], header, [*rows, row])
    elif kind == "delete_rows":
        header, rows = scratch.read_rows(edit["table"])
        scratch.write_rows(edit["table"], header, [r for r in rows if r[edit["column"]] != edit["value"]])
    elif kind == "replace":
        path = scratch.data / edit["file"]
        content = path.read_bytes()
        old, new = unescape(edit["old"]), unescape(edit["new"])
        assert old in content, edit
        path.write_bytes(content.replace(old, new, 1))
    elif kind == "append_text":
        with (scratch.data / edit["file"]).open("a", encoding="utf-8", newline="") as stream:
            stream.write(edit["text"])
    elif kind == "write_file":
        (scratch.data / edit["file"]).write_text(edit["text"], encoding="utf-8")
    elif kind == "delete_file":
        (scratch.data / edit["file"]).unlink()
    elif kind == "mkdir":
        (scratch.data / edit["file"]).mkdir()
    elif kind == "mkfifo":
        os.mkfifo(scratch.data / edit["file"])
    elif kind == "chmod":
        (scratch.data / edit["file"]).chmod(edit["mode"])
    elif kind == "sparse_file":
        with (scratch.data / edit["file"]).open("r+b") as stream:
            stream.truncate(edit["bytes"])
    elif kind == "record_release":  # the scratch data as it stands, recorded as a release of its version
        snapshot = load(str(scratch.root)).snapshot
        (scratch.root / "releases").mkdir(exist_ok=True)
        (scratch.root / "releases" / manifest_name(snapshot.version)).write_bytes(encode(snapshot))
    elif kind == "copy_checkout_file":  # a file of the checkout's history, as it is (CHANGELOG.md)
        shutil.copy2(REPO / edit["file"], scratch.root / edit["file"])
    elif kind == "write_checkout_file":
        target = scratch.root / edit["file"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(edit["text"], encoding="utf-8")
    elif kind == "descriptor":
        path = scratch.data / "datapackage.json"
        if "raw" in edit:
            path.write_bytes(unescape(edit["raw"]))
            return
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        resources = descriptor["resources"]
        if "add" in edit:
            resources.append(edit["add"])
            path.write_text(json.dumps(descriptor), encoding="utf-8")
            return
        index = next(i for i, r in enumerate(resources) if r["name"] == edit["resource"])
        if edit.get("remove"):
            resources.pop(index)
        else:
            resources[index].update(edit["set"])
        path.write_text(json.dumps(descriptor), encoding="utf-8")
    else:
        raise ValueError(kind)


def expected(scratch: ScratchRepo, case: dict[str, Any]) -> list[tuple[str, int | None, str | None, str]]:
    rows = []
    for item in case["expect"]:
        row = item.get("row")
        if isinstance(row, str) and ":+" in row:  # "file:+N" -> the Nth line appended to that file
            name, offset = row.split(":+", 1)
            row = (scratch.data / name).read_bytes().count(b"\n") + int(offset)
        elif isinstance(row, str):  # "table:key" -> the line that row stands on in the broken copy
            table, key = row.split(":", 1)
            row = len(scratch.read_rows(table)[1]) + 2 if key == "#last" else scratch.line_of(table, key)
        rows.append((item["file"], row, item.get("column"), item["rule"]))
    return sorted(rows, key=repr)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every regular file's bytes (a pipe or an unreadable file planted by a case is not read)."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_fifo() and os.access(p, os.R_OK)
    }


def documented_rules() -> set[str]:
    """Rule ids from the table in docs/validation.md as the site shows it (first column, in backticks)."""
    return set(re.findall(r"^\| `([a-z0-9.-]+)` \|", shown("validation.md"), flags=re.MULTILINE))


def test_no_case_names_a_shipped_row_by_its_id() -> None:
    """A case that named a row by id would break when that record is retired: it names it by anchor instead."""
    ids = {next(iter(row.values())) for table in MODEL_BY_TABLE for row in anchors.rows(table)}
    text = json.dumps(RAW_CASES, ensure_ascii=False)
    named = sorted(i for i in ids if re.search(rf"(?<![\w@.-]){re.escape(i)}(?![\w-])", text))
    assert named == [], f"name these rows by an anchor (tests/anchors.py), not by id: {named}"


def test_the_corpus_covers_every_documented_rule() -> None:
    documented = documented_rules()
    covered = {item["rule"] for case in CASES for item in case["expect"]}
    assert len(documented) > 30
    assert documented <= covered, f"documented rules with no bad-input case: {sorted(documented - covered)}"
    assert covered <= documented, f"rules missing from docs/validation.md: {sorted(covered - documented)}"


def case_params(cases: list[dict[str, Any]]) -> list[Any]:
    """Each case, marked non_root if it needs an ordinary user (.ci/run runs those as one)."""
    return [
        pytest.param(case, id=case["name"], marks=[pytest.mark.non_root] if case.get("requires") == "non-root" else [])
        for case in cases
    ]


@pytest.mark.parametrize("case", case_params(CASES))
def test_case_is_reported_exactly(
    case: dict[str, Any], scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    want = expected(scratch, case)  # lines as they stand before the edits (appends go at the end)
    for edit in case["edits"]:
        apply(scratch, edit)
    before = snapshot(scratch.root)
    arguments = ["validate", str(scratch.data), "--format", "json", *case.get("args", [])]
    status = main(arguments)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "unexpected error" not in err
    report = json.loads(out)
    found = sorted(((p["file"], p["row"], p["column"], p["rule"]) for p in report["problems"]), key=repr)
    assert found == want
    assert status == case.get("status", 1) == report["exit_status"]
    assert snapshot(scratch.root) == before, "the validator wrote to the tree it checked"


FRICTIONLESS_CASES = [case for case in CASES if case.get("frictionless")]


@pytest.mark.interop  # a slow tier: pytest --all-tiers, .ci/run
@pytest.mark.parametrize("case", FRICTIONLESS_CASES, ids=[case["name"] for case in FRICTIONLESS_CASES])
def test_frictionless_flags_the_same_rows(case: dict[str, Any], scratch: ScratchRepo) -> None:
    # Compare on the CSV tables: frictionless does not relate sources.csv to the texts' bytes.
    want = sorted({(file, row) for file, row, _, _ in expected(scratch, case) if file.startswith("records/")})
    for edit in case["edits"]:
        apply(scratch, edit)
    descriptor = json.loads((scratch.data / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r.get("format") == "csv"]
    trimmed = scratch.data / "csv-only.json"
    trimmed.write_text(json.dumps(descriptor), encoding="utf-8")
    report = frictionless.Package(str(trimmed)).validate()
    theirs = sorted({(f"records/{task.name}.csv", error.row_number) for task in report.tasks for error in task.errors})
    assert theirs == want, [(task.name, e.type, e.note) for task in report.tasks for e in task.errors]
