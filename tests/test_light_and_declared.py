"""What users install is what the code needs, declared, and no more; what they call imports only what it needs.

- every third-party module the package imports is declared: the validator's and the loaders' in the
  dependencies, the rest in the extra that needs it; dev tools are in none of what users install;
- ``crocus_data.testing`` names its own small extra;
- ``import crocus_data``, ``crocus-data --help`` and ``load()`` import only what they need;
- ``source_text`` takes source ids only.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

import crocus_data

from scratch import REPO

PACKAGE = REPO / "crocus_data"
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
# The layers `crocus-data validate` and `load()` run on: their imports must be plain dependencies.
RUNTIME = ("reader", "checks", "loaders", "published", "models", "safe_io", "validation.py", "build.py", "cli")
DEV_TOOLS = {"ruff", "mypy", "pytest", "pandas-stubs", "import-linter", "hatchling", "playwright"}
USER_EXTRAS = {"plots", "polars", "duckdb", "datasets", "testing", "serve", "annotate"}


def distribution(requirement: str) -> str:
    return re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def third_party_imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return {name for name in names if name not in sys.stdlib_module_names and name != "crocus_data"}


def declared(requirements: list[str]) -> set[str]:
    return {distribution(requirement) for requirement in requirements}


def test_every_module_the_package_imports_is_declared_where_its_users_get_it() -> None:
    importable = packages_distributions()
    dependencies = declared(PROJECT["dependencies"])
    optional = {
        d
        for extra in USER_EXTRAS & set(PROJECT["optional-dependencies"])
        for d in declared(PROJECT["optional-dependencies"][extra])
    }
    anywhere = dependencies | {d for extra in PROJECT["optional-dependencies"].values() for d in declared(extra)}
    missing, not_runtime = [], []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).as_posix()
        for name in third_party_imports(path):
            owners = {owner.lower().replace("_", "-") for owner in importable.get(name, [name])}
            if not owners & anywhere:
                missing.append((relative, name))
            elif relative.split("/")[0] in RUNTIME and not owners & (dependencies | optional):
                not_runtime.append((relative, name))
    assert missing == [], "declare these in pyproject.toml"
    assert not_runtime == [], "the validator and the loaders import only dependencies, or a user's extra"


def test_dev_tools_are_in_nothing_users_install() -> None:
    assert not declared(PROJECT["dependencies"]) & DEV_TOOLS
    for extra in USER_EXTRAS & set(PROJECT["optional-dependencies"]):
        assert not declared(PROJECT["optional-dependencies"][extra]) & DEV_TOOLS, extra


def test_the_testing_module_names_its_own_small_extra() -> None:
    assert declared(PROJECT["optional-dependencies"]["testing"]) == {"hypothesis"}
    found = subprocess.run(
        [sys.executable, "-c", "import sys; sys.modules['hypothesis'] = None; import crocus_data.testing"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert found.returncode != 0 and "crocus-data[testing]" in found.stderr


def imported_by(code: str, tmp_path: Path) -> set[str]:
    probe = f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True)
    return set(json.loads(result.stdout.splitlines()[-1]))


def test_the_command_line_starts_without_the_heavy_modules(tmp_path: Path) -> None:
    loaded = imported_by("from crocus_data.cli.entry_point import parser\nparser().format_help()", tmp_path)
    assert not loaded & {"pyarrow", "numpy", "pandas", "pydantic", "crocus_data.models"}


def test_import_is_light_and_load_does_not_import_the_models(tmp_path: Path) -> None:
    assert not imported_by("import crocus_data", tmp_path) & {"pyarrow", "numpy", "pandas", "pydantic"}
    loaded = imported_by("import crocus_data\ncrocus_data.load('figures')", tmp_path)
    assert "pandas" in loaded and not loaded & {"pydantic", "crocus_data.models"}


@pytest.mark.parametrize("name", ["figures", "figures-parquet", "datapackage", "src-999"])
def test_source_text_takes_source_ids_only_and_says_which_exist(name: str) -> None:
    with pytest.raises(KeyError) as raised:
        crocus_data.source_text(name)
    assert all(source_id in str(raised.value) for source_id in crocus_data.loaders.source_ids())


def test_source_text_gives_each_listed_source() -> None:
    for source_id in crocus_data.loaders.source_ids():
        assert crocus_data.source_text(source_id)
