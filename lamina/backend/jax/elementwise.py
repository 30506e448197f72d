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


def _is_float(x: jax.Array) -> bool:
    return jnp.issubdtype(x.dtype, jnp.floating)


def _promote_float(x1: Any, x2: Any) -> list[jax.Array]:
    x1, x2 = promote(x1, x2)
    if _is_float(x1):
        return [x1, x2]
    return [x1.astype(floatx()), x2.astype(floatx())]


# --- arithmetic -------------------------------------------------------------------------------


def add(x1: Any, x2: Any) -> jax.Array:
    x1, x2 = promote(x1, x2)
    return jnp.add(x1, x2)


def subtract(x1: Any, x2: Any) -> jax.Array:
    x1, x2 = promote(x1, x2)
    return jnp.subtract(x1, x2)


def multiply(x1: Any, x2: Any) -> jax.Array:
    x1, x2 = promote(x1, x2)
    return jnp.multiply(x1, x2)


def divide(x1: Any, x2: Any) -> jax.Array:
    x1, x2 = _promote_float(x1, x2)
    return jnp.divide(x1, x2)


def true_divide(x1: Any, x2: Any) -> jax.Array:
    return divide(x1, x2)


def floor_divide(x1: Any, x2: Any) -> jax.Array:
    x1, x2 = promote(x1, x2)
    return jnp.floor_divide(x1, x2)


def mod(x1: Any, x2: Any) -> jax.Array:
    x1, x2 = promote(x1, x2)
    return jnp.mod(x1, x2)


def power(x1: Any, x2: Any) -> jax.Array:
    x1, x2 = promote(x1, x2)
    return jnp.power(x1, x2)


def negative(x: Any) -> jax.Array:
    return jnp.negative(convert_to_tensor(x))


def reciprocal(x: Any) -> jax.Array:
    return jnp.reciprocal(_float(x))


def square(x: Any) -> jax.Array:
    return jnp.square(convert_to_tensor(x))


def sqrt(x: Any) -> jax.Array:
    return jnp.sqrt(_float(x))


def abs(x: Any) -> jax.Array:  # noqa: A001
    return jnp.abs(convert_to_tensor(x))


def absolute(x: Any) -> jax.Array:
    return jnp.abs(convert_to_tensor(x))


def sign(x: Any) -> jax.Array:
    return jnp.sign(convert_to_tensor(x))


def maximum(x1: Any, x2: Any) -> jax.Array:
    x1, x2 = promote(x1, x2)
    return jnp.maximum(x1, x2)


def minimum(x1: Any, x2: Any) -> jax.Array:
    x1, x2 = promote(x1, x2)
    return jnp.minimum(x1, x2)


def clip(x: Any, x_min: Any, x_max: Any) -> jax.Array:
    x = convert_to_tensor(x)
    if x.dtype == jnp.bool_:
        x = x.astype(jnp.int32)
    low = convert_to_tensor(x_min, x.dtype)
    high = convert_to_tensor(x_max, x.dtype)
    return jnp.minimum(jnp.maximum(x, low), high)


def nan_to_num(
    x: Any, nan: float = 0.0, posinf: float | None = None, neginf: float | None = None
) -> jax.Array:
    x = convert_to_tensor(x)
    if not _is_float(x):
        return x
    return jnp.nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf)


def round(x: Any, decimals: int = 0) -> jax.Array:  # noqa: A001
    x = convert_to_tensor(x)
    if _is_float(x):
        return jnp.round(x, decimals)
    if decimals >= 0:
        return x
    return jnp.round(x.astype(jnp.float64), decimals).astype(x.dtype)


def floor(x: Any) -> jax.Array:
    return jnp.floor(_float(x))


def ceil(x: Any) -> jax.Array:
    return jnp.ceil(_float(x))


def trunc(x: Any) -> jax.Array:
    x = convert_to_tensor(x)
    return jnp.trunc(x) if _is_float(x) else x


def conj(x: Any) -> jax.Array:
    return convert_to_tensor(x)


def real(x: Any) -> jax.Array:
    return convert_to_tensor(x)


def imag(x: Any) -> jax.Array:
    return jnp.zeros_like(convert_to_tensor(x))


# --- exponentials, logarithms, trigonometry -------------------------------------------------


def exp(x: Any) -> jax.Array:
    return jnp.exp(_float(x))


def exp2(x: Any) -> jax.Array:
    return jnp.exp2(_float(x))


def expm1(x: Any) -> jax.Array:
    return jnp.expm1(_float(x))


def log(x: Any) -> jax.Array:
    return jnp.log(_float(x))


def log2(x: Any) -> jax.Array:
    return jnp.log2(_float(x))


def log10(x: Any) -> jax.Array:
    return jnp.log10(_float(x))


def log1p(x: Any) -> jax.Array:
    return jnp.log1p(_float(x))


def logaddexp(x1: Any, x2: Any) -> jax.Array:
    x1, x2 = _promote_float(x1, x2)
    return jnp.logaddexp(x1, x2)


def hypot(x1: Any, x2: Any) -> jax.Array:
    x1, x2 = _promote_float(x1, x2)
    return jnp.hypot(x1, x2)


def copysign(x1: Any, x2: Any) -> jax.Array:
    x1, x2 = _promote_float(x1, x2)
    return jnp.copysign(x1, x2)


def arctan2(x1: Any, x2: Any) -> jax.Array:
    x1, x2 = _promote_float(x1, x2)
    return jnp.arctan2(x1, x2)


def sin(x: Any) -> jax.Array:
    return jnp.sin(_float(x))


def cos(x: Any) -> jax.Array:
    return jnp.cos(_float(x))


def tan(x: Any) -> jax.Array:
    return jnp.tan(_float(x))


def arcsin(x: Any) -> jax.Array:
    return jnp.arcsin(_float(x))


def arccos(x: Any) -> jax.Array:
    return jnp.arccos(_float(x))


def arctan(x: Any) -> jax.Array:
    return jnp.arctan(_float(x))


def sinh(x: Any) -> jax.Array:
    return jnp.sinh(_float(x))


def cosh(x: Any) -> jax.Array:
    return jnp.cosh(_float(x))


def tanh(x: Any) -> jax.Array:
    return jnp.tanh(_float(x))


def arcsinh(x: Any) -> jax.Array:
    return jnp.arcsinh(_float(x))


def arccosh(x: Any) -> jax.Array:
    return jnp.arccosh(_float(x))


def arctanh(x: Any) -> jax.Array:
    return jnp.arctanh(_float(x))


def deg2rad(x: Any) -> jax.Array:
    return jnp.deg2rad(_float(x))


# --- comparison, logical, bitwise -----------------------------------------------------------


def equal(x1: Any, x2: Any) -> jax.Array:
    x1, x2 = promote(x1, x2)
    return jnp.equal(x1, x2)


def not_equal(x1: Any, x2: Any) -> jax.Array:
    x1, x2 = promote(x1, x2)
    return jnp.not_equal(x1, x2)


def less(x1: Any, x2: Any) -> jax.Array:
    x1, x2 = promote(x1, x2)
    return jnp.less(x1, x2)


def less_equal(x1: Any, x2: Any) -> jax.Array:
    x1, x2 = promote(x1, x2)
    return jnp.less_equal(x1, x2)


def greater(x1: Any, x2: Any) -> jax.Array:
    x1, x2 = promote(x1, x2)
    return jnp.greater(x1, x2)


def greater_equal(x1: Any, x2: Any) -> jax.Array:
    x1, x2 = promote(x1, x2)
    return jnp.greater_equal(x1, x2)


def isclose(
    x1: Any, x2: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False
) -> jax.Array:
    x1, x2 = promote(x1, x2)
    return jnp.isclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan)


def isnan(x: Any) -> jax.Array:
    return jnp.isnan(convert_to_tensor(x))


def isinf(x: Any) -> jax.Array:
    return jnp.isinf(convert_to_tensor(x))


def isfinite(x: Any) -> jax.Array:
    return jnp.isfinite(convert_to_tensor(x))


def logical_and(x1: Any, x2: Any) -> jax.Array:
    return jnp.logical_and(convert_to_tensor(x1), convert_to_tensor(x2))


def logical_or(x1: Any, x2: Any) -> jax.Array:
    return jnp.logical_or(convert_to_tensor(x1), convert_to_tensor(x2))


def logical_xor(x1: Any, x2: Any) -> jax.Array:
    return jnp.logical_xor(convert_to_tensor(x1), convert_to_tensor(x2))


def logical_not(x: Any) -> jax.Array:
    return jnp.logical_not(convert_to_tensor(x))


def bitwise_and(x: Any, y: Any) -> jax.Array:
    x, y = promote(x, y)
    return jnp.bitwise_and(x, y)


def bitwise_or(x: Any, y: Any) -> jax.Array:
    x, y = promote(x, y)
    return jnp.bitwise_or(x, y)


def bitwise_xor(x: Any, y: Any) -> jax.Array:
    x, y = promote(x, y)
    return jnp.bitwise_xor(x, y)


def bitwise_not(x: Any) -> jax.Array:
    x = convert_to_tensor(x)
    return jnp.invert(x)


def bitwise_invert(x: Any) -> jax.Array:
    x = convert_to_tensor(x)
    return jnp.invert(x)
