"""What the figures draw, row by row, without matplotlib: the figure and the table beside it read the same rows.

``who_said_what_rows`` gives one row per statement drawn in "who said what about whom": who said it
and what (or whom) it is about, each as an id-like node (an actor id, ``voice:<attribution>`` or an
incident id) and as a reader's label, its kind, its relay's label and its summary.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from crocus_data import views
from crocus_data.views.labels import VOICE
from crocus_data.views.tables import Tables


@dataclass(frozen=True)
class StatementRow:
    statement_id: str
    speaker: str  # an actor id, or "voice:<attribution>"
    about: str  # an actor id, or an incident id
    speaker_label: str
    about_label: str
    relay: str  # the relay's label; empty when the document has it directly
    kind: str  # the kind in words; "read as made in custody" added where the statement was
    summary: str


def who_said_what_rows(tables: Tables) -> list[StatementRow]:
    """Every statement about an actor or an incident, sorted by who said it, then by what it is about."""
    statements = tables["statements"]
    labels = views.actor_labels(tables)
    incidents = tables["incidents"].set_index("incident_id")["name"]

    def label(node: str) -> str:
        if node.startswith("voice:"):
            return VOICE[node.removeprefix("voice:")]
        if node in incidents.index:
            return f"the incident: {incidents[node]}"
        return str(labels[node])

    rows = []
    for row in statements.to_dict("records"):
        speaker = str(row["speaker_actor_id"]) if pd.notna(row["speaker_actor_id"]) else f"voice:{row['attribution']}"
        if pd.notna(row["target_actor_id"]):
            about = str(row["target_actor_id"])
        elif pd.notna(row["incident_id"]):
            about = str(row["incident_id"])  # a claim or confession is about the incident itself
        else:
            continue
        relay = str(labels[row["relay_actor_id"]]) if pd.notna(row["relay_actor_id"]) else ""
        # A statement made in custody says so: the sources report torture of detainees.
        kind = str(row["kind"]).replace("_", " ") + (
            ", read as made in custody" if row["made_in_custody"] is True else ""
        )
        rows.append(
            StatementRow(
                str(row["statement_id"]), speaker, about, label(speaker), label(about), relay, kind, str(row["summary"])
            )
        )
    rows.sort(key=lambda r: (r.speaker_label.casefold(), r.about_label.casefold(), r.statement_id))
    return rows
