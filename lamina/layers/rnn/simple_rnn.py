"""SimpleRNNCell and SimpleRNN: the fully connected recurrence `h = act(x W + h U + b)`."""

from __future__ import annotations

from typing import Any

from lamina import ops
from lamina.layers.rnn.dropout_rnn_cell import project
from lamina.layers.rnn.recurrent_cell import RecurrentCell
from lamina.layers.rnn.rnn import RNN
from lamina.layers.rnn.rnn_layer_config import CellArgumentsMixin, cell_property
from lamina.typing import Shape, Tensor


class SimpleRNNCell(RecurrentCell):
    """One step of a fully connected RNN: `h_t = activation(x_t W + h_{t-1} U + b)`.

    The output is the new state. Weights: `kernel` `(input_dim, units)`, `recurrent_kernel`
    `(units, units)`, `bias` `(units,)`.

    Args:
        units: Size of the output and state; a positive int.
        activation: Activation of the output (default "tanh"; None = linear).
        use_bias: Whether to learn a bias.
        kernel_initializer, recurrent_initializer, bias_initializer: Weight initializers
            (default "glorot_uniform", "orthogonal", "zeros").
        kernel_regularizer, recurrent_regularizer, bias_regularizer: Optional regularizers.
        kernel_constraint, recurrent_constraint, bias_constraint: Optional constraints.
        dropout: Fraction of the inputs dropped while training (one mask per sequence).
        recurrent_dropout: Fraction of the previous state dropped while training.
        seed: Seed of the dropout masks.

    Input shape: `(batch, features)` and states `[(batch, units)]`.
    Output shape: `(batch, units)`, and the new states `[(batch, units)]`.

    Example:
        >>> import lamina
        >>> cell = lamina.layers.SimpleRNNCell(4)
        >>> layer = lamina.layers.RNN(cell, return_sequences=True)
        >>> lamina.ops.shape(layer(lamina.ops.ones((2, 5, 3))))
        (2, 5, 4)
    """

    def __init__(
        self,
        units: int,
        activation: Any = "tanh",
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        recurrent_initializer: Any = "orthogonal",
        bias_initializer: Any = "zeros",
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
        self.state_size = units

    def build(self, input_shape: Shape) -> None:
        self._build_weights(input_shape, (self.units,), self.bias_initializer)

    def call(self, inputs: Tensor, states: Any, training: bool = False) -> tuple[Tensor, Any]:
        nested = isinstance(states, (list, tuple))
        previous = states[0] if nested else states
        mask, recurrent_mask = self._dropout_masks(inputs, previous, training)
        h = project(inputs, mask, self.kernel, 1)
        if self.bias is not None:
            h = ops.add(h, self.bias)
        output = self.activation(h + project(previous, recurrent_mask, self.recurrent_kernel, 1))
        return output, [output] if nested else output


class SimpleRNN(CellArgumentsMixin, RNN):
    """Fully connected RNN whose output is fed back as the next step's state.

    Args:
        units: Size of the output; a positive int.
        activation: Activation of the output (default "tanh"; None = linear).
        use_bias: Whether to learn a bias.
        kernel_initializer, recurrent_initializer, bias_initializer: Weight initializers.
        kernel_regularizer, recurrent_regularizer, bias_regularizer, activity_regularizer:
            Optional regularizers.
        kernel_constraint, recurrent_constraint, bias_constraint: Optional constraints.
        dropout: Fraction of the inputs dropped while training.
        recurrent_dropout: Fraction of the recurrent state dropped while training.
        seed: Seed of the dropout masks.
        return_sequences: Whether to return every step's output, not only the last.
        return_state: Whether to return the last state too.
        go_backwards: Whether to read the sequence from its end (outputs in that order).
        stateful: Whether each batch starts from the previous batch's last state.
        unroll: Whether to unroll the loop (short sequences only).

    Input shape: `(batch, timesteps, features)`; optional `mask` `(batch, timesteps)`.
    Output shape: `(batch, units)`, or `(batch, timesteps, units)` with `return_sequences`;
    with `return_state`, the final state follows.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.SimpleRNN(4, name="rnn")
        >>> lamina.ops.shape(layer(lamina.ops.ones((2, 5, 3))))
        (2, 4)
        >>> [w.path for w in layer.weights][0]
        'rnn/simple_rnn_cell/kernel'
    """

    def __init__(
        self,
        units: int,
        activation: Any = "tanh",
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        recurrent_initializer: Any = "orthogonal",
        bias_initializer: Any = "zeros",
        kernel_regularizer: Any = None,
        recurrent_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        recurrent_constraint: Any = None,
        bias_constraint: Any = None,
        dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
        return_sequences: bool = False,
        return_state: bool = False,
        go_backwards: bool = False,
        stateful: bool = False,
        unroll: bool = False,
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
        cell = SimpleRNNCell(
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
            dtype=kwargs.get("dtype"),
            trainable=kwargs.get("trainable", True),
            name="simple_rnn_cell",
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

    units = cell_property("units")
