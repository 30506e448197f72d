"""JAX backend: image ops (resize, affine_transform, map_coordinates).

Resizing is `jax.image.resize` (whose conventions the other backends reproduce), except "area",
which older jax versions lack: it contracts each spatial axis with the weight matrix of
`common.image_sampling`. Sampling is `jax.scipy.ndimage.map_coordinates`, vmapped over the batch
and channels for `affine_transform`. Integer images compute in float32 and are rounded back
(half away from zero); float16/bfloat16 compute in float32 and are cast back.
"""

from __future__ import annotations

import functools
from typing import Any

import jax
import jax.numpy as jnp

from lamina.backend.common.config import standardize_data_format
from lamina.backend.common.image_sampling import (
    check_fill_mode,
    check_images,
    check_resize_interpolation,
    resize_weights,
)
from lamina.backend.jax.core import convert_to_tensor


def _spatial_axes(ndim: int, data_format: str) -> tuple[int, int]:
    return (ndim - 3, ndim - 2) if data_format == "channels_last" else (ndim - 2, ndim - 1)


def _compute_dtype(*dtypes: Any) -> Any:
    return jnp.float64 if any(d == jnp.float64 for d in dtypes) else jnp.float32


def _cast_back(x: jax.Array, dtype: Any) -> jax.Array:
    if (jnp.issubdtype(dtype, jnp.integer) or dtype == jnp.bool_) and jnp.issubdtype(
        x.dtype, jnp.floating
    ):
        x = jax.lax.round(x)  # half away from zero (jnp.round goes to even)
        if jnp.issubdtype(dtype, jnp.integer):
            info = jnp.iinfo(dtype)
            x = jnp.clip(x, info.min, info.max)
    return x.astype(dtype)


def resize(
    images: Any,
    size: Any,
    interpolation: str = "bilinear",
    antialias: bool = False,
    data_format: str | None = None,
) -> jax.Array:
    data_format = standardize_data_format(data_format)
    interpolation = check_resize_interpolation("resize", interpolation)
    x = convert_to_tensor(images)
    check_images("resize", x)
    axes = _spatial_axes(x.ndim, data_format)
    shape = list(x.shape)
    for axis, length in zip(axes, size):
        shape[axis] = int(length)
    if interpolation == "nearest":
        return jax.image.resize(x, tuple(shape), "nearest")
    dtype = x.dtype
    x = x.astype(_compute_dtype(dtype))
    if interpolation == "area":
        for axis in axes:
            weights = resize_weights(x.shape[axis], shape[axis], "area", False)
            if weights is not None:
                moved = jnp.moveaxis(x, axis, -1)
                x = jnp.moveaxis(moved @ jnp.asarray(weights.T, dtype=x.dtype), -1, axis)
        return _cast_back(x, dtype)
    result = jax.image.resize(
        x,
        tuple(shape),
        interpolation,
        antialias=bool(antialias),
        precision=jax.lax.Precision.HIGHEST,
    )
    return _cast_back(result, dtype)


def map_coordinates(
    inputs: Any, coordinates: Any, order: int, fill_mode: str = "constant", fill_value: Any = 0
) -> jax.Array:
    fill_mode = check_fill_mode("map_coordinates", fill_mode)
    x = convert_to_tensor(inputs)
    coords = [convert_to_tensor(c) for c in coordinates]
    if len(coords) != x.ndim:
        raise ValueError(
            f"map_coordinates: coordinates must hold one array per input axis ({x.ndim}), "
            f"received {len(coords)}."
        )
    if order not in (0, 1):
        raise ValueError(f"map_coordinates: order must be 0 or 1, received {order!r}.")
    return _map(x, coords, int(order), fill_mode, fill_value)


def _map(x: jax.Array, coords: list[jax.Array], order: int, mode: str, cval: Any) -> jax.Array:
    dtype = x.dtype
    compute = _compute_dtype(dtype, *(c.dtype for c in coords))
    blends_ints = order == 1 and not jnp.issubdtype(dtype, jnp.floating)
    if blends_ints or dtype in (jnp.float16, jnp.bfloat16):
        x = x.astype(compute)
    coords = [c.astype(compute) for c in coords]
    result = jax.scipy.ndimage.map_coordinates(x, coords, order, mode, cval)
    return _cast_back(result, dtype)


def affine_transform(
    images: Any,
    transform: Any,
    interpolation: str = "bilinear",
    fill_mode: str = "constant",
    fill_value: Any = 0,
    data_format: str | None = None,
) -> jax.Array:
    data_format = standardize_data_format(data_format)
    orders = {"nearest": 0, "bilinear": 1}
    if interpolation not in orders:
        raise ValueError(
            "affine_transform: interpolation must be 'nearest' or 'bilinear', "
            f"received {interpolation!r}."
        )
    fill_mode = check_fill_mode("affine_transform", fill_mode)
    x = convert_to_tensor(images)
    check_images("affine_transform", x)
    batched = x.ndim == 4
    if not batched:
        x = x[None]
    if data_format == "channels_first":
        x = jnp.moveaxis(x, 1, -1)
    transform = convert_to_tensor(transform)
    result = _affine_last(x, transform, orders[interpolation], fill_mode, float(fill_value))
    if data_format == "channels_first":
        result = jnp.moveaxis(result, -1, 1)
    return result if batched else result[0]


@functools.partial(jax.jit, static_argnums=(2, 3, 4))
def _affine_last(
    x: jax.Array, transform: jax.Array, order: int, fill_mode: str, fill_value: float
) -> jax.Array:
    """affine_transform of a channels_last batch, compiled once per shape and setting."""
    batch, height, width, _ = x.shape
    compute = _compute_dtype(x.dtype, transform.dtype)
    rows, cols = _source_coordinates(transform.astype(compute), height, width)
    rows = jnp.broadcast_to(rows, (batch, height, width))
    cols = jnp.broadcast_to(cols, (batch, height, width))

    def sample(channel: jax.Array, r: jax.Array, c: jax.Array) -> jax.Array:
        return _map(channel, [r, c], order, fill_mode, fill_value)

    per_channel = jax.vmap(sample, in_axes=(-1, None, None), out_axes=-1)
    return jax.vmap(per_channel)(x, rows, cols)


def _source_coordinates(
    transform: jax.Array, height: int, width: int
) -> tuple[jax.Array, jax.Array]:
    """Input (row, col) sampled by each output pixel: `(batch or 1, height, width)` each."""
    transform = transform.reshape(-1, 8)[:, :, None, None]
    y = jnp.arange(height, dtype=transform.dtype)[:, None]
    x = jnp.arange(width, dtype=transform.dtype)[None, :]
    a0, a1, a2, b0, b1, b2, c0, c1 = (transform[:, i] for i in range(8))
    k = c0 * x + c1 * y + 1.0
    return (b0 * x + b1 * y + b2) / k, (a0 * x + a1 * y + a2) / k
