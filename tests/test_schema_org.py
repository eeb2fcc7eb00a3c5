"""The built home page carries a schema.org Dataset that agrees with the installed package and CITATION.cff."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
import rdflib
import yaml

import crocus_data

from scratch import REPO

SCHEMA = "https://schema.org/"


class JsonLdScripts(HTMLParser):
    """The text of every ``<script type="application/ld+json">`` in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._inside = tag == "script" and ("type", "application/ld+json") in attrs
        if self._inside:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.scripts[-1] += data


@pytest.fixture(scope="module")
def entry(site: Path) -> dict[str, Any]:
    parser = JsonLdScripts()
    parser.feed((site / "index.html").read_text(encoding="utf-8"))
    assert len(parser.scripts) == 1, "the home page has one JSON-LD entry"
    document = json.loads(parser.scripts[0])
    assert isinstance(document, dict)
    return document


def installed_json(name: str) -> dict[str, Any]:
    document = json.loads((crocus_data.data_dir() / name).read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def test_it_is_json_ld_for_a_schema_org_dataset(entry: dict[str, Any]) -> None:
    """Read as RDF: schema.org's context is fetched by no one here, so its vocabulary stands in for it."""
    assert entry["@context"] == SCHEMA
    offline = {**entry, "@context": {"@vocab": SCHEMA}}
    graph = rdflib.Graph().parse(data=json.dumps(offline), format="json-ld")
    schema = rdflib.Namespace(SCHEMA)
    datasets = list(graph.subjects(rdflib.RDF.type, schema.Dataset))
    assert len(datasets) == 1
    dataset = datasets[0]
    assert str(graph.value(dataset, schema.version)) == crocus_data.__version__
    assert str(graph.value(dataset, schema.license)) == entry["license"]
    downloads = list(graph.objects(dataset, schema.distribution))
    assert len(downloads) == len(entry["distribution"])
    assert all((download, rdflib.RDF.type, schema.DataDownload) in graph for download in downloads)


def test_version_and_licence_are_the_packages(entry: dict[str, Any]) -> None:
    descriptor = installed_json("datapackage.json")
    assert entry["@type"] == "Dataset"
    assert entry["version"] == crocus_data.__version__ == version("crocus-data") == descriptor["version"]
    assert [entry["license"]] == [licence["path"] for licence in descriptor["licenses"]]
    assert crocus_data.__version__ in entry["citation"]


def test_it_says_what_croissant_and_citation_cff_say(entry: dict[str, Any]) -> None:
    croissant = installed_json("croissant.json")
    for key in ["name", "alternateName", "description", "license", "version", "keywords"]:
        assert entry[key] == croissant[key], key
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert entry["alternateName"] == " ".join(cff["title"].split())
    assert [creator["name"] for creator in entry["creator"]] == [author["name"] for author in cff["authors"]]
    assert all(creator["@type"] == "Organization" for creator in entry["creator"])
    assert "neither licence" in entry["description"]


def test_every_distribution_entry_is_a_shipped_table_file(entry: dict[str, Any]) -> None:
    data = crocus_data.data_dir()
    listed = {download["name"]: download for download in entry["distribution"]}
    expected = set()
    for table in crocus_data.tables():
        expected |= {
            crocus_data.parquet_path(table).relative_to(data).as_posix(),
            (data / "records" / f"{table}.csv").relative_to(data).as_posix(),
        }
    assert set(listed) == expected
    formats = {".csv": "text/csv", ".parquet": "application/x-parquet"}
    for name, download in listed.items():
        assert (data / name).is_file(), name
        assert download["@type"] == "DataDownload"
        assert download["encodingFormat"] == formats[Path(name).suffix]
        assert download["license"] == entry["license"]
