"""Direct-loop NumPy references for the pooling and upsampling layers, written independently
of lamina (one window, bin or output pixel at a time), plus a shared check_layer driver."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Any

import numpy as np

from tests.support.layer_check import check_layer, make_input


def to_channels_last(x: np.ndarray, data_format: str) -> np.ndarray:
    if data_format == "channels_first":
        return np.moveaxis(x, 1, -1)
    return x


def from_channels_last(x: np.ndarray, data_format: str) -> np.ndarray:
    if data_format == "channels_first":
        return np.moveaxis(x, -1, 1)
    return x


def _reduce(block: np.ndarray, mode: str) -> np.ndarray:
    axes = tuple(range(1, block.ndim - 1))
    return block.max(axis=axes) if mode == "max" else block.mean(axis=axes, dtype=np.float64)


def pool(x, pool_size, strides, padding, data_format, mode) -> np.ndarray:
    """Sliding-window max/mean; "same" pads `total // 2` before (TF's rule) and windows
    reduce only their positions inside the input."""
    x = to_channels_last(np.asarray(x), data_format)
    spatial = x.shape[1:-1]
    starts, outs = [], []
    for n, k, s in zip(spatial, pool_size, strides):
        if padding == "valid":
            outs.append((n - k) // s + 1)
            starts.append(0)
        else:
            out = math.ceil(n / s)
            outs.append(out)
            starts.append(-(max((out - 1) * s + k - n, 0) // 2))
    result = np.zeros((x.shape[0], *outs, x.shape[-1]), dtype=np.float64)
    for index in itertools.product(*(range(o) for o in outs)):
        window = tuple(
            slice(max(b + i * s, 0), min(b + i * s + k, n))
            for i, b, s, k, n in zip(index, starts, strides, pool_size, spatial)
        )
        result[(slice(None), *index, slice(None))] = _reduce(x[(slice(None), *window)], mode)
    return from_channels_last(result, data_format)


def adaptive_pool(x, output_size, data_format, mode) -> np.ndarray:
    """Adaptive max/mean: bin i of an axis of length n spans floor(i n / out) to
    ceil((i + 1) n / out), computed exactly with fractions."""
    x = to_channels_last(np.asarray(x), data_format)
    spatial = x.shape[1:-1]
    result = np.zeros((x.shape[0], *output_size, x.shape[-1]), dtype=np.float64)
    for index in itertools.product(*(range(o) for o in output_size)):
        window = tuple(
            slice(math.floor(Fraction(i * n, o)), math.ceil(Fraction((i + 1) * n, o)))
            for i, n, o in zip(index, spatial, output_size)
        )
        result[(slice(None), *index, slice(None))] = _reduce(x[(slice(None), *window)], mode)
    return from_channels_last(result, data_format)


def upsample_nearest(x, size, data_format) -> np.ndarray:
    x = to_channels_last(np.asarray(x), data_format)
    outs = [n * s for n, s in zip(x.shape[1:-1], size)]
    result = np.zeros((x.shape[0], *outs, x.shape[-1]), dtype=x.dtype)
    for index in itertools.product(*(range(o) for o in outs)):
        source = tuple(i // s for i, s in zip(index, size))
        result[(slice(None), *index, slice(None))] = x[(slice(None), *source, slice(None))]
    return from_channels_last(result, data_format)


def upsample_bilinear(x, size, data_format) -> np.ndarray:
    """Bilinear resize with half-pixel centres: output pixel (i, j) samples the input at
    ((i + 0.5) / size[0] - 0.5, (j + 0.5) / size[1] - 0.5), clamped to the image, and mixes
    its four neighbouring pixels."""
    x = to_channels_last(np.asarray(x, dtype=np.float64), data_format)
    rows, cols = x.shape[1:3]
    result = np.zeros((x.shape[0], rows * size[0], cols * size[1], x.shape[-1]))
    for i in range(rows * size[0]):
        r = min(max((i + 0.5) / size[0] - 0.5, 0.0), rows - 1)
        r0, r1 = int(math.floor(r)), min(int(math.floor(r)) + 1, rows - 1)
        for j in range(cols * size[1]):
            c = min(max((j + 0.5) / size[1] - 0.5, 0.0), cols - 1)
            c0, c1 = int(math.floor(c)), min(int(math.floor(c)) + 1, cols - 1)
            dr, dc = r - r0, c - c0
            result[:, i, j] = (
                x[:, r0, c0] * (1 - dr) * (1 - dc)
                + x[:, r0, c1] * (1 - dr) * dc
                + x[:, r1, c0] * dr * (1 - dc)
                + x[:, r1, c1] * dr * dc
            )
    return from_channels_last(result, data_format)


def layout(batch: int, spatial: tuple, channels: int, data_format: str) -> tuple:
    """An input shape with the given sizes, laid out as `data_format`."""
    if data_format == "channels_first":
        return (batch, channels, *spatial)
    return (batch, *spatial, channels)


def check_pooling(layer_cls: Any, mode: str, spatial: tuple, data_format: str, **kwargs: Any):
    """Runs check_layer on a sliding-window pooling layer against `pool`."""
    rank = len(spatial)
    pool_size = kwargs.get("pool_size", 2)
    pool_size = (pool_size,) * rank if isinstance(pool_size, int) else tuple(pool_size)
    strides = kwargs.get("strides") or pool_size
    strides = (strides,) * rank if isinstance(strides, int) else tuple(strides)
    padding = kwargs.get("padding", "valid").lower()

    def reference(x, weights):
        return pool(x, pool_size, strides, padding, data_format, mode)

    x = make_input(layout(2, spatial, 3, data_format))
    return check_layer(
        layer_cls,
        {**kwargs, "data_format": data_format},
        input_data=x,
        expected_output_shape=reference(x, {}).shape,
        expected_num_weights=0,
        reference=reference,
    )
