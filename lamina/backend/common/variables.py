"""The backend-neutral part of `lamina.Variable`; each backend subclasses it in its core.py."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from lamina.backend.common import dtypes
from lamina.backend.common.name_scope import current_path
from lamina.backend.common.stateless_scope import _state as _scope_state


def _backend_numpy() -> Any:
    # The active backend's numpy module, looked up late: variables.py is imported while
    # lamina.backend itself is still being set up.
    from lamina import backend

    return backend.numpy


class Variable:
    """A mutable tensor that holds model state (weights, counters, seeds).

    Args:
        initializer: The initial value (array-like), or a callable `(shape, dtype) -> value`.
        shape: The shape; required when `initializer` is a callable.
        dtype: The dtype; defaults to the value's dtype, or `floatx()` for callables and
            Python floats.
        trainable: Whether optimizers should update it.
        name: The variable's name; its `path` adds the active name scopes.

    Example:
        >>> import lamina
        >>> v = lamina.Variable([1.0, 2.0], name="w")
        >>> _ = v.assign_add([1.0, 1.0])
        >>> v.name, v.shape, v.dtype, (v * 2).tolist()
        ('w', (2,), 'float32', [4.0, 6.0])
    """

    _is_lamina_variable = True
    __array_priority__ = 100
    _value: Any
    _shape: tuple[int, ...]

    def __init__(
        self,
        initializer: Any,
        shape: tuple[int, ...] | None = None,
        dtype: Any = None,
        trainable: bool = True,
        autocast: bool = True,
        aggregation: str = "none",
        synchronization: str = "auto",
        name: str | None = None,
    ) -> None:
        name = name or "variable"
        if not isinstance(name, str) or "/" in name:
            raise ValueError(f"Variable name must be a string without '/', received {name!r}.")
        self.name = name
        prefix = current_path()
        self.path = f"{prefix}/{name}" if prefix else name
        self.trainable = bool(trainable)
        self.autocast = autocast
        self.aggregation = aggregation
        self.synchronization = synchronization
        if callable(initializer):
            if shape is None:
                raise ValueError(
                    f"Variable '{self.path}' was given a callable initializer but no shape. "
                    "Pass shape=..., e.g. Variable(initializer, shape=(3, 4))."
                )
            self._dtype = dtypes.standardize_dtype(dtype)
            for check in getattr(_creation, "checks", ()):
                check(self.path, tuple(shape))
            value = initializer(tuple(shape), self._dtype)
        else:
            value = initializer
            if dtype is None:
                dtype = dtypes.infer_dtype(value)
            self._dtype = dtypes.standardize_dtype(dtype)
        self._initialize(value)
        if shape is not None and tuple(shape) != self.shape:
            raise ValueError(
                f"Variable '{self.path}' was given shape {tuple(shape)} but its initial value "
                f"has shape {self.shape}."
            )

    # -- the backend's part ------------------------------------------------------------------
    def _initialize(self, value: Any) -> None:
        raise NotImplementedError

    def _convert_for_assign(self, value: Any) -> Any:
        raise NotImplementedError

    def _direct_assign(self, value: Any) -> None:
        raise NotImplementedError

    # -- state ---------------------------------------------------------------------------------
    @property
    def value(self) -> Any:
        """The current value as a backend tensor (the scope's value inside a StatelessScope)."""
        scope = getattr(_scope_state, "scope", None)
        value = None if scope is None else scope.get_current_value(self)
        if value is None:
            value = self._value
        autocast_dtype = getattr(_scope_state, "autocast", None)
        if (
            autocast_dtype is not None
            and self.autocast
            and self._dtype != autocast_dtype
            and self._dtype in dtypes.FLOAT_TYPES
        ):
            return _backend_numpy().cast(value, autocast_dtype)
        return value

    @property
    def dtype(self) -> str:
        """The dtype; inside an AutocastScope, float variables with autocast report (and read
        as) the scope's compute dtype."""
        autocast_dtype = getattr(_scope_state, "autocast", None)
        if autocast_dtype is not None and self.autocast and self._dtype in dtypes.FLOAT_TYPES:
            return autocast_dtype
        return self._dtype

    @property
    def shape(self) -> tuple[int, ...]:
        return self._shape

    @property
    def ndim(self) -> int:
        return len(self._shape)

    def numpy(self) -> np.ndarray:
        """Returns a NumPy copy of the current value."""
        return np.array(_backend_numpy().convert_to_numpy(self.value))

    def assign(self, value: Any) -> Any:
        """Sets the value (collected instead inside a StatelessScope); returns the new value."""
        value = self._convert_for_assign(value)
        if tuple(value.shape) != self._shape:
            raise ValueError(
                f"Variable '{self.path}' has shape {self._shape} but assign() received a value "
                f"of shape {tuple(value.shape)}."
            )
        scope = getattr(_scope_state, "scope", None)
        if scope is not None:
            scope.add_update(self, value)
        else:
            self._direct_assign(value)
        return value

    def assign_add(self, value: Any) -> Any:
        """Adds `value` to the variable; returns the new value."""
        return self.assign(_backend_numpy().add(self.value, value))

    def assign_sub(self, value: Any) -> Any:
        """Subtracts `value` from the variable; returns the new value."""
        return self.assign(_backend_numpy().subtract(self.value, value))

    def __repr__(self) -> str:
        return (
            f"<Variable path={self.path}, shape={self._shape}, dtype={self._dtype}, "
            f"value={self.numpy()}>"
        )

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        array = self.numpy()
        return array if dtype is None else array.astype(dtype)

    def __hash__(self) -> int:
        return id(self)

    def __bool__(self) -> bool:
        return bool(self.numpy())

    def __len__(self) -> int:
        return self._shape[0]

    def __float__(self) -> float:
        return float(self.numpy())

    def __int__(self) -> int:
        return int(self.numpy())

    def __getitem__(self, index: Any) -> Any:
        return self.value[index]

    def tolist(self) -> list:
        return self.numpy().tolist()

    def _binary(self, name: str, other: Any, reverse: bool = False) -> Any:
        fn = getattr(_backend_numpy(), name)
        return fn(other, self.value) if reverse else fn(self.value, other)

    def __add__(self, o: Any) -> Any:
        return self._binary("add", o)

    def __radd__(self, o: Any) -> Any:
        return self._binary("add", o, True)

    def __sub__(self, o: Any) -> Any:
        return self._binary("subtract", o)

    def __rsub__(self, o: Any) -> Any:
        return self._binary("subtract", o, True)

    def __mul__(self, o: Any) -> Any:
        return self._binary("multiply", o)

    def __rmul__(self, o: Any) -> Any:
        return self._binary("multiply", o, True)

    def __truediv__(self, o: Any) -> Any:
        return self._binary("true_divide", o)

    def __rtruediv__(self, o: Any) -> Any:
        return self._binary("true_divide", o, True)

    def __floordiv__(self, o: Any) -> Any:
        return self._binary("floor_divide", o)

    def __rfloordiv__(self, o: Any) -> Any:
        return self._binary("floor_divide", o, True)

    def __mod__(self, o: Any) -> Any:
        return self._binary("mod", o)

    def __rmod__(self, o: Any) -> Any:
        return self._binary("mod", o, True)

    def __pow__(self, o: Any) -> Any:
        return self._binary("power", o)

    def __rpow__(self, o: Any) -> Any:
        return self._binary("power", o, True)

    def __matmul__(self, o: Any) -> Any:
        return self._binary("matmul", o)

    def __rmatmul__(self, o: Any) -> Any:
        return self._binary("matmul", o, True)

    def __eq__(self, o: Any) -> Any:  # type: ignore[override]
        return self._binary("equal", o)

    def __ne__(self, o: Any) -> Any:  # type: ignore[override]
        return self._binary("not_equal", o)

    def __lt__(self, o: Any) -> Any:
        return self._binary("less", o)

    def __le__(self, o: Any) -> Any:
        return self._binary("less_equal", o)

    def __gt__(self, o: Any) -> Any:
        return self._binary("greater", o)

    def __ge__(self, o: Any) -> Any:
        return self._binary("greater_equal", o)

    def __neg__(self) -> Any:
        return _backend_numpy().negative(self.value)

    def __pos__(self) -> Any:
        return self.value

    def __abs__(self) -> Any:
        return _backend_numpy().abs(self.value)


_creation = threading.local()


@contextlib.contextmanager
def creation_check(check: Callable[[str, tuple], None]) -> Iterator[None]:
    """Within the block, `check(path, shape)` runs in this thread before each Variable with
    an initializer makes its value, and may raise to refuse it. Loading a model uses it to
    refuse variables its weights file cannot back, before their memory is allocated.

    Example:
        >>> import lamina
        >>> from lamina.backend.common.variables import creation_check
        >>> seen = []
        >>> with creation_check(lambda path, shape: seen.append((path, shape))):
        ...     _ = lamina.Variable(lamina.initializers.Zeros(), shape=(2, 3), name="w")
        >>> seen
        [('w', (2, 3))]
    """
    checks = getattr(_creation, "checks", ())
    _creation.checks = (*checks, check)
    try:
        yield
    finally:
        _creation.checks = checks


@contextlib.contextmanager
def creation_checks_paused() -> Iterator[None]:
    """Within the block, no `creation_check` runs in this thread (for variables derived from
    ones already checked, such as an optimizer's slots).

    Example:
        >>> import lamina
        >>> from lamina.backend.common.variables import creation_check, creation_checks_paused
        >>> seen = []
        >>> with creation_check(lambda path, shape: seen.append(path)), creation_checks_paused():
        ...     _ = lamina.Variable(lamina.initializers.Zeros(), shape=(2,), name="slot")
        >>> seen
        []
    """
    checks = getattr(_creation, "checks", ())
    _creation.checks = ()
    try:
        yield
    finally:
        _creation.checks = checks
