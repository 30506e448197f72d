"""RNN: runs any recurrent cell over the time axis of a sequence."""

from __future__ import annotations

from typing import Any

from lamina import ops
from lamina.backend.common.name_scope import name_scope
from lamina.backend.common.symbolic_tensor import SymbolicTensor, flatten
from lamina.layers.layer import Layer
from lamina.layers.rnn import rnn_states
from lamina.layers.rnn.dropout_rnn_cell import prime_dropout_masks, reset_dropout_masks
from lamina.layers.rnn.stacked_rnn_cells import StackedRNNCells
from lamina.typing import Shape, Tensor


class RNN(Layer):
    """Runs a recurrent cell over a sequence: `output_t, states = cell(x_t, states)`.

    A cell is any object with `call(inputs, states)` returning `(output, new_states)`, a
    `state_size` (an int, or a list with one size per state) and optionally `output_size`
    and `get_initial_state(batch_size)`; a list of cells is stacked (`StackedRNNCells`).
    Masked timesteps (a `mask` from `Embedding(mask_zero=True)` or `Masking`) keep the
    previous states and repeat the previous output.

    Args:
        cell: A cell, or a list of cells to stack.
        return_sequences: Whether to return every step's output, not only the last.
        return_state: Whether to return the final states after the output.
        go_backwards: Whether to read the sequence from its end; the returned sequence is
            then in that reversed order.
        stateful: Whether the final states of a batch are the initial states of the next
            (sample `i` continues sample `i`); needs a fixed batch size.
        unroll: Whether to unroll the loop (faster for short sequences, more memory).
        zero_output_for_mask: Whether masked steps output zeros instead of the previous
            output (used with `return_sequences`, e.g. inside Bidirectional).

    Call arguments: `sequences` `(batch, timesteps, features)`; optional `initial_state` (a
    list of tensors, one per state), `mask` `(batch, timesteps)` and `training`.

    Output shape: `(batch, output_size)`, or `(batch, timesteps, output_size)` with
    `return_sequences`; with `return_state`, `(output, *final_states)`.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.RNN(lamina.layers.LSTMCell(4), return_state=True)
        >>> output, h, c = layer(lamina.ops.ones((2, 5, 3)))
        >>> lamina.ops.shape(output), lamina.ops.shape(c)
        ((2, 4), (2, 4))
    """

    def __init__(
        self,
        cell: Any,
        return_sequences: bool = False,
        return_state: bool = False,
        go_backwards: bool = False,
        stateful: bool = False,
        unroll: bool = False,
        zero_output_for_mask: bool = False,
        **kwargs: Any,
    ) -> None:
        if isinstance(cell, (list, tuple)):
            cell = StackedRNNCells(cell)
        super().__init__(**kwargs)
        sizes = getattr(cell, "state_size", None)
        if not hasattr(cell, "call") or not isinstance(sizes, (int, list, tuple)):
            raise ValueError(
                f"{type(self).__name__} '{self.name}': the cell must have a call(inputs, "
                "states) method and a state_size (an int, or a list of ints with one size per "
                f"state), received {cell!r}."
            )
        self.cell = cell
        self.return_sequences = return_sequences
        self.return_state = return_state
        self.go_backwards = go_backwards
        self.stateful = stateful
        self.unroll = unroll
        self.zero_output_for_mask = zero_output_for_mask
        self.supports_masking = True
        self._state_store = rnn_states.StateStore()

    def build(self, sequences_shape: Shape, initial_state_shape: Any = None) -> None:
        shape = rnn_states.sequence_shape(self, sequences_shape)
        with name_scope(self.name):
            if isinstance(self.cell, Layer) and not self.cell.built:
                self.cell.build((shape[0], *shape[2:]))
        if self.stateful:
            self._state_store.create(self, shape[0])

    def call(
        self,
        sequences: Tensor,
        initial_state: Any = None,
        mask: Any = None,
        training: bool = False,
    ) -> Any:
        rnn_states.check_rank(self, sequences)
        states = rnn_states.initial_states(self, sequences, initial_state)
        if mask is not None:
            mask = flatten(mask)[0]
        if training:
            prime_dropout_masks(self.cell, sequences[:, 0], states)
        try:
            last_output, outputs, states = self.inner_loop(sequences, states, mask, training)
        finally:
            if training:
                reset_dropout_masks(self.cell)
        if self.stateful:
            self._state_store.assign(states)
        output = outputs if self.return_sequences else last_output
        return (output, *states) if self.return_state else output

    def inner_loop(self, sequences: Tensor, initial_state: list, mask: Any, training: Any) -> Any:
        """Returns `(last_output, outputs, final_states)` of the cell over the sequence."""
        cell = self.cell
        call = cell.call
        takes_training = (
            isinstance(cell, Layer) and (cell._call_flags or cell._compute_call_flags())[0]
        )

        def step(inputs: Tensor, states: Any) -> tuple[Tensor, Any]:
            if takes_training:
                output, new_states = call(inputs, states, training=training)
            else:
                output, new_states = call(inputs, states)
            if not isinstance(new_states, (list, tuple)):
                new_states = [new_states]
            return output, new_states

        return ops.rnn(
            step,
            sequences,
            initial_state,
            go_backwards=self.go_backwards,
            mask=mask,
            unroll=self.unroll,
            zero_output_for_mask=self.zero_output_for_mask,
            return_all_outputs=self.return_sequences,
        )

    def compute_output_shape(self, sequences_shape: Shape, initial_state_shape: Any = None) -> Any:
        shape = rnn_states.sequence_shape(self, sequences_shape)
        batch = shape[0]
        size = self._output_size()
        output = (batch, shape[1], size) if self.return_sequences else (batch, size)
        if not self.return_state:
            return output
        states = [
            (batch, s) if isinstance(s, int) else [(batch, d) for d in flatten(s)]
            for s in self.state_size
        ]
        return (output, *states)

    def compute_output_spec(
        self, sequences: Any, initial_state: Any = None, mask: Any = None, training: Any = None
    ) -> Any:
        shapes = self.compute_output_shape(tuple(sequences.shape))
        if initial_state is not None:
            given = initial_state if isinstance(initial_state, (list, tuple)) else [initial_state]
            given_shapes = [tuple(ops.shape(s)) for s in flatten(given)]
            rnn_states.check_initial_state(self, tuple(sequences.shape)[0], given_shapes)
        return _to_specs(shapes, self.compute_dtype)

    def compute_mask(self, inputs: Any, previous_mask: Any = None) -> Any:
        """The input mask when `return_sequences` (None otherwise); None for the states."""
        mask = flatten(previous_mask)[0] if previous_mask is not None else None
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask] + [None for _ in self.state_size]
        return output_mask

    def get_config(self) -> dict:
        from lamina.layers import serialize

        config = super().get_config()
        config.update(
            {
                "return_sequences": self.return_sequences,
                "return_state": self.return_state,
                "go_backwards": self.go_backwards,
                "stateful": self.stateful,
                "unroll": self.unroll,
                "zero_output_for_mask": self.zero_output_for_mask,
                "cell": serialize(self.cell),
            }
        )
        return config

    @classmethod
    def from_config(cls, config: dict, custom_objects: dict | None = None) -> RNN:
        from lamina.layers import deserialize

        config = dict(config)
        cell = deserialize(config.pop("cell"), custom_objects=custom_objects)
        return cls(cell, **config)

    # -- states ------------------------------------------------------------------------------
    @property
    def state_size(self) -> list:
        """The cell's state sizes as a list (one entry per state)."""
        sizes = self.cell.state_size
        return [sizes] if isinstance(sizes, int) else list(sizes)

    @property
    def states(self) -> Any:
        """The state variables of a stateful RNN (None before it is built, or if not stateful)."""
        return self._state_store.structure

    @property
    def variables(self) -> list:
        """All state, including a stateful RNN's state variables (which are not weights)."""
        found = super().variables
        if self.states is None:
            return found
        return found + [v for v in flatten(self.states) if all(v is not f for f in found)]

    def get_initial_state(self, batch_size: int) -> list:
        """Returns the cell's initial states for `batch_size` sequences (zeros by default)."""
        if hasattr(self.cell, "get_initial_state"):
            states = self.cell.get_initial_state(batch_size=batch_size)
            return list(states) if isinstance(states, (list, tuple)) else [states]
        dtype = getattr(self.cell, "compute_dtype", None) or self.compute_dtype
        return [ops.zeros((batch_size, size), dtype=dtype) for size in flatten(self.state_size)]

    def reset_state(self) -> None:
        """Sets the states of a stateful RNN back to zeros."""
        self._state_store.reset()

    def reset_states(self) -> None:
        """Alias of `reset_state`."""
        self.reset_state()

    def _output_size(self) -> int:
        size = getattr(self.cell, "output_size", None)
        return size if isinstance(size, int) else flatten(self.state_size)[0]


def _to_specs(shapes: Any, dtype: str) -> Any:
    """SymbolicTensors for a shape, or for a nesting of shapes (keeping lists and tuples)."""
    if all(d is None or isinstance(d, int) for d in shapes):
        return SymbolicTensor(tuple(shapes), dtype)
    return type(shapes)(_to_specs(s, dtype) for s in shapes)
