"""Convolution and pooling ops: conv, depthwise_conv, separable_conv, conv_transpose, max_pool,
average_pool, for 1-, 2- and 3-D inputs in either data format.

Kernels use Keras's layouts: `(*spatial, in_channels // groups, out_channels)` for `conv`,
`(*spatial, in_channels, depth_multiplier)` for `depthwise_conv` and
`(*spatial, out_channels, in_channels)` for `conv_transpose`.
"""

from __future__ import annotations

from typing import Any

from lamina import backend
from lamina.backend.common import conv_args, dtypes
from lamina.backend.common.config import standardize_data_format
from lamina.backend.common.symbolic_tensor import SymbolicTensor
from lamina.ops.operation import lamina_op
from lamina.ops.shape_inference import Shape, dtype_of, float_dtype, shape_of, spec
from lamina.typing import Tensor

_b = backend.conv
IntOrTuple = int | tuple[int, ...]


def _input_shape(op_name: str, inputs: Any) -> Shape:
    shape = shape_of(inputs)
    if len(shape) not in (3, 4, 5):
        raise ValueError(
            f"{op_name}: expected inputs of rank 3, 4 or 5 (batch, *spatial, channels in "
            f"data_format order), received shape {shape}."
        )
    return shape


def _kernel_shape(op_name: str, kernel: Any, rank: int, name: str, layout: str) -> Shape:
    shape = shape_of(kernel)
    if len(shape) != rank or any(d is None for d in shape):
        raise ValueError(
            f"{op_name}: expected a {name} of rank {rank} with known dims {layout} for inputs "
            f"of rank {rank}, received {name} shape {shape}."
        )
    return shape


def _spatial_output(
    op_name: str,
    shape: Shape,
    sizes: tuple[int, ...],
    strides: Any,
    padding: Any,
    data_format: str,
    dilation_rate: Any,
) -> tuple[int | None, ...]:
    rank = len(sizes)
    strides = conv_args.normalize_tuple(op_name, "strides", strides, rank)
    dilations = conv_args.normalize_tuple(op_name, "dilation_rate", dilation_rate, rank)
    padding = conv_args.normalize_padding(op_name, padding)
    spatial = conv_args.spatial_dims(shape, data_format)
    extents = tuple(conv_args.dilated_size(k, d) for k, d in zip(sizes, dilations))
    if padding == "valid" and any(n is not None and n < e for n, e in zip(spatial, extents)):
        raise ValueError(
            f"{op_name}: the window's (dilated) spatial size {extents} is larger than the "
            f"input's spatial size {spatial} (inputs shape {shape}) with padding='valid'. "
            "Use a smaller window, padding='same' or a larger input."
        )
    return tuple(
        conv_args.output_length(n, k, s, d, padding)
        for n, k, s, d in zip(spatial, sizes, strides, dilations)
    )


def _divides_into_groups(channels: int, group_channels: int, out_channels: int) -> bool:
    if channels < group_channels or channels % group_channels:
        return False
    return out_channels % (channels // group_channels) == 0


def _float_result(*xs: Any) -> str:
    return float_dtype(dtypes.result_type(*(dtype_of(x) for x in xs)))


def conv_spec(
    inputs: Any,
    kernel: Any,
    strides: IntOrTuple = 1,
    padding: str = "valid",
    data_format: str | None = None,
    dilation_rate: IntOrTuple = 1,
) -> SymbolicTensor:
    """Output spec of `conv`."""
    data_format = standardize_data_format(data_format)
    shape = _input_shape("conv", inputs)
    layout = "(*spatial, in_channels // groups, out_channels)"
    kernel_shape = _kernel_shape("conv", kernel, len(shape), "kernel", layout)
    channels = conv_args.channels_dim(shape, data_format)
    group_channels, out_channels = kernel_shape[-2], kernel_shape[-1]
    if channels is not None and not _divides_into_groups(channels, group_channels, out_channels):
        raise ValueError(
            f"conv: the input's {channels} channels (inputs shape {shape}, {data_format}) must "
            f"be a multiple of the kernel's {group_channels} input channels, and the kernel's "
            f"{out_channels} output channels a multiple of the group count (kernel shape "
            f"{kernel_shape})."
        )
    spatial = _spatial_output(
        "conv", shape, kernel_shape[:-2], strides, padding, data_format, dilation_rate
    )
    out_shape = conv_args.with_spatial(shape[0], spatial, out_channels, data_format)
    return spec(out_shape, _float_result(inputs, kernel))
