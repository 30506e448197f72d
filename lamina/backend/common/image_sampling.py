"""Host-side arithmetic shared by the image ops of every backend: resize weights and indices,
and the out-of-bounds index rules of `map_coordinates` / `affine_transform`.

Resizing follows `jax.image.resize` (TensorFlow 2's convention): output pixel `i` samples the
input at `(i + 0.5) * in / out - 0.5` (half-pixel centers); the kernel is evaluated at every
input pixel and the weights are normalized over the pixels inside the image, so the edges are
never darkened. With `antialias`, downsampling widens the kernel by `in / out` (a low-pass
filter). The weights are small `(out, in)` matrices, computed once per size pair and cached.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

RESIZE_INTERPOLATIONS = ("nearest", "bilinear", "bicubic", "lanczos3", "lanczos5", "area")
FILL_MODES = ("constant", "nearest", "wrap", "mirror", "reflect")
# Weights whose column sum is below this are treated as all-zero (as jax.image does).
_MIN_WEIGHT_SUM = 1000.0 * float(np.finfo(np.float32).eps)


def check_resize_interpolation(op_name: str, interpolation: Any) -> str:
    if interpolation not in RESIZE_INTERPOLATIONS:
        raise ValueError(
            f"{op_name}: interpolation must be one of {RESIZE_INTERPOLATIONS}, "
            f"received {interpolation!r}."
        )
    return str(interpolation)


def check_fill_mode(op_name: str, fill_mode: Any) -> str:
    if fill_mode not in FILL_MODES:
        raise ValueError(
            f"{op_name}: fill_mode must be one of {FILL_MODES}, received {fill_mode!r}."
        )
    return str(fill_mode)


def _triangle(x: np.ndarray) -> np.ndarray:
    return np.maximum(0.0, 1.0 - x)


def _keys_cubic(x: np.ndarray) -> np.ndarray:
    # Keys' cubic convolution kernel with a = -0.5 (TensorFlow, Pillow and jax.image's choice).
    near = ((1.5 * x - 2.5) * x) * x + 1.0
    far = ((-0.5 * x + 2.5) * x - 4.0) * x + 2.0
    return np.where(x >= 2.0, 0.0, np.where(x >= 1.0, far, near))


def _lanczos(radius: int):  # noqa: ANN202 - returns a kernel function
    def kernel(x: np.ndarray) -> np.ndarray:
        safe = np.where(x > 1e-3, x, 1.0)
        value = radius * np.sin(np.pi * safe) * np.sin(np.pi * safe / radius)
        value = np.where(x > 1e-3, value / (np.pi**2 * safe**2), 1.0)
        return np.where(x > radius, 0.0, value)

    return kernel


_KERNELS = {
    "bilinear": _triangle,
    "bicubic": _keys_cubic,
    "lanczos3": _lanczos(3),
    "lanczos5": _lanczos(5),
}


@functools.lru_cache(maxsize=256)
def resize_weights(
    in_size: int, out_size: int, interpolation: str, antialias: bool
) -> np.ndarray | None:
    """Returns the `(out_size, in_size)` float64 matrix that resizes one axis, or None when the
    sizes are equal (every method then leaves the axis unchanged)."""
    if in_size == out_size:
        return None
    inv_scale = in_size / out_size
    if interpolation == "area":
        # Each output pixel averages the input over the span it covers, [i, i + 1) * inv_scale.
        left = np.arange(out_size)[:, None] * inv_scale
        right = left + inv_scale
        pixels = np.arange(in_size)[None, :]
        weights = np.maximum(0.0, np.minimum(right, pixels + 1.0) - np.maximum(left, pixels))
    else:
        kernel_scale = max(inv_scale, 1.0) if antialias else 1.0
        centers = (np.arange(out_size) + 0.5) * inv_scale - 0.5
        distance = np.abs(centers[:, None] - np.arange(in_size)[None, :]) / kernel_scale
        weights = _KERNELS[interpolation](distance)
    total = weights.sum(axis=1, keepdims=True)
    usable = np.abs(total) > _MIN_WEIGHT_SUM
    weights = np.where(usable, weights / np.where(usable, total, 1.0), 0.0)
    weights.setflags(write=False)
    return weights


@functools.lru_cache(maxsize=256)
def nearest_indices(in_size: int, out_size: int) -> np.ndarray:
    """Returns the input index each output pixel copies: `floor((i + 0.5) * in / out)`.

    Computed in float32 exactly as `jax.image.resize` does, so every backend picks the same
    pixel when the product lands on an integer.
    """
    offsets = (np.arange(out_size, dtype=np.float32) + np.float32(0.5)) * np.float32(in_size)
    offsets = offsets / np.float32(out_size)
    indices = np.minimum(np.floor(offsets).astype(np.int64), in_size - 1)
    indices.setflags(write=False)
    return indices


def check_images(op_name: str, x: Any) -> None:
    """Raises unless `x` (an array of any backend) is one image (rank 3) or a batch (rank 4)."""
    if x.ndim not in (3, 4):
        raise ValueError(
            f"{op_name}: expected images of rank 3 (one image) or 4 (a batch), "
            f"received shape {tuple(x.shape)}."
        )


def check_coordinates(x: Any, coords: list, order: Any) -> None:
    """Raises unless `map_coordinates` got one coordinate array per axis of `x` and an order
    of 0 or 1."""
    if len(coords) != x.ndim:
        raise ValueError(
            f"map_coordinates: coordinates must hold one array per input axis ({x.ndim}), "
            f"received {len(coords)}."
        )
    if order not in (0, 1):
        raise ValueError(f"map_coordinates: order must be 0 or 1, received {order!r}.")


def affine_order(interpolation: Any) -> int:
    """The spline order of an `affine_transform` interpolation: 0 ("nearest") or 1
    ("bilinear")."""
    orders = {"nearest": 0, "bilinear": 1}
    if interpolation not in orders:
        raise ValueError(
            "affine_transform: interpolation must be 'nearest' or 'bilinear', "
            f"received {interpolation!r}."
        )
    return orders[interpolation]


def expand_like(mask: Any, value: Any) -> Any:
    """`mask` with trailing length-1 axes added up to the rank of `value`."""
    return mask.reshape(mask.shape + (1,) * (value.ndim - mask.ndim))


def is_downsampling(in_sizes: tuple[int, ...], out_sizes: tuple[int, ...]) -> bool:
    return any(o < i for i, o in zip(in_sizes, out_sizes))


def fix_index(index: Any, size: int, fill_mode: str) -> Any:
    """Maps integer indices (a NumPy array or torch tensor) into `[0, size)` per `fill_mode`.

    "constant" indices are only clipped here; the caller replaces out-of-range taps by the fill
    value. "mirror" reflects about the edge pixels' centers (d c b | a b c d | c b a), "reflect"
    about the image's edges (c b a | a b c d | d c b), "wrap" repeats the image.
    """
    if fill_mode in ("constant", "nearest"):
        return index.clip(0, size - 1)
    if fill_mode == "wrap":
        return index % size
    if size == 1:
        return index * 0
    if fill_mode == "mirror":
        period = size - 1
        return abs((index + period) % (2 * period) - period)
    # "reflect" is "mirror" on the doubled grid: index 2i+1 of a (2 * size + 1)-long axis.
    period = 2 * size
    return (abs((2 * index + 1 + period) % (2 * period) - period) - 1) // 2
