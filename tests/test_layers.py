"""The code's shape, as declared in pyproject.toml's import-linter contracts: layers that import only
downwards (deferred imports included), every subpackage in a layer, no cycle between the modules of a
package, and no module longer than a reader can hold in mind.

The contracts are checked by import-linter itself; the tests below also plant a back-edge, a deferred
back-edge and a cycle in a copy of the package, so a contract that stopped biting would fail here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from scratch import REPO

PACKAGE = REPO / "crocus_data"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
MAX_LINES = 400
# Declaration tables, exempt from the bound: a table of rules reads row by row, not as an argument.
DECLARATION_TABLES = {"crocus_data/rule_registry.py"}


def lint(root: Path) -> subprocess.CompletedProcess[str]:
    """Run lint-imports on the package under ``root``, with ``root``'s pyproject.toml, and no cache."""
    environment = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=root, env=environment, capture_output=True, text=True, check=False
    )


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """The package and its pyproject.toml, copied, to plant imports in."""
    shutil.copytree(PACKAGE, tmp_path / "crocus_data", ignore=shutil.ignore_patterns("data", "__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_layer_contracts_hold() -> None:
    found = lint(REPO)
    assert found.returncode == 0, found.stdout + found.stderr
    assert "0 broken" in found.stdout


def test_every_subpackage_and_module_of_the_top_is_in_a_layer() -> None:
    contracts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"][
        "contracts"
    ]
    layers = next(contract for contract in contracts if contract["type"] == "layers")
    named = {name.strip() for layer in layers["layers"] for name in layer.replace(":", "|").split("|")}
    children = {path.stem for path in PACKAGE.glob("*.py") if path.stem not in ("__init__", "__main__")}
    children |= {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    assert children == named, "add each new module or subpackage of crocus_data to a layer in pyproject.toml"


@pytest.mark.parametrize(
    ("module", "planted"),
    [
        ("reader/heap.py", "import crocus_data.cli\n"),  # at the top
        (
            "models/keys.py",
            "\n\ndef _late() -> None:\n    from crocus_data.checks import runner  # noqa: F401\n",
        ),  # deferred
        ("published/parquet.py", "\n\ndef _late() -> None:\n    import crocus_data.loaders  # noqa: F401\n"),
    ],
    ids=["top-level", "deferred-in-models", "deferred-in-published"],
)
def test_a_planted_back_edge_breaks_the_layers(copy: Path, module: str, planted: str) -> None:
    path = copy / "crocus_data" / module
    path.write_text(path.read_text(encoding="utf-8") + planted, encoding="utf-8")
    found = lint(copy)
    assert found.returncode != 0 and "BROKEN" in found.stdout, found.stdout


def test_a_planted_cycle_between_two_modules_of_a_package_is_found(copy: Path) -> None:
    a, b = copy / "crocus_data" / "checks" / "keys.py", copy / "crocus_data" / "checks" / "context.py"
    a.write_text(a.read_text(encoding="utf-8") + "\n\ndef _late() -> None:\n    import crocus_data.checks.context\n")
    b.write_text(b.read_text(encoding="utf-8") + "\n\ndef _late() -> None:\n    import crocus_data.checks.keys\n")
    found = lint(copy)
    assert found.returncode != 0 and "No import cycle" in found.stdout and "BROKEN" in found.stdout, found.stdout


def test_no_module_is_longer_than_a_reader_can_hold() -> None:
    long = {
        path.relative_to(REPO).as_posix(): lines
        for path in PACKAGE.rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert set(long) <= DECLARATION_TABLES, f"split these by idea (over {MAX_LINES} lines): {long}"
