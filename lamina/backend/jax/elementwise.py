"""JAX backend: element-wise arithmetic, comparison, logical, rounding and trigonometric ops."""

from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp

from lamina.backend.common.config import floatx
from lamina.backend.jax.core import convert_to_tensor, promote


def _float(x: Any) -> jax.Array:
    x = convert_to_tensor(x)
    return x if jnp.issubdtype(x.dtype, jnp.floating) else x.astype(floatx())


def add(x1: Any, x2: Any) -> jax.Array:
    x1, x2 = promote(x1, x2)
    return jnp.add(x1, x2)


def exp(x: Any) -> jax.Array:
    return jnp.exp(_float(x))


def multiply(x1: Any, x2: Any) -> jax.Array:
    x1, x2 = promote(x1, x2)
    return jnp.multiply(x1, x2)
