"""Dependencies point one way: the import-linter contracts in pyproject.toml hold for the whole tree
(every import, top-level or inside a function) with no exceptions, the app graph has no cycle, trust
imports no other app and core none at all."""
from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Every app of the project: a top-level package with an apps.py (the same rule tools/app_imports.py uses).
APPS = tuple(sorted(p.parent.name for p in ROOT.glob("*/apps.py")))
SHARED = {"core"}  # the shared-pieces app every app may import


def test_import_contracts_hold():
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command as c; sys.exit(c())",
         str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "broken" in result.stdout and "0 broken" in result.stdout


def test_import_contracts_name_every_app_and_ignore_nothing():
    """A new app outside the layers would be checked by nothing; an ignore_imports entry is a cycle
    kept on purpose."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    assert set(config["root_packages"]) == set(APPS)
    for contract in config["contracts"]:
        assert not contract.get("ignore_imports"), contract["name"]


def _imported_apps(package: str) -> dict[str, str]:
    """{other app: one place it is imported} for every import in `package`, top-level or inside a
    function (tests and migrations left out)."""
    found: dict[str, str] = {}
    for path in (ROOT / package).rglob("*.py"):
        if "migrations" in path.parts or "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module else []
            )
            for name in names:
                top = name.split(".")[0]
                if top in APPS and top != package:
                    found.setdefault(top, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def _cycle(graph: dict[str, dict[str, str]]) -> list[str]:
    """One cycle of the graph as a path of "app (file:line)" steps, or [] when it is acyclic."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(app: str) -> list[str]:
        state[app] = 1
        path.append(app)
        for other in sorted(graph[app]):
            if state.get(other) == 1:
                loop = path[path.index(other):] + [other]
                return [f"{a} -> {b} ({graph[a][b]})" for a, b in zip(loop, loop[1:], strict=False)]
            if other not in state and (found := visit(other)):
                return found
        path.pop()
        state[app] = 2
        return []

    for app in sorted(graph):
        if app not in state and (found := visit(app)):
            return found
    return []


def test_app_graph_is_acyclic():
    """The same walk as the shared tools/app_imports.py: no two apps import each other, directly or
    through others."""
    graph = {app: _imported_apps(app) for app in APPS}
    assert _cycle(graph) == []


def test_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b": "a.py:1"}, "b": {"c": "b.py:2"}, "c": {"a": "c.py:3"}}) == [
        "a -> b (a.py:1)", "b -> c (b.py:2)", "c -> a (c.py:3)"]
    assert _cycle({"a": {"b": "a.py:1"}, "b": {}}) == []


def test_trust_and_core_import_no_other_app():
    """trust takes registrations instead of importing apps; core is below everything."""
    assert set(_imported_apps("trust")) <= SHARED
    assert _imported_apps("core") == {}
