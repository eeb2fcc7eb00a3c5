"""Fixtures: the repository checkout and scratch copies of it that tests may break."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from test_site import mkdocs_build

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


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The docs site as `mkdocs build --strict` makes it from the checkout, built once for every test that reads it."""
    target = tmp_path_factory.mktemp("built") / "site"
    result = mkdocs_build(REPO, target)
    assert result.returncode == 0, result.stdout + result.stderr
    return target
