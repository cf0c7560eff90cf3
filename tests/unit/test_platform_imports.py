"""The platform knows no domain: core, realtime, notifications, mail and search import none of them.

Domains plug into the platform through `app.core.registries` from their own `init_app`; a platform
module that imports a domain (at module level or inside a function, or with importlib) fails here.
"""

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "app"
DOMAINS = ("qa", "ideas", "tickets", "kb", "moderation", "insight")
PLATFORM = (
    "core",
    "realtime",
    "notifications",
    "mail",
    "search",
)


def _is_domain(module: str) -> bool:
    parts = module.split(".")
    return len(parts) >= 2 and parts[0] == "app" and parts[1] in DOMAINS


def _imported_modules(tree: ast.AST):
    """(line, module) for every import statement and importlib.import_module("...") call."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module
            if node.module == "app":  # from app import qa
                for alias in node.names:
                    yield node.lineno, f"app.{alias.name}"
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.lineno, node.args[0].value


def domain_imports(package: str) -> list[str]:
    found = []
    for path in sorted((APP / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, module in _imported_modules(tree):
            if _is_domain(module):
                found.append(f"{path.relative_to(APP.parent)}:{line} imports {module}")
    return found


@pytest.mark.parametrize("package", PLATFORM)
def test_platform_package_imports_no_domain(package):
    assert domain_imports(package) == []


def test_the_check_sees_imports_inside_functions_and_importlib():
    """The detector itself: a function-local import and an import_module string both count."""
    source = (
        "import importlib\n"
        "def f():\n"
        "    from app.qa.models import Question\n"
        "    importlib.import_module('app.ideas.services')\n"
        "from app import tickets\n"
        "from app.core import events\n"
    )
    found = sorted(module for _line, module in _imported_modules(ast.parse(source)) if _is_domain(module))
    assert found == ["app.ideas.services", "app.qa.models", "app.tickets"]
