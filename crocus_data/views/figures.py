"""Figures: every assertion beside the interval and best value its quantity gets by the estimate rule."""

from __future__ import annotations

import pandas as pd

import crocus_data
from crocus_data.views.estimates import Assertion, estimate
from crocus_data.views.labels import ATTRIBUTION_COLUMNS, QUANTITY, optional_int, optional_text, sources_of, speakers

ESTIMATE_COLUMNS = [
    "n_assertions",
    "n_numeric",
    "low",
    "best",
    "high",
    "best_reason",
    "contested",
    "contested_if_exact",
]


def assertions(figures: pd.DataFrame) -> pd.Series:
    """Figure id -> its :class:`Assertion` (an unclear count's whole read from the figure it is out of)."""
    values = figures.set_index("figure_id")["value"]

    def one(row: pd.Series) -> Assertion:
        whole = optional_text(row["out_of_figure_id"])
        return Assertion(
            str(row["qualifier"]),
            optional_int(row["value"]),
            optional_int(row["value_low"]),
            optional_int(row["value_high"]),
            alternative=optional_text(row["alternative_qualifier"]),
            total=optional_int(values.get(whole)) if whole else None,
        )

    return pd.Series([one(row) for _, row in figures.iterrows()], index=figures["figure_id"], dtype=object)


def _estimates(figures: pd.DataFrame) -> pd.DataFrame:
    by_figure = assertions(figures)
    rows = []
    for key, group in figures.groupby(QUANTITY, dropna=False, observed=True, sort=False):
        assert isinstance(key, tuple)
        result = estimate(list(by_figure[group["figure_id"]]))
        rows.append(
            {
                **dict(zip(QUANTITY, key, strict=True)),
                "n_assertions": result.n_assertions,
                "n_numeric": result.n_numeric,
                "low": result.low,
                "best": result.best,
                "high": result.high,
                "best_reason": result.best_reason.value,
                "contested": result.contested,
                "contested_if_exact": result.contested_if_exact,
            }
        )
    frame = pd.DataFrame(rows, columns=[*QUANTITY, *ESTIMATE_COLUMNS])
    dtypes = {"n_assertions": "Int64", "n_numeric": "Int64", "low": "Int64", "best": "Int64", "high": "Int64"}
    frame = frame.astype({**dtypes, "best_reason": "string", "contested": "boolean", "contested_if_exact": "boolean"})
    return frame.astype({c: figures[c].dtype for c in QUANTITY})


def figure_estimates(figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per quantity (incident, measure, unit, counted group) with the derived low / best / high.

    Columns: ``incident_id``, ``measure``, ``unit``, ``actor_id``, ``n_assertions``, ``n_numeric``
    (assertions that give a number), ``low`` and ``high`` (nullable ``Int64``: every value some
    assertion allows lies between them; empty means open, or no number at all), ``best`` (empty
    unless the assertions single one value out), ``best_reason`` (why best is what it is),
    ``contested`` (the assertions' intervals do not overlap) and ``contested_if_exact`` (they overlap
    only under a figure's alternative reading). The rule is ``estimates.RULE``, also in
    docs/analysis.md. ``figures`` defaults to the shipped table.
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
    evidence comes from), ``allows_low`` and ``allows_high`` (the values this assertion allows under
    the rule, open ends empty; both empty for vague and unquantified ones, which allow any value) and,
    repeated on every assertion about the same quantity, ``n_assertions``, ``n_numeric``, ``low``,
    ``best``, ``high``, ``best_reason``, ``contested`` and ``contested_if_exact``.

    The rule, in short: each assertion allows an interval by its qualifier (and its alternative
    reading, if any); low and high bound them all; best is set only when every number given is the
    same exact number and none is called unclear. The full rule is ``estimates.RULE``.
    """
    figures = crocus_data.load("figures")
    incidents = crocus_data.load("incidents").set_index("incident_id")
    intervals = assertions(figures).map(lambda a: a.interval)
    summary = speakers(figures).assign(
        incident=figures["incident_id"].map(incidents["name"]).astype("string"),
        source_id=figures["figure_id"].map(sources_of()).astype("string"),
        allows_low=figures["figure_id"].map(intervals.map(lambda i: None if i is None else i.low)).astype("Int64"),
        allows_high=figures["figure_id"].map(intervals.map(lambda i: None if i is None else i.high)).astype("Int64"),
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
        "value_derived",
        "qualifier",
        "alternative_qualifier",
        "out_of_figure_id",
        "wording",
        *ATTRIBUTION_COLUMNS,
        "source_id",
        "note",
        "allows_low",
        "allows_high",
        *ESTIMATE_COLUMNS,
    ]
    return merged[columns].sort_values(["incident_id", "measure"], kind="stable").reset_index(drop=True)
