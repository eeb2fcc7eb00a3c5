"""Each row says which documents its evidence quotes (``source_ids``): derived by the build, never hand-encoded.

The expectation is read from the evidence table itself, independently of the derivation.
"""

from __future__ import annotations

import csv
import json

import pandas as pd
import pytest

import crocus_data
from crocus_data.loaders.package import frame
from crocus_data.models import MODEL_BY_TABLE

from scratch import REPO

TABLES = crocus_data.tables()


def expected_source_ids(table: str) -> pd.Series:
    """Primary key -> the sorted documents quoted for it, from the evidence rows (an evidence row: its own)."""
    evidence = crocus_data.load("evidence", format="csv").astype({"source_id": str})
    by = "evidence_id" if table == "evidence" else "record_id"
    return evidence.groupby(by)["source_id"].agg(lambda ids: sorted(set(ids)))


@pytest.mark.parametrize("table", TABLES)
def test_every_row_lists_the_documents_its_evidence_quotes(table: str) -> None:
    key = MODEL_BY_TABLE[table].primary_key
    loaded = crocus_data.load(table).set_index(key)["source_ids"]
    expected = expected_source_ids(table)
    for record_id, ids in loaded.items():
        assert ids == expected.get(record_id, []), record_id
    if MODEL_BY_TABLE[table].evidenced:
        assert all(ids for ids in loaded), f"a row of {table} names no document"


def test_which_document_says_this_is_a_filter_not_a_join() -> None:
    figures = crocus_data.load("figures")
    for source_id in crocus_data.load("sources")["source_id"]:
        said = figures[figures["source_ids"].map(lambda ids, s=source_id: s in ids)]
        evidence = crocus_data.load("evidence")
        quoted = set(evidence.loc[evidence["source_id"] == source_id, "record_id"])
        assert set(said["figure_id"]) == quoted & set(figures["figure_id"])


@pytest.mark.parametrize("table", TABLES)
def test_the_csv_records_contributors_edit_do_not_carry_it(table: str) -> None:
    with crocus_data.loaders.csv_path(table).open(encoding="utf-8", newline="") as handle:
        assert "source_ids" not in next(csv.reader(handle))
    descriptor = json.loads((crocus_data.data_dir() / "datapackage.json").read_text(encoding="utf-8"))
    resources = {resource["name"]: resource for resource in descriptor["resources"]}
    assert "source_ids" not in [field["name"] for field in resources[table]["schema"]["fields"]]
    assert [field["name"] for field in resources[f"{table}-parquet"]["schema"]["fields"]][-1] == "source_ids"


def test_a_checkout_read_with_load_package_has_the_same_frames() -> None:
    package = crocus_data.load_package(REPO)
    for table in TABLES:
        pd.testing.assert_frame_equal(frame(package, table), crocus_data.load(table), check_like=False, obj=table)
