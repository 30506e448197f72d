"""Element-wise arithmetic and rounding ops.

Exponentials, logarithms and trigonometry live in `elementwise_math.py`; comparisons, logical
and bitwise ops in `elementwise_logic.py`. All of them share the backends' `elementwise` module.
"""

from __future__ import annotations

from typing import Any

from lamina import backend
from lamina.backend.common import dtypes
from lamina.backend.common.symbolic_tensor import SymbolicTensor
from lamina.ops.operation import lamina_op
from lamina.ops.shape_inference import (
    binary_spec_for,
    broadcast_shapes,
    dtype_of,
    float_unary_spec,
    shape_of,
    spec,
    unary_spec,
)
from lamina.typing import Tensor

_b = backend.elementwise


def _true_divide_spec_for(op_name: str):  # noqa: ANN202 - returns a spec function
    def true_divide_spec(x1: Any, x2: Any) -> SymbolicTensor:
        shape = broadcast_shapes(op_name, shape_of(x1), shape_of(x2))
        return spec(shape, dtypes.result_type(dtype_of(x1), dtype_of(x2), float))

    return true_divide_spec


def _clip_spec(x: Any, x_min: Any, x_max: Any) -> SymbolicTensor:
    shape = broadcast_shapes("clip", shape_of(x), shape_of(x_min), shape_of(x_max))
    dtype = dtypes.result_type(dtype_of(x))
    return spec(shape, "int32" if dtype == "bool" else dtype)


def _nan_to_num_spec(
    x: Any, nan: float = 0.0, posinf: float | None = None, neginf: float | None = None
) -> SymbolicTensor:
    return unary_spec(x)


def _round_spec(x: Any, decimals: int = 0) -> SymbolicTensor:
    return unary_spec(x)


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


@lamina_op(binary_spec_for("subtract"))
def subtract(x1: Any, x2: Any) -> Tensor:
    """Subtracts `x2` from `x1` element-wise, with broadcasting and type promotion.

    Args:
        x1: A tensor or array-like.
        x2: A tensor or array-like, broadcastable with `x1`.

    Returns:
        `x1 - x2`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.subtract([5, 7], 2)).tolist()
        [3, 5]
    """
    return _b.subtract(x1, x2)


@lamina_op(binary_spec_for("multiply"))
def multiply(x1: Any, x2: Any) -> Tensor:
    """Multiplies two tensors element-wise, with broadcasting and lamina's type promotion.

    Args:
        x1: A tensor or array-like.
        x2: A tensor or array-like, broadcastable with `x1`.

    Returns:
        `x1 * x2`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.multiply([1, 2], 3)).tolist()
        [3, 6]
    """
    return _b.multiply(x1, x2)


@lamina_op(_true_divide_spec_for("divide"))
def divide(x1: Any, x2: Any) -> Tensor:
    """Divides `x1` by `x2` element-wise; integer inputs give `floatx()`.

    Args:
        x1: The dividend, a tensor or array-like.
        x2: The divisor, broadcastable with `x1`.

    Returns:
        `x1 / x2`, in a float dtype.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.divide([1, 3], 2)).tolist()
        [0.5, 1.5]
    """
    return _b.divide(x1, x2)


@lamina_op(_true_divide_spec_for("true_divide"))
def true_divide(x1: Any, x2: Any) -> Tensor:
    """Divides `x1` by `x2` element-wise (the same as `divide`).

    Args:
        x1: The dividend, a tensor or array-like.
        x2: The divisor, broadcastable with `x1`.

    Returns:
        `x1 / x2`, in a float dtype.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.true_divide([1.0, 3.0], 2.0)).tolist()
        [0.5, 1.5]
    """
    return _b.true_divide(x1, x2)


@lamina_op(binary_spec_for("floor_divide"))
def floor_divide(x1: Any, x2: Any) -> Tensor:
    """Divides element-wise and rounds toward negative infinity, keeping the promoted dtype.

    Args:
        x1: The dividend, a tensor or array-like.
        x2: The divisor, broadcastable with `x1`.

    Returns:
        `x1 // x2`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.floor_divide([7, -7], 2)).tolist()
        [3, -4]
    """
    return _b.floor_divide(x1, x2)


@lamina_op(binary_spec_for("mod"))
def mod(x1: Any, x2: Any) -> Tensor:
    """Returns the remainder of `x1 / x2` element-wise, with the sign of `x2` (as Python's `%`).

    Args:
        x1: The dividend, a tensor or array-like.
        x2: The divisor, broadcastable with `x1`.

    Returns:
        `x1 % x2`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.mod([7, -7], 3)).tolist()
        [1, 2]
    """
    return _b.mod(x1, x2)


@lamina_op(binary_spec_for("power"))
def power(x1: Any, x2: Any) -> Tensor:
    """Raises `x1` to the power `x2` element-wise, with broadcasting and type promotion.

    Args:
        x1: The base, a tensor or array-like.
        x2: The exponent, broadcastable with `x1`.

    Returns:
        `x1 ** x2`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.power([2, 3], 2)).tolist()
        [4, 9]
    """
    return _b.power(x1, x2)


@lamina_op(unary_spec)
def negative(x: Any) -> Tensor:
    """Returns `-x` element-wise.

    Args:
        x: A tensor or array-like.

    Returns:
        `-x`, with the dtype of `x`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.negative([1, -2])).tolist()
        [-1, 2]
    """
    return _b.negative(x)


@lamina_op(float_unary_spec)
def reciprocal(x: Any) -> Tensor:
    """Returns `1 / x` element-wise (integer inputs compute in `floatx()`).

    Args:
        x: A tensor or array-like.

    Returns:
        `1 / x`, in a float dtype.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.reciprocal([2.0, 4.0])).tolist()
        [0.5, 0.25]
    """
    return _b.reciprocal(x)


@lamina_op(unary_spec)
def square(x: Any) -> Tensor:
    """Returns `x * x` element-wise.

    Args:
        x: A tensor or array-like.

    Returns:
        The squares, with the dtype of `x`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.square([2, -3])).tolist()
        [4, 9]
    """
    return _b.square(x)


@lamina_op(float_unary_spec)
def sqrt(x: Any) -> Tensor:
    """Returns the non-negative square root element-wise (integer inputs compute in `floatx()`).

    Args:
        x: A tensor or array-like.

    Returns:
        The square roots, in a float dtype.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.sqrt([4.0, 9.0])).tolist()
        [2.0, 3.0]
    """
    return _b.sqrt(x)


@lamina_op(unary_spec)
def abs(x: Any) -> Tensor:  # noqa: A001 - Keras name
    """Returns the absolute value element-wise (also `absolute`).

    Args:
        x: A tensor or array-like.

    Returns:
        `|x|`, with the dtype of `x`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.abs([-1.5, 2.0])).tolist()
        [1.5, 2.0]
    """
    return _b.abs(x)


@lamina_op(unary_spec)
def absolute(x: Any) -> Tensor:
    """Returns the absolute value element-wise (the same as `abs`).

    Args:
        x: A tensor or array-like.

    Returns:
        `|x|`, with the dtype of `x`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.absolute([-3, 4])).tolist()
        [3, 4]
    """
    return _b.absolute(x)


@lamina_op(unary_spec)
def sign(x: Any) -> Tensor:
    """Returns -1, 0 or 1 element-wise, as `x` is negative, zero or positive.

    Args:
        x: A tensor or array-like.

    Returns:
        The signs, with the dtype of `x`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.sign([-2, 0, 5])).tolist()
        [-1, 0, 1]
    """
    return _b.sign(x)


@lamina_op(binary_spec_for("maximum"))
def maximum(x1: Any, x2: Any) -> Tensor:
    """Returns the element-wise maximum of two tensors (NaN if either is NaN).

    Args:
        x1: A tensor or array-like.
        x2: A tensor or array-like, broadcastable with `x1`.

    Returns:
        The larger of each pair, in the promoted dtype.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.maximum([1, 5], [3, 2])).tolist()
        [3, 5]
    """
    return _b.maximum(x1, x2)


@lamina_op(binary_spec_for("minimum"))
def minimum(x1: Any, x2: Any) -> Tensor:
    """Returns the element-wise minimum of two tensors (NaN if either is NaN).

    Args:
        x1: A tensor or array-like.
        x2: A tensor or array-like, broadcastable with `x1`.

    Returns:
        The smaller of each pair, in the promoted dtype.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.minimum([1, 5], [3, 2])).tolist()
        [1, 2]
    """
    return _b.minimum(x1, x2)


@lamina_op(_clip_spec)
def clip(x: Any, x_min: Any, x_max: Any) -> Tensor:
    """Limits the values of `x` to `[x_min, x_max]`, keeping the dtype of `x` (bool gives int32).

    Args:
        x: A tensor or array-like.
        x_min: The lower bound, a scalar or a tensor broadcastable with `x`.
        x_max: The upper bound, a scalar or a tensor broadcastable with `x`.

    Returns:
        `minimum(maximum(x, x_min), x_max)`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.clip([-2, 0, 7], 0, 5)).tolist()
        [0, 0, 5]
    """
    return _b.clip(x, x_min, x_max)


@lamina_op(_nan_to_num_spec)
def nan_to_num(
    x: Any, nan: float = 0.0, posinf: float | None = None, neginf: float | None = None
) -> Tensor:
    """Replaces NaN, positive and negative infinity with finite numbers.

    Args:
        x: A tensor or array-like.
        nan: The value that replaces NaN.
        posinf: The value that replaces +inf; `None` uses the dtype's largest finite value.
        neginf: The value that replaces -inf; `None` uses the dtype's lowest finite value.

    Returns:
        `x` with the replacements, in the dtype of `x` (integers come back unchanged).

    Example:
        >>> import lamina
        >>> x = [float("nan"), float("inf"), 1.0]
        >>> lamina.ops.convert_to_numpy(lamina.ops.nan_to_num(x, posinf=9.0)).tolist()
        [0.0, 9.0, 1.0]
    """
    return _b.nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf)


@lamina_op(_round_spec)
def round(x: Any, decimals: int = 0) -> Tensor:  # noqa: A001 - Keras name
    """Rounds to `decimals` decimal places, halves to even, keeping the dtype of `x`.

    Args:
        x: A tensor or array-like.
        decimals: How many decimal places to keep; negative values round to tens, hundreds...

    Returns:
        The rounded values.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.round([0.5, 1.5, 2.25])).tolist()
        [0.0, 2.0, 2.0]
    """
    return _b.round(x, decimals=decimals)


@lamina_op(float_unary_spec)
def floor(x: Any) -> Tensor:
    """Returns the largest integer not above `x`, element-wise, in a float dtype.

    Args:
        x: A tensor or array-like (integers compute in `floatx()`).

    Returns:
        The floors.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.floor([-1.5, 1.5])).tolist()
        [-2.0, 1.0]
    """
    return _b.floor(x)


@lamina_op(float_unary_spec)
def ceil(x: Any) -> Tensor:
    """Returns the smallest integer not below `x`, element-wise, in a float dtype.

    Args:
        x: A tensor or array-like (integers compute in `floatx()`).

    Returns:
        The ceilings.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.ceil([-1.5, 1.5])).tolist()
        [-1.0, 2.0]
    """
    return _b.ceil(x)


@lamina_op(unary_spec)
def trunc(x: Any) -> Tensor:
    """Rounds toward zero element-wise, keeping the dtype of `x`.

    Args:
        x: A tensor or array-like.

    Returns:
        The truncated values.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.trunc([-1.7, 1.7])).tolist()
        [-1.0, 1.0]
    """
    return _b.trunc(x)


@lamina_op(unary_spec)
def conj(x: Any) -> Tensor:
    """Returns the complex conjugate; lamina's dtypes are real, so this is `x` itself.

    Args:
        x: A tensor or array-like.

    Returns:
        `x`, as a tensor.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.conj([1.0, -2.0])).tolist()
        [1.0, -2.0]
    """
    return _b.conj(x)


@lamina_op(unary_spec)
def real(x: Any) -> Tensor:
    """Returns the real part; lamina's dtypes are real, so this is `x` itself.

    Args:
        x: A tensor or array-like.

    Returns:
        `x`, as a tensor.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.real([1.0, -2.0])).tolist()
        [1.0, -2.0]
    """
    return _b.real(x)


@lamina_op(unary_spec)
def imag(x: Any) -> Tensor:
    """Returns the imaginary part; lamina's dtypes are real, so this is zeros like `x`.

    Args:
        x: A tensor or array-like.

    Returns:
        Zeros with the shape and dtype of `x`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.imag([1.0, -2.0])).tolist()
        [0.0, 0.0]
    """
    return _b.imag(x)


@lamina_op(float_unary_spec)
def exp(x: Any) -> Tensor:
    """Returns `e ** x` element-wise (integer inputs compute in `floatx()`).

    Args:
        x: A tensor or array-like.

    Returns:
        The exponentials, in a float dtype.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.exp([0.0])).tolist()
        [1.0]
    """
    return _b.exp(x)
