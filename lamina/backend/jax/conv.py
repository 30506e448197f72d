"""JAX backend: convolutions on lax.conv_general_dilated, pools on lax.reduce_window.

The dimension numbers follow the data format and Keras's kernel layouts directly, so no input,
output or kernel is ever transposed; transposed convolution is a convolution of the
stride-dilated input with the spatially flipped kernel.
"""

from __future__ import annotations

import math
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from lamina.backend.common import conv_args, dtypes
from lamina.backend.common.config import floatx, standardize_data_format
from lamina.backend.jax.core import convert_to_tensor, to_engine_dtype

_SPATIAL_LETTERS = {1: "W", 2: "HW", 3: "DHW"}


def _float_inputs(*xs: Any) -> list[jax.Array]:
    arrays = [convert_to_tensor(x) for x in xs]
    name = dtypes.result_type(*(a.dtype.name for a in arrays))
    target = to_engine_dtype(name if name in dtypes.FLOAT_TYPES else floatx())
    return [a if a.dtype == target else a.astype(target) for a in arrays]


def _dimension_numbers(rank: int, data_format: str, kernel_layout: str) -> tuple[str, str, str]:
    spatial = _SPATIAL_LETTERS[rank]
    image = f"NC{spatial}" if data_format == "channels_first" else f"N{spatial}C"
    return image, spatial + kernel_layout, image


def _conv(
    op_name: str,
    x: jax.Array,
    kernel: jax.Array,
    strides: Any,
    padding: str,
    data_format: str,
    dilation_rate: Any,
    groups: int,
) -> jax.Array:
    rank = conv_args.spatial_rank(x.ndim)
    strides = conv_args.normalize_tuple(op_name, "strides", strides, rank)
    dilations = conv_args.normalize_tuple(op_name, "dilation_rate", dilation_rate, rank)
    padding = conv_args.normalize_padding(op_name, padding)
    spatial = conv_args.spatial_dims(x.shape, data_format)
    pads = conv_args.pads(spatial, kernel.shape[:rank], strides, dilations, padding)
    return lax.conv_general_dilated(
        x,
        kernel,
        window_strides=strides,
        padding=pads,
        rhs_dilation=dilations,
        dimension_numbers=_dimension_numbers(rank, data_format, "IO"),
        feature_group_count=groups,
    )


def conv(
    inputs: Any,
    kernel: Any,
    strides: Any = 1,
    padding: str = "valid",
    data_format: str | None = None,
    dilation_rate: Any = 1,
) -> jax.Array:
    data_format = standardize_data_format(data_format)
    x, kernel = _float_inputs(inputs, kernel)
    groups = conv_args.channels_dim(x.shape, data_format) // kernel.shape[-2]
    return _conv("conv", x, kernel, strides, padding, data_format, dilation_rate, groups)


def depthwise_conv(
    inputs: Any,
    kernel: Any,
    strides: Any = 1,
    padding: str = "valid",
    data_format: str | None = None,
    dilation_rate: Any = 1,
) -> jax.Array:
    data_format = standardize_data_format(data_format)
    x, kernel = _float_inputs(inputs, kernel)
    channels, multiplier = kernel.shape[-2:]
    # (*k, C, M) -> (*k, 1, C * M): output channel c * M + m filters input channel c.
    kernel = kernel.reshape(*kernel.shape[:-2], 1, channels * multiplier)
    return _conv(
        "depthwise_conv", x, kernel, strides, padding, data_format, dilation_rate, channels
    )


def separable_conv(
    inputs: Any,
    depthwise_kernel: Any,
    pointwise_kernel: Any,
    strides: Any = 1,
    padding: str = "valid",
    data_format: str | None = None,
    dilation_rate: Any = 1,
) -> jax.Array:
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
) -> jax.Array:
    data_format = standardize_data_format(data_format)
    x, kernel = _float_inputs(inputs, kernel)
    rank = conv_args.spatial_rank(x.ndim)
    strides = conv_args.normalize_tuple("conv_transpose", "strides", strides, rank)
    dilations = conv_args.normalize_tuple("conv_transpose", "dilation_rate", dilation_rate, rank)
    padding = conv_args.normalize_padding("conv_transpose", padding)
    extras = conv_args.normalize_output_padding("conv_transpose", output_padding, rank)
    pads = []
    spatial = conv_args.spatial_dims(x.shape, data_format)
    for n, k, s, d, e in zip(spatial, kernel.shape[:rank], strides, dilations, extras):
        length, crop = conv_args.transpose_window(n, k, s, d, padding, e)
        # Padding of the stride-dilated input (negative amounts crop).
        before = conv_args.dilated_size(k, d) - 1 - crop
        pads.append((before, length - 1 - (n - 1) * s + crop))
    flipped = lax.rev(kernel, tuple(range(rank)))
    return lax.conv_general_dilated(
        x,
        flipped,
        window_strides=(1,) * rank,
        padding=pads,
        lhs_dilation=strides,
        rhs_dilation=dilations,
        dimension_numbers=_dimension_numbers(rank, data_format, "OI"),
    )


def _pool_window(
    op_name: str, x: jax.Array, pool_size: Any, strides: Any, padding: str, data_format: str
) -> tuple[tuple[int, ...], tuple[int, ...], list[tuple[int, int]]]:
    """Returns the full-rank window, strides and padding of a pool."""
    rank = conv_args.spatial_rank(x.ndim)
    sizes = conv_args.normalize_tuple(op_name, "pool_size", pool_size, rank)
    steps = sizes
    if strides is not None:
        steps = conv_args.normalize_tuple(op_name, "strides", strides, rank)
    padding = conv_args.normalize_padding(op_name, padding)
    spatial = conv_args.spatial_dims(x.shape, data_format)
    pads = conv_args.pads(spatial, sizes, steps, (1,) * rank, padding)
    return (
        conv_args.with_spatial(1, sizes, 1, data_format),
        conv_args.with_spatial(1, steps, 1, data_format),
        list(conv_args.with_spatial((0, 0), pads, (0, 0), data_format)),
    )


def max_pool(
    inputs: Any,
    pool_size: Any,
    strides: Any = None,
    padding: str = "valid",
    data_format: str | None = None,
) -> jax.Array:
    data_format = standardize_data_format(data_format)
    x = convert_to_tensor(inputs)
    window, steps, pads = _pool_window("max_pool", x, pool_size, strides, padding, data_format)
    if jnp.issubdtype(x.dtype, jnp.floating):
        lowest = -jnp.inf
    elif x.dtype == jnp.bool_:
        lowest = False
    else:
        lowest = jnp.iinfo(x.dtype).min
    # A NumPy constant: under a trace jnp.array would be a tracer, and reduce_window can only
    # differentiate a max whose initial value is a known constant.
    init = np.array(lowest, dtype=x.dtype)
    return lax.reduce_window(x, init, lax.max, window, steps, pads)


def average_pool(
    inputs: Any,
    pool_size: Any,
    strides: Any = None,
    padding: str = "valid",
    data_format: str | None = None,
) -> jax.Array:
    data_format = standardize_data_format(data_format)
    (x,) = _float_inputs(inputs)
    window, steps, pads = _pool_window("average_pool", x, pool_size, strides, padding, data_format)
    zero = np.array(0, dtype=x.dtype)
    sums = lax.reduce_window(x, zero, lax.add, window, steps, pads)
    if all(before == after == 0 for before, after in pads):
        return sums / math.prod(window)
    # "same" averages only the real elements: count them per window (a constant under jit).
    spatial = conv_args.spatial_dims(x.shape, data_format)
    ones = jnp.ones(conv_args.with_spatial(1, spatial, 1, data_format), dtype=x.dtype)
    return sums / lax.reduce_window(ones, zero, lax.add, window, steps, pads)
