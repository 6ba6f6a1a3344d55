"""ampeco: the hand-written runtime around the generated AMPECO.CHARGE Public API client.

Public names are imported lazily (module ``__getattr__``) so ``import ampeco`` stays cheap; the
``TYPE_CHECKING`` block keeps every name visible to type checkers and IDEs.
To export a name: add it to ``_EXPORTS`` (name -> module) and to the ``TYPE_CHECKING`` imports.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ampeco._version import __api_version__, __version__

if TYPE_CHECKING:
    pass

_EXPORTS: dict[str, str] = {}

__all__ = ["__api_version__", "__version__", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'ampeco' has no attribute {name!r}")
    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
