"""Relations: what each statement answers, denies, repeats, corrects or comes before, in readable form."""

from __future__ import annotations

from typing import Any

import pandas as pd

from crocus_data.views.labels import actor_labels, first_quote, sources_of
from crocus_data.views.tables import Tables, TableSource, tables_of

RELATION_COLUMNS = [
    "relation_id",
    "from_statement_id",
    "from_speaker",
    "from_summary",
    "from_rendering",
    "relation",
    "target_table",
    "target_id",
    "target",
    "attribution",
    "source_id",
    "quote",
    "note",
]
TARGET_TABLES = {
    "to_statement_id": "statements",
    "to_claim_id": "actor_claims",
    "to_figure_id": "figures",
    "to_material_id": "materials",
}


def record_labels(tables: Tables) -> pd.Series:
    """Record id -> a short readable label, for statements, claims, figures and materials."""
    names = actor_labels(tables)
    statements = tables["statements"]
    claims = tables["actor_claims"]
    figures = tables["figures"]
    materials = tables["materials"]

    def who(actor_id: Any) -> str:
        return str(names[actor_id]) if pd.notna(actor_id) else "(the document)"

    def circulated(circulation: Any) -> str:
        return f" ({circulation})" if pd.notna(circulation) else ""

    statement_labels = [
        f"{who(s)}: {summary}" for s, summary in zip(statements["speaker_actor_id"], statements["summary"], strict=True)
    ]
    claim_labels = [
        f"{who(a)}, {attribute}: {value}"
        for a, attribute, value in zip(claims["actor_id"], claims["attribute"], claims["value"], strict=True)
    ]
    figure_labels = [f"{m}: {wording}" for m, wording in zip(figures["measure"], figures["wording"], strict=True)]
    material_labels = [
        f"{description}{circulated(circulation)}"
        for description, circulation in zip(materials["description"], materials["circulation"], strict=True)
    ]
    parts = [
        pd.Series(statement_labels, index=statements["statement_id"], dtype="string"),
        pd.Series(claim_labels, index=claims["claim_id"], dtype="string"),
        pd.Series(figure_labels, index=figures["figure_id"], dtype="string"),
        pd.Series(material_labels, index=materials["material_id"], dtype="string"),
    ]
    return pd.concat(parts).astype("string")


def relations(data: TableSource = None) -> pd.DataFrame:
    """Every relation between statements, or from a statement to a claim, figure or material, one row each.

    Columns: ``relation_id``; the statement it starts from (``from_statement_id``, ``from_speaker``,
    ``from_summary``, ``from_rendering``: quoted, reported, or the document's characterisation);
    ``relation`` (responds_to, denies, repeats, corrects, precedes); the target (``target_table``,
    ``target_id`` and a readable ``target``); who draws the relation (``attribution``), where it is
    read (``source_id``, ``quote``: the first evidence span) and ``note``. ``data`` is the package to
    read (see ``views.tables``): the installed one by default.
    """
    tables = tables_of(data)
    rows = tables["statement_relations"]
    statements = tables["statements"].set_index("statement_id")
    names = actor_labels(tables)
    labels = record_labels(tables)
    target_column = rows[list(TARGET_TABLES)].notna().idxmax(axis=1)
    target_id = rows[list(TARGET_TABLES)].bfill(axis=1).iloc[:, 0]
    speaker = rows["from_statement_id"].map(statements["speaker_actor_id"])
    frame = pd.DataFrame(
        {
            "relation_id": rows["relation_id"],
            "from_statement_id": rows["from_statement_id"],
            "from_speaker": speaker.map(names).fillna("(the document)"),
            "from_summary": rows["from_statement_id"].map(statements["summary"]),
            "from_rendering": rows["from_statement_id"].map(statements["rendering"]).astype("string"),
            "relation": rows["relation"].astype("string"),
            "target_table": target_column.map(TARGET_TABLES),
            "target_id": target_id,
            "target": target_id.map(labels),
            "attribution": rows["attribution"].astype("string"),
            "source_id": rows["relation_id"].map(sources_of(tables)),
            "quote": rows["relation_id"].map(first_quote(tables)),
            "note": rows["note"],
        },
        columns=RELATION_COLUMNS,
    )
    return frame.astype("string").reset_index(drop=True)
