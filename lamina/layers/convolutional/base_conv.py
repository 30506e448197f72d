"""BaseConv: the N-D convolution behind Conv1D, Conv2D and Conv3D."""

from __future__ import annotations

from typing import Any

from lamina import constraints, initializers, ops, regularizers
from lamina.backend.common.variables import Variable
from lamina.layers.convolutional import argument_checks
from lamina.layers.convolutional.conv_layer import ConvLayer
from lamina.typing import Shape, Tensor


class BaseConv(ConvLayer):
    """Private base of the N-D convolution layers: `activation(conv(inputs, kernel) + bias)`.

    The kernel has Keras's shape `(*kernel_size, in_channels // groups, filters)` and the bias
    `(filters,)`, created in that order. `padding="causal"` (rank 1 only) pads
    `dilation_rate * (kernel_size - 1)` steps at the start of the time axis, so that output step
    `t` sees only inputs up to `t`.
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
            allow_causal=rank == 1,
            activity_regularizer=activity_regularizer,
            **kwargs,
        )
        self.filters = argument_checks.positive_int(self, "filters", filters)
        self.groups = argument_checks.positive_int(self, "groups", groups)
        if self.filters % self.groups:
            raise ValueError(
                f"{self._describe()}: filters must be divisible by groups, received "
                f"filters={self.filters} and groups={self.groups}."
            )
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.kernel: Variable | None = None
        self._causal_pads = None
        if self.padding == "causal":
            left = self.dilation_rate[0] * (self.kernel_size[0] - 1)
            time_axis = 2 if self.data_format == "channels_first" else 1
            self._causal_pads = [(left, 0) if axis == time_axis else (0, 0) for axis in range(3)]

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "filters": self.filters,
                "groups": self.groups,
                "kernel_initializer": initializers.serialize(self.kernel_initializer),
                "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
                "kernel_constraint": constraints.serialize(self.kernel_constraint),
            }
        )
        return config

    def _create_kernels(self, channels: int, input_shape: Shape) -> None:
        if channels % self.groups:
            raise ValueError(
                f"{self._describe()}: the input's {channels} channels must be divisible by "
                f"groups={self.groups}, received input shape {tuple(input_shape)} "
                f"(data_format='{self.data_format}')."
            )
        self.kernel = self.add_weight(
            shape=(*self.kernel_size, channels // self.groups, self.filters),
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
            name="kernel",
        )

    def _output_channels(self, channels: int) -> int:
        return self.filters

    def _convolve(self, inputs: Tensor) -> Tensor:
        padding = self.padding
        if self._causal_pads is not None:
            inputs = ops.pad(inputs, self._causal_pads)
            padding = "valid"
        return ops.conv(
            inputs, self.kernel, self.strides, padding, self.data_format, self.dilation_rate
        )
