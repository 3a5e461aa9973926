"""The core (boxoffice, sync, devices, printing, seatmap.model) never imports Qt or
the widget layer, so a whole sale runs from a Python shell with no display.

Checked three ways: import-linter's contract in pyproject.toml; an independent
scan of every core file's imports; and importing the whole core in a fresh
interpreter and looking at sys.modules. The two launchers, boxoffice/__main__.py
and boxoffice/screens.py, may hand over to widgets/, but only from inside a
function, so that importing them stays Qt-free.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORE_DIRS = ("boxoffice", "sync", "devices", "printing", "seatmap/model")
CORE_PACKAGES = ("boxoffice", "sync", "devices", "printing", "seatmap.model")
LAUNCHERS = ("boxoffice/__main__.py", "boxoffice/screens.py")
FORBIDDEN = ("PySide6", "shiboken6", "widgets", "seatmap.view")


def _is_forbidden(module: str) -> bool:
    return any(module == f or module.startswith(f + ".") for f in FORBIDDEN)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported_names(node: ast.AST, path: Path) -> Iterator[str]:
    """Every module name one import statement (or import_module call) can bring in."""
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom):
        if node.level:  # relative: resolve against the file's own package
            package = _module_name(path).split(".")
            if path.name != "__init__.py":
                package.pop()
            base = package[: len(package) - node.level + 1]
            module = ".".join([*base, *([node.module] if node.module else [])])
        else:
            module = node.module or ""
        yield module
        # `from seatmap import view` imports seatmap.view
        yield from (f"{module}.{alias.name}" for alias in node.names)
    elif (
        isinstance(node, ast.Call)
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
        and (
            (isinstance(node.func, ast.Name) and node.func.id in {"__import__", "import_module"})
            or (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
        )
    ):
        yield node.args[0].value


def _core_files() -> list[Path]:
    skip = {ROOT / launcher for launcher in LAUNCHERS}
    files = []
    for folder in CORE_DIRS:
        files += [p for p in sorted((ROOT / folder).rglob("*.py")) if p not in skip]
    return files


def test_import_linter_contracts_hold() -> None:
    # The venv's own lint-imports, beside its python (on PATH or not).
    lint_imports = Path(sys.executable).with_name("lint-imports")
    command = str(lint_imports) if lint_imports.exists() else shutil.which("lint-imports")
    assert command, "lint-imports (import-linter) is not installed"
    result = subprocess.run(
        [command, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]


def test_core_sources_import_no_qt_or_widgets() -> None:
    files = _core_files()
    assert len(files) >= 10, f"found only {len(files)} core files: is the layout the same?"
    offences = []
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            for name in _imported_names(node, path):
                if _is_forbidden(name):
                    where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', '?')}"
                    offences.append(f"{where} imports {name}")
    assert not offences, "the core must stay Qt-free:\n" + "\n".join(offences)


def test_importing_the_whole_core_loads_no_qt() -> None:
    script = textwrap.dedent(
        f"""
        import importlib, pkgutil, sys

        FORBIDDEN = {FORBIDDEN!r}
        LAUNCHERS = {{"boxoffice.__main__", "boxoffice.screens"}}

        def loaded():
            return sorted(m for m in sys.modules
                          if any(m == f or m.startswith(f + ".") for f in FORBIDDEN))

        names = []
        for package in {CORE_PACKAGES!r}:
            module = importlib.import_module(package)
            names.append(package)
            names += [info.name for info in pkgutil.walk_packages(module.__path__, package + ".")]
        for name in names:
            # The launchers hand over to widgets; migration scripts run only under alembic.
            if name in LAUNCHERS or ".migrations" in name:
                continue
            importlib.import_module(name)
            if loaded():
                sys.exit(f"importing {{name}} loaded {{loaded()}}")
        print(f"imported {{len(names)}} core modules")
        """
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr[-4000:]


@pytest.mark.parametrize("launcher", LAUNCHERS)
def test_launchers_import_widgets_only_inside_functions(launcher: str) -> None:
    path = ROOT / launcher
    assert path.is_file(), f"{launcher} is missing"
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))

    offences = []

    def visit(node: ast.AST) -> None:
        # Function bodies run when called, not on import; everything else runs on import.
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            return
        offences.extend(
            f"line {getattr(node, 'lineno', '?')}: {name}"
            for name in _imported_names(node, path)
            if _is_forbidden(name)
        )
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    assert not offences, f"{launcher} imports Qt or widgets at import time:\n" + "\n".join(offences)
