"""The wheel a reader installs: built here with hatchling, and checked for what it must carry.

The JSON Schemas, the Web Annotations, py.typed and both licence files are in it; its metadata
names the authors, the project URLs and the licence expression pyproject.toml declares. The schemas
installed with the package are read with importlib.resources and equal what the build renders.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
import zipfile
from email.message import Message
from email.parser import Parser
from importlib.resources import files
from pathlib import Path

import pytest

import crocus_data
from crocus_data.models import MODELS, Record
from crocus_data.published.json_schema import json_schema

from scratch import REPO

pytestmark = pytest.mark.wheel  # a slow tier: pytest --all-tiers, .ci/run


def project() -> dict[str, object]:
    loaded = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert isinstance(loaded, dict)
    return loaded


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    """The wheel of this checkout, built offline with the hatchling the dev extra installs."""
    out = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--no-index"]
    result = subprocess.run([*command, "--wheel-dir", str(out), str(REPO)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    (path,) = out.glob("crocus_data-*.whl")
    return zipfile.ZipFile(path)


def metadata(wheel: zipfile.ZipFile) -> Message:
    (name,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
    return Parser().parsestr(wheel.read(name).decode("utf-8"))


def test_the_wheel_carries_the_schemas_annotations_types_and_licences(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    for model in MODELS:
        assert f"crocus_data/schemas/{model.table}.json" in names, model.table
    assert {"crocus_data/data/annotations.jsonld", "crocus_data/py.typed"} <= names
    assert {"crocus_data/data/crocus.sqlite", "crocus_data/data/datasette.json"} <= names  # crocus-data serve
    licences = {Path(n).name for n in names if ".dist-info/licenses/" in n}
    assert {"LICENSE", "LICENSE-DATA.md"} <= licences


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.table)
def test_the_wheels_schemas_are_the_ones_the_build_renders(wheel: zipfile.ZipFile, model: type[Record]) -> None:
    assert json.loads(wheel.read(f"crocus_data/schemas/{model.table}.json")) == json_schema(model)


def test_the_metadata_names_authors_urls_and_the_licence(wheel: zipfile.ZipFile) -> None:
    meta, declared = metadata(wheel), project()
    assert meta["Name"] == "crocus-data" and meta["Version"] == crocus_data.__version__
    assert meta["License-Expression"] == declared["license"]
    assert "LicenseRef-" in meta["License-Expression"]  # the news texts: under no licence of this project
    assert set(meta.get_all("License-File") or []) >= {"LICENSE", "LICENSE-DATA.md"}
    authors = declared["authors"]
    assert isinstance(authors, list) and authors
    assert all(author["name"] in (meta["Author"] or "") + (meta["Author-email"] or "") for author in authors)
    urls = declared["urls"]
    assert isinstance(urls, dict) and urls
    assert sorted(meta.get_all("Project-URL") or []) == sorted(f"{label}, {url}" for label, url in urls.items())
    assert meta.get_payload() == (REPO / "README.md").read_text(encoding="utf-8")  # the index page's text


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.table)
def test_the_installed_schemas_read_with_importlib_resources(model: type[Record]) -> None:
    """Whichever way the package is installed, its schemas are a resource of the package."""
    schema = files("crocus_data").joinpath("schemas", f"{model.table}.json").read_text(encoding="utf-8")
    assert json.loads(schema) == json_schema(model)
