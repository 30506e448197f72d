"""LSTMCell and LSTM: long short-term memory (Hochreiter and Schmidhuber, 1997)."""

from __future__ import annotations

from typing import Any

from lamina import activations, backend, initializers, ops
from lamina.layers.rnn.dropout_rnn_cell import project
from lamina.layers.rnn.recurrent_cell import RecurrentCell
from lamina.layers.rnn.rnn import RNN
from lamina.layers.rnn.rnn_layer_config import (
    CellArgumentsMixin,
    cell_property,
    check_use_cudnn,
    run_fused,
)
from lamina.typing import Shape, Tensor


class LSTMCell(RecurrentCell):
    """One LSTM step, with Keras's weight layout (gates in the order i, f, c, o):

    `z = x W + h U + b`, split into `i, f, g, o`; `c' = σ(f) c + σ(i) tanh(g)`,
    `h' = σ(o) tanh(c')` (σ = `recurrent_activation`, tanh = `activation`).
    Weights: `kernel` `(input_dim, 4 * units)`, `recurrent_kernel` `(units, 4 * units)`,
    `bias` `(4 * units,)`.

    Args:
        units: Size of the output and of both states; a positive int.
        activation: Activation of the candidate and of the output (default "tanh").
        recurrent_activation: Activation of the gates (default "sigmoid").
        use_bias: Whether to learn a bias.
        kernel_initializer, recurrent_initializer, bias_initializer: Weight initializers
            (default "glorot_uniform", "orthogonal", "zeros").
        unit_forget_bias: Whether the forget gate's bias starts at 1 (Jozefowicz et al.,
            2015); the other gates' biases still use `bias_initializer`.
        kernel_regularizer, recurrent_regularizer, bias_regularizer: Optional regularizers.
        kernel_constraint, recurrent_constraint, bias_constraint: Optional constraints.
        dropout: Fraction of the inputs dropped while training (one mask per sequence).
        recurrent_dropout: Fraction of the previous output dropped while training.
        seed: Seed of the dropout masks.

    Input shape: `(batch, features)` and states `[h, c]`, each `(batch, units)`.
    Output shape: `(batch, units)`, and the new states `[h, c]`.

    Example:
        >>> import lamina
        >>> cell = lamina.layers.LSTMCell(4)
        >>> h, [h2, c] = cell(lamina.ops.ones((2, 3)), [lamina.ops.zeros((2, 4))] * 2)
        >>> lamina.ops.shape(h), lamina.ops.shape(c)
        ((2, 4), (2, 4))
    """

    gates = 4

    def __init__(
        self,
        units: int,
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
        implementation = kwargs.pop("implementation", 2)
        super().__init__(
            units,
            activation=activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint,
            dropout=dropout,
            recurrent_dropout=recurrent_dropout,
            seed=seed,
            **kwargs,
        )
        self.recurrent_activation = activations.get(recurrent_activation)
        self.unit_forget_bias = unit_forget_bias
        # Keras's implementation 1 (forced by recurrent dropout) draws one mask per gate.
        self.implementation = 1 if self.recurrent_dropout else implementation
        if self.implementation == 1:
            self.dropout_mask_count = 4
        self.state_size = [units, units]

    def build(self, input_shape: Shape) -> None:
        bias_initializer = self.bias_initializer
        if self.unit_forget_bias:
            bias_initializer = _UnitForgetBias(self.bias_initializer, self.units)
        self._build_weights(input_shape, (4 * self.units,), bias_initializer)

    def call(self, inputs: Tensor, states: Any, training: bool = False) -> tuple[Tensor, list]:
        h_previous, c_previous = states[0], states[1]
        mask, recurrent_mask = self._dropout_masks(inputs, h_previous, training)
        z = project(inputs, mask, self.kernel, 4)
        z = z + project(h_previous, recurrent_mask, self.recurrent_kernel, 4)
        if self.bias is not None:
            z = z + self.bias
        i, f, g, o = ops.split(z, 4, axis=-1)
        gate = self.recurrent_activation
        c = gate(f) * c_previous + gate(i) * self.activation(g)
        h = gate(o) * self.activation(c)
        return h, [h, c]

    def get_config(self) -> dict:
        config = super().get_config()
        config["recurrent_activation"] = activations.serialize(self.recurrent_activation)
        config["unit_forget_bias"] = self.unit_forget_bias
        return config


class LSTM(CellArgumentsMixin, RNN):
    """Long short-term memory layer (Hochreiter and Schmidhuber, 1997) over `LSTMCell`.

    When the configuration allows it (activation "tanh", recurrent_activation "sigmoid", no
    recurrent_dropout, no unroll and, on torch, no mask or a right-padded one) the whole
    sequence runs in the backend's fused kernel: torch's LSTM kernel (cuDNN on GPU), or on jax
    one input projection and a `lax.scan` of the recurrence. Otherwise the cell loops.

    Args:
        units: Size of the output and states; a positive int.
        activation, recurrent_activation: See `LSTMCell` (defaults "tanh", "sigmoid").
        use_bias, unit_forget_bias: See `LSTMCell`.
        kernel_initializer, recurrent_initializer, bias_initializer: Weight initializers.
        kernel_regularizer, recurrent_regularizer, bias_regularizer, activity_regularizer:
            Optional regularizers.
        kernel_constraint, recurrent_constraint, bias_constraint: Optional constraints.
        dropout, recurrent_dropout, seed: Dropout of the inputs and of the recurrent state.
        return_sequences: Whether to return every step's output, not only the last.
        return_state: Whether to also return the final states `h` and `c`.
        go_backwards: Whether to read the sequence from its end (outputs in that order).
        stateful: Whether each batch starts from the previous batch's final states.
        unroll: Whether to unroll the loop (short sequences only).
        use_cudnn: "auto" uses the fused kernel when possible; False always loops over the
            cell; True raises a ValueError when the fused kernel cannot be used.

    Input shape: `(batch, timesteps, features)`; optional `mask` `(batch, timesteps)`.
    Output shape: `(batch, units)`, or `(batch, timesteps, units)` with `return_sequences`;
    with `return_state`, `(output, h, c)`.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.LSTM(4, return_sequences=True, name="lstm_example")
        >>> lamina.ops.shape(layer(lamina.ops.ones((2, 5, 3))))
        (2, 5, 4)
        >>> [(w.path, w.shape) for w in layer.weights][0]
        ('lstm_example/lstm_cell/kernel', (3, 16))
    """

    def __init__(
        self,
        units: int,
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
        unroll: bool = False,
        use_cudnn: Any = "auto",
        **kwargs: Any,
    ) -> None:
        cell = LSTMCell(
            units,
            activation=activation,
            recurrent_activation=recurrent_activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            unit_forget_bias=unit_forget_bias,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint,
            dropout=dropout,
            recurrent_dropout=recurrent_dropout,
            seed=seed,
            implementation=kwargs.pop("implementation", 2),
            dtype=kwargs.get("dtype"),
            trainable=kwargs.get("trainable", True),
            name="lstm_cell",
        )
        super().__init__(
            cell,
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            stateful=stateful,
            unroll=unroll,
            activity_regularizer=activity_regularizer,
            **kwargs,
        )
        self.use_cudnn = check_use_cudnn(self, use_cudnn)

    def inner_loop(self, sequences: Tensor, initial_state: list, mask: Any, training: Any) -> Any:
        fused = run_fused(self, backend.rnn.lstm, sequences, initial_state, mask, training)
        if fused is not None:
            return fused
        return super().inner_loop(sequences, initial_state, mask, training)

    units = cell_property("units")
    recurrent_activation = cell_property("recurrent_activation")
    unit_forget_bias = cell_property("unit_forget_bias")


class _UnitForgetBias:
    """The LSTM bias initializer with `unit_forget_bias`: ones for the forget gate's block,
    `initializer` for the others."""

    def __init__(self, initializer: Any, units: int) -> None:
        self.initializer = initializer
        self.units = units

    def __call__(self, shape: Shape, dtype: Any = None) -> Tensor:
        units = self.units
        return ops.concatenate(
            [
                self.initializer((units,), dtype=dtype),
                initializers.get("ones")((units,), dtype=dtype),
                self.initializer((2 * units,), dtype=dtype),
            ]
        )
