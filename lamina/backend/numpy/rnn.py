"""NumPy backend: the recurrent loop (a Python loop over the time axis).

NumPy has no fused recurrent kernels: `lstm` and `gru` raise NotImplementedError, and the
layers run their cells through `rnn`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from lamina.backend.common.symbolic_tensor import flatten, pack_sequence_as
from lamina.backend.numpy.core import convert_to_tensor


def rnn(
    step_function: Callable,
    inputs: Any,
    initial_states: Any,
    go_backwards: bool = False,
    mask: Any = None,
    constants: Any = None,
    unroll: bool = False,
    input_length: int | None = None,
    time_major: bool = False,
    zero_output_for_mask: bool = False,
    return_all_outputs: bool = True,
) -> tuple[Any, Any, Any]:
    """Loops `step_function` over the time axis; see `lamina.ops.rnn`."""
    flat_inputs = [convert_to_tensor(x) for x in flatten(inputs)]
    if not time_major:
        flat_inputs = [np.swapaxes(x, 0, 1) for x in flat_inputs]
    step_mask = None
    if mask is not None:
        step_mask = convert_to_tensor(mask).astype(bool)
        step_mask = step_mask if time_major else np.swapaxes(step_mask, 0, 1)
    extra = list(constants or [])
    steps = flat_inputs[0].shape[0]
    states = initial_states
    outputs: list = []
    previous: list | None = None
    for t in range(steps - 1, -1, -1) if go_backwards else range(steps):
        x_t = pack_sequence_as(inputs, [x[t] for x in flat_inputs])
        output, new_states = step_function(x_t, list(states) + extra if extra else states)
        flat_output, flat_states = flatten(output), flatten(new_states)
        if step_mask is not None:
            keep = step_mask[t]
            if previous is None or zero_output_for_mask:
                previous = [np.zeros_like(o) for o in flat_output]
            flat_output = [_keep_where(keep, o, p) for o, p in zip(flat_output, previous)]
            flat_states = [_keep_where(keep, n, s) for n, s in zip(flat_states, flatten(states))]
            previous = flat_output
        states = pack_sequence_as(initial_states, flat_states)
        if return_all_outputs or not outputs:
            outputs.append(flat_output)
        else:
            outputs[0] = flat_output
    stacked = [np.stack(leaves) for leaves in zip(*outputs)]
    if not time_major:
        stacked = [np.swapaxes(x, 0, 1) for x in stacked]
    template = output
    return pack_sequence_as(template, outputs[-1]), pack_sequence_as(template, stacked), states


def _keep_where(keep: np.ndarray, new: Any, old: Any) -> np.ndarray:
    """`new` where the step's mask `keep` (batch,) is set, else `old`."""
    new, old = np.asarray(new), np.asarray(old)
    return np.where(keep.reshape(keep.shape + (1,) * (new.ndim - 1)), new, old)


def lstm(
    inputs: Any,
    initial_state_h: Any,
    initial_state_c: Any,
    mask: Any,
    kernel: Any,
    recurrent_kernel: Any,
    bias: Any,
    activation: Callable,
    recurrent_activation: Callable,
    return_sequences: bool = False,
    go_backwards: bool = False,
    unroll: bool = False,
    zero_output_for_mask: bool = False,
) -> tuple[Any, Any, list]:
    """Not available on NumPy: raises NotImplementedError (the LSTM layer then loops)."""
    raise NotImplementedError("lstm: the numpy backend has no fused LSTM kernel.")


def gru(
    inputs: Any,
    initial_state: Any,
    mask: Any,
    kernel: Any,
    recurrent_kernel: Any,
    bias: Any,
    activation: Callable,
    recurrent_activation: Callable,
    return_sequences: bool = False,
    go_backwards: bool = False,
    unroll: bool = False,
    reset_after: bool = True,
    zero_output_for_mask: bool = False,
) -> tuple[Any, Any, list]:
    """Not available on NumPy: raises NotImplementedError (the GRU layer then loops)."""
    raise NotImplementedError("gru: the numpy backend has no fused GRU kernel.")
