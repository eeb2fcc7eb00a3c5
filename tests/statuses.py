"""The exit status of each rule as the bad-input corpus states it by hand: an oracle independent of the code.

tests/corpus/cases.json gives, for each case, the problems and the exit status a person expects. A
rule in a case that exits 1 exits 1; the one rule of an exit-2 case whose other rules all exit 1
exits 2. A validate run then exits with the highest status of its problems' rules (0 with none).
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from scratch import REPO


@cache
def cases() -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = json.loads((REPO / "tests" / "corpus" / "cases.json").read_text(encoding="utf-8"))
    return loaded


@cache
def rule_statuses() -> dict[str, int]:
    statuses = {item["rule"]: 1 for case in cases() if case.get("status", 1) == 1 for item in case["expect"]}
    found = True
    while found:
        found = False
        for case in cases():
            rules = {item["rule"] for item in case["expect"]}
            unknown = rules - set(statuses)
            if case.get("status", 1) == 2 and len(unknown) == 1 and all(statuses[r] == 1 for r in rules - unknown):
                statuses[unknown.pop()], found = 2, True
    return statuses


def expected_status(rules: list[str]) -> int:
    """The exit status a run reporting problems of these rules must have (0 for none)."""
    unknown = [rule for rule in rules if rule not in rule_statuses()]
    assert not unknown, f"no case in tests/corpus/cases.json says how {unknown} exits: add one"
    return max((rule_statuses()[rule] for rule in rules), default=0)
