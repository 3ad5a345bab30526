"""The test suite's own rules (docs/testing.md): no test module imports another test module or a conftest.py
(shared helpers live in support modules), and no fixture is defined twice (shared ones live in a conftest.py)."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def _is_test_module(module: str) -> bool:
    name = module.rsplit(".", 1)[-1]
    return name == "conftest" or name.startswith("test_")


def _imported_modules(tree: ast.AST) -> list[str]:
    modules: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules += [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    return modules


def _is_fixture(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return isinstance(target, ast.Attribute) and target.attr == "fixture"


def _python_files() -> list[Path]:
    return sorted(TESTS.rglob("*.py"))


def test_no_test_module_imports_another_test_module() -> None:
    offending = [
        f"{path.relative_to(TESTS.parent)} imports {module}"
        for path in _python_files()
        for module in _imported_modules(ast.parse(path.read_text()))
        if module.startswith("tests.") and _is_test_module(module)
    ]
    assert not offending, "move what they share into a support module:\n" + "\n".join(offending)


def test_no_fixture_is_defined_twice() -> None:
    defined: dict[str, list[str]] = defaultdict(list)
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and any(_is_fixture(d) for d in node.decorator_list):
                defined[node.name].append(str(path.relative_to(TESTS.parent)))
    # One deliberate override: the reliability suite keeps the real password hasher.
    allowed = {"fast_password_hasher": ["tests/conftest.py", "tests/reliability/conftest.py"]}
    twice = {name: paths for name, paths in defined.items() if len(paths) > 1 and sorted(paths) != allowed.get(name)}
    assert not twice, f"define each fixture once, in the conftest.py that covers its users: {twice}"
