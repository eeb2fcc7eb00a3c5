"""Contested: the disagreements between assertions that four fixed rules find, side by side, with their attribution."""

from __future__ import annotations

from typing import Any

import pandas as pd

from crocus_data.views.estimates import disputed
from crocus_data.views.figures import figures_summary
from crocus_data.views.labels import actor_labels, first_quote, quantity_key, sources_of, speakers
from crocus_data.views.relations import relations
from crocus_data.views.tables import Tables, TableSource, tables_of

RESPONSIBILITY_KINDS = {
    "claim_of_responsibility": "claims responsibility",
    "confession": "confesses",
    "attribution_of_responsibility": "names as responsible",
    "allegation_of_involvement": "alleges the involvement of",
}
# Kinds in which the speaker names itself as the responsible party; in the others it names the target.
SELF_NAMING_KINDS = {"claim_of_responsibility", "confession"}

CONTESTED_COLUMNS = [
    "topic",
    "kind",
    "subject",
    "basis",
    "record_id",
    "assertion",
    "value",
    "qualifier",
    "attribution",
    "statement_id",
    "speaker",
    "relay",
    "source_id",
    "quote",
    "note",
]


def _open(value: Any) -> str:
    return "open" if pd.isna(value) else str(value)


def _figure_basis(row: pd.Series) -> str:
    """Why a quantity is listed, in words, from its estimate."""
    bounds = f"low {_open(row['low'])}, high {_open(row['high'])}"
    if row["contested"]:
        return f"The assertions' intervals do not overlap: no value satisfies them all ({bounds}; no best)."
    if row["contested_if_exact"]:
        return (
            "Read as encoded, the assertions' intervals do not overlap; they do under a figure's alternative reading "
            f"(see alternative_qualifier and the note). Taking both readings: {bounds}; no best."
        )
    return (
        "One assertion says the number is unclear beside another that gives one: they need not contradict each "
        f"other, but no number is singled out ({bounds}; no best)."
    )


def _figure_topics(names: pd.Series, tables: Tables) -> pd.DataFrame:
    summary = figures_summary(tables)
    flags = summary[["contested", "contested_if_exact", "best_reason", "n_numeric"]].fillna(
        {"contested": False, "contested_if_exact": False, "best_reason": "", "n_numeric": 0}
    )
    shown = summary[[disputed(*row) for row in flags.itertuples(index=False)]]
    incidents = tables["incidents"].set_index("incident_id")["name"]

    def subject(row: pd.Series) -> str:
        counted = f", counting {names[row['actor_id']]}" if pd.notna(row["actor_id"]) else ""
        return f"{row['measure']} ({row['unit']}) in {incidents[row['incident_id']]}{counted}"

    def assertion(row: pd.Series) -> str:
        number = {
            "range": f"{row['value_low']}-{row['value_high']}",
            "vague": "no number",
            "unquantified": "no number",
            "unclear": "no number",
        }.get(str(row["qualifier"]), f"{row['value']}")
        alternative = f", or {row['alternative_qualifier']}" if pd.notna(row["alternative_qualifier"]) else ""
        return f"{row['wording']} [{row['qualifier']}{alternative}: {number}]"

    if shown.empty:
        return pd.DataFrame(columns=CONTESTED_COLUMNS)
    return pd.DataFrame(
        {
            "topic": shown.apply(lambda r: "figure:" + ":".join(k for k in quantity_key(r) if k), axis=1),
            "kind": "figure",
            "subject": shown.apply(subject, axis=1),
            "basis": shown.apply(_figure_basis, axis=1),
            "record_id": shown["figure_id"],
            "assertion": shown.apply(assertion, axis=1),
            "value": shown["value"],
            "qualifier": shown["qualifier"].astype("string"),
            "attribution": shown["attribution"].astype("string"),
            "statement_id": shown["statement_id"],
            "speaker": shown["speaker"],
            "relay": shown["relay"],
            "source_id": shown["source_id"],
            "note": shown["note"],
        }
    )


def _topic(
    topic: str, kind: str, subject: str, basis: str, rows: pd.DataFrame, record_id: str, assertion: Any
) -> pd.DataFrame:
    """One contested topic: its assertions side by side, each with its attribution."""
    return pd.DataFrame(
        {
            "topic": topic,
            "kind": kind,
            "subject": subject,
            "basis": basis,
            "record_id": rows[record_id],
            "assertion": assertion,
            "attribution": rows["attribution"].astype("string"),
            "statement_id": rows["statement_id"],
            "speaker": rows["speaker"],
            "relay": rows["relay"],
            "note": rows["note"],
        }
    )


def _stack(frames: list[pd.DataFrame]) -> pd.DataFrame:
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=CONTESTED_COLUMNS)


def _responsibility_topics(names: pd.Series, tables: Tables) -> pd.DataFrame:
    statements = speakers(tables["statements"], tables)
    incidents = tables["incidents"].set_index("incident_id")["name"]
    blame = statements[statements["kind"].isin(list(RESPONSIBILITY_KINDS)) & statements["incident_id"].notna()]
    blame = blame.assign(
        party_id=blame["speaker_actor_id"].where(blame["kind"].isin(list(SELF_NAMING_KINDS)), blame["target_actor_id"])
    )
    frames = []
    for incident_id, group in blame.groupby("incident_id", sort=True):
        if group["party_id"].nunique() < 2:
            continue
        parties = ", ".join(dict.fromkeys(str(names[p]) for p in group["party_id"]))
        assertion = group.apply(
            lambda r: (
                f"{names[r['speaker_actor_id']] if pd.notna(r['speaker_actor_id']) else '(unattributed)'} "
                f"{RESPONSIBILITY_KINDS[str(r['kind'])]}"
                + ("" if str(r["kind"]) in SELF_NAMING_KINDS else f" {names[r['party_id']]}")
                + f": {r['summary']}"
            ),
            axis=1,
        )
        basis = (
            f"{group['party_id'].nunique()} different parties are named: {parties}. Names are kept as each document "
            "gives them, so some may refer to the same organisation; whether the accounts exclude each other is for "
            "the reader to judge."
        )
        subject = f"Who is responsible for, or involved in, {incidents[str(incident_id)]}"
        frames.append(
            _topic(f"responsibility:{incident_id}", "responsibility", subject, basis, group, "statement_id", assertion)
        )
    return _stack(frames)


def _claim_topics(names: pd.Series, tables: Tables) -> pd.DataFrame:
    claims = speakers(tables["actor_claims"], tables)
    content = claims["value"].str.casefold()
    content = content.where(claims["attribute"] != "role", claims["role"].astype("string"))
    content = content.where(claims["attribute"] != "affiliation", claims["related_actor_id"])
    claims = claims.assign(content=content)
    frames = []
    for (actor_id, attribute), group in claims.groupby(["actor_id", "attribute"], observed=True, sort=True):
        if group["content"].nunique() < 2:
            continue
        basis = (
            f"{group['content'].nunique()} different {attribute} claims, as worded. The dataset does not normalise "
            "their wording: read them side by side."
        )
        subject = f"The {attribute} of {names[str(actor_id)]}"
        frames.append(
            _topic(
                f"actor_claim:{actor_id}:{attribute}", "actor_claim", subject, basis, group, "claim_id", group["value"]
            )
        )
    return _stack(frames)


def _denial_topics(names: pd.Series, tables: Tables) -> pd.DataFrame:
    """Each denial relation: the denying statement beside what it denies (a statement, claim, figure or material)."""
    denials = relations(tables)
    denials = denials[denials["relation"] == "denies"]
    statements = speakers(tables["statements"], tables).set_index("statement_id")
    targets = {
        "statements": statements,
        "actor_claims": speakers(tables["actor_claims"], tables).set_index("claim_id"),
        "figures": speakers(tables["figures"], tables).set_index("figure_id"),
        "materials": speakers(tables["materials"], tables).set_index("material_id"),
    }
    frames = []
    for _, denial in denials.iterrows():
        denier = statements.loc[denial["from_statement_id"]]
        target = targets[str(denial["target_table"])].loc[denial["target_id"]]
        rows = pd.DataFrame(
            {
                "record_id": [denial["from_statement_id"], denial["target_id"]],
                "attribution": [denier["attribution"], target["attribution"]],
                "statement_id": [denial["from_statement_id"], target.get("statement_id", denial["target_id"])],
                "speaker": [denier["speaker"], target["speaker"]],
                "relay": [denier["relay"], target["relay"]],
                "note": [denier["note"], target["note"]],
            }
        )
        assertion = [f"denies: {denier['summary']}", f"denied ({denial['target_table']}): {denial['target']}"]
        basis = f"A denial ({denial['relation_id']}), beside what it denies."
        subject = f"What {denial['from_speaker']} denies"
        frames.append(_topic(f"denial:{denial['relation_id']}", "denial", subject, basis, rows, "record_id", assertion))
    return _stack(frames)


def contested(data: TableSource = None) -> pd.DataFrame:
    """Every disagreement its four rules find, one row per assertion, grouped by ``topic``.

    Four kinds of topic, found by fixed rules (see docs/analysis.md):

    - ``figure``: a quantity whose assertions' intervals do not overlap (``contested``), overlap only
      under an alternative reading (``contested_if_exact``: the injured at Crocus City Hall), or
      where one says the number is unclear beside one that gives it (the hostage-takers killed in
      Rostov); see ``estimates.RULE``. Every assertion about the quantity is listed, including those
      without a number.
    - ``responsibility``: an incident for which statements name more than one party as responsible
      or involved (a claim of responsibility, a confession, an attribution, an allegation).
    - ``actor_claim``: claims of one attribute of one actor that differ (origin, nationality,
      whereabouts as worded; role and affiliation by their normalised value).
    - ``denial``: a statement that denies something (a ``denies`` relation), beside what it denies.

    Columns: ``topic``, ``kind``, ``subject``, ``basis`` (why this topic is listed), ``record_id``,
    ``assertion`` (readable), ``value`` and ``qualifier`` (figures only), ``attribution``,
    ``statement_id``, ``speaker``, ``relay`` (names), ``source_id`` (documents), ``quote`` (the
    first evidence quote) and ``note``. Nothing is resolved: rows are listed, not ranked.

    What the rules do not compare is not thereby agreed: figures of different quantities, claims about
    different actors (even ones an actor link says may be the same), dates, places, detentions,
    treatment reports, materials, accounts of events other than who is responsible, and relations other
    than ``denies`` (docs/analysis.md).

    ``data`` is the package to read (see ``views.tables``): the installed one by default.
    """
    tables = tables_of(data)
    names = actor_labels(tables)
    finders = (_figure_topics, _responsibility_topics, _claim_topics, _denial_topics)
    parts = [find(names, tables) for find in finders]
    frame = pd.concat([p for p in parts if not p.empty], ignore_index=True)
    frame = frame.assign(
        source_id=frame["record_id"].map(sources_of(tables)),
        quote=frame["record_id"].map(first_quote(tables)),
    )
    dtypes = {c: "string" for c in CONTESTED_COLUMNS if c != "value"}
    return frame[CONTESTED_COLUMNS].astype({**dtypes, "value": "Int64"}).reset_index(drop=True)
