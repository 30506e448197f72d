"""NumPy references of the convolution layers, independent of lamina (tiny sizes only).

The plain, grouped and depthwise convolutions are the loop references of tests/ops; this module
adds causal padding, separable convolution, the transposed convolution for both paddings and
`output_padding` (a scatter-add, then the window Keras's length rule selects), and the layer
formula `activation(conv + bias)` in either data format.
"""

from __future__ import annotations

import numpy as np

from tests.ops.conv_reference import (
    as_tuple,
    conv_reference,
    depthwise_reference,
    from_last,
    to_last,
)

__all__ = [
    "causal_conv_reference",
    "conv_reference",
    "depthwise_reference",
    "layer_output",
    "separable_reference",
    "transpose_length",
    "transpose_reference",
]


def causal_conv_reference(x, kernel, strides=1, data_format="channels_last", dilation_rate=1):
    """1D convolution of `x` padded with `dilation * (size - 1)` zeros before the first step."""
    x = to_last(np.asarray(x, np.float64), data_format)
    (dilation,) = as_tuple(dilation_rate, 1)
    left = dilation * (kernel.shape[0] - 1)
    padded = np.pad(x, [(0, 0), (left, 0), (0, 0)])
    result = conv_reference(padded, kernel, strides, "valid", "channels_last", dilation_rate)
    return from_last(result, data_format)


def separable_reference(
    x,
    depthwise_kernel,
    pointwise_kernel,
    strides=1,
    padding="valid",
    data_format="channels_last",
    dilation_rate=1,
):
    """Depthwise convolution, then a 1 x ... x 1 convolution mixing its channels."""
    hidden = depthwise_reference(x, depthwise_kernel, strides, padding, data_format, dilation_rate)
    return conv_reference(hidden, pointwise_kernel, 1, "valid", data_format, 1)


def transpose_length(length, size, stride, dilation, padding, output_padding):
    """Keras's output length of a transposed convolution along one axis."""
    extent = (size - 1) * dilation + 1
    if output_padding is None:
        return length * stride + max(extent - stride, 0) if padding == "valid" else length * stride
    removed = 0 if padding == "valid" else 2 * (extent // 2)
    return (length - 1) * stride + extent - removed + output_padding


def transpose_reference(
    x,
    kernel,
    strides=1,
    padding="valid",
    output_padding=None,
    data_format="channels_last",
    dilation_rate=1,
):
    """Transposed convolution; `kernel` is `(*k, out, in)`.

    Every input position scatters `kernel[tap] @ x[position]` to `position * stride +
    tap * dilation` of a "full" result. The output is the window of the full result (zeros past
    its end) that the matching forward convolution would have read: it starts at that
    convolution's "same" padding before the first element, at 0 for "valid".
    """
    x = to_last(np.asarray(x, np.float64), data_format)
    kernel = np.asarray(kernel, np.float64)
    rank = x.ndim - 2
    strides, dilations = as_tuple(strides, rank), as_tuple(dilation_rate, rank)
    extras = as_tuple(output_padding, rank)
    sizes = kernel.shape[:rank]
    full_lengths = [
        (n - 1) * s + (k - 1) * d + 1
        for n, k, s, d in zip(x.shape[1:-1], sizes, strides, dilations)
    ]
    lengths = [
        transpose_length(n, k, s, d, padding, e)
        for n, k, s, d, e in zip(x.shape[1:-1], sizes, strides, dilations, extras)
    ]
    starts = [0] * rank
    if padding == "same":
        starts = [max(f - n, 0) // 2 for f, n in zip(full_lengths, lengths)]
    full = np.zeros((x.shape[0], *(f + n for f, n in zip(full_lengths, lengths)), kernel.shape[-2]))
    for position in np.ndindex(*x.shape[1:-1]):
        for tap in np.ndindex(*sizes):
            index = tuple(p * s + t * d for p, t, s, d in zip(position, tap, strides, dilations))
            full[(slice(None), *index, slice(None))] += (
                x[(slice(None), *position, slice(None))] @ kernel[tap].T
            )
    window = tuple(slice(start, start + n) for start, n in zip(starts, lengths))
    return from_last(full[(slice(None), *window, slice(None))], data_format)


def layer_output(conv_result, bias=None, data_format="channels_last", activation=None):
    """`activation(conv_result + bias)`, the bias on the channel axis of `data_format`."""
    result = np.asarray(conv_result, np.float64)
    if bias is not None:
        shape = (1, -1) + (1,) * (result.ndim - 2)
        if data_format == "channels_last":
            shape = (1,) * (result.ndim - 1) + (-1,)
        result = result + np.reshape(bias, shape)
    if activation == "relu":
        result = np.maximum(result, 0.0)
    return result
