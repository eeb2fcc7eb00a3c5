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

from scratch import REPO, ScratchRepo

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


def quantity(estimates: pd.DataFrame, incident: str, measure: str) -> pd.Series:
    rows = estimates[(estimates["incident_id"] == incident) & (estimates["measure"] == measure)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


# --- figures on the shipped data (the rule itself: tests/test_estimates.py) ---------------------


def test_summary_has_every_figure_once_with_its_own_columns(figures: pd.DataFrame, summary: pd.DataFrame) -> None:
    assert sorted(summary["figure_id"]) == sorted(figures["figure_id"])
    merged = summary.set_index("figure_id").loc[figures["figure_id"]]
    for column in ["incident_id", "measure", "value", "qualifier", "alternative_qualifier", "wording", "attribution"]:
        assert (
            merged[column].astype("string").fillna("").tolist() == figures[column].astype("string").fillna("").tolist()
        ), column


def test_killed_both_sources_at_least_144_give_a_floor_not_a_best(
    estimates: pd.DataFrame, summary: pd.DataFrame
) -> None:
    killed = quantity(estimates, CROCUS, "killed")
    assert killed["low"] == 144 and pd.isna(killed["high"]) and pd.isna(killed["best"])
    assert killed["best_reason"] == "not_exact" and killed["n_assertions"] == 2 and not killed["contested"]
    rows = summary[(summary["incident_id"] == CROCUS) & (summary["measure"] == "killed")]
    assert set(rows["source_id"]) == {"src-000", "src-004"}


def test_injured_around_550_and_360_agree_only_if_360_is_a_floor(
    estimates: pd.DataFrame, summary: pd.DataFrame
) -> None:
    """The old rule printed best = 360 (the lower of a tie) and called them contested without reading
    "at least": read as a floor, 360 does not contradict "around 550"."""
    injured = quantity(estimates, CROCUS, "injured")
    assert injured["low"] == 360 and pd.isna(injured["high"]) and pd.isna(injured["best"])
    assert injured["best_reason"] == "contested_if_exact"
    assert not injured["contested"] and injured["contested_if_exact"]
    rows = summary[(summary["incident_id"] == CROCUS) & (summary["measure"] == "injured")].set_index("source_id")
    assert rows.loc["src-000", "value"] == 550 and rows.loc["src-000", "qualifier"] == "approximately"
    assert (rows.loc["src-000", "allows_low"], rows.loc["src-000", "allows_high"]) == (495, 605)
    assert rows.loc["src-004", "value"] == 360 and rows.loc["src-004", "qualifier"] == "bare"
    assert rows.loc["src-004", "alternative_qualifier"] == "at_least" and pd.isna(rows.loc["src-004", "allows_high"])


def test_rostov_hostage_takers_killed_is_at_most_the_six_with_no_best(
    figures: pd.DataFrame, estimates: pd.DataFrame, summary: pd.DataFrame
) -> None:
    """The old rule gave low = best = high = 6 beside "it remains unclear how many of the six ... were killed"."""
    unclear = figures[(figures["measure"] == "hostage_takers_killed") & (figures["qualifier"] == "unclear")].iloc[0]
    whole = figures.set_index("figure_id").loc[unclear["out_of_figure_id"], "value"]
    killed = quantity(estimates, ROSTOV, "hostage_takers_killed")
    assert pd.isna(killed["low"]) and killed["high"] == whole and pd.isna(killed["best"])
    assert killed["best_reason"] == "unclear" and not killed["contested"]
    assert (killed["n_assertions"], killed["n_numeric"]) == (3, 1)
    rows = summary[summary["measure"] == "hostage_takers_killed"].set_index("qualifier")
    assert rows.loc["bare", "value"] == 6 and rows.loc["bare", "speaker_actor_id"] == "act-russian-media"
    assert rows.loc["unquantified", "relay"] == "Interfax"
    assert pd.isna(rows.loc["unquantified", "value"]) and pd.isna(rows.loc["unclear", "value"])
    assert rows.loc["unclear", "attribution"] == "source"


def test_vague_attackers_do_not_contest_the_four(estimates: pd.DataFrame) -> None:
    attackers = quantity(estimates, CROCUS, "attackers")
    assert (attackers["low"], attackers["best"], attackers["high"]) == (4, 4, 4)
    assert (attackers["n_assertions"], attackers["n_numeric"]) == (2, 1) and not attackers["contested"]


def raw_figures(figures: pd.DataFrame) -> pd.DataFrame:
    """The figures, each with who asserts it and whether in custody, read from the tables without the views."""
    statements = crocus_data.load("statements").set_index("statement_id")
    evidence = crocus_data.load("evidence")
    documents = evidence.groupby("record_id")["source_id"].agg(lambda ids: ",".join(sorted(set(ids))))
    speaker = figures["statement_id"].map(statements["speaker_actor_id"])
    document = figures["attribution"].astype(str) + ":" + figures["figure_id"].map(documents).astype(str)
    return figures.astype({"actor_id": "object"}).assign(
        actor_id=figures["actor_id"].astype("object").fillna(""),
        voice=speaker.astype("object").where(figures["attribution"] == "speaker", document),
        custody=figures["statement_id"].map(statements["made_in_custody"]).fillna(False).astype(bool),
    )


def test_estimates_agree_with_the_raw_figures(figures: pd.DataFrame, estimates: pd.DataFrame) -> None:
    """Recomputed from the table without the views: every number given lies between low and high, and best is
    set only where every number given is that exact number, nothing is called unclear and not every number
    comes from a statement made in custody."""
    keys = ["incident_id", "measure", "unit", "actor_id"]
    raw = raw_figures(figures)
    derived = estimates.astype({"actor_id": "object"}).fillna({"actor_id": ""})
    assert len(derived) == raw.groupby(keys, observed=True).ngroups
    for _, row in derived.iterrows():
        group = raw[(raw[keys] == row[keys]).all(axis=1)]
        numbers = pd.concat([group["value"], group["value_low"], group["value_high"]]).dropna().astype(int)
        assert row["n_assertions"] == len(group)
        assert row["n_numeric"] == (~group["qualifier"].isin(WITHOUT_NUMBER)).sum()
        for number in numbers:
            assert pd.isna(row["low"]) or row["low"] <= number
            assert pd.isna(row["high"]) or number <= row["high"]
        exact = group["qualifier"].isin(["bare"]) & group["alternative_qualifier"].isna()
        numeric = ~group["qualifier"].isin(["vague", "unquantified"])
        singled_out = (
            bool(numeric.any())
            and bool(exact[numeric].all())
            and group.loc[numeric, "value"].nunique() == 1
            and not (group["qualifier"] == "unclear").any()
        )
        only_in_custody = bool(numeric.any()) and bool(group.loc[numeric, "custody"].all())
        assert pd.notna(row["best"]) == (singled_out and not only_in_custody), row.to_dict()
        if singled_out:
            assert row["best_reason"] == ("in_custody" if only_in_custody else "exact")
            assert row["low"] == row["high"] == group.loc[numeric, "value"].iloc[0]
        assert row["n_voices"] == group.loc[numeric, "voice"].nunique()
        assert row["in_custody"] == group.loc[numeric, "custody"].any()
        assert row["derived"] == group.loc[numeric, "value_derived"].any()


def test_the_flags_of_every_quantity_are_repeated_on_each_of_its_assertions(
    figures: pd.DataFrame, estimates: pd.DataFrame, summary: pd.DataFrame
) -> None:
    """A best is never shown without what it rests on: a derived value or a statement made in custody flags its
    quantity, on the quantity's row and on every assertion about it."""
    flags = ["n_voices", "in_custody", "derived"]
    assert estimates[flags].notna().all().all() and summary[flags].notna().all().all()
    raw = raw_figures(figures).set_index("figure_id")
    read = raw[~raw["qualifier"].isin(["vague", "unquantified"])]
    rows = summary.set_index("figure_id")
    assert rows.loc[read.index[read["value_derived"]], "derived"].all()
    assert rows.loc[read.index[read["custody"]], "in_custody"].all()
    merged = summary.merge(estimates, on=["incident_id", "measure", "unit", "actor_id"], suffixes=("", "_q"))
    for column in flags:
        assert (merged[column] == merged[f"{column}_q"]).all(), column


# --- contested -----------------------------------------------------------------------------------


def topic(disputes: pd.DataFrame, name: str) -> pd.DataFrame:
    rows = disputes[disputes["topic"] == name]
    assert not rows.empty, f"no topic {name}; topics: {sorted(set(disputes['topic']))}"
    return rows


def test_contested_lists_the_injured_disagreement(disputes: pd.DataFrame) -> None:
    injured = topic(disputes, f"figure:{CROCUS}:injured:people").set_index("record_id")
    assert "alternative reading" in injured["basis"].iloc[0]
    assert set(injured.index) == {"fig-crocus-injured-000", "fig-crocus-injured-004"}
    assert injured.loc["fig-crocus-injured-000", "source_id"] == "src-000"
    assert injured.loc["fig-crocus-injured-004", "source_id"] == "src-004"
    assert set(injured["attribution"]) == {"source"}
    assert dict(zip(injured.index, injured["value"], strict=True)) == {
        "fig-crocus-injured-000": 550,
        "fig-crocus-injured-004": 360,
    }


def test_contested_lists_the_three_rostov_accounts(disputes: pd.DataFrame) -> None:
    rostov = topic(disputes, f"figure:{ROSTOV}:hostage_takers_killed:people:act-rostov-hostage-takers")
    rows = rostov.set_index("qualifier")
    assert sorted(rows.index) == ["bare", "unclear", "unquantified"]
    assert rows.loc["bare", "value"] == 6 and "shot dead six" in rows.loc["bare", "quote"]
    assert rows.loc["unquantified", "attribution"] == "speaker"
    assert rows.loc["unquantified", "relay"] == "Interfax"
    assert rows.loc["unclear", "attribution"] == "source"
    assert "It remains unclear how many" in rows.loc["unclear", "quote"]


def test_agreeing_figures_are_not_contested(disputes: pd.DataFrame) -> None:
    records = set(disputes["record_id"])
    assert not records & {"fig-crocus-killed-000", "fig-crocus-killed-004"}
    assert not records & {"fig-crocus-attackers-000", "fig-crocus-attackers-004"}
    assert not any(r.startswith("fig-rostov-hostages-freed") for r in records)


def test_contested_lists_the_parties_named_for_the_attack(disputes: pd.DataFrame) -> None:
    blame = topic(disputes, f"responsibility:{CROCUS}")
    assert {"stm-iskp-claim", "stm-isis-claim", "stm-russian-officials-point-to-ukraine"} <= set(blame["record_id"])
    bortnikov = blame.set_index("record_id").loc["stm-bortnikov-khorasan-group"]
    assert bortnikov["speaker"] == "Alexander Bortnikov" and bortnikov["relay"] == "RIA Novosti"


def test_contested_lists_the_attackers_origins(disputes: pd.DataFrame) -> None:
    origin = topic(disputes, "actor_claim:act-crocus-attackers:origin")
    assert {"clm-attackers-from-ingushetia", "clm-attackers-migrants-from-tajikistan"} <= set(origin["record_id"])


def test_contested_puts_each_denial_beside_what_it_denies(disputes: pd.DataFrame) -> None:
    """Read from the relations table: a denial topic holds the denying statement and its target, nothing else."""
    relations = crocus_data.load("statement_relations")
    denials = relations[relations["relation"] == "denies"]
    assert not denials.empty
    for _, relation in denials.iterrows():
        target = relation[["to_statement_id", "to_claim_id", "to_figure_id", "to_material_id"]].dropna().iloc[0]
        rows = topic(disputes, f"denial:{relation['relation_id']}")
        assert set(rows["record_id"]) == {relation["from_statement_id"], target}


def test_every_contested_row_is_attributed_and_quoted(disputes: pd.DataFrame) -> None:
    assert disputes["attribution"].notna().all() and disputes["basis"].notna().all()
    for row in disputes.itertuples():
        first_source = str(row.source_id).split(", ")[0]
        assert str(row.quote) in crocus_data.source_text(first_source), row.record_id


# --- relations ----------------------------------------------------------------------------------


def test_relations_has_one_readable_row_per_relation() -> None:
    table = crocus_data.load("statement_relations")
    readable = views.relations().set_index("relation_id")
    assert sorted(readable.index) == sorted(table["relation_id"])
    statements = crocus_data.load("statements").set_index("statement_id")
    for _, row in table.iterrows():
        shown = readable.loc[row["relation_id"]]
        filled = {
            c: row[c] for c in ["to_statement_id", "to_claim_id", "to_figure_id", "to_material_id"] if pd.notna(row[c])
        }
        assert list(filled.values()) == [shown["target_id"]] and pd.notna(shown["target"])
        assert shown["from_summary"] == statements.loc[row["from_statement_id"], "summary"]
        assert shown["quote"] in crocus_data.source_text(str(shown["source_id"]).split(", ")[0])


def test_the_timeline_puts_statements_in_the_order_the_text_gives() -> None:
    """Read from the relations: a statement said to precede another with the same date bounds comes first, and
    every later statement lists the earlier ones in preceded_by."""
    events = views.timeline().reset_index(drop=True)
    position = {record_id: i for i, record_id in enumerate(events["record_id"])}
    bounds = events.set_index("record_id")[["earliest", "latest"]].astype("string").fillna("open")
    relations = crocus_data.load("statement_relations")
    precedes = relations[relations["relation"] == "precedes"]
    assert not precedes.empty
    for first, then in zip(precedes["from_statement_id"], precedes["to_statement_id"], strict=True):
        assert first in str(events.loc[position[then], "preceded_by"])
        if tuple(bounds.loc[first]) == tuple(bounds.loc[then]):
            assert position[first] < position[then], (first, then)


# --- provenance ----------------------------------------------------------------------------------


def test_provenance_of_a_relayed_claim() -> None:
    trail = views.provenance("fig-rostov-hostage-takers-killed-prison-service")
    assert set(trail["evidence_for"]) == {
        "fig-rostov-hostage-takers-killed-prison-service",
        "stm-prison-service-hostages-freed",
    }
    assert trail["verified"].all() and set(trail["source_id"]) == {"src-004"}
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
        if not model.evidenced:
            continue
        for record_id in crocus_data.load(table)[model.primary_key]:
            trail = views.provenance(str(record_id))
            assert len(trail) >= 1 and trail["verified"].all(), record_id
            assert set(trail["table"]) == {table}


def test_provenance_detects_a_quote_that_is_not_at_its_offsets(monkeypatch: pytest.MonkeyPatch) -> None:
    real = crocus_data.loaders.source_text
    monkeypatch.setattr(crocus_data.loaders, "source_text", lambda source_id: real(source_id).replace("550", "555"))
    trail = views.provenance("fig-crocus-injured-000")
    assert not trail["verified"].all()


@pytest.mark.parametrize("record_id", ["fig-no-such-figure", "ev-fig-crocus-injured-000-1", "nonsense"])
def test_provenance_of_an_unknown_id_raises(record_id: str) -> None:
    with pytest.raises(KeyError):
        views.provenance(record_id)


def test_provenance_of_a_retired_id_says_where_it_went() -> None:
    graves = crocus_data.load("tombstones")
    if graves.empty:
        pytest.skip("no retired ids in this data")
    grave = graves.iloc[0]
    with pytest.raises(KeyError, match=f"retired in {grave['retired_in']}") as raised:
        views.provenance(str(grave["retired_id"]))
    if pd.notna(grave["replaced_by"]):
        assert str(grave["replaced_by"]) in str(raised.value)


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


# --- any package: a checkout, an older release, frames ----------------------------------------


def test_the_views_read_the_package_they_are_given(scratch: ScratchRepo) -> None:
    """A checkout whose figure was changed: the views show the change, and the installed views do not."""
    _, rows = scratch.read_rows("figures")
    exact = [row for row in rows if row["qualifier"] == "bare" and row["value"] and not row["alternative_qualifier"]]
    changed = exact[0]
    old = int(changed["value"])
    new = old + 1000
    scratch.set_cell("figures", changed["figure_id"], "value", str(new))
    package = crocus_data.load_package(scratch.root, check=False)  # the value no longer stands in its wording

    summary = views.figures_summary(package).set_index("figure_id")
    assert summary.loc[changed["figure_id"], "value"] == new
    assert summary.loc[changed["figure_id"], "allows_low"] == new == summary.loc[changed["figure_id"], "allows_high"]
    estimates = views.figure_estimates(package)
    row = estimates[
        (estimates["incident_id"] == changed["incident_id"]) & (estimates["measure"] == changed["measure"])
    ].iloc[0]
    assert row["low"] <= new and (pd.isna(row["high"]) or row["high"] >= new)
    assert views.figures_summary().set_index("figure_id").loc[changed["figure_id"], "value"] == old


def test_every_view_of_the_checkout_as_a_package_is_the_installed_view() -> None:
    package = crocus_data.load_package(REPO)
    pd.testing.assert_frame_equal(views.contested(package), views.contested())
    pd.testing.assert_frame_equal(views.timeline(package), views.timeline())
    record_id = str(crocus_data.load("figures")["figure_id"].iloc[0])
    pd.testing.assert_frame_equal(views.provenance(record_id, package), views.provenance(record_id))


def test_the_views_take_frames_by_table_name() -> None:
    frames = {name: crocus_data.load(name) for name in crocus_data.tables()}
    pd.testing.assert_frame_equal(views.relations(frames), views.relations())
    record_id = str(crocus_data.load("figures")["figure_id"].iloc[0])
    trail = views.provenance(record_id, frames)  # no texts given: the quotes are not checked, not called false
    assert trail["verified"].isna().all() and len(trail) == len(views.provenance(record_id))


def test_a_view_says_which_table_the_frames_given_lack() -> None:
    with pytest.raises(KeyError, match=r"the views need the table '[a-z_]+', missing from the frames given"):
        views.timeline({"incidents": crocus_data.load("incidents")})
