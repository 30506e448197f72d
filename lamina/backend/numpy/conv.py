"""NumPy backend: convolutions and pools, the plain inference reference.

Everything runs in channels_last: windows come from `sliding_window_view` (strided views, no
copies until the contraction) and the contraction is one `einsum` per call. Half-precision
inputs compute in float32 and are cast back.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from lamina.backend.common import conv_args, dtypes
from lamina.backend.common.config import floatx, standardize_data_format
from lamina.backend.numpy.core import convert_to_tensor, to_engine_dtype

_SPATIAL_LETTERS = "xyz"
_KERNEL_LETTERS = "ijk"


def _float_inputs(*xs: Any) -> tuple[list[np.ndarray], np.dtype]:
    """Returns `xs` as arrays in the dtype they compute in, and the dtype of the result."""
    arrays = [convert_to_tensor(x) for x in xs]
    name = dtypes.result_type(*(a.dtype.name for a in arrays))
    result = to_engine_dtype(name if name in dtypes.FLOAT_TYPES else floatx())
    compute = result if result.itemsize >= 4 else np.dtype("float32")
    return [a.astype(compute, copy=False) for a in arrays], result


def _to_last(x: np.ndarray, data_format: str) -> np.ndarray:
    return np.moveaxis(x, 1, -1) if data_format == "channels_first" else x


def _from_last(x: np.ndarray, data_format: str) -> np.ndarray:
    return np.moveaxis(x, -1, 1) if data_format == "channels_first" else x


def _windows(
    x: np.ndarray, sizes: tuple[int, ...], strides: tuple[int, ...], dilations: tuple[int, ...]
) -> np.ndarray:
    """Returns the view `(batch, *out_spatial, channels, *sizes)` of a padded channels_last x."""
    rank = len(sizes)
    extents = tuple(conv_args.dilated_size(k, d) for k, d in zip(sizes, dilations))
    windows = sliding_window_view(x, extents, axis=tuple(range(1, rank + 1)))
    step_out = tuple(slice(None, None, s) for s in strides)
    step_taps = tuple(slice(None, None, d) for d in dilations)
    return windows[(slice(None), *step_out, slice(None), *step_taps)]


def _conv_last(
    x: np.ndarray,
    kernel: np.ndarray,
    strides: tuple[int, ...],
    padding: str,
    dilations: tuple[int, ...],
) -> np.ndarray:
    """Grouped convolution of channels_last `x` with a `(*k, in // groups, out)` kernel."""
    rank = conv_args.spatial_rank(x.ndim)
    if kernel.ndim != x.ndim:
        raise ValueError(f"a kernel of rank {kernel.ndim} for an input of rank {x.ndim}")
    sizes = kernel.shape[:rank]
    group_channels, out_channels = kernel.shape[-2:]
    groups = x.shape[-1] // group_channels
    pads = conv_args.pads(x.shape[1:-1], sizes, strides, dilations, padding)
    x = np.pad(x, [(0, 0), *pads, (0, 0)])
    windows = _windows(x, sizes, strides, dilations)
    batch, *out_spatial = windows.shape[: rank + 1]
    windows = windows.reshape(batch, *out_spatial, groups, group_channels, *sizes)
    kernel = kernel.reshape(*sizes, group_channels, groups, out_channels // groups)
    spatial, taps = _SPATIAL_LETTERS[:rank], _KERNEL_LETTERS[:rank]
    subscripts = f"n{spatial}gc{taps},{taps}cgo->n{spatial}go"
    result = np.einsum(subscripts, windows, kernel, optimize=True)
    return result.reshape(batch, *out_spatial, out_channels)


def conv(
    inputs: Any,
    kernel: Any,
    strides: Any = 1,
    padding: str = "valid",
    data_format: str | None = None,
    dilation_rate: Any = 1,
) -> np.ndarray:
    data_format = standardize_data_format(data_format)
    (x, kernel), dtype = _float_inputs(inputs, kernel)
    rank = conv_args.spatial_rank(x.ndim)
    strides = conv_args.normalize_tuple("conv", "strides", strides, rank)
    dilations = conv_args.normalize_tuple("conv", "dilation_rate", dilation_rate, rank)
    padding = conv_args.normalize_padding("conv", padding)
    result = _conv_last(_to_last(x, data_format), kernel, strides, padding, dilations)
    return _from_last(result, data_format).astype(dtype, copy=False)


def depthwise_conv(
    inputs: Any,
    kernel: Any,
    strides: Any = 1,
    padding: str = "valid",
    data_format: str | None = None,
    dilation_rate: Any = 1,
) -> np.ndarray:
    x, kernel = convert_to_tensor(inputs), convert_to_tensor(kernel)
    channels = conv_args.channels_dim(x.shape, standardize_data_format(data_format))
    if kernel.shape[-2] != channels:
        # Grouping would silently accept this kernel; the op's spec words the error.
        raise ValueError("the depthwise kernel does not match the input's channels")
    grouped = kernel.reshape(*kernel.shape[:-2], 1, kernel.shape[-2] * kernel.shape[-1])
    return conv(x, grouped, strides, padding, data_format, dilation_rate)


def separable_conv(
    inputs: Any,
    depthwise_kernel: Any,
    pointwise_kernel: Any,
    strides: Any = 1,
    padding: str = "valid",
    data_format: str | None = None,
    dilation_rate: Any = 1,
) -> np.ndarray:
    pointwise_kernel = convert_to_tensor(pointwise_kernel)
    conv_args.check_pointwise(pointwise_kernel.shape)
    hidden = depthwise_conv(inputs, depthwise_kernel, strides, padding, data_format, dilation_rate)
    return conv(hidden, pointwise_kernel, 1, "valid", data_format, 1)


def conv_transpose(
    inputs: Any,
    kernel: Any,
    strides: Any = 1,
    padding: str = "valid",
    output_padding: Any = None,
    data_format: str | None = None,
    dilation_rate: Any = 1,
) -> np.ndarray:
    data_format = standardize_data_format(data_format)
    (x, kernel), dtype = _float_inputs(inputs, kernel)
    x = _to_last(x, data_format)
    rank = conv_args.spatial_rank(x.ndim)
    strides = conv_args.normalize_tuple("conv_transpose", "strides", strides, rank)
    dilations = conv_args.normalize_tuple("conv_transpose", "dilation_rate", dilation_rate, rank)
    padding = conv_args.normalize_padding("conv_transpose", padding)
    extras = conv_args.normalize_output_padding("conv_transpose", output_padding, rank)
    sizes, lengths = kernel.shape[:rank], x.shape[1:-1]
    full_lengths = tuple(
        (n - 1) * s + conv_args.dilated_size(k, d)
        for n, k, s, d in zip(lengths, sizes, strides, dilations)
    )
    full = np.zeros((x.shape[0], *full_lengths, kernel.shape[-2]), dtype=x.dtype)
    # Scatter-add: input position p, tap t lands on output position p * stride + t * dilation.
    for taps in np.ndindex(*sizes):
        region = tuple(
            slice(t * d, t * d + (n - 1) * s + 1, s)
            for t, d, n, s in zip(taps, dilations, lengths, strides)
        )
        full[(slice(None), *region, slice(None))] += x @ kernel[taps].T
    result = _crop(full, lengths, sizes, strides, dilations, padding, extras)
    return _from_last(result, data_format).astype(dtype, copy=False)


def _crop(
    full: np.ndarray,
    lengths: tuple[int, ...],
    sizes: tuple[int, ...],
    strides: tuple[int, ...],
    dilations: tuple[int, ...],
    padding: str,
    extras: tuple[Any, ...],
) -> np.ndarray:
    """Returns the output window of the full transposed convolution (zeros past its end)."""
    out_lengths, source = [], []
    for n, k, s, d, e, f in zip(lengths, sizes, strides, dilations, extras, full.shape[1:-1]):
        length, offset = conv_args.transpose_window(n, k, s, d, padding, e)
        out_lengths.append(length)
        source.append(slice(offset, min(offset + length, f)))
    result = np.zeros((full.shape[0], *out_lengths, full.shape[-1]), dtype=full.dtype)
    window = full[(slice(None), *source, slice(None))]
    target = tuple(slice(0, n) for n in window.shape[1:-1])
    result[(slice(None), *target, slice(None))] = window
    return result


def _pool_args(
    op_name: str, x: np.ndarray, pool_size: Any, strides: Any, padding: str
) -> tuple[tuple[int, ...], tuple[int, ...], list[tuple[int, int]]]:
    rank = conv_args.spatial_rank(x.ndim)
    sizes = conv_args.normalize_tuple(op_name, "pool_size", pool_size, rank)
    steps = (
        sizes if strides is None else conv_args.normalize_tuple(op_name, "strides", strides, rank)
    )
    padding = conv_args.normalize_padding(op_name, padding)
    pads = conv_args.pads(x.shape[1:-1], sizes, steps, (1,) * rank, padding)
    return sizes, steps, pads


def max_pool(
    inputs: Any,
    pool_size: Any,
    strides: Any = None,
    padding: str = "valid",
    data_format: str | None = None,
) -> np.ndarray:
    data_format = standardize_data_format(data_format)
    x = _to_last(convert_to_tensor(inputs), data_format)
    sizes, steps, pads = _pool_args("max_pool", x, pool_size, strides, padding)
    x = np.pad(x, [(0, 0), *pads, (0, 0)], constant_values=_lowest(x.dtype))
    windows = _windows(x, sizes, steps, (1,) * len(sizes))
    result = windows.max(axis=tuple(range(-len(sizes), 0)))
    return _from_last(result, data_format)


def _lowest(dtype: np.dtype) -> Any:
    if dtype == np.bool_:
        return False
    if np.issubdtype(dtype, np.integer):
        return np.iinfo(dtype).min
    return -np.inf


def average_pool(
    inputs: Any,
    pool_size: Any,
    strides: Any = None,
    padding: str = "valid",
    data_format: str | None = None,
) -> np.ndarray:
    data_format = standardize_data_format(data_format)
    (x,), dtype = _float_inputs(inputs)
    x = _to_last(x, data_format)
    sizes, steps, pads = _pool_args("average_pool", x, pool_size, strides, padding)
    rank, window_axes = len(sizes), tuple(range(-len(sizes), 0))
    padded = np.pad(x, [(0, 0), *pads, (0, 0)])
    sums = _windows(padded, sizes, steps, (1,) * rank).sum(axis=window_axes)
    # Count the real (unpadded) elements of every window: "same" averages only those.
    ones = np.pad(np.ones((1, *x.shape[1:-1], 1), x.dtype), [(0, 0), *pads, (0, 0)])
    counts = _windows(ones, sizes, steps, (1,) * rank).sum(axis=window_axes)
    return _from_last(sums / counts, data_format).astype(dtype, copy=False)
