"""Loop-based NumPy references for the convolution and pool tests (tiny sizes only).

Written independently of every backend: explicit loops over output positions and kernel taps,
with TF/Keras "same" padding (the extra element of an odd total at the end).
"""

from __future__ import annotations

import math

import numpy as np


def as_tuple(value, rank):
    return (value,) * rank if value is None or isinstance(value, int) else tuple(value)


def to_last(x, data_format):
    return np.moveaxis(x, 1, -1) if data_format == "channels_first" else x


def from_last(x, data_format):
    return np.moveaxis(x, -1, 1) if data_format == "channels_first" else x


def same_padding(length, size, stride, dilation):
    extent = (size - 1) * dilation + 1
    out = math.ceil(length / stride)
    total = max((out - 1) * stride + extent - length, 0)
    return total // 2, total - total // 2


def conv_reference(
    x, kernel, strides=1, padding="valid", data_format="channels_last", dilation_rate=1
):
    """Grouped convolution; `kernel` is `(*k, in // groups, out)`."""
    x = to_last(np.asarray(x, np.float64), data_format)
    kernel = np.asarray(kernel, np.float64)
    rank = x.ndim - 2
    strides, dilations = as_tuple(strides, rank), as_tuple(dilation_rate, rank)
    sizes = kernel.shape[:rank]
    pads = [(0, 0)] * rank
    if padding == "same":
        pads = [
            same_padding(n, k, s, d) for n, k, s, d in zip(x.shape[1:-1], sizes, strides, dilations)
        ]
    x = np.pad(x, [(0, 0), *pads, (0, 0)])
    out_spatial = [
        (n - (k - 1) * d - 1) // s + 1
        for n, k, s, d in zip(x.shape[1:-1], sizes, strides, dilations)
    ]
    group_in, out_channels = kernel.shape[-2:]
    groups = x.shape[-1] // group_in
    group_out = out_channels // groups
    result = np.zeros((x.shape[0], *out_spatial, out_channels))
    for position in np.ndindex(*out_spatial):
        for tap in np.ndindex(*sizes):
            index = tuple(p * s + t * d for p, t, s, d in zip(position, tap, strides, dilations))
            patch = x[(slice(None), *index, slice(None))]
            for g in range(groups):
                block = kernel[tap][:, g * group_out : (g + 1) * group_out]
                contribution = patch[:, g * group_in : (g + 1) * group_in] @ block
                result[(slice(None), *position, slice(g * group_out, (g + 1) * group_out))] += (
                    contribution
                )
    return from_last(result, data_format)


def depthwise_reference(
    x, kernel, strides=1, padding="valid", data_format="channels_last", dilation_rate=1
):
    """Each channel c convolved with kernel[..., c, m] gives output channel c * M + m."""
    x = np.asarray(x, np.float64)
    channel_axis = 1 if data_format == "channels_first" else -1
    outputs = []
    for c in range(kernel.shape[-2]):
        single = np.take(x, [c], axis=channel_axis)
        single_kernel = kernel[..., c : c + 1, :]
        outputs.append(
            conv_reference(single, single_kernel, strides, padding, data_format, dilation_rate)
        )
    return np.concatenate(outputs, axis=channel_axis)


def transpose_valid_reference(x, kernel, strides=1, output_padding=None, dilation_rate=1):
    """Scatter-add transposed convolution, channels_last, "valid" padding; kernel (*k, out, in)."""
    x = np.asarray(x, np.float64)
    rank = x.ndim - 2
    strides, dilations = as_tuple(strides, rank), as_tuple(dilation_rate, rank)
    sizes = kernel.shape[:rank]
    lengths = []
    for n, k, s, d, e in zip(
        x.shape[1:-1], sizes, strides, dilations, as_tuple(output_padding, rank)
    ):
        extent = (k - 1) * d + 1
        lengths.append(n * s + max(extent - s, 0) if e is None else (n - 1) * s + extent + e)
    full = np.zeros((x.shape[0], *(L + 50 for L in lengths), kernel.shape[-2]))
    for position in np.ndindex(*x.shape[1:-1]):
        for tap in np.ndindex(*sizes):
            index = tuple(p * s + t * d for p, t, s, d in zip(position, tap, strides, dilations))
            full[(slice(None), *index, slice(None))] += (
                x[(slice(None), *position, slice(None))] @ kernel[tap].T
            )
    return full[(slice(None), *(slice(0, L) for L in lengths), slice(None))]


def pool_reference(
    x, pool_size, strides=None, padding="valid", data_format="channels_last", kind="max"
):
    """Max or mean over each window's elements inside the input."""
    x = to_last(np.asarray(x), data_format)
    rank = x.ndim - 2
    sizes = as_tuple(pool_size, rank)
    steps = sizes if strides is None else as_tuple(strides, rank)
    if padding == "same":
        out_spatial = [math.ceil(n / s) for n, s in zip(x.shape[1:-1], steps)]
        befores = [same_padding(n, k, s, 1)[0] for n, k, s in zip(x.shape[1:-1], sizes, steps)]
    else:
        out_spatial = [(n - k) // s + 1 for n, k, s in zip(x.shape[1:-1], sizes, steps)]
        befores = [0] * rank
    result = np.zeros((x.shape[0], *out_spatial, x.shape[-1]), np.float64)
    for position in np.ndindex(*out_spatial):
        window = tuple(
            slice(max(p * s - b, 0), min(p * s - b + k, n))
            for p, s, b, k, n in zip(position, steps, befores, sizes, x.shape[1:-1])
        )
        patch = x[(slice(None), *window, slice(None))].astype(np.float64)
        axes = tuple(range(1, rank + 1))
        value = patch.max(axis=axes) if kind == "max" else patch.mean(axis=axes)
        result[(slice(None), *position, slice(None))] = value
    return from_last(result, data_format)
