"""The recurrent loop op: `rnn` runs a step function over the time axis of a sequence.

Each backend provides the loop in its `rnn.py` (a Python loop on torch and numpy, `lax.scan`
on jax, so it compiles inside `jax.jit`). Given SymbolicTensors, the op calls the step function
once on SymbolicTensors to find the output's spec.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from lamina import backend
from lamina.backend.common.symbolic_tensor import (
    SymbolicTensor,
    flatten,
    map_structure,
)
from lamina.ops.operation import symbolic_call
from lamina.ops.shape_inference import dtype_of, shape_of, spec

F = TypeVar("F", bound=Callable[..., Any])


def _structured_op(spec_fn: Callable[..., Any]) -> Callable[[F], F]:
    """Like `lamina_op`, but looks through any nesting of the arguments for SymbolicTensors."""

    def decorate(fn: F) -> F:
        @functools.wraps(fn)
        def op(*args: Any, **kwargs: Any) -> Any:
            if any(isinstance(t, SymbolicTensor) for t in flatten((args, kwargs))):
                return symbolic_call(op, spec_fn, args, kwargs)
            return fn(*args, **kwargs)

        op.compute_output_spec = spec_fn  # type: ignore[attr-defined]
        return op  # type: ignore[return-value]

    return decorate


def _check_arguments(inputs: Any, mask: Any, time_major: bool, unroll: bool) -> tuple:
    """Checks the sequence(s) and mask; returns `(batch, timesteps)` (None where unknown)."""
    leaves = flatten(inputs)
    if not leaves:
        raise ValueError("rnn: inputs must hold at least one tensor, received none.")
    shapes = [tuple(shape_of(x)) for x in leaves]
    if any(len(s) < 3 for s in shapes):
        layout = "(timesteps, batch, ...)" if time_major else "(batch, timesteps, ...)"
        raise ValueError(
            f"rnn: every input must have rank >= 3, {layout}, received shapes {shapes}. "
            "Add the missing axis (e.g. ops.expand_dims) before calling rnn."
        )
    batch, steps = (shapes[0][1], shapes[0][0]) if time_major else (shapes[0][0], shapes[0][1])
    if steps == 0 or (unroll and steps is None):
        raise ValueError(
            f"rnn: {'unroll=True needs a known' if steps is None else 'needs at least one'} "
            f"timestep, received inputs of shape {shapes[0]}."
        )
    if mask is not None:
        expected = (steps, batch) if time_major else (batch, steps)
        mask_shape = tuple(shape_of(mask))
        if len(mask_shape) != 2 or any(
            a is not None and b is not None and a != b for a, b in zip(mask_shape, expected)
        ):
            raise ValueError(
                f"rnn: mask must have shape {expected} to match inputs of shape {shapes[0]}, "
                f"received shape {mask_shape}."
            )
    return batch, steps


def _rnn_spec(
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
    _, steps = _check_arguments(inputs, mask, time_major, unroll)
    batch_axis = 1 if time_major else 0

    def step_spec(x: Any) -> SymbolicTensor:
        shape = tuple(shape_of(x))
        return spec((shape[batch_axis], *shape[2:]), dtype_of(x, weak=False))

    def leaf_spec(x: Any) -> SymbolicTensor:
        return spec(tuple(shape_of(x)), dtype_of(x, weak=False))

    states = map_structure(leaf_spec, initial_states)
    extra = [leaf_spec(c) for c in flatten(constants)] if constants else []
    output, new_states = step_function(
        map_structure(step_spec, inputs), list(states) + extra if extra else states
    )
    if len(flatten(new_states)) != len(flatten(states)):
        raise ValueError(
            f"rnn: step_function must return as many states as it receives: it received "
            f"{len(flatten(states))} and returned {len(flatten(new_states))}."
        )
    length = steps if return_all_outputs else 1

    def stacked(y: Any) -> SymbolicTensor:
        shape = tuple(shape_of(y))
        full = (length, *shape) if time_major else (shape[0], length, *shape[1:])
        return spec(full, dtype_of(y, weak=False))

    last = map_structure(leaf_spec, output)
    outputs = map_structure(stacked, output)
    return last, outputs, states


@_structured_op(_rnn_spec)
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
    """Runs `output, states = step_function(x_t, states)` over the time axis of `inputs`.

    At a step where `mask` is False the states are carried over unchanged and the output
    repeats the previous step's output (zeros before the first unmasked step, or always with
    `zero_output_for_mask`), as Keras's recurrent layers define masking.

    Args:
        step_function: Takes one step of the inputs, `(batch, ...)`, and the list of states
            (followed by `constants`); returns `(output, new_states)` with the states'
            structure, shapes and dtypes.
        inputs: A tensor (or nesting of tensors) of shape `(batch, timesteps, ...)`.
        initial_states: The states before the first step: a list of tensors (any nesting).
        go_backwards: Whether to iterate from the last step to the first; the outputs are
            then in that (reversed) order.
        mask: Optional boolean tensor of shape `(batch, timesteps)`; False skips a step.
        constants: Optional list of tensors passed to every step after the states.
        unroll: Whether to unroll the loop (jax unrolls its scan; eager loops always run
            step by step). Needs a known number of timesteps.
        input_length: Accepted for Keras compatibility; the timesteps come from `inputs`.
        time_major: Whether `inputs` (and `mask`) are `(timesteps, batch, ...)`.
        zero_output_for_mask: Whether masked steps output zeros instead of the previous
            output.
        return_all_outputs: Whether `outputs` holds every step; if False it holds the last
            step only (a time axis of length 1).

    Returns:
        `(last_output, outputs, new_states)`: the output of the last step processed,
        the stacked outputs `(batch, timesteps, ...)` and the final states.

    Example:
        >>> import lamina
        >>> def step(x_t, states):
        ...     total = states[0] + x_t
        ...     return total, [total]
        >>> x = lamina.ops.ones((2, 3, 1))
        >>> last, outputs, states = lamina.ops.rnn(step, x, [lamina.ops.zeros((2, 1))])
        >>> lamina.ops.convert_to_numpy(outputs)[0, :, 0].tolist()
        [1.0, 2.0, 3.0]
    """
    _check_arguments(inputs, mask, time_major, unroll)
    return backend.rnn.rnn(
        step_function,
        inputs,
        initial_states,
        go_backwards=go_backwards,
        mask=mask,
        constants=constants,
        unroll=unroll,
        input_length=input_length,
        time_major=time_major,
        zero_output_for_mask=zero_output_for_mask,
        return_all_outputs=return_all_outputs,
    )
