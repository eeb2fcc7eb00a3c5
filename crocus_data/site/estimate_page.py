"""The estimate rule of docs/analysis.md, rendered from the code that applies it so the two never disagree."""

from __future__ import annotations

from crocus_data.views.estimates import READINGS, RULE, BestReason

SECTION = "estimate-rule"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def estimate_rule() -> str:
    """The rule in words, the interval each qualifier gives, and each reason best may be empty."""
    lines = [RULE.rstrip(), "", "| qualifier | the assertion allows | why |", "|---|---|---|"]
    lines += [f"| `{r.qualifier}` | {_cell(r.allows)} | {_cell(r.why)} |" for r in READINGS]
    lines += ["", "| best_reason | when |", "|---|---|"]
    lines += [f"| `{reason.value}` | {_cell(reason.definition)} |" for reason in BestReason]
    return "\n".join(lines)
