"""Every limit is a constant of crocus_data/limits.py, and each is in the Limits table of docs/validation.md.

A bound that is not written down cannot be relied on, nor changed with care: the table names each
constant, so a limit added to the module without a line in the documentation fails here.
"""

from __future__ import annotations

import re

import crocus_data.limits

from scratch import REPO


def constants() -> set[str]:
    return {name for name, value in vars(crocus_data.limits).items() if name.isupper() and isinstance(value, int)}


def documented() -> set[str]:
    text = (REPO / "docs" / "validation.md").read_text(encoding="utf-8")
    section = text.split("## Limits", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"\| `([A-Z_]+)` \|$", section, flags=re.MULTILINE))


def test_every_limit_is_documented_and_every_documented_limit_exists() -> None:
    assert len(constants()) > 15
    assert constants() == documented(), constants() ^ documented()
