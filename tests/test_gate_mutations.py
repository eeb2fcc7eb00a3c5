"""The mutations of issue 22, each rejected by plain ``crocus-data validate .`` with a located problem.

On a scratch copy of the checkout with its history (``releases/``, CHANGELOG.md) committed to git, as
a contributor's clone is: a number changed against its words, a weekday turned into a stated day, a
record deleted without a tombstone, a release manifest planted, a data change without its changelog
line. Each test picks what it breaks from the data, so it holds for any valid data.
"""

from __future__ import annotations

import calendar
import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from crocus_data.cli import main
from crocus_data.history.inputs import load
from crocus_data.history.manifest import decode, encode, manifest_name
from crocus_data.history.semver import Version
from crocus_data.reader.needs import DATE_FIELDS
from crocus_data.wording.dates import day_written
from crocus_data.wording.numbers import numbers_in

from scratch import ScratchRepo

RECORDS = "crocus_data/data/records"
WEEKDAYS = tuple(calendar.day_name)


@pytest.fixture
def checkout(scratch: ScratchRepo) -> ScratchRepo:
    """A contributor's clone: the data, its releases and changelog, committed."""
    scratch.with_history().commit()
    return scratch


def validate(root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """``crocus-data validate .`` at the top of the checkout, as JSON (and as text, which must agree)."""
    monkeypatch.chdir(root)
    status = main(["validate", "."])
    text = capsys.readouterr().out
    assert main(["validate", ".", "--format", "json"]) == status
    report: dict[str, Any] = json.loads(capsys.readouterr().out)
    report["text"] = text
    return report


def located(report: dict[str, Any]) -> set[tuple[str, int | None, str | None, str]]:
    return {(p["file"], p["row"], p["column"], p["rule"]) for p in report["problems"]}


def evidence_of(scratch: ScratchRepo, key: str) -> list[str]:
    return [row["quote"] for row in scratch.read_rows("evidence")[1] if row["record_id"] == key]


def last_release(root: Path) -> tuple[Version, Path]:
    manifests = sorted((Version.parse(p.name.removesuffix(".json.gz")), p) for p in (root / "releases").iterdir())
    return manifests[-1]


def test_the_clean_checkout_validates(checkout: ScratchRepo, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    report = validate(checkout.root, capsys, monkeypatch)
    assert report["valid"], report["text"]


def test_a_number_its_words_do_not_say(checkout: ScratchRepo, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """361 for "360 injuries": a figure's value moved off what its wording writes."""
    rows = checkout.read_rows("figures")[1]
    row = next(r for r in rows if r["value"] and r["value_derived"] == "false" and numbers_in(r["wording"]))
    wrong = int(row["value"]) + 1
    while wrong in numbers_in(row["wording"]):
        wrong += 1
    line = checkout.set_cell("figures", row["figure_id"], "value", str(wrong))
    report = validate(checkout.root, capsys, monkeypatch)
    assert report["exit_status"] == 1
    assert (f"{RECORDS}/figures.csv", line, "value", "figure.wording-number") in located(report)


def _computed_day(checkout: ScratchRepo) -> tuple[str, str, dict[str, str]]:
    """A row whose date is computed (not stated) and whose evidence does not write its first day; one quoting a
    weekday ("on Sunday") when there is one."""
    found = []
    for table, field in DATE_FIELDS.items():
        for row in checkout.read_rows(table)[1]:
            earliest = row[f"{field}_earliest"]
            if row[f"{field}_derivation"] == "stated" or not earliest:
                continue
            quotes = evidence_of(checkout, row[checkout.read_rows(table)[0][0]])
            if not any(day_written(q, date.fromisoformat(earliest)) for q in quotes):
                weekday = any(name in q for q in quotes for name in WEEKDAYS)
                found.append((not weekday, table, field, row))
    assert found, "the data has no date computed from its words"
    _, table, field, row = min(found, key=lambda item: item[0])
    return table, field, row


def test_a_weekday_turned_into_a_stated_day(
    checkout: ScratchRepo, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    table, field, row = _computed_day(checkout)
    key = row[checkout.read_rows(table)[0][0]]
    for column, value in {"latest": row[f"{field}_earliest"], "precision": "day", "derivation": "stated"}.items():
        line = checkout.set_cell(table, key, f"{field}_{column}", value)
    report = validate(checkout.root, capsys, monkeypatch)
    assert report["exit_status"] == 1
    assert (f"{RECORDS}/{table}.csv", line, f"{field}_derivation", "date.stated") in located(report)


def _released_evidence(checkout: ScratchRepo) -> str:
    """An evidence id of the last release that the data still has."""
    _, manifest = last_release(checkout.root)
    released = decode(manifest.read_bytes()).tables["evidence"].rows
    return next(row["evidence_id"] for row in checkout.read_rows("evidence")[1] if row["evidence_id"] in released)


def test_a_deletion_without_tombstone(checkout: ScratchRepo, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    key = _released_evidence(checkout)
    header, rows = checkout.read_rows("evidence")
    checkout.write_rows("evidence", header, [row for row in rows if row["evidence_id"] != key])
    report = validate(checkout.root, capsys, monkeypatch)
    assert report["exit_status"] == 1
    problems = [p for p in report["problems"] if p["rule"] == "history.tombstone-missing"]
    assert [(p["file"], p["row"]) for p in problems] == [(f"{RECORDS}/evidence.csv", None)]
    assert key in problems[0]["message"]


def test_a_planted_manifest_gains_nothing(checkout: ScratchRepo, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pull request that records its own release, having dropped an id of the last one without a tombstone,
    is held to the same promises: the planted release is checked against the one before it."""
    key = _released_evidence(checkout)
    checkout.set_cell("evidence", key, "evidence_id", f"{key}-renamed")
    snapshot = load(str(checkout.root)).snapshot
    last, _ = last_release(checkout.root)
    version = Version.parse(snapshot.version)
    planted = version if version > last else Version(last.major, last.minor + 1, 0)
    name = manifest_name(str(planted))
    (checkout.root / "releases" / name).write_bytes(encode(replace(snapshot, version=str(planted))))
    report = validate(checkout.root, capsys, monkeypatch)
    assert report["exit_status"] == 1
    problems = [p for p in report["problems"] if p["rule"] == "history.tombstone-missing"]
    assert (f"releases/{name}", None) in [(p["file"], p["row"]) for p in problems]
    assert all(key in p["message"] for p in problems)


def _data_line(changelog: str, version: str) -> int:
    """The line of the **Data** heading of VERSION's entry (else of the entry's heading), read plainly."""
    lines = changelog.splitlines()
    heading = next(i for i, line in enumerate(lines) if line.startswith(f"## {version}"))
    for number in range(heading + 1, len(lines)):
        if lines[number].startswith("## "):
            break
        if lines[number].strip() == "**Data**":
            return number + 1
    return heading + 1


def test_a_data_change_without_its_changelog_line(
    checkout: ScratchRepo, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    figure = checkout.read_rows("figures")[1][0]
    checkout.set_cell("figures", figure["figure_id"], "note", "A note added without saying so in the changelog.")
    changelog = checkout.root / "CHANGELOG.md"
    version = load(str(checkout.root)).snapshot.version
    line = _data_line(changelog.read_text(encoding="utf-8"), version)
    report = validate(checkout.root, capsys, monkeypatch)
    assert report["exit_status"] == 1
    problems = [p for p in report["problems"] if p["rule"] == "history.changelog"]
    assert [(p["file"], p["row"]) for p in problems] == [("CHANGELOG.md", line)]
    assert figure["figure_id"] in problems[0]["message"]  # the line to add names what changed
    # With the line written, the change is declared.
    lines = changelog.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(line + 1, f"- `{figure['figure_id']}`: a note added.\n")
    changelog.write_text("".join(lines), encoding="utf-8")
    assert "history.changelog" not in {p["rule"] for p in validate(checkout.root, capsys, monkeypatch)["problems"]}
