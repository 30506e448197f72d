"""Step-by-step NumPy implementations of the recurrent layers' equations: the tests' oracle.

Weights come as dicts keyed by variable name ("kernel", "recurrent_kernel", "bias"), in
Keras's layout. `run_rnn` applies Keras's masking rules: a masked step keeps the states and
repeats the previous output (zeros before the first unmasked step, or always with
`zero_output_for_mask`); `go_backwards` reads the steps from the last and returns the outputs
in that order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _gates(z: np.ndarray, count: int) -> list[np.ndarray]:
    return np.split(z, count, axis=-1)


def simple_rnn_step(
    x: np.ndarray, states: list, w: dict, activation: Callable = np.tanh
) -> tuple[np.ndarray, list]:
    z = x @ w["kernel"] + states[0] @ w["recurrent_kernel"]
    if w.get("bias") is not None:
        z = z + w["bias"]
    h = activation(z)
    return h, [h]


def lstm_step(
    x: np.ndarray,
    states: list,
    w: dict,
    activation: Callable = np.tanh,
    recurrent_activation: Callable = sigmoid,
) -> tuple[np.ndarray, list]:
    h, c = states
    z = x @ w["kernel"] + h @ w["recurrent_kernel"]
    if w.get("bias") is not None:
        z = z + w["bias"]
    i, f, g, o = _gates(z, 4)
    c = recurrent_activation(f) * c + recurrent_activation(i) * activation(g)
    h = recurrent_activation(o) * activation(c)
    return h, [h, c]


def gru_step(
    x: np.ndarray,
    states: list,
    w: dict,
    reset_after: bool = True,
    activation: Callable = np.tanh,
    recurrent_activation: Callable = sigmoid,
) -> tuple[np.ndarray, list]:
    h = states[0]
    kernel, recurrent = w["kernel"], w["recurrent_kernel"]
    units = recurrent.shape[0]
    bias = w.get("bias")
    input_bias = 0.0 if bias is None else (bias[0] if reset_after else bias)
    x_z, x_r, x_h = _gates(x @ kernel + input_bias, 3)
    u_z, u_r, u_h = recurrent[:, :units], recurrent[:, units : 2 * units], recurrent[:, 2 * units :]
    if reset_after:
        recurrent_bias = np.zeros(3 * units) if bias is None else bias[1]
        b_z, b_r, b_h = _gates(recurrent_bias, 3)
        z = recurrent_activation(x_z + h @ u_z + b_z)
        r = recurrent_activation(x_r + h @ u_r + b_r)
        candidate = activation(x_h + r * (h @ u_h + b_h))
    else:
        z = recurrent_activation(x_z + h @ u_z)
        r = recurrent_activation(x_r + h @ u_r)
        candidate = activation(x_h + (r * h) @ u_h)
    h = z * h + (1.0 - z) * candidate
    return h, [h]


def run_rnn(
    step: Callable,
    x: np.ndarray,
    initial_states: list,
    mask: np.ndarray | None = None,
    go_backwards: bool = False,
    zero_output_for_mask: bool = False,
) -> tuple[np.ndarray, np.ndarray, list]:
    """Runs `step(x_t, states) -> (output, states)` over axis 1 of `x`.

    Returns `(last_output, outputs (batch, timesteps, ...), final_states)`.
    """
    x = np.asarray(x, np.float64)
    states = [np.asarray(s, np.float64) for s in initial_states]
    steps = x.shape[1]
    previous: np.ndarray | None = None
    outputs = []
    for t in range(steps - 1, -1, -1) if go_backwards else range(steps):
        output, new_states = step(x[:, t], states)
        if mask is not None:
            keep = np.asarray(mask[:, t], bool)[:, None]
            if previous is None or zero_output_for_mask:
                previous = np.zeros_like(output)
            output = np.where(keep, output, previous)
            new_states = [np.where(keep, n, s) for n, s in zip(new_states, states)]
            previous = output
        states = new_states
        outputs.append(output)
    return outputs[-1], np.stack(outputs, axis=1), states


def layer_reference(
    kind: str,
    x: np.ndarray,
    weights: dict,
    initial_states: list | None = None,
    mask: np.ndarray | None = None,
    go_backwards: bool = False,
    zero_output_for_mask: bool = False,
    **step_kwargs: Any,
) -> tuple[np.ndarray, np.ndarray, list]:
    """`run_rnn` of a SimpleRNN ("simple"), LSTM ("lstm") or GRU ("gru") with zero initial
    states by default."""
    step_fn = {"simple": simple_rnn_step, "lstm": lstm_step, "gru": gru_step}[kind]
    units = weights["recurrent_kernel"].shape[0]
    if initial_states is None:
        count = 2 if kind == "lstm" else 1
        initial_states = [np.zeros((x.shape[0], units)) for _ in range(count)]

    def step(x_t: np.ndarray, states: list) -> tuple[np.ndarray, list]:
        return step_fn(x_t, states, weights, **step_kwargs)

    return run_rnn(step, x, initial_states, mask, go_backwards, zero_output_for_mask)


def right_padded_mask(lengths: list[int], steps: int) -> np.ndarray:
    return np.arange(steps)[None, :] < np.asarray(lengths)[:, None]


def check_against_reference(
    layer: Any,
    kind: str,
    x: np.ndarray,
    mask: np.ndarray | None = None,
    initial_state: list | None = None,
    rtol: float = 1e-5,
    atol: float = 1e-5,
    **step_kwargs: Any,
) -> None:
    """Calls `layer` (built with return_sequences=True, return_state=True) and checks the
    output sequence and final states against `layer_reference`."""
    from lamina import ops

    kwargs: dict[str, Any] = {}
    if mask is not None:
        kwargs["mask"] = ops.convert_to_tensor(mask)
    if initial_state is not None:
        kwargs["initial_state"] = [ops.convert_to_tensor(s) for s in initial_state]
    got = layer(ops.convert_to_tensor(x), **kwargs)
    weights = {w.name: w.numpy() for w in layer.weights}
    _, outputs, states = layer_reference(
        kind,
        x,
        weights,
        initial_states=initial_state,
        mask=mask,
        go_backwards=layer.go_backwards,
        zero_output_for_mask=layer.zero_output_for_mask,
        **step_kwargs,
    )
    np.testing.assert_allclose(ops.convert_to_numpy(got[0]), outputs, rtol=rtol, atol=atol)
    assert len(got) == 1 + len(states)
    for value, expected in zip(got[1:], states):
        np.testing.assert_allclose(ops.convert_to_numpy(value), expected, rtol=rtol, atol=atol)


#: Masks for a batch of 4 sequences of 6 steps: none, right-padded (the fused kernels' case,
#: one sequence full), and arbitrary (holes, and one sequence fully masked).
MASKS = {
    "none": None,
    "right_padded": right_padded_mask([6, 3, 1, 4], 6),
    "arbitrary": np.array(
        [
            [1, 0, 1, 1, 0, 1],
            [0, 0, 1, 1, 1, 1],
            [0, 0, 0, 0, 0, 0],
            [1, 1, 1, 1, 1, 0],
        ],
        bool,
    ),
}
