"""NumPy backend: decompositions, inverses, determinants, solvers and norms (batched)."""

from __future__ import annotations

from typing import Any

import numpy as np

from lamina.backend.common import dtypes
from lamina.backend.common.config import floatx
from lamina.backend.numpy.core import convert_to_tensor, to_engine_dtype


def _float(x: Any) -> tuple[np.ndarray, np.dtype]:
    """Returns `x` in a dtype NumPy's linalg takes, and the dtype the result must have."""
    x = convert_to_tensor(x)
    name = x.dtype.name if x.dtype.name in dtypes.FLOAT_TYPES else floatx()
    result = to_engine_dtype(name)
    compute = np.float32 if name in ("float16", "bfloat16") else result
    return x.astype(compute, copy=False), result


def _pair(a: Any, b: Any) -> tuple[np.ndarray, np.ndarray, np.dtype]:
    a = convert_to_tensor(a)
    b = convert_to_tensor(b)
    name = dtypes.result_type(a.dtype, b.dtype)
    name = name if name in dtypes.FLOAT_TYPES else floatx()
    compute = np.float32 if name in ("float16", "bfloat16") else to_engine_dtype(name)
    return a.astype(compute, copy=False), b.astype(compute, copy=False), to_engine_dtype(name)


def _symmetric(x: np.ndarray) -> np.ndarray:
    return (x + np.swapaxes(x, -1, -2)) / 2


def cholesky(x: Any, upper: bool = False) -> np.ndarray:
    x, dtype = _float(x)
    lower = np.linalg.cholesky(_symmetric(x))
    return (np.swapaxes(lower, -1, -2) if upper else lower).astype(dtype)


def det(x: Any) -> np.ndarray:
    x, dtype = _float(x)
    return np.asarray(np.linalg.det(x)).astype(dtype)


def eig(x: Any) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    x, dtype = _float(x)
    values, vectors = np.linalg.eig(x)
    return (
        (np.real(values).astype(dtype), np.imag(values).astype(dtype)),
        (np.real(vectors).astype(dtype), np.imag(vectors).astype(dtype)),
    )


def eigh(x: Any) -> tuple[np.ndarray, np.ndarray]:
    x, dtype = _float(x)
    values, vectors = np.linalg.eigh(_symmetric(x))
    return values.astype(dtype), vectors.astype(dtype)


def inv(x: Any) -> np.ndarray:
    x, dtype = _float(x)
    return np.linalg.inv(x).astype(dtype)


def lu_factor(x: Any) -> tuple[np.ndarray, np.ndarray]:
    x, dtype = _float(x)
    lu = np.array(x, dtype=np.result_type(x, np.float32))
    rows, cols = lu.shape[-2:]
    steps = min(rows, cols)
    pivots = np.zeros((*lu.shape[:-2], steps), dtype=np.int32)
    batch = np.indices(lu.shape[:-2]) if lu.ndim > 2 else ()
    for k in range(steps):
        # Partial pivoting: bring the largest remaining entry of column k to row k.
        pivot = k + np.argmax(np.abs(lu[..., k:, k]), axis=-1)
        pivots[..., k] = pivot
        row_k = lu[..., k, :].copy()
        lu[..., k, :] = lu[(*batch, pivot)]
        lu[(*batch, pivot)] = row_k
        head = lu[..., k, k][..., None]
        with np.errstate(divide="ignore", invalid="ignore"):
            factors = np.where(head != 0, lu[..., k + 1 :, k] / head, 0.0)
        lu[..., k + 1 :, k] = factors
        lu[..., k + 1 :, k + 1 :] -= factors[..., :, None] * lu[..., k, k + 1 :][..., None, :]
    return lu.astype(dtype), pivots


def norm(x: Any, ord: Any = None, axis: Any = None, keepdims: bool = False) -> np.ndarray:
    x, dtype = _float(x)
    axis = tuple(axis) if isinstance(axis, list) else axis
    result = np.linalg.norm(x, ord=ord, axis=axis, keepdims=keepdims)
    return np.asarray(result).astype(dtype)


def qr(x: Any, mode: str = "reduced") -> tuple[np.ndarray, np.ndarray]:
    x, dtype = _float(x)
    q, r = np.linalg.qr(x, mode=mode)  # type: ignore[call-overload]
    return q.astype(dtype), r.astype(dtype)


def _as_matrix(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, bool]:
    vector = b.ndim == 1
    return (b[..., None] if vector else b), vector


def solve(a: Any, b: Any) -> np.ndarray:
    a, b, dtype = _pair(a, b)
    rhs, vector = _as_matrix(a, b)
    x = np.linalg.solve(a, rhs)
    return (x[..., 0] if vector else x).astype(dtype)


def solve_triangular(a: Any, b: Any, lower: bool = False) -> np.ndarray:
    a, b, dtype = _pair(a, b)
    a = np.tril(a) if lower else np.triu(a)
    rhs, vector = _as_matrix(a, b)
    x = np.linalg.solve(a, rhs)
    return (x[..., 0] if vector else x).astype(dtype)


def svd(x: Any, full_matrices: bool = True, compute_uv: bool = True) -> Any:
    x, dtype = _float(x)
    if not compute_uv:
        return np.linalg.svd(x, compute_uv=False).astype(dtype)
    u, s, vh = np.linalg.svd(x, full_matrices=full_matrices)
    return u.astype(dtype), s.astype(dtype), vh.astype(dtype)
