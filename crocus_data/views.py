"""Analysis views: the questions users ask most, each answered as one pandas DataFrame.

Import it explicitly (``from crocus_data import views``); ``import crocus_data`` alone does not load
pandas. Every view is built only from ``crocus_data.load(...)``, so it works from the installed wheel.

- :func:`figures_summary` — every figure assertion, beside the low / best / high derived for its
  quantity (:func:`figure_estimates` gives one row per quantity; :func:`estimate` is the rule).
- :func:`contested` — every place where assertions disagree, side by side, with their attribution.
- :func:`provenance` — the evidence, source, speaker and relay behind any record, in one call.
- :func:`timeline` — incidents, statements and detentions with their date bounds.

The low / best / high rule
--------------------------
A *quantity* is one measure of one incident, in one unit, of one counted group (``incident_id``,
``measure``, ``unit``, ``actor_id``; an empty ``actor_id`` is a group of its own). Each assertion
about it gives numbers according to its qualifier: ``bare``, ``approximately``, ``at_least`` and
``at_most`` give ``value``; ``range`` gives ``value_low`` and ``value_high`` (and ``value`` if the
text has one); ``vague``, ``unquantified`` and ``unclear`` give no number, and none is made up.

- **low** is the smallest number any assertion gives. It is left empty (open) when that smallest
  number is an "at most" figure, because such an assertion sets no floor.
- **high** is the largest number any assertion gives. It is left empty (open) when that largest
  number is an "at least" figure, because such an assertion sets no ceiling.
- **best** is the number given by the most assertions (a range counts only if it has a ``value``).
  When several numbers are given equally often, best is the lowest of them: the dataset does not
  rank its sources, so it makes the conservative choice rather than averaging (an average would be a
  number no source gave). ``best_basis`` says which case applied (``single``, ``unanimous``,
  ``most_asserted``, ``lowest_of_tied``, or ``none`` when no assertion gives a number).
- A quantity is **contested** when its assertions give different numbers, or when one says the
  number is unclear while another gives one. Vague and unquantified assertions ("a handful", "the
  hostage-takers were killed") give no number to disagree with and do not by themselves contest one.

Best is a convenience derived by this rule, never an encoded value and never a finding: read it
beside the assertions, their qualifiers and their notes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

import crocus_data

BestBasis = Literal["single", "unanimous", "most_asserted", "lowest_of_tied", "none"]
QUANTITY = ["incident_id", "measure", "unit", "actor_id"]
RESPONSIBILITY_KINDS = {
    "claim_of_responsibility": "claims responsibility",
    "confession": "confesses",
    "attribution_of_responsibility": "names as responsible",
    "allegation_of_involvement": "alleges the involvement of",
}
# Who speaks in a statement with no speaker, by its attribution.
VOICE = {"source": "(the document's own voice)", "unattributed": "(unattributed)", "speaker": "(speaker not given)"}
# Kinds in which the speaker names itself as the responsible party; in the others it names the target.
SELF_NAMING_KINDS = {"claim_of_responsibility", "confession"}


# --- the rule ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Assertion:
    """The numeric content of one figure row."""

    qualifier: str
    value: int | None = None
    value_low: int | None = None
    value_high: int | None = None

    @property
    def numbers(self) -> tuple[int, ...]:
        """The numbers this assertion gives (none for vague, unquantified and unclear ones)."""
        if self.qualifier == "range":
            return tuple(n for n in (self.value_low, self.value, self.value_high) if n is not None)
        return () if self.value is None else (self.value,)


@dataclass(frozen=True)
class Estimate:
    """The low / best / high derived for one quantity, and how."""

    low: int | None
    best: int | None
    high: int | None
    best_basis: BestBasis
    n_assertions: int
    n_numeric: int
    contested: bool


def estimate(assertions: Sequence[Assertion]) -> Estimate:
    """Derive low / best / high from the assertions about one quantity (see the module docstring).

    >>> estimate([Assertion("approximately", 550), Assertion("bare", 360)])
    Estimate(low=360, best=360, high=550, best_basis='lowest_of_tied', n_assertions=2, n_numeric=2, contested=True)
    >>> estimate([Assertion("at_least", 144), Assertion("at_least", 144)]).high is None
    True
    """
    numeric = [a for a in assertions if a.numbers]
    all_numbers = [n for a in numeric for n in a.numbers]
    low = min(all_numbers, default=None)
    high = max(all_numbers, default=None)
    if low is not None and any(a.qualifier == "at_most" and a.value == low for a in numeric):
        low = None
    if high is not None and any(a.qualifier == "at_least" and a.value == high for a in numeric):
        high = None
    points = Counter(a.value for a in numeric if a.value is not None)
    best: int | None = None
    basis: BestBasis = "none"
    if points:
        top = max(points.values())
        tied = sorted(n for n, count in points.items() if count == top)
        best = tied[0]
        if len(tied) > 1:
            basis = "lowest_of_tied"
        elif len(points) > 1:
            basis = "most_asserted"
        else:
            basis = "single" if top == 1 else "unanimous"
    distinct = {(a.value_low, a.value, a.value_high) if a.qualifier == "range" else a.value for a in numeric}
    unclear = any(a.qualifier == "unclear" for a in assertions)
    return Estimate(
        low=low,
        best=best,
        high=high,
        best_basis=basis,
        n_assertions=len(assertions),
        n_numeric=len(numeric),
        contested=len(distinct) > 1 or (unclear and bool(numeric)),
    )


# --- shared helpers ------------------------------------------------------------------------------


def _optional_int(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(str(value))


def _text(value: Any) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


def _names() -> pd.Series:
    """Actor id -> how to call it: its name, or for unnamed actors their description."""
    actors = crocus_data.load("actors").set_index("actor_id")
    return actors["name"].fillna(actors["description"])


def actor_labels() -> pd.Series:
    """Actor id -> a short label for readable text: its name, or for an unnamed actor its id in words.

    ``act-russian-prison-service`` (unnamed) becomes "russian prison service"; named actors keep the
    name as the documents write it. The ``speaker`` and ``relay`` columns of the views use the fuller
    form (the name, or the description of an unnamed actor).
    """
    actors = crocus_data.load("actors").set_index("actor_id")
    words = actors.index.to_series().str.removeprefix("act-").str.replace("-", " ")
    return actors["name"].fillna(words)


def _sources_of() -> pd.Series:
    """Record id -> the ids of the documents its evidence comes from, comma-separated."""
    evidence = crocus_data.load("evidence")
    return evidence.groupby("record_id")["source_id"].agg(lambda ids: ", ".join(sorted(set(ids))))


def _first_quote() -> pd.Series:
    evidence = crocus_data.load("evidence")
    return evidence.groupby("record_id")["quote"].first()


def _quantity_key(row: pd.Series) -> tuple[str, ...]:
    return tuple("" if pd.isna(row[c]) else str(row[c]) for c in QUANTITY)


def _speakers(frame: pd.DataFrame) -> pd.DataFrame:
    """Add speaker/relay ids and names to rows that carry a ``statement_id``."""
    statements = crocus_data.load("statements").set_index("statement_id")
    names = _names()
    speaker_id = frame["statement_id"].map(statements["speaker_actor_id"]).astype("string")
    relay_id = frame["statement_id"].map(statements["relay_actor_id"]).astype("string")
    return frame.assign(
        speaker_actor_id=speaker_id,
        speaker=speaker_id.map(names).astype("string"),
        relay_actor_id=relay_id,
        relay=relay_id.map(names).astype("string"),
    )


# --- figures -------------------------------------------------------------------------------------


def _estimates(figures: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for key, group in figures.groupby(QUANTITY, dropna=False, observed=True, sort=False):
        assert isinstance(key, tuple)
        assertions = [
            Assertion(
                str(r["qualifier"]),
                _optional_int(r["value"]),
                _optional_int(r["value_low"]),
                _optional_int(r["value_high"]),
            )
            for _, r in group.iterrows()
        ]
        result = estimate(assertions)
        rows.append(
            {
                **dict(zip(QUANTITY, key, strict=True)),
                "n_assertions": result.n_assertions,
                "n_numeric": result.n_numeric,
                "low": result.low,
                "best": result.best,
                "high": result.high,
                "best_basis": result.best_basis,
                "contested": result.contested,
            }
        )
    frame = pd.DataFrame(rows)
    dtypes = {"n_assertions": "Int64", "n_numeric": "Int64", "low": "Int64", "best": "Int64", "high": "Int64"}
    frame = frame.astype({**dtypes, "best_basis": "string", "contested": "boolean"})
    frame = frame.astype({c: figures[c].dtype for c in QUANTITY})
    return frame


def figure_estimates(figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per quantity (incident, measure, unit, counted group) with the derived low / best / high.

    Columns: ``incident_id``, ``measure``, ``unit``, ``actor_id``, ``n_assertions``, ``n_numeric``
    (assertions that give a number), ``low``, ``best``, ``high`` (nullable ``Int64``; empty means
    open or no number), ``best_basis`` and ``contested``. The rule is in this module's docstring and
    in docs/analysis.md. ``figures`` defaults to the shipped table.
    """
    figures = crocus_data.load("figures") if figures is None else figures
    return (
        _estimates(figures)
        .sort_values(["incident_id", "measure", "actor_id"], na_position="first", kind="stable")
        .reset_index(drop=True)
    )


def figures_summary() -> pd.DataFrame:
    """Every figure assertion, with who made it and where, beside its quantity's low / best / high.

    One row per row of ``figures``, sorted by incident and measure. Besides the figure's own columns
    it has ``incident`` (the incident's name), ``speaker_actor_id``, ``speaker``, ``relay_actor_id``
    and ``relay`` (ids and names, for figures made in a statement), ``source_id`` (the documents its
    evidence comes from) and, repeated on every assertion about the same quantity, ``n_assertions``,
    ``n_numeric``, ``low``, ``best``, ``high``, ``best_basis`` and ``contested``.

    The rule, in short: low is the smallest number given, high the largest (open when that number
    is an "at most" / "at least" figure); best is the number most assertions give, the lowest of
    them on a tie; vague, unquantified and unclear assertions give no number and none is derived
    from them. See the module docstring for the full rule.
    """
    figures = crocus_data.load("figures")
    incidents = crocus_data.load("incidents").set_index("incident_id")
    summary = _speakers(figures).assign(
        incident=figures["incident_id"].map(incidents["name"]).astype("string"),
        source_id=figures["figure_id"].map(_sources_of()).astype("string"),
    )
    merged = summary.merge(_estimates(figures), on=QUANTITY, how="left", validate="many_to_one")
    columns = [
        "incident_id",
        "incident",
        "measure",
        "unit",
        "actor_id",
        "figure_id",
        "value",
        "value_low",
        "value_high",
        "qualifier",
        "wording",
        "attribution",
        "statement_id",
        "speaker_actor_id",
        "speaker",
        "relay_actor_id",
        "relay",
        "source_id",
        "note",
        "n_assertions",
        "n_numeric",
        "low",
        "best",
        "high",
        "best_basis",
        "contested",
    ]
    return merged[columns].sort_values(["incident_id", "measure"], kind="stable").reset_index(drop=True)


# --- contested -----------------------------------------------------------------------------------

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
            "topic": disputed.apply(lambda r: "figure:" + ":".join(k for k in _quantity_key(r) if k), axis=1),
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
    statements = _speakers(crocus_data.load("statements"))
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
    claims = _speakers(crocus_data.load("actor_claims"))
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
    statements = _speakers(crocus_data.load("statements"))
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
        source_id=frame["record_id"].map(_sources_of()),
        quote=frame["record_id"].map(_first_quote()),
    )
    dtypes = {c: "string" for c in CONTESTED_COLUMNS if c != "value"}
    return frame[CONTESTED_COLUMNS].astype({**dtypes, "value": "Int64"}).reset_index(drop=True)


# --- provenance ----------------------------------------------------------------------------------


def _find_record(record_id: str) -> tuple[str, pd.Series]:
    from crocus_data.models import MODEL_BY_TABLE
    from crocus_data.models.keys import PREFIXES

    prefix = record_id.split("-", 1)[0]
    for table, table_prefix in PREFIXES.items():
        if table_prefix == prefix and table != "evidence":
            frame = crocus_data.load(table)
            rows = frame[frame[MODEL_BY_TABLE[table].primary_key] == record_id]
            if len(rows) == 1:
                return table, rows.iloc[0]
    raise KeyError(f"no record {record_id!r} in any table (evidence rows are not records; give the row they support)")


def provenance(record_id: str) -> pd.DataFrame:
    """Where a record comes from: its evidence quotes, their source, and who said it through whom.

    One row per evidence span: ``evidence_for`` is the record itself, or, for a record made in a
    statement, that statement (whose spans name the speaker and the relay). Columns: ``record_id``,
    ``table``, ``evidence_for``, ``evidence_id``, ``source_id``, ``start``, ``end``, ``quote``,
    ``verified`` (the quote stands at those offsets of the shipped text), ``source_title``,
    ``source_published_earliest`` / ``_latest``, and — for statements and for rows that carry an
    attribution — ``attribution``, ``statement_id``, ``speaker_actor_id``, ``speaker``,
    ``relay_actor_id``, ``relay`` (empty for the document's own voice).

    Raises ``KeyError`` for an id that is no row of any table.
    """
    table, record = _find_record(record_id)
    statement_id: str | None = None
    attribution: str | None = None
    if table == "statements":
        statement_id, attribution = record_id, str(record["attribution"])
    elif "attribution" in record.index:
        statement_id, attribution = _text(record["statement_id"]), str(record["attribution"])
    evidence = crocus_data.load("evidence")
    supported = [record_id] + ([statement_id] if statement_id and statement_id != record_id else [])
    spans = evidence[evidence["record_id"].isin(supported)].rename(columns={"record_id": "evidence_for"})
    spans = spans.sort_values("evidence_for", key=lambda s: s.map(supported.index), kind="stable")
    sources = crocus_data.load("sources").set_index("source_id")
    texts = {source_id: crocus_data.source_text(source_id) for source_id in set(spans["source_id"])}
    names = _names()
    speaker_id: str | None = None
    relay_id: str | None = None
    if statement_id:
        statement = crocus_data.load("statements").set_index("statement_id").loc[statement_id]
        speaker_id, relay_id = _text(statement["speaker_actor_id"]), _text(statement["relay_actor_id"])
    frame = spans.assign(
        record_id=record_id,
        table=table,
        verified=[
            texts[s][a:b] == q
            for s, a, b, q in zip(spans["source_id"], spans["start"], spans["end"], spans["quote"], strict=True)
        ],
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
        "attribution",
        "statement_id",
        "speaker_actor_id",
        "speaker",
        "relay_actor_id",
        "relay",
    ]
    text_columns = ["record_id", "table", "attribution", "statement_id", "speaker_actor_id", "speaker"]
    text_columns += ["relay_actor_id", "relay", "evidence_for"]
    return (
        frame[columns].astype({**dict.fromkeys(text_columns, "string"), "verified": "boolean"}).reset_index(drop=True)
    )


# --- timeline ------------------------------------------------------------------------------------

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


__all__ = [
    "Assertion",
    "Estimate",
    "actor_labels",
    "contested",
    "estimate",
    "figure_estimates",
    "figures_summary",
    "provenance",
    "timeline",
]
