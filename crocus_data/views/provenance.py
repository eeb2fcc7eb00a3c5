"""Provenance: the evidence, source, speaker and relay behind any record, in one call."""

from __future__ import annotations

import pandas as pd

from crocus_data.views.labels import ATTRIBUTION_COLUMNS, actor_labels, optional_text
from crocus_data.views.tables import Tables, TableSource, tables_of


def _find_record(record_id: str, tables: Tables) -> tuple[str, pd.Series]:
    from crocus_data.models import MODEL_BY_TABLE
    from crocus_data.models.keys import PREFIXES

    prefix = record_id.split("-", 1)[0]
    for table, table_prefix in PREFIXES.items():
        if table_prefix == prefix and table != "evidence" and table in tables:
            frame = tables[table]
            rows = frame[frame[MODEL_BY_TABLE[table].primary_key] == record_id]
            if len(rows) == 1:
                return table, rows.iloc[0]
    graves = tables["tombstones"].set_index("retired_id")
    if record_id in graves.index:  # a retired id: say where its content went rather than "no record"
        grave = graves.loc[record_id]
        carried = f"; replaced by {grave['replaced_by']}" if pd.notna(grave["replaced_by"]) else ""
        raise KeyError(f"{record_id!r} was retired in {grave['retired_in']} ({grave['reason']}){carried}")
    raise KeyError(f"no record {record_id!r} in any table (evidence rows are not records; give the row they support)")


def _stands_at(text: str | None, start: int, end: int, quote: str) -> bool | None:
    """Whether ``quote`` stands at those offsets of ``text``; None (not checked) without the text."""
    return None if text is None else text[start:end] == quote


def provenance(record_id: str, data: TableSource = None) -> pd.DataFrame:
    """Where a record comes from: its evidence quotes, their source, and who said it through whom.

    One row per evidence span: ``evidence_for`` is the record itself, or, for a record made in a
    statement, that statement (whose spans name the speaker and the relay). Columns: ``record_id``,
    ``table``, ``evidence_for``, ``evidence_id``, ``source_id``, ``start``, ``end``, ``quote``,
    ``verified`` (the quote stands at those offsets of the document's text; empty when the tables were
    given without the texts), ``source_title``,
    ``source_published_earliest`` / ``_latest``, and — for statements and for rows that carry an
    attribution — ``attribution``, ``statement_id``, ``speaker_actor_id``, ``speaker``,
    ``relay_actor_id``, ``relay`` (empty for the document's own voice).

    Raises ``KeyError`` for an id that is no row of any table. ``data`` is the package to read (see
    ``views.tables``): the installed one by default.
    """
    tables = tables_of(data)
    table, record = _find_record(record_id, tables)
    statement_id: str | None = None
    attribution: str | None = None
    if table == "statements":
        statement_id, attribution = record_id, str(record["attribution"])
    elif "attribution" in record.index:
        statement_id, attribution = optional_text(record["statement_id"]), str(record["attribution"])
    evidence = tables["evidence"]
    supported = [record_id] + ([statement_id] if statement_id and statement_id != record_id else [])
    spans = evidence[evidence["record_id"].isin(supported)].rename(columns={"record_id": "evidence_for"})
    spans = spans.sort_values("evidence_for", key=lambda s: s.map(supported.index), kind="stable")
    sources = tables["sources"].set_index("source_id")
    texts = {source_id: tables.text(source_id) for source_id in set(spans["source_id"])}
    names = actor_labels(tables)
    speaker_id: str | None = None
    relay_id: str | None = None
    if statement_id:
        statement = tables["statements"].set_index("statement_id").loc[statement_id]
        speaker_id, relay_id = optional_text(statement["speaker_actor_id"]), optional_text(statement["relay_actor_id"])
    frame = spans.assign(
        record_id=record_id,
        table=table,
        verified=pd.array(
            [
                _stands_at(texts[s], a, b, q)
                for s, a, b, q in zip(spans["source_id"], spans["start"], spans["end"], spans["quote"], strict=True)
            ],
            dtype="boolean",
        ),
        source_title=spans["source_id"].map(sources["title"]),
        source_published_earliest=spans["source_id"].map(sources["published_earliest"]),
        source_published_latest=spans["source_id"].map(sources["published_latest"]),
        attribution=attribution,
        statement_id=statement_id,
        speaker_actor_id=speaker_id,
        speaker=names.get(speaker_id) if speaker_id else None,
        relay_actor_id=relay_id,
        relay=names.get(relay_id) if relay_id else None,
    )
    columns = [
        "record_id",
        "table",
        "evidence_for",
        "evidence_id",
        "source_id",
        "start",
        "end",
        "quote",
        "verified",
        "source_title",
        "source_published_earliest",
        "source_published_latest",
        *ATTRIBUTION_COLUMNS,
    ]
    text_columns = ["record_id", "table", "attribution", "statement_id", "speaker_actor_id", "speaker"]
    text_columns += ["relay_actor_id", "relay", "evidence_for"]
    return (
        frame[columns].astype({**dict.fromkeys(text_columns, "string"), "verified": "boolean"}).reset_index(drop=True)
    )
