"""Qt stops at app/ui: rules, models, store, services, sync and reports import no PySide6."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QT = ("PySide6", "shiboken6")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_module_outside_app_ui_imports_qt() -> None:
    offenders = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        if (ROOT / "app" / "ui") in path.parents:
            continue
        for name in _imports(path):
            if name.split(".")[0] in QT:
                offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == []


def test_importing_every_non_ui_package_loads_no_qt() -> None:
    packages = sorted(
        "app." + p.name
        for p in (ROOT / "app").iterdir()
        if p.is_dir() and (p / "__init__.py").exists() and p.name != "ui"
    )
    modules = [
        "app." + ".".join(p.relative_to(ROOT / "app").with_suffix("").parts)
        for p in (ROOT / "app").rglob("*.py")
        if "ui" not in p.relative_to(ROOT / "app").parts[:1]
        and "migrations" not in p.parts
        and p.name != "__main__.py"
    ]
    code = (
        "import importlib, sys\n"
        f"for m in {sorted(set(packages + modules))!r}:\n"
        "    importlib.import_module(m.removesuffix('.__init__'))\n"
        "print(sorted(k for k in sys.modules if k.split('.')[0] in ('PySide6', 'shiboken6')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout.strip() == "[]"


# The layers of app/, lowest first: a module imports only from its own package or from
# a lower layer. Top-level modules count as packages of their own name.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors", "timeutil", "logsetup", "sentences"),
    ("roles", "protocol"),
    ("clinical", "models"),
    ("store",),
    ("sync",),
    ("allocation",),
    ("reports",),
    ("services",),
    ("hub",),
    ("ui",),
    ("selftest",),
    ("cli",),
    ("__main__",),
)
# Lower layers may use these file formats of a higher package (age encryption of a
# person's key file), and nothing else of it.
FORMATS_BELOW = {("store", "app.sync.agecrypt")}


def _app_imports(path: Path) -> set[str]:
    """The app modules ``path`` imports (``from app.sync import agecrypt``: app.sync.agecrypt)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            folder = ROOT.joinpath(*node.module.split("."))
            for alias in node.names:
                module = f"{node.module}.{alias.name}"
                names.add(module if (folder / f"{alias.name}.py").exists() else node.module)
    return {name for name in names if name.startswith("app.")}


def _package(path: Path) -> str:
    parts = path.relative_to(ROOT / "app").parts
    return parts[0] if len(parts) > 1 else parts[0].removesuffix(".py")


def test_imports_point_down_the_layers() -> None:
    rank = {name: i for i, layer in enumerate(LAYERS) for name in layer}
    upward = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        if path.name == "__init__.py" and path.parent == ROOT / "app":
            continue
        source = _package(path)
        assert source in rank, f"app/{source} has no layer in LAYERS"
        for name in _app_imports(path):
            target = name.split(".")[1]
            assert target in rank, f"app/{target} has no layer in LAYERS"
            if target == source or rank[target] < rank[source]:
                continue
            if (source, name) not in FORMATS_BELOW:
                upward.append(f"{path.relative_to(ROOT)} imports {name}")
    assert upward == []
