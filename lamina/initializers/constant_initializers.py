"""Initializers with fixed values: Zeros, Ones, Constant and Identity."""

from __future__ import annotations

from typing import Any, cast

from lamina import ops
from lamina.backend import standardize_dtype
from lamina.initializers.initializer import Initializer, standardize_shape
from lamina.typing import DTypeLike, Shape, Tensor


class Zeros(Initializer):
    """Fills new tensors with 0.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.initializers.Zeros()((2, 2))).tolist()
        [[0.0, 0.0], [0.0, 0.0]]
    """

    def __call__(self, shape: Shape, dtype: DTypeLike = None) -> Tensor:
        """Returns zeros of `shape` and `dtype` (`floatx()` when None)."""
        return ops.zeros(standardize_shape("Zeros", shape), dtype=standardize_dtype(dtype))


class Ones(Initializer):
    """Fills new tensors with 1.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.initializers.Ones()((3,), "int32")).tolist()
        [1, 1, 1]
    """

    def __call__(self, shape: Shape, dtype: DTypeLike = None) -> Tensor:
        """Returns ones of `shape` and `dtype` (`floatx()` when None)."""
        return ops.ones(standardize_shape("Ones", shape), dtype=standardize_dtype(dtype))


class Constant(Initializer):
    """Fills new tensors with `value`, broadcast to the requested shape.

    Args:
        value: A number, or an array-like that broadcasts to the shapes it is called with.

    Example:
        >>> import lamina
        >>> init = lamina.initializers.Constant(0.5)
        >>> lamina.ops.convert_to_numpy(init((2,))).tolist()
        [0.5, 0.5]
        >>> lamina.ops.convert_to_numpy(lamina.initializers.Constant([1, 2])((2, 2))).tolist()
        [[1.0, 2.0], [1.0, 2.0]]
    """

    def __init__(self, value: Any = 0.0) -> None:
        self.value = value

    def __call__(self, shape: Shape, dtype: DTypeLike = None) -> Tensor:
        """Returns `value` broadcast to `shape`, in `dtype` (`floatx()` when None)."""
        shape = standardize_shape("Constant", shape)
        dtype = standardize_dtype(dtype)
        value = ops.convert_to_tensor(self.value, dtype=dtype)
        # An eager tensor's shape is fully known.
        value_shape = cast(tuple[int, ...], tuple(ops.shape(value)))
        if not _broadcasts_to(value_shape, shape):
            raise ValueError(
                f"Constant: value of shape {value_shape} does not broadcast to the requested "
                f"shape {shape}. Pass a scalar or a value whose shape broadcasts to it."
            )
        return ops.multiply(ops.ones(shape, dtype=dtype), value)

    def get_config(self) -> dict[str, Any]:
        """Returns `{"value": ...}`, arrays as nested lists."""
        value = self.value
        if not isinstance(value, (int, float, list, tuple)):
            value = ops.convert_to_numpy(value).tolist()
        return {"value": value}


class Identity(Initializer):
    """Fills new 2-D tensors with `gain` times the identity matrix (ones on the diagonal).

    Non-square shapes get ones on the main diagonal and zeros elsewhere.

    Args:
        gain: The factor applied to the identity matrix.

    Example:
        >>> import lamina
        >>> init = lamina.initializers.Identity(gain=2.0)
        >>> lamina.ops.convert_to_numpy(init((2, 3))).tolist()
        [[2.0, 0.0, 0.0], [0.0, 2.0, 0.0]]
    """

    def __init__(self, gain: float = 1.0) -> None:
        if not isinstance(gain, (int, float)) or isinstance(gain, bool):
            raise ValueError(f"Identity: gain must be a number, received gain={gain!r}.")
        self.gain: float = gain

    def __call__(self, shape: Shape, dtype: DTypeLike = None) -> Tensor:
        """Returns `gain * eye(*shape)` in `dtype` (`floatx()` when None); `shape` must be 2-D."""
        shape = standardize_shape("Identity", shape)
        if len(shape) != 2:
            raise ValueError(
                f"Identity: can only fill 2-D matrices, received shape {shape} of rank "
                f"{len(shape)}. Use Orthogonal for tensors of other ranks."
            )
        dtype = standardize_dtype(dtype)
        identity = ops.eye(shape[0], shape[1], dtype=dtype)
        return ops.multiply(identity, ops.convert_to_tensor(self.gain, dtype=dtype))

    def get_config(self) -> dict[str, Any]:
        """Returns `{"gain": ...}`."""
        return {"gain": self.gain}


def _broadcasts_to(source: tuple[int, ...], target: tuple[int, ...]) -> bool:
    if len(source) > len(target):
        return False
    trailing = target[len(target) - len(source) :]
    return all(s in (1, t) for s, t in zip(source, trailing))
