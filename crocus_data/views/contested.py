"""Contested: every place where assertions disagree, side by side, with their attribution."""

from __future__ import annotations

from typing import Any

import pandas as pd

import crocus_data
from crocus_data.views.figures import figures_summary
from crocus_data.views.labels import actor_labels, first_quote, quantity_key, sources_of, speakers

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


def _figure_topics(names: pd.Series) -> pd.DataFrame:
    summary = figures_summary()
    disputed = summary[summary["contested"].fillna(False).astype(bool)]
    incidents = crocus_data.load("incidents").set_index("incident_id")["name"]

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
        return f"{row['wording']} [{row['qualifier']}: {number}]"

    if disputed.empty:
        return pd.DataFrame(columns=CONTESTED_COLUMNS)
    return pd.DataFrame(
        {
            "topic": disputed.apply(lambda r: "figure:" + ":".join(k for k in quantity_key(r) if k), axis=1),
            "kind": "figure",
            "subject": disputed.apply(subject, axis=1),
            "basis": disputed.apply(
                lambda r: (
                    f"The assertions give different numbers (low {r['low']}, high "
                    f"{'open' if pd.isna(r['high']) else r['high']}); best by the documented rule: "
                    f"{'none' if pd.isna(r['best']) else r['best']} ({r['best_basis']})."
                    if r["n_numeric"] > 1
                    else "One assertion gives a number and another says the number is unclear."
                ),
                axis=1,
            ),
            "record_id": disputed["figure_id"],
            "assertion": disputed.apply(assertion, axis=1),
            "value": disputed["value"],
            "qualifier": disputed["qualifier"].astype("string"),
            "attribution": disputed["attribution"].astype("string"),
            "statement_id": disputed["statement_id"],
            "speaker": disputed["speaker"],
            "relay": disputed["relay"],
            "source_id": disputed["source_id"],
            "note": disputed["note"],
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


def _responsibility_topics(names: pd.Series) -> pd.DataFrame:
    statements = speakers(crocus_data.load("statements"))
    incidents = crocus_data.load("incidents").set_index("incident_id")["name"]
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


def _claim_topics(names: pd.Series) -> pd.DataFrame:
    claims = speakers(crocus_data.load("actor_claims"))
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


def _denial_topics(names: pd.Series) -> pd.DataFrame:
    statements = speakers(crocus_data.load("statements"))
    frames = []
    for _, denial in statements[statements["kind"] == "denial"].iterrows():
        same_target = statements["target_actor_id"] == denial["target_actor_id"]
        others = statements[same_target & (statements["statement_id"] != denial["statement_id"])]
        group = pd.concat([denial.to_frame().T, others]).astype(statements.dtypes.to_dict())
        assertion = group.apply(lambda r: f"{r['kind']}: {r['summary']}", axis=1)
        basis = "A denial, beside the other statements about the same target."
        subject = f"About {names[denial['target_actor_id']]}"
        frames.append(
            _topic(f"denial:{denial['statement_id']}", "denial", subject, basis, group, "statement_id", assertion)
        )
    return _stack(frames)


def contested() -> pd.DataFrame:
    """Every place where assertions disagree, one row per assertion, grouped by ``topic``.

    Four kinds of topic, found by fixed rules (see docs/analysis.md):

    - ``figure``: a quantity whose assertions give different numbers, or a number beside an
      "unclear" (the injured at Crocus City Hall; the hostage-takers killed in Rostov). Every
      assertion about the quantity is listed, including those without a number.
    - ``responsibility``: an incident for which statements name more than one party as responsible
      or involved (a claim of responsibility, a confession, an attribution, an allegation).
    - ``actor_claim``: claims of one attribute of one actor that differ (origin, nationality,
      whereabouts as worded; role and affiliation by their normalised value).
    - ``denial``: a denial beside the other statements about the same target.

    Columns: ``topic``, ``kind``, ``subject``, ``basis`` (why this topic is listed), ``record_id``,
    ``assertion`` (readable), ``value`` and ``qualifier`` (figures only), ``attribution``,
    ``statement_id``, ``speaker``, ``relay`` (names), ``source_id`` (documents), ``quote`` (the
    first evidence quote) and ``note``. Nothing is resolved: rows are listed, not ranked.
    """
    names = actor_labels()
    parts = [_figure_topics(names), _responsibility_topics(names), _claim_topics(names), _denial_topics(names)]
    frame = pd.concat([p for p in parts if not p.empty], ignore_index=True)
    frame = frame.assign(
        source_id=frame["record_id"].map(sources_of()),
        quote=frame["record_id"].map(first_quote()),
    )
    dtypes = {c: "string" for c in CONTESTED_COLUMNS if c != "value"}
    return frame[CONTESTED_COLUMNS].astype({**dtypes, "value": "Int64"}).reset_index(drop=True)
