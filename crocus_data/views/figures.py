"""Figures: every assertion beside the interval and best value its quantity gets by the estimate rule."""

from __future__ import annotations

import pandas as pd

from crocus_data.views.estimates import Assertion, estimate
from crocus_data.views.labels import ATTRIBUTION_COLUMNS, QUANTITY, optional_int, optional_text, sources_of, speakers
from crocus_data.views.tables import Tables, TableSource, installed, tables_of

ESTIMATE_COLUMNS = [
    "n_assertions",
    "n_numeric",
    "n_voices",
    "low",
    "best",
    "high",
    "best_reason",
    "contested",
    "contested_if_exact",
    "in_custody",
    "derived",
]


def voices(figures: pd.DataFrame, tables: Tables) -> pd.Series:
    """Figure id -> who asserts it, as one voice: the speaker of its statement, or the document(s) it is read in.

    A speaker is the same voice in every document and whoever relays it; a document's own voice and the
    unattributed passives of a document are one voice per document (``source:src-004``,
    ``unattributed:src-004``). A statement or evidence the tables lack gives a voice of its own.
    """
    speaker_of = tables["statements"].set_index("statement_id")["speaker_actor_id"]
    speaker = figures["statement_id"].map(speaker_of)
    documents = figures["figure_id"].map(sources_of(tables))

    def one(figure_id: str, attribution: str, statement_id: str | None, actor: str | None, document: str | None) -> str:
        if attribution == "speaker":
            return f"actor:{actor}" if actor else f"statement:{statement_id}"
        return f"{attribution}:{document or figure_id}"

    keys = zip(
        figures["figure_id"].astype(str),
        figures["attribution"].astype(str),
        figures["statement_id"].map(optional_text),
        speaker.map(optional_text),
        documents.map(optional_text),
        strict=True,
    )
    return pd.Series([one(*key) for key in keys], index=figures["figure_id"], dtype=object)


def in_custody(figures: pd.DataFrame, tables: Tables) -> pd.Series:
    """Figure id -> whether it is asserted in a statement made in custody (``statements.made_in_custody``)."""
    custody = tables["statements"].set_index("statement_id")["made_in_custody"]
    made = figures["statement_id"].map(custody).fillna(False).astype(bool)
    return pd.Series(made.to_numpy(), index=figures["figure_id"], dtype=bool)


def assertions(figures: pd.DataFrame, tables: Tables) -> pd.Series:
    """Figure id -> its :class:`Assertion` (an unclear count's whole read from the figure it is out of), with
    its voice (:func:`voices`), whether it was made in custody and whether its value is derived."""
    values = figures.set_index("figure_id")["value"]
    voice, custody = voices(figures, tables), in_custody(figures, tables)

    def one(row: pd.Series) -> Assertion:
        whole = optional_text(row["out_of_figure_id"])
        return Assertion(
            str(row["qualifier"]),
            optional_int(row["value"]),
            optional_int(row["value_low"]),
            optional_int(row["value_high"]),
            alternative=optional_text(row["alternative_qualifier"]),
            total=optional_int(values.get(whole)) if whole else None,
            voice=voice[row["figure_id"]],
            in_custody=bool(custody[row["figure_id"]]),
            derived=bool(row["value_derived"]),
        )

    return pd.Series([one(row) for _, row in figures.iterrows()], index=figures["figure_id"], dtype=object)


def _estimates(figures: pd.DataFrame, tables: Tables) -> pd.DataFrame:
    by_figure = assertions(figures, tables)
    rows = []
    for key, group in figures.groupby(QUANTITY, dropna=False, observed=True, sort=False):
        assert isinstance(key, tuple)
        result = estimate(list(by_figure[group["figure_id"]]))
        rows.append(
            {
                **dict(zip(QUANTITY, key, strict=True)),
                "n_assertions": result.n_assertions,
                "n_numeric": result.n_numeric,
                "n_voices": result.n_voices,
                "low": result.low,
                "best": result.best,
                "high": result.high,
                "best_reason": result.best_reason.value,
                "contested": result.contested,
                "contested_if_exact": result.contested_if_exact,
                "in_custody": result.in_custody,
                "derived": result.derived,
            }
        )
    frame = pd.DataFrame(rows, columns=[*QUANTITY, *ESTIMATE_COLUMNS])
    counts = {"n_assertions": "Int64", "n_numeric": "Int64", "n_voices": "Int64"}
    numbers = {"low": "Int64", "best": "Int64", "high": "Int64"}
    flags = {c: "boolean" for c in ["contested", "contested_if_exact", "in_custody", "derived"]}
    frame = frame.astype({**counts, **numbers, "best_reason": "string", **flags})
    return frame.astype({c: figures[c].dtype for c in QUANTITY})


def figure_estimates(data: TableSource | pd.DataFrame = None) -> pd.DataFrame:
    """One row per quantity (incident, measure, unit, counted group) with the derived low / best / high.

    Columns: ``incident_id``, ``measure``, ``unit``, ``actor_id``, ``n_assertions``, ``n_numeric``
    (assertions that give a number), ``n_voices`` (distinct voices among the assertions the rule reads:
    1 means everything low, best and high rest on comes from one speaker or one document), ``low`` and
    ``high`` (nullable ``Int64``: every value some assertion allows lies between them; empty means
    open, or no number at all), ``best`` (empty unless the assertions single one value out),
    ``best_reason`` (why best is what it is), ``contested`` (the assertions' intervals do not overlap),
    ``contested_if_exact`` (they overlap only under a figure's alternative reading), ``in_custody``
    (some assertion the rule reads was made in a statement made in custody) and ``derived`` (some value
    it reads is derived from words, not written: ``value_derived``). The rule is ``estimates.RULE``,
    also in docs/analysis.md.

    ``data`` is the package to read (see ``views.tables``): the installed one by default. A figures
    frame alone, as before 0.3.0, is read with the installed package's statements and evidence.
    """
    if isinstance(data, pd.DataFrame):
        figures, shipped = data, installed()

        def read(name: str) -> pd.DataFrame:
            return figures if name == "figures" else shipped[name]

        data = Tables(list(shipped), read, shipped.text, shipped.where)
    tables = tables_of(data)
    return (
        _estimates(tables["figures"], tables)
        .sort_values(["incident_id", "measure", "actor_id"], na_position="first", kind="stable")
        .reset_index(drop=True)
    )


def figures_summary(data: TableSource = None) -> pd.DataFrame:
    """Every figure assertion, with who made it and where, beside its quantity's low / best / high.

    One row per row of ``figures``, sorted by incident and measure. Besides the figure's own columns
    it has ``incident`` (the incident's name), ``speaker_actor_id``, ``speaker``, ``relay_actor_id``
    and ``relay`` (ids and names, for figures made in a statement), ``source_id`` (the documents its
    evidence comes from), ``allows_low`` and ``allows_high`` (the values this assertion allows under
    the rule, open ends empty; both empty for vague and unquantified ones, which allow any value) and,
    repeated on every assertion about the same quantity, ``n_assertions``, ``n_numeric``, ``n_voices``,
    ``low``, ``best``, ``high``, ``best_reason``, ``contested``, ``contested_if_exact``, ``in_custody``
    and ``derived`` (see :func:`figure_estimates`).

    The rule, in short: each assertion allows an interval by its qualifier (and its alternative
    reading, if any); low and high bound them all; best is set only when every number given is the
    same exact number, none is called unclear and not all were made in custody. The full rule is ``estimates.RULE``.
    ``data`` is the package to read (see ``views.tables``): the installed one by default.
    """
    tables = tables_of(data)
    figures = tables["figures"]
    incidents = tables["incidents"].set_index("incident_id")
    intervals = assertions(figures, tables).map(lambda a: a.interval)
    summary = speakers(figures, tables).assign(
        incident=figures["incident_id"].map(incidents["name"]).astype("string"),
        source_id=figures["figure_id"].map(sources_of(tables)).astype("string"),
        allows_low=figures["figure_id"].map(intervals.map(lambda i: None if i is None else i.low)).astype("Int64"),
        allows_high=figures["figure_id"].map(intervals.map(lambda i: None if i is None else i.high)).astype("Int64"),
    )
    merged = summary.merge(_estimates(figures, tables), on=QUANTITY, how="left", validate="many_to_one")
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
