"""Conv3DTranspose: the 3D (volumetric) transposed convolution layer."""

from __future__ import annotations

from typing import Any

from lamina.layers.convolutional.base_conv_transpose import BaseConvTranspose


class Conv3DTranspose(BaseConvTranspose):
    """3D (volumetric) transposed convolution (sometimes called deconvolution): maps inputs shaped
    like a convolution's output back to the shape of its input, e.g. to upsample.

    The kernel has Keras's shape `(*kernel_size, filters, in_channels)`; the bias `(filters,)`.
    Each output length is `length * stride` ("same") or
    `length * stride + max(extent - stride, 0)` ("valid"), with
    `extent = (kernel_size - 1) * dilation_rate + 1`; with `output_padding` it is
    `(length - 1) * stride + extent - pad + output_padding`, `pad` being 0 ("valid") or
    `2 * (extent // 2)` ("same").

    Args:
        filters: Number of output channels; a positive int.
        kernel_size: Window size: an int or a tuple of 3 ints.
        strides: Step between windows: an int or a tuple of 3 ints. Cannot exceed 1 together
            with `dilation_rate`.
        padding: "valid" or "same" (case-insensitive); see the output lengths above.
        data_format: "channels_last" (`(batch, dim1, dim2, dim3, channels)`) or "channels_first"
            (`(batch, channels, dim1, dim2, dim3)`); None uses
            `lamina.config.image_data_format()`.
        dilation_rate: Gap between kernel taps: an int or a tuple of 3 ints.
        activation: Name or callable applied last; None leaves the result linear.
        use_bias: Whether to learn an additive bias.
        kernel_initializer: Initializer of the kernel.
        bias_initializer: Initializer of the bias.
        kernel_regularizer, bias_regularizer: Optional regularizers of the kernel and bias.
        activity_regularizer: Optional regularizer of the output.
        kernel_constraint, bias_constraint: Optional constraints applied after each update.
        output_padding: None, or an int or a tuple of 3 ints, each smaller
            than its stride: extra length added at the end of each output axis. Keyword-only in
            practice: Keras 3 places `data_format` fifth, so this argument comes last.

    Input shape: `(batch, dim1, dim2, dim3, channels)` ("channels_last") or
    `(batch, channels, dim1, dim2, dim3)` ("channels_first").
    Output shape: `(batch, new_dim1, new_dim2, new_dim3, filters)` or
    `(batch, filters, new_dim1, new_dim2, new_dim3)`.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.Conv3DTranspose(4, 2, strides=2)
        >>> tuple(layer(lamina.ops.ones((1, 2, 3, 4, 5))).shape)
        (1, 4, 6, 8, 4)
        >>> tuple(layer.kernel.shape)
        (2, 2, 2, 4, 5)
    """

    def __init__(
        self,
        filters: int,
        kernel_size: int | tuple[int, ...],
        strides: int | tuple[int, ...] = (1, 1, 1),
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: int | tuple[int, ...] = (1, 1, 1),
        activation: Any = None,
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        kernel_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        bias_constraint: Any = None,
        output_padding: int | tuple[int, ...] | None = None,
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
            activation=activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint,
            output_padding=output_padding,
            **kwargs,
        )
