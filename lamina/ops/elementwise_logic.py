"""Element-wise comparisons, closeness, NaN/infinity tests, logical and bitwise ops.

The backends implement these in their `elementwise` module.
"""

from __future__ import annotations

from typing import Any

from lamina import backend
from lamina.backend.common import dtypes
from lamina.backend.common.symbolic_tensor import SymbolicTensor
from lamina.ops.operation import lamina_op
from lamina.ops.shape_inference import (
    broadcast_shapes,
    comparison_spec_for,
    dtype_of,
    shape_of,
    spec,
)
from lamina.typing import Tensor

_b = backend.elementwise


def _bool_unary_spec(x: Any) -> SymbolicTensor:
    return spec(shape_of(x), "bool")


def _isclose_spec(
    x1: Any, x2: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False
) -> SymbolicTensor:
    return spec(broadcast_shapes("isclose", shape_of(x1), shape_of(x2)), "bool")


def _bitwise_spec_for(op_name: str):  # noqa: ANN202 - returns a spec function
    def bitwise_spec(*xs: Any) -> SymbolicTensor:
        dtype = dtypes.result_type(*(dtype_of(x) for x in xs))
        if dtype != "bool" and dtype not in dtypes.INT_TYPES:
            received = ", ".join(str(dtypes.result_type(dtype_of(x))) for x in xs)
            raise TypeError(
                f"{op_name}: expected integer or bool inputs, received dtypes ({received})."
            )
        return spec(broadcast_shapes(op_name, *(shape_of(x) for x in xs)), dtype)

    return bitwise_spec


@lamina_op(_isclose_spec)
def isclose(
    x1: Any, x2: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False
) -> Tensor:
    """Returns whether `|x1 - x2| <= atol + rtol * |x2|`, element-wise.

    Args:
        x1: A tensor or array-like.
        x2: A tensor or array-like, broadcastable with `x1`.
        rtol: The relative tolerance.
        atol: The absolute tolerance.
        equal_nan: Whether two NaNs count as close.

    Returns:
        A bool tensor of the broadcast shape.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.isclose([1.0, 1.0], [1.0, 1.1])).tolist()
        [True, False]
    """
    return _b.isclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan)


@lamina_op(comparison_spec_for("equal"))
def equal(x1: Any, x2: Any) -> Tensor:
    """Returns `x1 == x2` element-wise.

    Args:
        x1: A tensor or array-like.
        x2: A tensor or array-like, broadcastable with `x1`.

    Returns:
        A bool tensor of the broadcast shape.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.equal([1, 2], 2)).tolist()
        [False, True]
    """
    return _b.equal(x1, x2)


@lamina_op(comparison_spec_for("not_equal"))
def not_equal(x1: Any, x2: Any) -> Tensor:
    """Returns `x1 != x2` element-wise.

    Args:
        x1: A tensor or array-like.
        x2: A tensor or array-like, broadcastable with `x1`.

    Returns:
        A bool tensor of the broadcast shape.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.not_equal([1, 2], 2)).tolist()
        [True, False]
    """
    return _b.not_equal(x1, x2)


@lamina_op(comparison_spec_for("less"))
def less(x1: Any, x2: Any) -> Tensor:
    """Returns `x1 < x2` element-wise.

    Args:
        x1: A tensor or array-like.
        x2: A tensor or array-like, broadcastable with `x1`.

    Returns:
        A bool tensor of the broadcast shape.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.less([1, 2], 2)).tolist()
        [True, False]
    """
    return _b.less(x1, x2)


@lamina_op(comparison_spec_for("less_equal"))
def less_equal(x1: Any, x2: Any) -> Tensor:
    """Returns `x1 <= x2` element-wise.

    Args:
        x1: A tensor or array-like.
        x2: A tensor or array-like, broadcastable with `x1`.

    Returns:
        A bool tensor of the broadcast shape.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.less_equal([1, 3], 2)).tolist()
        [True, False]
    """
    return _b.less_equal(x1, x2)


@lamina_op(comparison_spec_for("greater"))
def greater(x1: Any, x2: Any) -> Tensor:
    """Returns `x1 > x2` element-wise.

    Args:
        x1: A tensor or array-like.
        x2: A tensor or array-like, broadcastable with `x1`.

    Returns:
        A bool tensor of the broadcast shape.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.greater([1, 3], 2)).tolist()
        [False, True]
    """
    return _b.greater(x1, x2)


@lamina_op(comparison_spec_for("greater_equal"))
def greater_equal(x1: Any, x2: Any) -> Tensor:
    """Returns `x1 >= x2` element-wise.

    Args:
        x1: A tensor or array-like.
        x2: A tensor or array-like, broadcastable with `x1`.

    Returns:
        A bool tensor of the broadcast shape.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.greater_equal([1, 2], 2)).tolist()
        [False, True]
    """
    return _b.greater_equal(x1, x2)


@lamina_op(comparison_spec_for("logical_and"))
def logical_and(x1: Any, x2: Any) -> Tensor:
    """Returns the truth of `x1 and x2` element-wise (non-zero is true).

    Args:
        x1: A tensor or array-like.
        x2: A tensor or array-like, broadcastable with `x1`.

    Returns:
        A bool tensor of the broadcast shape.

    Example:
        >>> import lamina
        >>> y = lamina.ops.logical_and([True, True], [True, False])
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [True, False]
    """
    return _b.logical_and(x1, x2)


@lamina_op(comparison_spec_for("logical_or"))
def logical_or(x1: Any, x2: Any) -> Tensor:
    """Returns the truth of `x1 or x2` element-wise (non-zero is true).

    Args:
        x1: A tensor or array-like.
        x2: A tensor or array-like, broadcastable with `x1`.

    Returns:
        A bool tensor of the broadcast shape.

    Example:
        >>> import lamina
        >>> y = lamina.ops.logical_or([True, False], [False, False])
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [True, False]
    """
    return _b.logical_or(x1, x2)


@lamina_op(comparison_spec_for("logical_xor"))
def logical_xor(x1: Any, x2: Any) -> Tensor:
    """Returns whether exactly one of `x1`, `x2` is true, element-wise.

    Args:
        x1: A tensor or array-like.
        x2: A tensor or array-like, broadcastable with `x1`.

    Returns:
        A bool tensor of the broadcast shape.

    Example:
        >>> import lamina
        >>> y = lamina.ops.logical_xor([True, True], [True, False])
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [False, True]
    """
    return _b.logical_xor(x1, x2)


@lamina_op(_bool_unary_spec)
def logical_not(x: Any) -> Tensor:
    """Returns the truth of `not x` element-wise (non-zero is true).

    Args:
        x: A tensor or array-like.

    Returns:
        A bool tensor of the shape of `x`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.logical_not([True, False])).tolist()
        [False, True]
    """
    return _b.logical_not(x)


@lamina_op(_bool_unary_spec)
def isnan(x: Any) -> Tensor:
    """Returns whether each element is NaN.

    Args:
        x: A tensor or array-like.

    Returns:
        A bool tensor of the shape of `x`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.isnan([1.0, float("nan")])).tolist()
        [False, True]
    """
    return _b.isnan(x)


@lamina_op(_bool_unary_spec)
def isinf(x: Any) -> Tensor:
    """Returns whether each element is positive or negative infinity.

    Args:
        x: A tensor or array-like.

    Returns:
        A bool tensor of the shape of `x`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.isinf([1.0, float("inf")])).tolist()
        [False, True]
    """
    return _b.isinf(x)


@lamina_op(_bool_unary_spec)
def isfinite(x: Any) -> Tensor:
    """Returns whether each element is neither infinite nor NaN.

    Args:
        x: A tensor or array-like.

    Returns:
        A bool tensor of the shape of `x`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.isfinite([1.0, float("inf")])).tolist()
        [True, False]
    """
    return _b.isfinite(x)


@lamina_op(_bitwise_spec_for("bitwise_and"))
def bitwise_and(x: Any, y: Any) -> Tensor:
    """Returns the bit-wise AND of integer or bool tensors.

    Args:
        x: An integer or bool tensor or array-like.
        y: An integer or bool tensor or array-like, broadcastable with `x`.

    Returns:
        A tensor of the broadcast shape and the promoted dtype.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.bitwise_and([12, 10], 6)).tolist()
        [4, 2]
    """
    return _b.bitwise_and(x, y)


@lamina_op(_bitwise_spec_for("bitwise_or"))
def bitwise_or(x: Any, y: Any) -> Tensor:
    """Returns the bit-wise OR of integer or bool tensors.

    Args:
        x: An integer or bool tensor or array-like.
        y: An integer or bool tensor or array-like, broadcastable with `x`.

    Returns:
        A tensor of the broadcast shape and the promoted dtype.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.bitwise_or([12, 10], 6)).tolist()
        [14, 14]
    """
    return _b.bitwise_or(x, y)


@lamina_op(_bitwise_spec_for("bitwise_xor"))
def bitwise_xor(x: Any, y: Any) -> Tensor:
    """Returns the bit-wise XOR of integer or bool tensors.

    Args:
        x: An integer or bool tensor or array-like.
        y: An integer or bool tensor or array-like, broadcastable with `x`.

    Returns:
        A tensor of the broadcast shape and the promoted dtype.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.bitwise_xor([12, 10], 6)).tolist()
        [10, 12]
    """
    return _b.bitwise_xor(x, y)


@lamina_op(_bitwise_spec_for("bitwise_not"))
def bitwise_not(x: Any) -> Tensor:
    """Returns the bit-wise NOT of an integer or bool tensor.

    Args:
        x: An integer or bool tensor or array-like.

    Returns:
        A tensor of the shape and dtype of `x`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.bitwise_not([0, 5])).tolist()
        [-1, -6]
    """
    return _b.bitwise_not(x)


@lamina_op(_bitwise_spec_for("bitwise_invert"))
def bitwise_invert(x: Any) -> Tensor:
    """Returns the bit-wise NOT of an integer or bool tensor (as `bitwise_not`).

    Args:
        x: An integer or bool tensor or array-like.

    Returns:
        A tensor of the shape and dtype of `x`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.bitwise_invert([0, 5])).tolist()
        [-1, -6]
    """
    return _b.bitwise_invert(x)
