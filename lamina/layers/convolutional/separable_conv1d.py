"""SeparableConv1D: the 1D (temporal) separable convolution layer."""

from __future__ import annotations

from typing import Any

from lamina.layers.convolutional.base_separable_conv import BaseSeparableConv


class SeparableConv1D(BaseSeparableConv):
    """1D (temporal) separable convolution: a depthwise convolution (each channel with its own
    `depth_multiplier` filters) followed by a pointwise one that mixes channels into `filters`.

    Weights, in Keras's order: "depthwise_kernel" `(*kernel_size, in_channels,
    depth_multiplier)`, "pointwise_kernel" `(1, in_channels * depth_multiplier, filters)`,
    "bias" `(filters,)`. Strides, padding and dilation apply to the depthwise step.

    Args:
        filters: Number of output channels; a positive int.
        kernel_size: Window size: an int or a tuple of 1 int.
        strides: Step between windows: an int or a tuple of 1 int. Cannot exceed 1 together
            with `dilation_rate`.
        padding: "valid" (no padding) or "same" (pad so that the output length is
            `ceil(length / stride)`, any odd extra element at the end); case-insensitive.
        data_format: "channels_last" (`(batch, steps, channels)`) or "channels_first"
            (`(batch, channels, steps)`); None uses
            `lamina.config.image_data_format()`.
        dilation_rate: Gap between kernel taps: an int or a tuple of 1 int.
        depth_multiplier: Number of depthwise filters per input channel; a positive int.
        activation: Name or callable applied last; None leaves the result linear.
        use_bias: Whether to learn an additive bias.
        depthwise_initializer, pointwise_initializer: Initializers of the two kernels.
        bias_initializer: Initializer of the bias.
        depthwise_regularizer, pointwise_regularizer, bias_regularizer: Optional regularizers.
        activity_regularizer: Optional regularizer of the output.
        depthwise_constraint, pointwise_constraint, bias_constraint: Optional constraints
            applied after each update.

    Input shape: `(batch, steps, channels)` ("channels_last") or
    `(batch, channels, steps)` ("channels_first").
    Output shape: `(batch, new_steps, filters)` or
    `(batch, filters, new_steps)`.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.SeparableConv1D(6, 3, depth_multiplier=2)
        >>> tuple(layer(lamina.ops.ones((2, 10, 4))).shape)
        (2, 8, 6)
        >>> [tuple(w.shape) for w in layer.weights]
        [(3, 4, 2), (1, 8, 6), (6,)]
    """

    def __init__(
        self,
        filters: int,
        kernel_size: int | tuple[int, ...],
        strides: int | tuple[int, ...] = 1,
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: int | tuple[int, ...] = 1,
        depth_multiplier: int = 1,
        activation: Any = None,
        use_bias: bool = True,
        depthwise_initializer: Any = "glorot_uniform",
        pointwise_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        depthwise_regularizer: Any = None,
        pointwise_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        depthwise_constraint: Any = None,
        pointwise_constraint: Any = None,
        bias_constraint: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            rank=1,
            filters=filters,
            kernel_size=kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            depth_multiplier=depth_multiplier,
            activation=activation,
            use_bias=use_bias,
            depthwise_initializer=depthwise_initializer,
            pointwise_initializer=pointwise_initializer,
            bias_initializer=bias_initializer,
            depthwise_regularizer=depthwise_regularizer,
            pointwise_regularizer=pointwise_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            depthwise_constraint=depthwise_constraint,
            pointwise_constraint=pointwise_constraint,
            bias_constraint=bias_constraint,
            **kwargs,
        )
