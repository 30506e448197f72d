"""NumPy backend: reductions."""

from __future__ import annotations

import builtins
from typing import Any

import numpy as np

from lamina.backend.common import dtypes
from lamina.backend.common.config import floatx
from lamina.backend.numpy.core import convert_to_tensor, to_engine_dtype

_SUM_UPCAST = {
    "bool": "int32",
    "int8": "int32",
    "int16": "int32",
    "uint8": "uint32",
    "uint16": "uint32",
}


def _axis(axis: Any) -> Any:
    return tuple(axis) if isinstance(axis, list) else axis


def _float(x: Any) -> np.ndarray:
    x = convert_to_tensor(x)
    if dtypes.standardize_dtype(x.dtype) in dtypes.FLOAT_TYPES:
        return x
    return x.astype(to_engine_dtype(floatx()))


def sum(x: Any, axis: Any = None, keepdims: bool = False) -> np.ndarray:  # noqa: A001
    x = convert_to_tensor(x)
    dtype = _SUM_UPCAST.get(x.dtype.name, x.dtype)
    return np.asarray(np.sum(x, axis=_axis(axis), keepdims=keepdims, dtype=dtype))


def mean(x: Any, axis: Any = None, keepdims: bool = False) -> np.ndarray:
    x = _float(x)
    return np.asarray(np.mean(x, axis=_axis(axis), keepdims=keepdims), dtype=x.dtype)


def max(x: Any, axis: Any = None, keepdims: bool = False, initial: Any = None) -> np.ndarray:  # noqa: A001
    x = convert_to_tensor(x)
    if initial is None:
        return np.asarray(np.max(x, axis=_axis(axis), keepdims=keepdims))
    return np.asarray(np.max(x, axis=_axis(axis), keepdims=keepdims, initial=initial))


def min(x: Any, axis: Any = None, keepdims: bool = False, initial: Any = None) -> np.ndarray:  # noqa: A001
    x = convert_to_tensor(x)
    if initial is None:
        return np.asarray(np.min(x, axis=_axis(axis), keepdims=keepdims))
    return np.asarray(np.min(x, axis=_axis(axis), keepdims=keepdims, initial=initial))


def prod(x: Any, axis: Any = None, keepdims: bool = False, dtype: Any = None) -> np.ndarray:
    x = convert_to_tensor(x)
    if dtype is None:
        engine_dtype = _SUM_UPCAST.get(x.dtype.name, x.dtype)
    else:
        engine_dtype = to_engine_dtype(dtype)
    return np.asarray(np.prod(x, axis=_axis(axis), keepdims=keepdims, dtype=engine_dtype))


def std(x: Any, axis: Any = None, keepdims: bool = False) -> np.ndarray:
    x = _float(x)
    return np.asarray(np.std(x, axis=_axis(axis), keepdims=keepdims), dtype=x.dtype)


def var(x: Any, axis: Any = None, keepdims: bool = False) -> np.ndarray:
    x = _float(x)
    return np.asarray(np.var(x, axis=_axis(axis), keepdims=keepdims), dtype=x.dtype)


def all(x: Any, axis: Any = None, keepdims: bool = False) -> np.ndarray:  # noqa: A001
    return np.asarray(np.all(convert_to_tensor(x), axis=_axis(axis), keepdims=keepdims))


def any(x: Any, axis: Any = None, keepdims: bool = False) -> np.ndarray:  # noqa: A001
    return np.asarray(np.any(convert_to_tensor(x), axis=_axis(axis), keepdims=keepdims))


def argmax(x: Any, axis: Any = None, keepdims: bool = False) -> np.ndarray:
    result = np.argmax(convert_to_tensor(x), axis=axis, keepdims=keepdims)
    return np.asarray(result, dtype=np.int32)


def argmin(x: Any, axis: Any = None, keepdims: bool = False) -> np.ndarray:
    result = np.argmin(convert_to_tensor(x), axis=axis, keepdims=keepdims)
    return np.asarray(result, dtype=np.int32)


def _scan_dtype(x: np.ndarray, dtype: Any) -> Any:
    if dtype is None:
        return _SUM_UPCAST.get(x.dtype.name, x.dtype)
    return to_engine_dtype(dtype)


def cumsum(x: Any, axis: Any = None, dtype: Any = None) -> np.ndarray:
    x = convert_to_tensor(x)
    return np.cumsum(x, axis=axis, dtype=_scan_dtype(x, dtype))


def cumprod(x: Any, axis: Any = None, dtype: Any = None) -> np.ndarray:
    x = convert_to_tensor(x)
    return np.cumprod(x, axis=axis, dtype=_scan_dtype(x, dtype))


def count_nonzero(x: Any, axis: Any = None) -> np.ndarray:
    result = np.count_nonzero(convert_to_tensor(x), axis=_axis(axis))
    return np.asarray(result, dtype=np.int32)


def median(x: Any, axis: Any = None, keepdims: bool = False) -> np.ndarray:
    x = _float(x)
    axes = range(x.ndim) if axis is None else np.atleast_1d(axis)
    if builtins.any(x.shape[a] == 0 for a in axes):  # NumPy would only warn and return NaN.
        raise ValueError("cannot take the median of an empty axis")
    return np.asarray(np.median(x, axis=_axis(axis), keepdims=keepdims), dtype=x.dtype)


def average(x: Any, axis: Any = None, weights: Any = None) -> np.ndarray:
    x = convert_to_tensor(x)
    if weights is None:
        return mean(x, axis=axis)
    weights = convert_to_tensor(weights)
    dtype = dtypes.result_type(x.dtype, weights.dtype, float)
    x = x.astype(to_engine_dtype(dtype))
    weights = weights.astype(x.dtype)
    if weights.ndim == 1 and x.ndim != 1:
        shape = [1] * x.ndim
        shape[axis] = weights.shape[0]
        weights = weights.reshape(shape)
    total = np.sum(x * weights, axis=axis)
    return np.asarray(total / np.sum(np.broadcast_to(weights, x.shape), axis=axis), dtype=x.dtype)
