"""The shape docs/architecture.md promises: no import circle among generator/'s modules (imports inside
functions count too; typing-only ones do not), and exactly one module that imports vl-convert."""

from __future__ import annotations

import ast

from conftest import REPO

PACKAGE = REPO / "generator"


def _imports() -> dict[str, set[str]]:
    """module -> the generator modules it imports at run time."""
    modules = {p.stem: p for p in PACKAGE.glob("*.py")}
    found: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
            for inner in ast.walk(node)
        }
        deps = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 1 and id(node) not in typing_only:
                deps |= {node.module.split(".")[0]} if node.module else {alias.name for alias in node.names}
        found[name] = deps & modules.keys()
    return found


def test_no_import_circle():
    graph = _imports()
    state: dict[str, str] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for dep in sorted(graph[module]):
            assert state.get(dep) != "open", "import circle: " + " -> ".join([*path, module, dep])
            if dep not in state:
                visit(dep, [*path, module])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [])


def test_only_the_engine_imports_vl_convert():
    importers = []
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            if any(name.split(".")[0] == "vl_convert" for name in names):
                importers.append(path.stem)
    assert sorted(set(importers)) == ["engine"]
