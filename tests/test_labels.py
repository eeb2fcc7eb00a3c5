"""One display label per actor, in the documents' words, shared by the views, the figures and the site pages."""

from __future__ import annotations

import pandas as pd

import crocus_data
from crocus_data import views
from crocus_data.layout import DATA_DIR
from crocus_data.reader.package import from_layout
from crocus_data.site.evidence_index import EvidenceIndex

from scratch import REPO


def test_every_label_the_views_show_is_in_the_actors_own_evidence() -> None:
    """Never an id or a slug: each label stands in a quote of the actor's evidence, as written."""
    labels = views.actor_labels()
    evidence = crocus_data.load("evidence")
    assert sorted(labels.index) == sorted(crocus_data.load("actors")["actor_id"])
    for actor_id, label in labels.items():
        quotes = evidence.loc[evidence["record_id"] == actor_id, "quote"]
        assert any(label in quote for quote in quotes), (actor_id, label)
        assert not label.startswith("act-")


def test_the_site_pages_and_the_views_label_every_actor_alike() -> None:
    index = EvidenceIndex.of(from_layout(REPO / DATA_DIR))
    for actor_id, label in views.actor_labels().items():
        assert index.actor_label(str(actor_id)) == label


def test_speakers_and_relays_in_the_views_are_labels() -> None:
    labels = set(views.actor_labels())
    contested = views.contested()
    shown = set(contested["speaker"].dropna()) | set(contested["relay"].dropna())
    assert shown <= labels


def test_tables_of_a_release_without_labels_fall_back_to_the_name_else_the_description() -> None:
    actors = crocus_data.load("actors").drop(columns=["label"])
    labels = views.actor_labels({"actors": actors})
    expected = actors.set_index("actor_id")["name"].fillna(actors.set_index("actor_id")["description"])
    pd.testing.assert_series_equal(labels, expected.astype("string"), check_names=False)
