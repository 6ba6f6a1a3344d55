"""Render the resource layer (``ampeco_public_api/resources/``), the operation index and ``api.md``.

Names come from :mod:`codegen.generate.resource_names` (the rules are written there); everything
Python about an operation (parameter names and types, the envelope model, the data type) comes from the
generator's parsed endpoints, so no rule of the generator is derived a second time here.

What each method returns is read from the endpoint's 2xx responses:

- no body -> ``None``;
- an envelope ``{"data": [...], "links", "meta"}`` of a listing that takes ``cursor`` or ``page`` ->
  a pager of the items (``SyncPager[Item]`` / ``AsyncPager[Item]``);
- any other envelope whose only fields besides ``data`` are ``links``/``meta`` -> the ``data`` itself
  (a missing ``data`` raises ``ResponseValidationError``);
- anything else (a bare object, ``{"data": ..., "status": ...}``, several shapes) -> the parsed body.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from openapi_python_client.parser.properties import AnyProperty, ModelProperty
from openapi_python_client.parser.properties.list_property import ListProperty
from openapi_python_client.strings import PythonIdentifier, pascal_case

from codegen.generate.resource_names import (
    DEPRECATED_NAMESPACE,
    OperationName,
    ResourceNamingError,
    name_operations,
    public_parameter_name,
)
from codegen.layout import GENERATED_PACKAGE

if TYPE_CHECKING:
    from openapi_python_client.parser.openapi import Endpoint
    from openapi_python_client.parser.properties import Property

    from codegen.generate.run import AmpecoProject

Returns = Literal["pager", "data", "body", "none"]

# Keywords every resource method adds, and the pager's own; no API parameter may take them.
OPTION_NAMES = ("timeout", "extra_headers", "extra_query")
PAGER_NAMES = ("limit", "cursor", "page", "concurrency")
_ENVELOPE_EXTRAS = frozenset({"links", "meta"})
_IMPORT = re.compile(r"^from (\.+)(\w+(?:\.\w+)*) import (.+)$")
_BUILTIN_GENERIC = re.compile(r"(?<![\w.])(list|dict)\[")


@dataclass
class Parameter:
    """One parameter of a resource method."""

    public: str  # the keyword users write
    python: str  # the keyword of the endpoint module's ``_get_kwargs``
    annotation: str
    required: bool
    location: str  # path, query, body
    description: str = ""

    @property
    def declaration(self) -> str:
        default = "" if self.required else " = UNSET"
        return f"{self.public}: {self.annotation}{default}"


@dataclass
class Method:
    """One operation as a resource method (sync and async, plain and raw)."""

    name: OperationName
    module: str  # absolute module of the endpoint functions
    path_parameters: list[Parameter]
    keyword_parameters: list[Parameter]
    paging_parameters: list[Parameter]  # cursor/page as the raw method takes them
    returns: Returns
    envelope_type: str  # what the raw response's ``parsed`` is
    value_type: str  # what the plain method returns (the pager's item type for pagers)
    has_cursor: bool
    has_page: bool
    summary: str
    description: str
    imports: frozenset[str]  # what annotations need besides models (datetime, File, ...)
    replacement: str = ""  # for a deprecated operation: the current method of the same name, if any

    @property
    def attribute_path(self) -> str:
        return self.name.attribute_path

    @property
    def route(self) -> str:
        return f"{self.name.http_method.upper()} {self.name.path}"

    def return_annotation(self, asynchronous: bool) -> str:
        if self.returns == "pager":
            pager = "AsyncPager" if asynchronous else "SyncPager"
            return f"{pager}[{self.value_type}]"
        if self.returns == "none":
            return "None"
        return self.value_type


@dataclass
class Namespace:
    """A node of a resource's tree: ``client.charge_points``, ``client.charge_points.evses``, ..."""

    path: tuple[str, ...]
    class_name: str
    methods: list[Method] = field(default_factory=list)
    children: list[Namespace] = field(default_factory=list)

    @property
    def attribute(self) -> str:
        return self.path[-1]

    @property
    def deprecated(self) -> bool:
        return DEPRECATED_NAMESPACE in self.path[1:]

    def walk(self) -> Iterator[Namespace]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Resource:
    name: str
    root: Namespace

    @property
    def module(self) -> str:
        return self.name

    @property
    def class_name(self) -> str:
        return self.root.class_name

    def methods(self) -> list[Method]:
        return [method for namespace in self.root.walk() for method in namespace.methods]

    def imports(self) -> list[str]:
        return sorted({line for method in self.methods() for line in method.imports})


def build_resources(document: dict[str, Any], project: AmpecoProject) -> list[Resource]:
    """The resource trees of ``document``, joined with the generator's endpoints."""
    names = name_operations(document)
    endpoints = _endpoints_by_operation(project)
    models = _model_names(project)
    problems: list[str] = []
    methods: list[Method] = []
    for name in names:
        key = str(PythonIdentifier(name.operation_id, project.config.field_prefix))
        found = endpoints.pop(key, None)
        if found is None:
            problems.append(f"{name.operation_id}: the generator produced no endpoint for it")
            continue
        module, endpoint = found
        try:
            methods.append(_method(name, module, endpoint, models))
        except ResourceNamingError as exc:
            problems.append(str(exc))
    problems += [f"{key}: generated endpoint has no resource name" for key in sorted(endpoints)]
    if problems:
        raise ResourceNamingError("resource layer: " + "\n".join(problems))
    current = {method.attribute_path for method in methods if not method.name.deprecated}
    for method in methods:
        if method.name.deprecated:
            bare = re.sub(r"_v\d+_\d+$", "", method.name.method)
            candidate = ".".join((method.name.resource, *method.name.namespace[1:], bare))
            method.replacement = candidate if candidate in current else ""
    return _trees(methods)


def _endpoints_by_operation(project: AmpecoProject) -> dict[str, tuple[str, Endpoint]]:
    found: dict[str, tuple[str, Endpoint]] = {}
    for tag, collection in project.openapi.endpoint_collections_by_tag.items():
        for endpoint in collection.endpoints:
            module = PythonIdentifier(endpoint.name, project.config.field_prefix)
            found[str(endpoint.name)] = (f"{GENERATED_PACKAGE}.api.{tag}.{module}", endpoint)
    return found


def _method(name: OperationName, module: str, endpoint: Endpoint, models: re.Pattern[str]) -> Method:
    where = f"{name.operation_id} (client.{name.attribute_path})"
    if endpoint.header_parameters or endpoint.cookie_parameters:
        raise ResourceNamingError(
            f"{where}: header and cookie parameters are not supported by the resource layer"
        )

    def annotation(prop: Property, *, no_optional: bool = False) -> str:
        return qualify(prop.get_type_string(no_optional=no_optional).as_unembedded_code(), models)

    path_parameters = [
        Parameter(public_parameter_name(p.python_name), p.python_name, annotation(p), True, "path")
        for p in endpoint.path_parameters
    ]
    keyword_parameters: list[Parameter] = []
    if len(endpoint.bodies) == 1:
        body = endpoint.bodies[0].prop
        keyword_parameters.append(Parameter("body", "body", annotation(body), body.required, "body"))
    elif endpoint.bodies:
        required = all(body.prop.required for body in endpoint.bodies)
        union = " | ".join(annotation(body.prop, no_optional=True) for body in endpoint.bodies)
        keyword_parameters.append(
            Parameter("body", "body", union + ("" if required else " | Unset"), required, "body")
        )
    query = [
        Parameter(
            public_parameter_name(p.python_name),
            p.python_name,
            annotation(p),
            p.required,
            "query",
            _text(p.description),
        )
        for p in endpoint.query_parameters
    ]
    raw_names = {p.name.get_untrusted_value() for p in endpoint.query_parameters}
    has_cursor, has_page = "cursor" in raw_names, "page" in raw_names
    returns, envelope, value = _returns(endpoint, models, has_cursor or has_page)
    paging: list[Parameter] = []
    if returns == "pager":
        paging = [p for p in query if p.public in ("cursor", "page")]
        query = [p for p in query if p.public not in ("cursor", "page")]
    keyword_parameters += query
    taken = [p.public for p in path_parameters + keyword_parameters + paging]
    reserved = set(OPTION_NAMES) | ({"limit", "concurrency"} if returns == "pager" else set()) | {"self"}
    clashes = sorted({n for n in taken if taken.count(n) > 1} | (set(taken) & reserved))
    if clashes:
        raise ResourceNamingError(f"{where}: parameter names {clashes} clash with each other or with options")
    return Method(
        name=name,
        module=module,
        path_parameters=path_parameters,
        keyword_parameters=keyword_parameters,
        paging_parameters=paging,
        returns=returns,
        envelope_type=envelope,
        value_type=value,
        has_cursor=has_cursor,
        has_page=has_page,
        summary=_text(endpoint.summary),
        description=_text(endpoint.description),
        imports=frozenset(_other_imports(endpoint)),
    )


def _returns(endpoint: Endpoint, models: re.Pattern[str], pageable: bool) -> tuple[Returns, str, str]:
    props = [response.prop for response in endpoint.responses]
    envelope = qualify(endpoint.response_type().as_unembedded_code(), models)
    if not props or all(isinstance(prop, AnyProperty) for prop in props):
        return "none", envelope, "None"
    types = {prop.get_type_string().as_unembedded_code() for prop in props}
    prop = props[0]
    if len(types) == 1 and isinstance(prop, ModelProperty):
        fields = {
            p.name.get_untrusted_value(): p
            for p in [*(prop.required_properties or []), *(prop.optional_properties or [])]
        }
        data = fields.get("data")
        if data is not None and set(fields) - {"data"} <= _ENVELOPE_EXTRAS:
            if isinstance(data, ListProperty) and pageable:
                item = data.inner_property.get_type_string(no_optional=True).as_unembedded_code()
                return "pager", envelope, qualify(item, models)
            return (
                "data",
                envelope,
                qualify(data.get_type_string(no_optional=True).as_unembedded_code(), models),
            )
    return "body", envelope, envelope


def _model_names(project: AmpecoProject) -> re.Pattern[str]:
    """A pattern matching the name of every generated model and enum class as a whole word."""
    names = {str(model.class_info.name) for model in project.openapi.models}
    names |= {str(enum.class_info.name) for enum in project.openapi.enums}
    alternatives = "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
    return re.compile(r"(?<![\w.])(" + alternatives + r")\b")


def _other_imports(endpoint: Endpoint) -> Iterator[str]:
    """The endpoint module's imports other than models, as absolute imports."""
    from codegen.generate.run import runtime_import

    for line in endpoint.relative_imports:
        match = _IMPORT.match(line)
        if match is None:
            yield line
        elif match.group(2).startswith("models"):
            continue
        elif match.group(2) in ("types", "errors", "client"):
            names = [n.strip() for n in match.group(3).split(",") if n.strip() not in ("UNSET", "Unset")]
            if names:
                yield runtime_import(f"from {match.group(1)}{match.group(2)} import {', '.join(names)}")
        else:
            yield f"from {GENERATED_PACKAGE}.{match.group(2)} import {match.group(3)}"


def qualify(annotation: str, models: re.Pattern[str]) -> str:
    """Write model names as ``_models.Name`` and builtin generics as ``builtins.list[...]``.

    Resource classes define a method ``list`` and are named like resources (``ContactDetails``), so a
    bare ``list[...]`` or model name in an annotation could resolve to the wrong thing in class scope.
    """
    return _BUILTIN_GENERIC.sub(r"builtins.\1[", models.sub(r"_models.\1", annotation))


def _text(value: object) -> str:
    if value is None:
        return ""
    raw = value.get_untrusted_value() if hasattr(value, "get_untrusted_value") else str(value)
    return " ".join(str(raw).split())


def _trees(methods: Iterable[Method]) -> list[Resource]:
    by_resource: dict[str, list[Method]] = defaultdict(list)
    for method in methods:
        by_resource[method.name.resource].append(method)
    return [_tree(resource, items) for resource, items in sorted(by_resource.items())]


def _tree(resource: str, methods: list[Method]) -> Resource:
    nodes: dict[tuple[str, ...], Namespace] = {}

    def node(path: tuple[str, ...]) -> Namespace:
        if path not in nodes:
            nodes[path] = Namespace(path, "".join(pascal_case(part) for part in path))
            if len(path) > 1:
                node(path[:-1]).children.append(nodes[path])
        return nodes[path]

    for method in sorted(methods, key=lambda m: (m.name.namespace, m.name.method)):
        node((resource, *method.name.namespace)).methods.append(method)
    classes = [n.class_name for n in nodes.values()]
    duplicates = sorted({c for c in classes if classes.count(c) > 1})
    if duplicates:
        raise ResourceNamingError(f"resource {resource}: namespaces share class names {duplicates}")
    for namespace in nodes.values():
        namespace.children.sort(key=lambda child: (child.attribute == DEPRECATED_NAMESPACE, child.attribute))
    return Resource(resource, nodes[(resource,)])


def write_resources(document: dict[str, Any], project: AmpecoProject, api_reference: Path) -> list[Resource]:
    """Render ``resources/`` (one module per resource), ``operations.py`` and ``api_reference``."""
    resources = build_resources(document, project)
    package = project.package_dir / "resources"
    package.mkdir(exist_ok=True)
    project.render_module("resources_init.py.jinja", "resources/__init__.py", resources=resources)
    for resource in resources:
        project.render_module(
            "resource_module.py.jinja", f"resources/{resource.module}.py", resource=resource
        )
    operations = sorted((m for r in resources for m in r.methods()), key=lambda m: m.name.operation_id)
    project.render_module("operations.py.jinja", "operations.py", methods=operations)
    text = project.env.get_template("api.md.jinja").render(
        resources=resources, operation_count=len(operations)
    )
    api_reference.write_text(text, encoding=project.config.file_encoding)
    return resources
