"""What Datasette shows beside the SQLite database, generated from the models: the title, the licences (CC BY
4.0 for the data; the news texts under neither), the source, each table's and column's description, the
units of the columns that have one, and canned queries for the questions the worked examples answer.

Published beside the database (``datasette.json``) by the build, so ``crocus-data serve`` and a plain
``datasette crocus.sqlite -m datasette.json`` show the same. The canned queries are worded soberly: a
party a statement names is named by its speaker, never found responsible by this dataset.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crocus_data import version
from crocus_data.layout import DATA_DIR, DATASETTE_METADATA, SQLITE
from crocus_data.models import MODELS, Evidence
from crocus_data.models.columns import published_columns
from crocus_data.models.vocabulary import Measure, StatementKind
from crocus_data.published.dataset_metadata import (
    DATA_LICENCE_URL,
    DESCRIPTION,
    LICENCE_NOTE,
    SOURCE_TEXT_TERMS,
    TITLE,
)
from crocus_data.published.descriptor import describe_column, table_description
from crocus_data.published.outputs import json_bytes
from crocus_data.published.sqlite import SEARCHED, SOURCE_TEXTS, literal, sqlite_bytes
from crocus_data.reader.package import Package

DATABASE = Path(SQLITE).stem  # Datasette names a database by its file

# The casualty figures: people killed or injured, hostages injured, hostage-takers killed.
CASUALTIES = (Measure.KILLED, Measure.INJURED, Measure.HOSTAGES_INJURED, Measure.HOSTAGE_TAKERS_KILLED)
# Statements that name someone as responsible for, or involved in, an incident; in the first two the speaker
# names itself.
RESPONSIBILITY = (
    StatementKind.CLAIM_OF_RESPONSIBILITY,
    StatementKind.CONFESSION,
    StatementKind.ATTRIBUTION_OF_RESPONSIBILITY,
    StatementKind.ALLEGATION_OF_INVOLVEMENT,
)
SELF_NAMING = RESPONSIBILITY[:2]
# Columns measured in a unit Datasette can show (``custom_units`` defines the character, which offsets count).
CUSTOM_UNITS = ["character = [text_length]"]
UNITS = {"sources": {"bytes": "byte"}, Evidence.table: {"start": "character", "end": "character"}}


def _label(alias: str) -> str:
    """How a query shows an actor: its label (``models.actors.display_label``)."""
    return f"{alias}.label"


def _values(members: tuple[Any, ...]) -> str:
    return ", ".join(literal(member.value) for member in members)


def _who(statement: str) -> str:
    """The joins that name a statement's speaker (``speaker``) and relay (``relay``)."""
    return (
        f"LEFT JOIN actors AS speaker ON speaker.actor_id = {statement}.speaker_actor_id\n"
        f"LEFT JOIN actors AS relay ON relay.actor_id = {statement}.relay_actor_id"
    )


QUERIES: dict[str, dict[str, str]] = {
    "casualty_figures": {
        "title": "The casualty figures, with each source's words",
        "description": (
            "Every figure for people killed or injured, hostages injured and hostage-takers killed, one row per "
            "quote: the number as worded, its qualifier, who gives it (the document itself when no speaker is "
            "named) and the document's exact words. The figures are assertions: where they differ, each is kept."
        ),
        "sql": f"""SELECT incidents.name AS incident, figures.measure, figures.unit, figures.wording, figures.qualifier,
  figures.value, figures.value_low, figures.value_high, figures.attribution,
  {_label("speaker")} AS speaker, {_label("relay")} AS relayed_by,
  evidence.source_id, evidence.quote, figures.figure_id
FROM figures
JOIN incidents ON incidents.incident_id = figures.incident_id
LEFT JOIN statements ON statements.statement_id = figures.statement_id
{_who("statements")}
JOIN evidence ON evidence.record_id = figures.figure_id
WHERE figures.measure IN ({_values(CASUALTIES)})
ORDER BY figures.incident_id, figures.measure, figures.figure_id, evidence.evidence_id""",
    },
    "who_claimed_and_who_was_blamed": {
        "title": "Who claimed the attacks, and whom others named as responsible or involved",
        "description": (
            "Claims of responsibility, confessions, attributions of responsibility and allegations of involvement, "
            "each as reported and attributed. party_named is the party the speaker names (for a claim or a "
            "confession, the speaker itself); the dataset does not find anyone responsible, and records no court "
            "finding. A statement made in custody (made_in_custody) may have been coerced."
        ),
        "sql": f"""SELECT incidents.name AS incident, statements.kind,
  CASE WHEN statements.kind IN ({_values(SELF_NAMING)}) THEN {_label("speaker")} ELSE {_label("target")} END
    AS party_named,
  {_label("speaker")} AS said_by, {_label("relay")} AS relayed_by, statements.attribution, statements.rendering,
  statements.made_in_custody, statements.summary, statements.source_ids, statements.statement_id
FROM statements
JOIN incidents ON incidents.incident_id = statements.incident_id
{_who("statements")}
LEFT JOIN actors AS target ON target.actor_id = statements.target_actor_id
WHERE statements.kind IN ({_values(RESPONSIBILITY)})
ORDER BY statements.incident_id, statements.statement_id""",
    },
    "reported_treatment": {
        "title": "Reported treatment in custody, of whom, by whom, and who reports it",
        "description": (
            "Each report of treatment in custody, one row per quote: whom it concerns, what is reported, who is "
            "reported to have inflicted it (only where a document says so), who reports it (the document itself "
            "when no speaker is named), the material it is seen in, and the document's exact words. Reports, "
            "not findings."
        ),
        "sql": f"""SELECT {_label("subject")} AS reported_of, treatment_reports.treatment,
  treatment_reports.description, {_label("inflicter")} AS inflicted_by_as_reported, treatment_reports.attribution,
  {_label("speaker")} AS reported_by, {_label("relay")} AS relayed_by, materials.description AS seen_in,
  evidence.source_id, evidence.quote, treatment_reports.treatment_id
FROM treatment_reports
JOIN actors AS subject ON subject.actor_id = treatment_reports.actor_id
LEFT JOIN actors AS inflicter ON inflicter.actor_id = treatment_reports.inflicted_by_actor_id
LEFT JOIN statements ON statements.statement_id = treatment_reports.statement_id
{_who("statements")}
LEFT JOIN materials ON materials.material_id = treatment_reports.material_id
JOIN evidence ON evidence.record_id = treatment_reports.treatment_id
ORDER BY treatment_reports.treatment_id, evidence.evidence_id""",
    },
}


def _table(model: type[Any]) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "description": f"{model.table_title}. {table_description(model)}",
        "columns": {column.name: describe_column(column) for column in published_columns(model)},
    }
    if model.table in UNITS:
        entry["units"] = UNITS[model.table]
    if model.table == "actors":
        entry["label_column"] = "label"  # a reference to an actor shows its label
    return entry


def metadata() -> dict[str, Any]:
    """Datasette's metadata for the database: the instance, each table, and the canned queries."""
    tables = {model.table: _table(model) for model in MODELS}
    tables[SOURCE_TEXTS] = {
        "description": "The news reports, verbatim: evidence offsets index their characters. " + SOURCE_TEXT_TERMS,
        "license": "None of this project's: the publishers' copyright (LICENSE-DATA.md)",
        "columns": {"source_id": "The document's id (sources.source_id).", "text": "The document's text, verbatim."},
    }
    for table, _ in SEARCHED:
        tables[f"{table}_fts"] = {"hidden": True}
    return {
        "title": TITLE,
        "description": f"{DESCRIPTION} Rows are claims, not facts: each says who asserts it and where.",
        "license": "CC BY 4.0 (the data; the news texts in source_texts are under neither licence)",
        "license_url": DATA_LICENCE_URL,
        "source": f"News reports, verbatim in source_texts; crocus-data {version.__version__}",
        "about": LICENCE_NOTE,
        "custom_units": CUSTOM_UNITS,
        "databases": {DATABASE: {"tables": tables, "queries": QUERIES}},
    }


def database_files(package: Package) -> dict[Path, bytes]:
    """The SQLite database and its Datasette metadata, by path relative to the repository root."""
    return {DATA_DIR / SQLITE: sqlite_bytes(package), DATA_DIR / DATASETTE_METADATA: json_bytes(metadata())}
