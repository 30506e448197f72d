"""GRUCell and GRU: the gated recurrent unit (Cho et al., 2014)."""

from __future__ import annotations

from typing import Any

from lamina import activations, backend, ops
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


class GRUCell(RecurrentCell):
    """One GRU step, with Keras's weight layout (gates in the order z, r, h):

    `z = σ(x W_z + h U_z + b_z)`, `r = σ(x W_r + h U_r + b_r)`, and the candidate
    `ĥ = tanh(x W_h + r * (h U_h + b'_h))` with `reset_after=True` (separate input and
    recurrent biases, cuDNN's convention), or `ĥ = tanh(x W_h + (r * h) U_h + b_h)` without;
    then `h' = z * h + (1 - z) * ĥ`. Weights: `kernel` `(input_dim, 3 * units)`,
    `recurrent_kernel` `(units, 3 * units)`, `bias` `(2, 3 * units)` with `reset_after`
    (input bias, then recurrent bias), else `(3 * units,)`.

    Args:
        units: Size of the output and state; a positive int.
        activation: Activation of the candidate state (default "tanh").
        recurrent_activation: Activation of the gates (default "sigmoid").
        use_bias: Whether to learn biases.
        kernel_initializer, recurrent_initializer, bias_initializer: Weight initializers
            (default "glorot_uniform", "orthogonal", "zeros").
        kernel_regularizer, recurrent_regularizer, bias_regularizer: Optional regularizers.
        kernel_constraint, recurrent_constraint, bias_constraint: Optional constraints.
        dropout: Fraction of the inputs dropped while training (one mask per sequence).
        recurrent_dropout: Fraction of the previous state dropped while training.
        reset_after: Whether the reset gate multiplies after the recurrent matmul.
        seed: Seed of the dropout masks.

    Input shape: `(batch, features)` and states `[(batch, units)]`.
    Output shape: `(batch, units)`, and the new states.

    Example:
        >>> import lamina
        >>> cell = lamina.layers.GRUCell(4)
        >>> h, states = cell(lamina.ops.ones((2, 3)), [lamina.ops.zeros((2, 4))])
        >>> lamina.ops.shape(h), tuple(cell.bias.shape)
        ((2, 4), (2, 12))
    """

    gates = 3

    def __init__(
        self,
        units: int,
        activation: Any = "tanh",
        recurrent_activation: Any = "sigmoid",
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
        reset_after: bool = True,
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
        self.reset_after = reset_after
        self.implementation = 1 if self.recurrent_dropout else implementation
        if self.implementation == 1:
            self.dropout_mask_count = 3
        self.state_size = units

    def build(self, input_shape: Shape) -> None:
        bias_shape = (2, 3 * self.units) if self.reset_after else (3 * self.units,)
        self._build_weights(input_shape, bias_shape, self.bias_initializer)

    def call(self, inputs: Tensor, states: Any, training: bool = False) -> tuple[Tensor, Any]:
        nested = isinstance(states, (list, tuple))
        h_previous = states[0] if nested else states
        mask, recurrent_mask = self._dropout_masks(inputs, h_previous, training)
        input_bias = recurrent_bias = None
        if self.bias is not None and self.reset_after:
            input_bias, recurrent_bias = self.bias[0], self.bias[1]
        elif self.bias is not None:
            input_bias = self.bias
        x = project(inputs, mask, self.kernel, 3)
        if input_bias is not None:
            x = x + input_bias
        x_z, x_r, x_h = ops.split(x, 3, axis=-1)
        if self.reset_after:
            inner = project(h_previous, recurrent_mask, self.recurrent_kernel, 3)
            if recurrent_bias is not None:
                inner = inner + recurrent_bias
            h_z, h_r, h_h = ops.split(inner, 3, axis=-1)
        else:
            gates_kernel, candidate_kernel = ops.split(self.recurrent_kernel, [2 * self.units], 1)
            gates_mask = recurrent_mask[:2] if isinstance(recurrent_mask, list) else recurrent_mask
            h_z, h_r = ops.split(project(h_previous, gates_mask, gates_kernel, 2), 2, axis=-1)
        z = self.recurrent_activation(x_z + h_z)
        r = self.recurrent_activation(x_r + h_r)
        if self.reset_after:
            h_h = r * h_h
        else:
            candidate_mask = (
                recurrent_mask[2] if isinstance(recurrent_mask, list) else recurrent_mask
            )
            dropped = h_previous if candidate_mask is None else h_previous * candidate_mask
            h_h = ops.matmul(r * dropped, candidate_kernel)
        h = z * h_previous + (1 - z) * self.activation(x_h + h_h)
        return h, [h] if nested else h

    def get_config(self) -> dict:
        config = super().get_config()
        config["recurrent_activation"] = activations.serialize(self.recurrent_activation)
        config["reset_after"] = self.reset_after
        return config


class GRU(CellArgumentsMixin, RNN):
    """Gated recurrent unit layer (Cho et al., 2014) over `GRUCell`.

    When the configuration allows it (activation "tanh", recurrent_activation "sigmoid", no
    recurrent_dropout, no unroll and, on torch, `reset_after=True` and no mask or a
    right-padded one) the whole sequence runs in the backend's fused kernel: torch's GRU
    kernel (cuDNN on GPU), or on jax one input projection and a `lax.scan` of the recurrence.
    Otherwise the cell loops.

    Args:
        units: Size of the output and state; a positive int.
        activation, recurrent_activation: See `GRUCell` (defaults "tanh", "sigmoid").
        use_bias: Whether to learn biases.
        kernel_initializer, recurrent_initializer, bias_initializer: Weight initializers.
        kernel_regularizer, recurrent_regularizer, bias_regularizer, activity_regularizer:
            Optional regularizers.
        kernel_constraint, recurrent_constraint, bias_constraint: Optional constraints.
        dropout, recurrent_dropout, seed: Dropout of the inputs and of the recurrent state.
        return_sequences: Whether to return every step's output, not only the last.
        return_state: Whether to also return the final state.
        go_backwards: Whether to read the sequence from its end (outputs in that order).
        stateful: Whether each batch starts from the previous batch's final state.
        unroll: Whether to unroll the loop (short sequences only).
        reset_after: See `GRUCell` (default True, the cuDNN-compatible variant).
        use_cudnn: "auto" uses the fused kernel when possible; False always loops over the
            cell; True raises a ValueError when the fused kernel cannot be used.

    Input shape: `(batch, timesteps, features)`; optional `mask` `(batch, timesteps)`.
    Output shape: `(batch, units)`, or `(batch, timesteps, units)` with `return_sequences`;
    with `return_state`, `(output, state)`.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.GRU(4, return_state=True)
        >>> output, state = layer(lamina.ops.ones((2, 5, 3)))
        >>> lamina.ops.shape(output), lamina.ops.shape(state)
        ((2, 4), (2, 4))
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
        reset_after: bool = True,
        use_cudnn: Any = "auto",
        **kwargs: Any,
    ) -> None:
        cell = GRUCell(
            units,
            activation=activation,
            recurrent_activation=recurrent_activation,
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
            reset_after=reset_after,
            seed=seed,
            implementation=kwargs.pop("implementation", 2),
            dtype=kwargs.get("dtype"),
            trainable=kwargs.get("trainable", True),
            name="gru_cell",
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
        fused = run_fused(
            self,
            backend.rnn.gru,
            sequences,
            initial_state,
            mask,
            training,
            reset_after=self.cell.reset_after,
        )
        if fused is not None:
            return fused
        return super().inner_loop(sequences, initial_state, mask, training)

    units = cell_property("units")
    recurrent_activation = cell_property("recurrent_activation")
    reset_after = cell_property("reset_after")
