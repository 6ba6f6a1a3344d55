"""The generated endpoint module of each operation, found by its operation id."""

from __future__ import annotations

import datetime
import importlib
import inspect
import pkgutil
from types import ModuleType
from typing import Any

import ampeco_public_api.api


def endpoint_modules() -> dict[str, str]:
    """Operation id, lower-cased without underscores -> the endpoint module's dotted name."""
    index = {}
    for package in pkgutil.iter_modules(ampeco_public_api.api.__path__):
        base = f"ampeco_public_api.api.{package.name}"
        for module in pkgutil.iter_modules(importlib.import_module(base).__path__):
            index[module.name.replace("_", "").lower()] = f"{base}.{module.name}"
    return index


def path_arguments(module: ModuleType, *, but: str) -> dict[str, Any]:
    """A value for each required argument of ``module._get_kwargs`` except ``but``: path ids (integers
    or strings) and dates, enough to build a request whose other parts a test is about."""
    samples: dict[Any, Any] = {str: "1", datetime.date: datetime.date(2024, 5, 1)}
    parameters = inspect.signature(module._get_kwargs, eval_str=True).parameters
    return {
        name: samples.get(parameter.annotation, 1)
        for name, parameter in parameters.items()
        if parameter.default is inspect.Parameter.empty and name != but
    }
