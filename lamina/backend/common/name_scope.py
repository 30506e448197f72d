"""Hierarchical name scopes that give variables their `path` (e.g. `dense/kernel`)."""

from __future__ import annotations

import threading
from typing import Any

_state = threading.local()


def current_path() -> str:
    """Returns the '/'-joined names of the active scopes ('' outside any scope)."""
    stack = getattr(_state, "stack", None)
    return "/".join(stack) if stack else ""


class name_scope:  # noqa: N801 - Keras spells it in lower case
    """Context manager that prefixes the path of variables created inside it.

    Args:
        name: The scope's name; a non-empty string without '/'.

    Example:
        >>> import lamina
        >>> with lamina.name_scope("block"):
        ...     v = lamina.Variable([1.0], name="scale")
        >>> v.path
        'block/scale'
    """

    def __init__(self, name: str, **kwargs: Any) -> None:
        if not isinstance(name, str) or not name or "/" in name:
            raise ValueError(
                f"name_scope expected a non-empty name without '/', received {name!r}."
            )
        self.name = name

    def __enter__(self) -> name_scope:
        stack = getattr(_state, "stack", None)
        if stack is None:
            stack = _state.stack = []
        stack.append(self.name)
        return self

    def __exit__(self, *exc_info: Any) -> None:
        _state.stack.pop()
