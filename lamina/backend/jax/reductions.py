"""JAX backend: reductions."""

from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp

from lamina.backend.common import dtypes
from lamina.backend.common.config import floatx
from lamina.backend.jax.core import convert_to_tensor, to_engine_dtype

_SUM_UPCAST = {
    "bool": "int32",
    "int8": "int32",
    "int16": "int32",
    "uint8": "uint32",
    "uint16": "uint32",
}


def _axis(axis: Any) -> Any:
    return tuple(axis) if isinstance(axis, list) else axis


def _float(x: Any) -> jax.Array:
    x = convert_to_tensor(x)
    return x if jnp.issubdtype(x.dtype, jnp.floating) else x.astype(floatx())


def sum(x: Any, axis: Any = None, keepdims: bool = False) -> jax.Array:  # noqa: A001
    x = convert_to_tensor(x)
    # Floats sum in their own dtype; ints need an explicit dtype (x64 mode would widen them).
    # Passing dtype only when needed keeps jnp.sum on its fast path.
    dtype = None if x.dtype.kind == "f" else _SUM_UPCAST.get(x.dtype.name, x.dtype)
    return jnp.sum(x, axis=_axis(axis), keepdims=keepdims, dtype=dtype)


def mean(x: Any, axis: Any = None, keepdims: bool = False) -> jax.Array:
    return jnp.mean(_float(x), axis=_axis(axis), keepdims=keepdims)


def max(x: Any, axis: Any = None, keepdims: bool = False, initial: Any = None) -> jax.Array:  # noqa: A001
    return jnp.max(convert_to_tensor(x), axis=_axis(axis), keepdims=keepdims, initial=initial)


def min(x: Any, axis: Any = None, keepdims: bool = False, initial: Any = None) -> jax.Array:  # noqa: A001
    return jnp.min(convert_to_tensor(x), axis=_axis(axis), keepdims=keepdims, initial=initial)


def prod(x: Any, axis: Any = None, keepdims: bool = False, dtype: Any = None) -> jax.Array:
    x = convert_to_tensor(x)
    engine_dtype = _SUM_UPCAST.get(x.dtype.name, x.dtype) if dtype is None else dtype
    engine_dtype = to_engine_dtype(engine_dtype)
    return jnp.prod(x, axis=_axis(axis), keepdims=keepdims, dtype=engine_dtype)


def std(x: Any, axis: Any = None, keepdims: bool = False) -> jax.Array:
    return jnp.std(_float(x), axis=_axis(axis), keepdims=keepdims)


def var(x: Any, axis: Any = None, keepdims: bool = False) -> jax.Array:
    return jnp.var(_float(x), axis=_axis(axis), keepdims=keepdims)


def all(x: Any, axis: Any = None, keepdims: bool = False) -> jax.Array:  # noqa: A001
    return jnp.all(convert_to_tensor(x), axis=_axis(axis), keepdims=keepdims)


def any(x: Any, axis: Any = None, keepdims: bool = False) -> jax.Array:  # noqa: A001
    return jnp.any(convert_to_tensor(x), axis=_axis(axis), keepdims=keepdims)


def argmax(x: Any, axis: Any = None, keepdims: bool = False) -> jax.Array:
    result = jnp.argmax(convert_to_tensor(x), axis=axis, keepdims=keepdims)
    return result.astype(jnp.int32)


def argmin(x: Any, axis: Any = None, keepdims: bool = False) -> jax.Array:
    result = jnp.argmin(convert_to_tensor(x), axis=axis, keepdims=keepdims)
    return result.astype(jnp.int32)


def _scan_dtype(x: jax.Array, dtype: Any) -> Any:
    if dtype is None:
        return to_engine_dtype(_SUM_UPCAST.get(x.dtype.name, x.dtype))
    return to_engine_dtype(dtype)


def cumsum(x: Any, axis: Any = None, dtype: Any = None) -> jax.Array:
    x = convert_to_tensor(x)
    return jnp.cumsum(x, axis=axis, dtype=_scan_dtype(x, dtype))


def cumprod(x: Any, axis: Any = None, dtype: Any = None) -> jax.Array:
    x = convert_to_tensor(x)
    return jnp.cumprod(x, axis=axis, dtype=_scan_dtype(x, dtype))


def count_nonzero(x: Any, axis: Any = None) -> jax.Array:
    return jnp.count_nonzero(convert_to_tensor(x), axis=_axis(axis)).astype(jnp.int32)


def median(x: Any, axis: Any = None, keepdims: bool = False) -> jax.Array:
    return jnp.median(_float(x), axis=_axis(axis), keepdims=keepdims)


def average(x: Any, axis: Any = None, weights: Any = None) -> jax.Array:
    if weights is None:
        return mean(x, axis=axis)
    x = convert_to_tensor(x)
    weights = convert_to_tensor(weights)
    dtype = to_engine_dtype(dtypes.result_type(x.dtype, weights.dtype, float))
    return jnp.average(x.astype(dtype), axis=axis, weights=weights.astype(dtype))
