"""Element-wise ops: arithmetic, comparison, logical, rounding, trigonometric and friends."""

from __future__ import annotations

from typing import Any

from lamina import backend
from lamina.ops.operation import lamina_op
from lamina.ops.shape_inference import binary_spec_for, float_unary_spec
from lamina.typing import Tensor

_b = backend.elementwise


@lamina_op(binary_spec_for("add"))
def add(x1: Any, x2: Any) -> Tensor:
    """Adds two tensors element-wise, with broadcasting and lamina's type promotion.

    Args:
        x1: A tensor or array-like.
        x2: A tensor or array-like, broadcastable with `x1`.

    Returns:
        `x1 + x2`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.add([1, 2], [10, 20])).tolist()
        [11, 22]
    """
    return _b.add(x1, x2)


@lamina_op(float_unary_spec)
def exp(x: Any) -> Tensor:
    """Returns `e ** x` element-wise (integer inputs compute in `floatx()`).

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.exp([0.0])).tolist()
        [1.0]
    """
    return _b.exp(x)


@lamina_op(binary_spec_for("multiply"))
def multiply(x1: Any, x2: Any) -> Tensor:
    """Multiplies two tensors element-wise, with broadcasting and lamina's type promotion.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.multiply([1, 2], 3)).tolist()
        [3, 6]
    """
    return _b.multiply(x1, x2)
