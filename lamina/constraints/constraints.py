"""Weight constraints: projections applied to a variable after each optimizer update."""

from __future__ import annotations

from typing import Any

from lamina import ops
from lamina.backend import epsilon
from lamina.typing import Tensor

Axis = int | tuple[int, ...] | list[int]


class Constraint:
    """Base class of constraints: `constraint(w)` returns `w` projected onto the allowed set.

    Subclasses implement `__call__(w)` and, when their constructor takes arguments,
    `get_config()` returning them. The base class returns `w` unchanged.

    Example:
        >>> import lamina
        >>> class Clip(lamina.constraints.Constraint):
        ...     def __call__(self, w):
        ...         return lamina.ops.clip(w, -1.0, 1.0)
        >>> lamina.ops.convert_to_numpy(Clip()(lamina.ops.convert_to_tensor([-3.0, 0.5]))).tolist()
        [-1.0, 0.5]
    """

    def __call__(self, w: Tensor) -> Tensor:
        """Returns `w` projected onto the constraint's set (the base class returns `w`)."""
        return w

    def get_config(self) -> dict[str, Any]:
        """Returns the constructor arguments as a JSON-friendly dict."""
        return {}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Constraint:
        """Returns a constraint built from `get_config()`'s output."""
        return cls(**config)


class MaxNorm(Constraint):
    """Rescales the slices of `w` whose L2 norm over `axis` exceeds `max_value` to that norm.

    Args:
        max_value: The largest norm allowed; a non-negative number.
        axis: The axis or axes the norm is taken over: 0 for a Dense kernel
            `(input_dim, units)` (one norm per unit), `[0, 1, 2]` for a Conv2D kernel
            `(rows, cols, in_channels, filters)` in `channels_last`.

    Example:
        >>> import lamina
        >>> w = lamina.ops.convert_to_tensor([[3.0, 0.6], [4.0, 0.8]])
        >>> y = lamina.constraints.MaxNorm(max_value=2.0)(w)
        >>> lamina.ops.convert_to_numpy(y).astype(float).round(4).tolist()
        [[1.2, 0.6], [1.6, 0.8]]
    """

    def __init__(self, max_value: float = 2, axis: Axis = 0) -> None:
        self.max_value = _non_negative("MaxNorm", "max_value", max_value)
        self.axis = _validate_axis("MaxNorm", axis)

    def __call__(self, w: Tensor) -> Tensor:
        """Returns `w` with every slice's norm over `axis` clipped to `max_value`."""
        norms = _norms(w, self.axis)
        desired = ops.clip(norms, 0.0, self.max_value)
        return ops.multiply(w, ops.divide(desired, ops.add(norms, epsilon())))

    def get_config(self) -> dict[str, Any]:
        """Returns `{"max_value": ..., "axis": ...}`."""
        return {"max_value": self.max_value, "axis": self.axis}


class MinMaxNorm(Constraint):
    """Moves the L2 norm over `axis` of each slice of `w` into `[min_value, max_value]`.

    Each slice is rescaled to the norm `rate * clip(norm, min_value, max_value) +
    (1 - rate) * norm`: `rate=1` enforces the bounds at once, smaller rates approach them
    step by step.

    Args:
        min_value: The smallest norm allowed; a non-negative number.
        max_value: The largest norm allowed; at least `min_value`.
        rate: How far to move towards the bounds at each call, in `[0, 1]`.
        axis: The axis or axes the norm is taken over (see `MaxNorm`).

    Example:
        >>> import lamina
        >>> w = lamina.ops.convert_to_tensor([[0.3, 6.0], [0.4, 8.0]])
        >>> y = lamina.constraints.MinMaxNorm(min_value=1.0, max_value=2.0)(w)
        >>> lamina.ops.convert_to_numpy(y).astype(float).round(4).tolist()
        [[0.6, 1.2], [0.8, 1.6]]
    """

    def __init__(
        self, min_value: float = 0.0, max_value: float = 1.0, rate: float = 1.0, axis: Axis = 0
    ) -> None:
        self.min_value = _non_negative("MinMaxNorm", "min_value", min_value)
        self.max_value = _non_negative("MinMaxNorm", "max_value", max_value)
        if self.max_value < self.min_value:
            raise ValueError(
                f"MinMaxNorm: max_value must be at least min_value, received "
                f"min_value={min_value!r}, max_value={max_value!r}."
            )
        self.rate = _non_negative("MinMaxNorm", "rate", rate)
        if self.rate > 1:
            raise ValueError(f"MinMaxNorm: rate must be in [0, 1], received rate={rate!r}.")
        self.axis = _validate_axis("MinMaxNorm", axis)

    def __call__(self, w: Tensor) -> Tensor:
        """Returns `w` with every slice's norm over `axis` moved towards the bounds."""
        norms = _norms(w, self.axis)
        clipped = ops.clip(norms, self.min_value, self.max_value)
        desired = ops.add(ops.multiply(self.rate, clipped), ops.multiply(1.0 - self.rate, norms))
        return ops.multiply(w, ops.divide(desired, ops.add(norms, epsilon())))

    def get_config(self) -> dict[str, Any]:
        """Returns `min_value`, `max_value`, `rate` and `axis`."""
        return {
            "min_value": self.min_value,
            "max_value": self.max_value,
            "rate": self.rate,
            "axis": self.axis,
        }


class NonNeg(Constraint):
    """Sets the negative entries of `w` to 0.

    Example:
        >>> import lamina
        >>> w = lamina.ops.convert_to_tensor([-1.0, 0.0, 2.0])
        >>> lamina.ops.convert_to_numpy(lamina.constraints.NonNeg()(w)).tolist()
        [0.0, 0.0, 2.0]
    """

    def __call__(self, w: Tensor) -> Tensor:
        """Returns `w` with negative entries replaced by 0."""
        return ops.where(ops.greater_equal(w, 0), w, ops.zeros_like(w))


class UnitNorm(Constraint):
    """Rescales each slice of `w` to an L2 norm of 1 over `axis`.

    Args:
        axis: The axis or axes the norm is taken over (see `MaxNorm`).

    Example:
        >>> import lamina
        >>> w = lamina.ops.convert_to_tensor([[3.0, 0.0], [4.0, 2.0]])
        >>> y = lamina.constraints.UnitNorm()(w)
        >>> lamina.ops.convert_to_numpy(y).astype(float).round(4).tolist()
        [[0.6, 0.0], [0.8, 1.0]]
    """

    def __init__(self, axis: Axis = 0) -> None:
        self.axis = _validate_axis("UnitNorm", axis)

    def __call__(self, w: Tensor) -> Tensor:
        """Returns `w` divided by its norms over `axis`."""
        return ops.divide(w, ops.add(_norms(w, self.axis), epsilon()))

    def get_config(self) -> dict[str, Any]:
        """Returns `{"axis": ...}`."""
        return {"axis": self.axis}


def _norms(w: Tensor, axis: Axis) -> Tensor:
    reduce_axis = tuple(axis) if isinstance(axis, list) else axis
    return ops.sqrt(ops.sum(ops.square(w), axis=reduce_axis, keepdims=True))


def _non_negative(class_name: str, name: str, value: Any) -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not value >= 0:
        raise ValueError(
            f"{class_name}: {name} must be a non-negative number, received {name}={value!r}."
        )
    return value


def _validate_axis(class_name: str, axis: Any) -> Axis:
    if isinstance(axis, int) and not isinstance(axis, bool):
        return axis
    if isinstance(axis, (list, tuple)) and all(
        isinstance(a, int) and not isinstance(a, bool) for a in axis
    ):
        return list(axis)
    raise ValueError(
        f"{class_name}: axis must be an int or a list of ints, received axis={axis!r}."
    )
