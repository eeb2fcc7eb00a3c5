"""Labels shared by the views: actor names, the sources and first quote of a record, speakers and relays."""

from __future__ import annotations

from typing import Any

import pandas as pd

from crocus_data.views.tables import Tables, TableSource, tables_of

# Who speaks in a statement with no speaker, by its attribution.
VOICE = {"source": "(the document's own voice)", "unattributed": "(unattributed)", "speaker": "(speaker not given)"}
# Who asserts a row, as every view spells it out: the attribution, the statement, its speaker and relay.
ATTRIBUTION_COLUMNS = ["attribution", "statement_id", "speaker_actor_id", "speaker", "relay_actor_id", "relay"]
# The columns that make a quantity: one measure of one incident, in one unit, of one counted group.
QUANTITY = ["incident_id", "measure", "unit", "actor_id"]


def optional_int(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(str(value))


def optional_text(value: Any) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


def actor_names(tables: Tables) -> pd.Series:
    """Actor id -> how to call it: its name, or for unnamed actors their description."""
    actors = tables["actors"].set_index("actor_id")
    return actors["name"].fillna(actors["description"])


def actor_labels(data: TableSource = None) -> pd.Series:
    """Actor id -> a short label for readable text: its name, or for an unnamed actor its id in words.

    ``act-russian-prison-service`` (unnamed) becomes "russian prison service"; named actors keep the
    name as the documents write it. The ``speaker`` and ``relay`` columns of the views use the fuller
    form (the name, or the description of an unnamed actor).
    """
    actors = tables_of(data)["actors"].set_index("actor_id")
    words = actors.index.to_series().str.removeprefix("act-").str.replace("-", " ")
    return actors["name"].fillna(words)


def sources_of(tables: Tables) -> pd.Series:
    """Record id -> the ids of the documents its evidence comes from, comma-separated."""
    evidence = tables["evidence"]
    return evidence.groupby("record_id")["source_id"].agg(lambda ids: ", ".join(sorted(set(ids))))


def first_quote(tables: Tables) -> pd.Series:
    evidence = tables["evidence"]
    return evidence.groupby("record_id")["quote"].first()


def quantity_key(row: pd.Series) -> tuple[str, ...]:
    return tuple("" if pd.isna(row[c]) else str(row[c]) for c in QUANTITY)


def speakers(frame: pd.DataFrame, tables: Tables) -> pd.DataFrame:
    """Add speaker/relay ids and names to rows that carry a ``statement_id``."""
    statements = tables["statements"].set_index("statement_id")
    names = actor_names(tables)
    speaker_id = frame["statement_id"].map(statements["speaker_actor_id"]).astype("string")
    relay_id = frame["statement_id"].map(statements["relay_actor_id"]).astype("string")
    return frame.assign(
        speaker_actor_id=speaker_id,
        speaker=speaker_id.map(names).astype("string"),
        relay_actor_id=relay_id,
        relay=relay_id.map(names).astype("string"),
    )
