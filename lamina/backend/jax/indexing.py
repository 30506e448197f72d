"""JAX backend: gathers, selection, sorting and `x[key]`."""

from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from lamina.backend.common.variables import Variable
from lamina.backend.jax.core import convert_to_tensor, promote


def _bool(x: Any) -> jax.Array:
    x = convert_to_tensor(x)
    return x if x.dtype == jnp.bool_ else x != 0


def take(x: Any, indices: Any, axis: Any = None) -> jax.Array:
    return jnp.take(convert_to_tensor(x), convert_to_tensor(indices), axis=axis)


def take_along_axis(x: Any, indices: Any, axis: Any = None) -> jax.Array:
    x = convert_to_tensor(x)
    return jnp.take_along_axis(x, convert_to_tensor(indices), axis=axis)


def where(condition: Any, x1: Any = None, x2: Any = None) -> jax.Array:
    x1, x2 = promote(x1, x2)
    return jnp.where(_bool(condition), x1, x2)


def select(condlist: Any, choicelist: Any, default: Any = 0) -> jax.Array:
    *choices, default = promote(*choicelist, default)
    conditions = [_bool(c) for c in condlist]
    shape = jnp.broadcast_shapes(*(c.shape for c in (*conditions, *choices, default)))
    conditions = [jnp.broadcast_to(c, shape) for c in conditions]
    choices = [jnp.broadcast_to(c, shape) for c in choices]
    return jnp.select(conditions, choices, jnp.broadcast_to(default, shape))


def sort(x: Any, axis: Any = -1) -> jax.Array:
    return jnp.sort(convert_to_tensor(x), axis=axis)


def argsort(x: Any, axis: Any = -1) -> jax.Array:
    return jnp.argsort(convert_to_tensor(x), axis=axis, stable=True).astype(jnp.int32)


def searchsorted(sorted_sequence: Any, values: Any, side: str = "left") -> jax.Array:
    sorted_sequence, values = promote(sorted_sequence, values)
    return jnp.searchsorted(sorted_sequence, values, side=side).astype(jnp.int32)


def _key_entry(entry: Any) -> Any:
    if isinstance(entry, Variable):
        return entry.value
    if isinstance(entry, list):
        return np.asarray(entry)
    return entry


def get_item(x: Any, key: Any) -> jax.Array:
    x = convert_to_tensor(x)
    if isinstance(key, tuple):
        key = tuple(_key_entry(entry) for entry in key)
        _check_int_bounds(x, key)
    else:
        key = _key_entry(key)
        _check_int_bounds(x, (key,))
    return x[key]


def _check_int_bounds(x: jax.Array, entries: tuple) -> None:
    # JAX clamps out-of-bounds indices silently; NumPy and torch raise, so lamina does too.
    if not any(type(e) is int for e in entries):
        return
    used = sum(_axes_used(e) for e in entries)
    axis = 0
    for entry in entries:
        if entry is Ellipsis:
            axis += x.ndim - used
            continue
        if type(entry) is int and axis < x.ndim and not -x.shape[axis] <= entry < x.shape[axis]:
            raise IndexError(f"index {entry} is out of bounds for axis {axis}")
        axis += _axes_used(entry)


def _axes_used(entry: Any) -> int:
    if entry is None or entry is Ellipsis:
        return 0
    if getattr(entry, "dtype", None) == np.bool_:
        return entry.ndim
    return 1
