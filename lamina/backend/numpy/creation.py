"""NumPy backend: creation ops."""

from __future__ import annotations

from typing import Any

import numpy as np

from lamina.backend.common import dtypes
from lamina.backend.numpy.core import _weak_dtype, convert_to_tensor, to_engine_dtype


def _like_dtype(x: np.ndarray, dtype: Any) -> np.dtype:
    return x.dtype if dtype is None else to_engine_dtype(dtype)


def zeros(shape: Any, dtype: Any = None) -> np.ndarray:
    return np.zeros(shape, dtype=to_engine_dtype(dtype))


def ones(shape: Any, dtype: Any = None) -> np.ndarray:
    return np.ones(shape, dtype=to_engine_dtype(dtype))


def full(shape: Any, fill_value: Any, dtype: Any = None) -> np.ndarray:
    dtype = to_engine_dtype(dtype)
    return np.full(shape, convert_to_tensor(fill_value, dtype), dtype=dtype)


def zeros_like(x: Any, dtype: Any = None) -> np.ndarray:
    x = convert_to_tensor(x)
    return np.zeros_like(x, dtype=_like_dtype(x, dtype))


def ones_like(x: Any, dtype: Any = None) -> np.ndarray:
    x = convert_to_tensor(x)
    return np.ones_like(x, dtype=_like_dtype(x, dtype))


def full_like(x: Any, fill_value: Any, dtype: Any = None) -> np.ndarray:
    x = convert_to_tensor(x)
    dtype = _like_dtype(x, dtype)
    return np.full(x.shape, convert_to_tensor(fill_value, dtype), dtype=dtype)


def empty(shape: Any, dtype: Any = None) -> np.ndarray:
    return np.empty(shape, dtype=to_engine_dtype(dtype))


def identity(n: int, dtype: Any = None) -> np.ndarray:
    return np.eye(n, dtype=to_engine_dtype(dtype))


def eye(N: int, M: int | None = None, k: int = 0, dtype: Any = None) -> np.ndarray:  # noqa: N803
    return np.eye(N, M, k=k, dtype=to_engine_dtype(dtype))


def tri(N: int, M: int | None = None, k: int = 0, dtype: Any = None) -> np.ndarray:  # noqa: N803
    return np.tri(N, M, k=k, dtype=to_engine_dtype(dtype))


def tril(x: Any, k: int = 0) -> np.ndarray:
    return np.tril(convert_to_tensor(x), k=k)


def triu(x: Any, k: int = 0) -> np.ndarray:
    return np.triu(convert_to_tensor(x), k=k)


def arange(start: Any, stop: Any = None, step: Any = 1, dtype: Any = None) -> np.ndarray:
    if dtype is None:
        dtype = dtypes.result_type(*(_weak_dtype(v) for v in (start, stop, step) if v is not None))
    if stop is None:
        start, stop = 0, start
    return np.arange(start, stop, step, dtype=to_engine_dtype(dtype))


def linspace(
    start: Any,
    stop: Any,
    num: int = 50,
    endpoint: bool = True,
    retstep: bool = False,
    dtype: Any = None,
    axis: int = 0,
) -> Any:
    if dtype is None:
        dtype = dtypes.result_type(_weak_dtype(start), _weak_dtype(stop), float)
    engine_dtype = to_engine_dtype(dtype)
    start = convert_to_tensor(start).astype(np.float64)
    stop = convert_to_tensor(stop).astype(np.float64)
    samples, step = np.linspace(start, stop, num, endpoint=endpoint, retstep=True, axis=axis)
    if dtypes.is_int_dtype(dtype):
        samples = np.floor(samples)
    samples = samples.astype(engine_dtype)
    return (samples, np.asarray(step, engine_dtype)) if retstep else samples
