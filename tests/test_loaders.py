"""Every table loads in pandas with the documented dtypes, from Parquet and CSV alike."""

from __future__ import annotations

import csv
import hashlib

import pandas as pd
import pyarrow.parquet as pq
import pytest

import crocus_data
from crocus_data.models.vocabulary import Measure, Qualifier

import anchors

TABLES = crocus_data.tables()


def test_the_tables_are_listed_in_dependency_order() -> None:
    assert TABLES == [
        "sources", "incidents", "incident_links", "actors", "statements", "incident_places",
        "actor_claims", "actor_links", "materials", "detentions", "treatment_reports", "figures",
        "statement_relations", "evidence", "tombstones",
    ]  # fmt: skip


@pytest.mark.parametrize("table", TABLES)
def test_row_count_matches_the_csv_file(table: str) -> None:
    with crocus_data.loaders.csv_path(table).open(encoding="utf-8", newline="") as stream:
        expected = sum(1 for _ in csv.DictReader(stream))
    assert len(crocus_data.load(table)) == expected > 0


@pytest.mark.parametrize("table", TABLES)
def test_csv_and_parquet_load_to_equal_frames(table: str) -> None:
    pd.testing.assert_frame_equal(crocus_data.load(table), crocus_data.load(table, format="csv"))


@pytest.mark.parametrize("table", ["sources", "figures", "evidence"])
def test_plain_pyarrow_read_keeps_integers_nullable_not_float(table: str) -> None:
    arrow = pq.read_table(crocus_data.parquet_path(table))
    frame = arrow.to_pandas()
    integers = [field.name for field in arrow.schema if str(field.type) == "int64"]
    assert integers
    assert {str(frame[name].dtype) for name in integers} == {"Int64"}


def test_documented_dtypes_of_figures() -> None:
    figures = crocus_data.load("figures")
    assert figures["value"].dtype == "Int64"
    assert figures["wording"].dtype == pd.StringDtype()
    assert isinstance(figures["measure"].dtype, pd.CategoricalDtype)
    assert list(figures["measure"].cat.categories) == [m.value for m in Measure]
    assert list(figures["qualifier"].cat.categories) == [q.value for q in Qualifier]
    # An empty cell is missing, not an empty string or NaN.
    row = anchors.vague_figure()
    vague = figures.set_index("figure_id").loc[row["figure_id"]]
    assert vague["value"] is pd.NA and (
        vague["actor_id"] == row["actor_id"] if row["actor_id"] else pd.isna(vague["actor_id"])
    )


def test_dates_are_real_dates_and_open_bounds_are_nat() -> None:
    statements = crocus_data.load("statements").set_index("statement_id")
    assert statements["said_earliest"].dtype == "datetime64[s]"
    dated = anchors.first("statements", lambda row: bool(row["said_earliest"]), "a dated statement")
    assert statements.loc[dated["statement_id"], "said_earliest"] == pd.Timestamp(dated["said_earliest"])
    open_ended = anchors.first("statements", lambda row: not row["said_latest"], "a statement with an open bound")
    assert pd.isna(statements.loc[open_ended["statement_id"], "said_latest"])
    assert statements["made_in_custody"].dtype == "boolean"


def test_unknown_table_names_the_tables() -> None:
    with pytest.raises(KeyError, match="figures"):
        crocus_data.load("casualties")


def test_source_text_is_the_shipped_bytes() -> None:
    sources = crocus_data.load("sources").set_index("source_id")
    for source_id, row in sources.iterrows():
        text = crocus_data.source_text(str(source_id))
        assert hashlib.sha256(text.encode("utf-8")).hexdigest() == row["sha256"]


def test_evidence_quotes_stand_at_their_offsets_in_the_loaded_texts() -> None:
    texts = {s: crocus_data.source_text(s) for s in crocus_data.load("sources")["source_id"]}
    evidence = crocus_data.load("evidence")
    for row in evidence.itertuples():
        assert texts[row.source_id][row.start : row.end] == row.quote, row.evidence_id
