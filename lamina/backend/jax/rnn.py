"""JAX backend: recurrent loops as `lax.scan`, so they compile inside `jax.jit`.

`rnn` scans the step function over the time axis. `lstm` and `gru` scan their steps written
directly in jnp (Keras's weight layout, any activation, any mask, `go_backwards`; `unroll`
unrolls the scan), so the LSTM and GRU layers never go through their cell's Python call.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import jax
import jax.numpy as jnp

from lamina.backend.common.symbolic_tensor import flatten, map_structure, pack_sequence_as
from lamina.backend.jax.core import convert_to_tensor


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
    """Scans `step_function` over the time axis; see `lamina.ops.rnn`."""
    flat_inputs = [convert_to_tensor(x) for x in flatten(inputs)]
    if not time_major:
        flat_inputs = [jnp.swapaxes(x, 0, 1) for x in flat_inputs]
    step_mask = None
    if mask is not None:
        step_mask = convert_to_tensor(mask).astype(bool)
        step_mask = step_mask if time_major else jnp.swapaxes(step_mask, 0, 1)
    if go_backwards:
        flat_inputs = [jnp.flip(x, 0) for x in flat_inputs]
        step_mask = None if step_mask is None else jnp.flip(step_mask, 0)
    extra = list(constants or [])
    init = map_structure(convert_to_tensor, initial_states)
    output_skeleton: list = []

    def step(states: Any, flat_x: list) -> tuple[list, Any]:
        x_t = pack_sequence_as(inputs, flat_x)
        output, new_states = step_function(x_t, list(states) + extra if extra else states)
        if not output_skeleton:
            output_skeleton.append(map_structure(lambda _: None, output))
        new_flat = [jnp.asarray(n, s.dtype) for n, s in zip(flatten(new_states), flatten(states))]
        return flatten(output), pack_sequence_as(initial_states, new_flat)

    # The carry holds the previous output too: masked steps repeat it, and without
    # return_all_outputs the scan stacks nothing.
    first = jax.eval_shape(lambda s, x: step(s, x)[0], init, [x[0] for x in flat_inputs])
    zeros = [jnp.zeros(o.shape, o.dtype) for o in first]

    def body(carry: tuple, xs: tuple) -> tuple[tuple, Any]:
        states, previous = carry
        flat_x, keep = xs
        flat_output, new_states = step(states, flat_x)
        if keep is not None:
            filler = zeros if zero_output_for_mask else previous
            flat_output = [_keep_where(keep, o, p) for o, p in zip(flat_output, filler)]
            kept = [_keep_where(keep, n, s) for n, s in zip(flatten(new_states), flatten(states))]
            new_states = pack_sequence_as(initial_states, kept)
        return (new_states, flat_output), (flat_output if return_all_outputs else None)

    (final_states, last), stacked = jax.lax.scan(
        body, (init, zeros), (flat_inputs, step_mask), unroll=bool(unroll) or 1
    )
    flat_outputs = stacked if return_all_outputs else [o[None] for o in last]
    if not time_major:
        flat_outputs = [jnp.swapaxes(o, 0, 1) for o in flat_outputs]
    skeleton = output_skeleton[0]
    return (
        pack_sequence_as(skeleton, last),
        pack_sequence_as(skeleton, flat_outputs),
        final_states,
    )


def _keep_where(keep: jax.Array, new: jax.Array, old: jax.Array) -> jax.Array:
    """`new` where the step's mask `keep` (batch,) is set, else `old`."""
    return jnp.where(keep.reshape(keep.shape + (1,) * (new.ndim - 1)), new, old)


_STATIC = (
    "activation",
    "recurrent_activation",
    "return_sequences",
    "go_backwards",
    "unroll",
    "zero_output_for_mask",
)


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
    """A whole LSTM sequence as one `lax.scan` of jnp steps.

    Returns `(last_output, outputs, [h, c])`, as the LSTM layer's loop over its cell would.
    Compiled once per configuration and shapes, so eager calls do not recompile the scan.
    """
    arrays = [inputs, initial_state_h, initial_state_c, mask, kernel, recurrent_kernel, bias]
    return _lstm_sequence(
        *[None if a is None else convert_to_tensor(a) for a in arrays],
        activation=activation,
        recurrent_activation=recurrent_activation,
        return_sequences=return_sequences,
        go_backwards=go_backwards,
        unroll=unroll,
        zero_output_for_mask=zero_output_for_mask,
    )


@functools.partial(jax.jit, static_argnames=_STATIC)
def _lstm_sequence(
    inputs: jax.Array,
    h0: jax.Array,
    c0: jax.Array,
    mask: Any,
    w: jax.Array,
    u: jax.Array,
    b: Any,
    **flags: Any,
) -> tuple[Any, Any, list]:
    activation, recurrent_activation = flags.pop("activation"), flags.pop("recurrent_activation")

    def step(x_t: jax.Array, states: list) -> tuple[jax.Array, list]:
        h, c = states
        z = x_t @ w + h @ u
        if b is not None:
            z = z + b
        i, f, g, o = jnp.split(z, 4, axis=-1)
        c = recurrent_activation(f) * c + recurrent_activation(i) * activation(g)
        h = recurrent_activation(o) * activation(c)
        return h, [h, c]

    return _scan(step, inputs, [h0, c0], mask, **flags)


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
    """A whole GRU sequence as one `lax.scan` of jnp steps.

    Returns `(last_output, outputs, [h])`, as the GRU layer's loop over its cell would.
    Compiled once per configuration and shapes, so eager calls do not recompile the scan.
    """
    arrays = [inputs, initial_state, mask, kernel, recurrent_kernel, bias]
    return _gru_sequence(
        *[None if a is None else convert_to_tensor(a) for a in arrays],
        activation=activation,
        recurrent_activation=recurrent_activation,
        return_sequences=return_sequences,
        go_backwards=go_backwards,
        unroll=unroll,
        zero_output_for_mask=zero_output_for_mask,
        reset_after=reset_after,
    )


@functools.partial(jax.jit, static_argnames=(*_STATIC, "reset_after"))
def _gru_sequence(
    inputs: jax.Array,
    h0: jax.Array,
    mask: Any,
    w: jax.Array,
    u: jax.Array,
    b: Any,
    **flags: Any,
) -> tuple[Any, Any, list]:
    activation, recurrent_activation = flags.pop("activation"), flags.pop("recurrent_activation")
    reset_after = flags.pop("reset_after")
    input_bias = None if b is None else (b[0] if reset_after else b)
    recurrent_bias = None if b is None or not reset_after else b[1]
    units = u.shape[0]

    def step(x_t: jax.Array, states: list) -> tuple[jax.Array, list]:
        h = states[0]
        x = x_t @ w if input_bias is None else x_t @ w + input_bias
        x_z, x_r, x_h = jnp.split(x, 3, axis=-1)
        if reset_after:
            inner = h @ u if recurrent_bias is None else h @ u + recurrent_bias
            h_z, h_r, h_h = jnp.split(inner, 3, axis=-1)
        else:
            h_z, h_r = jnp.split(h @ u[:, : 2 * units], 2, axis=-1)
        z = recurrent_activation(x_z + h_z)
        r = recurrent_activation(x_r + h_r)
        h_h = r * h_h if reset_after else (r * h) @ u[:, 2 * units :]
        h = z * h + (1 - z) * activation(x_h + h_h)
        return h, [h]

    return _scan(step, inputs, [h0], mask, **flags)


def _scan(
    step: Callable,
    inputs: jax.Array,
    initial: list,
    mask: Any,
    go_backwards: bool,
    unroll: bool,
    zero_output_for_mask: bool,
    return_sequences: bool,
) -> tuple[Any, Any, list]:
    # The whole step stays inside the scan: on XLA:CPU, projecting all the inputs first (one
    # big matmul) and scanning only the recurrence measured slower (the big (time, batch,
    # gates * units) buffers cost more than the per-step matmuls they save).
    return rnn(
        step,
        inputs,
        initial,
        go_backwards=go_backwards,
        mask=mask,
        unroll=unroll,
        zero_output_for_mask=zero_output_for_mask,
        return_all_outputs=return_sequences,
    )
