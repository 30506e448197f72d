"""ConvLSTMCell: one step of a convolutional LSTM (Shi et al., 2015), the cell of ConvLSTM1D,
ConvLSTM2D and ConvLSTM3D."""

from __future__ import annotations

from typing import Any

from lamina import activations, constraints, initializers, ops, random, regularizers
from lamina.backend.common import conv_args
from lamina.layers.convolutional import argument_checks
from lamina.layers.layer import Layer
from lamina.layers.rnn.dropout_rnn_cell import DropoutRNNCell
from lamina.layers.rnn.lstm import _UnitForgetBias
from lamina.typing import Shape, Tensor


class ConvLSTMCell(Layer, DropoutRNNCell):
    """One ConvLSTM step: an LSTM whose matrix products are convolutions.

    `z = conv(x, W) + conv_same(h, U) + b`, split along the channel axis into `i, f, g, o`;
    `c' = σ(f) c + σ(i) tanh(g)`, `h' = σ(o) tanh(c')` (σ = `recurrent_activation`, tanh =
    `activation`). The input convolution uses `strides`, `padding` and `dilation_rate`; the
    recurrent one has stride 1 and "same" padding, so the states keep the input convolution's
    output shape. Keras's weight layout, gates in the order i, f, c, o: `kernel`
    `(*kernel_size, in_channels, 4 * filters)`, `recurrent_kernel`
    `(*kernel_size, filters, 4 * filters)`, `bias` `(4 * filters,)`.

    Args:
        rank: Number of spatial axes: 1, 2 or 3.
        filters: Channels of the output and of both states; a positive int.
        kernel_size: Window size: an int or a tuple of `rank` ints.
        strides: Step of the input convolution: an int or a tuple of `rank` ints.
        padding: Padding of the input convolution, "valid" or "same" (case-insensitive).
        data_format: "channels_last" or "channels_first"; None uses
            `lamina.config.image_data_format()`.
        dilation_rate: Dilation of the input convolution; cannot exceed 1 with `strides`.
        activation: Activation of the candidate and of the output (default "tanh").
        recurrent_activation: Activation of the gates (default "sigmoid").
        use_bias: Whether to learn a bias.
        kernel_initializer, recurrent_initializer, bias_initializer: Weight initializers
            (default "glorot_uniform", "orthogonal", "zeros").
        unit_forget_bias: Whether the forget gate's bias starts at 1 (Jozefowicz et al.,
            2015); the other gates' biases still use `bias_initializer`.
        kernel_regularizer, recurrent_regularizer, bias_regularizer: Optional regularizers.
        kernel_constraint, recurrent_constraint, bias_constraint: Optional constraints.
        dropout: Fraction of the inputs dropped while training (one mask per gate, drawn once
            per sequence).
        recurrent_dropout: Fraction of the previous output dropped while training.
        seed: Seed of the dropout masks.

    Input shape: `(batch, *spatial, channels)` ("channels_last") or
    `(batch, channels, *spatial)`, and states `[h, c]` shaped like the output.
    Output shape: the input convolution's output, `(batch, *new_spatial, filters)` or
    `(batch, filters, *new_spatial)`, and the new states `[h, c]`.

    Example:
        >>> import lamina
        >>> from lamina.layers.rnn.conv_lstm_cell import ConvLSTMCell
        >>> cell = ConvLSTMCell(2, filters=4, kernel_size=3)
        >>> x = lamina.ops.ones((2, 6, 6, 3))
        >>> cell.build(x.shape)
        >>> h, [h2, c] = cell(x, cell.get_initial_state(batch_size=2))
        >>> lamina.ops.shape(h), tuple(cell.kernel.shape)
        ((2, 4, 4, 4), (3, 3, 3, 16))
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
        activation: Any = "tanh",
        recurrent_activation: Any = "sigmoid",
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        recurrent_initializer: Any = "orthogonal",
        bias_initializer: Any = "zeros",
        unit_forget_bias: bool = True,
        kernel_regularizer: Any = None,
        recurrent_regularizer: Any = None,
        bias_regularizer: Any = None,
        kernel_constraint: Any = None,
        recurrent_constraint: Any = None,
        bias_constraint: Any = None,
        dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if rank not in (1, 2, 3):
            raise ValueError(
                f"{type(self).__name__} '{self.name}': rank must be 1, 2 or 3, received "
                f"rank={rank!r}."
            )
        self.rank = rank
        self.filters = argument_checks.positive_int(self, "filters", filters)
        self.kernel_size = argument_checks.int_tuple(self, "kernel_size", kernel_size, rank)
        self.strides = argument_checks.int_tuple(self, "strides", strides, rank)
        self.padding = argument_checks.padding_mode(self, padding)
        self.data_format = argument_checks.data_format_name(self, data_format)
        self.dilation_rate = argument_checks.int_tuple(self, "dilation_rate", dilation_rate, rank)
        argument_checks.strides_with_dilation(self, self.strides, self.dilation_rate)
        self.activation = activations.get(activation)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.unit_forget_bias = unit_forget_bias
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.recurrent_constraint = constraints.get(recurrent_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.dropout = min(1.0, max(0.0, float(dropout)))
        self.recurrent_dropout = min(1.0, max(0.0, float(recurrent_dropout)))
        self.seed = seed
        self.seed_generator = random.SeedGenerator(seed)
        # As in Keras, each gate gets its own dropout mask.
        self.dropout_mask_count = 4
        # The states are feature maps whose shape depends on the input (see
        # `get_initial_state`), not vectors of a fixed size: RNN skips its vector checks.
        self.state_size = [None, None]
        self._channel_axis = 1 if self.data_format == "channels_first" else -1
        self._state_shape: Shape | None = None

    def build(self, input_shape: Shape, states_shape: Any = None) -> None:
        shape = self._checked_step_shape(input_shape)
        self.input_dim = conv_args.channels_dim(shape, self.data_format)
        self.spatial_dims = conv_args.spatial_dims(shape, self.data_format)
        self._state_shape = self.compute_output_shape(shape)[0][1:]
        self.kernel = self.add_weight(
            shape=(*self.kernel_size, self.input_dim, 4 * self.filters),
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
            name="kernel",
        )
        self.recurrent_kernel = self.add_weight(
            shape=(*self.kernel_size, self.filters, 4 * self.filters),
            initializer=self.recurrent_initializer,
            regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint,
            name="recurrent_kernel",
        )
        self.bias = None
        if self.use_bias:
            bias_initializer = self.bias_initializer
            if self.unit_forget_bias:
                bias_initializer = _UnitForgetBias(self.bias_initializer, self.filters)
            self.bias = self.add_weight(
                shape=(4 * self.filters,),
                initializer=bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
                name="bias",
            )

    def call(self, inputs: Tensor, states: Any, training: bool = False) -> tuple[Tensor, list]:
        masks = None
        if training and 0.0 < self.dropout < 1.0:
            masks = self.get_dropout_mask(inputs)
        gate_inputs = inputs if masks is None else [inputs * mask for mask in masks]
        return self.recurrent_step(self.project_inputs(gate_inputs), states, training)

    def compute_output_shape(self, inputs_shape: Shape, states_shape: Any = None) -> Any:
        shape = self._checked_step_shape(inputs_shape)
        spatial = tuple(
            conv_args.output_length(n, k, s, d, self.padding)
            for n, k, s, d in zip(
                conv_args.spatial_dims(shape, self.data_format),
                self.kernel_size,
                self.strides,
                self.dilation_rate,
            )
        )
        output = conv_args.with_spatial(shape[0], spatial, self.filters, self.data_format)
        return output, [output, output]

    def get_initial_state(self, batch_size: Any = None) -> list[Tensor]:
        """Returns zero states `[h, c]`, each shaped like one step's output."""
        if self._state_shape is None:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': the state shape depends on the input "
                "shape; build the cell (or call it on an input) before get_initial_state."
            )
        shape = (batch_size, *self._state_shape)
        return [ops.zeros(shape, dtype=self.compute_dtype) for _ in range(2)]

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "rank": self.rank,
                "filters": self.filters,
                "kernel_size": self.kernel_size,
                "strides": self.strides,
                "padding": self.padding,
                "data_format": self.data_format,
                "dilation_rate": self.dilation_rate,
                "activation": activations.serialize(self.activation),
                "recurrent_activation": activations.serialize(self.recurrent_activation),
                "use_bias": self.use_bias,
                "kernel_initializer": initializers.serialize(self.kernel_initializer),
                "recurrent_initializer": initializers.serialize(self.recurrent_initializer),
                "bias_initializer": initializers.serialize(self.bias_initializer),
                "unit_forget_bias": self.unit_forget_bias,
                "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
                "recurrent_regularizer": regularizers.serialize(self.recurrent_regularizer),
                "bias_regularizer": regularizers.serialize(self.bias_regularizer),
                "kernel_constraint": constraints.serialize(self.kernel_constraint),
                "recurrent_constraint": constraints.serialize(self.recurrent_constraint),
                "bias_constraint": constraints.serialize(self.bias_constraint),
                "dropout": self.dropout,
                "recurrent_dropout": self.recurrent_dropout,
                "seed": self.seed,
            }
        )
        return config

    # -- the two halves of a step (ConvLSTM runs the first once for the whole sequence) --------
    def project_inputs(self, inputs: Any) -> Tensor:
        """`conv(inputs, kernel) + bias` for a batch of steps `(n, ...)`.

        `inputs` is one tensor, or a list of four (the input dropped out by each gate's mask),
        each convolved with its gate's block of the kernel.
        """
        z = self._convolve_gates(inputs, self.kernel, self._input_conv)
        if self.bias is None:
            return z
        if self.data_format == "channels_first":
            return z + ops.reshape(self.bias, (4 * self.filters,) + (1,) * self.rank)
        return z + self.bias

    def recurrent_step(self, projected: Tensor, states: Any, training: Any) -> tuple[Tensor, list]:
        """The rest of a step, given `project_inputs` of its input: returns `(h, [h, c])`."""
        h_previous, c_previous = states[0], states[1]
        masks = None
        if training and 0.0 < self.recurrent_dropout < 1.0:
            masks = self.get_recurrent_dropout_mask(h_previous)
        gate_states = h_previous if masks is None else [h_previous * mask for mask in masks]
        z = projected + self._convolve_gates(gate_states, self.recurrent_kernel, self._state_conv)
        i, f, g, o = ops.split(z, 4, axis=self._channel_axis)
        gate = self.recurrent_activation
        c = gate(f) * c_previous + gate(i) * self.activation(g)
        h = gate(o) * self.activation(c)
        return h, [h, c]

    # -- helpers -------------------------------------------------------------------------------
    def _convolve_gates(self, inputs: Any, kernel: Any, conv: Any) -> Tensor:
        if not isinstance(inputs, list):
            return conv(inputs, kernel)
        blocks = ops.split(kernel, 4, axis=-1)
        outputs = [conv(x, block) for x, block in zip(inputs, blocks)]
        return ops.concatenate(outputs, axis=self._channel_axis)

    def _input_conv(self, x: Tensor, kernel: Any) -> Tensor:
        return ops.conv(x, kernel, self.strides, self.padding, self.data_format, self.dilation_rate)

    def _state_conv(self, h: Tensor, kernel: Any) -> Tensor:
        return ops.conv(h, kernel, 1, "same", self.data_format, 1)

    def _checked_step_shape(self, input_shape: Any) -> Shape:
        """`input_shape` as a tuple; raises unless it is one step with known channels and
        spatial sizes that fit the kernel."""
        shape = tuple(input_shape)
        name = f"{type(self).__name__} '{self.name}'"
        layout = (
            "channels, *spatial" if self.data_format == "channels_first" else "*spatial, channels"
        )
        if len(shape) != self.rank + 2:
            raise ValueError(
                f"{name} expects steps of rank {self.rank + 2}, (batch, {layout}), received "
                f"shape {shape}."
            )
        spatial = conv_args.spatial_dims(shape, self.data_format)
        if None in spatial or conv_args.channels_dim(shape, self.data_format) is None:
            raise ValueError(
                f"{name} needs known spatial sizes and channels, (batch, {layout}) with "
                f"data_format='{self.data_format}', received shape {shape}."
            )
        extents = tuple(
            conv_args.dilated_size(k, d) for k, d in zip(self.kernel_size, self.dilation_rate)
        )
        if self.padding == "valid" and any(n < e for n, e in zip(spatial, extents)):
            raise ValueError(
                f"{name}: the kernel's extent {extents} exceeds the spatial size {spatial} of "
                f"shape {shape} with padding='valid'. Use padding='same' or a smaller kernel."
            )
        return shape
