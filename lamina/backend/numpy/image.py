"""NumPy backend: image ops (resize, affine_transform, map_coordinates), the plain reference.

Resizing contracts each spatial axis with the weight matrix of `common.image_sampling` (one
matmul per axis); "nearest" is a gather. Sampling at arbitrary coordinates gathers the one
(order 0) or two (order 1) taps per axis, fixes out-of-range indices per `fill_mode` and blends
them. Integer images compute in float32 and are rounded back (half away from zero, as
`jax.scipy.ndimage` does); float16/bfloat16 compute in float32 and are cast back.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from lamina.backend.common.config import standardize_data_format
from lamina.backend.common.image_sampling import (
    affine_order,
    check_coordinates,
    check_fill_mode,
    check_images,
    check_resize_interpolation,
    expand_like,
    fix_index,
    nearest_indices,
    resize_weights,
)
from lamina.backend.numpy.core import convert_to_tensor


def _to_batched_last(x: np.ndarray, data_format: str) -> tuple[np.ndarray, bool]:
    batched = x.ndim == 4
    if not batched:
        x = x[None]
    if data_format == "channels_first":
        x = np.moveaxis(x, 1, -1)
    return x, batched


def _from_batched_last(x: np.ndarray, batched: bool, data_format: str) -> np.ndarray:
    if data_format == "channels_first":
        x = np.moveaxis(x, -1, 1)
    return x if batched else x[0]


def _compute_dtype(dtype: np.dtype, *others: np.dtype) -> np.dtype:
    wide = any(d == np.float64 for d in (dtype, *others))
    return np.dtype("float64") if wide else np.dtype("float32")


def _cast_back(x: np.ndarray, dtype: np.dtype) -> np.ndarray:
    if dtype.kind in "iub":
        x = _round_half_away(x)
        if dtype.kind in "iu":
            info = np.iinfo(dtype)
            x = np.clip(x, info.min, info.max)
    return x.astype(dtype, copy=False)


def _round_half_away(x: np.ndarray) -> np.ndarray:
    whole = np.trunc(x)
    return np.where(np.abs(x - whole) == 0.5, whole + np.sign(x), np.round(x))


def resize(
    images: Any,
    size: Any,
    interpolation: str = "bilinear",
    antialias: bool = False,
    data_format: str | None = None,
) -> np.ndarray:
    data_format = standardize_data_format(data_format)
    interpolation = check_resize_interpolation("resize", interpolation)
    x = convert_to_tensor(images)
    check_images("resize", x)
    x, batched = _to_batched_last(x, data_format)
    batch, height, width, channels = x.shape
    out_height, out_width = (int(s) for s in size)
    if interpolation == "nearest":
        result = x[:, nearest_indices(height, out_height)][:, :, nearest_indices(width, out_width)]
        return _from_batched_last(result, batched, data_format)
    compute = _compute_dtype(x.dtype)
    result = x.astype(compute)
    rows = resize_weights(height, out_height, interpolation, bool(antialias))
    if rows is not None:
        flat = result.reshape(batch, height, width * channels)
        result = np.matmul(rows.astype(compute), flat).reshape(batch, out_height, width, channels)
    cols = resize_weights(width, out_width, interpolation, bool(antialias))
    if cols is not None:
        flat = result.reshape(batch * out_height, width, channels)
        result = np.matmul(cols.astype(compute), flat)
        result = result.reshape(batch, out_height, out_width, channels)
    return _from_batched_last(_cast_back(result, x.dtype), batched, data_format)


def _taps(coordinate: np.ndarray, order: int) -> list[tuple[np.ndarray, Any]]:
    """The (integer index, weight) pairs that interpolate at `coordinate` along one axis."""
    if order == 0:
        return [(_round_half_away(coordinate).astype(np.int64), None)]
    lower = np.floor(coordinate)
    upper_weight = coordinate - lower
    index = lower.astype(np.int64)
    return [(index, 1.0 - upper_weight), (index + 1, upper_weight)]


def _blend(
    gather: Any,
    taps: list[list[tuple[np.ndarray, Any]]],
    sizes: tuple[int, ...],
    fill_mode: str,
    fill_value: Any,
    compute: np.dtype,
) -> np.ndarray:
    """Sums weight * `gather(fixed indices)` over every combination of per-axis taps."""
    result: Any = None
    for combination in itertools.product(*taps):
        indices = [fix_index(index, n, fill_mode) for (index, _), n in zip(combination, sizes)]
        value = gather(indices)
        if fill_mode == "constant":
            inside = np.logical_and.reduce(
                [(index >= 0) & (index < n) for (index, _), n in zip(combination, sizes)]
            )
            value = np.where(expand_like(inside, value), value, fill_value)
        weights = [w for _, w in combination if w is not None]
        if weights:
            value = expand_like(np.prod(weights, axis=0), value) * value.astype(compute)
        result = value if result is None else result + value
    return result


def map_coordinates(
    inputs: Any, coordinates: Any, order: int, fill_mode: str = "constant", fill_value: Any = 0
) -> np.ndarray:
    fill_mode = check_fill_mode("map_coordinates", fill_mode)
    x = convert_to_tensor(inputs)
    coords = [np.asarray(convert_to_tensor(c)) for c in coordinates]
    check_coordinates(x, coords, order)
    compute = _compute_dtype(x.dtype, *(c.dtype for c in coords))
    taps = [_taps(c.astype(compute), order) for c in coords]
    fill = np.asarray(fill_value).astype(x.dtype)
    result = _blend(lambda idx: x[tuple(idx)], taps, x.shape, fill_mode, fill, compute)
    return _cast_back(np.asarray(result), x.dtype)


def affine_transform(
    images: Any,
    transform: Any,
    interpolation: str = "bilinear",
    fill_mode: str = "constant",
    fill_value: Any = 0,
    data_format: str | None = None,
) -> np.ndarray:
    data_format = standardize_data_format(data_format)
    order = affine_order(interpolation)
    fill_mode = check_fill_mode("affine_transform", fill_mode)
    x = convert_to_tensor(images)
    check_images("affine_transform", x)
    x, batched = _to_batched_last(x, data_format)
    batch, height, width, channels = x.shape
    transform = np.asarray(convert_to_tensor(transform))
    compute = _compute_dtype(x.dtype, transform.dtype)
    rows, cols = _source_coordinates(transform.astype(compute), height, width)
    rows = np.broadcast_to(rows, (batch, height, width))
    cols = np.broadcast_to(cols, (batch, height, width))
    flat = x.reshape(batch, height * width, channels)
    batch_index = np.arange(batch)[:, None, None]

    def gather(indices: list[np.ndarray]) -> np.ndarray:
        return flat[batch_index, indices[0] * width + indices[1]]

    taps = [_taps(rows, order), _taps(cols, order)]
    fill = np.asarray(fill_value).astype(x.dtype)
    result = _blend(gather, taps, (height, width), fill_mode, fill, compute)
    return _from_batched_last(_cast_back(result, x.dtype), batched, data_format)


def _source_coordinates(
    transform: np.ndarray, height: int, width: int
) -> tuple[np.ndarray, np.ndarray]:
    """Input (row, col) sampled by each output pixel: `(batch or 1, height, width)` each."""
    transform = transform.reshape(-1, 8)[:, :, None, None]
    y = np.arange(height, dtype=transform.dtype)[:, None]
    x = np.arange(width, dtype=transform.dtype)[None, :]
    a0, a1, a2, b0, b1, b2, c0, c1 = (transform[:, i] for i in range(8))
    k = c0 * x + c1 * y + 1.0
    return (b0 * x + b1 * y + b2) / k, (a0 * x + a1 * y + a2) / k
