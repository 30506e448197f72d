"""Reductions over axes: sum, mean, max, min, prod, std, var, all, any, arg-reductions, scans."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from typing import Any

from lamina import backend
from lamina.backend.common import dtypes
from lamina.backend.common.symbolic_tensor import SymbolicTensor
from lamina.ops.operation import lamina_op
from lamina.ops.shape_inference import (
    dtype_of,
    float_dtype,
    normalize_axes,
    normalize_axis,
    reduce_shape,
    shape_of,
    spec,
)
from lamina.typing import Tensor

_b = backend.reductions

Axis = int | Sequence[int] | None


def _sum_dtype(dtype: Any) -> str:
    # As in Keras: bool and small ints sum in int32, unsigned small ints in uint32.
    name = dtypes.result_type(dtype)
    if name in ("bool", "int8", "int16"):
        return "int32"
    if name in ("uint8", "uint16"):
        return "uint32"
    return name


def _sum_spec(x: Any, axis: Axis = None, keepdims: bool = False) -> SymbolicTensor:
    return spec(reduce_shape("sum", shape_of(x), axis, keepdims), _sum_dtype(dtype_of(x)))


@lamina_op(_sum_spec)
def sum(x: Any, axis: Axis = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Sums `x` over `axis` (all axes when None).

    bool, int8 and int16 inputs sum in int32; uint8 and uint16 in uint32.

    Args:
        x: A tensor.
        axis: An int, a tuple of ints, or None for every axis.
        keepdims: Whether to keep the reduced axes as size-1 dims.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.sum([[1, 2], [3, 4]], axis=0)).tolist()
        [4, 6]
    """
    return _b.sum(x, axis=axis, keepdims=keepdims)


def _float_reduce_spec_for(op_name: str):  # noqa: ANN202 - returns a spec function
    def float_reduce_spec(x: Any, axis: Axis = None, keepdims: bool = False) -> SymbolicTensor:
        shape = reduce_shape(op_name, shape_of(x), axis, keepdims)
        return spec(shape, float_dtype(dtype_of(x, weak=False)))

    return float_reduce_spec


@lamina_op(_float_reduce_spec_for("mean"))
def mean(x: Any, axis: Axis = None, keepdims: bool = False) -> Tensor:
    """Returns the arithmetic mean of `x` over `axis` (ints and bools compute in `floatx()`).

    Args:
        x: A tensor.
        axis: An int, a tuple of ints, or None for every axis.
        keepdims: Whether to keep the reduced axes as size-1 dims.

    Returns:
        The mean, float.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.mean([[1, 2], [3, 4]], axis=1)).tolist()
        [1.5, 3.5]
    """
    return _b.mean(x, axis=axis, keepdims=keepdims)


def _extremum_spec_for(op_name: str):  # noqa: ANN202 - returns a spec function
    def extremum_spec(
        x: Any, axis: Axis = None, keepdims: bool = False, initial: Any = None
    ) -> SymbolicTensor:
        shape = shape_of(x)
        if initial is None:
            _check_not_empty(op_name, shape, axis)
        return spec(reduce_shape(op_name, shape, axis, keepdims), dtypes.result_type(dtype_of(x)))

    return extremum_spec


def _check_not_empty(op_name: str, shape: tuple, axis: Axis) -> None:
    axes = normalize_axes(op_name, axis, len(shape))
    if builtins.any(shape[a] == 0 for a in axes):
        raise ValueError(
            f"{op_name}: cannot reduce over an empty axis: axis={axis} of an input of shape "
            f"{tuple(shape)} has size 0. Pass `initial` or reduce a non-empty axis."
        )


@lamina_op(_extremum_spec_for("max"))
def max(x: Any, axis: Axis = None, keepdims: bool = False, initial: Any = None) -> Tensor:  # noqa: A001
    """Returns the largest value of `x` over `axis`.

    Args:
        x: A tensor.
        axis: An int, a tuple of ints, or None for every axis.
        keepdims: Whether to keep the reduced axes as size-1 dims.
        initial: Optional lower bound of the result; needed to reduce an empty axis.

    Returns:
        The maximum, with the dtype of `x`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.max([[1, 5], [3, 4]], axis=0)).tolist()
        [3, 5]
    """
    return _b.max(x, axis=axis, keepdims=keepdims, initial=initial)


@lamina_op(_extremum_spec_for("min"))
def min(x: Any, axis: Axis = None, keepdims: bool = False, initial: Any = None) -> Tensor:  # noqa: A001
    """Returns the smallest value of `x` over `axis`.

    Args:
        x: A tensor.
        axis: An int, a tuple of ints, or None for every axis.
        keepdims: Whether to keep the reduced axes as size-1 dims.
        initial: Optional upper bound of the result; needed to reduce an empty axis.

    Returns:
        The minimum, with the dtype of `x`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.min([[1, 5], [3, 4]], axis=1)).tolist()
        [1, 3]
    """
    return _b.min(x, axis=axis, keepdims=keepdims, initial=initial)


@lamina_op(_extremum_spec_for("max"))
def amax(x: Any, axis: Axis = None, keepdims: bool = False, initial: Any = None) -> Tensor:
    """Returns the largest value of `x` over `axis` (the same as `max`).

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.amax([1.0, 3.0, 2.0])).tolist()
        3.0
    """
    return _b.max(x, axis=axis, keepdims=keepdims, initial=initial)


@lamina_op(_extremum_spec_for("min"))
def amin(x: Any, axis: Axis = None, keepdims: bool = False, initial: Any = None) -> Tensor:
    """Returns the smallest value of `x` over `axis` (the same as `min`).

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.amin([1.0, 3.0, 2.0])).tolist()
        1.0
    """
    return _b.min(x, axis=axis, keepdims=keepdims, initial=initial)


def _prod_spec(x: Any, axis: Axis = None, keepdims: bool = False, dtype: Any = None) -> Any:
    result_dtype = _sum_dtype(dtype_of(x)) if dtype is None else dtypes.standardize_dtype(dtype)
    return spec(reduce_shape("prod", shape_of(x), axis, keepdims), result_dtype)


@lamina_op(_prod_spec)
def prod(x: Any, axis: Axis = None, keepdims: bool = False, dtype: Any = None) -> Tensor:
    """Returns the product of the elements of `x` over `axis`.

    With `dtype=None`, bool, int8 and int16 inputs multiply in int32, uint8 and uint16 in uint32.

    Args:
        x: A tensor.
        axis: An int, a tuple of ints, or None for every axis.
        keepdims: Whether to keep the reduced axes as size-1 dims.
        dtype: Optional dtype to compute and return in.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.prod([[1, 2], [3, 4]], axis=1)).tolist()
        [2, 12]
    """
    return _b.prod(x, axis=axis, keepdims=keepdims, dtype=dtype)


@lamina_op(_float_reduce_spec_for("std"))
def std(x: Any, axis: Axis = None, keepdims: bool = False) -> Tensor:
    """Returns the population standard deviation of `x` over `axis` (no Bessel correction).

    Args:
        x: A tensor.
        axis: An int, a tuple of ints, or None for every axis.
        keepdims: Whether to keep the reduced axes as size-1 dims.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.std([1.0, 3.0])).tolist()
        1.0
    """
    return _b.std(x, axis=axis, keepdims=keepdims)


@lamina_op(_float_reduce_spec_for("var"))
def var(x: Any, axis: Axis = None, keepdims: bool = False) -> Tensor:
    """Returns the population variance of `x` over `axis` (no Bessel correction).

    Args:
        x: A tensor.
        axis: An int, a tuple of ints, or None for every axis.
        keepdims: Whether to keep the reduced axes as size-1 dims.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.var([1.0, 3.0])).tolist()
        1.0
    """
    return _b.var(x, axis=axis, keepdims=keepdims)


def _bool_reduce_spec_for(op_name: str):  # noqa: ANN202 - returns a spec function
    def bool_reduce_spec(x: Any, axis: Axis = None, keepdims: bool = False) -> SymbolicTensor:
        return spec(reduce_shape(op_name, shape_of(x), axis, keepdims), "bool")

    return bool_reduce_spec


@lamina_op(_bool_reduce_spec_for("all"))
def all(x: Any, axis: Axis = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Returns whether every element of `x` over `axis` is true (non-zero).

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.all([[True, False], [True, True]], 1)).tolist()
        [False, True]
    """
    return _b.all(x, axis=axis, keepdims=keepdims)


@lamina_op(_bool_reduce_spec_for("any"))
def any(x: Any, axis: Axis = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Returns whether some element of `x` over `axis` is true (non-zero).

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.any([[0, 0], [0, 3]], axis=1)).tolist()
        [False, True]
    """
    return _b.any(x, axis=axis, keepdims=keepdims)


def _arg_spec_for(op_name: str):  # noqa: ANN202 - returns a spec function
    def arg_spec(x: Any, axis: int | None = None, keepdims: bool = False) -> SymbolicTensor:
        shape = shape_of(x)
        _check_not_empty(op_name, shape, axis)
        if axis is not None:
            normalize_axis(op_name, axis, len(shape))
        return spec(reduce_shape(op_name, shape, axis, keepdims), "int32")

    return arg_spec


@lamina_op(_arg_spec_for("argmax"))
def argmax(x: Any, axis: int | None = None, keepdims: bool = False) -> Tensor:
    """Returns the int32 index of the largest value along `axis` (of the flattened `x` if None).

    Ties give the first index.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.argmax([[1, 5], [7, 4]], axis=1)).tolist()
        [1, 0]
    """
    return _b.argmax(x, axis=axis, keepdims=keepdims)


@lamina_op(_arg_spec_for("argmin"))
def argmin(x: Any, axis: int | None = None, keepdims: bool = False) -> Tensor:
    """Returns the int32 index of the smallest value along `axis` (of the flattened `x` if None).

    Ties give the first index.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.argmin([[1, 5], [7, 4]], axis=1)).tolist()
        [0, 1]
    """
    return _b.argmin(x, axis=axis, keepdims=keepdims)


def _scan_spec_for(op_name: str):  # noqa: ANN202 - returns a spec function
    def scan_spec(x: Any, axis: int | None = None, dtype: Any = None) -> SymbolicTensor:
        shape = shape_of(x)
        result_dtype = _sum_dtype(dtype_of(x)) if dtype is None else dtypes.standardize_dtype(dtype)
        if axis is None:
            return spec((_size(shape),), result_dtype)
        normalize_axis(op_name, axis, len(shape))
        return spec(shape, result_dtype)

    return scan_spec


def _size(shape: Sequence[int | None]) -> int | None:
    if 0 in shape:
        return 0
    if None in shape:
        return None
    size = 1
    for d in shape:
        size *= d  # type: ignore[operator]
    return size


@lamina_op(_scan_spec_for("cumsum"))
def cumsum(x: Any, axis: int | None = None, dtype: Any = None) -> Tensor:
    """Returns the running sum of `x` along `axis` (of the flattened `x` when None).

    With `dtype=None`, bool, int8 and int16 inputs sum in int32, uint8 and uint16 in uint32.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.cumsum([[1, 2], [3, 4]], axis=1)).tolist()
        [[1, 3], [3, 7]]
    """
    return _b.cumsum(x, axis=axis, dtype=dtype)


@lamina_op(_scan_spec_for("cumprod"))
def cumprod(x: Any, axis: int | None = None, dtype: Any = None) -> Tensor:
    """Returns the running product of `x` along `axis` (of the flattened `x` when None).

    With `dtype=None`, bool, int8 and int16 inputs multiply in int32, uint8 and uint16 in uint32.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.cumprod([1, 2, 3, 4])).tolist()
        [1, 2, 6, 24]
    """
    return _b.cumprod(x, axis=axis, dtype=dtype)


def _count_nonzero_spec(x: Any, axis: Axis = None) -> SymbolicTensor:
    return spec(reduce_shape("count_nonzero", shape_of(x), axis, False), "int32")


@lamina_op(_count_nonzero_spec)
def count_nonzero(x: Any, axis: Axis = None) -> Tensor:
    """Returns the int32 count of non-zero (true) elements of `x` over `axis`.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.count_nonzero([[0, 1], [2, 3]], 1)).tolist()
        [1, 2]
    """
    return _b.count_nonzero(x, axis=axis)


def _median_spec(x: Any, axis: Axis = None, keepdims: bool = False) -> SymbolicTensor:
    shape = shape_of(x)
    _check_not_empty("median", shape, axis)
    return spec(reduce_shape("median", shape, axis, keepdims), float_dtype(dtype_of(x, False)))


@lamina_op(_median_spec)
def median(x: Any, axis: Axis = None, keepdims: bool = False) -> Tensor:
    """Returns the median of `x` over `axis` (the mean of the two middle values for even sizes).

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.median([[1, 9, 2], [4, 3, 8]], 1)).tolist()
        [2.0, 4.0]
    """
    return _b.median(x, axis=axis, keepdims=keepdims)


def _average_spec(x: Any, axis: int | None = None, weights: Any = None) -> SymbolicTensor:
    shape = shape_of(x)
    result = dtypes.result_type(dtype_of(x, weak=False), float)
    if weights is not None:
        result = dtypes.result_type(result, dtype_of(weights, weak=False))
        weight_shape = shape_of(weights)
        one_d = (
            axis is not None
            and len(weight_shape) == 1
            and _compatible(weight_shape[0], shape[normalize_axis("average", axis, len(shape))])
        )
        same = len(weight_shape) == len(shape) and builtins.all(
            _compatible(a, b) for a, b in zip(weight_shape, shape)
        )
        if not (one_d or same):
            raise ValueError(
                f"average: weights must have the shape of x {tuple(shape)}, or be 1-D with the "
                f"length of x's axis {axis}; received weights of shape {tuple(weight_shape)}."
            )
    return spec(reduce_shape("average", shape, axis, False), float_dtype(result))


def _compatible(dim: int | None, other: int | None) -> bool:
    return dim is None or other is None or dim == other


@lamina_op(_average_spec)
def average(x: Any, axis: int | None = None, weights: Any = None) -> Tensor:
    """Returns the (weighted) average of `x` over `axis`: `sum(x * w) / sum(w)`.

    Args:
        x: A tensor.
        axis: An int, or None for every axis.
        weights: None for equal weights, a tensor of the shape of `x`, or a 1-D tensor with
            one weight per entry of `axis`.

    Example:
        >>> import lamina
        >>> y = lamina.ops.average([[1.0, 2.0], [3.0, 6.0]], axis=1, weights=[3.0, 1.0])
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [1.25, 3.75]
    """
    return _b.average(x, axis=axis, weights=weights)
