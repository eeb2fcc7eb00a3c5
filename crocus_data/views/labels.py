"""Labels shared by the views: actor labels, the sources and first quote of a record, speakers and relays."""

from __future__ import annotations

from typing import Any

import pandas as pd

from crocus_data.models.actors import display_label
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


def actor_labels(data: TableSource = None) -> pd.Series:
    """Actor id -> how a reader sees the actor named: its ``label``, in the documents' words (its name, or for
    an unnamed actor the shortest phrase the documents use: "Russian media", "One of them").

    One definition (``crocus_data.models.actors.display_label``) for the views, the figures and the site
    pages; tables of a release before 0.3.0, which had no label, fall back to the name, else the description.
    """
    actors = tables_of(data)["actors"]
    labels = actors["label"] if "label" in actors else pd.Series(pd.NA, index=actors.index)
    values = [
        display_label(optional_text(label), optional_text(name), str(description))
        for label, name, description in zip(labels, actors["name"], actors["description"], strict=True)
    ]
    return pd.Series(values, index=pd.Index(actors["actor_id"], name="actor_id"), dtype="string")


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
    names = actor_labels(tables)
    speaker_id = frame["statement_id"].map(statements["speaker_actor_id"]).astype("string")
    relay_id = frame["statement_id"].map(statements["relay_actor_id"]).astype("string")
    return frame.assign(
        speaker_actor_id=speaker_id,
        speaker=speaker_id.map(names).astype("string"),
        relay_actor_id=relay_id,
        relay=relay_id.map(names).astype("string"),
    )
