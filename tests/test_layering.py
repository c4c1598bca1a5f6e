"""Qt lives only in desktop/ui and desktop/app.py (DESIGN.md §3)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QT_FREE_PACKAGES = ["desktop.core", "desktop.store", "desktop.scan", "sync"]


def _qt_free_modules() -> list[str]:
    """Every module outside desktop/ui and desktop/app.py (Alembic scripts are not modules)."""
    modules = []
    for path in sorted([*(ROOT / "desktop").rglob("*.py"), *(ROOT / "sync").rglob("*.py")]):
        rel = path.relative_to(ROOT)
        if rel.parts[:2] == ("desktop", "ui") or rel.as_posix() == "desktop/app.py":
            continue
        if "migrations" in rel.parts or rel.name == "__main__.py":
            continue
        modules.append(".".join(rel.with_suffix("").parts).removesuffix(".__init__"))
    return modules


def test_core_store_scan_and_sync_load_no_pyside6_in_a_fresh_interpreter() -> None:
    modules = _qt_free_modules()
    for package in QT_FREE_PACKAGES:
        assert package in modules
    assert len(modules) > 10
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(loaded)\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_module_outside_ui_imports_qt() -> None:
    offenders = []
    for path in list((ROOT / "desktop").rglob("*.py")) + list((ROOT / "sync").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("desktop/ui/") or rel == "desktop/app.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in ("PySide6", "shiboken6") or (
                    # cli.py is the entry point: it may start the app (lazily), nothing else may
                    name.startswith(("desktop.ui", "desktop.app")) and rel != "desktop/cli.py"
                ):
                    offenders.append(f"{rel}: {name}")
    assert offenders == []
