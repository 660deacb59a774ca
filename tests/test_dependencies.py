"""Every module the code imports is the standard library, the project's own, or a declared dependency.

A fresh virtual environment gets only what `pyproject.toml` declares; an import that works here only
because something was installed by hand is a broken install. The application code (main.py, models/,
ui/, benchmarks/) may use the runtime dependencies; tests/ may also use the `test` extra.
"""
from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
APP_SOURCES = ["main.py", "models", "ui", "benchmarks"]
TEST_SOURCES = ["tests"]


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_name(requirement: str) -> str:
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    assert match, f"cannot read the requirement {requirement!r} in pyproject.toml"
    return _normalise(match.group(1))


def declared() -> tuple[set[str], set[str]]:
    """(runtime distributions, test-extra distributions), normalised."""
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = {_requirement_name(r) for r in project.get("dependencies", [])}
    test = {_requirement_name(r) for r in project.get("optional-dependencies", {}).get("test", [])}
    return runtime, test


def _python_files(sources: list[str]) -> list[Path]:
    files: list[Path] = []
    for source in sources:
        path = PROJECT / source
        files.extend([path] if path.is_file() else sorted(path.rglob("*.py")))
    return files


def _local_names() -> set[str]:
    """Top-level names that are the project's own: its packages, main.py and sibling scripts."""
    names = {p.stem for p in PROJECT.glob("*.py")} | {p.name for p in PROJECT.iterdir() if p.is_dir()}
    for folder in ("tests", "benchmarks"):
        names |= {p.stem for p in (PROJECT / folder).rglob("*.py")}
    return names


def imported_modules(path: Path) -> dict[str, int]:
    """Top-level module names imported by `path` (import statements and literal importorskip /
    import_module calls), with the line of the first use."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: dict[str, int] = {}
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif (isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None))
              in ("importorskip", "import_module") and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            names = [node.args[0].value]
        for name in names:
            found.setdefault(name.split(".")[0], node.lineno)
    return found


def undeclared_imports(sources: list[str], allowed: set[str]) -> list[str]:
    """'file:line: module (problem)' for every import not covered by `allowed` distributions."""
    local = _local_names()
    providers = packages_distributions()
    problems = []
    for path in _python_files(sources):
        for module, line in imported_modules(path).items():
            if module in sys.stdlib_module_names or module in local or module == "__future__":
                continue
            dists = {_normalise(d) for d in providers.get(module, [])}
            where = f"{path.relative_to(PROJECT)}:{line}: {module}"
            if not dists:
                problems.append(f"{where} (not installed, and no declared dependency provides it)")
            elif not dists & allowed:
                problems.append(f"{where} (provided by {', '.join(sorted(dists))}, not declared)")
    return problems


def test_application_imports_only_declared_dependencies():
    runtime, _test = declared()
    assert undeclared_imports(APP_SOURCES, runtime) == []


def test_tests_import_only_declared_dependencies():
    runtime, test = declared()
    assert undeclared_imports(TEST_SOURCES, runtime | test) == []


def test_the_check_catches_an_undeclared_import(tmp_path, monkeypatch):
    """The check is not vacuous: scipy, imported by the alignment analytics, fails once undeclared."""
    runtime, _test = declared()
    if "scipy" not in runtime:
        pytest.fail("scipy should be declared: models/analytics/alignment_stats.py imports it")
    problems = undeclared_imports(["models"], runtime - {"scipy"})
    assert any(p.startswith("models/analytics/alignment_stats.py") and ": scipy (" in p for p in problems)
