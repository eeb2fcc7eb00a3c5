"""The evidence as W3C Web Annotations: every selector, re-anchored by anchorpoint, lands on its evidence offsets.

anchorpoint (an implementation of the W3C Text Quote and Text Position Selectors written elsewhere)
finds each quote in the source text from its exact text, prefix and suffix alone, and must find it at
exactly the offsets of the evidence row. It matches case-insensitively and lets whitespace runs vary,
so agreeing with it shows the context is long enough even for a tolerant anchorer.
"""

from __future__ import annotations

import hashlib
import json
from base64 import urlsafe_b64decode
from datetime import date
from typing import Any

import pyarrow as pa
import pytest
from anchorpoint.textselectors import TextPositionSelector, TextQuoteSelector
from hypothesis import given
from pydantic import ValidationError

import crocus_data
from crocus_data.models import Evidence, Source
from crocus_data.models.keys import PREFIXES
from crocus_data.models.row_rules import evidence_words_rule
from crocus_data.published.annotations import CONTEXT_STEP, annotation_collection
from crocus_data.testing import Package, packages

import fictional
from budgets import whole_packages

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def installed_annotations() -> dict[str, Any]:
    """The annotations file as the installed package ships it (importlib.resources, through data_dir())."""
    loaded = json.loads((crocus_data.data_dir() / "annotations.jsonld").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def selectors(item: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    by_type = {selector["type"]: selector for selector in item["target"]["selector"]}
    assert set(by_type) == {"TextQuoteSelector", "TextPositionSelector"}
    return by_type["TextQuoteSelector"], by_type["TextPositionSelector"]


def reanchor(item: dict[str, Any], text: str) -> tuple[int, int]:
    """Where anchorpoint puts the quote selector in ``text``; it raises if the selector is not unique there."""
    quote, _ = selectors(item)
    selector = TextQuoteSelector(exact=quote["exact"], prefix=quote["prefix"], suffix=quote["suffix"])
    position = selector.as_unique_position(text)
    return position.start, position.end


def assert_anchors(collection: dict[str, Any], evidence: list[dict[str, Any]], texts: dict[str, str]) -> None:
    """One annotation per evidence row, in order, and each selector lands on the row's own offsets."""
    items = collection["first"]["items"]
    assert collection["total"] == len(items) == len(evidence)
    for item, row in zip(items, evidence, strict=True):
        assert item["id"].endswith(f":{row['evidence_id']}")
        text = texts[row["source_id"]]
        quote, position = selectors(item)
        assert quote["exact"] == row["quote"] == text[row["start"] : row["end"]]
        assert (position["start"], position["end"]) == (row["start"], row["end"])
        assert text[row["start"] - len(quote["prefix"]) : row["start"]] == quote["prefix"]
        assert text[row["end"] : row["end"] + len(quote["suffix"])] == quote["suffix"]
        assert reanchor(item, text) == (row["start"], row["end"]), item["id"]
        # The position selector, read by anchorpoint too, selects the same words.
        assert TextPositionSelector(start=position["start"], end=position["end"]).select_text(text) == row["quote"]


# --- the shipped file, read from the installed package ------------------------------------------


def test_every_shipped_selector_reanchors_on_its_evidence_offsets() -> None:
    evidence = crocus_data.load("evidence")
    rows = [dict(zip(evidence.columns, values, strict=True)) for values in evidence.itertuples(index=False)]
    texts = {source_id: crocus_data.source_text(source_id) for source_id in set(evidence["source_id"])}
    assert_anchors(installed_annotations(), rows, texts)


def test_the_shipped_file_is_a_w3c_annotation_collection() -> None:
    collection = installed_annotations()
    assert collection["@context"] == ANNO_CONTEXT
    assert collection["type"] == "AnnotationCollection" and collection["first"]["type"] == "AnnotationPage"
    ids = [item["id"] for item in collection["first"]["items"]]
    assert len(set(ids)) == len(ids)
    for item in collection["first"]["items"]:
        assert item["type"] == "Annotation" and item["motivation"] == "describing"
        assert item["target"]["type"] == "SpecificResource"


def test_targets_name_the_source_text_by_its_bytes_and_bodies_name_the_record() -> None:
    sources = crocus_data.load("sources").set_index("source_id")
    evidence = crocus_data.load("evidence").set_index("evidence_id")
    for item in installed_annotations()["first"]["items"]:
        row = evidence.loc[item["id"].rsplit(":", 1)[1]]
        source = item["target"]["source"]
        raw = (crocus_data.data_dir() / "sources" / sources.loc[row["source_id"], "filename"]).read_bytes()
        algorithm, digest = source["id"].removeprefix("ni:///").split(";")
        assert algorithm == "sha-256"
        assert urlsafe_b64decode(digest + "=" * (-len(digest) % 4)) == hashlib.sha256(raw).digest()
        assert source["label"] == f"{row['source_id']}: sources/{sources.loc[row['source_id'], 'filename']}"
        assert source["format"] == "text/plain" and source["language"] == sources.loc[row["source_id"], "language"]
        table = next(t for t, prefix in PREFIXES.items() if row["record_id"].startswith(f"{prefix}-"))
        assert item["body"]["id"] == f"urn:crocus-data:{table}:{row['record_id']}"
        assert row["record_id"] in set(crocus_data.load(table)[crocus_data.load(table).columns[0]])


# --- any valid package, and a fictional source whose quote occurs twice -------------------------


def package_rows(package: Package) -> tuple[list[Evidence], list[Source], dict[str, str]]:
    evidence = [record for record in package.records.get("evidence", []) if isinstance(record, Evidence)]
    sources = [record for record in package.records.get("sources", []) if isinstance(record, Source)]
    return evidence, sources, {key: raw.decode("utf-8") for key, raw in package.texts.items()}


@whole_packages
@given(packages())
def test_any_valid_package_reanchors(package: Package) -> None:
    """Generated texts repeat short quotes often: the context must grow until anchorpoint finds the right one."""
    evidence, sources, texts = package_rows(package)
    assert_anchors(annotation_collection(evidence, sources, texts), [e.model_dump() for e in evidence], texts)


FICTIONAL_SOURCE_ID = "src-900"
REPEATED = "The spokesperson added that the figures were provisional and would be revised."


def fictional_package(text: str, quotes: list[tuple[str, int]]) -> tuple[list[Evidence], list[Source], str]:
    """A never-shipped source (tests/fictional.py's text, extended) and evidence rows at the given offsets."""
    raw = text.encode("utf-8")
    source = Source(
        source_id=FICTIONAL_SOURCE_ID,
        filename="900_fictional.txt",
        sha256=hashlib.sha256(raw).hexdigest(),
        bytes=len(raw),
        language="en",
        published={
            "earliest": date(2024, 7, 1),
            "latest": date(2024, 7, 1),
            "precision": "day",
            "derivation": "stated",
        },
    )
    evidence = [
        Evidence(
            evidence_id=f"ev-{FICTIONAL_SOURCE_ID}-{number}",
            record_id=FICTIONAL_SOURCE_ID,
            source_id=FICTIONAL_SOURCE_ID,
            start=start,
            end=start + len(quote),
            quote=quote,
        )
        for number, (quote, start) in enumerate(quotes, start=1)
    ]
    return evidence, [source], text


def test_a_quote_that_occurs_twice_anchors_on_the_right_occurrence() -> None:
    text = fictional.TEXT
    quote = "the attack"
    first, second = text.index(quote), text.index(quote, text.index(quote) + 1)
    assert text.count(quote) == 2
    evidence, sources, _ = fictional_package(text, [(quote, first), (quote, second)])
    collection = annotation_collection(evidence, sources, {FICTIONAL_SOURCE_ID: text})
    assert_anchors(collection, [e.model_dump() for e in evidence], {FICTIONAL_SOURCE_ID: text})
    # Without its prefix and suffix the quote would anchor on the first occurrence: the context is what counts.
    bare = TextQuoteSelector(exact=quote).as_position(text)
    assert (bare.start, bare.end) == (first, first + len(quote)) != (second, second + len(quote))


def repeated_text() -> str:
    """The fictional text, then one sentence twice, each time with the same words for more than 32 characters around."""
    padding = " Nothing else was said. " * 3
    return f"{fictional.TEXT}First: {padding}{REPEATED}{padding}\nSecond: {padding}{REPEATED}{padding}\n"


def test_the_context_grows_past_its_first_width_when_the_repeat_is_long() -> None:
    """A sentence repeated with the same 32 characters around it needs a longer prefix to tell the two apart."""
    text = repeated_text()
    second = text.rindex(REPEATED)
    evidence, sources, _ = fictional_package(text, [(REPEATED, text.index(REPEATED)), (REPEATED, second)])
    collection = annotation_collection(evidence, sources, {FICTIONAL_SOURCE_ID: text})
    assert_anchors(collection, [e.model_dump() for e in evidence], {FICTIONAL_SOURCE_ID: text})
    quote, _ = selectors(collection["first"]["items"][1])
    assert len(quote["prefix"]) > CONTEXT_STEP


def test_a_first_width_context_would_be_ambiguous() -> None:
    """The repeat above really needs its longer context: cut back to the first width, anchorpoint cannot place it."""
    text = repeated_text()
    start, end = text.rindex(REPEATED), text.rindex(REPEATED) + len(REPEATED)
    short = TextQuoteSelector(
        exact=REPEATED, prefix=text[start - CONTEXT_STEP : start], suffix=text[end : end + CONTEXT_STEP]
    )
    assert not short.is_unique_in(text)


# --- a quote of only whitespace backs nothing, and no quote selector can place it --------------------

WHITESPACE = [chr(point) for point in range(0x110000) if chr(point).isspace()]  # Python's own list


def test_a_quote_of_only_whitespace_is_refused_whatever_the_space() -> None:
    """Non-breaking, thin and ideographic spaces are whitespace too (str.isspace is the oracle), alone or in runs;
    a quote with anything else in it (a comma, a letter) passes."""
    quotes = [*WHITESPACE, "\u00a0\u2009 \n", ",", " a ", "\u00a0x"]
    holds = evidence_words_rule().holds({"quote": pa.array(quotes, pa.string())}).to_pylist()
    assert holds == [not quote.isspace() for quote in quotes]


def test_the_model_refuses_a_quote_of_one_non_breaking_space() -> None:
    row = {"evidence_id": "ev-x", "record_id": "act-x", "source_id": "src-x", "start": 3, "end": 4}
    Evidence.model_validate({**row, "quote": "x"})
    with pytest.raises(ValidationError, match=r"evidence\.words"):
        Evidence.model_validate({**row, "quote": "\u00a0"})
