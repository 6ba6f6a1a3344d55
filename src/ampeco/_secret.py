"""``Secret``: the API token as the client carries it, so no repr, traceback or pickle can show it.

The constructor wraps the token on its first line; from then on every frame on the constructor path
holds a ``Secret`` (whose repr is ``Secret('***')``), never the raw string, so
``traceback.TracebackException(capture_locals=True)`` prints nothing sensitive.
"""

from __future__ import annotations

import re
from typing import Final, NoReturn

_BEARER_PREFIX: Final = re.compile(r"(?i)^bearer(?:\s+|$)")


class Secret:
    """A value that never shows itself; :meth:`reveal` is the only way out."""

    __slots__ = ("_value",)

    def __init__(self, value: object) -> None:
        self._value = value

    @classmethod
    def hide(cls, value: object) -> Secret | None:
        """Wrap ``value`` (``None`` stays ``None``, a ``Secret`` stays itself)."""
        if value is None or isinstance(value, Secret):
            return value
        return cls(value)

    @property
    def kind(self) -> str:
        """The wrapped value's type name, for error messages that must not show the value."""
        return type(self._value).__name__

    def is_text(self) -> bool:
        return isinstance(self._value, str)

    def reveal(self) -> str:
        """The wrapped string (checked with :meth:`is_text` first)."""
        if not isinstance(self._value, str):
            raise TypeError(f"the secret is a {self.kind}, not a string")
        return self._value

    def normalized(self) -> Secret:
        """Surrounding whitespace and a pasted ``Bearer`` scheme removed (the result is still hidden)."""
        return Secret(_BEARER_PREFIX.sub("", self.reveal().strip(), count=1).strip())

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __reduce__(self) -> NoReturn:
        raise TypeError("a Secret cannot be pickled")
