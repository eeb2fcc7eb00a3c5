"""Figures: every assertion beside the low / best / high its quantity gets by the estimate rule."""

from __future__ import annotations

import pandas as pd

import crocus_data
from crocus_data.views.estimates import Assertion, estimate
from crocus_data.views.labels import ATTRIBUTION_COLUMNS, QUANTITY, optional_int, sources_of, speakers


def _estimates(figures: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for key, group in figures.groupby(QUANTITY, dropna=False, observed=True, sort=False):
        assert isinstance(key, tuple)
        assertions = [
            Assertion(
                str(r["qualifier"]),
                optional_int(r["value"]),
                optional_int(r["value_low"]),
                optional_int(r["value_high"]),
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
    open or no number), ``best_basis`` and ``contested``. The rule is ``estimates.RULE``, also in
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
    evidence comes from) and, repeated on every assertion about the same quantity, ``n_assertions``,
    ``n_numeric``, ``low``, ``best``, ``high``, ``best_basis`` and ``contested``.

    The rule, in short: low is the smallest number given, high the largest (open when that number
    is an "at most" / "at least" figure); best is the number most assertions give, the lowest of
    them on a tie; vague, unquantified and unclear assertions give no number and none is derived
    from them. The full rule is ``estimates.RULE``.
    """
    figures = crocus_data.load("figures")
    incidents = crocus_data.load("incidents").set_index("incident_id")
    summary = speakers(figures).assign(
        incident=figures["incident_id"].map(incidents["name"]).astype("string"),
        source_id=figures["figure_id"].map(sources_of()).astype("string"),
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
        *ATTRIBUTION_COLUMNS,
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
