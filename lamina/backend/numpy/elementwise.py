"""NumPy backend: element-wise arithmetic, comparison, logical, rounding and trigonometric ops."""

from __future__ import annotations

from typing import Any

import ml_dtypes
import numpy as np

from lamina.backend.common.config import floatx
from lamina.backend.numpy.core import convert_to_tensor, promote


def _float(x: Any) -> np.ndarray:
    x = convert_to_tensor(x)
    return x if x.dtype.kind == "f" or x.dtype.name == "bfloat16" else x.astype(floatx())


def _is_float(x: np.ndarray) -> bool:
    return x.dtype.kind == "f" or x.dtype.name == "bfloat16"


def _promote_float(x1: Any, x2: Any) -> list[np.ndarray]:
    x1, x2 = promote(x1, x2)
    if _is_float(x1):
        return [x1, x2]
    return [x1.astype(floatx()), x2.astype(floatx())]


# --- arithmetic -------------------------------------------------------------------------------


def add(x1: Any, x2: Any) -> np.ndarray:
    x1, x2 = promote(x1, x2)
    return np.add(x1, x2)


def subtract(x1: Any, x2: Any) -> np.ndarray:
    x1, x2 = promote(x1, x2)
    return np.subtract(x1, x2)


def multiply(x1: Any, x2: Any) -> np.ndarray:
    x1, x2 = promote(x1, x2)
    return np.multiply(x1, x2)


def divide(x1: Any, x2: Any) -> np.ndarray:
    x1, x2 = _promote_float(x1, x2)
    return np.divide(x1, x2)


def true_divide(x1: Any, x2: Any) -> np.ndarray:
    return divide(x1, x2)


def floor_divide(x1: Any, x2: Any) -> np.ndarray:
    x1, x2 = promote(x1, x2)
    return np.floor_divide(x1, x2)


def mod(x1: Any, x2: Any) -> np.ndarray:
    x1, x2 = promote(x1, x2)
    return np.mod(x1, x2)


def power(x1: Any, x2: Any) -> np.ndarray:
    x1, x2 = promote(x1, x2)
    return np.power(x1, x2)


def negative(x: Any) -> np.ndarray:
    return np.negative(convert_to_tensor(x))


def reciprocal(x: Any) -> np.ndarray:
    return np.reciprocal(_float(x))


def square(x: Any) -> np.ndarray:
    return np.square(convert_to_tensor(x))


def sqrt(x: Any) -> np.ndarray:
    return np.sqrt(_float(x))


def abs(x: Any) -> np.ndarray:  # noqa: A001
    return np.abs(convert_to_tensor(x))


def absolute(x: Any) -> np.ndarray:
    return np.abs(convert_to_tensor(x))


def sign(x: Any) -> np.ndarray:
    return np.sign(convert_to_tensor(x))


def maximum(x1: Any, x2: Any) -> np.ndarray:
    x1, x2 = promote(x1, x2)
    return np.maximum(x1, x2)


def minimum(x1: Any, x2: Any) -> np.ndarray:
    x1, x2 = promote(x1, x2)
    return np.minimum(x1, x2)


def clip(x: Any, x_min: Any, x_max: Any) -> np.ndarray:
    x = convert_to_tensor(x)
    if x.dtype == np.bool_:
        x = x.astype(np.int32)
    low = convert_to_tensor(x_min, x.dtype)
    high = convert_to_tensor(x_max, x.dtype)
    return np.minimum(np.maximum(x, low), high)


def nan_to_num(
    x: Any, nan: float = 0.0, posinf: float | None = None, neginf: float | None = None
) -> np.ndarray:
    x = convert_to_tensor(x)
    if not _is_float(x):
        return x
    # np.nan_to_num leaves ml_dtypes.bfloat16 untouched, so the replacement is spelled out.
    info = ml_dtypes.finfo(x.dtype)
    high = info.max if posinf is None else posinf
    low = info.min if neginf is None else neginf
    x = np.where(np.isnan(x), np.asarray(nan, x.dtype), x)
    x = np.where(x == np.inf, np.asarray(high, x.dtype), x)
    return np.where(x == -np.inf, np.asarray(low, x.dtype), x)


def round(x: Any, decimals: int = 0) -> np.ndarray:  # noqa: A001
    x = convert_to_tensor(x)
    if _is_float(x):
        return np.round(x, decimals)
    if decimals >= 0:
        return x
    return np.round(x.astype(np.float64), decimals).astype(x.dtype)


def floor(x: Any) -> np.ndarray:
    return np.floor(_float(x))


def ceil(x: Any) -> np.ndarray:
    return np.ceil(_float(x))


def trunc(x: Any) -> np.ndarray:
    x = convert_to_tensor(x)
    return np.trunc(x) if _is_float(x) else x


def conj(x: Any) -> np.ndarray:
    return convert_to_tensor(x)


def real(x: Any) -> np.ndarray:
    return convert_to_tensor(x)


def imag(x: Any) -> np.ndarray:
    return np.zeros_like(convert_to_tensor(x))


# --- exponentials, logarithms, trigonometry -------------------------------------------------


def exp(x: Any) -> np.ndarray:
    return np.exp(_float(x))


def exp2(x: Any) -> np.ndarray:
    return np.exp2(_float(x))


def expm1(x: Any) -> np.ndarray:
    return np.expm1(_float(x))


def log(x: Any) -> np.ndarray:
    return np.log(_float(x))


def log2(x: Any) -> np.ndarray:
    return np.log2(_float(x))


def log10(x: Any) -> np.ndarray:
    return np.log10(_float(x))


def log1p(x: Any) -> np.ndarray:
    return np.log1p(_float(x))


def logaddexp(x1: Any, x2: Any) -> np.ndarray:
    x1, x2 = _promote_float(x1, x2)
    return np.logaddexp(x1, x2)


def hypot(x1: Any, x2: Any) -> np.ndarray:
    x1, x2 = _promote_float(x1, x2)
    return np.hypot(x1, x2)


def copysign(x1: Any, x2: Any) -> np.ndarray:
    x1, x2 = _promote_float(x1, x2)
    return np.copysign(x1, x2)


def arctan2(x1: Any, x2: Any) -> np.ndarray:
    x1, x2 = _promote_float(x1, x2)
    return np.arctan2(x1, x2)


def sin(x: Any) -> np.ndarray:
    return np.sin(_float(x))


def cos(x: Any) -> np.ndarray:
    return np.cos(_float(x))


def tan(x: Any) -> np.ndarray:
    return np.tan(_float(x))


def arcsin(x: Any) -> np.ndarray:
    return np.arcsin(_float(x))


def arccos(x: Any) -> np.ndarray:
    return np.arccos(_float(x))


def arctan(x: Any) -> np.ndarray:
    return np.arctan(_float(x))


def sinh(x: Any) -> np.ndarray:
    return np.sinh(_float(x))


def cosh(x: Any) -> np.ndarray:
    return np.cosh(_float(x))


def tanh(x: Any) -> np.ndarray:
    return np.tanh(_float(x))


def arcsinh(x: Any) -> np.ndarray:
    return np.arcsinh(_float(x))


def arccosh(x: Any) -> np.ndarray:
    return np.arccosh(_float(x))


def arctanh(x: Any) -> np.ndarray:
    return np.arctanh(_float(x))


def deg2rad(x: Any) -> np.ndarray:
    return np.deg2rad(_float(x))


# --- comparison, logical, bitwise -----------------------------------------------------------


def equal(x1: Any, x2: Any) -> np.ndarray:
    x1, x2 = promote(x1, x2)
    return np.equal(x1, x2)


def not_equal(x1: Any, x2: Any) -> np.ndarray:
    x1, x2 = promote(x1, x2)
    return np.not_equal(x1, x2)


def less(x1: Any, x2: Any) -> np.ndarray:
    x1, x2 = promote(x1, x2)
    return np.less(x1, x2)


def less_equal(x1: Any, x2: Any) -> np.ndarray:
    x1, x2 = promote(x1, x2)
    return np.less_equal(x1, x2)


def greater(x1: Any, x2: Any) -> np.ndarray:
    x1, x2 = promote(x1, x2)
    return np.greater(x1, x2)


def greater_equal(x1: Any, x2: Any) -> np.ndarray:
    x1, x2 = promote(x1, x2)
    return np.greater_equal(x1, x2)


def isclose(
    x1: Any, x2: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False
) -> np.ndarray:
    x1, x2 = promote(x1, x2)
    return np.isclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan)


def isnan(x: Any) -> np.ndarray:
    return np.isnan(convert_to_tensor(x))


def isinf(x: Any) -> np.ndarray:
    return np.isinf(convert_to_tensor(x))


def isfinite(x: Any) -> np.ndarray:
    return np.isfinite(convert_to_tensor(x))


def logical_and(x1: Any, x2: Any) -> np.ndarray:
    return np.logical_and(convert_to_tensor(x1), convert_to_tensor(x2))


def logical_or(x1: Any, x2: Any) -> np.ndarray:
    return np.logical_or(convert_to_tensor(x1), convert_to_tensor(x2))


def logical_xor(x1: Any, x2: Any) -> np.ndarray:
    return np.logical_xor(convert_to_tensor(x1), convert_to_tensor(x2))


def logical_not(x: Any) -> np.ndarray:
    return np.logical_not(convert_to_tensor(x))


def bitwise_and(x: Any, y: Any) -> np.ndarray:
    x, y = promote(x, y)
    return np.bitwise_and(x, y)


def bitwise_or(x: Any, y: Any) -> np.ndarray:
    x, y = promote(x, y)
    return np.bitwise_or(x, y)


def bitwise_xor(x: Any, y: Any) -> np.ndarray:
    x, y = promote(x, y)
    return np.bitwise_xor(x, y)


def bitwise_not(x: Any) -> np.ndarray:
    x = convert_to_tensor(x)
    return np.invert(x)


def bitwise_invert(x: Any) -> np.ndarray:
    x = convert_to_tensor(x)
    return np.invert(x)
