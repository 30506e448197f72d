"""DepthwiseConv1D: the 1D (temporal) depthwise convolution layer."""

from __future__ import annotations

from typing import Any

from lamina.layers.convolutional.base_depthwise_conv import BaseDepthwiseConv


class DepthwiseConv1D(BaseDepthwiseConv):
    """1D (temporal) depthwise convolution: each input channel is convolved with its own
    `depth_multiplier` filters, without mixing channels.

    The kernel (named "kernel", as in Keras 3) has the shape
    `(*kernel_size, in_channels, depth_multiplier)`; the bias
    `(in_channels * depth_multiplier,)`. Output channel `c * depth_multiplier + m` is input
    channel `c` convolved with `kernel[..., c, m]`.

    Args:
        kernel_size: Window size: an int or a tuple of 1 int.
        strides: Step between windows: an int or a tuple of 1 int. Cannot exceed 1 together
            with `dilation_rate`.
        padding: "valid" (no padding) or "same" (pad so that the output length is
            `ceil(length / stride)`, any odd extra element at the end); case-insensitive.
        data_format: "channels_last" (`(batch, steps, channels)`) or "channels_first"
            (`(batch, channels, steps)`); None uses
            `lamina.config.image_data_format()`.
        dilation_rate: Gap between kernel taps: an int or a tuple of 1 int.
        depth_multiplier: Number of filters per input channel; a positive int.
        activation: Name or callable applied last; None leaves the result linear.
        use_bias: Whether to learn an additive bias.
        depthwise_initializer: Initializer of the kernel.
        bias_initializer: Initializer of the bias.
        depthwise_regularizer, bias_regularizer: Optional regularizers of the kernel and bias.
        activity_regularizer: Optional regularizer of the output.
        depthwise_constraint, bias_constraint: Optional constraints applied after each update.

    Input shape: `(batch, steps, channels)` ("channels_last") or
    `(batch, channels, steps)` ("channels_first").
    Output shape: `(batch, new_steps, channels * depth_multiplier)` or
    `(batch, channels * depth_multiplier, new_steps)`.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.DepthwiseConv1D(3, depth_multiplier=2)
        >>> tuple(layer(lamina.ops.ones((2, 10, 4))).shape)
        (2, 8, 8)
        >>> tuple(layer.kernel.shape)
        (3, 4, 2)
    """

    def __init__(
        self,
        kernel_size: int | tuple[int, ...],
        strides: int | tuple[int, ...] = 1,
        padding: str = "valid",
        depth_multiplier: int = 1,
        data_format: str | None = None,
        dilation_rate: int | tuple[int, ...] = 1,
        activation: Any = None,
        use_bias: bool = True,
        depthwise_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        depthwise_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        depthwise_constraint: Any = None,
        bias_constraint: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            rank=1,
            kernel_size=kernel_size,
            strides=strides,
            padding=padding,
            depth_multiplier=depth_multiplier,
            data_format=data_format,
            dilation_rate=dilation_rate,
            activation=activation,
            use_bias=use_bias,
            depthwise_initializer=depthwise_initializer,
            bias_initializer=bias_initializer,
            depthwise_regularizer=depthwise_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            depthwise_constraint=depthwise_constraint,
            bias_constraint=bias_constraint,
            **kwargs,
        )
