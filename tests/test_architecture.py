"""Dependencies point one way: the import-linter contracts in pyproject.toml hold for the whole tree
(every import, top-level or inside a function), and trust imports no other app."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("accounts", "marketplace", "contracts", "messaging", "reputation")


def test_import_contracts_hold():
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command as c; sys.exit(c())",
         str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "broken" in result.stdout and "0 broken" in result.stdout


def _imported_apps(package: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for path in (ROOT / package).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module else []
            )
            for name in names:
                top = name.split(".")[0]
                if top in APPS:
                    found.setdefault(top, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_trust_imports_no_other_app():
    """The same walk the shared tools/app_imports.py does, kept here so it runs with the suite."""
    assert _imported_apps("trust") == {}
