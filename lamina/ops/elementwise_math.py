"""Element-wise exponentials, logarithms, trigonometric and hyperbolic functions.

Integer and bool inputs compute in `floatx()`; float inputs keep their dtype. The backends
implement these in their `elementwise` module.
"""

from __future__ import annotations

from typing import Any

from lamina import backend
from lamina.backend.common import dtypes
from lamina.backend.common.symbolic_tensor import SymbolicTensor
from lamina.ops.operation import lamina_op
from lamina.ops.shape_inference import broadcast_shapes, dtype_of, float_unary_spec, shape_of, spec
from lamina.typing import Tensor

_b = backend.elementwise


def _float_binary_spec_for(op_name: str):  # noqa: ANN202 - returns a spec function
    def float_binary_spec(x1: Any, x2: Any) -> SymbolicTensor:
        shape = broadcast_shapes(op_name, shape_of(x1), shape_of(x2))
        return spec(shape, dtypes.result_type(dtype_of(x1), dtype_of(x2), float))

    return float_binary_spec


@lamina_op(float_unary_spec)
def exp2(x: Any) -> Tensor:
    """Returns `2 ** x` element-wise (integer inputs compute in `floatx()`).

    Args:
        x: A tensor or array-like.

    Returns:
        A tensor of the shape of `x`, in a float dtype.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.exp2([0.0, 3.0])).tolist()
        [1.0, 8.0]
    """
    return _b.exp2(x)


@lamina_op(float_unary_spec)
def expm1(x: Any) -> Tensor:
    """Returns `exp(x) - 1` element-wise, accurate near 0 (integers compute in `floatx()`).

    Args:
        x: A tensor or array-like.

    Returns:
        A tensor of the shape of `x`, in a float dtype.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.expm1([0.0])).tolist()
        [0.0]
    """
    return _b.expm1(x)


@lamina_op(float_unary_spec)
def log(x: Any) -> Tensor:
    """Returns the natural logarithm element-wise (integer inputs compute in `floatx()`).

    Args:
        x: A tensor or array-like.

    Returns:
        A tensor of the shape of `x`, in a float dtype.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.log([1.0])).tolist()
        [0.0]
    """
    return _b.log(x)


@lamina_op(float_unary_spec)
def log2(x: Any) -> Tensor:
    """Returns the base-2 logarithm element-wise (integer inputs compute in `floatx()`).

    Args:
        x: A tensor or array-like.

    Returns:
        A tensor of the shape of `x`, in a float dtype.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.log2([1.0, 8.0])).tolist()
        [0.0, 3.0]
    """
    return _b.log2(x)


@lamina_op(float_unary_spec)
def log10(x: Any) -> Tensor:
    """Returns the base-10 logarithm element-wise (integer inputs compute in `floatx()`).

    Args:
        x: A tensor or array-like.

    Returns:
        A tensor of the shape of `x`, in a float dtype.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.log10([1.0, 100.0])).tolist()
        [0.0, 2.0]
    """
    return _b.log10(x)


@lamina_op(float_unary_spec)
def log1p(x: Any) -> Tensor:
    """Returns `log(1 + x)` element-wise, accurate near 0 (integers compute in `floatx()`).

    Args:
        x: A tensor or array-like.

    Returns:
        A tensor of the shape of `x`, in a float dtype.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.log1p([0.0])).tolist()
        [0.0]
    """
    return _b.log1p(x)


@lamina_op(float_unary_spec)
def sin(x: Any) -> Tensor:
    """Returns the sine element-wise (radians) (integer inputs compute in `floatx()`).

    Args:
        x: A tensor or array-like.

    Returns:
        A tensor of the shape of `x`, in a float dtype.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.sin([0.0])).tolist()
        [0.0]
    """
    return _b.sin(x)


@lamina_op(float_unary_spec)
def cos(x: Any) -> Tensor:
    """Returns the cosine element-wise (radians) (integer inputs compute in `floatx()`).

    Args:
        x: A tensor or array-like.

    Returns:
        A tensor of the shape of `x`, in a float dtype.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.cos([0.0])).tolist()
        [1.0]
    """
    return _b.cos(x)


@lamina_op(float_unary_spec)
def tan(x: Any) -> Tensor:
    """Returns the tangent element-wise (radians) (integer inputs compute in `floatx()`).

    Args:
        x: A tensor or array-like.

    Returns:
        A tensor of the shape of `x`, in a float dtype.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.tan([0.0])).tolist()
        [0.0]
    """
    return _b.tan(x)


@lamina_op(float_unary_spec)
def arcsin(x: Any) -> Tensor:
    """Returns the inverse sine element-wise, in radians (integer inputs compute in `floatx()`).

    Args:
        x: A tensor or array-like.

    Returns:
        A tensor of the shape of `x`, in a float dtype.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.arcsin([0.0])).tolist()
        [0.0]
    """
    return _b.arcsin(x)


@lamina_op(float_unary_spec)
def arccos(x: Any) -> Tensor:
    """Returns the inverse cosine element-wise, in radians (integer inputs compute in `floatx()`).

    Args:
        x: A tensor or array-like.

    Returns:
        A tensor of the shape of `x`, in a float dtype.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.arccos([1.0])).tolist()
        [0.0]
    """
    return _b.arccos(x)


@lamina_op(float_unary_spec)
def arctan(x: Any) -> Tensor:
    """Returns the inverse tangent element-wise, in radians (integer inputs compute in `floatx()`).

    Args:
        x: A tensor or array-like.

    Returns:
        A tensor of the shape of `x`, in a float dtype.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.arctan([0.0])).tolist()
        [0.0]
    """
    return _b.arctan(x)


@lamina_op(float_unary_spec)
def sinh(x: Any) -> Tensor:
    """Returns the hyperbolic sine element-wise (integer inputs compute in `floatx()`).

    Args:
        x: A tensor or array-like.

    Returns:
        A tensor of the shape of `x`, in a float dtype.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.sinh([0.0])).tolist()
        [0.0]
    """
    return _b.sinh(x)


@lamina_op(float_unary_spec)
def cosh(x: Any) -> Tensor:
    """Returns the hyperbolic cosine element-wise (integer inputs compute in `floatx()`).

    Args:
        x: A tensor or array-like.

    Returns:
        A tensor of the shape of `x`, in a float dtype.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.cosh([0.0])).tolist()
        [1.0]
    """
    return _b.cosh(x)


@lamina_op(float_unary_spec)
def tanh(x: Any) -> Tensor:
    """Returns the hyperbolic tangent element-wise (integer inputs compute in `floatx()`).

    Args:
        x: A tensor or array-like.

    Returns:
        A tensor of the shape of `x`, in a float dtype.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.tanh([0.0])).tolist()
        [0.0]
    """
    return _b.tanh(x)


@lamina_op(float_unary_spec)
def arcsinh(x: Any) -> Tensor:
    """Returns the inverse hyperbolic sine element-wise (integer inputs compute in `floatx()`).

    Args:
        x: A tensor or array-like.

    Returns:
        A tensor of the shape of `x`, in a float dtype.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.arcsinh([0.0])).tolist()
        [0.0]
    """
    return _b.arcsinh(x)


@lamina_op(float_unary_spec)
def arccosh(x: Any) -> Tensor:
    """Returns the inverse hyperbolic cosine element-wise (integer inputs compute in `floatx()`).

    Args:
        x: A tensor or array-like.

    Returns:
        A tensor of the shape of `x`, in a float dtype.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.arccosh([1.0])).tolist()
        [0.0]
    """
    return _b.arccosh(x)


@lamina_op(float_unary_spec)
def arctanh(x: Any) -> Tensor:
    """Returns the inverse hyperbolic tangent element-wise (integer inputs compute in `floatx()`).

    Args:
        x: A tensor or array-like.

    Returns:
        A tensor of the shape of `x`, in a float dtype.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.arctanh([0.0])).tolist()
        [0.0]
    """
    return _b.arctanh(x)


@lamina_op(float_unary_spec)
def deg2rad(x: Any) -> Tensor:
    """Converts angles from degrees to radians element-wise (integer inputs compute in `floatx()`).

    Args:
        x: A tensor or array-like.

    Returns:
        A tensor of the shape of `x`, in a float dtype.

    Example:
        >>> import lamina
        >>> y = lamina.ops.deg2rad([0.0, 180.0])
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(y).tolist()]
        [0.0, 3.1416]
    """
    return _b.deg2rad(x)


@lamina_op(_float_binary_spec_for("logaddexp"))
def logaddexp(x1: Any, x2: Any) -> Tensor:
    """Returns `log(exp(x1) + exp(x2))` element-wise, without overflow.

    Args:
        x1: A tensor or array-like.
        x2: A tensor or array-like, broadcastable with `x1`.

    Returns:
        A tensor of the broadcast shape, in a float dtype (integers compute in `floatx()`).

    Example:
        >>> import lamina
        >>> y = lamina.ops.logaddexp([0.0], [0.0])
        >>> [round(v, 4) for v in lamina.ops.convert_to_numpy(y).tolist()]
        [0.6931]
    """
    return _b.logaddexp(x1, x2)


@lamina_op(_float_binary_spec_for("hypot"))
def hypot(x1: Any, x2: Any) -> Tensor:
    """Returns `sqrt(x1 ** 2 + x2 ** 2)` element-wise, without overflow.

    Args:
        x1: A tensor or array-like.
        x2: A tensor or array-like, broadcastable with `x1`.

    Returns:
        A tensor of the broadcast shape, in a float dtype (integers compute in `floatx()`).

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.hypot([3.0], [4.0])).tolist()
        [5.0]
    """
    return _b.hypot(x1, x2)


@lamina_op(_float_binary_spec_for("copysign"))
def copysign(x1: Any, x2: Any) -> Tensor:
    """Returns the magnitude of `x1` with the sign of `x2`, element-wise.

    Args:
        x1: A tensor or array-like.
        x2: A tensor or array-like, broadcastable with `x1`.

    Returns:
        A tensor of the broadcast shape, in a float dtype (integers compute in `floatx()`).

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.copysign([1.0, -2.0], [-1.0, 1.0])).tolist()
        [-1.0, 2.0]
    """
    return _b.copysign(x1, x2)


@lamina_op(_float_binary_spec_for("arctan2"))
def arctan2(x1: Any, x2: Any) -> Tensor:
    """Returns the angle of the point `(x2, x1)` element-wise, in radians.

    Args:
        x1: A tensor or array-like.
        x2: A tensor or array-like, broadcastable with `x1`.

    Returns:
        A tensor of the broadcast shape, in a float dtype (integers compute in `floatx()`).

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.arctan2([0.0], [1.0])).tolist()
        [0.0]
    """
    return _b.arctan2(x1, x2)
