"""Parameter descriptions into the generated docstrings.

OpenAPI writes a parameter's description on the parameter object; openapi-python-client documents a
parameter with its *schema's* description (for a model or enum parameter, the model's). So most of
AMPECO's parameter descriptions never reached a docstring: the CDR listing's ``cursor`` and
``per_page`` were undocumented. This step gives every parsed parameter the description the spec
wrote for it, before the endpoint modules are rendered.
"""

from __future__ import annotations

import re
from typing import Any

from attrs import evolve
from openapi_python_client.parser import GeneratorData
from openapi_python_client.schema.untrusted_string import UntrustedString

from ampeco._openapi import iter_operations

_VARIABLE = re.compile(r"\{[^}/]*\}")
_LOCATIONS = {
    "path": "path_parameters",
    "query": "query_parameters",
    "header": "header_parameters",
    "cookie": "cookie_parameters",
}


def parameter_descriptions(document: dict[str, Any]) -> dict[tuple[str, str, str, str], str]:
    """(path template, method, location, name) -> description, for every described parameter."""
    found = {}
    for operation in iter_operations(document):
        for parameter in operation.parameters:
            description = parameter.get("description")
            if isinstance(description, str) and description.strip():
                key = (
                    _template(operation.path),
                    operation.method,
                    str(parameter.get("in")),
                    str(parameter.get("name")),
                )
                found[key] = description.strip()
    return found


def describe_parameters(openapi: GeneratorData, document: dict[str, Any]) -> None:
    """Set each endpoint parameter's description to the one its parameter object gives."""
    descriptions = parameter_descriptions(document)
    for collection in openapi.endpoint_collections_by_tag.values():
        for endpoint in collection.endpoints:
            path = _template(_text(endpoint.path))
            for location, attribute in _LOCATIONS.items():
                parameters = getattr(endpoint, attribute)
                for index, parameter in enumerate(parameters):
                    name = _text(parameter.name)
                    description = descriptions.get((path, endpoint.method, location, name))
                    if description is not None:
                        parameters[index] = evolve(parameter, description=description)


def _template(path: str) -> str:
    """``/x/{chargePoint}`` and ``/x/{charge_point}`` (the parser renames path variables) are one path."""
    return _VARIABLE.sub("{}", path)


def _text(value: object) -> str:
    """The text of a name or path as the spec wrote it (the parser wraps them as untrusted strings)."""
    return str(value.get_untrusted_value()) if isinstance(value, UntrustedString) else str(value)
