"""Control-flow ops: cond, switch, loops, scan, map, and gradient control (part of `ops.core`)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from lamina import backend
from lamina.backend.common import dtypes
from lamina.backend.common.symbolic_tensor import (
    SymbolicTensor,
    flatten,
    map_structure,
    pack_sequence_as,
)
from lamina.ops.operation import lamina_op, symbolic_call
from lamina.ops.shape_inference import (
    dtype_of,
    shape_of,
    spec,
    unary_spec,
)
from lamina.typing import Tensor

F = TypeVar("F", bound=Callable[..., Any])

_b = backend.core


# -- control flow -------------------------------------------------------------------------------
# These ops take functions and nested state. They are symbolic when any tensor anywhere in
# their arguments is; their spec then calls the user functions on SymbolicTensors (which works
# because those functions are written with lamina ops) and checks that the results agree.


def _structured_op(spec_fn: Callable[..., Any]) -> Callable[[F], F]:
    """Like `lamina_op`, but looks through any nesting for SymbolicTensors."""

    def decorate(fn: F) -> F:
        @functools.wraps(fn)
        def op(*args: Any, **kwargs: Any) -> Any:
            if any(isinstance(t, SymbolicTensor) for t in flatten((args, kwargs))):
                return symbolic_call(op, spec_fn, args, kwargs)
            return fn(*args, **kwargs)

        op.compute_output_spec = spec_fn  # type: ignore[attr-defined]
        return op  # type: ignore[return-value]

    return decorate


def _leaf_spec(x: Any) -> Any:
    if x is None:
        return None
    return spec(shape_of(x), dtypes.result_type(dtype_of(x)))


def _describe_spec(x: Any) -> str:
    return "None" if x is None else f"shape {tuple(x.shape)} {x.dtype}"


def _agree(op_name: str, first_name: str, first: Any, second_name: str, second: Any) -> Any:
    """Returns fresh specs for two results that must agree (None dims absorb known ones)."""
    first_structure = map_structure(lambda _: "*", first)
    second_structure = map_structure(lambda _: "*", second)
    if first_structure != second_structure:
        raise ValueError(
            f"{op_name}: {first_name} and {second_name} must have the same structure, received "
            f"{first_structure} from {first_name} and {second_structure} from {second_name}."
        )
    merged: list[SymbolicTensor | None] = []
    for a, b in zip(flatten(first), flatten(second)):
        a, b = _leaf_spec(a), _leaf_spec(b)
        if a is None or b is None:
            if (a is None) != (b is None):
                raise ValueError(
                    f"{op_name}: {first_name} gives {_describe_spec(a)} where {second_name} "
                    f"gives {_describe_spec(b)}."
                )
            merged.append(None)
            continue
        same_rank = len(a.shape) == len(b.shape)
        dims_agree = same_rank and all(
            x is None or y is None or x == y for x, y in zip(a.shape, b.shape)
        )
        if not dims_agree or a.dtype != b.dtype:
            raise ValueError(
                f"{op_name}: {first_name} and {second_name} must give tensors of the same shape "
                f"and dtype, received {_describe_spec(a)} from {first_name} and "
                f"{_describe_spec(b)} from {second_name}."
            )
        shape = tuple(x if x == y else None for x, y in zip(a.shape, b.shape))
        merged.append(spec(shape, a.dtype))
    return pack_sequence_as(first, merged)


def _slice_spec(x: Any) -> Any:
    """Spec of one step's slice of a stacked leaf (its first axis dropped)."""
    if x is None:
        return None
    shape = shape_of(x)
    if not shape:
        raise ValueError(f"scan: every leaf of xs needs a leading axis, received shape {shape}.")
    return spec(shape[1:], dtypes.result_type(dtype_of(x)))


def _stacked_spec(outputs: Any, length: int | None) -> Any:
    return map_structure(
        lambda y: None if y is None else spec((length, *shape_of(y)), _leaf_spec(y).dtype),
        outputs,
    )


def _leading_length(op_name: str, xs: Any, length: int | None = None) -> int | None:
    """Returns the shared first dim of the leaves of `xs` (or `length`); checks they agree."""
    leaves = [x for x in flatten(xs) if x is not None] if xs is not None else []
    if not leaves:
        if length is None:
            raise ValueError(f"{op_name}: pass xs or length; received xs=None and length=None.")
        return length
    if any(not shape_of(x) for x in leaves):
        raise ValueError(f"{op_name}: every leaf of xs needs a leading axis to iterate over.")
    known: set[int] = {d for d in (shape_of(x)[0] for x in leaves) if d is not None}
    if length is not None:
        known.add(length)
    if len(known) > 1:
        raise ValueError(
            f"{op_name}: the leaves of xs (and length) must share the leading dim, received "
            f"leading dims {sorted(known)}."
        )
    return known.pop() if known else None


def _cond_spec(pred: Any, true_fn: Callable, false_fn: Callable) -> Any:
    if shape_of(pred) not in ((), (1,)):
        raise ValueError(f"cond: pred must be a scalar, received shape {shape_of(pred)}.")
    return _agree("cond", "true_fn", true_fn(), "false_fn", false_fn())


@_structured_op(_cond_spec)
def cond(pred: Any, true_fn: Callable, false_fn: Callable) -> Any:
    """Returns `true_fn()` if `pred` is true, else `false_fn()`.

    On jax this is `lax.cond`, so it works inside `jax.jit`; both branches must then return the
    same structure, shapes and dtypes (which the symbolic spec checks on every backend).

    Args:
        pred: A scalar boolean (tensor or Python bool).
        true_fn: A function of no arguments, called when `pred` is true.
        false_fn: A function of no arguments, called when `pred` is false.

    Returns:
        The output of the chosen branch.

    Example:
        >>> import lamina
        >>> x = lamina.ops.convert_to_tensor([1.0, 2.0])
        >>> y = lamina.ops.cond(x[0] > 0, lambda: x * 2, lambda: x)
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [2.0, 4.0]
    """
    return _b.cond(pred, true_fn, false_fn)


def _switch_spec(index: Any, branches: Sequence[Callable], *operands: Any) -> Any:
    if not branches:
        raise ValueError("switch: branches must hold at least one function, received none.")
    first = branches[0](*operands)
    for position, branch in enumerate(branches[1:], start=1):
        _agree("switch", "branches[0]", first, f"branches[{position}]", branch(*operands))
    return _agree("switch", "branches[0]", first, "branches[0]", first)


@_structured_op(_switch_spec)
def switch(index: Any, branches: Sequence[Callable], *operands: Any) -> Any:
    """Returns `branches[index](*operands)`, with `index` clamped to the valid range.

    Args:
        index: A scalar integer.
        branches: Functions that take `*operands` and return the same structure and shapes.
        *operands: Inputs passed to the chosen branch.

    Returns:
        The output of the chosen branch.

    Example:
        >>> import lamina
        >>> branches = [lambda x: x + 1, lambda x: x * 10]
        >>> y = lamina.ops.switch(1, branches, lamina.ops.convert_to_tensor([1, 2]))
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [10, 20]
    """
    if not branches:
        _switch_spec(index, branches, *operands)
    return _b.switch(index, list(branches), *operands)


def _call_on_state(fn: Callable, state: Any) -> Any:
    return fn(*state) if isinstance(state, (list, tuple)) else fn(state)


def _while_loop_spec(
    cond: Callable, body: Callable, loop_vars: Any, maximum_iterations: int | None = None
) -> Any:
    _call_on_state(cond, loop_vars)
    outputs = _call_on_state(body, loop_vars)
    if isinstance(loop_vars, (list, tuple)) and not isinstance(outputs, (list, tuple)):
        outputs = (outputs,)
    if isinstance(loop_vars, (list, tuple)):
        outputs = type(loop_vars)(outputs) if type(loop_vars) in (list, tuple) else outputs
    return _agree("while_loop", "loop_vars", loop_vars, "body", outputs)


@_structured_op(_while_loop_spec)
def while_loop(
    cond: Callable, body: Callable, loop_vars: Any, maximum_iterations: int | None = None
) -> Any:
    """Runs `loop_vars = body(*loop_vars)` while `cond(*loop_vars)` is true.

    A list or tuple `loop_vars` is unpacked into the arguments of `cond` and `body`; any other
    structure (a tensor, a dict) is passed as one argument. `body` returns the new loop
    variables with the same structure, shapes and dtypes.

    Args:
        cond: Returns a scalar boolean: whether to run `body` again.
        body: Returns the next loop variables.
        loop_vars: The initial loop variables, any nesting of tensors.
        maximum_iterations: If set, stop after this many iterations at the latest.

    Returns:
        The loop variables after the last iteration, with the structure of `loop_vars`.

    Example:
        >>> import lamina
        >>> body = lambda i, total: (i + 1, total + i)
        >>> i, total = lamina.ops.while_loop(lambda i, total: i < 4, body, (0, 0))
        >>> int(lamina.ops.convert_to_numpy(i)), int(lamina.ops.convert_to_numpy(total))
        (4, 6)
    """
    return _b.while_loop(cond, body, loop_vars, maximum_iterations)


def _fori_loop_spec(lower: Any, upper: Any, body_fun: Callable, init_val: Any) -> Any:
    outputs = body_fun(SymbolicTensor((), "int32"), init_val)
    return _agree("fori_loop", "init_val", init_val, "body_fun", outputs)


@_structured_op(_fori_loop_spec)
def fori_loop(lower: Any, upper: Any, body_fun: Callable, init_val: Any) -> Any:
    """Runs `value = body_fun(i, value)` for `i` in `range(lower, upper)`, from `init_val`.

    Args:
        lower: The first index (an int).
        upper: One past the last index (an int).
        body_fun: Takes the index and the value; returns the next value, with the structure,
            shapes and dtypes of `init_val`.
        init_val: The initial value, any nesting of tensors.

    Returns:
        The value after the last iteration.

    Example:
        >>> import lamina
        >>> x = lamina.ops.fori_loop(0, 3, lambda i, x: x * 2, lamina.ops.convert_to_tensor([1, 5]))
        >>> lamina.ops.convert_to_numpy(x).tolist()
        [8, 40]
    """
    return _b.fori_loop(lower, upper, body_fun, init_val)


def _scan_spec(
    f: Callable,
    init: Any,
    xs: Any = None,
    length: int | None = None,
    reverse: bool = False,
    unroll: int | bool = 1,
) -> Any:
    steps = _leading_length("scan", xs, length)
    x = None if xs is None else map_structure(_slice_spec, xs)
    outputs = f(init, x)
    if not isinstance(outputs, (list, tuple)) or len(outputs) != 2:
        raise ValueError(
            f"scan: f must return a pair (carry, y), received {type(outputs).__name__}."
        )
    carry = _agree("scan", "init", init, "f's carry", outputs[0])
    return carry, _stacked_spec(outputs[1], steps)


@_structured_op(_scan_spec)
def scan(
    f: Callable,
    init: Any,
    xs: Any = None,
    length: int | None = None,
    reverse: bool = False,
    unroll: int | bool = 1,
) -> tuple[Any, Any]:
    """Loops `carry, y = f(carry, x)` over the leading axis of `xs`, stacking the `y`s.

    Args:
        f: Takes `(carry, x)`, returns `(new_carry, y)`; the carry keeps its structure,
            shapes and dtypes.
        init: The initial carry, any nesting of tensors.
        xs: Tensors (any nesting) to iterate over along axis 0; None to loop `length` times
            with `x=None`.
        length: The number of steps; needed when `xs` is None.
        reverse: Whether to iterate from the last slice to the first (the stacked `y`s still
            line up with `xs`).
        unroll: How many steps to unroll in the compiled loop (jax only).

    Returns:
        `(final_carry, stacked_ys)`.

    Example:
        >>> import lamina
        >>> total, partial = lamina.ops.scan(
        ...     lambda c, x: (c + x, c + x), 0, lamina.ops.convert_to_tensor([1, 2, 3])
        ... )
        >>> int(lamina.ops.convert_to_numpy(total)), lamina.ops.convert_to_numpy(partial).tolist()
        (6, [1, 3, 6])
    """
    _leading_length("scan", xs, length)
    return _b.scan(f, init, xs, length, reverse, unroll)


def _map_spec_for(op_name: str) -> Callable[..., Any]:
    def map_spec(f: Callable, xs: Any) -> Any:
        steps = _leading_length(op_name, xs)
        return _stacked_spec(f(map_structure(_slice_spec, xs)), steps)

    return map_spec


@_structured_op(_map_spec_for("map"))
def map(f: Callable, xs: Any) -> Any:  # noqa: A001 - Keras's name
    """Applies `f` to each slice of `xs` along axis 0 and stacks the results.

    Args:
        f: Takes one slice (with the nesting of `xs`) and returns tensors of a fixed shape.
        xs: Tensors (any nesting) sharing their first dim.

    Returns:
        The outputs of `f`, stacked along a new axis 0.

    Example:
        >>> import lamina
        >>> x = lamina.ops.convert_to_tensor([[1, 2], [3, 4]])
        >>> y = lamina.ops.map(lambda row: row * row, x)
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [[1, 4], [9, 16]]
    """
    _leading_length("map", xs)
    return _b.map(f, xs)


@_structured_op(_map_spec_for("vectorized_map"))
def vectorized_map(function: Callable, elements: Any) -> Any:
    """Applies `function` to each slice of `elements` along axis 0, batched where possible.

    The result equals `map(function, elements)`; jax vectorizes with `jax.vmap`, the other
    backends loop.

    Args:
        function: Takes one slice (with the nesting of `elements`); returns tensors.
        elements: Tensors (any nesting) sharing their first dim.

    Returns:
        The outputs of `function`, stacked along a new axis 0.

    Example:
        >>> import lamina
        >>> x = lamina.ops.convert_to_tensor([[1.0, 2.0], [3.0, 4.0]])
        >>> lamina.ops.shape(lamina.ops.vectorized_map(lambda row: row[:1] * 2, x))
        (2, 1)
    """
    _leading_length("vectorized_map", elements)
    return _b.vectorized_map(function, elements)


# -- gradients ----------------------------------------------------------------------------------


@lamina_op(unary_spec)
def stop_gradient(variable: Any) -> Tensor:
    """Returns `variable`'s value, with no gradient flowing back through it.

    Example:
        >>> import lamina
        >>> lamina.ops.convert_to_numpy(lamina.ops.stop_gradient([1.0, 2.0])).tolist()
        [1.0, 2.0]
    """
    return _b.stop_gradient(variable)


def custom_gradient(f: Callable) -> Callable:
    """Decorates `f` so that its gradient is computed by a function `f` supplies.

    `f(*args)` returns `(output, grad_fn)`; `grad_fn(upstream)` receives the gradient of the
    loss with respect to `output` and returns the gradient with respect to each argument of
    `f` (one tensor for a one-argument `f`, else a tuple). Defining it as
    `def grad_fn(*args, upstream=None)` also works. torch uses a `torch.autograd.Function`,
    jax `jax.custom_gradient`; numpy computes only the forward value.

    Args:
        f: The function to decorate.

    Returns:
        A function with the signature of `f` that returns only `output`.

    Example:
        >>> import lamina
        >>> @lamina.ops.custom_gradient
        ... def halved_gradient(x):
        ...     def grad_fn(upstream):
        ...         return lamina.ops.multiply(upstream, 0.5)
        ...     return x, grad_fn
        >>> y = halved_gradient(lamina.ops.convert_to_tensor([1.0]))
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [1.0]
    """
    backend_fn = _b.custom_gradient(f)

    @functools.wraps(f)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if any(isinstance(t, SymbolicTensor) for t in flatten((args, kwargs))):
            return f(*args, **kwargs)[0]
        return backend_fn(*args, **kwargs)

    return wrapped
