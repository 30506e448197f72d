"""BaseConvTranspose: the transposed convolution behind Conv1DTranspose, Conv2DTranspose and
Conv3DTranspose."""

from __future__ import annotations

from typing import Any

from lamina import constraints, initializers, ops, regularizers
from lamina.backend.common import conv_args
from lamina.backend.common.variables import Variable
from lamina.layers.convolutional import argument_checks
from lamina.layers.convolutional.conv_layer import ConvLayer
from lamina.typing import Shape, Tensor


class BaseConvTranspose(ConvLayer):
    """Private base of the transposed convolution layers (the gradient of a convolution with
    respect to its input, used to upsample).

    The kernel has Keras's shape `(*kernel_size, filters, in_channels)` and the bias
    `(filters,)`. Each output length is `length * stride` ("same") or
    `length * stride + max(extent - stride, 0)` ("valid") with
    `extent = (kernel_size - 1) * dilation_rate + 1`; an `output_padding` instead makes it
    `(length - 1) * stride + extent - pad + output_padding`, with `pad = 0` ("valid") or
    `2 * (extent // 2)` ("same").
    """

    def __init__(
        self,
        rank: int,
        filters: int,
        kernel_size: Any,
        strides: Any = 1,
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: Any = 1,
        activation: Any = None,
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        kernel_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        bias_constraint: Any = None,
        output_padding: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            rank,
            kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            activation=activation,
            use_bias=use_bias,
            bias_initializer=bias_initializer,
            bias_regularizer=bias_regularizer,
            bias_constraint=bias_constraint,
            activity_regularizer=activity_regularizer,
            **kwargs,
        )
        self.filters = argument_checks.positive_int(self, "filters", filters)
        self.output_padding = None
        if output_padding is not None:
            self.output_padding = argument_checks.int_tuple(
                self, "output_padding", output_padding, rank, minimum=0
            )
            if any(p >= s for p, s in zip(self.output_padding, self.strides)):
                raise ValueError(
                    f"{self._describe()}: each output_padding must be smaller than its stride, "
                    f"received output_padding={self.output_padding} and strides={self.strides}."
                )
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.kernel: Variable | None = None

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "filters": self.filters,
                "kernel_initializer": initializers.serialize(self.kernel_initializer),
                "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
                "kernel_constraint": constraints.serialize(self.kernel_constraint),
            }
        )
        if self.output_padding is not None:
            # Only when set: Keras 3's transposed layers do not list this argument.
            config["output_padding"] = self.output_padding
        return config

    def _create_kernels(self, channels: int, input_shape: Shape) -> None:
        self.kernel = self.add_weight(
            shape=(*self.kernel_size, self.filters, channels),
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
            name="kernel",
        )

    def _output_channels(self, channels: int) -> int:
        return self.filters

    def _output_spatial(self, shape: Shape) -> tuple[int | None, ...]:
        extras = self.output_padding or (None,) * self.rank
        return tuple(
            conv_args.transpose_output_length(n, k, s, d, self.padding, e)
            for n, k, s, d, e in zip(
                conv_args.spatial_dims(shape, self.data_format),
                self.kernel_size,
                self.strides,
                self.dilation_rate,
                extras,
            )
        )

    def _convolve(self, inputs: Tensor) -> Tensor:
        return ops.conv_transpose(
            inputs,
            self.kernel,
            self.strides,
            self.padding,
            self.output_padding,
            self.data_format,
            self.dilation_rate,
        )
