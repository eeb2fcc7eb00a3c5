"""The rule registry is the one list of rules: the docs table, the exit status and the problems all follow it."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from crocus_data.checks.report import exit_status
from crocus_data.models import MODELS
from crocus_data.problems import Problem
from crocus_data.published.outputs import generated_section
from crocus_data.rule_registry import Category, Rule
from crocus_data.site import rules_page

import anchors
from pages import shown
from scratch import REPO, ScratchRepo
from statuses import cases, expected_status

CASES = cases()


def test_every_rule_has_a_summary_a_category_and_a_fix() -> None:
    for rule in Rule:
        assert re.fullmatch(r"[a-z]+(\.[a-z-]+)+", rule.value), rule
        assert isinstance(rule.category, Category) and rule.summary and rule.fix, rule


def test_row_rules_of_the_models_are_registered_rules() -> None:
    for model in MODELS:
        for row_rule in model.row_rules:
            assert isinstance(row_rule.rule, Rule), (model.table, row_rule.rule)


@pytest.mark.parametrize("rule", list(Rule), ids=str)
def test_the_exit_status_of_each_rule_is_the_corpus(rule: Rule) -> None:
    """The statuses come from the corpus's hand-written cases, not from the categories the code reads."""
    assert exit_status([Problem("records/x.csv", 2, None, rule, "message")]) == expected_status([rule.value])


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_the_exit_status_of_each_case_is_the_corpus(case: dict[str, Any]) -> None:
    problems = [Problem("records/x.csv", 2, None, Rule(item["rule"]), "message") for item in case["expect"]]
    assert exit_status(problems) == case.get("status", 1)


def test_no_problem_exits_0() -> None:
    assert exit_status([]) == 0


def test_the_docs_table_lists_every_rule_in_registry_order() -> None:
    text = shown("validation.md")
    listed = re.findall(r"^\| `([a-z0-9.-]+)` \| \*?([a-z]+)\*? \|", text, flags=re.MULTILINE)
    assert listed == [(rule.value, rule.category.value) for rule in Rule]


def test_the_committed_page_leaves_the_rule_table_to_the_site_build() -> None:
    """A table pasted between the markers would never be shown: the site build writes it from the registry."""
    assert generated_section((REPO / "docs" / "validation.md").read_text(encoding="utf-8"), rules_page.SECTION) == ""


def test_json_output_carries_the_rule_id_as_plain_text(
    scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    from crocus_data.cli import main

    scratch.set_cell("figures", anchors.plain_figure()["figure_id"], "value", "many")
    assert main(["validate", str(scratch.data), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [problem["rule"] for problem in report["problems"]] == ["cell.type.integer"]
