"""How a public op is made: eager calls go straight to the backend; symbolic calls compute a spec.

Every function in `lamina.ops` is decorated with `lamina_op(spec)`. On the hot path the wrapper
costs one shallow scan of the arguments for SymbolicTensors, then calls the backend. When an
argument is symbolic, `spec(*args, **kwargs)` returns the output SymbolicTensor(s) and the call
is recorded on them (`SymbolicTensor.op`). When the engine raises, the same spec is run on the
concrete arguments so that bad input gets lamina's message, naming the op and the shapes,
instead of the engine's internal one. lamina's own messages start with "<op name>: ".
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from lamina.backend.common.symbolic_tensor import (
    OpCall,
    SymbolicTensor,
    any_symbolic,
    flatten,
    map_structure,
)
from lamina.ops.shape_inference import describe

F = TypeVar("F", bound=Callable[..., Any])
_ENGINE_ERRORS = (RuntimeError, ValueError, TypeError, IndexError, NotImplementedError)


def lamina_op(spec: Callable[..., Any]) -> Callable[[F], F]:
    """Decorates a backend-dispatching function as a lamina op whose output spec is `spec`."""

    def decorate(fn: F) -> F:
        name = fn.__name__

        @functools.wraps(fn)
        def op(*args: Any, **kwargs: Any) -> Any:
            if any_symbolic(args, kwargs):
                return symbolic_call(op, spec, args, kwargs)
            try:
                return fn(*args, **kwargs)
            except _ENGINE_ERRORS as error:
                raise _explain(name, spec, args, kwargs, error) from error

        op.compute_output_spec = spec  # type: ignore[attr-defined]
        return op  # type: ignore[return-value]

    return decorate


def symbolic_call(op: Callable, spec: Callable, args: tuple, kwargs: dict) -> Any:
    """Returns `spec(*args, **kwargs)` with the call recorded on every output tensor."""
    outputs = spec(*args, **kwargs)
    call = OpCall(op, args, kwargs)
    call.outputs = outputs
    for tensor in flatten(outputs):
        if isinstance(tensor, SymbolicTensor):
            tensor.op = call
    return outputs


def _explain(name: str, spec: Callable, args: tuple, kwargs: dict, error: Exception) -> Exception:
    try:
        spec(*args, **kwargs)
    except (ValueError, TypeError) as spec_error:
        return spec_error
    except Exception:  # noqa: BLE001 - the spec may not cope with odd input; fall through.
        pass
    if str(error).startswith(f"{name}:"):
        return error  # Raised by lamina's backend code, already in lamina's form.
    received = ", ".join(describe(a) for a in args)
    if kwargs:
        received += ", " + ", ".join(f"{k}={describe(v)}" for k, v in kwargs.items())
    message = f"{name} failed on inputs ({received}): {error}"
    return TypeError(message) if isinstance(error, TypeError) else ValueError(message)


def unwrap_symbolic(structure: Any) -> Any:
    """Returns `structure` with every SymbolicTensor replaced by its (shape, dtype) pair."""
    return map_structure(
        lambda t: (t.shape, t.dtype) if isinstance(t, SymbolicTensor) else t, structure
    )
