"""The rule table of docs/validation.md, generated from the rule registry so the two never disagree."""

from __future__ import annotations

from crocus_data.rule_registry import Category, Rule

SECTION = "rules"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def rules_table() -> str:
    """One row per rule, in the registry's order: id, category, what it checks, how to fix it."""
    lines = ["| rule | category | what it checks | how to fix |", "|---|---|---|---|"]
    for rule in Rule:
        category = f"*{rule.category}*" if rule.category is Category.UNUSABLE else str(rule.category)
        lines.append(f"| `{rule.value}` | {category} | {_cell(rule.summary)} | {_cell(rule.fix)} |")
    return "\n".join(lines)
