"""StatelessScope: run code with variables' values supplied by the caller and writes collected.

This is what lets a JAX train step be a pure function of its state, and lets any backend run a
layer with other weights (`stateless_call`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

_state = threading.local()


def get_stateless_scope() -> StatelessScope | None:
    """Returns the innermost active StatelessScope, or None."""
    return getattr(_state, "scope", None)


def in_stateless_scope() -> bool:
    """Returns whether code runs inside a StatelessScope."""
    return getattr(_state, "scope", None) is not None


class StatelessScope:
    """Scope in which variable reads return supplied values and writes are collected.

    Args:
        state_mapping: Pairs `(variable, value)`; inside the scope, reading `variable` returns
            `value`.
        collect_updates: Whether `assign` inside the scope is recorded (readable with
            `get_current_value` and `updates`) instead of raising.

    Example:
        >>> import lamina
        >>> v = lamina.Variable([1.0, 2.0])
        >>> with lamina.StatelessScope([(v, lamina.ops.zeros((2,)))]) as scope:
        ...     before = lamina.ops.convert_to_numpy(v.value).tolist()
        ...     _ = v.assign([5.0, 6.0])
        >>> before, lamina.ops.convert_to_numpy(v.value).tolist()
        ([0.0, 0.0], [1.0, 2.0])
        >>> lamina.ops.convert_to_numpy(scope.get_current_value(v)).tolist()
        [5.0, 6.0]
    """

    def __init__(
        self,
        state_mapping: Iterable[tuple[Any, Any]] | None = None,
        collect_updates: bool = True,
    ) -> None:
        self.collect_updates = collect_updates
        self._values: dict[int, Any] = {}
        self._updates: dict[int, tuple[Any, Any]] = {}
        for variable, value in state_mapping or ():
            if not hasattr(variable, "_is_lamina_variable"):
                raise TypeError(
                    "StatelessScope expected (Variable, value) pairs in state_mapping, "
                    f"received a key of type {type(variable).__name__}."
                )
            self._values[id(variable)] = variable._convert_for_assign(value)
        self._parent: StatelessScope | None = None

    def __enter__(self) -> StatelessScope:
        self._parent = get_stateless_scope()
        _state.scope = self
        return self

    def __exit__(self, *exc_info: Any) -> None:
        _state.scope = self._parent

    def add_update(self, variable: Any, value: Any) -> None:
        """Records `value` as the new value of `variable` (called by `Variable.assign`)."""
        if not self.collect_updates:
            raise ValueError(
                f"Variable '{variable.path}' was assigned inside a StatelessScope with "
                "collect_updates=False. Pass collect_updates=True to record writes."
            )
        self._updates[id(variable)] = (variable, value)

    def get_current_value(self, variable: Any) -> Any:
        """Returns the value `variable` has in this scope (its update, else its mapped value)."""
        update = self._updates.get(id(variable))
        if update is not None:
            return update[1]
        value = self._values.get(id(variable))
        if value is None and self._parent is not None:
            return self._parent.get_current_value(variable)
        return value

    @property
    def updates(self) -> list[tuple[Any, Any]]:
        """The `(variable, new_value)` pairs assigned inside the scope, in assignment order."""
        return list(self._updates.values())


class AutocastScope:
    """Scope in which float variables with `autocast=True` read as `dtype` (mixed precision).

    Layers with a mixed dtype policy enter it around `call`, so float32 weights take part in
    float16 / bfloat16 computation without the layer writing casts.

    Args:
        dtype: The float dtype reads are cast to, or None for no casting.
    """

    def __init__(self, dtype: str | None) -> None:
        self.dtype = dtype
        self._parent: str | None = None

    def __enter__(self) -> AutocastScope:
        self._parent = getattr(_state, "autocast", None)
        _state.autocast = self.dtype
        return self

    def __exit__(self, *exc_info: Any) -> None:
        _state.autocast = self._parent
