"""The tests write nothing outside temporary directories: not in the home folder, not in the checkout.

A few tests that use the libraries with caches (Hugging Face datasets, matplotlib, Hypothesis) run in
a child pytest with an empty home folder and none of the cache variables set: tests/conftest.py must
point every cache at the temporary directory, so the home folder stays empty and the checkout gains
no file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import ENVIRONMENT

from scratch import REPO

CHILD_TESTS = [
    "tests/test_hf_datasets.py",
    "tests/test_plots.py::test_svgs_carry_no_date",
    "tests/test_estimates.py::test_contested_exactly_when_no_value_satisfies_every_assertion",
]
# What the checkout may gain while tests run: the interpreter's bytecode caches and the environment.
NOT_THE_TESTS = {"__pycache__", ".venv", ".git"}


def files_of(root: Path) -> set[Path]:
    found = set()
    for directory, dirnames, filenames in os.walk(root):
        dirnames[:] = [name for name in dirnames if name not in NOT_THE_TESTS]
        found |= {Path(directory, name).relative_to(root) for name in filenames}
    return found


def test_a_run_leaves_the_home_folder_and_the_checkout_as_they_were(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    environment = {
        name: value for name, value in os.environ.items() if name not in ENVIRONMENT and not name.startswith("XDG_")
    }
    environment |= {"HOME": str(home), "HYPOTHESIS_PROFILE": "default"}
    before = files_of(REPO)
    base = tmp_path / "base"
    result = subprocess.run(
        # -P: the installed package, not the checkout's copy that `python -m` would put first on the path;
        # --all-tiers: every child test runs, whatever tier it is in
        [sys.executable, "-P", "-m", "pytest", "-q", "-n0", "--all-tiers", f"--basetemp={base}", *CHILD_TESTS],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert f"{len(CHILD_TESTS)} passed" in result.stdout, result.stdout[-3000:]  # none left out by a tier
    assert sorted(p.relative_to(home) for p in home.rglob("*")) == []
    assert files_of(REPO) - before == set()
