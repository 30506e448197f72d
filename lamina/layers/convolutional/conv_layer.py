"""ConvLayer: the machinery every convolution layer shares.

It owns the window arguments (kernel_size, strides, padding, data_format, dilation_rate), the
bias and the activation, the input checks and the output-shape arithmetic. Subclasses say which
kernels they create (`_create_kernels`), how many channels come out (`_output_channels`) and which
op convolves (`_convolve`).

The eager call stays short: one comparison of the channel count (the ops would otherwise read a
multiple of the built channel count as a grouped convolution), the op, the bias, the activation.
Other bad input is explained only once the op has failed.
"""

from __future__ import annotations

from typing import Any

from lamina import activations, constraints, initializers, ops, regularizers
from lamina.backend.common import conv_args
from lamina.backend.common.variables import Variable
from lamina.layers.convolutional import argument_checks
from lamina.layers.input_spec import InputSpec
from lamina.layers.layer import Layer
from lamina.typing import Shape, Tensor

_ENGINE_ERRORS = (ValueError, TypeError, RuntimeError, IndexError)


class ConvLayer(Layer):
    """Private base of the convolution layers (see the module docstring)."""

    def __init__(
        self,
        rank: int,
        kernel_size: Any,
        strides: Any = 1,
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: Any = 1,
        activation: Any = None,
        use_bias: bool = True,
        bias_initializer: Any = "zeros",
        bias_regularizer: Any = None,
        bias_constraint: Any = None,
        allow_causal: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.rank = rank
        self.kernel_size = argument_checks.int_tuple(self, "kernel_size", kernel_size, rank)
        self.strides = argument_checks.int_tuple(self, "strides", strides, rank)
        self.padding = argument_checks.padding_mode(self, padding, allow_causal)
        self.data_format = argument_checks.data_format_name(self, data_format)
        self.dilation_rate = argument_checks.int_tuple(self, "dilation_rate", dilation_rate, rank)
        argument_checks.strides_with_dilation(self, self.strides, self.dilation_rate)
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.bias_initializer = initializers.get(bias_initializer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.bias_constraint = constraints.get(bias_constraint)
        self.bias: Variable | None = None
        self.input_spec = InputSpec(ndim=rank + 2)
        self._channel_axis = 1 if self.data_format == "channels_first" else -1
        self._input_channels: int | None = None
        self._bias_shape: tuple[int, ...] | None = None
        self._linear = self.activation is activations.linear

    def build(self, input_shape: Shape) -> None:
        shape = self._checked_rank(input_shape)
        channels = shape[self._channel_axis]
        if channels is None:
            raise ValueError(
                f"{self._describe()} needs a known channel axis to build its kernel, received "
                f"input shape {shape} (data_format='{self.data_format}')."
            )
        self._output_spatial(shape)
        self._create_kernels(channels, shape)
        out_channels = self._output_channels(channels)
        if self.use_bias:
            self.bias = self.add_weight(
                shape=(out_channels,),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
                name="bias",
            )
            if self.data_format == "channels_first":
                self._bias_shape = (out_channels,) + (1,) * self.rank
        self._input_channels = channels

    def call(self, inputs: Tensor) -> Tensor:
        if inputs.shape[self._channel_axis] != self._input_channels:
            self._reject_channels(tuple(inputs.shape))
        try:
            outputs = self._convolve(inputs)
        except _ENGINE_ERRORS:
            self._explain_failure(tuple(inputs.shape))
            raise
        if self.bias is not None:
            bias = (
                self.bias if self._bias_shape is None else ops.reshape(self.bias, self._bias_shape)
            )
            outputs = ops.add(outputs, bias)
        if not self._linear:
            outputs = self.activation(outputs)
        return outputs

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        shape = self._checked_rank(input_shape)
        channels = shape[self._channel_axis]
        known = self._input_channels is not None and channels is not None
        if known and channels != self._input_channels:
            self._reject_channels(shape)
        spatial = self._output_spatial(shape)
        out_channels = None if channels is None else self._output_channels(channels)
        return conv_args.with_spatial(shape[0], spatial, out_channels, self.data_format)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "kernel_size": self.kernel_size,
                "strides": self.strides,
                "padding": self.padding,
                "data_format": self.data_format,
                "dilation_rate": self.dilation_rate,
                "activation": activations.serialize(self.activation),
                "use_bias": self.use_bias,
                "bias_initializer": initializers.serialize(self.bias_initializer),
                "bias_regularizer": regularizers.serialize(self.bias_regularizer),
                "bias_constraint": constraints.serialize(self.bias_constraint),
            }
        )
        config.setdefault("activity_regularizer", None)
        return config

    # -- what subclasses provide -------------------------------------------------------------
    def _create_kernels(self, channels: int, input_shape: Shape) -> None:
        raise NotImplementedError

    def _output_channels(self, channels: int) -> int:
        raise NotImplementedError

    def _convolve(self, inputs: Tensor) -> Tensor:
        raise NotImplementedError

    def _output_spatial(self, shape: Shape) -> tuple[int | None, ...]:
        """Output spatial sizes of a (strided, dilated) convolution; raises when a 'valid'
        window does not fit the input."""
        spatial = conv_args.spatial_dims(shape, self.data_format)
        extents = tuple(
            conv_args.dilated_size(k, d) for k, d in zip(self.kernel_size, self.dilation_rate)
        )
        if self.padding == "valid" and any(
            n is not None and n < e for n, e in zip(spatial, extents)
        ):
            raise ValueError(
                f"{self._describe()}: the kernel's spatial extent {extents} (kernel_size="
                f"{self.kernel_size}, dilation_rate={self.dilation_rate}) is larger than the "
                f"input's spatial size {spatial} (input shape {shape}, data_format="
                f"'{self.data_format}') with padding='valid'. Use a larger input, a smaller "
                "kernel_size or dilation_rate, or padding='same'."
            )
        padding = "same" if self.padding == "causal" else self.padding
        return tuple(
            conv_args.output_length(n, k, s, d, padding)
            for n, k, s, d in zip(spatial, self.kernel_size, self.strides, self.dilation_rate)
        )

    # -- checks ------------------------------------------------------------------------------
    def _describe(self) -> str:
        return f"{type(self).__name__} '{self.name}'"

    def _checked_rank(self, input_shape: Any) -> Shape:
        shape = tuple(input_shape)
        if len(shape) != self.rank + 2:
            layout = (
                "channels, *spatial"
                if self.data_format == "channels_first"
                else "*spatial, channels"
            )
            raise ValueError(
                f"{self._describe()} expects inputs of rank {self.rank + 2} (batch, {layout}) "
                f"with {self.rank} spatial axes, received input shape {shape}."
            )
        return shape

    def _reject_channels(self, shape: Shape) -> None:
        shape = self._checked_rank(shape)
        kernel = self.weights[0]
        raise ValueError(
            f"{self._describe()} was built for inputs with {self._input_channels} channels "
            f"({kernel.name} shape {tuple(kernel.shape)}) but received an input of shape {shape} "
            f"with {shape[self._channel_axis]} channels on axis {self._channel_axis} "
            f"(data_format='{self.data_format}'). Use a new layer for this input, or check "
            "data_format."
        )

    def _explain_failure(self, shape: Shape) -> None:
        """Raises a message naming the layer when `shape` explains why the op failed."""
        if len(shape) == self.rank + 2:
            self._output_spatial(shape)
