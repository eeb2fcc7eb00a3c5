"""The documents' anonymity said plainly, from the data, on the home page, the datasheet and the contested page."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from crocus_data.loaders import data_dir
from crocus_data.models import Source
from crocus_data.models.record import DateBounds
from crocus_data.reader.package import from_descriptor
from crocus_data.reader.table_data import to_records
from crocus_data.site.anonymous_sources import anonymous_sources, named

from pages import shown

PAGES = ("index.md", "datasheet.md", "evidence/contested.md")


def shipped() -> list[Source]:
    package = from_descriptor(data_dir() / "datapackage.json")
    return [s for s in to_records(package.tables["sources"]) if isinstance(s, Source)]


def test_each_page_says_it_in_the_sentence_made_from_the_shipped_sources() -> None:
    sentence = anonymous_sources(shipped())
    for page in PAGES:
        assert sentence in shown(page), page


def test_the_sentence_names_what_each_shipped_source_lacks() -> None:
    sources = shipped()
    sentence = anonymous_sources(sources)
    for source in sources:
        if not source.title:
            assert f"{named(source)} has no title" in sentence
        if source.published.derivation != "stated":
            assert f"{named(source)} has" in sentence and "no date" in sentence
        assert source.source_id not in sentence, "a reader sees the document's name, never its id"
    if all(not s.publisher and not s.url for s in sources):
        assert "publisher" in sentence and "address (URL)" in sentence and "no named outlet" in sentence


UNDATED = DateBounds(earliest=date(2024, 5, 26), precision="open", derivation="bounded_by_context", note="undated")
DATED = DateBounds(earliest=date(2024, 4, 1), latest=date(2024, 4, 1), precision="day", derivation="stated")


@st.composite
def sources(draw: st.DrawFn) -> list[Source]:
    count = draw(st.integers(1, 4))
    return [
        Source(
            source_id=f"src-{n:03d}",
            filename=f"{n:03d}_x.txt",
            sha256="0" * 64,
            bytes=1,
            title=draw(st.none() | st.just("A title")),
            publisher=draw(st.none() | st.just("An outlet")),
            url=draw(st.none() | st.just("https://example.invalid/a")),
            language="en",
            published=draw(st.sampled_from([UNDATED, DATED])),
        )
        for n in range(count)
    ]


@given(sources())
def test_the_sentence_follows_the_data(found: list[Source]) -> None:
    sentence = anonymous_sources(found)
    assert sentence.count(".") >= 1 and sentence.endswith(".")
    for source in found:
        lacks = [
            words
            for words, missing in (("no title", not source.title), ("no date", source.published.derivation != "stated"))
            if missing
        ]
        if lacks:
            assert f"{named(source)} has {' and '.join(lacks)} of its own" in sentence
    anonymous = [s for s in found if not s.publisher and not s.url]
    assert ("no named outlet" in sentence) == bool(anonymous)
    if anonymous and len(anonymous) < len(found):
        assert all(named(s) in sentence.split(" no publisher")[0] for s in anonymous)
