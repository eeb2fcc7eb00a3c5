"""The descriptors are Data Package v2: valid against the official v2 profiles, applied offline.

dplib-py ships copies of the v2 JSON Schema profiles, but its own check fetches them over the
network. Here they are read from the installed dplib with importlib.resources and applied with
jsonschema; a ``referencing`` registry holds them under their official URLs, and any ``$ref`` to
something not shipped raises instead of fetching.
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import referencing
from referencing.exceptions import NoSuchResource

import crocus_data
from crocus_data.models import MODELS
from crocus_data.models.columns import columns

from scratch import REPO

PROFILES_URL = "https://datapackage.org/profiles/2.0/"


def refuse_network(uri: str) -> Any:
    raise NoSuchResource(ref=uri)


@pytest.fixture(scope="module")
def registry() -> Any:
    """The shipped v2 profiles under their official URLs; nothing else resolves."""
    shipped = files("dplib") / "profiles" / "2.0"
    pairs = []
    for entry in shipped.iterdir():
        if entry.name.endswith(".json"):
            contents = json.loads(entry.read_text(encoding="utf-8"))
            resource = referencing.Resource.from_contents(contents, default_specification=referencing.jsonschema.DRAFT7)
            pairs.append((PROFILES_URL + entry.name, resource))
    assert {url.removeprefix(PROFILES_URL) for url, _ in pairs} >= {
        "datapackage.json",
        "dataresource.json",
        "tableschema.json",
    }
    return referencing.Registry(retrieve=refuse_network).with_resources(pairs)  # type: ignore[call-arg]


def problems(registry: Any, profile: str, instance: object) -> list[str]:
    """Every error of ``instance`` against the profile at ``profile`` (a URL the registry must hold)."""
    schema = registry.contents(profile)  # raises for a profile that is not shipped: never fetched
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema, registry=registry)
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator.iter_errors(instance)]


DESCRIPTORS = {
    "installed": crocus_data.data_dir() / "datapackage.json",
    "repository root": REPO / "datapackage.json",  # committed: it changes with the models and the sources only
}


@pytest.fixture(params=list(DESCRIPTORS), scope="module")
def descriptor(request: pytest.FixtureRequest) -> dict[str, Any]:
    document = json.loads(Path(DESCRIPTORS[request.param]).read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def test_the_descriptor_names_the_v2_package_profile(descriptor: dict[str, Any]) -> None:
    assert descriptor["$schema"] == PROFILES_URL + "datapackage.json"
    assert "profile" not in descriptor  # the v1 property v2 replaced with $schema
    assert descriptor["version"] == crocus_data.__version__


def test_the_descriptor_is_valid_against_the_v2_package_profile(registry: Any, descriptor: dict[str, Any]) -> None:
    assert problems(registry, descriptor["$schema"], descriptor) == []


def test_each_resource_and_table_schema_is_valid_against_its_v2_profile(
    registry: Any, descriptor: dict[str, Any]
) -> None:
    for resource in descriptor["resources"]:
        assert problems(registry, PROFILES_URL + "dataresource.json", resource) == [], resource["name"]
        if "schema" in resource:
            assert problems(registry, PROFILES_URL + "tableschema.json", resource["schema"]) == [], resource["name"]


def test_tables_carry_the_v2_forms(descriptor: dict[str, Any]) -> None:
    """type: table, keys as arrays, and each enum's allowed values as categories."""
    resources = {resource["name"]: resource for resource in descriptor["resources"]}
    for model in MODELS:
        for name in [model.table, f"{model.table}-parquet"]:
            resource = resources[name]
            assert resource["type"] == "table"
            assert "profile" not in resource
            schema = resource["schema"]
            assert schema["primaryKey"] == [model.primary_key]
            fields = {field["name"]: field for field in schema["fields"]}
            for column in columns(model):
                assert fields[column.name].get("categories") == (column.enum_values or None), column.name
            references = {key["fields"][0]: key["reference"] for key in schema.get("foreignKeys", [])}
            assert set(references) == {column.name for column in columns(model) if column.references}
            for column in columns(model):
                if column.references:
                    reference = references[column.name]
                    assert isinstance(reference["fields"], list)
                    if column.references == model.table:
                        assert "resource" not in reference  # v2: a reference to the table itself names none
                    else:
                        assert reference["resource"] in resources


def test_a_v1_descriptor_fails_the_v2_profile(registry: Any, descriptor: dict[str, Any]) -> None:
    """The profiles are applied for real: a v1-style key (a bare string where v2 has an array) is caught."""
    resource = next(r for r in descriptor["resources"] if r.get("schema", {}).get("foreignKeys"))
    broken = json.loads(json.dumps(resource["schema"]))
    broken["foreignKeys"][0]["fields"] = broken["foreignKeys"][0]["fields"][0]  # v1 allowed a string here too
    broken["foreignKeys"][0]["reference"]["fields"] = ["a", "b"]  # but not mixed with an array of two
    assert problems(registry, PROFILES_URL + "tableschema.json", broken) != []
    resource_copy = {**resource, "type": "file"}
    assert problems(registry, PROFILES_URL + "dataresource.json", resource_copy) != []


def test_a_profile_that_is_not_shipped_is_never_fetched(registry: Any) -> None:
    with pytest.raises(referencing.exceptions.Unresolvable):
        registry.resolver().lookup("https://datapackage.org/profiles/2.0/no-such-profile.json")
    with pytest.raises(NoSuchResource):
        registry.contents("https://datapackage.org/profiles/2.1/datapackage.json")
