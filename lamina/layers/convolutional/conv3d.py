"""Conv3D: the 3D (volumetric) convolution layer."""

from __future__ import annotations

from typing import Any

from lamina.layers.convolutional.base_conv import BaseConv


class Conv3D(BaseConv):
    """3D (volumetric) convolution: `activation(conv(inputs, kernel) + bias)`.

    The kernel has Keras's shape `(*kernel_size, in_channels // groups, filters)`; the bias
    `(filters,)`.

    Args:
        filters: Number of output channels; a positive int divisible by `groups`.
        kernel_size: Window size: an int or a tuple of 3 ints.
        strides: Step between windows: an int or a tuple of 3 ints. Cannot exceed 1 together
            with `dilation_rate`.
        padding: "valid" (no padding) or "same" (pad so that the output length is
            `ceil(length / stride)`, any odd extra element at the end); case-insensitive.
        data_format: "channels_last" (`(batch, dim1, dim2, dim3, channels)`) or "channels_first"
            (`(batch, channels, dim1, dim2, dim3)`); None uses
            `lamina.config.image_data_format()`.
        dilation_rate: Gap between kernel taps: an int or a tuple of 3 ints.
        groups: Number of channel groups, each convolved with its own `filters // groups`
            filters; the input channels must be divisible by it.
        activation: Name or callable applied last; None leaves the result linear.
        use_bias: Whether to learn an additive bias.
        kernel_initializer: Initializer of the kernel.
        bias_initializer: Initializer of the bias.
        kernel_regularizer, bias_regularizer: Optional regularizers of the kernel and bias.
        activity_regularizer: Optional regularizer of the output.
        kernel_constraint, bias_constraint: Optional constraints applied after each update.

    Input shape: `(batch, dim1, dim2, dim3, channels)` ("channels_last") or
    `(batch, channels, dim1, dim2, dim3)` ("channels_first").
    Output shape: `(batch, new_dim1, new_dim2, new_dim3, filters)` or
    `(batch, filters, new_dim1, new_dim2, new_dim3)`.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.Conv3D(4, (2, 3, 3))
        >>> tuple(layer(lamina.ops.ones((1, 4, 6, 6, 2))).shape)
        (1, 3, 4, 4, 4)
        >>> tuple(layer.kernel.shape)
        (2, 3, 3, 2, 4)
    """

    def __init__(
        self,
        filters: int,
        kernel_size: int | tuple[int, ...],
        strides: int | tuple[int, ...] = (1, 1, 1),
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: int | tuple[int, ...] = (1, 1, 1),
        groups: int = 1,
        activation: Any = None,
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        kernel_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        bias_constraint: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            rank=3,
            filters=filters,
            kernel_size=kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            groups=groups,
            activation=activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint,
            **kwargs,
        )
