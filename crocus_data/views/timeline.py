"""Timeline: incidents, statements and detentions with their date bounds, never a single invented day."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

import crocus_data
from crocus_data.views.labels import VOICE, actor_labels

TIMELINE_COLUMNS = [
    "kind",
    "record_id",
    "incident_id",
    "label",
    "earliest",
    "latest",
    "precision",
    "derivation",
    "date_note",
]


def _dated(frame: pd.DataFrame, kind: str, key: str, prefix: str, labels: Iterable[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kind": kind,
            "record_id": frame[key],
            "incident_id": frame["incident_id"],
            "label": list(labels),
            "earliest": frame[f"{prefix}_earliest"],
            "latest": frame[f"{prefix}_latest"],
            "precision": frame[f"{prefix}_precision"].astype("string"),
            "derivation": frame[f"{prefix}_derivation"].astype("string"),
            "date_note": frame[f"{prefix}_note"],
        }
    )


def timeline() -> pd.DataFrame:
    """Incidents, statements and detentions, one row each, with their date bounds.

    Columns: ``kind`` (``incident``, ``statement``, ``detention``), ``record_id``, ``incident_id``,
    ``label`` (readable), ``earliest`` and ``latest`` (``datetime64[s]``; NaT where the documents
    leave a bound open — none is invented), ``precision``, ``derivation`` and ``date_note``. Sorted
    by earliest, then latest (open bounds last), then kind and id. Event dates (incidents,
    detentions) and statement dates are different things; ``kind`` keeps them apart.
    """
    names = actor_labels()
    incidents = crocus_data.load("incidents")
    statements = crocus_data.load("statements")
    detentions = crocus_data.load("detentions")

    def said(row: pd.Series) -> str:
        who = names[row["speaker_actor_id"]] if pd.notna(row["speaker_actor_id"]) else VOICE[str(row["attribution"])]
        whom = f" → {names[row['target_actor_id']]}" if pd.notna(row["target_actor_id"]) else ""
        via = f" (via {names[row['relay_actor_id']]})" if pd.notna(row["relay_actor_id"]) else ""
        return f"{who}{via}: {str(row['kind']).replace('_', ' ')}{whom}"

    def held(row: pd.Series) -> str:
        where = f" in {row['place']}" if pd.notna(row["place"]) else ""
        return f"{names[row['actor_id']]} {row['status']}{where}"

    frame = pd.concat(
        [
            _dated(incidents, "incident", "incident_id", "date", incidents["name"]),
            _dated(statements, "statement", "statement_id", "said", statements.apply(said, axis=1)),
            _dated(detentions, "detention", "detention_id", "detained", detentions.apply(held, axis=1)),
        ],
        ignore_index=True,
    )
    frame = frame.astype(
        {"kind": "string", "record_id": "string", "incident_id": "string", "label": "string", "date_note": "string"}
    )
    frame = frame.sort_values(["earliest", "latest", "kind", "record_id"], na_position="last", kind="stable")
    return frame[TIMELINE_COLUMNS].reset_index(drop=True)
