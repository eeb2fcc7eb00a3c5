"""Fixtures: the repository checkout and scratch copies of it that tests may break."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from scratch import REPO, ScratchRepo

settings.register_profile("ci", max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("deep", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture
def scratch(tmp_path: Path) -> ScratchRepo:
    """A copy of the checkout's data, descriptors, schemas and docs, safe to edit."""
    return ScratchRepo.copy_to(tmp_path / "checkout")


# Hostile inputs the validator does not handle yet (issue 10, still open): each is a strict xfail, so
# the suite says what is missing and fails the day one is fixed without this list being updated.
KNOWN_GAPS = {
    "TestHelpersOnOrdinaryInputs::test_set_cell_exactly_writes_csv_the_validator_reads",
    "TestEverydayInputsDoNotCrash::test_symlink_loop[records/figures.csv]",
    "TestEverydayInputsDoNotCrash::test_symlink_loop[sources/000_20675778ab43e918.txt]",
    "TestEverydayInputsDoNotCrash::test_resource_path_the_os_cannot_take[nul byte]",
    "TestEverydayInputsDoNotCrash::test_resource_path_the_os_cannot_take[lone surrogate]",
    "TestSmallInputsStayCheap::test_quote_hints_stay_within_budget",
    "TestValidAgreesWithTheBuild::test_sources_csv_filename_is_not_the_described_file",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.nodeid.startswith("tests/test_hostile_inputs.py::") and item.nodeid.split("::", 1)[1] in KNOWN_GAPS:
            item.add_marker(pytest.mark.xfail(strict=True, reason="issue 10: this hostile input is not handled yet"))
