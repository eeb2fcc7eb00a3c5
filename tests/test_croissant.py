"""mlcroissant (MLCommons' own reader) accepts croissant.json, offline, and reads every table as load() does."""

from __future__ import annotations

import hashlib
import json
import math
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import mlcroissant as mlc
import pandas as pd
import pytest

import crocus_data
from crocus_data.models import MODELS
from crocus_data.models.columns import columns, published_columns

CROISSANT = crocus_data.data_dir() / "croissant.json"  # the installed package's copy

# Warnings accepted from mlcroissant, each with the reason it stays.
ACCEPTED_WARNINGS = {
    # The dataset has no release date yet (docs/citing.md): inventing one would misdate it.
    '[Metadata(crocus-data)] Property "https://schema.org/datePublished" is recommended, but does not exist.',
}


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """mlcroissant must read the shipped files: any attempt to open a connection fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.fixture(scope="module")
def dataset() -> Any:
    return mlc.Dataset(jsonld=str(CROISSANT))


@pytest.mark.interop  # mlcroissant reads it: a slow tier (pytest --all-tiers, .ci/run)
def test_mlcroissant_validates_it_without_errors(dataset: Any) -> None:
    issues = dataset.metadata.ctx.issues
    assert issues.errors == set()
    assert issues.warnings <= ACCEPTED_WARNINGS


@pytest.mark.interop
def test_the_mlcroissant_command_validates_the_installed_file(tmp_path: Path) -> None:
    script = "from mlcroissant.scripts.cli import main; main()"
    # Any fetch would go through a proxy at a closed local port, and fail.
    offline = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9", "NO_PROXY": ""}
    run = subprocess.run(
        [sys.executable, "-c", script, "validate", "--jsonld", str(CROISSANT)],
        cwd=tmp_path,
        env={**os.environ, **offline},
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "error" not in (run.stdout + run.stderr).lower()


def plain(value: Any) -> Any:
    """A cell as a user compares it: text as str, dates as dates, numbers as Python numbers, every null None."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, list | tuple):  # a derived list column (source_ids)
        return [plain(item) for item in value]
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if hasattr(value, "item"):  # a numpy scalar
        return plain(value.item())
    return value


def loaded_rows(table: str) -> list[dict[str, Any]]:
    frame = crocus_data.load(table)
    return [{name: plain(value) for name, value in row.items()} for row in frame.astype(object).to_dict("records")]


def croissant_rows(table: str) -> Iterator[dict[str, Any]]:
    # A fresh Dataset per table: mlcroissant 1.1.1 keeps the record set it last streamed as a spent
    # generator and would hand that to a later join that needs the same record set.
    for record in mlc.Dataset(jsonld=str(CROISSANT)).records(record_set=table):
        yield {key.removeprefix(f"{table}/"): plain(value) for key, value in record.items()}


@pytest.mark.interop
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.table)
def test_records_read_by_mlcroissant_equal_load(model: Any) -> None:
    expected = loaded_rows(model.table)
    got = list(croissant_rows(model.table))
    names = [column.name for column in published_columns(model)]
    assert all(list(row) == names for row in got)
    assert got == expected


def test_every_table_is_a_record_set_with_its_key_and_references() -> None:
    document = json.loads(CROISSANT.read_text(encoding="utf-8"))
    record_sets = {record_set["@id"]: record_set for record_set in document["recordSet"]}
    assert list(record_sets) == crocus_data.tables()
    for model in MODELS:
        record_set = record_sets[model.table]
        assert record_set["key"] == {"@id": f"{model.table}/{model.primary_key}"}
        fields = {field["name"]: field for field in record_set["field"]}
        for column in columns(model):
            reference = fields[column.name].get("references")
            target = next((m for m in MODELS if m.table == column.references), None)
            if target is model:  # a join of the table with itself is a cycle to mlcroissant: said in words
                assert reference is None
                assert (
                    f"References {model.table}/{model.primary_key}, in this same table."
                    in (fields[column.name]["description"])
                )
            elif target is not None:
                assert reference == {"field": {"@id": f"{target.table}/{target.primary_key}"}}
            else:
                assert reference is None


def test_every_file_it_lists_is_shipped_with_that_hash() -> None:
    document = json.loads(CROISSANT.read_text(encoding="utf-8"))
    assert document["conformsTo"] == "http://mlcommons.org/croissant/1.1"
    assert document["version"] == crocus_data.__version__
    for node in document["distribution"]:
        path = CROISSANT.parent / node["contentUrl"]
        assert not node["contentUrl"].startswith(("/", "http")), node["contentUrl"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == node["sha256"], node["@id"]
        assert node["contentSize"] == f"{path.stat().st_size} B"
    listed = {node["contentUrl"] for node in document["distribution"]}
    for table in crocus_data.tables():
        assert crocus_data.parquet_path(table).relative_to(CROISSANT.parent).as_posix() in listed
    texts = [node for node in document["distribution"] if node["encodingFormat"] == "text/plain"]
    assert {node["@id"] for node in texts} == set(crocus_data.load("sources")["source_id"])


@pytest.mark.interop
def test_the_licence_is_the_tables_and_the_news_texts_are_said_to_be_under_none(dataset: Any) -> None:
    document = json.loads(CROISSANT.read_text(encoding="utf-8"))
    assert document["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert "neither licence" in document["description"]
    for node in document["distribution"]:
        if node["encodingFormat"] == "text/plain":
            assert "not licensed by this project" in node["description"], node["@id"]
            assert "license" not in node
    assert crocus_data.__version__ in document["citeAs"]
