"""The workbench's forms are generated from every model: each column a field, as the published schemas state it.

The oracle is what the package publishes, read here independently of the form generator: the JSON
Schema of each table (names in order, enum values with their definitions, required cells, patterns)
and the descriptor's foreign keys. Verbatim columns are read from the models' field metadata.
"""

from __future__ import annotations

import json
import re
from typing import Any, get_args

import pytest

from crocus_data.annotate.forms import SELECTABLE, form, forms
from crocus_data.annotate.records import new_evidence_id, new_id, slug
from crocus_data.layout import SCHEMAS_DIR
from crocus_data.models import MODELS, Record
from crocus_data.models.columns import Verbatim
from crocus_data.models.keys import PREFIXES

from scratch import REPO

DESCRIPTOR = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))


def schema(table: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((REPO / SCHEMAS_DIR / f"{table}.json").read_text("utf-8"))
    return document


def optional(prop: dict[str, Any]) -> bool:
    kinds = prop.get("type", [])
    return "null" in (kinds if isinstance(kinds, list) else [kinds]) or any(
        option.get("type") == "null" or option.get("const", "") is None for option in prop.get("oneOf", [])
    )


def foreign_keys(table: str) -> dict[str, str]:
    resource = next(r for r in DESCRIPTOR["resources"] if r["name"] == table)
    return {
        key["fields"][0]: key["reference"].get("resource") or table for key in resource["schema"].get("foreignKeys", [])
    }


def verbatim_fields(model: type[Record]) -> set[str]:
    found = set()
    for name, info in model.model_fields.items():
        metadata = [*info.metadata, *(m for arg in get_args(info.annotation) for m in getattr(arg, "__metadata__", ()))]
        if any(isinstance(item, Verbatim) for item in metadata):
            found.add(name)
    return found


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.table)
def test_every_column_of_every_table_is_a_field_as_its_schema_states_it(model: type[Record]) -> None:
    generated = form(model)
    published = schema(model.table)["properties"]
    fields = {field["name"]: field for field in generated["fields"]}
    assert list(fields) == list(published), "one field per column, in the table's order"
    references = foreign_keys(model.table)
    for name, prop in published.items():
        field = fields[name]
        assert field["description"] == prop["description"]
        assert field["required"] is not optional(prop), name
        consts = [option["const"] for option in prop.get("oneOf", []) if option.get("const")]
        assert [choice["value"] for choice in field["choices"]] == consts, name
        definitions = {o["const"]: o["description"] for o in prop.get("oneOf", []) if o.get("const")}
        assert all(choice["definition"] == definitions[choice["value"]] for choice in field["choices"])
        assert all(choice["definition"] for choice in field["choices"]), "every value comes with its meaning"
        assert field["pattern"] == prop.get("pattern"), name
        assert field["references"] == references.get(name), name
    assert {f["name"] for f in generated["fields"] if f["verbatim"]} == verbatim_fields(model)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.table)
def test_a_date_is_one_group_of_bounds_precision_derivation_and_note_with_the_guides_help(model: type[Record]) -> None:
    generated = form(model)
    for group in generated["groups"]:
        parts = [field["part"] for field in generated["fields"] if field["group"] == group["name"]]
        assert parts == ["earliest", "latest", "precision", "derivation", "note"]
        assert group["description"] == model.model_fields[group["name"]].description
        assert "Never compute a day the text does not give" in group["help"]


def test_the_selectable_tables_are_the_evidenced_records_a_selection_can_start() -> None:
    assert set(SELECTABLE) == {m.table for m in MODELS if m.evidenced} - {"sources"}
    assert set(forms()) == {m.table for m in MODELS}


@pytest.mark.parametrize("table", sorted(set(PREFIXES) - {"evidence"}))
def test_a_new_id_follows_the_documented_pattern_and_is_never_taken(table: str) -> None:
    pattern = form(next(m for m in MODELS if m.table == table))["key_pattern"]
    taken: set[str] = set()
    for words in ["Ben̈a Q̇uill 👩🏽‍⚕️", "“at least 151 people”", "Москва", "", "  ", "A, B; C — d\u2019e 2024-07-01"]:
        made = new_id(table, words, taken)
        assert re.fullmatch(pattern, made), made
        assert made not in taken
        taken.add(made)


def test_a_slug_is_the_words_in_lower_case_ascii() -> None:
    assert slug("Ben̈a Q̇uill 👩🏽‍⚕️, said") == "bena-quill-said"
    assert slug("at least 151 people were killed today") == "at-least-151-people-were"
    assert new_id("actors", "Ben̈a Q̇uill", {"act-bena-quill"}) == "act-bena-quill-2"
    assert new_evidence_id("act-x", {"ev-act-x-1", "ev-act-x-2"}) == "ev-act-x-3"
