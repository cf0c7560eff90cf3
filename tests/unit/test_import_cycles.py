"""No import cycles among app modules, counting imports inside functions too (read with ast)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in APP.rglob("*.py")}


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The app module `name` names, or its closest enclosing app module."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Every app module `module` imports, at module level or inside a function."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from app.x import y` imports app.x.y when y is a module, else app.x itself.
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
        else:
            continue
        for name in names:
            if name == "app" or name.startswith("app."):
                target = _resolve(name, modules)
                if target and target != module:
                    found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of two or more modules (Tarjan), each sorted, largest first."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups, key=lambda g: (-len(g), g))


def test_the_cycle_finder_finds_a_cycle():
    graph = {"app.a": {"app.b"}, "app.b": {"app.c"}, "app.c": {"app.a"}, "app.d": {"app.a"}}
    assert cycles(graph) == [["app.a", "app.b", "app.c"]]


def test_the_graph_sees_function_level_and_relative_imports(tmp_path):
    modules = {"app.x": tmp_path / "x.py", "app.x.y": tmp_path / "y.py", "app.z": tmp_path / "z.py"}
    source = tmp_path / "y.py"
    source.write_text("def f():\n    from app.z import thing\n\nfrom . import y\n")
    assert _imports("app.x.y", source, modules) == {"app.z"}


# Cycles in packages other work is rebuilding right now (issue 10): the API edge and the demo
# loaders. Delete an entry when its package is done; nothing else may join this list.
BEING_REBUILT = {
    frozenset({"app.api", "app.api.auth", "app.api.openapi"}),
    frozenset({"app.demo", "app.demo.cli", "app.demo.services"}),
}


def test_no_import_cycles_in_app():
    found = [group for group in cycles(import_graph()) if frozenset(group) not in BEING_REBUILT]
    assert found == [], "import cycles:\n" + "\n".join(" <-> ".join(group) for group in found)
