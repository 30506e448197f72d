"""The states of an RNN layer: the sequence checks, the initial states a call starts from, and
the state variables of a stateful layer."""

from __future__ import annotations

from typing import Any

from lamina import backend, ops
from lamina.backend.common.name_scope import name_scope
from lamina.backend.common.symbolic_tensor import flatten, map_structure, pack_sequence_as
from lamina.typing import Shape, Tensor


class StateStore:
    """Holds a stateful RNN's state variables (`structure`: nested like its initial states).

    They live in this holder, not in a layer attribute, because they are not weights: Keras
    neither saves them in weight files nor lists them in `weights`. `RNN.variables` adds them,
    so that a compiled step (jax) carries their updates like other non-trainable state.
    """

    def __init__(self) -> None:
        self.structure: Any = None

    def create(self, layer: Any, batch_size: int | None) -> None:
        if batch_size is None:
            raise ValueError(
                f"{type(layer).__name__} '{layer.name}': a stateful RNN needs a fixed batch "
                "size, but the batch axis of its input is unknown. Pass batch_size=... to "
                "lamina.Input (e.g. Input(shape=(timesteps, features), batch_size=32))."
            )
        with name_scope(layer.name):
            self.structure = map_structure(
                lambda value: backend.Variable(
                    value, trainable=False, dtype=layer.variable_dtype, name="rnn_state"
                ),
                layer.get_initial_state(batch_size),
            )

    def values(self) -> Any:
        # Copies: on torch the variables are updated in place after the call, and autograd
        # may still need the values this call started from.
        return map_structure(lambda v: ops.copy(v.value), self.structure)

    def assign(self, states: Any) -> None:
        for variable, value in zip(flatten(self.structure), flatten(states)):
            variable.assign(value)

    def reset(self) -> None:
        for variable in flatten(self.structure):
            variable.assign(ops.zeros(variable.shape, dtype=variable.dtype))


def sequence_shape(layer: Any, shape: Any) -> Shape:
    """Returns `shape` as a tuple if it is `(batch, timesteps, ...)`; raises a ValueError."""
    shape = tuple(shape)
    if len(shape) < 3:
        raise ValueError(
            f"{type(layer).__name__} '{layer.name}' expects sequences of shape (batch, "
            f"timesteps, features), but received an input of shape {shape}. Add the time "
            "axis (e.g. ops.expand_dims(x, 1) for sequences of one step)."
        )
    return shape


def check_rank(layer: Any, sequences: Tensor) -> None:
    if len(sequences.shape) < 3:
        sequence_shape(layer, sequences.shape)


def initial_states(layer: Any, sequences: Tensor, initial_state: Any) -> Any:
    """The states a call starts from: `initial_state` (checked), the stateful layer's
    variables, or the cell's initial (zero) states."""
    batch = ops.shape(sequences)[0]
    if initial_state is None:
        if layer.stateful:
            check_stateful_batch(layer, batch)
            return layer._state_store.values()
        return layer.get_initial_state(batch_size=batch)
    states = list(initial_state) if isinstance(initial_state, (list, tuple)) else [initial_state]
    dtype = getattr(layer.cell, "compute_dtype", None) or layer.compute_dtype
    states = map_structure(lambda s: ops.convert_to_tensor(s, dtype=dtype), states)
    check_initial_state(layer, batch, [tuple(ops.shape(s)) for s in flatten(states)])
    if len(states) != len(layer.state_size):
        states = pack_sequence_as(layer.get_initial_state(batch_size=batch), flatten(states))
    return states


def check_initial_state(layer: Any, batch: int | None, shapes: list) -> None:
    """Raises a ValueError naming the layer unless `shapes` are `(batch, size)` per state."""
    sizes = flatten(layer.state_size)
    if not all(isinstance(size, int) for size in sizes):
        return
    expected = [(batch, size) for size in sizes]
    problem = len(shapes) != len(sizes) or any(
        len(shape) != 2 or any(a is not None and b is not None and a != b for a, b in zip(shape, e))
        for shape, e in zip(shapes, expected)
    )
    if problem:
        raise ValueError(
            f"{type(layer).__name__} '{layer.name}': initial_state must hold one tensor of "
            f"shape (batch, state_size) per state, i.e. shapes {expected}, but received "
            f"shapes {shapes}. The cell's state sizes are {sizes}."
        )


def check_stateful_batch(layer: Any, batch: Any) -> None:
    expected = flatten(layer._state_store.structure)[0].shape[0]
    if batch != expected:
        raise ValueError(
            f"{type(layer).__name__} '{layer.name}' is stateful with a batch size of "
            f"{expected}, but received a batch of {batch} sequences. Feed batches of "
            f"{expected} (e.g. fit(..., batch_size={expected}, shuffle=False)), or call "
            "the layer on a new batch size only after rebuilding it."
        )
