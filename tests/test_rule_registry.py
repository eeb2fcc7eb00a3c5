"""The rule registry is the one list of rules: the docs table, the exit status and the problems all follow it."""

from __future__ import annotations

import json
import re

import pytest

from crocus_data.build import build
from crocus_data.checks.report import exit_status
from crocus_data.models import MODELS
from crocus_data.problems import Problem
from crocus_data.rule_registry import Category, Rule

from scratch import REPO, ScratchRepo


def test_every_rule_has_a_summary_a_category_and_a_fix() -> None:
    for rule in Rule:
        assert re.fullmatch(r"[a-z]+(\.[a-z-]+)+", rule.value), rule
        assert isinstance(rule.category, Category) and rule.summary and rule.fix, rule


def test_row_rules_of_the_models_are_registered_rules() -> None:
    for model in MODELS:
        for row_rule in model.row_rules:
            assert isinstance(row_rule.rule, Rule), (model.table, row_rule.rule)


@pytest.mark.parametrize("rule", list(Rule), ids=str)
def test_the_exit_status_follows_the_category(rule: Rule) -> None:
    status = exit_status([Problem("records/x.csv", 2, None, rule, "message")])
    assert status == (2 if rule.category is Category.UNUSABLE else 1)


def test_the_docs_table_lists_every_rule_in_registry_order() -> None:
    text = (REPO / "docs" / "validation.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| `([a-z0-9.-]+)` \| \*?([a-z]+)\*? \|", text, flags=re.MULTILINE)
    assert listed == [(rule.value, rule.category.value) for rule in Rule]


def test_an_edit_inside_the_generated_rule_table_is_drift(scratch: ScratchRepo) -> None:
    page = scratch.root / "docs" / "validation.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("| `key.duplicate` |", "| `key.duplicated` |"), encoding="utf-8")
    assert [str(path) for path in build(scratch.root, check=True).drifted] == ["docs/validation.md"]


def test_json_output_carries_the_rule_id_as_plain_text(
    scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    from crocus_data.cli import main

    scratch.set_cell("figures", "fig-crocus-killed-000", "value", "many")
    assert main(["validate", str(scratch.data), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [problem["rule"] for problem in report["problems"]] == ["cell.type.integer"]
