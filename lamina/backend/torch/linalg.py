"""Torch backend: decompositions, inverses, determinants, solvers and norms (batched)."""

from __future__ import annotations

from typing import Any

import torch

from lamina.backend.common import dtypes
from lamina.backend.common.config import floatx
from lamina.backend.torch.core import convert_to_tensor, to_engine_dtype

_HALF = (torch.float16, torch.bfloat16)


def _float(x: Any) -> tuple[torch.Tensor, torch.dtype]:
    """Returns `x` in a dtype torch's solvers take, and the dtype the result must have."""
    x = convert_to_tensor(x)
    result = x.dtype if x.is_floating_point() else to_engine_dtype(floatx())
    compute = torch.float32 if result in _HALF else result
    return x.to(compute), result


def _pair(a: Any, b: Any) -> tuple[torch.Tensor, torch.Tensor, torch.dtype]:
    a = convert_to_tensor(a)
    b = convert_to_tensor(b)
    name = dtypes.result_type(str(a.dtype)[6:], str(b.dtype)[6:])
    result = to_engine_dtype(name if name in dtypes.FLOAT_TYPES else floatx())
    compute = torch.float32 if result in _HALF else result
    return a.to(compute), b.to(compute), result


def _symmetric(x: torch.Tensor) -> torch.Tensor:
    return (x + x.mT) / 2


def cholesky(x: Any, upper: bool = False) -> torch.Tensor:
    x, dtype = _float(x)
    return torch.linalg.cholesky(_symmetric(x), upper=upper).to(dtype)


def det(x: Any) -> torch.Tensor:
    x, dtype = _float(x)
    return torch.linalg.det(x).to(dtype)


def eig(x: Any) -> tuple[tuple[torch.Tensor, torch.Tensor], tuple[torch.Tensor, torch.Tensor]]:
    x, dtype = _float(x)
    values, vectors = torch.linalg.eig(x)
    return (
        (values.real.to(dtype), values.imag.to(dtype)),
        (vectors.real.to(dtype), vectors.imag.to(dtype)),
    )


def eigh(x: Any) -> tuple[torch.Tensor, torch.Tensor]:
    x, dtype = _float(x)
    values, vectors = torch.linalg.eigh(_symmetric(x))
    return values.to(dtype), vectors.to(dtype)


def inv(x: Any) -> torch.Tensor:
    x, dtype = _float(x)
    return torch.linalg.inv(x).to(dtype)


def lu_factor(x: Any) -> tuple[torch.Tensor, torch.Tensor]:
    x, dtype = _float(x)
    lu, pivots = torch.linalg.lu_factor(x)
    # torch's pivots are 1-based (LAPACK's); lamina follows SciPy's 0-based ones.
    return lu.to(dtype), (pivots - 1).to(torch.int32)


def norm(x: Any, ord: Any = None, axis: Any = None, keepdims: bool = False) -> torch.Tensor:
    x, dtype = _float(x)
    if axis is None and (ord is None or x.ndim == 1):
        result = torch.linalg.vector_norm(x, ord=2 if ord is None else ord, keepdim=keepdims)
    elif axis is None:
        result = torch.linalg.matrix_norm(x, ord="fro" if ord is None else ord, keepdim=keepdims)
    elif isinstance(axis, (list, tuple)) and len(axis) == 2:
        dims = tuple(axis)
        result = torch.linalg.matrix_norm(
            x, ord="fro" if ord is None else ord, dim=dims, keepdim=keepdims
        )
    else:
        dims = tuple(axis) if isinstance(axis, (list, tuple)) else axis
        result = torch.linalg.vector_norm(
            x, ord=2 if ord is None else ord, dim=dims, keepdim=keepdims
        )
    return result.to(dtype)


def qr(x: Any, mode: str = "reduced") -> tuple[torch.Tensor, torch.Tensor]:
    x, dtype = _float(x)
    q, r = torch.linalg.qr(x, mode=mode)
    return q.to(dtype), r.to(dtype)


def _as_matrix(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, bool]:
    vector = b.ndim == 1
    return (b[..., None] if vector else b), vector


def solve(a: Any, b: Any) -> torch.Tensor:
    a, b, dtype = _pair(a, b)
    rhs, vector = _as_matrix(a, b)
    x = torch.linalg.solve(a, rhs)
    return (x[..., 0] if vector else x).to(dtype)


def solve_triangular(a: Any, b: Any, lower: bool = False) -> torch.Tensor:
    a, b, dtype = _pair(a, b)
    rhs, vector = _as_matrix(a, b)
    x = torch.linalg.solve_triangular(a, rhs, upper=not lower)
    return (x[..., 0] if vector else x).to(dtype)


def svd(x: Any, full_matrices: bool = True, compute_uv: bool = True) -> Any:
    x, dtype = _float(x)
    if not compute_uv:
        return torch.linalg.svdvals(x).to(dtype)
    u, s, vh = torch.linalg.svd(x, full_matrices=full_matrices)
    return u.to(dtype), s.to(dtype), vh.to(dtype)
