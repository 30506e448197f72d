"""Torch backend: reductions."""

from __future__ import annotations

import builtins
from typing import Any

import torch

from lamina.backend.common import dtypes
from lamina.backend.common.config import floatx
from lamina.backend.torch.core import convert_to_tensor, to_engine_dtype

_SUM_UPCAST = {
    torch.bool: torch.int32,
    torch.int8: torch.int32,
    torch.int16: torch.int32,
    torch.uint8: torch.uint32,
    torch.uint16: torch.uint32,
}
# torch has few CPU kernels for these: compute in int64, then narrow.
_WIDE_UNSIGNED = (torch.uint16, torch.uint32, torch.uint64)


def _dims(axis: Any) -> Any:
    return tuple(axis) if isinstance(axis, (list, tuple)) else axis


def _all_dims(x: torch.Tensor, axis: Any) -> tuple[int, ...]:
    if axis is None:
        return tuple(range(x.ndim))
    ndim = builtins.max(x.ndim, 1)
    if type(axis) is int and -ndim <= axis < ndim:
        return (axis % ndim,)  # The common case, kept cheap: it is on the training hot path.
    axes = axis if isinstance(axis, (list, tuple)) else (axis,)
    if not builtins.all(-ndim <= a < ndim for a in axes):
        raise IndexError(f"axis {axis} is out of range for rank {x.ndim}")
    return tuple(a % ndim for a in axes)


def _float(x: Any) -> torch.Tensor:
    x = convert_to_tensor(x)
    return x if x.is_floating_point() else x.to(to_engine_dtype(floatx()))


def sum(x: Any, axis: Any = None, keepdims: bool = False) -> torch.Tensor:  # noqa: A001
    x = convert_to_tensor(x)
    # torch sums every int dtype in int64 by default: ask for lamina's dtype explicitly.
    dtype = _SUM_UPCAST.get(x.dtype, x.dtype)
    if dtype in _WIDE_UNSIGNED:
        # torch has no unsigned 16/32/64-bit sum kernel on CPU: sum in int64, then narrow.
        return sum(x.to(torch.int64), axis, keepdims).to(dtype)
    dims = _all_dims(x, axis)
    if not dims:
        return x.to(dtype)
    return torch.sum(x, dim=dims, keepdim=keepdims, dtype=dtype)


def mean(x: Any, axis: Any = None, keepdims: bool = False) -> torch.Tensor:
    x = _float(x)
    dims = _all_dims(x, axis)
    if not dims:
        return x
    return torch.mean(x, dim=dims, keepdim=keepdims)


def _extremum(reduce: Any, x: Any, axis: Any, keepdims: bool, initial: Any) -> torch.Tensor:
    x = convert_to_tensor(x)
    dims = _all_dims(x, axis)
    dtype = x.dtype
    if dtype in _WIDE_UNSIGNED:
        x = x.to(torch.int64)
    if not dims:
        result = x
    elif initial is not None and x.numel() == 0:
        shape = [1 if i in dims else d for i, d in enumerate(x.shape)]
        if not keepdims:
            shape = [d for i, d in enumerate(x.shape) if i not in dims]
        result = torch.full(shape, initial, dtype=x.dtype, device=x.device)
    else:
        if x.numel() == 0 and builtins.any(x.shape[d] == 0 for d in dims):
            raise ValueError("cannot reduce over an empty axis")
        result = reduce(x, dim=dims, keepdim=keepdims)
    if initial is not None:
        bound = torch.as_tensor(initial, dtype=x.dtype, device=x.device)
        result = (
            torch.maximum(result, bound) if reduce is torch.amax else torch.minimum(result, bound)
        )
    return result.to(dtype)


def max(x: Any, axis: Any = None, keepdims: bool = False, initial: Any = None) -> torch.Tensor:  # noqa: A001
    return _extremum(torch.amax, x, axis, keepdims, initial)


def min(x: Any, axis: Any = None, keepdims: bool = False, initial: Any = None) -> torch.Tensor:  # noqa: A001
    return _extremum(torch.amin, x, axis, keepdims, initial)


def prod(x: Any, axis: Any = None, keepdims: bool = False, dtype: Any = None) -> torch.Tensor:
    x = convert_to_tensor(x)
    out_dtype = _SUM_UPCAST.get(x.dtype, x.dtype) if dtype is None else to_engine_dtype(dtype)
    compute_dtype = torch.int64 if out_dtype in (*_WIDE_UNSIGNED, torch.uint8) else out_dtype
    x = x.to(compute_dtype)
    if axis is None and not keepdims:
        return torch.prod(x).to(out_dtype)
    # torch.prod reduces one dim at a time.
    for dim in sorted(_all_dims(x, axis), reverse=True):
        x = torch.prod(x, dim=dim, keepdim=keepdims)
    return x.to(out_dtype)


def std(x: Any, axis: Any = None, keepdims: bool = False) -> torch.Tensor:
    x = _float(x)
    dims = _all_dims(x, axis)
    if not dims:
        return torch.zeros_like(x)
    if x.numel() == 0:  # torch warns about the degrees of freedom; the result is empty or NaN.
        return torch.mean(x, dim=dims, keepdim=keepdims)
    return torch.std(x, dim=dims, correction=0, keepdim=keepdims)


def var(x: Any, axis: Any = None, keepdims: bool = False) -> torch.Tensor:
    x = _float(x)
    dims = _all_dims(x, axis)
    if not dims:
        return torch.zeros_like(x)
    if x.numel() == 0:  # torch warns about the degrees of freedom; the result is empty or NaN.
        return torch.mean(x, dim=dims, keepdim=keepdims)
    return torch.var(x, dim=dims, correction=0, keepdim=keepdims)


def _to_bool(x: Any) -> torch.Tensor:
    x = convert_to_tensor(x)
    if x.dtype is torch.bool:
        return x
    if x.dtype in _WIDE_UNSIGNED:
        x = x.to(torch.int64)
    return x != 0


def all(x: Any, axis: Any = None, keepdims: bool = False) -> torch.Tensor:  # noqa: A001
    x = _to_bool(x)
    dims = _all_dims(x, axis)
    if not dims:
        return x
    return torch.all(x, dim=dims, keepdim=keepdims)


def any(x: Any, axis: Any = None, keepdims: bool = False) -> torch.Tensor:  # noqa: A001
    x = _to_bool(x)
    dims = _all_dims(x, axis)
    if not dims:
        return x
    return torch.any(x, dim=dims, keepdim=keepdims)


def _arg_reduce(reduce: Any, x: Any, axis: Any, keepdims: bool) -> torch.Tensor:
    x = convert_to_tensor(x)
    if x.dtype is torch.bool or x.dtype in _WIDE_UNSIGNED:
        x = x.to(torch.int64)
    if axis is None:
        result = reduce(x.reshape(-1), dim=0)
        if keepdims:
            result = result.reshape((1,) * x.ndim)
    else:
        result = reduce(x, dim=axis, keepdim=keepdims)
    return result.to(torch.int32)


def argmax(x: Any, axis: Any = None, keepdims: bool = False) -> torch.Tensor:
    return _arg_reduce(torch.argmax, x, axis, keepdims)


def argmin(x: Any, axis: Any = None, keepdims: bool = False) -> torch.Tensor:
    return _arg_reduce(torch.argmin, x, axis, keepdims)


def _scan(scan: Any, x: Any, axis: Any, dtype: Any) -> torch.Tensor:
    x = convert_to_tensor(x)
    out_dtype = _SUM_UPCAST.get(x.dtype, x.dtype) if dtype is None else to_engine_dtype(dtype)
    compute_dtype = torch.int64 if out_dtype in (*_WIDE_UNSIGNED, torch.uint8) else out_dtype
    if axis is None:
        x = x.reshape(-1)
        axis = 0
    return scan(x.to(compute_dtype), dim=axis).to(out_dtype)


def cumsum(x: Any, axis: Any = None, dtype: Any = None) -> torch.Tensor:
    return _scan(torch.cumsum, x, axis, dtype)


def cumprod(x: Any, axis: Any = None, dtype: Any = None) -> torch.Tensor:
    return _scan(torch.cumprod, x, axis, dtype)


def count_nonzero(x: Any, axis: Any = None) -> torch.Tensor:
    x = _to_bool(x)
    dims = _all_dims(x, axis)
    if not dims:
        return x.to(torch.int32)
    return torch.count_nonzero(x, dim=dims).to(torch.int32)


def median(x: Any, axis: Any = None, keepdims: bool = False) -> torch.Tensor:
    # torch.median returns the lower middle value; NumPy's median averages the two middle ones.
    x = _float(x)
    dims = _all_dims(x, axis)
    if builtins.any(x.shape[d] == 0 for d in dims):
        raise ValueError("cannot take the median of an empty axis")
    kept = [d for d in range(x.ndim) if d not in dims]
    moved = x.permute(*kept, *dims).reshape(*[x.shape[d] for d in kept], -1)
    ordered = torch.sort(moved, dim=-1).values
    size = ordered.shape[-1]
    middle = (ordered[..., (size - 1) // 2] + ordered[..., size // 2]) / 2
    if keepdims:
        middle = middle.reshape([1 if d in dims else x.shape[d] for d in range(x.ndim)])
    return middle


def average(x: Any, axis: Any = None, weights: Any = None) -> torch.Tensor:
    if weights is None:
        return mean(x, axis=axis)
    x = convert_to_tensor(x)
    weights = convert_to_tensor(weights)
    dtype = to_engine_dtype(dtypes.result_type(str(x.dtype), str(weights.dtype), float))
    x = x.to(dtype)
    weights = weights.to(dtype)
    if weights.ndim == 1 and x.ndim != 1:
        shape = [1] * x.ndim
        shape[axis] = weights.shape[0]
        weights = weights.reshape(shape)
    dims = _all_dims(x, axis)
    total = torch.sum(x * weights, dim=dims)
    return total / torch.sum(weights.expand(x.shape), dim=dims)
