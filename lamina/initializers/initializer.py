"""Initializer: the base class of everything that fills a new variable with starting values."""

from __future__ import annotations

import numbers
from typing import Any

from lamina.backend import is_float_dtype, standardize_dtype
from lamina.typing import DTypeLike, Shape, Tensor


class Initializer:
    """Base class of initializers: `initializer(shape, dtype)` returns a new tensor.

    Subclasses implement `__call__(shape, dtype=None)` and, when their constructor takes
    arguments, `get_config()` returning them, so `from_config(get_config())` rebuilds an equal
    initializer.

    Example:
        >>> import lamina
        >>> class Twos(lamina.initializers.Initializer):
        ...     def __call__(self, shape, dtype=None):
        ...         return lamina.ops.full(shape, 2.0, dtype=dtype)
        >>> lamina.ops.convert_to_numpy(Twos()((2,))).tolist()
        [2.0, 2.0]
    """

    def __call__(self, shape: Shape, dtype: DTypeLike = None) -> Tensor:
        """Returns a tensor of `shape` and `dtype` (`floatx()` when None) with initial values."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement __call__(shape, dtype=None)."
        )

    def get_config(self) -> dict[str, Any]:
        """Returns the constructor arguments as a JSON-friendly dict."""
        return {}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Initializer:
        """Returns an initializer built from `get_config()`'s output."""
        return cls(**config)

    def clone(self) -> Initializer:
        """Returns a new initializer with the same configuration."""
        return type(self).from_config(self.get_config())


def standardize_shape(class_name: str, shape: Any) -> tuple[int, ...]:
    """Returns `shape` as a tuple of non-negative ints, or raises a ValueError naming the class."""
    if _is_dim(shape):
        shape = (shape,)
    try:
        dims = tuple(shape)
    except TypeError:
        dims = (None,)
    if not all(_is_dim(dim) for dim in dims):
        raise ValueError(
            f"{class_name}: shape must be a tuple of non-negative ints, received {shape!r}."
        )
    return tuple(int(dim) for dim in dims)


def _is_dim(value: Any) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool) and int(value) >= 0


def float_dtype(class_name: str, dtype: DTypeLike) -> str:
    """Returns lamina's name for `dtype` (`floatx()` when None); raises unless it is a float."""
    name = standardize_dtype(dtype)
    if not is_float_dtype(name):
        raise ValueError(
            f"{class_name}: dtype must be a float dtype, received {name!r}. "
            "Random initializers only make float values."
        )
    return name
