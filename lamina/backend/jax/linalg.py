"""JAX backend: decompositions, inverses, determinants, solvers and norms (batched)."""

from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp

from lamina.backend.common import dtypes
from lamina.backend.common.config import floatx
from lamina.backend.jax.core import convert_to_tensor, to_engine_dtype

_HALF = ("float16", "bfloat16")


def _float(x: Any) -> tuple[jax.Array, Any]:
    """Returns `x` in a dtype jax's solvers take, and the dtype the result must have."""
    x = convert_to_tensor(x)
    name = x.dtype.name if x.dtype.name in dtypes.FLOAT_TYPES else floatx()
    compute = "float32" if name in _HALF else name
    return x.astype(compute), to_engine_dtype(name)


def _pair(a: Any, b: Any) -> tuple[jax.Array, jax.Array, Any]:
    a = convert_to_tensor(a)
    b = convert_to_tensor(b)
    name = dtypes.result_type(a.dtype, b.dtype)
    name = name if name in dtypes.FLOAT_TYPES else floatx()
    compute = "float32" if name in _HALF else name
    return a.astype(compute), b.astype(compute), to_engine_dtype(name)


def cholesky(x: Any, upper: bool = False) -> jax.Array:
    x, dtype = _float(x)
    # Only the symmetric part (x + x^T) / 2 counts, as on the other backends.
    lower = jnp.linalg.cholesky(x, symmetrize_input=True)
    return (jnp.swapaxes(lower, -1, -2) if upper else lower).astype(dtype)


def det(x: Any) -> jax.Array:
    x, dtype = _float(x)
    return jnp.linalg.det(x).astype(dtype)


def eig(x: Any) -> tuple[tuple[jax.Array, jax.Array], tuple[jax.Array, jax.Array]]:
    x, dtype = _float(x)
    values, vectors = jnp.linalg.eig(x)
    return (
        (jnp.real(values).astype(dtype), jnp.imag(values).astype(dtype)),
        (jnp.real(vectors).astype(dtype), jnp.imag(vectors).astype(dtype)),
    )


def eigh(x: Any) -> tuple[jax.Array, jax.Array]:
    x, dtype = _float(x)
    values, vectors = jnp.linalg.eigh(x, symmetrize_input=True)
    return values.astype(dtype), vectors.astype(dtype)


def inv(x: Any) -> jax.Array:
    x, dtype = _float(x)
    return jnp.linalg.inv(x).astype(dtype)


def lu_factor(x: Any) -> tuple[jax.Array, jax.Array]:
    x, dtype = _float(x)
    lu, pivots, _ = jax.lax.linalg.lu(x)
    return lu.astype(dtype), pivots.astype(jnp.int32)


def norm(x: Any, ord: Any = None, axis: Any = None, keepdims: bool = False) -> jax.Array:
    x, dtype = _float(x)
    axis = tuple(axis) if isinstance(axis, list) else axis
    return jnp.linalg.norm(x, ord=ord, axis=axis, keepdims=keepdims).astype(dtype)


def qr(x: Any, mode: str = "reduced") -> tuple[jax.Array, jax.Array]:
    x, dtype = _float(x)
    q, r = jnp.linalg.qr(x, mode=mode)
    return q.astype(dtype), r.astype(dtype)


def _as_matrix(a: jax.Array, b: jax.Array) -> tuple[jax.Array, bool]:
    vector = b.ndim == 1
    return (b[..., None] if vector else b), vector


def solve(a: Any, b: Any) -> jax.Array:
    a, b, dtype = _pair(a, b)
    rhs, vector = _as_matrix(a, b)
    x = jnp.linalg.solve(a, rhs)
    return (x[..., 0] if vector else x).astype(dtype)


def solve_triangular(a: Any, b: Any, lower: bool = False) -> jax.Array:
    a, b, dtype = _pair(a, b)
    rhs, vector = _as_matrix(a, b)
    batch = jnp.broadcast_shapes(a.shape[:-2], rhs.shape[:-2])
    a = jnp.broadcast_to(a, (*batch, *a.shape[-2:]))
    rhs = jnp.broadcast_to(rhs, (*batch, *rhs.shape[-2:]))
    x = jax.lax.linalg.triangular_solve(a, rhs, left_side=True, lower=lower)
    return (x[..., 0] if vector else x).astype(dtype)


def svd(x: Any, full_matrices: bool = True, compute_uv: bool = True) -> Any:
    x, dtype = _float(x)
    if not compute_uv:
        return jnp.linalg.svd(x, compute_uv=False).astype(dtype)
    u, s, vh = jnp.linalg.svd(x, full_matrices=full_matrices)
    return u.astype(dtype), s.astype(dtype), vh.astype(dtype)
