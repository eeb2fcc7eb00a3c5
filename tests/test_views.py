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
from crocus_data.views.contested import RESPONSIBILITY_KINDS, SELF_NAMING_KINDS
from crocus_data.views.tables import installed

import anchors
from scratch import ScratchRepo, built

RESPONSIBILITY, SELF_NAMING = list(RESPONSIBILITY_KINDS), SELF_NAMING_KINDS

QUANTITY = ["incident_id", "measure", "unit", "actor_id"]
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


# --- figures on the shipped data (the rule itself: tests/test_estimates.py) ---------------------


def test_summary_has_every_figure_once_with_its_own_columns(figures: pd.DataFrame, summary: pd.DataFrame) -> None:
    assert sorted(summary["figure_id"]) == sorted(figures["figure_id"])
    merged = summary.set_index("figure_id").loc[figures["figure_id"]]
    for column in ["incident_id", "measure", "value", "qualifier", "alternative_qualifier", "wording", "attribution"]:
        assert (
            merged[column].astype("string").fillna("").tolist() == figures[column].astype("string").fillna("").tolist()
        ), column


def groups(figures: pd.DataFrame) -> list[tuple[tuple[str, ...], pd.DataFrame]]:
    """Each quantity's assertions, read from the table (a quantity: incident, measure, unit, counted group)."""
    keyed = figures.assign(actor_id=figures["actor_id"].astype("object").fillna(""))
    return [(tuple(map(str, key)), group) for key, group in keyed.groupby(QUANTITY, observed=True)]


def estimate_of(estimates: pd.DataFrame, key: tuple[str, ...]) -> pd.Series:
    keyed = estimates.assign(actor_id=estimates["actor_id"].astype("object").fillna(""))
    rows = keyed[(keyed[QUANTITY].astype(str) == list(key)).all(axis=1)]
    assert len(rows) == 1, (key, rows)
    return rows.iloc[0]


def numeric(group: pd.DataFrame) -> pd.DataFrame:
    return group[~group["qualifier"].isin(WITHOUT_NUMBER)]


def evidence_sources(figure_ids: pd.Series) -> set[str]:
    evidence = crocus_data.load("evidence")
    return set(evidence.loc[evidence["record_id"].isin(set(figure_ids)), "source_id"].astype(str))


def test_a_quantity_given_only_as_floors_has_its_lowest_floor_as_low_and_no_ceiling_or_best(
    figures: pd.DataFrame, estimates: pd.DataFrame, summary: pd.DataFrame
) -> None:
    """The killed at Crocus City Hall ("at least 144" in both documents, when written): low bounds every value some
    assertion allows, so it is the lowest floor; no ceiling and no best."""
    for key, group in groups(figures):
        given = numeric(group)
        if given.empty or not (given["qualifier"] == "at_least").all() or given["alternative_qualifier"].notna().any():
            continue
        row = estimate_of(estimates, key)
        assert row["low"] == given["value"].min() and pd.isna(row["high"]) and pd.isna(row["best"]), key
        assert row["best_reason"] == "not_exact" and not row["contested"] and row["n_assertions"] == len(group), key
        shown = summary[summary["figure_id"].isin(set(group["figure_id"]))]
        documents = {part for ids in shown["source_id"] for part in str(ids).split(", ")}
        assert documents == evidence_sources(group["figure_id"]), key


def test_a_quantity_contested_only_if_read_exactly_agrees_under_its_alternative_readings(
    figures: pd.DataFrame, estimates: pd.DataFrame
) -> None:
    """The injured at Crocus City Hall ("around 550" and "360", which may be a floor): contested as encoded, not
    under the alternative reading; checked by reading the figures both ways through the same rule."""
    flagged = estimates[estimates["contested_if_exact"].fillna(False).astype(bool)]
    for _, row in flagged.iterrows():
        assert not row["contested"] and pd.isna(row["best"]) and row["best_reason"] == "contested_if_exact"
        key = tuple("" if pd.isna(row[c]) else str(row[c]) for c in QUANTITY)
        group = dict(groups(figures))[key]
        assert group["alternative_qualifier"].notna().any(), key
        alternative = group["alternative_qualifier"].notna()
        exact = group.assign(alternative_qualifier=group["alternative_qualifier"].where(~alternative))
        as_alternative = group.assign(
            qualifier=group["qualifier"].astype("object").where(~alternative, group["alternative_qualifier"]),
            alternative_qualifier=exact["alternative_qualifier"],
        )
        assert views.figure_estimates(exact.astype(figures.dtypes.to_dict())).iloc[0]["contested"], key
        assert not views.figure_estimates(as_alternative.astype(figures.dtypes.to_dict())).iloc[0]["contested"], key


def test_a_quantity_with_an_unclear_count_has_no_floor_and_no_best(
    figures: pd.DataFrame, estimates: pd.DataFrame
) -> None:
    """The hostage-takers killed in Rostov ("it remains unclear how many of the six ... were killed"): the rule
    supplies no number, so neither a floor nor a best, and never more than the whole it is counted out of."""
    values = figures.set_index("figure_id")["value"]
    for key, group in groups(figures):
        unclear = group[group["qualifier"] == "unclear"]
        if unclear.empty:
            continue
        row = estimate_of(estimates, key)
        assert pd.isna(row["low"]) and pd.isna(row["best"]), key
        wholes = values.reindex(unclear["out_of_figure_id"].dropna()).dropna()
        if not wholes.empty and not numeric(group)["value"].gt(wholes.max()).any():
            assert row["high"] == wholes.max(), key


def test_assertions_without_a_number_neither_widen_nor_contest(figures: pd.DataFrame, estimates: pd.DataFrame) -> None:
    """The attackers ("four", and "a handful of militants"): dropping every vague or unquantified assertion from
    the table changes no quantity's low, best, high or contested flag."""
    without = figures[~figures["qualifier"].isin(["vague", "unquantified"])]
    fewer = views.figure_estimates(without)
    columns = ["low", "best", "high", "contested"]
    for key, _ in groups(without):
        assert (
            estimate_of(fewer, key)[columns].astype(str).tolist()
            == estimate_of(estimates, key)[columns].astype(str).tolist()
        ), key


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


def topic_of(key: tuple[str, ...]) -> str:
    return "figure:" + ":".join(part for part in key if part)


def test_contested_lists_every_assertion_of_each_disputed_quantity(
    figures: pd.DataFrame, estimates: pd.DataFrame, disputes: pd.DataFrame
) -> None:
    """A quantity the estimates flag (contested, contested if read exactly, or unclear beside a number: the injured
    at Crocus City Hall, the hostage-takers killed in Rostov) is a topic listing every one of its assertions, each
    with the value, attribution and documents the tables give it; no other quantity is listed."""
    for key, group in groups(figures):
        row = estimate_of(estimates, key)
        flagged = bool(row["contested"]) or bool(row["contested_if_exact"])
        flagged |= row["best_reason"] == "unclear" and row["n_numeric"] > 0
        listed = disputes[disputes["topic"] == topic_of(key)].set_index("record_id")
        if not flagged:
            assert listed.empty, key
            continue
        assert set(listed.index) == set(group["figure_id"]), key
        for figure in group.itertuples():
            shown = listed.loc[figure.figure_id]
            assert str(shown["value"]) == str(figure.value) and shown["attribution"] == figure.attribution
            assert set(str(shown["source_id"]).split(", ")) == evidence_sources(pd.Series([figure.figure_id]))
            quotes = crocus_data.load("evidence").query("record_id == @figure.figure_id")["quote"]
            assert shown["quote"] in set(quotes), figure.figure_id


def party(statement: pd.Series) -> object:
    """Who a statement names as responsible: itself for a claim or a confession, else its target."""
    return statement["speaker_actor_id"] if statement["kind"] in SELF_NAMING else statement["target_actor_id"]


def test_contested_lists_each_incident_for_which_several_parties_are_named(disputes: pd.DataFrame) -> None:
    """The attack: ISIS's and ISKP's claims beside officials pointing to Ukraine; read from the statements."""
    statements = crocus_data.load("statements")
    blame = statements[statements["kind"].isin(RESPONSIBILITY) & statements["incident_id"].notna()]
    for incident, group in blame.groupby("incident_id", observed=True):
        parties = {party(row) for _, row in group.iterrows()}
        listed = disputes[disputes["topic"] == f"responsibility:{incident}"]
        if len(parties) < 2:
            assert listed.empty, incident
            continue
        assert set(listed["record_id"]) == set(group["statement_id"]), incident
        for statement in group.itertuples():
            shown = listed.set_index("record_id").loc[statement.statement_id]
            assert shown["speaker"] == (speaker_of(statement.speaker_actor_id) or shown["speaker"])
    assert set(disputes.loc[disputes["kind"] == "responsibility", "topic"]) <= {
        f"responsibility:{i}" for i in blame["incident_id"]
    }


def test_contested_lists_each_attribute_of_an_actor_claimed_in_different_words(disputes: pd.DataFrame) -> None:
    """The attackers' origin (Ingushetia, or migrants from Tajikistan); read from the claims."""
    claims = crocus_data.load("actor_claims")
    for (actor, attribute), group in claims.groupby(["actor_id", "attribute"], observed=True):
        if attribute == "role":
            content = group["role"].astype(str)
        elif attribute == "affiliation":
            content = group["related_actor_id"].astype(str)
        else:
            content = group["value"].str.casefold()
        listed = disputes[disputes["topic"] == f"actor_claim:{actor}:{attribute}"]
        assert (set(listed["record_id"]) == set(group["claim_id"])) if content.nunique() > 1 else listed.empty


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


def speaker_of(actor_id: object) -> str | None:
    """How the views name an actor: its label, else its name, else its description (read from the table)."""
    if not isinstance(actor_id, str):
        return None
    actor = crocus_data.load("actors").set_index("actor_id").loc[actor_id]
    return next(str(actor[column]) for column in ("label", "name", "description") if pd.notna(actor[column]))


def test_provenance_of_a_relayed_claim() -> None:
    """A figure a speaker gave through a relay (the prison service's, via Interfax): its evidence and its
    statement's, with who said it and who relayed it."""
    statements = crocus_data.load("statements").set_index("statement_id")
    relayed = set(statements.index[statements["relay_actor_id"].notna()])
    figure = anchors.first(
        "figures", lambda row: row["statement_id"] in relayed, "a figure given in a relayed statement"
    )
    statement = statements.loc[figure["statement_id"]]
    trail = views.provenance(figure["figure_id"])
    assert set(trail["evidence_for"]) == {figure["figure_id"], figure["statement_id"]}
    assert trail["verified"].all() and set(trail["attribution"]) == {"speaker"}
    assert set(trail["source_id"]) == {row["source_id"] for row in anchors.evidence_of(figure["figure_id"])} | {
        row["source_id"] for row in anchors.evidence_of(figure["statement_id"])
    }
    assert set(trail["statement_id"]) == {figure["statement_id"]}
    assert set(trail["speaker_actor_id"]) == {statement["speaker_actor_id"]}
    assert set(trail["relay"]) == {speaker_of(statement["relay_actor_id"])}


def test_provenance_of_a_statement_names_its_speaker_and_relay() -> None:
    row = anchors.first(
        "statements", lambda r: bool(r["speaker_actor_id"] and r["relay_actor_id"]), "a relayed statement by a speaker"
    )
    trail = views.provenance(row["statement_id"])
    assert set(trail["speaker"]) == {speaker_of(row["speaker_actor_id"])}
    assert set(trail["relay"]) == {speaker_of(row["relay_actor_id"])}
    assert set(trail["evidence_for"]) == {row["statement_id"]}


def test_provenance_of_the_documents_own_voice_has_no_speaker() -> None:
    figure = anchors.first("figures", lambda r: r["attribution"] == "source", "a figure in a document's own voice")
    trail = views.provenance(figure["figure_id"])
    quotes = {row["quote"] for row in anchors.evidence_of(figure["figure_id"])}
    assert set(trail["attribution"]) == {"source"} and trail["speaker"].isna().all() and trail["relay"].isna().all()
    assert len(trail) == len(quotes) and set(trail["quote"]) == quotes and trail["verified"].all()


def test_every_record_has_verified_provenance() -> None:
    package = installed()  # the installed package, as each call reads it by default: read once for all of them
    for table, model in MODEL_BY_TABLE.items():
        if not model.evidenced:
            continue
        for record_id in crocus_data.load(table)[model.primary_key]:
            trail = views.provenance(str(record_id), package)
            assert len(trail) >= 1 and trail["verified"].all(), record_id
            assert set(trail["table"]) == {table}


def test_provenance_detects_a_quote_that_is_not_at_its_offsets(monkeypatch: pytest.MonkeyPatch) -> None:
    evidence = anchors.first("evidence", lambda row: row["record_id"].startswith("fig-"), "the evidence of a figure")
    start = int(evidence["start"])
    real = crocus_data.loaders.source_text

    def altered(source_id: str) -> str:  # the quoted text's first character changed
        text = real(source_id)
        return text if source_id != evidence["source_id"] else f"{text[:start]}\u2603{text[start + 1 :]}"

    monkeypatch.setattr(crocus_data.loaders, "source_text", altered)
    assert not views.provenance(evidence["record_id"])["verified"].all()


@pytest.mark.parametrize("record_id", ["fig-no-such-figure", anchors.rows("evidence")[0]["evidence_id"], "nonsense"])
def test_provenance_of_an_unknown_id_raises(record_id: str) -> None:
    """An id no record has, or an evidence row's own id (evidence is not a record with provenance)."""
    with pytest.raises(KeyError):
        views.provenance(record_id)


def test_provenance_of_a_retired_id_says_where_it_went() -> None:
    for grave in crocus_data.load("tombstones").itertuples():
        with pytest.raises(KeyError, match=f"retired in {grave.retired_in}") as raised:
            views.provenance(str(grave.retired_id))
        if pd.notna(grave.replaced_by):
            assert str(grave.replaced_by) in str(raised.value)


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
    known = events["earliest"].dropna()
    assert known.is_monotonic_increasing and events["earliest"].isna().sum() == len(events) - len(known)
    assert events.loc[events["earliest"].isna()].index.min() > known.index.max()
    statements = crocus_data.load("statements")
    for statement in statements[statements["relay_actor_id"].notna()].itertuples():
        assert f"(via {speaker_of(statement.relay_actor_id)})" in rows.loc[statement.statement_id, "label"]


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
    package = crocus_data.load_package(built())
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


@pytest.mark.parametrize("place", ["near a railway station", "the Bryansk region", "outside the city", "At the border"])
def test_the_timeline_says_where_in_the_places_own_words(place: str) -> None:
    """A place that opens with its own preposition ("near a station") is not given another ("in near a station")."""
    frames = {name: crocus_data.load(name) for name in crocus_data.tables()}
    detentions = frames["detentions"]
    assert len(detentions), "the test needs a detention"
    frames["detentions"] = detentions.assign(
        place=pd.Series([place] * len(detentions), dtype=detentions["place"].dtype)
    )
    record_id = str(detentions["detention_id"].iloc[0])
    shown = views.timeline(frames).set_index("record_id").loc[record_id, "label"]
    opens_with_preposition = place.split()[0].lower() in {"near", "outside", "at"}
    assert shown.endswith(f" {place}" if opens_with_preposition else f" in {place}"), shown
    assert " in near " not in shown and " in outside " not in shown and " in At " not in shown
