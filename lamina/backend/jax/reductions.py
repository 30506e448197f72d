"""JAX backend: reductions."""

from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp

from lamina.backend.jax.core import convert_to_tensor

_SUM_UPCAST = {
    "bool": "int32",
    "int8": "int32",
    "int16": "int32",
    "uint8": "uint32",
    "uint16": "uint32",
}


def _axis(axis: Any) -> Any:
    return tuple(axis) if isinstance(axis, list) else axis


def sum(x: Any, axis: Any = None, keepdims: bool = False) -> jax.Array:  # noqa: A001
    x = convert_to_tensor(x)
    dtype = _SUM_UPCAST.get(x.dtype.name)
    return jnp.sum(x, axis=_axis(axis), keepdims=keepdims, dtype=dtype)
