"""Output-spec rules shared by the ops: shapes and dtypes of any input, broadcasting, axes.

These run on symbolic inputs (shapes may hold None) and, when an engine rejects an eager call,
on the concrete inputs to explain the failure. Messages always name the op.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from lamina import backend
from lamina.backend.common import dtypes
from lamina.backend.common.symbolic_tensor import SymbolicTensor
from lamina.backend.common.variables import Variable

Shape = tuple[int | None, ...]


def shape_of(x: Any) -> Shape:
    """Returns the shape of a SymbolicTensor, Variable, tensor, array, list or scalar."""
    if isinstance(x, (SymbolicTensor, Variable)):
        return tuple(x.shape)
    if isinstance(x, (bool, int, float)):
        return ()
    if backend.core.is_tensor(x) or isinstance(x, np.ndarray):
        return tuple(int(d) for d in x.shape)
    if isinstance(x, (list, tuple)) and any(
        isinstance(v, (SymbolicTensor, Variable)) or backend.core.is_tensor(v) for v in x
    ):
        return (len(x), *shape_of(x[0]))
    return tuple(np.shape(x))


def dtype_of(x: Any, weak: bool = True) -> Any:
    """Returns the dtype name of `x`; Python scalars give `int`/`float`/`bool` when `weak`."""
    if isinstance(x, (SymbolicTensor, Variable)):
        return x.dtype
    if weak and isinstance(x, (bool, int, float)):
        return type(x)
    if isinstance(x, (list, tuple)) and x and isinstance(x[0], (SymbolicTensor, Variable)):
        return dtype_of(x[0])
    return dtypes.infer_dtype(x)


def describe(x: Any) -> str:
    """Returns a short description of an argument for error messages."""
    if isinstance(x, (SymbolicTensor, Variable)) or backend.core.is_tensor(x):
        return f"shape={tuple(x.shape)} dtype={dtypes.standardize_dtype(x.dtype)}"
    if isinstance(x, np.ndarray):
        return f"shape={x.shape} dtype={x.dtype}"
    text = repr(x)
    return text if len(text) <= 60 else text[:57] + "..."


def spec(shape: Sequence[int | None], dtype: Any) -> SymbolicTensor:
    """Returns a SymbolicTensor with `shape` and `dtype` (the usual spec return value)."""
    return SymbolicTensor(tuple(shape), dtype)


def broadcast_shapes(op_name: str, *shapes: Sequence[int | None]) -> Shape:
    """Returns the broadcast of `shapes` (None = unknown); raises a ValueError naming `op_name`."""
    rank = max((len(s) for s in shapes), default=0)
    result: list[int | None] = []
    for position in range(-rank, 0):
        dims = [s[position] for s in shapes if len(s) >= -position]
        known = {d for d in dims if d is not None and d != 1}
        if len(known) > 1:
            raise ValueError(
                f"{op_name}: shapes {', '.join(str(tuple(s)) for s in shapes)} cannot be "
                "broadcast together."
            )
        if known:
            result.append(known.pop())
        elif None in dims:
            result.append(None)
        else:
            result.append(1)
    return tuple(result)


def normalize_axis(op_name: str, axis: int, ndim: int) -> int:
    """Returns `axis` as a non-negative index into `ndim` dims, or raises naming `op_name`."""
    if not isinstance(axis, (int, np.integer)) or isinstance(axis, bool):
        raise TypeError(f"{op_name}: axis must be an int, received {axis!r}.")
    if not -ndim <= axis < max(ndim, 1):
        raise ValueError(f"{op_name}: axis {axis} is out of range for an input of rank {ndim}.")
    return int(axis) % max(ndim, 1)


def normalize_axes(op_name: str, axis: int | Sequence[int] | None, ndim: int) -> tuple[int, ...]:
    """Returns the sorted non-negative axes `axis` names (all axes for None)."""
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, (list, tuple)):
        axes = tuple(sorted(normalize_axis(op_name, a, ndim) for a in axis))
        if len(set(axes)) != len(axes):
            raise ValueError(f"{op_name}: repeated axis in {tuple(axis)}.")
        return axes
    return (normalize_axis(op_name, axis, ndim),)  # type: ignore[arg-type]


def reduce_shape(
    op_name: str, shape: Shape, axis: int | Sequence[int] | None, keepdims: bool
) -> Shape:
    """Returns the shape a reduction over `axis` leaves (ones kept when `keepdims`)."""
    axes = normalize_axes(op_name, axis, len(shape))
    if keepdims:
        return tuple(1 if i in axes else d for i, d in enumerate(shape))
    return tuple(d for i, d in enumerate(shape) if i not in axes)


def float_dtype(dtype: Any) -> str:
    """Returns `dtype` if it is a float dtype, else `floatx()` (ints and bools compute in float)."""
    if dtype in (int, bool, float):
        return backend.floatx()
    name = dtypes.standardize_dtype(dtype)
    return name if name in dtypes.FLOAT_TYPES else backend.floatx()


def unary_spec(x: Any) -> SymbolicTensor:
    """Spec of an element-wise op that keeps shape and dtype."""
    return spec(shape_of(x), dtypes.result_type(dtype_of(x)))


def float_unary_spec(x: Any) -> SymbolicTensor:
    """Spec of an element-wise op that keeps shape and computes in float (exp, log, sin...)."""
    return spec(shape_of(x), float_dtype(dtype_of(x)))


def binary_spec_for(op_name: str):  # noqa: ANN201 - returns a spec function
    """Returns the spec of a broadcasting binary op named `op_name` (result_type of inputs)."""

    def binary_spec(x1: Any, x2: Any) -> SymbolicTensor:
        shape = broadcast_shapes(op_name, shape_of(x1), shape_of(x2))
        return spec(shape, dtypes.result_type(dtype_of(x1), dtype_of(x2)))

    return binary_spec


def comparison_spec_for(op_name: str):  # noqa: ANN201 - returns a spec function
    """Returns the spec of a broadcasting comparison op named `op_name` (bool output)."""

    def comparison_spec(x1: Any, x2: Any) -> SymbolicTensor:
        return spec(broadcast_shapes(op_name, shape_of(x1), shape_of(x2)), "bool")

    return comparison_spec
