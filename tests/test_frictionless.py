"""frictionless-py (5.x) agrees: the published package is valid, and a broken copy is not."""

from __future__ import annotations

from typing import Any

import frictionless
import pytest

import crocus_data
from crocus_data.models import MODELS
from crocus_data.models.columns import columns

import anchors
from scratch import ScratchRepo, built

pytestmark = pytest.mark.interop  # a slow tier: pytest --all-tiers, .ci/run


def report_for(descriptor: str) -> Any:
    return frictionless.Package(descriptor).validate()


def errors(report: Any) -> list[tuple[str, str, int | None, str | None]]:
    found = []
    for task in report.tasks:
        for error in task.errors:
            found.append(
                (task.name, error.type, getattr(error, "row_number", None), getattr(error, "field_name", None))
            )
    return found


def test_root_descriptor_is_valid() -> None:
    """The checkout's descriptor, once its Parquet files are made (a clone after `pip install -e .`)."""
    report = report_for(str(built() / "datapackage.json"))
    assert report.valid, errors(report)
    tables, texts = len(crocus_data.tables()), len(crocus_data.load("sources"))
    assert len(report.tasks) == 2 * tables + texts  # each table as CSV and as Parquet, and each source text


def test_packaged_descriptor_is_valid() -> None:
    report = report_for(str(built() / "crocus_data" / "data" / "datapackage.json"))
    assert report.valid, errors(report)


def test_frictionless_flags_the_same_broken_reference(scratch: ScratchRepo) -> None:
    line = scratch.set_cell("statements", anchors.spoken_statement()["statement_id"], "speaker_actor_id", "act-nobody")
    ours = [(p.row, p.column, p.rule) for p in scratch.problems()]
    theirs = errors(report_for(str(scratch.data / "datapackage.json")))
    assert ours == [(line, "speaker_actor_id", "key.foreign")]
    assert theirs == [("statements", "foreign-key", line, None)]


def test_frictionless_detects_an_altered_source_text(scratch: ScratchRepo) -> None:
    source = anchors.rows("sources")[0]
    path = scratch.data / "sources" / source["filename"]
    raw = path.read_bytes()
    path.write_bytes(raw[:-1] + (b"." if raw[-1:] != b"." else b","))  # its last byte changed
    assert (source["source_id"], "hash-count", None, None) in errors(report_for(str(scratch.data / "datapackage.json")))


def test_frictionless_still_enforces_the_allowed_values_of_the_v2_descriptor(scratch: ScratchRepo) -> None:
    """v2 lists an enum's values as ``categories``, which frictionless 5 ignores; ``constraints.enum`` stays for it."""
    model, column = next((m, c) for m in MODELS for c in columns(m) if c.enum and c.required)
    header, rows = scratch.read_rows(model.table)
    line = scratch.set_cell(model.table, rows[0][header[0]], column.name, "not-an-allowed-value")
    found = errors(report_for(str(scratch.data / "datapackage.json")))
    assert (model.table, "constraint-error", line, column.name) in found


def test_the_installed_packages_descriptor_is_valid() -> None:
    """The data as the installed package ships it (importlib.resources), wherever the install put it."""
    report = report_for(str(crocus_data.data_dir() / "datapackage.json"))
    assert report.valid, errors(report)
