"""The generated endpoint module of each operation, found by its operation id."""

from __future__ import annotations

import importlib
import pkgutil

import ampeco_public_api.api


def endpoint_modules() -> dict[str, str]:
    """Operation id, lower-cased without underscores -> the endpoint module's dotted name."""
    index = {}
    for package in pkgutil.iter_modules(ampeco_public_api.api.__path__):
        base = f"ampeco_public_api.api.{package.name}"
        for module in pkgutil.iter_modules(importlib.import_module(base).__path__):
            index[module.name.replace("_", "").lower()] = f"{base}.{module.name}"
    return index
