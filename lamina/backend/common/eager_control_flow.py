"""Control flow for eager backends (numpy, torch): plain Python loops over the engine's tensors.

Each eager backend builds one `EagerControlFlow` from the few things that differ between
engines and defines its public `cond`, `scan`, ... as thin calls into it. No engine is imported
here; jax keeps its own lax-based versions so that its loops trace under `jax.jit`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lamina.backend.common.symbolic_tensor import flatten, map_structure, pack_sequence_as


def cond(pred: Any, true_fn: Callable, false_fn: Callable) -> Any:
    """Returns `true_fn()` if `pred` is true, else `false_fn()`."""
    return true_fn() if bool(pred) else false_fn()


def switch(index: Any, branches: list, *operands: Any) -> Any:
    """Returns `branches[index](*operands)`, with `index` clamped into the list as lax does."""
    position = min(max(int(index), 0), len(branches) - 1)
    return branches[position](*operands)


class EagerControlFlow:
    """Loops over one eager engine's tensors.

    Args:
        tensor_type: The engine's tensor class; loop-state leaves of other types are converted.
        convert_to_tensor: The backend's `convert_to_tensor(x)`.
        stack: Stacks a list of same-shaped tensors along a new axis 0 (`np.stack`, ...).
        zeros_like_step: Returns zeros shaped and typed like `leaf[0]` for a sequence `leaf`
            (which may have no steps), on the leaf's device.
    """

    def __init__(
        self,
        tensor_type: type,
        convert_to_tensor: Callable[[Any], Any],
        stack: Callable[[list], Any],
        zeros_like_step: Callable[[Any], Any],
    ) -> None:
        self._tensor_type = tensor_type
        self._convert_to_tensor = convert_to_tensor
        self._stack = stack
        self._zeros_like_step = zeros_like_step

    def while_loop(
        self,
        cond: Callable,
        body: Callable,
        loop_vars: Any,
        maximum_iterations: int | None = None,
    ) -> Any:
        """Runs `loop_vars = body(*loop_vars)` while `cond(*loop_vars)`; returns the last state."""
        is_sequence = isinstance(loop_vars, (list, tuple))
        state = map_structure(self._as_state, loop_vars)
        iteration = 0
        while maximum_iterations is None or iteration < maximum_iterations:
            if not bool(cond(*state) if is_sequence else cond(state)):
                break
            outputs = body(*state) if is_sequence else body(state)
            if is_sequence:
                outputs = outputs if isinstance(outputs, (list, tuple)) else (outputs,)
                outputs = type(loop_vars)(outputs) if type(loop_vars) in (list, tuple) else outputs
            state = map_structure(self._as_state, outputs)
            iteration += 1
        return state

    def fori_loop(self, lower: Any, upper: Any, body_fun: Callable, init_val: Any) -> Any:
        """Returns `init_val` after `value = body_fun(i, value)` for i in [lower, upper)."""
        value = map_structure(self._as_state, init_val)
        for i in range(int(lower), int(upper)):
            value = body_fun(i, value)
        return value

    def scan(
        self,
        f: Callable,
        init: Any,
        xs: Any = None,
        length: int | None = None,
        reverse: bool = False,
    ) -> tuple[Any, Any]:
        """Returns `(carry, ys)` of `carry, y = f(carry, x)` over axis 0 of `xs`, ys stacked."""
        carry = map_structure(self._as_state, init)
        xs = None if xs is None else map_structure(self._convert_to_tensor, xs)
        leaves = [] if xs is None else flatten(xs)
        steps = int(length if not leaves else leaves[0].shape[0])  # type: ignore[arg-type]
        outputs = []
        for i in reversed(range(steps)) if reverse else range(steps):
            x = None if xs is None else pack_sequence_as(xs, [leaf[i] for leaf in leaves])
            carry, y = f(carry, x)
            outputs.append(y)
        if not outputs:
            # No steps: run f once on zeros to learn the shapes of the (empty) stacked outputs.
            zeros = [self._zeros_like_step(leaf) for leaf in leaves]
            x = None if xs is None else pack_sequence_as(xs, zeros)
            _, y = f(carry, x)
            stacked = self._stack_steps([y])
            return carry, map_structure(lambda t: t if t is None else t[:0], stacked)
        if reverse:
            outputs.reverse()
        return carry, self._stack_steps(outputs)

    def map(self, f: Callable, xs: Any) -> Any:
        """Returns `f` applied to each slice of `xs` along axis 0, the results stacked."""
        _, outputs = self.scan(lambda carry, x: (carry, f(x)), (), xs)
        return outputs

    def _as_state(self, x: Any) -> Any:
        # Loop state leaves become tensors so that every backend carries the same dtypes.
        if isinstance(x, self._tensor_type) or x is None:
            return x
        return self._convert_to_tensor(x)

    def _stack_steps(self, steps: list) -> Any:
        """Returns the per-step outputs `steps` (same nesting each) stacked along a new axis 0."""
        columns = zip(*(flatten(step) for step in steps))
        stacked = [
            None if column[0] is None else self._stack([self._convert_to_tensor(v) for v in column])
            for column in columns
        ]
        return pack_sequence_as(steps[0], stacked)
