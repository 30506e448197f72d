"""Torch backend: convolutions and pools on torch.nn.functional.

channels_last inputs are permuted (a view, no copy) to the NC... order torch's functions take;
such a view is in torch's channels_last memory format, which its CPU (oneDNN) and CUDA (cuDNN)
kernels take as it is, returning a channels_last result whose permutation back is again a
contiguous tensor: no activation is ever transposed in memory. Torch has no channels_last format
for 1D (rank-3) tensors, so 1D convolutions and pools of channels_last inputs run as 2D ones over
a unit height (`_as_2d`), which keeps them copy-free too. Kernels are permuted views. "same"
padding is passed to torch when it is symmetric; only the asymmetric case (even kernels) pads
explicitly.
"""

from __future__ import annotations

from typing import Any

import torch
import torch.nn.functional as F

from lamina.backend.common import conv_args, dtypes
from lamina.backend.common.config import floatx, standardize_data_format
from lamina.backend.torch.core import convert_to_tensor, to_engine_dtype

_CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
_CONV_TRANSPOSE = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}
_MAX_POOL = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}
_AVG_POOL = {1: F.avg_pool1d, 2: F.avg_pool2d, 3: F.avg_pool3d}


def _float_inputs(*xs: Any) -> list[torch.Tensor]:
    tensors = [convert_to_tensor(x) for x in xs]
    first = tensors[0]
    if first.is_floating_point() and all(t.dtype == first.dtype for t in tensors):
        return tensors
    name = dtypes.result_type(*(str(t.dtype)[len("torch.") :] for t in tensors))
    target = to_engine_dtype(name if name in dtypes.FLOAT_TYPES else floatx())
    return [t.to(target) for t in tensors]


def _to_first(x: torch.Tensor, data_format: str) -> torch.Tensor:
    if data_format == "channels_first":
        return x
    return x.permute(0, x.ndim - 1, *range(1, x.ndim - 1))


def _from_first(x: torch.Tensor, data_format: str) -> torch.Tensor:
    if data_format == "channels_first":
        return x
    return x.permute(0, *range(2, x.ndim), 1)


def _as_2d(x: torch.Tensor, data_format: str) -> bool:
    """Whether `x` is a channels_last 1D input, to run as a 2D one of height 1 (see above).

    The unit axis comes and goes by unsqueeze/squeeze, whose gradients are views too (indexing
    it away would cost a zero-filled gradient buffer).
    """
    return x.ndim == 3 and data_format == "channels_last"


def _with_unit_axis(op_name: str, name: str, value: Any, allow_none: bool = False) -> Any:
    """A 1D argument (int or 1-tuple) as the 2D one for a leading axis of length 1."""
    if value is None and allow_none:
        return None
    (value,) = conv_args.normalize_tuple(op_name, name, value, 1)
    return (1, value)


def _kernel_to_torch(kernel: torch.Tensor) -> torch.Tensor:
    """(*k, a, b) -> (b, a, *k): Keras's kernel layout to torch's weight layout."""
    rank = kernel.ndim - 2
    return kernel.permute(rank + 1, rank, *range(rank))


def _torch_padding(
    x: torch.Tensor, pads: list[tuple[int, int]], value: float = 0.0
) -> tuple[torch.Tensor, tuple[int, ...]]:
    """Returns `x` and the symmetric padding torch takes; pads `x` itself if asymmetric."""
    if all(before == after for before, after in pads):
        return x, tuple(before for before, _ in pads)
    flat = [amount for before, after in reversed(pads) for amount in (before, after)]
    return F.pad(x, flat, value=value), (0,) * len(pads)


def _conv_first(
    x: torch.Tensor,
    weight: torch.Tensor,
    strides: Any,
    padding: str,
    dilation_rate: Any,
    groups: int,
) -> torch.Tensor:
    """Convolution of an NC... tensor with a torch-layout weight."""
    rank = conv_args.spatial_rank(x.ndim)
    strides = conv_args.normalize_tuple("conv", "strides", strides, rank)
    dilations = conv_args.normalize_tuple("conv", "dilation_rate", dilation_rate, rank)
    padding = conv_args.normalize_padding("conv", padding)
    sizes = tuple(weight.shape[2:])
    pads = conv_args.pads(tuple(x.shape[2:]), sizes, strides, dilations, padding)
    x, symmetric = _torch_padding(x, pads)
    return _CONV[rank](x, weight, None, strides, symmetric, dilations, groups)


def conv(
    inputs: Any,
    kernel: Any,
    strides: Any = 1,
    padding: str = "valid",
    data_format: str | None = None,
    dilation_rate: Any = 1,
) -> torch.Tensor:
    data_format = standardize_data_format(data_format)
    x, kernel = _float_inputs(inputs, kernel)
    if _as_2d(x, data_format):
        strides = _with_unit_axis("conv", "strides", strides)
        dilation_rate = _with_unit_axis("conv", "dilation_rate", dilation_rate)
        lifted = conv(
            x.unsqueeze(1), kernel.unsqueeze(0), strides, padding, data_format, dilation_rate
        )
        return lifted.squeeze(1)
    x = _to_first(x, data_format)
    groups = x.shape[1] // kernel.shape[-2]
    result = _conv_first(x, _kernel_to_torch(kernel), strides, padding, dilation_rate, groups)
    return _from_first(result, data_format)


def depthwise_conv(
    inputs: Any,
    kernel: Any,
    strides: Any = 1,
    padding: str = "valid",
    data_format: str | None = None,
    dilation_rate: Any = 1,
) -> torch.Tensor:
    data_format = standardize_data_format(data_format)
    x, kernel = _float_inputs(inputs, kernel)
    if _as_2d(x, data_format):
        strides = _with_unit_axis("depthwise_conv", "strides", strides)
        dilation_rate = _with_unit_axis("depthwise_conv", "dilation_rate", dilation_rate)
        lifted = depthwise_conv(
            x.unsqueeze(1), kernel.unsqueeze(0), strides, padding, data_format, dilation_rate
        )
        return lifted.squeeze(1)
    x = _to_first(x, data_format)
    channels, multiplier = kernel.shape[-2:]
    # (*k, C, M) -> (C * M, 1, *k): output channel c * M + m filters input channel c.
    weight = kernel.reshape(*kernel.shape[:-2], 1, channels * multiplier)
    weight = _kernel_to_torch(weight)
    result = _conv_first(x, weight, strides, padding, dilation_rate, channels)
    return _from_first(result, data_format)


def separable_conv(
    inputs: Any,
    depthwise_kernel: Any,
    pointwise_kernel: Any,
    strides: Any = 1,
    padding: str = "valid",
    data_format: str | None = None,
    dilation_rate: Any = 1,
) -> torch.Tensor:
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
) -> torch.Tensor:
    data_format = standardize_data_format(data_format)
    x, kernel = _float_inputs(inputs, kernel)
    if _as_2d(x, data_format):
        name = "conv_transpose"
        strides = _with_unit_axis(name, "strides", strides)
        dilation_rate = _with_unit_axis(name, "dilation_rate", dilation_rate)
        if output_padding is not None:
            (extra,) = conv_args.normalize_output_padding(name, output_padding, 1)
            output_padding = (0, extra)
        lifted = conv_transpose(
            x.unsqueeze(1),
            kernel.unsqueeze(0),
            strides,
            padding,
            output_padding,
            data_format,
            dilation_rate,
        )
        return lifted.squeeze(1)
    x = _to_first(x, data_format)
    rank = conv_args.spatial_rank(x.ndim)
    strides = conv_args.normalize_tuple("conv_transpose", "strides", strides, rank)
    dilations = conv_args.normalize_tuple("conv_transpose", "dilation_rate", dilation_rate, rank)
    padding = conv_args.normalize_padding("conv_transpose", padding)
    extras = conv_args.normalize_output_padding("conv_transpose", output_padding, rank)
    # Keras's (*k, out, in) kernel, permuted, is torch's transposed weight (in, out, *k).
    weight = _kernel_to_torch(kernel)
    crops, ends = [], []
    for n, k, s, d, e in zip(x.shape[2:], weight.shape[2:], strides, dilations, extras):
        length, crop = conv_args.transpose_window(n, k, s, d, padding, e)
        crops.append(crop)
        # How far the output reaches past the full result's end (negative: drops elements).
        ends.append(crop + length - ((n - 1) * s + conv_args.dilated_size(k, d)))
    tails = [crop + end for crop, end in zip(crops, ends)]
    if all(0 <= t < max(s, d) for t, s, d in zip(tails, strides, dilations)):
        result = _CONV_TRANSPOSE[rank](x, weight, None, strides, crops, tails, 1, dilations)
    else:
        # torch's output_padding must stay below max(stride, dilation): crop or pad the full
        # result instead (F.pad crops with negative amounts).
        result = _CONV_TRANSPOSE[rank](x, weight, None, strides, 0, 0, 1, dilations)
        flat = [v for crop, end in zip(reversed(crops), reversed(ends)) for v in (-crop, end)]
        result = F.pad(result, flat)
    return _from_first(result, data_format)


def _pool_args(
    op_name: str, x: torch.Tensor, pool_size: Any, strides: Any, padding: str
) -> tuple[tuple[int, ...], tuple[int, ...], list[tuple[int, int]]]:
    rank = conv_args.spatial_rank(x.ndim)
    sizes = conv_args.normalize_tuple(op_name, "pool_size", pool_size, rank)
    steps = sizes
    if strides is not None:
        steps = conv_args.normalize_tuple(op_name, "strides", strides, rank)
    padding = conv_args.normalize_padding(op_name, padding)
    pads = conv_args.pads(tuple(x.shape[2:]), sizes, steps, (1,) * rank, padding)
    return sizes, steps, pads


def max_pool(
    inputs: Any,
    pool_size: Any,
    strides: Any = None,
    padding: str = "valid",
    data_format: str | None = None,
) -> torch.Tensor:
    data_format = standardize_data_format(data_format)
    x = convert_to_tensor(inputs)
    if _as_2d(x, data_format):
        pool_size = _with_unit_axis("max_pool", "pool_size", pool_size)
        strides = _with_unit_axis("max_pool", "strides", strides, allow_none=True)
        return max_pool(x.unsqueeze(1), pool_size, strides, padding, data_format).squeeze(1)
    dtype = x.dtype
    if not x.is_floating_point():
        # Pool kernels are float-only on some devices; float64 holds int32 exactly.
        x = x.to(torch.float64)
    x = _to_first(x, data_format)
    sizes, steps, pads = _pool_args("max_pool", x, pool_size, strides, padding)
    x, symmetric = _torch_padding(x, pads, value=-float("inf"))
    result = _MAX_POOL[x.ndim - 2](x, sizes, steps, symmetric)
    return _from_first(result, data_format).to(dtype)


def average_pool(
    inputs: Any,
    pool_size: Any,
    strides: Any = None,
    padding: str = "valid",
    data_format: str | None = None,
) -> torch.Tensor:
    data_format = standardize_data_format(data_format)
    (x,) = _float_inputs(inputs)
    if _as_2d(x, data_format):
        pool_size = _with_unit_axis("average_pool", "pool_size", pool_size)
        strides = _with_unit_axis("average_pool", "strides", strides, allow_none=True)
        return average_pool(x.unsqueeze(1), pool_size, strides, padding, data_format).squeeze(1)
    x = _to_first(x, data_format)
    sizes, steps, pads = _pool_args("average_pool", x, pool_size, strides, padding)
    pool = _AVG_POOL[x.ndim - 2]
    if all(before == after for before, after in pads):
        symmetric = tuple(before for before, _ in pads)
        result = pool(x, sizes, steps, symmetric, count_include_pad=False)
        return _from_first(result, data_format)
    # Asymmetric "same": pad with zeros, then divide by the share of real elements per window.
    padded, _ = _torch_padding(x, pads)
    ones = torch.ones((1, 1, *x.shape[2:]), dtype=x.dtype, device=x.device)
    share = pool(_torch_padding(ones, pads)[0], sizes, steps)
    return _from_first(pool(padded, sizes, steps) / share, data_format)
