"""JAX backend: recurrent loops as `lax.scan`, so they compile inside `jax.jit`.

`rnn` scans the step function over the time axis; eager calls reuse a compiled loop cached
by the step's jaxpr (the step's weights are its arguments). `lstm` and `gru` scan their steps
written directly in jnp (Keras's weight layout, any activation, any mask, `go_backwards`;
`unroll` unrolls the scan), so the LSTM and GRU layers never go through their cell's Python
call.
"""

from __future__ import annotations

import functools
import re
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import jax
import jax.extend
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
    """Scans `step_function` over the time axis; see `lamina.ops.rnn`.

    Eagerly (no jax trace around the call), the step is traced to a jaxpr and the whole
    loop runs as a compiled function cached by that jaxpr, so a layer's repeated calls do
    not recompile. Inside a trace (`jax.jit`, `jax.grad`) the scan is traced in place.
    """
    flat_inputs = [convert_to_tensor(x) for x in flatten(inputs)]
    flat_init = [convert_to_tensor(s) for s in flatten(initial_states)]
    step_mask = None if mask is None else convert_to_tensor(mask).astype(bool)
    extra = list(constants or [])
    output_skeleton: list = []

    def step(flat_states: list, flat_x: list) -> tuple[list, list]:
        states = pack_sequence_as(initial_states, flat_states)
        x_t = pack_sequence_as(inputs, flat_x)
        output, new_states = step_function(x_t, list(states) + extra if extra else states)
        if not output_skeleton:
            output_skeleton.append(map_structure(lambda _: None, output))
        new_flat = [jnp.asarray(n, s.dtype) for n, s in zip(flatten(new_states), flat_states)]
        return flatten(output), new_flat

    unroll_steps = bool(unroll) or 1
    options = (go_backwards, unroll_steps, time_major, zero_output_for_mask, return_all_outputs)
    loop = _cached_loop(step, flat_inputs, flat_init, step_mask, options)
    if loop is None:
        loop = functools.partial(_loop, step, options)
    last, flat_outputs, final_states = loop(flat_inputs, flat_init, step_mask)
    skeleton = output_skeleton[0]
    return (
        pack_sequence_as(skeleton, last),
        pack_sequence_as(skeleton, flat_outputs),
        pack_sequence_as(initial_states, final_states),
    )


def _loop(
    step: Callable, options: tuple, flat_inputs: list, flat_init: list, mask: Any
) -> tuple[list, list, list]:
    """The scan over time of `step(flat_states, flat_x) -> (flat_output, flat_new_states)`."""
    go_backwards, unroll, time_major, zero_output_for_mask, return_all_outputs = options
    if not time_major:
        flat_inputs = [jnp.swapaxes(x, 0, 1) for x in flat_inputs]
        mask = None if mask is None else jnp.swapaxes(mask, 0, 1)
    if go_backwards:
        flat_inputs = [jnp.flip(x, 0) for x in flat_inputs]
        mask = None if mask is None else jnp.flip(mask, 0)
    # The carry holds the previous output too: masked steps repeat it, and without
    # return_all_outputs the scan stacks nothing.
    first = jax.eval_shape(lambda s, x: step(s, x)[0], flat_init, [x[0] for x in flat_inputs])
    zeros = [jnp.zeros(o.shape, o.dtype) for o in first]

    def body(carry: tuple, xs: tuple) -> tuple[tuple, Any]:
        states, previous = carry
        flat_x, keep = xs
        flat_output, new_states = step(states, flat_x)
        if keep is not None:
            filler = zeros if zero_output_for_mask else previous
            flat_output = [_keep_where(keep, o, p) for o, p in zip(flat_output, filler)]
            new_states = [_keep_where(keep, n, s) for n, s in zip(new_states, states)]
        return (new_states, flat_output), (flat_output if return_all_outputs else None)

    (final_states, last), stacked = jax.lax.scan(
        body, (flat_init, zeros), (flat_inputs, mask), unroll=unroll
    )
    flat_outputs = stacked if return_all_outputs else [o[None] for o in last]
    if not time_major:
        flat_outputs = [jnp.swapaxes(o, 0, 1) for o in flat_outputs]
    return last, flat_outputs, final_states


# Compiled loops of eager calls, keyed by the step's jaxpr text and the loop options: the
# text shows every operation, shape, dtype and literal value of the step, and the arrays it
# closes over (weights, dropout masks) become the jaxpr's constants, passed as arguments.
_compiled_loops: OrderedDict[tuple, Callable] = OrderedDict()
_MAX_COMPILED_LOOPS = 32
# Callbacks print without their function (the address is masked): their text does not tell
# two steps apart, so such steps are never cached.
_UNCACHEABLE = re.compile(r"callback|<function|0x[0-9a-fA-FX]{4,}")


def _cached_loop(
    step: Callable, flat_inputs: list, flat_init: list, mask: Any, options: tuple
) -> Callable | None:
    """The compiled loop for this step, its constants bound; None under a jax trace (or
    for a step whose jaxpr cannot key a cache)."""
    leaves = [*flat_inputs, *flat_init, mask]
    if any(isinstance(x, jax.core.Tracer) for x in leaves):
        return None
    time_major = options[2]
    x_specs = [
        jax.ShapeDtypeStruct(x.shape[1:] if time_major else (x.shape[0], *x.shape[2:]), x.dtype)
        for x in flat_inputs
    ]
    state_specs = [jax.ShapeDtypeStruct(s.shape, s.dtype) for s in flat_init]
    closed = jax.make_jaxpr(step)(state_specs, x_specs)
    consts = list(closed.consts)
    if any(isinstance(c, jax.core.Tracer) for c in consts):
        return None  # The step reads traced values: the caller is inside a trace.
    text = str(closed.jaxpr)
    if closed.jaxpr.effects or _UNCACHEABLE.search(text) or _has_inner_constants(closed.jaxpr):
        return None
    key = (text, options, mask is None)
    compiled = _compiled_loops.get(key)
    if compiled is None:
        compiled = jax.jit(functools.partial(_run_jaxpr, closed.jaxpr, len(flat_init), options))
        _compiled_loops[key] = compiled
        if len(_compiled_loops) > _MAX_COMPILED_LOOPS:
            _compiled_loops.popitem(last=False)
    else:
        _compiled_loops.move_to_end(key)
    return functools.partial(compiled, consts)


def _has_inner_constants(jaxpr: Any) -> bool:
    """Whether a nested jaxpr (e.g. of a jitted function the step calls) holds constants:
    they print without their values, so the text would not tell two such steps apart."""
    for equation in jaxpr.eqns:
        for value in equation.params.values():
            for inner in value if isinstance(value, (tuple, list)) else (value,):
                if isinstance(inner, jax.extend.core.ClosedJaxpr):
                    if inner.consts or _has_inner_constants(inner.jaxpr):
                        return True
                elif isinstance(inner, jax.extend.core.Jaxpr) and _has_inner_constants(inner):
                    return True
    return False


def _run_jaxpr(
    jaxpr: Any,
    num_states: int,
    options: tuple,
    consts: list,
    flat_inputs: list,
    flat_init: list,
    mask: Any,
) -> tuple[list, list, list]:
    def step(flat_states: list, flat_x: list) -> tuple[list, list]:
        flat = jax.core.eval_jaxpr(jaxpr, consts, *flat_states, *flat_x)
        split = len(flat) - num_states
        return flat[:split], flat[split:]

    return _loop(step, options, flat_inputs, flat_init, mask)


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
