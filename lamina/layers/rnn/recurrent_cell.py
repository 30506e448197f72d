"""RecurrentCell: what SimpleRNNCell, LSTMCell and GRUCell share.

The arguments every Keras cell takes (units, activation, the kernel / recurrent kernel / bias
initializers, regularizers and constraints, dropout rates, seed), their config, the three
weights in Keras's layout and names, and zero initial states.
"""

from __future__ import annotations

from typing import Any

from lamina import activations, constraints, initializers, ops, random, regularizers
from lamina.backend.common.symbolic_tensor import flatten
from lamina.layers.layer import Layer
from lamina.layers.rnn.dropout_rnn_cell import DropoutRNNCell
from lamina.typing import Shape, Tensor


class RecurrentCell(Layer, DropoutRNNCell):
    """Base of the built-in cells: one step `call(inputs, states, training)`.

    Subclasses set `state_size`, `gates` (blocks in the kernels: 1, 3 or 4) and implement
    `build` (through `_build_weights`) and `call`.

    Args:
        units: Size of the output and of each state; a positive int.
        activation: The activation of the candidate state and output.
        use_bias: Whether the cell learns a bias.
        kernel_initializer, recurrent_initializer, bias_initializer: Initializers of the
            `(input_dim, gates * units)` kernel, the `(units, gates * units)` recurrent kernel
            and the bias.
        kernel_regularizer, recurrent_regularizer, bias_regularizer: Optional regularizers.
        kernel_constraint, recurrent_constraint, bias_constraint: Optional constraints.
        dropout: Fraction of the input units dropped while training, in `[0, 1]`.
        recurrent_dropout: Fraction of the recurrent state's units dropped while training.
        seed: Seed of the dropout masks.

    Example:
        >>> import lamina
        >>> cell = lamina.layers.SimpleRNNCell(4)
        >>> isinstance(cell, lamina.layers.rnn.recurrent_cell.RecurrentCell)
        True
    """

    gates = 1

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
        super().__init__(**kwargs)
        if not isinstance(units, int) or isinstance(units, bool) or units <= 0:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': units must be a positive int, "
                f"received {units!r}."
            )
        self.units = units
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
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
        self.output_size = units

    def get_initial_state(self, batch_size: Any = None) -> list[Tensor]:
        """Returns zero states: one `(batch_size, size)` tensor per entry of `state_size`."""
        return [
            ops.zeros((batch_size, size), dtype=self.compute_dtype)
            for size in flatten(self.state_size)
        ]

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "units": self.units,
                "activation": activations.serialize(self.activation),
                "use_bias": self.use_bias,
                "kernel_initializer": initializers.serialize(self.kernel_initializer),
                "recurrent_initializer": initializers.serialize(self.recurrent_initializer),
                "bias_initializer": initializers.serialize(self.bias_initializer),
                "kernel_regularizer": _maybe(regularizers.serialize, self.kernel_regularizer),
                "recurrent_regularizer": _maybe(regularizers.serialize, self.recurrent_regularizer),
                "bias_regularizer": _maybe(regularizers.serialize, self.bias_regularizer),
                "kernel_constraint": _maybe(constraints.serialize, self.kernel_constraint),
                "recurrent_constraint": _maybe(constraints.serialize, self.recurrent_constraint),
                "bias_constraint": _maybe(constraints.serialize, self.bias_constraint),
                "dropout": self.dropout,
                "recurrent_dropout": self.recurrent_dropout,
                "seed": self.seed,
            }
        )
        return config

    def _build_weights(self, input_shape: Shape, bias_shape: tuple, bias_initializer: Any) -> None:
        input_dim = tuple(input_shape)[-1]
        if input_dim is None:
            raise ValueError(
                f"{type(self).__name__} '{self.name}' needs a known feature axis to build its "
                f"kernel, received step input shape {tuple(input_shape)}."
            )
        self.kernel = self.add_weight(
            shape=(input_dim, self.gates * self.units),
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
            name="kernel",
        )
        self.recurrent_kernel = self.add_weight(
            shape=(self.units, self.gates * self.units),
            initializer=self.recurrent_initializer,
            regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint,
            name="recurrent_kernel",
        )
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                shape=bias_shape,
                initializer=bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
                name="bias",
            )

    def _dropout_masks(self, inputs: Tensor, state: Tensor, training: Any) -> tuple[Any, Any]:
        """The input and recurrent dropout masks of this step (None when not dropping)."""
        if not training:
            return None, None
        mask = self.get_dropout_mask(inputs) if 0.0 < self.dropout < 1.0 else None
        recurrent = None
        if 0.0 < self.recurrent_dropout < 1.0:
            recurrent = self.get_recurrent_dropout_mask(state)
        return mask, recurrent


def _maybe(fn: Any, value: Any) -> Any:
    return None if value is None else fn(value)
