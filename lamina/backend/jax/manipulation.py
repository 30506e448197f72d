"""JAX backend: shape manipulation, joining, splitting, tiling and padding."""

from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from lamina.backend.jax.core import convert_to_tensor, promote


def _axis(axis: Any) -> Any:
    return tuple(axis) if isinstance(axis, list) else axis


def reshape(x: Any, newshape: Any) -> jax.Array:
    return jnp.reshape(convert_to_tensor(x), newshape)


def transpose(x: Any, axes: Any = None) -> jax.Array:
    return jnp.transpose(convert_to_tensor(x), axes)


def moveaxis(x: Any, source: Any, destination: Any) -> jax.Array:
    return jnp.moveaxis(convert_to_tensor(x), source, destination)


def swapaxes(x: Any, axis1: int, axis2: int) -> jax.Array:
    return jnp.swapaxes(convert_to_tensor(x), axis1, axis2)


def expand_dims(x: Any, axis: Any) -> jax.Array:
    return jnp.expand_dims(convert_to_tensor(x), _axis(axis))


def squeeze(x: Any, axis: Any = None) -> jax.Array:
    return jnp.squeeze(convert_to_tensor(x), _axis(axis))


def broadcast_to(x: Any, shape: tuple[int, ...]) -> jax.Array:
    return jnp.broadcast_to(convert_to_tensor(x), shape)


def ravel(x: Any) -> jax.Array:
    return jnp.ravel(convert_to_tensor(x))


def flip(x: Any, axis: Any = None) -> jax.Array:
    return jnp.flip(convert_to_tensor(x), _axis(axis))


def roll(x: Any, shift: Any, axis: Any = None) -> jax.Array:
    return jnp.roll(convert_to_tensor(x), shift, _axis(axis))


def copy(x: Any) -> jax.Array:
    return jnp.array(convert_to_tensor(x), copy=True)


def concatenate(xs: Any, axis: int = 0) -> jax.Array:
    return jnp.concatenate(promote(*xs), axis=axis)


def stack(x: Any, axis: int = 0) -> jax.Array:
    return jnp.stack(promote(*x), axis=axis)


def hstack(xs: Any) -> jax.Array:
    return jnp.hstack(promote(*xs))


def vstack(xs: Any) -> jax.Array:
    return jnp.vstack(promote(*xs))


def _split_points(x: jax.Array, indices_or_sections: Any, axis: int) -> Any:
    if isinstance(indices_or_sections, int):
        if indices_or_sections <= 0:
            raise ValueError("the number of sections must be > 0")
        return indices_or_sections
    # NumPy clips indices to the axis and counts negative ones from the end; jnp rejects them.
    size = x.shape[axis]
    points = np.clip([i + size if i < 0 else i for i in indices_or_sections], 0, size)
    return np.maximum.accumulate(points).tolist() if len(points) else []


def split(x: Any, indices_or_sections: Any, axis: int = 0) -> list[jax.Array]:
    x = convert_to_tensor(x)
    return jnp.split(x, _split_points(x, indices_or_sections, axis), axis=axis)


def array_split(x: Any, indices_or_sections: Any, axis: int = 0) -> list[jax.Array]:
    x = convert_to_tensor(x)
    return jnp.array_split(x, _split_points(x, indices_or_sections, axis), axis=axis)


def tile(x: Any, repeats: Any) -> jax.Array:
    if any(r < 0 for r in np.atleast_1d(repeats)):
        raise ValueError("repeats must be >= 0")
    return jnp.tile(convert_to_tensor(x), repeats)


def repeat(x: Any, repeats: Any, axis: Any = None) -> jax.Array:
    if isinstance(repeats, (list, tuple)):
        repeats = np.asarray(repeats)
    return jnp.repeat(convert_to_tensor(x), repeats, axis=axis)


def pad(x: Any, pad_width: Any, mode: str = "constant", constant_values: Any = None) -> jax.Array:
    x = convert_to_tensor(x)
    widths = np.broadcast_to(np.asarray(pad_width, dtype=np.int64), (x.ndim, 2)).tolist()
    if mode == "constant":
        value = 0 if constant_values is None else constant_values
        return jnp.pad(x, widths, mode="constant", constant_values=jnp.asarray(value, x.dtype))
    return jnp.pad(x, widths, mode=mode)
