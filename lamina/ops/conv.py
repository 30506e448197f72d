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
    if len(shape) != rank:
        raise ValueError(
            f"{op_name}: expected a {name} of rank {rank} {layout} for inputs "
            f"of rank {rank}, received {name} shape {shape}."
        )
    return shape


def _spatial_output(
    op_name: str,
    shape: Shape,
    sizes: tuple[int | None, ...],
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
    extents = tuple(
        None if k is None else conv_args.dilated_size(k, d) for k, d in zip(sizes, dilations)
    )
    if padding == "valid" and any(
        n is not None and e is not None and n < e for n, e in zip(spatial, extents)
    ):
        raise ValueError(
            f"{op_name}: the window's (dilated) spatial size {extents} is larger than the "
            f"input's spatial size {spatial} (inputs shape {shape}) with padding='valid'. "
            "Use a smaller window, padding='same' or a larger input."
        )
    return tuple(
        conv_args.output_length(n, k, s, d, padding)
        for n, k, s, d in zip(spatial, sizes, strides, dilations)
    )


def _divides_into_groups(channels: Any, group_channels: Any, out_channels: Any) -> bool:
    """Whether the channel counts form whole groups (True while any of them is unknown)."""
    if None in (channels, group_channels, out_channels):
        return True
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
    if not _divides_into_groups(channels, group_channels, out_channels):
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


def depthwise_conv_spec(
    inputs: Any,
    kernel: Any,
    strides: IntOrTuple = 1,
    padding: str = "valid",
    data_format: str | None = None,
    dilation_rate: IntOrTuple = 1,
) -> SymbolicTensor:
    """Output spec of `depthwise_conv`."""
    return _depthwise_spec(
        "depthwise_conv", inputs, kernel, strides, padding, data_format, dilation_rate
    )


def _depthwise_spec(
    op_name: str,
    inputs: Any,
    kernel: Any,
    strides: Any,
    padding: Any,
    data_format: str | None,
    dilation_rate: Any,
) -> SymbolicTensor:
    data_format = standardize_data_format(data_format)
    shape = _input_shape(op_name, inputs)
    layout = "(*spatial, in_channels, depth_multiplier)"
    kernel_shape = _kernel_shape(op_name, kernel, len(shape), "depthwise kernel", layout)
    channels = conv_args.channels_dim(shape, data_format)
    if None not in (channels, kernel_shape[-2]) and channels != kernel_shape[-2]:
        raise ValueError(
            f"{op_name}: the input has {channels} channels (inputs shape {shape}, {data_format}) "
            f"but the depthwise kernel expects {kernel_shape[-2]} (kernel shape {kernel_shape})."
        )
    spatial = _spatial_output(
        op_name, shape, kernel_shape[:-2], strides, padding, data_format, dilation_rate
    )
    out_channels = None
    if kernel_shape[-2] is not None and kernel_shape[-1] is not None:
        out_channels = kernel_shape[-2] * kernel_shape[-1]
    out_shape = conv_args.with_spatial(shape[0], spatial, out_channels, data_format)
    return spec(out_shape, _float_result(inputs, kernel))


def separable_conv_spec(
    inputs: Any,
    depthwise_kernel: Any,
    pointwise_kernel: Any,
    strides: IntOrTuple = 1,
    padding: str = "valid",
    data_format: str | None = None,
    dilation_rate: IntOrTuple = 1,
) -> SymbolicTensor:
    """Output spec of `separable_conv`."""
    depthwise = _depthwise_spec(
        "separable_conv", inputs, depthwise_kernel, strides, padding, data_format, dilation_rate
    )
    data_format = standardize_data_format(data_format)
    rank = len(depthwise.shape)
    layout = "(*ones, in_channels * depth_multiplier, out_channels)"
    kernel_shape = _kernel_shape(
        "separable_conv", pointwise_kernel, rank, "pointwise kernel", layout
    )
    middle = conv_args.channels_dim(depthwise.shape, data_format)
    mismatch = None not in (middle, kernel_shape[-2]) and kernel_shape[-2] != middle
    if any(d not in (1, None) for d in kernel_shape[:-2]) or mismatch:
        raise ValueError(
            f"separable_conv: expected a pointwise kernel of shape "
            f"{(1,) * (rank - 2) + (middle, kernel_shape[-1])} for a depthwise kernel of shape "
            f"{shape_of(depthwise_kernel)}, received {kernel_shape}."
        )
    out_shape = (*depthwise.shape[:-1], kernel_shape[-1])
    if data_format == "channels_first":
        out_shape = (depthwise.shape[0], kernel_shape[-1], *depthwise.shape[2:])
    dtype = _float_result(inputs, depthwise_kernel, pointwise_kernel)
    return spec(out_shape, dtype)


def conv_transpose_spec(
    inputs: Any,
    kernel: Any,
    strides: IntOrTuple = 1,
    padding: str = "valid",
    output_padding: IntOrTuple | None = None,
    data_format: str | None = None,
    dilation_rate: IntOrTuple = 1,
) -> SymbolicTensor:
    """Output spec of `conv_transpose`."""
    data_format = standardize_data_format(data_format)
    shape = _input_shape("conv_transpose", inputs)
    layout = "(*spatial, out_channels, in_channels)"
    kernel_shape = _kernel_shape("conv_transpose", kernel, len(shape), "kernel", layout)
    channels = conv_args.channels_dim(shape, data_format)
    if None not in (channels, kernel_shape[-1]) and channels != kernel_shape[-1]:
        raise ValueError(
            f"conv_transpose: the input has {channels} channels (inputs shape {shape}, "
            f"{data_format}) but the kernel expects {kernel_shape[-1]} (kernel shape "
            f"{kernel_shape}, laid out as {layout})."
        )
    rank = len(shape) - 2
    strides = conv_args.normalize_tuple("conv_transpose", "strides", strides, rank)
    dilations = conv_args.normalize_tuple("conv_transpose", "dilation_rate", dilation_rate, rank)
    padding = conv_args.normalize_padding("conv_transpose", padding)
    extra = conv_args.normalize_output_padding("conv_transpose", output_padding, rank)
    spatial = tuple(
        conv_args.transpose_output_length(n, k, s, d, padding, e)
        for n, k, s, d, e in zip(
            conv_args.spatial_dims(shape, data_format), kernel_shape[:-2], strides, dilations, extra
        )
    )
    out_shape = conv_args.with_spatial(shape[0], spatial, kernel_shape[-2], data_format)
    return spec(out_shape, _float_result(inputs, kernel))


def _pool_spec(
    op_name: str,
    inputs: Any,
    pool_size: Any,
    strides: Any,
    padding: Any,
    data_format: str | None,
    dtype: str,
) -> SymbolicTensor:
    data_format = standardize_data_format(data_format)
    shape = _input_shape(op_name, inputs)
    sizes = conv_args.normalize_tuple(op_name, "pool_size", pool_size, len(shape) - 2)
    strides = sizes if strides is None else strides
    spatial = _spatial_output(op_name, shape, sizes, strides, padding, data_format, 1)
    channels = conv_args.channels_dim(shape, data_format)
    return spec(conv_args.with_spatial(shape[0], spatial, channels, data_format), dtype)


def max_pool_spec(
    inputs: Any,
    pool_size: IntOrTuple,
    strides: IntOrTuple | None = None,
    padding: str = "valid",
    data_format: str | None = None,
) -> SymbolicTensor:
    """Output spec of `max_pool` (the input's dtype)."""
    dtype = dtypes.standardize_dtype(dtype_of(inputs, weak=False))
    return _pool_spec("max_pool", inputs, pool_size, strides, padding, data_format, dtype)


def average_pool_spec(
    inputs: Any,
    pool_size: IntOrTuple,
    strides: IntOrTuple | None = None,
    padding: str = "valid",
    data_format: str | None = None,
) -> SymbolicTensor:
    """Output spec of `average_pool` (float: integer inputs average in `floatx()`)."""
    dtype = float_dtype(dtype_of(inputs, weak=False))
    return _pool_spec("average_pool", inputs, pool_size, strides, padding, data_format, dtype)


@lamina_op(conv_spec)
def conv(
    inputs: Any,
    kernel: Any,
    strides: IntOrTuple = 1,
    padding: str = "valid",
    data_format: str | None = None,
    dilation_rate: IntOrTuple = 1,
) -> Tensor:
    """General N-D convolution (cross-correlation, as in every DL library) for N = 1, 2, 3.

    The kernel's input channels may divide the input's channels: the channels then split into
    `groups = in_channels // kernel.shape[-2]` groups, each convolved with its own slice of
    `out_channels // groups` filters.

    Args:
        inputs: Tensor of rank N + 2: `(batch, *spatial, channels)` for "channels_last",
            `(batch, channels, *spatial)` for "channels_first".
        kernel: Tensor of shape `(*kernel_spatial, in_channels // groups, out_channels)`.
        strides: Step between windows: an int or a tuple of N ints.
        padding: "valid" (no padding) or "same" (output length `ceil(length / stride)`; the
            extra element of an odd total padding goes at the end, as in TF/Keras).
        data_format: "channels_last" or "channels_first"; None means
            `lamina.backend.image_data_format()`.
        dilation_rate: Gap between kernel taps: an int or a tuple of N ints.

    Returns:
        Tensor of rank N + 2 with `out_channels` channels, in the input's data format, of the
        inputs' promoted float dtype (integer inputs compute in `floatx()`).

    Example:
        >>> import lamina
        >>> x = lamina.ops.convert_to_tensor([[[1.0], [2.0], [3.0], [4.0]]])
        >>> kernel = lamina.ops.convert_to_tensor([[[1.0]], [[-1.0]]])
        >>> y = lamina.ops.conv(x, kernel, data_format="channels_last")
        >>> lamina.ops.convert_to_numpy(y)[0, :, 0].tolist()
        [-1.0, -1.0, -1.0]
    """
    return _b.conv(inputs, kernel, strides, padding, data_format, dilation_rate)


@lamina_op(depthwise_conv_spec)
def depthwise_conv(
    inputs: Any,
    kernel: Any,
    strides: IntOrTuple = 1,
    padding: str = "valid",
    data_format: str | None = None,
    dilation_rate: IntOrTuple = 1,
) -> Tensor:
    """Depthwise N-D convolution: each input channel is convolved with its own filters.

    Args:
        inputs: Tensor of rank N + 2 (N = 1, 2, 3) in `data_format`.
        kernel: Tensor of shape `(*kernel_spatial, in_channels, depth_multiplier)`.
        strides: An int or a tuple of N ints.
        padding: "valid" or "same".
        data_format: "channels_last" or "channels_first"; None means the global default.
        dilation_rate: An int or a tuple of N ints.

    Returns:
        Tensor with `in_channels * depth_multiplier` channels; output channel
        `c * depth_multiplier + m` is input channel `c` convolved with `kernel[..., c, m]`.

    Example:
        >>> import lamina
        >>> x = lamina.ops.convert_to_tensor([[[1.0, 10.0], [2.0, 20.0], [3.0, 30.0]]])
        >>> kernel = lamina.ops.convert_to_tensor([[[1.0], [2.0]], [[1.0], [2.0]]])
        >>> y = lamina.ops.depthwise_conv(x, kernel, data_format="channels_last")
        >>> lamina.ops.convert_to_numpy(y)[0].tolist()
        [[3.0, 60.0], [5.0, 100.0]]
    """
    return _b.depthwise_conv(inputs, kernel, strides, padding, data_format, dilation_rate)


@lamina_op(separable_conv_spec)
def separable_conv(
    inputs: Any,
    depthwise_kernel: Any,
    pointwise_kernel: Any,
    strides: IntOrTuple = 1,
    padding: str = "valid",
    data_format: str | None = None,
    dilation_rate: IntOrTuple = 1,
) -> Tensor:
    """Depthwise convolution followed by a pointwise (1 x ... x 1) convolution.

    Args:
        inputs: Tensor of rank N + 2 (N = 1, 2, 3) in `data_format`.
        depthwise_kernel: Tensor of shape `(*kernel_spatial, in_channels, depth_multiplier)`.
        pointwise_kernel: Tensor of shape
            `(1, ..., 1, in_channels * depth_multiplier, out_channels)`.
        strides: Strides of the depthwise step: an int or a tuple of N ints.
        padding: Padding of the depthwise step: "valid" or "same".
        data_format: "channels_last" or "channels_first"; None means the global default.
        dilation_rate: Dilation of the depthwise step: an int or a tuple of N ints.

    Returns:
        Tensor with `out_channels` channels.

    Example:
        >>> import lamina
        >>> x = lamina.ops.convert_to_tensor([[[1.0, 10.0], [2.0, 20.0], [3.0, 30.0]]])
        >>> depthwise = lamina.ops.convert_to_tensor([[[1.0], [1.0]], [[1.0], [1.0]]])
        >>> pointwise = lamina.ops.convert_to_tensor([[[1.0], [0.5]]])
        >>> y = lamina.ops.separable_conv(x, depthwise, pointwise, data_format="channels_last")
        >>> lamina.ops.convert_to_numpy(y)[0, :, 0].tolist()
        [18.0, 30.0]
    """
    return _b.separable_conv(
        inputs, depthwise_kernel, pointwise_kernel, strides, padding, data_format, dilation_rate
    )


@lamina_op(conv_transpose_spec)
def conv_transpose(
    inputs: Any,
    kernel: Any,
    strides: IntOrTuple = 1,
    padding: str = "valid",
    output_padding: IntOrTuple | None = None,
    data_format: str | None = None,
    dilation_rate: IntOrTuple = 1,
) -> Tensor:
    """Transposed N-D convolution (the gradient of `conv` with respect to its input).

    Each output length follows Keras's rule: with `extent = (k - 1) * dilation + 1`, it is
    `length * stride + max(extent - stride, 0)` ("valid") or `length * stride` ("same") when
    `output_padding` is None, else `(length - 1) * stride + extent - pad + output_padding`
    with `pad = 0` ("valid") or `2 * (extent // 2)` ("same").

    Args:
        inputs: Tensor of rank N + 2 (N = 1, 2, 3) in `data_format`.
        kernel: Tensor of shape `(*kernel_spatial, out_channels, in_channels)`.
        strides: An int or a tuple of N ints.
        padding: "valid" or "same".
        output_padding: None, or an int or tuple of N ints added at the end of each axis.
        data_format: "channels_last" or "channels_first"; None means the global default.
        dilation_rate: An int or a tuple of N ints.

    Returns:
        Tensor with `out_channels` channels.

    Example:
        >>> import lamina
        >>> x = lamina.ops.convert_to_tensor([[[1.0], [2.0]]])
        >>> kernel = lamina.ops.convert_to_tensor([[[1.0]], [[10.0]]])
        >>> y = lamina.ops.conv_transpose(x, kernel, strides=2, data_format="channels_last")
        >>> lamina.ops.convert_to_numpy(y)[0, :, 0].tolist()
        [1.0, 10.0, 2.0, 20.0]
    """
    return _b.conv_transpose(
        inputs, kernel, strides, padding, output_padding, data_format, dilation_rate
    )


@lamina_op(max_pool_spec)
def max_pool(
    inputs: Any,
    pool_size: IntOrTuple,
    strides: IntOrTuple | None = None,
    padding: str = "valid",
    data_format: str | None = None,
) -> Tensor:
    """Maximum over sliding windows of the spatial axes (N = 1, 2, 3).

    Args:
        inputs: Tensor of rank N + 2 in `data_format`.
        pool_size: Window size: an int or a tuple of N ints.
        strides: Step between windows: an int, a tuple of N ints, or None for `pool_size`.
        padding: "valid" or "same" (padded elements never win the maximum).
        data_format: "channels_last" or "channels_first"; None means the global default.

    Returns:
        Tensor of the input's dtype and channels.

    Example:
        >>> import lamina
        >>> x = lamina.ops.convert_to_tensor([[[1.0], [5.0], [2.0], [3.0], [4.0]]])
        >>> y = lamina.ops.max_pool(x, 2, padding="same", data_format="channels_last")
        >>> lamina.ops.convert_to_numpy(y)[0, :, 0].tolist()
        [5.0, 3.0, 4.0]
    """
    return _b.max_pool(inputs, pool_size, strides, padding, data_format)


@lamina_op(average_pool_spec)
def average_pool(
    inputs: Any,
    pool_size: IntOrTuple,
    strides: IntOrTuple | None = None,
    padding: str = "valid",
    data_format: str | None = None,
) -> Tensor:
    """Mean over sliding windows of the spatial axes (N = 1, 2, 3).

    With "same" padding each window averages only its elements inside the input, as in
    TF/Keras (padded elements count neither in the sum nor in the divisor).

    Args:
        inputs: Tensor of rank N + 2 in `data_format`.
        pool_size: Window size: an int or a tuple of N ints.
        strides: Step between windows: an int, a tuple of N ints, or None for `pool_size`.
        padding: "valid" or "same".
        data_format: "channels_last" or "channels_first"; None means the global default.

    Returns:
        Tensor of the input's float dtype (integer inputs average in `floatx()`).

    Example:
        >>> import lamina
        >>> x = lamina.ops.convert_to_tensor([[[1.0], [5.0], [2.0], [3.0], [4.0]]])
        >>> y = lamina.ops.average_pool(x, 2, padding="same", data_format="channels_last")
        >>> lamina.ops.convert_to_numpy(y)[0, :, 0].tolist()
        [3.0, 2.5, 4.0]
    """
    return _b.average_pool(inputs, pool_size, strides, padding, data_format)
