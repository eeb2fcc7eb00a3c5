"""The analysis views, on the rule's own cases and on the shipped data (read independently of the views)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import crocus_data
from crocus_data import views
from crocus_data.models import MODEL_BY_TABLE
from crocus_data.views import Assertion, Estimate, estimate

CROCUS = "inc-crocus-city-hall-attack"
ROSTOV = "inc-rostov-hostage-taking"
WITHOUT_NUMBER = {"vague", "unquantified", "unclear"}


@pytest.fixture(scope="module")
def figures() -> pd.DataFrame:
    return crocus_data.load("figures")


@pytest.fixture(scope="module")
def summary() -> pd.DataFrame:
    return views.figures_summary()


@pytest.fixture(scope="module")
def estimates() -> pd.DataFrame:
    return views.figure_estimates()


@pytest.fixture(scope="module")
def disputes() -> pd.DataFrame:
    return views.contested()


def quantity(estimates: pd.DataFrame, incident: str, measure: str, actor: str | None = None) -> pd.Series:
    """The estimate of one quantity (an empty actor_id when ``actor`` is None)."""
    counted = estimates["actor_id"].isna() if actor is None else estimates["actor_id"] == actor
    rows = estimates[(estimates["incident_id"] == incident) & (estimates["measure"] == measure) & counted]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def assertion(row: pd.Series) -> Assertion:
    def number(value: object) -> int | None:
        return None if pd.isna(value) else int(value)  # type: ignore[call-overload]

    return Assertion(str(row["qualifier"]), number(row["value"]), number(row["value_low"]), number(row["value_high"]))


def rule_over(figures: pd.DataFrame, *figure_ids: str, incident: str = "", measure: str = "") -> Estimate:
    """The rule applied to the named figures, or to every figure of a quantity read from the table."""
    if figure_ids:
        rows = figures.set_index("figure_id").loc[list(figure_ids)]
    else:
        rows = figures[(figures["incident_id"] == incident) & (figures["measure"] == measure)]
        rows = rows[rows["actor_id"].isna()]
    return estimate([assertion(row) for _, row in rows.iterrows()])


def as_estimate(row: pd.Series) -> Estimate:
    def number(value: object) -> int | None:
        return None if pd.isna(value) else int(value)  # type: ignore[call-overload]

    return Estimate(
        number(row["low"]),
        number(row["best"]),
        number(row["high"]),
        row["best_basis"],
        int(row["n_assertions"]),
        int(row["n_numeric"]),
        bool(row["contested"]),
    )


# --- the low / best / high rule, case by case ----------------------------------------------------


def test_one_number_is_low_best_and_high() -> None:
    result = estimate([Assertion("bare", 4)])
    assert (result.low, result.best, result.high, result.best_basis) == (4, 4, 4, "single")
    assert not result.contested


def test_at_least_as_the_largest_number_leaves_high_open() -> None:
    result = estimate([Assertion("at_least", 144), Assertion("at_least", 144)])
    assert (result.low, result.best, result.high, result.best_basis) == (144, 144, None, "unanimous")
    assert not result.contested


def test_at_least_below_another_number_does_not_open_high() -> None:
    result = estimate([Assertion("at_least", 144), Assertion("bare", 150)])
    assert (result.low, result.high) == (144, 150)


def test_at_most_as_the_smallest_number_leaves_low_open() -> None:
    result = estimate([Assertion("at_most", 10), Assertion("bare", 12)])
    assert (result.low, result.high) == (None, 12)


def test_a_tie_takes_the_lowest_number() -> None:
    result = estimate([Assertion("approximately", 550), Assertion("bare", 360)])
    assert (result.low, result.best, result.high, result.best_basis) == (360, 360, 550, "lowest_of_tied")
    assert result.contested


def test_the_number_most_assertions_give_wins_even_when_higher() -> None:
    result = estimate([Assertion("bare", 5), Assertion("bare", 7), Assertion("approximately", 7)])
    assert (result.low, result.best, result.high, result.best_basis) == (5, 7, 7, "most_asserted")


def test_a_range_without_a_value_gives_bounds_but_no_best() -> None:
    result = estimate([Assertion("range", None, 10, 20)])
    assert (result.low, result.best, result.high, result.best_basis) == (10, None, 20, "none")


@pytest.mark.parametrize("qualifier", sorted(WITHOUT_NUMBER))
def test_assertions_without_a_number_give_none(qualifier: str) -> None:
    result = estimate([Assertion(qualifier), Assertion(qualifier)])
    assert (result.low, result.best, result.high, result.best_basis) == (None, None, None, "none")
    assert result.n_numeric == 0 and not result.contested


def test_unclear_beside_a_number_contests_it_but_vague_and_unquantified_do_not() -> None:
    assert estimate([Assertion("bare", 6), Assertion("unclear")]).contested
    assert not estimate([Assertion("bare", 6), Assertion("unquantified")]).contested
    assert not estimate([Assertion("bare", 4), Assertion("vague")]).contested


# --- figures on the shipped data -----------------------------------------------------------------


def test_summary_has_every_figure_once_with_its_own_columns(figures: pd.DataFrame, summary: pd.DataFrame) -> None:
    assert sorted(summary["figure_id"]) == sorted(figures["figure_id"])
    merged = summary.set_index("figure_id").loc[figures["figure_id"]]
    for column in ["incident_id", "measure", "value", "qualifier", "wording", "attribution", "statement_id"]:
        assert (
            merged[column].astype("string").fillna("").tolist() == figures[column].astype("string").fillna("").tolist()
        ), column


# Each documented case is checked twice: the rule on the shipped records the docs name gives what the docs
# say, and the view gives the rule over every assertion of the quantity, which a new source may extend.


def test_killed_both_sources_at_least_144(
    figures: pd.DataFrame, estimates: pd.DataFrame, summary: pd.DataFrame
) -> None:
    both = rule_over(figures, "fig-crocus-killed-000", "fig-crocus-killed-004")
    assert (both.low, both.best, both.high, both.best_basis, both.contested) == (144, 144, None, "unanimous", False)
    killed = quantity(estimates, CROCUS, "killed")
    assert as_estimate(killed) == rule_over(figures, incident=CROCUS, measure="killed")
    assert killed["low"] <= 144
    rows = summary[(summary["incident_id"] == CROCUS) & (summary["measure"] == "killed")]
    assert {"src-000", "src-004"} <= set(rows["source_id"])


def test_injured_around_550_against_360(figures: pd.DataFrame, estimates: pd.DataFrame, summary: pd.DataFrame) -> None:
    both = rule_over(figures, "fig-crocus-injured-000", "fig-crocus-injured-004")
    assert (both.low, both.best, both.high, both.best_basis, both.contested) == (360, 360, 550, "lowest_of_tied", True)
    injured = quantity(estimates, CROCUS, "injured")
    assert as_estimate(injured) == rule_over(figures, incident=CROCUS, measure="injured") and injured["contested"]
    rows = summary.set_index("figure_id")
    assert (
        rows.loc["fig-crocus-injured-000", "value"] == 550
        and rows.loc["fig-crocus-injured-000", "source_id"] == "src-000"
    )
    assert rows.loc["fig-crocus-injured-000", "qualifier"] == "approximately"
    assert (
        rows.loc["fig-crocus-injured-004", "value"] == 360
        and rows.loc["fig-crocus-injured-004", "source_id"] == "src-004"
    )
    assert rows.loc["fig-crocus-injured-004", "qualifier"] == "bare"


ROSTOV_ACCOUNTS = {  # figure id -> qualifier: six shot dead (media), killed (prison service), unclear (src-004)
    "fig-rostov-hostage-takers-killed-media": "bare",
    "fig-rostov-hostage-takers-killed-prison-service": "unquantified",
    "fig-rostov-hostage-takers-killed-004": "unclear",
}


def test_rostov_hostage_takers_killed_three_accounts(
    figures: pd.DataFrame, estimates: pd.DataFrame, summary: pd.DataFrame
) -> None:
    three = rule_over(figures, *ROSTOV_ACCOUNTS)
    assert (three.low, three.best, three.high, three.n_assertions, three.n_numeric, three.contested) == (
        6, 6, 6, 3, 1, True
    )  # fmt: skip
    killed = quantity(estimates, ROSTOV, "hostage_takers_killed", "act-rostov-hostage-takers")
    assert killed["contested"] and killed["n_assertions"] >= 3
    rows = summary.set_index("figure_id").loc[list(ROSTOV_ACCOUNTS)]
    assert rows["qualifier"].tolist() == list(ROSTOV_ACCOUNTS.values())
    media, service, unclear = (rows.iloc[i] for i in range(3))
    assert media["value"] == 6 and media["speaker_actor_id"] == "act-russian-media"
    assert service["relay"] == "Interfax" and pd.isna(service["value"]) and pd.isna(unclear["value"])
    assert unclear["attribution"] == "source"


def test_vague_attackers_do_not_contest_the_four(figures: pd.DataFrame, estimates: pd.DataFrame) -> None:
    two = rule_over(figures, "fig-crocus-attackers-000", "fig-crocus-attackers-004")
    assert (two.low, two.best, two.high, two.n_assertions, two.n_numeric, two.contested) == (4, 4, 4, 2, 1, False)
    attackers = quantity(estimates, CROCUS, "attackers", "act-crocus-attackers")
    assert attackers["n_numeric"] >= 1 and attackers["low"] <= 4


def test_estimates_agree_with_the_raw_figures(figures: pd.DataFrame, estimates: pd.DataFrame) -> None:
    """Recomputed from the table without the views: no number is invented, bounds are the numbers given."""
    keys = ["incident_id", "measure", "unit", "actor_id"]
    raw = figures.astype({"actor_id": "object"}).fillna({"actor_id": ""})
    derived = estimates.astype({"actor_id": "object"}).fillna({"actor_id": ""})
    assert len(derived) == raw.groupby(keys, observed=True).ngroups
    for _, row in derived.iterrows():
        group = raw[(raw[keys] == row[keys]).all(axis=1)]
        numbers = pd.concat([group["value"], group["value_low"], group["value_high"]]).dropna().astype(int)
        assert row["n_assertions"] == len(group)
        assert row["n_numeric"] == (~group["qualifier"].isin(WITHOUT_NUMBER)).sum()
        if numbers.empty:
            assert pd.isna(row["low"]) and pd.isna(row["best"]) and pd.isna(row["high"])
            continue
        assert row["best"] in set(group["value"].dropna())  # best is always a number some assertion gives
        assert pd.isna(row["low"]) or row["low"] == numbers.min()
        assert pd.isna(row["high"]) or row["high"] == numbers.max()
        at_least_max = ((group["qualifier"] == "at_least") & (group["value"] == numbers.max())).any()
        assert pd.isna(row["high"]) == at_least_max


# --- contested -----------------------------------------------------------------------------------


def topic(disputes: pd.DataFrame, name: str) -> pd.DataFrame:
    rows = disputes[disputes["topic"] == name]
    assert not rows.empty, f"no topic {name}; topics: {sorted(set(disputes['topic']))}"
    return rows


def test_contested_lists_the_injured_disagreement(disputes: pd.DataFrame, figures: pd.DataFrame) -> None:
    injured = topic(disputes, f"figure:{CROCUS}:injured:people").set_index("record_id")
    every = figures[(figures["incident_id"] == CROCUS) & (figures["measure"] == "injured") & figures["actor_id"].isna()]
    assert set(injured.index) == set(every["figure_id"]) >= {"fig-crocus-injured-000", "fig-crocus-injured-004"}
    assert injured.loc["fig-crocus-injured-000", "source_id"] == "src-000"
    assert injured.loc["fig-crocus-injured-004", "source_id"] == "src-004"
    assert set(injured.loc[["fig-crocus-injured-000", "fig-crocus-injured-004"], "attribution"]) == {"source"}
    assert (
        injured.loc["fig-crocus-injured-000", "value"] == 550 and injured.loc["fig-crocus-injured-004", "value"] == 360
    )


def test_contested_lists_the_three_rostov_accounts(disputes: pd.DataFrame) -> None:
    rostov = topic(disputes, f"figure:{ROSTOV}:hostage_takers_killed:people:act-rostov-hostage-takers")
    rows = rostov.set_index("record_id")
    assert set(ROSTOV_ACCOUNTS) <= set(rows.index)
    media = rows.loc["fig-rostov-hostage-takers-killed-media"]
    service = rows.loc["fig-rostov-hostage-takers-killed-prison-service"]
    unclear = rows.loc["fig-rostov-hostage-takers-killed-004"]
    assert media["value"] == 6 and "shot dead six" in media["quote"]
    assert service["attribution"] == "speaker" and service["relay"] == "Interfax"
    assert unclear["attribution"] == "source" and "It remains unclear how many" in unclear["quote"]


def test_agreeing_figures_are_not_contested(disputes: pd.DataFrame, summary: pd.DataFrame) -> None:
    """A figure is listed exactly when the rule contests its quantity (on the shipped data, not the killed at
    Crocus City Hall: both documents say 'at least 144')."""
    listed = {r for r in disputes["record_id"] if r.startswith("fig-")}
    assert listed == set(summary.loc[summary["contested"].astype(bool), "figure_id"])


def test_contested_lists_the_parties_named_for_the_attack(disputes: pd.DataFrame) -> None:
    blame = topic(disputes, f"responsibility:{CROCUS}")
    assert {"stm-iskp-claim", "stm-isis-claim", "stm-russian-officials-point-to-ukraine"} <= set(blame["record_id"])
    bortnikov = blame.set_index("record_id").loc["stm-bortnikov-khorasan-group"]
    assert bortnikov["speaker"] == "Alexander Bortnikov" and bortnikov["relay"] == "RIA Novosti"


def test_contested_lists_the_attackers_origins_and_the_mugshot_denial(disputes: pd.DataFrame) -> None:
    origin = topic(disputes, "actor_claim:act-crocus-attackers:origin")
    assert {"clm-attackers-from-ingushetia", "clm-attackers-migrants-from-tajikistan"} <= set(origin["record_id"])
    denial = topic(disputes, "denial:stm-tajik-mfa-dismissed-mugshots")
    assert set(denial["record_id"]) >= {"stm-tajik-mfa-dismissed-mugshots", "stm-mugshots-circulated"}


def test_every_contested_row_is_attributed_and_quoted(disputes: pd.DataFrame) -> None:
    assert disputes["attribution"].notna().all() and disputes["basis"].notna().all()
    for row in disputes.itertuples():
        first_source = str(row.source_id).split(", ")[0]
        assert str(row.quote) in crocus_data.source_text(first_source), row.record_id


# --- provenance ----------------------------------------------------------------------------------


def test_provenance_of_a_relayed_claim() -> None:
    trail = views.provenance("fig-rostov-hostage-takers-killed-prison-service")
    assert set(trail["evidence_for"]) == {
        "fig-rostov-hostage-takers-killed-prison-service",
        "stm-prison-service-hostages-freed",
    }
    assert trail["verified"].all() and "src-004" in set(trail["source_id"])
    assert set(trail["attribution"]) == {"speaker"}
    assert set(trail["statement_id"]) == {"stm-prison-service-hostages-freed"}
    assert set(trail["speaker_actor_id"]) == {"act-russian-prison-service"}
    assert set(trail["relay"]) == {"Interfax"}
    statement_quotes = trail.loc[trail["evidence_for"] == "stm-prison-service-hostages-freed", "quote"]
    assert any("Interfax" in q for q in statement_quotes)


def test_provenance_of_a_statement_names_its_speaker_and_relay() -> None:
    trail = views.provenance("stm-bortnikov-khorasan-group")
    assert set(trail["speaker"]) == {"Alexander Bortnikov"} and set(trail["relay"]) == {"RIA Novosti"}
    assert set(trail["evidence_for"]) == {"stm-bortnikov-khorasan-group"}


def test_provenance_of_the_documents_own_voice_has_no_speaker() -> None:
    trail = views.provenance("fig-crocus-injured-004")
    assert set(trail["attribution"]) == {"source"} and trail["speaker"].isna().all() and trail["relay"].isna().all()
    assert len(trail) == 1 and "360 injuries" in trail["quote"].iloc[0] and trail["verified"].all()


def test_every_record_has_verified_provenance() -> None:
    for table, model in MODEL_BY_TABLE.items():
        if table == "evidence":
            continue
        for record_id in crocus_data.load(table)[model.primary_key]:
            trail = views.provenance(str(record_id))
            assert len(trail) >= 1 and trail["verified"].all(), record_id
            assert set(trail["table"]) == {table}


def test_provenance_detects_a_quote_that_is_not_at_its_offsets(monkeypatch: pytest.MonkeyPatch) -> None:
    real = crocus_data.source_text
    monkeypatch.setattr(crocus_data, "source_text", lambda source_id: real(source_id).replace("550", "555"))
    trail = views.provenance("fig-crocus-injured-000")
    assert not trail["verified"].all()


@pytest.mark.parametrize("record_id", ["fig-no-such-figure", "ev-fig-crocus-injured-000-1", "nonsense"])
def test_provenance_of_an_unknown_id_raises(record_id: str) -> None:
    with pytest.raises(KeyError):
        views.provenance(record_id)


# --- timeline ------------------------------------------------------------------------------------


def test_timeline_has_one_row_per_incident_statement_and_detention() -> None:
    events = views.timeline()
    for kind, table, key in [
        ("incident", "incidents", "incident_id"),
        ("statement", "statements", "statement_id"),
        ("detention", "detentions", "detention_id"),
    ]:
        assert sorted(events.loc[events["kind"] == kind, "record_id"]) == sorted(crocus_data.load(table)[key])
    assert len(events) == sum(len(crocus_data.load(t)) for t in ("incidents", "statements", "detentions"))


@pytest.mark.parametrize(
    ("table", "key", "prefix"),
    [
        ("incidents", "incident_id", "date"),
        ("statements", "statement_id", "said"),
        ("detentions", "detention_id", "detained"),
    ],
)
def test_timeline_bounds_are_the_tables_bounds(table: str, key: str, prefix: str) -> None:
    events = views.timeline().set_index("record_id")
    source = crocus_data.load(table).set_index(key)
    for column in ["earliest", "latest", "precision", "derivation"]:
        got = events.loc[source.index, column]
        expected = source[f"{prefix}_{column}"]
        assert got.astype("string").fillna("open").tolist() == expected.astype("string").fillna("open").tolist()


def test_timeline_keeps_open_bounds_open_and_is_sorted() -> None:
    events = views.timeline()
    assert str(events["earliest"].dtype) == "datetime64[s]" and str(events["latest"].dtype) == "datetime64[s]"
    rows = events.set_index("record_id")
    assert pd.isna(rows.loc["det-rostov-hostage-takers", "earliest"])
    assert rows.loc["det-rostov-hostage-takers", "latest"] == pd.Timestamp("2024-06-16")
    assert pd.isna(rows.loc["stm-isis-claim", "latest"])
    known = events["earliest"].dropna()
    assert known.is_monotonic_increasing and events["earliest"].isna().sum() == len(events) - len(known)
    assert events.loc[events["earliest"].isna()].index.min() > known.index.max()
    assert "(via Interfax)" in rows.loc["stm-prison-service-hostages-freed", "label"]


def test_views_are_opt_in_and_work_outside_the_checkout(tmp_path: Path) -> None:
    code = (
        "import sys, crocus_data\n"
        "assert 'crocus_data.views' not in sys.modules and 'pandas' not in sys.modules\n"
        "from crocus_data import views\n"
        "print(len(views.contested()), len(views.timeline()), len(views.figures_summary()))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert all(int(n) > 0 for n in result.stdout.split())
