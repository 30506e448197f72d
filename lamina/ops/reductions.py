"""Reductions over axes: sum, mean, max, min, prod, std, var, all, any, arg-reductions, scans."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina import backend
from lamina.backend.common import dtypes
from lamina.backend.common.symbolic_tensor import SymbolicTensor
from lamina.ops.operation import lamina_op
from lamina.ops.shape_inference import dtype_of, reduce_shape, shape_of, spec
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
