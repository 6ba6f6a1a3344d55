"""Which code may import which: generated code imports the runtime, never the reverse.

- The runtime (``src/ampeco``) does not import the generated package at module level. A few modules
  bridge to generated models and import them lazily (inside functions or for type checkers only);
  they are listed below with the reason.
- Generated code (``src/ampeco_public_api``) imports the standard library, httpx, attrs, itself
  and the runtime's wire modules, nothing else.
- ``codegen`` is dev-only: neither package imports it.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RUNTIME = REPO / "src" / "ampeco"
GENERATED = REPO / "src" / "ampeco_public_api"

# Runtime modules that reach generated code, lazily, and why.
LAZY_BRIDGES = {
    "ampeco._filters": "resolves the names in a generated filter model's annotations to check dict filters",
    "ampeco.webhooks": "Notification and model_for: the generated webhook index, on first use",
    "ampeco.webhooks._decode": "parses a verified body into its generated notification model",
    "ampeco.webhooks._notification": "Delivery.notification is typed with the generated union (types only)",
    "ampeco.webhooks._subscribe": "sends the generated notificationsSubscribe operation",
    "ampeco.mock.demo": "an example program driving the client against the mock",
    "ampeco._client": "client.cdrs & co.: the generated resource class, imported on first use",
    "ampeco.cli._registry": "the command tree is the generated operation index, read on first use",
    "ampeco.cli._command": "an operation command is typed with the index's Operation row (types only)",
    "ampeco.cli._run": "runs an operation: its Operation row (types only); the endpoint module by name",
}

# What generated code may import from the runtime: the wire helpers (response decoding included), the
# error types, and the base classes and per-call options of the resource layer.
RUNTIME_WIRE_MODULES = {
    "ampeco._types",
    "ampeco._query",
    "ampeco._request_body",
    "ampeco._parsing",
    "ampeco._json",
    "ampeco._exceptions",
    "ampeco._resource",
}
GENERATED_THIRD_PARTY = {"httpx", "attrs"}


def _module_name(path: Path) -> str:
    relative = path.relative_to(REPO / "src").with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(tree: ast.Module) -> Iterator[tuple[str, bool]]:
    """(imported module, at module level outside ``if TYPE_CHECKING``) for every import."""

    def visit(node: ast.AST, top_level: bool) -> Iterator[tuple[str, bool]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield alias.name, top_level
            elif isinstance(child, ast.ImportFrom):
                prefix = "." * child.level
                yield prefix + (child.module or ""), top_level
            elif _is_deferred(child):
                yield from visit(child, False)
            else:
                yield from visit(child, top_level)

    yield from visit(tree, True)


def _is_deferred(node: ast.AST) -> bool:
    """Code that does not run when the module is imported: functions, ``if TYPE_CHECKING:`` blocks."""
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
        return True
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _parsed(root: Path) -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(root.rglob("*.py")):
        yield _module_name(path), ast.parse(path.read_text(encoding="utf-8"))


def test_the_runtime_never_imports_generated_code_at_module_level() -> None:
    offenders = [
        f"{module} imports {imported}"
        for module, tree in _parsed(RUNTIME)
        for imported, top_level in _imports(tree)
        if imported.split(".")[0] == "ampeco_public_api" and top_level
    ]
    assert offenders == []


def test_only_the_listed_bridges_reach_generated_code_at_all() -> None:
    reaching = {
        module
        for module, tree in _parsed(RUNTIME)
        for imported, _ in _imports(tree)
        if imported.split(".")[0] == "ampeco_public_api"
    }
    assert reaching == set(LAZY_BRIDGES)


def test_generated_code_imports_only_the_standard_library_its_own_modules_and_the_runtime_wire() -> None:
    allowed_roots = set(sys.stdlib_module_names) | GENERATED_THIRD_PARTY | {"ampeco_public_api"}
    offenders = []
    for module, tree in _parsed(GENERATED):
        for imported, _ in _imports(tree):
            root = imported.split(".")[0]
            if imported.startswith("."):
                continue
            if root == "ampeco":
                if imported not in RUNTIME_WIRE_MODULES:
                    offenders.append(f"{module} imports {imported}")
            elif root not in allowed_roots:
                offenders.append(f"{module} imports {imported}")
    assert offenders == []


def test_neither_package_imports_the_dev_only_codegen() -> None:
    offenders = [
        f"{module} imports {imported}"
        for root in (RUNTIME, GENERATED)
        for module, tree in _parsed(root)
        for imported, _ in _imports(tree)
        if imported.split(".")[0] == "codegen"
    ]
    assert offenders == []


def test_the_generated_package_has_no_client_of_its_own() -> None:
    assert not (GENERATED / "client.py").exists()
    assert not (GENERATED / "types.py").exists()
    assert not (GENERATED / "errors.py").exists()


def test_importing_the_runtime_loads_no_generated_module() -> None:
    probe = (
        "import sys, ampeco, ampeco.webhooks, ampeco._client, ampeco._pagination, ampeco._transport\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('ampeco_public_api'))\n"
        "assert loaded == [], loaded\n"
    )
    subprocess.run([sys.executable, "-c", probe], check=True, timeout=60)
