"""Fixtures, tiers and a clean environment for the suite.

- Every cache a library would keep in the home directory or the checkout (Hugging Face, matplotlib,
  XDG, ruff, mypy, Hypothesis's example database) goes under one temporary directory, so the tests
  write nothing outside a temporary directory (tests/test_environment.py holds them to it).
- The slow tiers (``browser``, ``benchmark``, ``deep``, ``wheel``, ``interop``: markers declared in
  pyproject.toml) run with ``--all-tiers``, as ``.ci/run`` and the README's test command do; plain
  ``pytest`` leaves them out and says how many, and ``-m TIER`` runs one of them.
- Cases that need file permissions to bind (``non_root``: root reads any file whatever its permissions)
  are left out when the process reads any file; ``.ci/run`` runs them again as an unprivileged user,
  or as root without the capabilities that bypass permissions (setpriv).
"""

from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path

# Before anything imports matplotlib, datasets or huggingface_hub: they read these once.
CACHES = Path(tempfile.gettempdir()) / f"crocus-data-tests-{os.getuid()}"
ENVIRONMENT = {
    "HF_HOME": CACHES / "huggingface",
    "MPLCONFIGDIR": CACHES / "matplotlib",
    "XDG_CACHE_HOME": CACHES / "xdg-cache",
    "XDG_CONFIG_HOME": CACHES / "xdg-config",
    "XDG_DATA_HOME": CACHES / "xdg-data",
    "RUFF_CACHE_DIR": CACHES / "ruff",
    "MYPY_CACHE_DIR": CACHES / "mypy",
}
for _name, _path in ENVIRONMENT.items():
    _path.mkdir(parents=True, exist_ok=True)
    os.environ[_name] = str(_path)
os.environ["HF_HUB_OFFLINE"] = os.environ["HF_DATASETS_OFFLINE"] = "1"  # nothing is fetched

import pytest  # noqa: E402
from filelock import FileLock  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402
from hypothesis.database import DirectoryBasedExampleDatabase  # noqa: E402

from scratch import REPO, ScratchRepo, built  # noqa: E402

# Hypothesis: the examples that failed are kept (and replayed first) under the temporary directory.
DATABASE = DirectoryBasedExampleDatabase(str(CACHES / "hypothesis"))
# Two counts, as Hypothesis suggests for a quick local loop and a thorough CI run: plain `pytest` (a
# contributor's loop) runs 25 examples per property, `pytest --all-tiers` (.ci/run, every pull request's CI)
# Hypothesis's own 100 (pytest_configure below). Every bug planted to test the counts was found within 25
# by every seed (docs/testing.md). The properties that generate whole packages or validate whole copies
# take a share (tests/budgets.py). No deadline: a shared CI machine's timing is not a property of the code.
settings.register_profile("default", max_examples=25, deadline=None, database=DATABASE)
settings.register_profile("ci", max_examples=100, deadline=None, database=DATABASE)
settings.register_profile("deep", max_examples=1000, deadline=None, database=DATABASE)
settings.register_profile(
    "snippets", max_examples=3, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)  # a docs snippet that runs a property: it shows the API works
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

SLOW_TIERS = ("browser", "benchmark", "deep", "wheel", "interop")


def pytest_configure(config: pytest.Config) -> None:
    """`--all-tiers` (CI) runs the CI count of examples, unless HYPOTHESIS_PROFILE names another."""
    if config.getoption("--all-tiers") and "HYPOTHESIS_PROFILE" not in os.environ:
        settings.load_profile("ci")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--all-tiers",
        action="store_true",
        help=f"also run the slow tiers ({', '.join(SLOW_TIERS)}), as .ci/run does",
    )


@functools.cache
def reads_any_file() -> bool:
    """Whether this process reads files whatever their permissions (root, with its capabilities)."""
    with tempfile.TemporaryDirectory() as folder:
        probe = Path(folder) / "unreadable"
        probe.write_bytes(b"x")
        probe.chmod(0)
        try:
            probe.read_bytes()
        except PermissionError:
            return False
        finally:
            probe.chmod(0o600)
    return True


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist's own, which turns xdist_group marks into the group
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    chosen = bool(config.getoption("markexpr"))  # -m picks what runs
    left_out: list[pytest.Item] = []
    kept: list[pytest.Item] = []
    for item in items:
        if "site" in getattr(item, "fixturenames", ()):  # one process builds the site (pytest-xdist's loadgroup)
            item.add_marker(pytest.mark.xdist_group("site"))
        tiered = any(item.get_closest_marker(tier) for tier in SLOW_TIERS)
        slow = tiered and not chosen and not config.getoption("--all-tiers")
        root_only = item.get_closest_marker("non_root") is not None and reads_any_file()
        (left_out if slow or root_only else kept).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


def pytest_report_header(config: pytest.Config) -> list[str]:
    lines = []
    if not config.getoption("--all-tiers") and not config.getoption("markexpr"):
        lines.append(f"slow tiers left out ({', '.join(SLOW_TIERS)}): run `pytest --all-tiers`, as .ci/run does")
    if reads_any_file():
        lines.append("this process reads any file (root): the non_root cases are left out; .ci/run runs them without")
    return lines


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture
def scratch(tmp_path: Path) -> ScratchRepo:
    """A copy of the built checkout's data, descriptors, schemas and docs, safe to edit."""
    return ScratchRepo.copy_to(tmp_path / "checkout")


@pytest.fixture(scope="session")
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The docs site as `mkdocs build --strict` makes it from a built copy of the checkout, once per run.

    The tests only read it. The workers share one build (pytest-xdist's recipe for a session fixture made
    once: a file lock in the run's common temporary folder), whichever worker the scheduler gives them to.
    """
    from test_site import mkdocs_build

    base = tmp_path_factory.getbasetemp()
    # A pytest-xdist worker's folder (popen-gw0 ...) is inside the run's, which the workers share.
    shared = base.parent if hasattr(request.config, "workerinput") else base
    target, done = shared / "site", shared / "site.built"
    with FileLock(shared / "site.lock"):
        if not done.is_file():
            result = mkdocs_build(built(), target)
            assert result.returncode == 0, result.stdout + result.stderr
            done.touch()
    return target
