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
    from ampeco._client import AsyncClient as AsyncClient
    from ampeco._client import Client as Client
    from ampeco._config import Timeout as Timeout
    from ampeco._constants import DEFAULT_MAX_RATE_LIMIT_WAIT as DEFAULT_MAX_RATE_LIMIT_WAIT
    from ampeco._constants import DEFAULT_MAX_RESPONSE_BYTES as DEFAULT_MAX_RESPONSE_BYTES
    from ampeco._constants import DEFAULT_MAX_RETRIES as DEFAULT_MAX_RETRIES
    from ampeco._constants import DEFAULT_TIMEOUT as DEFAULT_TIMEOUT
    from ampeco._exceptions import AmpecoError as AmpecoError
    from ampeco._exceptions import APIConnectionError as APIConnectionError
    from ampeco._exceptions import APIError as APIError
    from ampeco._exceptions import APIStatusError as APIStatusError
    from ampeco._exceptions import APITimeoutError as APITimeoutError
    from ampeco._exceptions import AuthenticationError as AuthenticationError
    from ampeco._exceptions import BadRequestError as BadRequestError
    from ampeco._exceptions import ConfigurationError as ConfigurationError
    from ampeco._exceptions import ConflictError as ConflictError
    from ampeco._exceptions import InternalServerError as InternalServerError
    from ampeco._exceptions import InvalidParameterError as InvalidParameterError
    from ampeco._exceptions import NotFoundError as NotFoundError
    from ampeco._exceptions import PaginationError as PaginationError
    from ampeco._exceptions import PermissionDeniedError as PermissionDeniedError
    from ampeco._exceptions import RateLimitError as RateLimitError
    from ampeco._exceptions import ResponseTooLargeError as ResponseTooLargeError
    from ampeco._exceptions import ResponseValidationError as ResponseValidationError
    from ampeco._exceptions import UnexpectedStatus as UnexpectedStatus
    from ampeco._exceptions import UnprocessableEntityError as UnprocessableEntityError
    from ampeco._pagination import AsyncPager as AsyncPager
    from ampeco._pagination import Page as Page
    from ampeco._pagination import SyncPager as SyncPager
    from ampeco._pagination import apaginate as apaginate
    from ampeco._pagination import paginate as paginate
    from ampeco._types import UNSET as UNSET
    from ampeco._types import Response as Response
    from ampeco._types import Unset as Unset

_EXPORTS: dict[str, str] = {
    "AsyncClient": "ampeco._client",
    "Client": "ampeco._client",
    "Timeout": "ampeco._config",
    "DEFAULT_MAX_RATE_LIMIT_WAIT": "ampeco._constants",
    "DEFAULT_MAX_RESPONSE_BYTES": "ampeco._constants",
    "DEFAULT_MAX_RETRIES": "ampeco._constants",
    "DEFAULT_TIMEOUT": "ampeco._constants",
    "APIConnectionError": "ampeco._exceptions",
    "APIError": "ampeco._exceptions",
    "APIStatusError": "ampeco._exceptions",
    "APITimeoutError": "ampeco._exceptions",
    "AmpecoError": "ampeco._exceptions",
    "AuthenticationError": "ampeco._exceptions",
    "BadRequestError": "ampeco._exceptions",
    "ConfigurationError": "ampeco._exceptions",
    "ConflictError": "ampeco._exceptions",
    "InternalServerError": "ampeco._exceptions",
    "InvalidParameterError": "ampeco._exceptions",
    "NotFoundError": "ampeco._exceptions",
    "PaginationError": "ampeco._exceptions",
    "PermissionDeniedError": "ampeco._exceptions",
    "RateLimitError": "ampeco._exceptions",
    "ResponseTooLargeError": "ampeco._exceptions",
    "ResponseValidationError": "ampeco._exceptions",
    "UnexpectedStatus": "ampeco._exceptions",
    "UnprocessableEntityError": "ampeco._exceptions",
    "AsyncPager": "ampeco._pagination",
    "Page": "ampeco._pagination",
    "SyncPager": "ampeco._pagination",
    "apaginate": "ampeco._pagination",
    "paginate": "ampeco._pagination",
    "UNSET": "ampeco._types",
    "Response": "ampeco._types",
    "Unset": "ampeco._types",
}

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
