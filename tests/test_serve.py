"""The SQLite database and `crocus-data serve`, as users meet them.

The database is checked row for row against the Parquet files, with its keys and full-text search;
`crocus-data serve` is started as a user starts it, on a free loopback port, and its canned queries'
JSON is checked against what `crocus_data.load()` gives, read independently here; a table page and a
canned query are opened in Chromium (no console error, no request off the machine); then it is stopped.
"""

from __future__ import annotations

import hashlib
import json
import signal
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest
from test_browser import Visit, browser  # noqa: F401  (the module's Chromium, shared)

import crocus_data
from crocus_data.cli import main
from crocus_data.layout import SQLITE
from crocus_data.models import MODEL_BY_TABLE
from crocus_data.published.datasette_metadata import CASUALTIES, RESPONSIBILITY, SELF_NAMING
from crocus_data.views import actor_labels

from processes import printed_document

DATABASE = crocus_data.data_dir() / SQLITE
# The command as a user runs it: the installed script, beside this Python.
SERVE = [
    str(Path(sys.executable).with_name("crocus-data"))
    if Path(sys.executable).with_name("crocus-data").exists()
    else sys.executable,
    *([] if Path(sys.executable).with_name("crocus-data").exists() else ["-m", "crocus_data.cli"]),
    "serve",
    "--port",
    "0",
    "--format",
    "json",
]


@pytest.fixture(scope="module")
def database() -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(f"file:{DATABASE}?mode=ro", uri=True)
    yield connection
    connection.close()


def parquet_cell(value: Any) -> Any:
    """A Parquet cell as SQLite stores it: booleans 0/1, dates ISO, lists as JSON."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return value


@pytest.mark.parametrize("table", crocus_data.tables())
def test_every_table_is_in_the_database_row_for_row_as_in_its_parquet_file(
    database: sqlite3.Connection, table: str
) -> None:
    parquet = pq.read_table(crocus_data.parquet_path(table))
    cursor = database.execute(f'SELECT * FROM "{table}" ORDER BY rowid')
    assert [column[0] for column in cursor.description] == parquet.column_names
    rows = [tuple(parquet_cell(value) for value in row.values()) for row in parquet.to_pylist()]
    assert cursor.fetchall() == rows


@pytest.mark.parametrize("table", crocus_data.tables())
def test_primary_and_foreign_keys_are_declared_as_the_descriptor_states_them(
    database: sqlite3.Connection, table: str
) -> None:
    descriptor = json.loads((crocus_data.data_dir() / "datapackage.json").read_text(encoding="utf-8"))
    schema = next(r for r in descriptor["resources"] if r["name"] == table)["schema"]
    info = database.execute(f'PRAGMA table_info("{table}")').fetchall()
    assert [row[1] for row in info if row[5]] == schema["primaryKey"]
    declared = {(row[3], row[2], row[4]) for row in database.execute(f'PRAGMA foreign_key_list("{table}")')}
    expected = {
        (key["fields"][0], key["reference"].get("resource", table), key["reference"]["fields"][0])
        for key in schema.get("foreignKeys", [])
    }
    assert declared == expected
    assert database.execute("PRAGMA foreign_key_check").fetchall() == []


def test_the_source_texts_are_there_verbatim_and_searchable(database: sqlite3.Connection) -> None:
    texts = dict(database.execute("SELECT source_id, text FROM source_texts").fetchall())
    assert texts == {source_id: crocus_data.source_text(source_id) for source_id in crocus_data.loaders.source_ids()}
    for table, column, key in [("evidence", "quote", "evidence_id"), ("statements", "summary", "statement_id")]:
        first_id, words = database.execute(f"SELECT {key}, {column} FROM {table} ORDER BY rowid LIMIT 1").fetchone()
        phrase = '"' + " ".join(words.replace('"', " ").split()[:3]) + '"'
        found = database.execute(
            f"SELECT {key} FROM {table} WHERE rowid IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ?)",
            [phrase],
        ).fetchall()
        assert (first_id,) in found
    source_id, text = next(iter(texts.items()))
    word = max(text.split(), key=len).strip(".,;:'\"()")
    hits = database.execute(
        "SELECT source_id FROM source_texts WHERE rowid IN (SELECT rowid FROM source_texts_fts WHERE source_texts_fts "
        "MATCH ?)",
        [f'"{word}"'],
    ).fetchall()
    assert (source_id,) in hits


# --- crocus-data serve ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """`crocus-data serve` on a free loopback port, as a user starts it (outside any checkout); stopped after."""
    cwd = tmp_path_factory.mktemp("elsewhere")
    process = subprocess.Popen(SERVE, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        document = printed_document(process, "serve")
        yield {**document, "process": process}
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)


def fetch_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


def query_rows(server: dict[str, Any], name: str) -> pd.DataFrame:
    return pd.DataFrame(fetch_json(f"{server['queries'][name]}.json?_shape=array&_size=max"))


def test_serve_listens_on_loopback_only(server: dict[str, Any]) -> None:
    assert server["url"].startswith("http://127.0.0.1:")
    assert set(server["queries"]) == {"casualty_figures", "who_claimed_and_who_was_blamed", "reported_treatment"}


def test_the_casualty_figures_with_each_sources_words(server: dict[str, Any]) -> None:
    got = query_rows(server, "casualty_figures")
    figures = crocus_data.load("figures")
    figures = figures[figures["measure"].isin([m.value for m in CASUALTIES])]
    evidence = crocus_data.load("evidence").rename(columns={"record_id": "figure_id"})
    expected = figures.merge(evidence, on="figure_id")
    assert sorted(zip(got["figure_id"], got["source_id"], got["quote"], got["wording"], strict=True)) == sorted(
        zip(expected["figure_id"], expected["source_id"], expected["quote"], expected["wording"], strict=True)
    )
    values = got.set_index("figure_id")["value"].groupby(level=0).first()
    for figure_id, value in figures.set_index("figure_id")["value"].items():
        assert (pd.isna(value) and pd.isna(values[figure_id])) or values[figure_id] == value


def test_who_claimed_and_who_was_blamed(server: dict[str, Any]) -> None:
    got = query_rows(server, "who_claimed_and_who_was_blamed").set_index("statement_id")
    statements = crocus_data.load("statements")
    statements = statements[
        statements["kind"].isin([k.value for k in RESPONSIBILITY]) & statements["incident_id"].notna()
    ]
    assert sorted(got.index) == sorted(statements["statement_id"])
    labels = actor_labels()
    for row in statements.itertuples():
        named = row.speaker_actor_id if row.kind in {k.value for k in SELF_NAMING} else row.target_actor_id
        assert got.loc[row.statement_id, "party_named"] == (labels[named] if pd.notna(named) else None)
        assert got.loc[row.statement_id, "kind"] == row.kind
        assert json.loads(got.loc[row.statement_id, "source_ids"]) == row.source_ids


def test_reported_treatment_by_whom(server: dict[str, Any]) -> None:
    got = query_rows(server, "reported_treatment")
    reports = crocus_data.load("treatment_reports")
    evidence = crocus_data.load("evidence")
    expected = reports.merge(evidence, left_on="treatment_id", right_on="record_id")
    assert sorted(zip(got["treatment_id"], got["quote"], strict=True)) == sorted(
        zip(expected["treatment_id"], expected["quote"], strict=True)
    )
    labels = actor_labels()
    by_id = got.groupby("treatment_id").first()
    for row in reports.itertuples():
        assert by_id.loc[row.treatment_id, "reported_of"] == labels[row.actor_id]
        assert by_id.loc[row.treatment_id, "treatment"] == row.treatment
        inflicter = by_id.loc[row.treatment_id, "inflicted_by_as_reported"]
        if pd.isna(row.inflicted_by_actor_id):
            assert pd.isna(inflicter)
        else:
            assert inflicter == labels[row.inflicted_by_actor_id]


def test_nothing_can_write_and_no_plugin_runs(server: dict[str, Any]) -> None:
    before = hashlib.sha256(DATABASE.read_bytes()).hexdigest()
    base = server["url"]
    for path, body in [
        ("crocus/figures/-/insert", b'{"row": {"figure_id": "x"}}'),
        ("crocus/-/create", b'{"table": "x", "columns": [{"name": "a"}]}'),
        ("crocus", b"sql=DELETE+FROM+figures"),
    ]:
        request = urllib.request.Request(base + path, data=body, method="POST")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        assert refused.value.code >= 400, path
    with pytest.raises(urllib.error.HTTPError):
        fetch_json(base + "crocus.json?sql=DELETE+FROM+figures")
    assert fetch_json(base + "-/plugins.json") == []
    assert fetch_json(base + "-/databases.json")[0]["is_mutable"] is False
    assert hashlib.sha256(DATABASE.read_bytes()).hexdigest() == before


@pytest.mark.browser
@pytest.mark.parametrize("path", ["crocus/figures", "crocus/who_claimed_and_who_was_blamed"])
def test_a_table_and_a_canned_query_open_in_a_browser(
    server: dict[str, Any],
    browser: Any,  # noqa: F811
    path: str,
) -> None:
    visit = Visit(browser, server["url"])
    try:
        page = visit.open(server["url"] + path)
        assert page.locator("table.rows-and-columns tbody tr").count() > 0
        assert visit.problems == []
    finally:
        visit.close()


def test_ctrl_c_stops_it_with_status_130(tmp_path: Path) -> None:
    process = subprocess.Popen(SERVE, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    printed_document(process, "serve")
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=30) == 130


def test_without_datasette_it_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "datasette", None)  # an import of it fails, as when it is not installed
    assert main(["serve", str(crocus_data.data_dir())]) == 2
    assert "pip install 'crocus-data[serve]'" in capsys.readouterr().err


def test_a_checkout_without_a_database_is_told_to_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "datapackage.json").write_text("{}", encoding="utf-8")
    assert main(["serve", str(tmp_path), "--format", "json"]) == 2
    captured = capsys.readouterr()
    assert json.loads(captured.out)["exit_status"] == 2 and "crocus-data build" in captured.err


def test_the_tables_are_those_of_the_models(database: sqlite3.Connection) -> None:
    names = {row[0] for row in database.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert set(MODEL_BY_TABLE) | {"source_texts"} <= names
