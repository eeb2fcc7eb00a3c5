"""The benchmarks' floor must keep reading the package this build writes, and keep catching what validate catches.

A floor that crashes or misses a rule would make the performance figures meaningless, and nothing else
runs benchmarks/ between releases: the v2 descriptor's array keys once broke the floor unnoticed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from scratch import REPO

pytestmark = pytest.mark.benchmark  # a slow tier: pytest --all-tiers, .ci/run


def test_the_floor_and_validate_agree_on_a_valid_package_and_on_each_breakage() -> None:
    crocus = Path(sys.executable).with_name("crocus-data")
    result = subprocess.run(
        [sys.executable, "benchmarks/floor_selftest.py", "--crocus", str(crocus)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
