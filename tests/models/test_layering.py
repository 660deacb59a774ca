"""models/ is the data layer: it never imports Qt or pyqtgraph, and works with no display at all."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

MODELS = Path(__file__).resolve().parents[2] / "models"
FORBIDDEN = ("PySide6", "pyqtgraph", "shiboken6", "PyQt5", "PyQt6")


def test_no_module_in_models_imports_qt():
    offenders = []
    for path in MODELS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in FORBIDDEN]
    assert offenders == []


def test_models_import_and_run_with_qt_blocked(tmp_path):
    script = f"""
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in {FORBIDDEN!r}:
            raise ImportError('blocked: ' + name)
sys.meta_path.insert(0, Block())
import pkgutil, importlib, models
for info in pkgutil.walk_packages(models.__path__, 'models.'):
    importlib.import_module(info.name)
from models.commands import open_store
from models.tables import build_table
store = open_store({str(tmp_path / 'x.sqlite3')!r})
print(len(build_table(store, 'launches')))
"""
    result = subprocess.run([sys.executable, "-c", script], cwd=MODELS.parent, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) > 100
