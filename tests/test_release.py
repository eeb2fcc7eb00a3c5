"""Release hygiene: one version everywhere, a citation file, a data-semver changelog, separate licences."""

from __future__ import annotations

import datetime
import json
import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml

import crocus_data
from crocus_data.history.manifest import read_manifest

from scratch import REPO

SEMVER = re.compile(r"^\d+\.\d+\.\d+$")


def citation() -> dict[str, object]:
    loaded = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def pyproject() -> dict[str, object]:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def pyproject_version() -> str:
    project = pyproject()["project"]
    assert isinstance(project, dict)
    if "version" in project:
        return str(project["version"])
    assert "version" in project["dynamic"]  # read by hatch from the package, checked below
    source = pyproject()["tool"]["hatch"]["version"]["path"]  # type: ignore[index]
    found = re.search(r'^__version__ = "([^"]+)"$', (REPO / source).read_text(encoding="utf-8"), re.MULTILINE)
    assert found, source
    return found.group(1)


def changelog_versions() -> list[str]:
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    return re.findall(r"^## (\d+\.\d+\.\d+)\b", text, flags=re.MULTILINE)


def test_the_version_is_the_same_everywhere() -> None:
    versions = {
        "crocus_data.__version__": crocus_data.__version__,
        "pyproject.toml": pyproject_version(),
        "installed metadata": version("crocus-data"),
        "datapackage.json": json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))["version"],
        "crocus_data/data/datapackage.json": json.loads(
            (crocus_data.data_dir() / "datapackage.json").read_text(encoding="utf-8")
        )["version"],
        "CITATION.cff": str(citation()["version"]),
        "CHANGELOG.md (newest entry)": changelog_versions()[0],
    }
    assert len(set(versions.values())) == 1, versions
    assert SEMVER.match(crocus_data.__version__)


def test_the_citation_file_is_complete() -> None:
    cff = citation()
    assert cff["cff-version"] == "1.2.0"
    for key in ["message", "title", "authors", "version", "license", "type"]:
        assert cff.get(key), key
    assert cff["type"] == "dataset"
    authors = cff["authors"]
    assert isinstance(authors, list) and all("name" in a or "family-names" in a for a in authors)
    descriptor = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    assert " ".join(str(cff["title"]).split()) == descriptor["title"]
    licences = cff["license"] if isinstance(cff["license"], list) else [cff["license"]]
    declared = str(pyproject()["project"]["license"]).split(" AND ")  # type: ignore[index]
    # CFF takes SPDX licence ids only; the LicenseRef- terms name what no licence covers (the news texts).
    assert sorted(licences) == sorted(term for term in declared if not term.startswith("LicenseRef-"))
    data = (REPO / "LICENSE-DATA.md").read_text(encoding="utf-8")
    assert all(term in data for term in declared if term.startswith("LicenseRef-"))
    assert "CC-BY-4.0" in licences and "CC-BY-4.0" in {lic["name"] for lic in descriptor["licenses"]}
    if "date-released" in cff:  # only once a release is published
        assert isinstance(cff["date-released"], datetime.date)


def test_the_changelog_explains_data_semver_and_lists_the_first_release() -> None:
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    levels = [("Major", "renamed, retyped or removed"), ("Minor", "records are added"), ("Patch", "fixed")]
    for level, meaning in levels:
        assert re.search(rf"\*\*{level}\*\*[^\n]*\n?[^\n]*{meaning}", text), level
    versions = changelog_versions()
    assert versions == sorted(set(versions), key=lambda v: tuple(map(int, v.split("."))), reverse=True)
    first = text[text.index("## 0.1.0") :]
    for table in read_manifest(REPO / "releases" / "0.1.0.json.gz").tables:
        assert f"`{table}`" in first, table
    entries = text[text.index(f"## {versions[0]}") :]
    for table in crocus_data.tables():  # a table added later is named in the entry of its release
        assert f"`{table}`" in entries, table


@pytest.mark.parametrize("name", ["LICENSE", "LICENSE-DATA.md", "CITATION.cff", "CHANGELOG.md"])
def test_release_files_exist(name: str) -> None:
    assert (REPO / name).is_file()


def test_code_and_data_are_licensed_separately() -> None:
    assert "MIT License" in (REPO / "LICENSE").read_text(encoding="utf-8")
    data = " ".join((REPO / "LICENSE-DATA.md").read_text(encoding="utf-8").split())
    assert "CC BY 4.0" in data and "crocus_data/data/sources/*.txt" in data
    files = pyproject()["project"]["license-files"]  # type: ignore[index]
    assert {"LICENSE", "LICENSE-DATA.md"} <= set(files)


def test_the_installed_package_carries_its_licences() -> None:
    from importlib.metadata import distribution

    dist = distribution("crocus-data")
    assert dist.metadata["License-Expression"] == pyproject()["project"]["license"]  # type: ignore[index]
    shipped = {Path(str(f)).name for f in dist.files or []}
    assert {"LICENSE", "LICENSE-DATA.md"} <= shipped
