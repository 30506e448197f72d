"""ConvLSTM: the RNN over a ConvLSTMCell behind ConvLSTM1D, ConvLSTM2D and ConvLSTM3D."""

from __future__ import annotations

from typing import Any

from lamina import ops
from lamina.backend.common.symbolic_tensor import flatten
from lamina.layers.rnn.conv_lstm_cell import ConvLSTMCell
from lamina.layers.rnn.rnn import RNN
from lamina.layers.rnn.rnn_layer_config import CellArgumentsMixin, cell_property
from lamina.typing import Shape, Tensor


class ConvLSTM(CellArgumentsMixin, RNN):
    """Private base of the N-D convolutional LSTM layers (see ConvLSTM2D for the arguments).

    A subclass sets the class attribute `rank` (its number of spatial axes) and inherits the
    constructor, so the three public layers share one signature. The input convolution does
    not depend on the states, so a call computes it once for all timesteps (the time axis
    folded into the batch) and loops only over the recurrent half.

    Example:
        >>> import lamina
        >>> from lamina.layers.rnn.conv_lstm import ConvLSTM
        >>> class ConvLSTM1(ConvLSTM):
        ...     rank = 1
        >>> layer = ConvLSTM1(filters=2, kernel_size=3)
        >>> lamina.ops.shape(layer(lamina.ops.ones((2, 4, 8, 3))))
        (2, 6, 2)
    """

    rank: int  # number of spatial axes, set by each subclass

    def __init__(
        self,
        filters: int,
        kernel_size: int | tuple[int, ...],
        strides: int | tuple[int, ...] = 1,
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: int | tuple[int, ...] = 1,
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
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        recurrent_constraint: Any = None,
        bias_constraint: Any = None,
        dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
        seed: int | None = None,
        return_sequences: bool = False,
        return_state: bool = False,
        go_backwards: bool = False,
        stateful: bool = False,
        **kwargs: Any,
    ) -> None:
        cell = ConvLSTMCell(
            self.rank,
            filters,
            kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            activation=activation,
            recurrent_activation=recurrent_activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
            unit_forget_bias=unit_forget_bias,
            kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint,
            dropout=dropout,
            recurrent_dropout=recurrent_dropout,
            seed=seed,
            dtype=kwargs.get("dtype"),
            trainable=kwargs.get("trainable", True),
            name="conv_lstm_cell",
        )
        super().__init__(
            cell,
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            stateful=stateful,
            activity_regularizer=activity_regularizer,
            **kwargs,
        )

    def build(self, sequences_shape: Shape, initial_state_shape: Any = None) -> None:
        super().build(self._checked_shape(sequences_shape))

    def call(
        self,
        sequences: Tensor,
        initial_state: Any = None,
        mask: Any = None,
        training: bool = False,
    ) -> Any:
        shape = tuple(sequences.shape)
        if len(shape) != self.rank + 3 or shape[2:] != self._step_shape:
            self._checked_shape(shape)
        if initial_state is not None:
            self._check_initial_state(shape, initial_state)
        return super().call(sequences, initial_state, mask, training)

    def inner_loop(self, sequences: Tensor, initial_state: list, mask: Any, training: Any) -> Any:
        cell = self.cell
        projected = self._project_sequences(sequences, training)

        def step(inputs: Tensor, states: Any) -> tuple[Tensor, Any]:
            return cell.recurrent_step(inputs, states, training)

        return ops.rnn(
            step,
            projected,
            initial_state,
            go_backwards=self.go_backwards,
            mask=mask,
            unroll=self.unroll,
            zero_output_for_mask=self.zero_output_for_mask,
            return_all_outputs=self.return_sequences,
        )

    def compute_output_shape(self, sequences_shape: Shape, initial_state_shape: Any = None) -> Any:
        shape = self._checked_shape(sequences_shape)
        state = self.cell.compute_output_shape((shape[0], *shape[2:]))[0]
        output = (shape[0], shape[1], *state[1:]) if self.return_sequences else state
        return (output, state, state) if self.return_state else output

    def compute_output_spec(
        self, sequences: Any, initial_state: Any = None, mask: Any = None, training: Any = None
    ) -> Any:
        if initial_state is not None:
            self._check_initial_state(tuple(sequences.shape), initial_state)
        return super().compute_output_spec(sequences, mask=mask, training=training)

    def get_config(self) -> dict:
        config = super().get_config()
        config.pop("rank", None)
        return config

    filters = cell_property("filters")
    kernel_size = cell_property("kernel_size")
    strides = cell_property("strides")
    padding = cell_property("padding")
    data_format = cell_property("data_format")
    dilation_rate = cell_property("dilation_rate")
    recurrent_activation = cell_property("recurrent_activation")
    unit_forget_bias = cell_property("unit_forget_bias")

    def _project_sequences(self, sequences: Tensor, training: Any) -> Tensor:
        """The input half of every step at once: `(batch, time, ...)` folded into one batch
        for the convolution, each gate's inputs dropped out by its mask while training."""
        cell = self.cell
        shape: Any = ops.shape(sequences)
        step_shape = (-1, *shape[2:])
        if training and 0.0 < cell.dropout < 1.0:
            masks = cell.get_dropout_mask(sequences[:, 0])
            gate_inputs: Any = [
                ops.reshape(sequences * ops.expand_dims(mask, 1), step_shape) for mask in masks
            ]
        else:
            gate_inputs = ops.reshape(sequences, step_shape)
        projected = cell.project_inputs(gate_inputs)
        projected_shape: Any = ops.shape(projected)
        return ops.reshape(projected, (shape[0], shape[1], *projected_shape[1:]))

    # -- checks ------------------------------------------------------------------------------
    @property
    def _step_shape(self) -> Shape | None:
        """The shape of one step (without batch) the layer was built for."""
        built = self._build_input_shape
        return None if built is None else tuple(built)[2:]

    def _checked_shape(self, sequences_shape: Any) -> Shape:
        """`sequences_shape` as a tuple; raises unless it is `(batch, timesteps, *step)` with
        the step shape the layer was built for."""
        shape = tuple(sequences_shape)
        layout = (
            "channels, *spatial" if self.data_format == "channels_first" else "*spatial, channels"
        )
        if len(shape) != self.rank + 3:
            raise ValueError(
                f"{type(self).__name__} '{self.name}' expects inputs of rank {self.rank + 3}, "
                f"(batch, timesteps, {layout}) with {self.rank} spatial axes, received input "
                f"shape {shape}."
            )
        built = self._step_shape if self.built else None
        if built is not None and not _compatible(shape[2:], built):
            raise ValueError(
                f"{type(self).__name__} '{self.name}' was built for steps of shape {built} "
                f"but received input shape {shape}. Create a new layer for this input shape."
            )
        self.cell._checked_step_shape((shape[0], *shape[2:]))
        return shape

    def _check_initial_state(self, sequences_shape: Shape, initial_state: Any) -> None:
        """Raises a ValueError naming the layer unless `initial_state` is `[h, c]`, each
        shaped like one step's output."""
        given = initial_state if isinstance(initial_state, (list, tuple)) else [initial_state]
        shapes = [tuple(ops.shape(s)) for s in flatten(given)]
        state = self.cell.compute_output_shape((sequences_shape[0], *sequences_shape[2:]))[0]
        if len(shapes) != 2 or not all(_compatible(s, state) for s in shapes):
            raise ValueError(
                f"{type(self).__name__} '{self.name}': initial_state must be [h, c], two "
                f"tensors of shape {state} (one step's output), received shapes {shapes}."
            )


def _compatible(shape: Shape, expected: Shape) -> bool:
    """Whether `shape` matches `expected` wherever both sizes are known."""
    return len(shape) == len(expected) and all(
        a is None or b is None or a == b for a, b in zip(shape, expected)
    )
