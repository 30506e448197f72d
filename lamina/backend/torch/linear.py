"""Torch backend: linear-algebra helpers (products, traces, diagonals)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch

from lamina.backend.common import dtypes
from lamina.backend.torch.core import convert_to_tensor, promote, to_engine_dtype

_WIDE_UINTS = (torch.uint16, torch.uint32, torch.uint64)


def _promote_product(*xs: Any) -> list[torch.Tensor]:
    """Promotes the operands; all-int8 operands accumulate in int32."""
    tensors = [convert_to_tensor(x) for x in xs]
    if all(t.dtype == torch.int8 for t in tensors):
        return [t.to(torch.int32) for t in tensors]
    return list(promote(*tensors))


def _contract(fn: Callable, *xs: torch.Tensor) -> torch.Tensor:
    """Runs the product `fn` on same-dtype tensors, routing ints and bools to kernels torch has.

    Integer products run in int64 on the CPU (wrapping as the narrow dtype would) and in
    float64 on accelerators, which have no integer matmul.
    """
    dtype = xs[0].dtype
    if xs[0].is_floating_point():
        return fn(*xs)
    compute = torch.int64 if xs[0].device.type == "cpu" else torch.float64
    result = fn(*(x.to(compute) for x in xs))
    return result != 0 if dtype == torch.bool else result.to(dtype)


def _trace_dtype(dtype: torch.dtype) -> torch.dtype:
    name = str(dtype)[len("torch.") :]
    if name in ("int64", "uint32", "uint64"):
        return dtype
    return to_engine_dtype(dtypes.result_type(name, "int32"))


def dense(x: Any, kernel: Any, bias: Any = None) -> torch.Tensor:
    """`x @ kernel + bias` (the Dense layer's product): one fused kernel (torch's linear, an
    addmm) when all are floats of one dtype, else a matmul and an add."""
    x, kernel = convert_to_tensor(x), convert_to_tensor(kernel)
    bias = None if bias is None else convert_to_tensor(bias)
    dtype = x.dtype
    if (
        x.is_floating_point()
        and kernel.dtype == dtype
        and kernel.ndim == 2
        and (bias is None or bias.dtype == dtype)
    ):
        if x.ndim == 2 and bias is not None:
            return torch.addmm(bias, x, kernel)
        return torch.nn.functional.linear(x, kernel.t(), bias)
    y = matmul(x, kernel)
    return y if bias is None else torch.add(*promote(y, bias))


def matmul(x1: Any, x2: Any) -> torch.Tensor:
    x1, x2 = _promote_product(x1, x2)
    return _contract(torch.matmul, x1, x2)


def dot(x1: Any, x2: Any) -> torch.Tensor:
    x1, x2 = promote(x1, x2)
    if x1.ndim == 0 or x2.ndim == 0:
        return torch.multiply(x1, x2)

    def product(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return torch.tensordot(a, b, dims=([a.ndim - 1], [max(b.ndim - 2, 0)]))

    return _contract(product, x1, x2)


def tensordot(x1: Any, x2: Any, axes: Any = 2) -> torch.Tensor:
    x1, x2 = promote(x1, x2)
    if not isinstance(axes, int):
        axes = tuple([a] if isinstance(a, int) else list(a) for a in axes)
    return _contract(lambda a, b: torch.tensordot(a, b, dims=axes), x1, x2)


def einsum(subscripts: str, *operands: Any) -> torch.Tensor:
    tensors = _promote_product(*operands)
    return _contract(lambda *xs: torch.einsum(subscripts, *xs), *tensors)


def outer(x1: Any, x2: Any) -> torch.Tensor:
    x1, x2 = promote(x1, x2)
    return torch.multiply(x1.reshape(-1, 1), x2.reshape(1, -1))


def inner(x1: Any, x2: Any) -> torch.Tensor:
    x1, x2 = promote(x1, x2)
    if x1.ndim == 0 or x2.ndim == 0:
        return torch.multiply(x1, x2)

    def product(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return torch.tensordot(a, b, dims=([a.ndim - 1], [b.ndim - 1]))

    return _contract(product, x1, x2)


def vdot(x1: Any, x2: Any) -> torch.Tensor:
    x1, x2 = promote(x1, x2)
    return _contract(lambda a, b: torch.tensordot(a.reshape(-1), b.reshape(-1), dims=1), x1, x2)


def trace(x: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> torch.Tensor:
    x = convert_to_tensor(x)
    dtype = _trace_dtype(x.dtype)
    values = torch.diagonal(x, offset=offset, dim1=axis1, dim2=axis2)
    if dtype in _WIDE_UINTS or x.dtype in _WIDE_UINTS:
        return torch.sum(values.to(torch.int64), dim=-1).to(dtype)
    return torch.sum(values, dim=-1, dtype=dtype)


def diagonal(x: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> torch.Tensor:
    return torch.diagonal(convert_to_tensor(x), offset=offset, dim1=axis1, dim2=axis2)


def diag(x: Any, k: int = 0) -> torch.Tensor:
    x = convert_to_tensor(x)
    if x.dtype in _WIDE_UINTS:
        return torch.diag(x.to(torch.int64), diagonal=k).to(x.dtype)
    return torch.diag(x, diagonal=k)
