"""The code's shape: no module imports another that imports it back, and the flow runs one way.

Read statically from the source (deferred imports inside functions count too), so a cycle hidden
behind a function-level import is found as surely as one at the top of a module.
"""

from __future__ import annotations

import ast
from pathlib import Path

from scratch import REPO

PACKAGE = REPO / "crocus_data"
# The flow: hand-encoded records -> models -> checks -> resources -> loaders (and the tools on top).
# A module of an earlier stage never imports one of a later stage.
STAGES = ["models", "checks", "resources"]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports() -> dict[str, set[str]]:
    """Each crocus_data module -> the crocus_data modules it imports (anywhere in its body)."""
    modules = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                targets = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            graph[name] |= {target for target in targets if target in modules and target != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_imports_one_that_imports_it_back() -> None:
    graph = imports()
    # A package's __init__ may re-export its own modules; that is not a cycle between ideas.
    without_reexports = {
        name: {target for target in targets if not target.startswith(f"{name}.")} for name, targets in graph.items()
    }
    assert cycles(without_reexports) == []


def test_the_flow_runs_one_way() -> None:
    def stage(module: str) -> int | None:
        parts = module.split(".")
        return STAGES.index(parts[1]) if len(parts) > 1 and parts[1] in STAGES else None

    backwards = [
        (module, target)
        for module, targets in imports().items()
        for target in targets
        if stage(module) is not None and stage(target) is not None and stage(target) > stage(module)  # type: ignore[operator]
    ]
    assert backwards == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
