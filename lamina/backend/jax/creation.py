"""JAX backend: creation ops."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

try:  # Whether no jax trace is active; a private helper, so its absence only costs speed.
    from jax._src.core import trace_state_clean as _jax_trace_state_clean

    _TRACE_STATE_CLEAN: Any = _jax_trace_state_clean
except ImportError:  # pragma: no cover - depends on the jax version
    _TRACE_STATE_CLEAN = None

from lamina.backend.common import dtypes
from lamina.backend.jax.core import _weak_dtype, convert_to_tensor, to_engine_dtype


def _like_dtype(x: jax.Array, dtype: Any) -> Any:
    return x.dtype if dtype is None else to_engine_dtype(dtype)


def zeros(shape: Any, dtype: Any = None) -> jax.Array:
    return _filled(shape, 0, dtype)


def ones(shape: Any, dtype: Any = None) -> jax.Array:
    return _filled(shape, 1, dtype)


def _filled(shape: Any, value: int, dtype: Any) -> jax.Array:
    engine_dtype = to_engine_dtype(dtype)
    if _trace_state_clean() and all(isinstance(d, int) for d in _as_tuple(shape)):
        return _eager_filled(_as_tuple(shape), value, engine_dtype)
    return jnp.full(shape, value, dtype=engine_dtype)


# Eager fills: jnp.full compiles once per new shape (every bias and every optimizer slot of a
# new model would pay ~0.1 s), so a fill is built in NumPy and moved (~0.1 ms). A shape asked
# for again and again (metric resets each epoch or train_on_batch) gets a compiled fill
# (~10 µs a call; each call returns a new buffer).
_fill_requests: dict[tuple, int] = {}
_compiled_fills: dict[tuple, Callable] = {}
_COMPILE_AFTER = 3
_MAX_COMPILED_FILLS = 256


def _eager_filled(shape: tuple, value: int, engine_dtype: Any) -> jax.Array:
    key = (shape, value, engine_dtype)
    compiled = _compiled_fills.get(key)
    if compiled is not None:
        return compiled()
    requests = _fill_requests.get(key, 0) + 1
    if requests >= _COMPILE_AFTER and len(_compiled_fills) < _MAX_COMPILED_FILLS:
        compiled = jax.jit(functools.partial(jnp.full, shape, value, engine_dtype))
        _compiled_fills[key] = compiled
        return compiled()
    if len(_fill_requests) > 4 * _MAX_COMPILED_FILLS:
        _fill_requests.clear()
    _fill_requests[key] = requests
    return jax.device_put(np.full(shape, value, dtype=np.dtype(engine_dtype)))


def _trace_state_clean() -> bool:
    return _TRACE_STATE_CLEAN is not None and _TRACE_STATE_CLEAN()


def _as_tuple(shape: Any) -> tuple:
    return tuple(shape) if isinstance(shape, (list, tuple)) else (shape,)


def full(shape: Any, fill_value: Any, dtype: Any = None) -> jax.Array:
    dtype = to_engine_dtype(dtype)
    return jnp.full(shape, convert_to_tensor(fill_value, dtype), dtype=dtype)


def zeros_like(x: Any, dtype: Any = None) -> jax.Array:
    x = convert_to_tensor(x)
    return jnp.zeros_like(x, dtype=_like_dtype(x, dtype))


def ones_like(x: Any, dtype: Any = None) -> jax.Array:
    x = convert_to_tensor(x)
    return jnp.ones_like(x, dtype=_like_dtype(x, dtype))


def full_like(x: Any, fill_value: Any, dtype: Any = None) -> jax.Array:
    x = convert_to_tensor(x)
    dtype = _like_dtype(x, dtype)
    return jnp.full(x.shape, convert_to_tensor(fill_value, dtype), dtype=dtype)


def empty(shape: Any, dtype: Any = None) -> jax.Array:
    return jnp.empty(shape, dtype=to_engine_dtype(dtype))


def identity(n: int, dtype: Any = None) -> jax.Array:
    return jnp.eye(n, dtype=to_engine_dtype(dtype))


def eye(N: int, M: int | None = None, k: int = 0, dtype: Any = None) -> jax.Array:  # noqa: N803
    return jnp.eye(N, M, k=k, dtype=to_engine_dtype(dtype))


def tri(N: int, M: int | None = None, k: int = 0, dtype: Any = None) -> jax.Array:  # noqa: N803
    return jnp.tri(N, M, k=k, dtype=to_engine_dtype(dtype))


def tril(x: Any, k: int = 0) -> jax.Array:
    return jnp.tril(convert_to_tensor(x), k=k)


def triu(x: Any, k: int = 0) -> jax.Array:
    return jnp.triu(convert_to_tensor(x), k=k)


def arange(start: Any, stop: Any = None, step: Any = 1, dtype: Any = None) -> jax.Array:
    if dtype is None:
        dtype = dtypes.result_type(*(_weak_dtype(v) for v in (start, stop, step) if v is not None))
    if stop is None:
        start, stop = 0, start
    return jnp.arange(start, stop, step, dtype=to_engine_dtype(dtype))


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
    start = convert_to_tensor(start, "float64")
    stop = convert_to_tensor(stop, "float64")
    samples, step = jnp.linspace(start, stop, num, endpoint=endpoint, retstep=True, axis=axis)
    if dtypes.is_int_dtype(dtype):
        samples = jnp.floor(samples)
    samples = samples.astype(engine_dtype)
    return (samples, jnp.asarray(step, engine_dtype)) if retstep else samples
