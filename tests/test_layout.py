"""The tree keeps its architecture: data flows files → etl → store → ui/views, and narrative reads the store.

Every import of every project module (module level and inside functions) is read with ast; the rules below
are the layering of DEVELOPERS.md, and the project's import graph has no cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("etl", "store", "narrative", "ui", "views")


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    found = {_module_name(p): p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py") if "migrations" not in p.parts}
    found["dashboard"] = ROOT / "dashboard.py"
    return found


MODULES = _modules()


def _imports(path: Path) -> set[str]:
    """Project modules imported by PATH (`from etl.reports import extract` counts as etl.reports.extract)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            subs = [f"{node.module}.{a.name}" for a in node.names]
            names = [n for n in subs if n in MODULES] or [node.module]
        out.update(n for n in names if n in MODULES)
    return out


GRAPH = {name: _imports(path) for name, path in MODULES.items()}


def _top(name: str) -> str:
    return name.split(".")[0]


# (importing module prefix, imported top-level package, allowed)
def _allowed(importer: str, imported: str) -> bool:
    src, dst = _top(importer), _top(imported)
    if src == dst:
        return True
    if src == "store":
        return False  # the store depends on nothing of ours
    if src == "narrative":
        return dst == "store"
    if src == "etl":
        cli = importer == "etl.cli" or importer.startswith("etl.commands")
        return dst == "store" or (cli and dst == "narrative")
    if src == "ui":
        # ui reaches etl only through ui.actions (imports and writes); everything else reads store / narrative
        return dst in ("store", "narrative") or (dst == "etl" and importer == "ui.actions")
    if src in ("views", "dashboard"):
        return dst in ("ui", "store", "narrative") or (src == "dashboard" and imported == "etl.demo.load")
    return False


@pytest.mark.parametrize("importer", sorted(GRAPH))
def test_imports_follow_the_layers(importer: str) -> None:
    wrong = sorted(i for i in GRAPH[importer] if not _allowed(importer, i))
    assert not wrong, f"{importer} must not import {wrong}"


@pytest.mark.parametrize("page", sorted(n for n in GRAPH if n.startswith("views.")))
def test_pages_hold_no_session_and_build_no_sql(page: str) -> None:
    text = MODULES[page].read_text(encoding="utf-8")
    assert "store.session" not in GRAPH[page] and "store.session" not in text
    assert "sqlalchemy" not in text and not any(_top(i) == "etl" for i in GRAPH[page])


def test_no_import_cycle() -> None:
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done

    def visit(node: str, stack: list[str]) -> list[str] | None:
        state[node] = 1
        for nxt in sorted(GRAPH[node]):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt] if nxt in stack else [node, nxt]
            if nxt not in state and (cycle := visit(nxt, [*stack, nxt])):
                return cycle
        state[node] = 2
        return None

    for name in sorted(GRAPH):
        if name not in state:
            cycle = visit(name, [name])
            assert cycle is None, " → ".join(cycle)


def test_package_entry_points_export_only_their_entry_points() -> None:
    from etl import demo, ledgers, reports

    assert set(reports.__all__) == {"ReadError", "extract_text", "read_document"}
    assert set(ledgers.__all__) == {"LedgerOptions", "LedgerResult", "import_ledger", "parse_ledger"}
    assert set(demo.__all__) == {"bootstrap", "generate", "load_demo"}


@pytest.mark.parametrize("path", sorted(p for p in MODULES.values()), ids=lambda p: str(p.relative_to(ROOT)))
def test_modules_stay_small(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= 500, f"{path.relative_to(ROOT)} has {lines} lines: split it along the seam its docstring names"


def test_no_pages_folder_beside_the_entry_point() -> None:
    """Streamlit serves a folder named pages/ beside dashboard.py as its own app to a deep link opened before
    anyone opened / (no navigation, no filters, English page names): the pages live in views/."""
    assert not (ROOT / "pages").exists()
