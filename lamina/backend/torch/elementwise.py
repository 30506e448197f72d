"""Torch backend: element-wise arithmetic, comparison, logical, rounding and trigonometric ops."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch

from lamina.backend.common.config import floatx
from lamina.backend.torch.core import convert_to_tensor, promote, to_engine_dtype

# torch has few CPU kernels for these: they compute in int64 and are cast back.
_WIDE_UINTS = (torch.uint16, torch.uint32, torch.uint64)


def _float(x: Any) -> torch.Tensor:
    x = convert_to_tensor(x)
    return x if x.is_floating_point() else x.to(to_engine_dtype(floatx()))


def _promote_float(x1: Any, x2: Any) -> list[torch.Tensor]:
    x1, x2 = promote(x1, x2)
    if x1.is_floating_point():
        return [x1, x2]
    dtype = to_engine_dtype(floatx())
    return [x1.to(dtype), x2.to(dtype)]


def _binary(fn: Callable, x1: Any, x2: Any) -> torch.Tensor:
    """Applies `fn` to the promoted inputs; wide unsigned ints go through int64."""
    x1, x2 = promote(x1, x2)
    if x1.dtype in _WIDE_UINTS:
        return fn(x1.to(torch.int64), x2.to(torch.int64)).to(x1.dtype)
    return fn(x1, x2)


def _compare(fn: Callable, x1: Any, x2: Any) -> torch.Tensor:
    x1, x2 = promote(x1, x2)
    if x1.dtype in _WIDE_UINTS:
        return fn(x1.to(torch.int64), x2.to(torch.int64))
    return fn(x1, x2)


def _unary(fn: Callable, x: Any) -> torch.Tensor:
    x = convert_to_tensor(x)
    if x.dtype in _WIDE_UINTS:
        return fn(x.to(torch.int64)).to(x.dtype)
    return fn(x)


# --- arithmetic -------------------------------------------------------------------------------


def add(x1: Any, x2: Any) -> torch.Tensor:
    return _binary(torch.add, x1, x2)


def subtract(x1: Any, x2: Any) -> torch.Tensor:
    return _binary(torch.subtract, x1, x2)


def multiply(x1: Any, x2: Any) -> torch.Tensor:
    x1, x2 = promote(x1, x2)
    return torch.multiply(x1, x2)


def divide(x1: Any, x2: Any) -> torch.Tensor:
    x1, x2 = _promote_float(x1, x2)
    return torch.divide(x1, x2)


def true_divide(x1: Any, x2: Any) -> torch.Tensor:
    return divide(x1, x2)


def floor_divide(x1: Any, x2: Any) -> torch.Tensor:
    return _binary(torch.floor_divide, x1, x2)


def mod(x1: Any, x2: Any) -> torch.Tensor:
    return _binary(torch.remainder, x1, x2)


def power(x1: Any, x2: Any) -> torch.Tensor:
    return _binary(torch.pow, x1, x2)


def negative(x: Any) -> torch.Tensor:
    return _unary(torch.negative, x)


def reciprocal(x: Any) -> torch.Tensor:
    return torch.reciprocal(_float(x))


def square(x: Any) -> torch.Tensor:
    return _unary(torch.square, x)


def sqrt(x: Any) -> torch.Tensor:
    return torch.sqrt(_float(x))


def abs(x: Any) -> torch.Tensor:  # noqa: A001
    x = convert_to_tensor(x)
    if x.dtype in _WIDE_UINTS or x.dtype == torch.bool:
        return x
    return torch.abs(x)


def absolute(x: Any) -> torch.Tensor:
    return abs(x)


def sign(x: Any) -> torch.Tensor:
    return _unary(torch.sign, x)


def maximum(x1: Any, x2: Any) -> torch.Tensor:
    return _binary(torch.maximum, x1, x2)


def minimum(x1: Any, x2: Any) -> torch.Tensor:
    return _binary(torch.minimum, x1, x2)


def clip(x: Any, x_min: Any, x_max: Any) -> torch.Tensor:
    x = convert_to_tensor(x)
    if x.dtype == torch.bool:
        x = x.to(torch.int32)
    dtype = x.dtype
    if dtype in _WIDE_UINTS:
        x = x.to(torch.int64)
    low = convert_to_tensor(x_min, x.dtype)
    high = convert_to_tensor(x_max, x.dtype)
    return torch.clamp(x, low, high).to(dtype)


def nan_to_num(
    x: Any, nan: float = 0.0, posinf: float | None = None, neginf: float | None = None
) -> torch.Tensor:
    x = convert_to_tensor(x)
    if not x.is_floating_point():
        return x
    return torch.nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf)


def round(x: Any, decimals: int = 0) -> torch.Tensor:  # noqa: A001
    x = convert_to_tensor(x)
    if x.is_floating_point():
        return torch.round(x, decimals=decimals)
    if decimals >= 0:
        return x
    return torch.round(x.to(torch.float64), decimals=decimals).to(x.dtype)


def floor(x: Any) -> torch.Tensor:
    return torch.floor(_float(x))


def ceil(x: Any) -> torch.Tensor:
    return torch.ceil(_float(x))


def trunc(x: Any) -> torch.Tensor:
    x = convert_to_tensor(x)
    return torch.trunc(x) if x.is_floating_point() else x


def conj(x: Any) -> torch.Tensor:
    return convert_to_tensor(x)


def real(x: Any) -> torch.Tensor:
    return convert_to_tensor(x)


def imag(x: Any) -> torch.Tensor:
    return torch.zeros_like(convert_to_tensor(x))


# --- exponentials, logarithms, trigonometry -------------------------------------------------


def exp(x: Any) -> torch.Tensor:
    return torch.exp(_float(x))


def exp2(x: Any) -> torch.Tensor:
    return torch.exp2(_float(x))


def expm1(x: Any) -> torch.Tensor:
    return torch.expm1(_float(x))


def log(x: Any) -> torch.Tensor:
    return torch.log(_float(x))


def log2(x: Any) -> torch.Tensor:
    return torch.log2(_float(x))


def log10(x: Any) -> torch.Tensor:
    return torch.log10(_float(x))


def log1p(x: Any) -> torch.Tensor:
    return torch.log1p(_float(x))


def logaddexp(x1: Any, x2: Any) -> torch.Tensor:
    x1, x2 = _promote_float(x1, x2)
    return torch.logaddexp(x1, x2)


def hypot(x1: Any, x2: Any) -> torch.Tensor:
    x1, x2 = _promote_float(x1, x2)
    return torch.hypot(x1, x2)


def copysign(x1: Any, x2: Any) -> torch.Tensor:
    x1, x2 = _promote_float(x1, x2)
    return torch.copysign(x1, x2)


def arctan2(x1: Any, x2: Any) -> torch.Tensor:
    x1, x2 = _promote_float(x1, x2)
    return torch.atan2(x1, x2)


def sin(x: Any) -> torch.Tensor:
    return torch.sin(_float(x))


def cos(x: Any) -> torch.Tensor:
    return torch.cos(_float(x))


def tan(x: Any) -> torch.Tensor:
    return torch.tan(_float(x))


def arcsin(x: Any) -> torch.Tensor:
    return torch.asin(_float(x))


def arccos(x: Any) -> torch.Tensor:
    return torch.acos(_float(x))


def arctan(x: Any) -> torch.Tensor:
    return torch.atan(_float(x))


def sinh(x: Any) -> torch.Tensor:
    return torch.sinh(_float(x))


def cosh(x: Any) -> torch.Tensor:
    return torch.cosh(_float(x))


def tanh(x: Any) -> torch.Tensor:
    return torch.tanh(_float(x))


def arcsinh(x: Any) -> torch.Tensor:
    return torch.asinh(_float(x))


def arccosh(x: Any) -> torch.Tensor:
    return torch.acosh(_float(x))


def arctanh(x: Any) -> torch.Tensor:
    return torch.atanh(_float(x))


def deg2rad(x: Any) -> torch.Tensor:
    return torch.deg2rad(_float(x))


# --- comparison, logical, bitwise -----------------------------------------------------------


def equal(x1: Any, x2: Any) -> torch.Tensor:
    return _compare(torch.eq, x1, x2)


def not_equal(x1: Any, x2: Any) -> torch.Tensor:
    return _compare(torch.ne, x1, x2)


def less(x1: Any, x2: Any) -> torch.Tensor:
    return _compare(torch.lt, x1, x2)


def less_equal(x1: Any, x2: Any) -> torch.Tensor:
    return _compare(torch.le, x1, x2)


def greater(x1: Any, x2: Any) -> torch.Tensor:
    return _compare(torch.gt, x1, x2)


def greater_equal(x1: Any, x2: Any) -> torch.Tensor:
    return _compare(torch.ge, x1, x2)


def isclose(
    x1: Any, x2: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False
) -> torch.Tensor:
    def close(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return torch.isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan)

    return _compare(close, x1, x2)


def isnan(x: Any) -> torch.Tensor:
    return _unary_bool(torch.isnan, x)


def isinf(x: Any) -> torch.Tensor:
    return _unary_bool(torch.isinf, x)


def isfinite(x: Any) -> torch.Tensor:
    return _unary_bool(torch.isfinite, x)


def _unary_bool(fn: Callable, x: Any) -> torch.Tensor:
    x = convert_to_tensor(x)
    return fn(x.to(torch.int64) if x.dtype in _WIDE_UINTS else x)


def _bool(x: Any) -> torch.Tensor:
    return convert_to_tensor(x, torch.bool)


def logical_and(x1: Any, x2: Any) -> torch.Tensor:
    return torch.logical_and(_bool(x1), _bool(x2))


def logical_or(x1: Any, x2: Any) -> torch.Tensor:
    return torch.logical_or(_bool(x1), _bool(x2))


def logical_xor(x1: Any, x2: Any) -> torch.Tensor:
    return torch.logical_xor(_bool(x1), _bool(x2))


def logical_not(x: Any) -> torch.Tensor:
    return torch.logical_not(_bool(x))


def bitwise_and(x: Any, y: Any) -> torch.Tensor:
    return _binary(torch.bitwise_and, x, y)


def bitwise_or(x: Any, y: Any) -> torch.Tensor:
    return _binary(torch.bitwise_or, x, y)


def bitwise_xor(x: Any, y: Any) -> torch.Tensor:
    return _binary(torch.bitwise_xor, x, y)


def bitwise_not(x: Any) -> torch.Tensor:
    return _unary(torch.bitwise_not, x)


def bitwise_invert(x: Any) -> torch.Tensor:
    return _unary(torch.bitwise_not, x)
