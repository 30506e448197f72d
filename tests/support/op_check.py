"""The shared op-test helpers: eager result vs a NumPy reference, symbolic spec vs eager result,
and finite-difference gradient checks on the backends that differentiate.

Usage:
    check_op(ops.add, [x, y], np.add)          # arrays become tensors; others pass as they are
    check_op(ops.sum, [x], lambda a: a.sum(0), kwargs={"axis": 0})
    check_gradient(ops.exp, [x])               # torch and jax only
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pytest

import lamina
from lamina import ops
from lamina.backend.common.symbolic_tensor import flatten, map_structure

BACKEND = lamina.backend.backend()
DIFFERENTIABLE_BACKENDS = ("torch", "jax")

#: (rtol, atol) per result dtype.
TOLERANCES = {
    "float16": (2e-3, 2e-3),
    "bfloat16": (2e-2, 2e-2),
    "float32": (1e-5, 1e-6),
    "float64": (1e-10, 1e-12),
}


def tolerance(dtype: str) -> tuple[float, float]:
    return TOLERANCES.get(dtype, (0.0, 0.0))


def to_tensors(args: Sequence[Any]) -> list[Any]:
    """Converts NumPy arrays (also inside lists) to backend tensors; leaves the rest alone."""
    return [
        map_structure(lambda a: ops.convert_to_tensor(a) if isinstance(a, np.ndarray) else a, x)
        for x in args
    ]


def to_symbolic(args: Sequence[Any], none_first_dim: bool = False) -> list[Any]:
    """Replaces NumPy arrays with SymbolicTensors of the same shape (first dim None if asked)."""

    def convert(a: Any) -> Any:
        if not isinstance(a, np.ndarray):
            return a
        shape: tuple[int | None, ...] = a.shape
        if none_first_dim and a.ndim:
            shape = (None, *a.shape[1:])
        return lamina.SymbolicTensor(shape, a.dtype)

    return [map_structure(convert, x) for x in args]


def check_op(
    op: Callable,
    args: Sequence[Any],
    reference: Callable,
    kwargs: dict | None = None,
    expected_dtype: str | None = None,
    rtol: float | None = None,
    atol: float | None = None,
    check_symbolic: bool = True,
    check_none_dims: bool = True,
) -> Any:
    """Checks `op(*args, **kwargs)` against `reference` on NumPy inputs and its symbolic spec.

    - eager: the result (any nesting) has the reference's shapes and values (per-dtype
      tolerances), and `expected_dtype` when given;
    - symbolic: the spec of the same call on SymbolicTensors has the eager result's shapes
      and dtypes; with `check_none_dims`, the first dim set to None is None or equal.

    Returns the eager result as NumPy.
    """
    kwargs = kwargs or {}
    result = op(*to_tensors(args), **kwargs)
    got = map_structure(lambda t: np.asarray(ops.convert_to_numpy(t)), result)
    want = map_structure(np.asarray, reference(*args, **kwargs))
    got_leaves, want_leaves = flatten(got), flatten(want)
    assert len(got_leaves) == len(want_leaves), f"{op.__name__}: output structure differs"
    result_dtypes = [ops.dtype(t) for t in flatten(result)]
    for g, w, dtype in zip(got_leaves, want_leaves, result_dtypes):
        assert g.shape == w.shape, f"{op.__name__}: shape {g.shape} != reference {w.shape}"
        if expected_dtype is not None:
            assert dtype == expected_dtype, f"{op.__name__}: dtype {dtype} != {expected_dtype}"
        default_rtol, default_atol = tolerance(dtype)
        np.testing.assert_allclose(
            g.astype(np.float64) if g.dtype.name == "bfloat16" else g,
            w.astype(np.float64) if w.dtype.name == "bfloat16" else w,
            rtol=default_rtol if rtol is None else rtol,
            atol=default_atol if atol is None else atol,
            err_msg=f"{op.__name__} on {BACKEND}",
        )
    if check_symbolic:
        _check_spec(op, args, kwargs, result, none_first_dim=False)
        if check_none_dims and any(
            isinstance(a, np.ndarray) and a.ndim for a in flatten(list(args))
        ):
            _check_spec(op, args, kwargs, result, none_first_dim=True)
    return got


def _check_spec(op: Callable, args: Any, kwargs: dict, result: Any, none_first_dim: bool) -> None:
    out_spec = op(*to_symbolic(args, none_first_dim), **kwargs)
    spec_leaves, result_leaves = flatten(out_spec), flatten(result)
    assert len(spec_leaves) == len(result_leaves), f"{op.__name__}: spec structure differs"
    for s, r in zip(spec_leaves, result_leaves):
        assert isinstance(s, lamina.SymbolicTensor), f"{op.__name__}: spec is {type(s)}"
        shape = tuple(ops.shape(r))
        assert len(s.shape) == len(shape), f"{op.__name__}: spec rank {s.shape} vs {shape}"
        for sd, rd in zip(s.shape, shape):
            assert sd == rd or (none_first_dim and sd is None), (
                f"{op.__name__}: spec shape {s.shape} vs eager {shape}"
            )
        assert s.dtype == ops.dtype(r), f"{op.__name__}: spec dtype {s.dtype} vs {ops.dtype(r)}"
        assert s.op is not None and s.op.fn is op


def check_gradient(
    op: Callable,
    args: Sequence[Any],
    kwargs: dict | None = None,
    argnums: Sequence[int] = (0,),
    eps: float = 1e-6,
    rtol: float = 1e-4,
    atol: float = 1e-6,
) -> None:
    """Compares the backend's gradient of `sum(op(...) * w)` with central finite differences.

    Runs in float64 (arrays in `args` are cast). Skipped on backends without gradients.
    """
    if BACKEND not in DIFFERENTIABLE_BACKENDS:
        pytest.skip(f"the {BACKEND} backend is inference-only: it has no gradients to check")
    kwargs = kwargs or {}
    args64 = [a.astype(np.float64) if isinstance(a, np.ndarray) else a for a in args]
    out = np.asarray(ops.convert_to_numpy(op(*to_tensors(args64), **kwargs)))
    weights = np.random.default_rng(1).uniform(0.5, 1.5, out.shape)

    def objective(*xs: Any) -> Any:
        call_args = list(to_tensors(args64))
        for i, x in zip(argnums, xs):
            call_args[i] = x
        return ops.sum(ops.multiply(op(*call_args, **kwargs), ops.convert_to_tensor(weights)))

    grad_fn = lamina.backend.core.value_and_grad(objective, argnums=tuple(range(len(argnums))))
    _, grads = grad_fn(*[ops.convert_to_tensor(args64[i]) for i in argnums])
    for position, i in enumerate(argnums):
        analytic = np.asarray(ops.convert_to_numpy(grads[position]))
        numeric = np.zeros_like(args64[i])
        flat = numeric.reshape(-1)
        for j in range(flat.size):
            plus = [args64[k].copy() for k in argnums]
            minus = [args64[k].copy() for k in argnums]
            plus[position].reshape(-1)[j] += eps
            minus[position].reshape(-1)[j] -= eps
            f_plus = float(
                ops.convert_to_numpy(objective(*[ops.convert_to_tensor(p) for p in plus]))
            )
            f_minus = float(
                ops.convert_to_numpy(objective(*[ops.convert_to_tensor(m) for m in minus]))
            )
            flat[j] = (f_plus - f_minus) / (2 * eps)
        np.testing.assert_allclose(
            analytic, numeric, rtol=rtol, atol=atol, err_msg=f"gradient of {op.__name__}"
        )
