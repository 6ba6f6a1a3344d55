"""What a command's help needs, read from the generated source files without importing them.

Importing an endpoint module imports httpx and its dependencies, which alone costs several times
``import ampeco``: ``ampeco cdrs list --help`` would be slow. The generated files have a fixed shape, so
the standard library's ``ast`` reads what help shows: the endpoint's signature and docstring (summary,
description, parameter descriptions), the fields of its filter model with their descriptions, and the
values of the enums they name. Running a command imports the real modules; the tests check that both
views agree for every operation.
"""

from __future__ import annotations

import ast
import importlib.util
import inspect
import os
import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Endpoint", "ModelField", "Param", "endpoint", "enum_values", "model_fields", "replacement"]

_GENERATED = "ampeco_public_api"
_CLASS_NAME = re.compile(r"\b[A-Z][A-Za-z0-9_]*\b")
_NOT_MODELS = frozenset({"Unset", "Any", "File"})
_ARG_START = re.compile(r"^\w+ \(")
_ARG_LINE = re.compile(r"^(\w+) \((.*?)\):\s*(.*)$")


@dataclass(frozen=True)
class Param:
    """One parameter of an endpoint function (``client`` excluded)."""

    name: str  # the endpoint's Python name: ``filter_``, ``per_page``, ``charge_point``
    annotation: str  # as written in the source: ``int | Unset``
    required: bool
    positional: bool
    description: str
    model: str | None  # the generated class the annotation names (enum or model), if any
    model_module: str | None


@dataclass(frozen=True)
class Endpoint:
    module: str
    summary: str
    description: str
    params: tuple[Param, ...]

    def param(self, name: str) -> Param | None:
        return next((param for param in self.params if param.name == name), None)


@dataclass(frozen=True)
class ModelField:
    """One field of a generated model, as its source declares it."""

    python: str
    wire: str
    annotation: str
    description: str
    model: str | None
    model_module: str | None


@lru_cache(maxsize=1)
def _package_directory() -> str:
    spec = importlib.util.find_spec(_GENERATED)
    if spec is None or not spec.submodule_search_locations:
        raise LookupError(f"the generated package {_GENERATED} is not installed")
    return str(next(iter(spec.submodule_search_locations)))


@lru_cache(maxsize=64)
def _parsed(module: str) -> tuple[ast.Module, dict[str, str]]:
    """The parsed module and the generated classes it imports (class name -> module).

    The file is found from the package directory, so the subpackages (``api``, ``models``) are not
    imported either.
    """
    root, _, rest = module.partition(".")
    if root != _GENERATED or not rest:
        raise LookupError(f"{module} is not a generated module")
    path = os.path.join(_package_directory(), *rest.split(".")) + ".py"
    try:
        with open(path, encoding="utf-8") as handle:
            source = handle.read()
    except OSError as exc:
        raise LookupError(f"no source file for {module}: {exc}") from None
    try:
        tree = ast.parse(_declarations(source), filename=path)
    except SyntaxError:  # not the layout _declarations expects: read the whole file
        tree = ast.parse(source, filename=path)
    package = module.rsplit(".", 1)[0]
    imports: dict[str, str] = {}
    for node in _import_statements(tree.body):
        if node.module is None:
            continue
        base = _absolute(package, node.module, node.level)
        if base.startswith(_GENERATED + "."):
            for alias in node.names:
                imports[alias.asname or alias.name] = base
    return tree, imports


def _declarations(source: str) -> str:
    """The lines help reads: imports, module constants, class headers with their fields, and
    ``sync_detailed``; method and other function bodies (the bulk of a generated file, serialization
    code) are left out, which makes parsing several times faster."""
    kept: list[str] = []
    keep = True
    for line in source.splitlines():
        if line.startswith(("def ", "async def ")):
            keep = line.startswith("def sync_detailed(")
        elif line.startswith(("    def ", "    async def ", "    @")):
            keep = False  # a method: the fields above it are what help needs
        elif line[:1].isalpha() or line[:1] in ("_", "@"):
            keep = True  # any other top-level statement: import, constant, class, decorator
        if keep:
            kept.append(line)
    return "\n".join(kept)


def _import_statements(body: list[ast.stmt]) -> list[ast.ImportFrom]:
    """``from ... import`` at module level, ``if TYPE_CHECKING:`` blocks included."""
    found: list[ast.ImportFrom] = []
    for node in body:
        if isinstance(node, ast.ImportFrom):
            found.append(node)
        elif isinstance(node, ast.If):
            found.extend(_import_statements(node.body))
    return found


def _absolute(package: str, name: str, level: int) -> str:
    if level == 0:
        return name
    parts = package.split(".")
    return ".".join([*parts[: len(parts) - (level - 1)], name])


def _named_class(annotation: str, imports: dict[str, str]) -> tuple[str | None, str | None]:
    for name in _CLASS_NAME.findall(annotation):
        if name not in _NOT_MODELS and name in imports:
            return name, imports[name]
    return None, None


def endpoint(module: str) -> Endpoint:
    """The signature and docstring of ``module.sync_detailed``."""
    tree, imports = _parsed(module)
    function = next(
        (node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == "sync_detailed"),
        None,
    )
    if function is None:
        raise LookupError(f"{module} has no sync_detailed")
    docstring = ast.get_docstring(function) or ""
    summary, description, described = _read_docstring(docstring)
    args = function.args
    params: list[Param] = []
    positional_defaults = [None] * (len(args.args) - len(args.defaults)) + list(args.defaults)
    declared = [(arg, default, True) for arg, default in zip(args.args, positional_defaults, strict=True)]
    declared += [
        (arg, default, False) for arg, default in zip(args.kwonlyargs, args.kw_defaults, strict=True)
    ]
    for arg, default, positional in declared:
        if arg.arg == "client":
            continue
        annotation = ast.unparse(arg.annotation) if arg.annotation is not None else "Any"
        model, model_module = _named_class(annotation, imports)
        params.append(
            Param(
                name=arg.arg,
                annotation=annotation,
                required=default is None,
                positional=positional,
                description=described.get(arg.arg, ""),
                model=model,
                model_module=model_module,
            )
        )
    return Endpoint(module, summary, description, tuple(params))


def _read_docstring(docstring: str) -> tuple[str, str, dict[str, str]]:
    """(summary, description, parameter descriptions) of a generated Google-style docstring."""
    lines = inspect.cleandoc(docstring).splitlines()
    summary = lines[0].strip() if lines else ""
    body: list[str] = []
    described: dict[str, str] = {}
    section = "description"
    entries: list[list[str]] = []  # one per argument: its lines (a long type wraps onto the next ones)
    for line in lines[1:]:
        stripped = line.strip()
        if (
            not line.startswith(" ")
            and stripped.endswith(":")
            and stripped[:-1] in ("Args", "Raises", "Returns")
        ):
            section = stripped[:-1]
            continue
        if section == "description":
            body.append(stripped)
        elif section == "Args":
            starts_argument = line.startswith("    ") and not line.startswith("     ")
            if starts_argument and _ARG_START.match(stripped):
                entries.append([stripped])
            elif entries and stripped:
                entries[-1].append(stripped)
    for entry in entries:
        match = _ARG_LINE.match(" ".join(entry))
        if match:
            described[match.group(1)] = match.group(3).strip()
    description = "\n".join(body).strip()
    return summary, re.sub(r"\n{3,}", "\n\n", description), described


def _class_node(module: str, name: str) -> tuple[ast.ClassDef, dict[str, str]]:
    tree, imports = _parsed(module)
    node = next((n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == name), None)
    if node is None:
        raise LookupError(f"{module} defines no class {name}")
    return node, imports


def enum_values(module: str, name: str) -> tuple[str, ...] | None:
    """The values of a generated enum, as text; ``None`` when the class is not an enum."""
    node, _ = _class_node(module, name)
    if not any(ast.unparse(base).endswith("Enum") for base in node.bases):
        return None
    values = []
    for statement in node.body:
        if (
            isinstance(statement, ast.Assign)
            and isinstance(statement.value, ast.Constant)
            and all(isinstance(target, ast.Name) and target.id.isupper() for target in statement.targets)
        ):
            values.append(str(statement.value.value))
    return tuple(values)


def model_fields(module: str, name: str) -> tuple[ModelField, ...]:
    """The declared fields of a generated attrs model, in declaration order, with their wire names."""
    node, imports = _class_node(module, name)
    wire_names = _wire_names(node)
    by_folded = {_fold(wire): wire for wire in wire_names}
    fields: list[ModelField] = []
    body = node.body
    for index, statement in enumerate(body):
        if not isinstance(statement, ast.AnnAssign) or not isinstance(statement.target, ast.Name):
            continue
        python = statement.target.id
        wire = by_folded.get(_fold(python))
        if wire is None:  # additional_properties and the ClassVars
            continue
        annotation = ast.unparse(statement.annotation)
        following = body[index + 1] if index + 1 < len(body) else None
        description = ""
        if (
            isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            description = " ".join(following.value.value.split())
        model, model_module = _named_class(annotation, imports)
        fields.append(ModelField(python, wire, annotation, description, model, model_module))
    return tuple(fields)


def _wire_names(node: ast.ClassDef) -> tuple[str, ...]:
    for statement in node.body:
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and statement.target.id == "__ampeco_fields__"
            and statement.value is not None
        ):
            return tuple(
                constant.value
                for constant in ast.walk(statement.value)
                if isinstance(constant, ast.Constant) and isinstance(constant.value, str)
            )
    return ()


def _fold(name: str) -> str:
    """``started_after``, ``startedAfter`` and ``type_`` fold to one key, as :mod:`ampeco._filters` does."""
    return re.sub(r"[^0-9a-z]", "", name.lower())


def replacement(operation_id: str, resource: str) -> str | None:
    """The resource-layer path of a deprecated operation's current one (``charge_points.read``), as its
    generated method names it when warning; ``None`` when it names none."""
    path = os.path.join(_package_directory(), "resources", f"{resource}.py")
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except OSError:
        return None
    found = re.search(rf'warn_deprecated\(\s*"{re.escape(operation_id)}",\s*"[^"]*",\s*"([^"]*)"', text)
    return found.group(1) or None if found else None
