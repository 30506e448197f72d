"""BaseDepthwiseConv: the depthwise convolution behind DepthwiseConv1D and DepthwiseConv2D."""

from __future__ import annotations

from typing import Any

from lamina import constraints, initializers, ops, regularizers
from lamina.backend.common.variables import Variable
from lamina.layers.convolutional import argument_checks
from lamina.layers.convolutional.conv_layer import ConvLayer
from lamina.typing import Shape, Tensor


class BaseDepthwiseConv(ConvLayer):
    """Private base of the depthwise convolution layers: each input channel is convolved with
    its own `depth_multiplier` filters.

    The kernel (named "kernel", as in Keras 3) has the shape
    `(*kernel_size, in_channels, depth_multiplier)` and the bias
    `(in_channels * depth_multiplier,)`; output channel `c * depth_multiplier + m` is input
    channel `c` convolved with `kernel[..., c, m]`.
    """

    def __init__(
        self,
        rank: int,
        depth_multiplier: int,
        kernel_size: Any,
        strides: Any = 1,
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: Any = 1,
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
        self.depth_multiplier = argument_checks.positive_int(
            self, "depth_multiplier", depth_multiplier
        )
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.depthwise_constraint = constraints.get(depthwise_constraint)
        self.kernel: Variable | None = None

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "depth_multiplier": self.depth_multiplier,
                "depthwise_initializer": initializers.serialize(self.depthwise_initializer),
                "depthwise_regularizer": regularizers.serialize(self.depthwise_regularizer),
                "depthwise_constraint": constraints.serialize(self.depthwise_constraint),
            }
        )
        return config

    def _create_kernels(self, channels: int, input_shape: Shape) -> None:
        self.kernel = self.add_weight(
            shape=(*self.kernel_size, channels, self.depth_multiplier),
            initializer=self.depthwise_initializer,
            regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint,
            name="kernel",
        )

    def _output_channels(self, channels: int) -> int:
        return channels * self.depth_multiplier

    def _convolve(self, inputs: Tensor) -> Tensor:
        return ops.depthwise_conv(
            inputs, self.kernel, self.strides, self.padding, self.data_format, self.dilation_rate
        )
