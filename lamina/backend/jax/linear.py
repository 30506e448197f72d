"""JAX backend: linear-algebra helpers (products, traces, diagonals)."""

from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp

from lamina.backend.common import dtypes
from lamina.backend.jax.core import convert_to_tensor, promote, to_engine_dtype
from lamina.backend.jax.elementwise import add


def _promote_product(*xs: Any) -> list[jax.Array]:
    """Promotes the operands; all-int8 operands accumulate in int32."""
    arrays = [convert_to_tensor(x) for x in xs]
    if all(a.dtype == jnp.int8 for a in arrays):
        return [a.astype(jnp.int32) for a in arrays]
    return list(promote(*arrays))


def _trace_dtype(dtype: Any) -> Any:
    name = dtypes.standardize_dtype(dtype)
    if name in ("int64", "uint32", "uint64"):
        return dtype
    return to_engine_dtype(dtypes.result_type(name, "int32"))


def dense(x: Any, kernel: Any, bias: Any = None) -> jax.Array:
    """`x @ kernel + bias` (the Dense layer's product)."""
    y = matmul(x, kernel)
    return y if bias is None else add(y, bias)


def matmul(x1: Any, x2: Any) -> jax.Array:
    x1, x2 = _promote_product(x1, x2)
    return jnp.matmul(x1, x2)


def dot(x1: Any, x2: Any) -> jax.Array:
    x1, x2 = promote(x1, x2)
    return jnp.dot(x1, x2)


def tensordot(x1: Any, x2: Any, axes: Any = 2) -> jax.Array:
    x1, x2 = promote(x1, x2)
    return jnp.tensordot(x1, x2, axes=axes)


def einsum(subscripts: str, *operands: Any) -> jax.Array:
    return jnp.einsum(subscripts, *_promote_product(*operands))


def outer(x1: Any, x2: Any) -> jax.Array:
    x1, x2 = promote(x1, x2)
    return jnp.outer(x1, x2)


def inner(x1: Any, x2: Any) -> jax.Array:
    x1, x2 = promote(x1, x2)
    return jnp.inner(x1, x2)


def vdot(x1: Any, x2: Any) -> jax.Array:
    x1, x2 = promote(x1, x2)
    return jnp.vdot(x1, x2)


def trace(x: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> jax.Array:
    x = convert_to_tensor(x)
    dtype = _trace_dtype(x.dtype)
    return jnp.trace(x, offset=offset, axis1=axis1, axis2=axis2, dtype=dtype)


def diagonal(x: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> jax.Array:
    return jnp.diagonal(convert_to_tensor(x), offset=offset, axis1=axis1, axis2=axis2)


def diag(x: Any, k: int = 0) -> jax.Array:
    return jnp.diag(convert_to_tensor(x), k=k)
