"""Weight regularizers: penalties added to the loss, computed from a layer's weights."""

from __future__ import annotations

import math
import numbers
from typing import Any

from lamina import ops
from lamina.backend import floatx, is_float_dtype
from lamina.typing import Tensor

_ORTHOGONAL_MODES = ("rows", "columns")


class Regularizer:
    """Base class of regularizers: `regularizer(x)` returns a scalar penalty for the tensor `x`.

    Subclasses implement `__call__(x)` and `get_config()` returning their constructor
    arguments, so `from_config(get_config())` rebuilds an equal regularizer. The base class's
    penalty is 0.

    Example:
        >>> import lamina
        >>> class SumOfSquares(lamina.regularizers.Regularizer):
        ...     def __call__(self, x):
        ...         return lamina.ops.sum(lamina.ops.square(x))
        ...     def get_config(self):
        ...         return {}
        >>> float(SumOfSquares()(lamina.ops.convert_to_tensor([1.0, 2.0])))
        5.0
    """

    def __call__(self, x: Tensor) -> Tensor:
        """Returns the penalty for `x`: a scalar tensor (0 for the base class)."""
        dtype = ops.dtype(x)
        return ops.zeros((), dtype=dtype if is_float_dtype(dtype) else floatx())

    def get_config(self) -> dict[str, Any]:
        """Returns the constructor arguments as a JSON-friendly dict."""
        raise NotImplementedError(f"{type(self).__name__} does not implement get_config().")

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Regularizer:
        """Returns a regularizer built from `get_config()`'s output."""
        return cls(**config)


class L1(Regularizer):
    """The L1 penalty `l1 * sum(|x|)`.

    Args:
        l1: The factor; a non-negative number.

    Example:
        >>> import lamina
        >>> penalty = lamina.regularizers.L1(0.5)(lamina.ops.convert_to_tensor([1.0, -3.0]))
        >>> float(penalty)
        2.0
    """

    def __init__(self, l1: float = 0.01) -> None:
        self.l1 = _validate_factor("L1", "l1", l1)

    def __call__(self, x: Tensor) -> Tensor:
        """Returns `l1 * sum(|x|)` as a scalar tensor."""
        return ops.multiply(self.l1, ops.sum(ops.absolute(x)))

    def get_config(self) -> dict[str, Any]:
        """Returns `{"l1": ...}`."""
        return {"l1": self.l1}


class L2(Regularizer):
    """The L2 penalty `l2 * sum(x ** 2)`.

    Args:
        l2: The factor; a non-negative number.

    Example:
        >>> import lamina
        >>> penalty = lamina.regularizers.L2(0.5)(lamina.ops.convert_to_tensor([1.0, -3.0]))
        >>> float(penalty)
        5.0
    """

    def __init__(self, l2: float = 0.01) -> None:
        self.l2 = _validate_factor("L2", "l2", l2)

    def __call__(self, x: Tensor) -> Tensor:
        """Returns `l2 * sum(x ** 2)` as a scalar tensor."""
        return ops.multiply(self.l2, ops.sum(ops.square(x)))

    def get_config(self) -> dict[str, Any]:
        """Returns `{"l2": ...}`."""
        return {"l2": self.l2}


class L1L2(Regularizer):
    """The sum of the L1 and L2 penalties: `l1 * sum(|x|) + l2 * sum(x ** 2)`.

    Args:
        l1: The L1 factor; a non-negative number (None means 0).
        l2: The L2 factor; a non-negative number (None means 0).

    Example:
        >>> import lamina
        >>> regularizer = lamina.regularizers.L1L2(l1=1.0, l2=0.5)
        >>> float(regularizer(lamina.ops.convert_to_tensor([1.0, -3.0])))
        9.0
    """

    def __init__(self, l1: float | None = 0.0, l2: float | None = 0.0) -> None:
        self.l1 = _validate_factor("L1L2", "l1", 0.0 if l1 is None else l1)
        self.l2 = _validate_factor("L1L2", "l2", 0.0 if l2 is None else l2)

    def __call__(self, x: Tensor) -> Tensor:
        """Returns `l1 * sum(|x|) + l2 * sum(x ** 2)` as a scalar tensor."""
        penalty = super().__call__(x)
        if self.l1:
            penalty = ops.add(penalty, ops.multiply(self.l1, ops.sum(ops.absolute(x))))
        if self.l2:
            penalty = ops.add(penalty, ops.multiply(self.l2, ops.sum(ops.square(x))))
        return penalty

    def get_config(self) -> dict[str, Any]:
        """Returns `{"l1": ..., "l2": ...}`."""
        return {"l1": self.l1, "l2": self.l2}


class OrthogonalRegularizer(Regularizer):
    """Pushes the rows (or columns) of a 2-D kernel towards being orthogonal to each other.

    With `v_i` the rows (or columns) scaled to unit length and `n` their number, the penalty
    is `factor * sum_{i<j} |v_i . v_j| / (n * (n - 1) / 2)`: `factor` times the mean absolute
    cosine over all pairs. Kernels with a single row (or column) have no pairs and get 0.

    Args:
        factor: The factor; a non-negative number.
        mode: `"rows"` or `"columns"`: which vectors should be orthogonal.

    Example:
        >>> import lamina
        >>> regularizer = lamina.regularizers.OrthogonalRegularizer(factor=1.0)
        >>> float(regularizer(lamina.ops.convert_to_tensor([[1.0, 0.0], [1.0, 0.0]])))
        1.0
        >>> float(regularizer(lamina.ops.convert_to_tensor([[2.0, 0.0], [0.0, 3.0]])))
        0.0
    """

    def __init__(self, factor: float = 0.01, mode: str = "rows") -> None:
        self.factor = _validate_factor("OrthogonalRegularizer", "factor", factor)
        if mode not in _ORTHOGONAL_MODES:
            raise ValueError(
                f"OrthogonalRegularizer: mode must be one of {_ORTHOGONAL_MODES}, received "
                f"mode={mode!r}."
            )
        self.mode = mode

    def __call__(self, x: Tensor) -> Tensor:
        """Returns the penalty for the 2-D tensor `x` as a scalar tensor."""
        shape = tuple(ops.shape(x))
        if len(shape) != 2:
            raise ValueError(
                f"OrthogonalRegularizer: inputs must have rank 2, received shape {shape}."
            )
        axis = 1 if self.mode == "rows" else 0
        size = shape[0] if self.mode == "rows" else shape[1]
        if size is None:
            raise ValueError(
                f"OrthogonalRegularizer: the number of {self.mode} must be known, received "
                f"shape {shape}. Apply it to weights, whose shapes are fixed."
            )
        if size < 2:
            return super().__call__(x)
        vectors = ops.normalize(x, axis=axis)
        if self.mode == "columns":
            vectors = ops.transpose(vectors)
        cosines = ops.matmul(vectors, ops.transpose(vectors))
        off_diagonal = ops.multiply(cosines, ops.subtract(1.0, ops.eye(size, dtype=ops.dtype(x))))
        # The sum over the full matrix counts every pair twice.
        num_pairs = size * (size - 1) / 2.0
        mean_cosine = ops.divide(ops.multiply(0.5, ops.sum(ops.absolute(off_diagonal))), num_pairs)
        return ops.multiply(self.factor, mean_cosine)

    def get_config(self) -> dict[str, Any]:
        """Returns `{"factor": ..., "mode": ...}`."""
        return {"factor": self.factor, "mode": self.mode}


def _validate_factor(class_name: str, name: str, value: Any) -> float:
    valid = isinstance(value, numbers.Real) and not isinstance(value, bool)
    if not valid or not math.isfinite(value) or value < 0:
        raise ValueError(
            f"{class_name}: {name} must be a non-negative finite number, received {name}={value!r}."
        )
    return float(value)
