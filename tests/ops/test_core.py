"""Core ops: control flow, gradients control, slicing and scattering, against NumPy."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import ops
from tests.support.op_check import BACKEND, DIFFERENTIABLE_BACKENDS, check_gradient, check_op

RNG = np.random.default_rng(0)


def as_list(x):
    return np.asarray(ops.convert_to_numpy(x)).tolist()


def tensor(values, dtype=None):
    return ops.convert_to_tensor(np.asarray(values), dtype)


# -- cond and switch ------------------------------------------------------------------------------


@pytest.mark.parametrize("pred", [True, False])
def test_cond_picks_branch(pred):
    x = tensor([1.0, 2.0], "float32")
    result = ops.cond(tensor(pred), lambda: {"y": x * 2.0}, lambda: {"y": x - 1.0})
    assert as_list(result["y"]) == ([2.0, 4.0] if pred else [0.0, 1.0])


def test_cond_symbolic_merges_branch_specs():
    x = lamina.SymbolicTensor((None, 3))
    out = ops.cond(ops.greater(ops.sum(x), 0.0), lambda: x * 2.0, lambda: x)
    assert out.shape == (None, 3) and out.dtype == "float32" and out.op.fn is ops.cond
    assert x.op is None


def test_cond_rejects_branches_that_disagree():
    x = lamina.SymbolicTensor((2, 3))
    with pytest.raises(
        ValueError, match=r"cond: true_fn and false_fn must give .*\(2, 3\).*\(3,\)"
    ):
        ops.cond(ops.greater(ops.sum(x), 0.0), lambda: x, lambda: ops.sum(x, axis=0))
    with pytest.raises(
        ValueError, match=r"cond: true_fn and false_fn must have the same structure"
    ):
        ops.cond(ops.greater(ops.sum(x), 0.0), lambda: (x, x), lambda: x)


def test_cond_rejects_non_scalar_pred():
    with pytest.raises(ValueError, match=r"cond: pred must be a scalar, received shape \(2, 3\)"):
        ops.cond(lamina.SymbolicTensor((2, 3), "bool"), lambda: 1, lambda: 0)


@pytest.mark.parametrize(
    ("index", "expected"), [(0, [2, 3]), (1, [10, 20]), (5, [1, 4]), (-2, [2, 3])]
)
def test_switch_picks_branch_and_clamps(index, expected):
    branches = [lambda a, b: a + 1, lambda a, b: a * 10, lambda a, b: a * b]
    x = tensor([1, 2], "int32")
    assert (
        as_list(ops.switch(tensor(index, "int32"), branches, x, tensor([1, 2], "int32")))
        == expected
    )


def test_switch_symbolic_and_errors():
    x = lamina.SymbolicTensor((None, 4))
    out = ops.switch(lamina.SymbolicTensor((), "int32"), [lambda v: v, lambda v: v * 2.0], x)
    assert out.shape == (None, 4) and out.op.fn is ops.switch
    with pytest.raises(ValueError, match=r"switch: branches\[0\] and branches\[1\] must give"):
        ops.switch(0, [lambda v: v, lambda v: ops.sum(v)], x)
    with pytest.raises(ValueError, match=r"switch: branches must hold at least one function"):
        ops.switch(0, [], tensor([1.0]))


# -- loops ----------------------------------------------------------------------------------------


def test_while_loop_tuple_state():
    i, total = ops.while_loop(lambda i, t: i < 5, lambda i, t: (i + 1, t + i), (0, 0))
    assert int(ops.convert_to_numpy(i)) == 5 and int(ops.convert_to_numpy(total)) == 10
    assert ops.dtype(total) == "int32"


def test_while_loop_single_tensor_and_maximum_iterations():
    x = ops.while_loop(lambda v: ops.sum(v) < 100.0, lambda v: v * 2.0, tensor([1.0, 1.0]))
    assert as_list(x) == [64.0, 64.0]
    x = ops.while_loop(lambda v: True, lambda v: v + 1.0, tensor([0.0]), maximum_iterations=3)
    assert as_list(x) == [3.0]


def test_while_loop_nested_dict_state():
    state = {"count": tensor(0, "int32"), "values": [tensor([1.0, 2.0]), tensor(3.0)]}

    def body(s):
        return {"count": s["count"] + 1, "values": [s["values"][0] * 2.0, s["values"][1] + 1.0]}

    out = ops.while_loop(lambda s: s["count"] < 3, body, state)
    assert int(ops.convert_to_numpy(out["count"])) == 3
    assert as_list(out["values"][0]) == [8.0, 16.0] and as_list(out["values"][1]) == 6.0


def test_while_loop_symbolic_and_error():
    x = lamina.SymbolicTensor((None, 2))
    i, y = ops.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, v * 2.0), (0, x))
    assert (i.shape, i.dtype, y.shape) == ((), "int32", (None, 2))
    with pytest.raises(ValueError, match=r"while_loop: loop_vars and body must give .*\(None, 2\)"):
        ops.while_loop(lambda v: True, lambda v: ops.sum(v, axis=0), x)


def test_fori_loop_matches_python():
    value = ops.fori_loop(1, 5, lambda i, v: v * i, tensor(1, "int32"))
    assert int(ops.convert_to_numpy(value)) == 24
    pair = ops.fori_loop(0, 3, lambda i, v: (v[0] + 1.0, v[1] - 1.0), (tensor(0.0), tensor(0.0)))
    assert [float(ops.convert_to_numpy(p)) for p in pair] == [3.0, -3.0]


def test_fori_loop_symbolic_and_error():
    x = lamina.SymbolicTensor((None, 3))
    assert ops.fori_loop(0, 4, lambda i, v: v + 1.0, x).shape == (None, 3)
    with pytest.raises(ValueError, match=r"fori_loop: init_val and body_fun must give"):
        ops.fori_loop(0, 4, lambda i, v: ops.cast(v, "int32"), x)


@pytest.mark.parametrize("reverse", [False, True])
def test_scan_cumulative_sum(reverse):
    xs = RNG.normal(size=(5, 3)).astype("float32")

    def step(carry, x):
        carry = carry + x
        return carry, carry * 2.0

    carry, ys = ops.scan(step, tensor(np.zeros(3, "float32")), tensor(xs), reverse=reverse)
    cumulative = np.cumsum(xs[::-1], axis=0)[::-1] if reverse else np.cumsum(xs, axis=0)
    np.testing.assert_allclose(ops.convert_to_numpy(carry), xs.sum(0), rtol=1e-5)
    np.testing.assert_allclose(ops.convert_to_numpy(ys), 2.0 * cumulative, rtol=1e-5)


def test_scan_nested_and_length_only():
    xs = {"a": tensor(np.arange(4.0, dtype="float32")), "b": tensor(np.ones((4, 2), "float32"))}
    carry, ys = ops.scan(lambda c, x: (c + x["a"], {"s": x["b"] * x["a"]}), tensor(0.0), xs)
    assert float(ops.convert_to_numpy(carry)) == 6.0
    assert ops.shape(ys["s"]) == (4, 2)
    count, steps = ops.scan(lambda c, x: (c + 1, c), tensor(0, "int32"), length=3)
    assert int(ops.convert_to_numpy(count)) == 3 and as_list(steps) == [0, 1, 2]


def test_scan_over_zero_steps():
    carry, ys = ops.scan(
        lambda c, x: (c + x, x * 2.0),
        tensor(np.zeros(2, "float32")),
        tensor(np.zeros((0, 2), "float32")),
    )
    assert ops.shape(ys) == (0, 2) and as_list(carry) == [0.0, 0.0]


def test_scan_symbolic_and_errors():
    xs = lamina.SymbolicTensor((7, None, 3))
    carry, ys = ops.scan(lambda c, x: (c + ops.sum(x), x[0]), 0.0, xs)
    assert (carry.shape, carry.dtype, ys.shape) == ((), "float32", (7, 3))
    with pytest.raises(ValueError, match=r"scan: f must return a pair \(carry, y\)"):
        ops.scan(lambda c, x: c, 0.0, xs)
    with pytest.raises(ValueError, match=r"scan: pass xs or length"):
        ops.scan(lambda c, x: (c, c), tensor(0.0))
    with pytest.raises(ValueError, match=r"scan: the leaves of xs \(and length\) must share"):
        ops.scan(lambda c, x: (c, c), tensor(0.0), [tensor(np.ones(2)), tensor(np.ones(3))])


def test_map_and_vectorized_map_match_numpy():
    x = RNG.normal(size=(4, 3)).astype("float32")
    for op in (ops.map, ops.vectorized_map):
        y = op(lambda row: (row * row, ops.sum(row)), tensor(x))
        np.testing.assert_allclose(ops.convert_to_numpy(y[0]), x * x, rtol=1e-6)
        np.testing.assert_allclose(ops.convert_to_numpy(y[1]), x.sum(1), rtol=1e-5)
        spec = op(lambda row: ops.sum(row), lamina.SymbolicTensor((None, 3)))
        assert spec.shape == (None,) and spec.op.fn is op
    with pytest.raises(ValueError, match=r"map: every leaf of xs needs a leading axis"):
        ops.map(lambda v: v, tensor(1.0))


@pytest.mark.skipif(BACKEND != "jax", reason="jax.jit tracing is specific to the jax backend")
def test_control_flow_traces_under_jax_jit():
    import jax

    @jax.jit
    def run(x):
        y = ops.cond(ops.sum(x) > 0, lambda: x * 2.0, lambda: x)
        _, y = ops.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, v + 1.0), (0, y))
        y = ops.fori_loop(0, 2, lambda i, v: v + ops.cast(i, "float32"), y)
        _, ys = ops.scan(lambda c, v: (c + v, c), 0.0, y)
        return ops.switch(1, [lambda v: v, lambda v: v * 10.0], ys)

    assert as_list(run(tensor([1.0, 2.0], "float32"))) == [0.0, 60.0]


# -- gradients ------------------------------------------------------------------------------------


def test_stop_gradient_value_and_gradient():
    check_op(ops.stop_gradient, [RNG.normal(size=(2, 3)).astype("float32")], lambda a: a)
    if BACKEND not in DIFFERENTIABLE_BACKENDS:
        pytest.skip(f"the {BACKEND} backend is inference-only: it has no gradients to check")
    grad = lamina.backend.core.value_and_grad(
        lambda x: ops.sum(ops.multiply(x, ops.stop_gradient(x)))
    )
    _, g = grad(tensor([1.0, 2.0]))
    assert as_list(g) == [1.0, 2.0]


def test_custom_gradient_uses_supplied_gradient():
    @ops.custom_gradient
    def scaled(x, factor):
        def grad_fn(upstream):
            return ops.multiply(upstream, 3.0), None

        return ops.multiply(x, factor), grad_fn

    assert as_list(scaled(tensor([1.0, 2.0]), 2.0)) == [2.0, 4.0]
    assert scaled(lamina.SymbolicTensor((None, 2)), 2.0).shape == (None, 2)
    if BACKEND not in DIFFERENTIABLE_BACKENDS:
        pytest.skip(f"the {BACKEND} backend is inference-only: it has no gradients to check")
    grad = lamina.backend.core.value_and_grad(lambda x: ops.sum(scaled(x, 2.0)))
    _, g = grad(tensor([1.0, 2.0]))
    assert as_list(g) == [3.0, 3.0]


# -- slicing and scattering ---------------------------------------------------------------------


@pytest.mark.parametrize("dtype", ["float32", "float16", "int32", "bool"])
def test_slice_matches_numpy(dtype):
    x = (RNG.normal(size=(4, 5, 3)) * 5).astype(dtype)
    check_op(
        ops.slice, [x, (1, 2, 0), (2, 3, 3)], lambda a, s, n: a[1:3, 2:5, 0:3], expected_dtype=dtype
    )
    check_op(ops.slice, [x, (0, 0, 0), (0, 5, 1)], lambda a, s, n: a[0:0, :, 0:1])


def test_slice_clamps_start_and_takes_tensor_starts():
    x = np.arange(10, dtype="int32")
    assert as_list(ops.slice(tensor(x), (8,), (4,))) == [6, 7, 8, 9]
    assert as_list(ops.slice(tensor(x), tensor([2], "int32"), (3,))) == [2, 3, 4]


def test_slice_gradient():
    check_gradient(
        ops.slice, [RNG.normal(size=(3, 4))], kwargs={"start_indices": (1, 1), "shape": (2, 2)}
    )


def test_slice_errors():
    with pytest.raises(
        ValueError, match=r"slice: start_indices and the window shape need one entry"
    ):
        ops.slice(tensor(np.ones((4, 5))), (0,), (2, 2))
    with pytest.raises(
        ValueError, match=r"slice: the window shape \(5, 2\) does not fit .*\(4, 5\)"
    ):
        ops.slice(tensor(np.ones((4, 5))), (0, 0), (5, 2))


@pytest.mark.parametrize("dtype", ["float32", "float64", "int32"])
def test_slice_update_matches_numpy(dtype):
    x = (RNG.normal(size=(4, 5)) * 5).astype(dtype)
    updates = np.ones((2, 3), dtype)

    def reference(a, start, u):
        out = a.copy()
        out[2:4, 1:4] = u
        return out

    check_op(ops.slice_update, [x, (2, 1), updates], reference, expected_dtype=dtype)
    check_gradient(
        ops.slice_update, [x.astype("float64"), (2, 1), updates.astype("float64")], argnums=(0, 2)
    ) if dtype == "float64" else None


def test_slice_update_errors():
    with pytest.raises(ValueError, match=r"slice_update: updates must have the rank of inputs"):
        ops.slice_update(tensor(np.ones((4, 5))), (0, 0), tensor(np.ones(3)))


def scatter_reference(indices, values, shape):
    out = np.zeros(shape, values.dtype)
    np.add.at(out, tuple(np.moveaxis(np.asarray(indices), -1, 0)), values)
    return out


@pytest.mark.parametrize("dtype", ["float32", "float64", "int32"])
def test_scatter_adds_repeated_indices(dtype):
    indices = np.array([[0, 1], [2, 0], [0, 1]], "int32")
    values = np.array([1, 2, 3], dtype)
    check_op(
        ops.scatter,
        [indices, values],
        scatter_reference,
        kwargs={"shape": (3, 2)},
        expected_dtype=dtype,
    )
    rows = np.array([[1], [3]], "int64")
    slabs = RNG.normal(size=(2, 3)).astype("float32")
    check_op(ops.scatter, [rows, slabs], scatter_reference, kwargs={"shape": (4, 3)})


def test_scatter_gradient_wrt_values():
    check_gradient(
        ops.scatter,
        [[[0], [2], [0]], RNG.normal(size=(3, 2))],
        kwargs={"shape": (4, 2)},
        argnums=(1,),
    )


def test_scatter_update_matches_numpy():
    x = RNG.normal(size=(3, 4)).astype("float32")
    indices = np.array([[0, 0], [2, 3]], "int32")

    def reference(a, idx, u):
        out = a.copy()
        out[idx[:, 0], idx[:, 1]] = u
        return out

    check_op(ops.scatter_update, [x, indices, np.array([5.0, 6.0], "float32")], reference)
    check_op(
        ops.scatter_update,
        [x, np.array([[1]], "int32"), np.ones((1, 4), "float32")],
        lambda a, idx, u: np.concatenate([a[:1], u, a[2:]]),
    )


def test_scatter_errors():
    with pytest.raises(
        ValueError, match=r"scatter: indices must have shape \(..., k\) with k <= 2"
    ):
        ops.scatter(tensor(np.zeros((2, 3), "int32")), tensor(np.ones(2)), (3, 3))
    with pytest.raises(
        ValueError,
        match=r"scatter_update: indices of shape \(2, 1\) into shape \(3, 4\) need values of "
        r"shape \(2, 4\), received \(2,\)",
    ):
        ops.scatter_update(
            tensor(np.ones((3, 4))), tensor(np.zeros((2, 1), "int32")), tensor(np.ones(2))
        )


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_unstack_matches_numpy(axis):
    x = RNG.normal(size=(2, 3, 4)).astype("float32")
    check_op(
        ops.unstack,
        [x],
        lambda a, axis: list(np.moveaxis(a, axis, 0)),
        kwargs={"axis": axis},
        check_none_dims=axis != 0,
    )


def test_unstack_errors():
    with pytest.raises(ValueError, match=r"unstack: axis 0 of shape \(None, 3\) has unknown size"):
        ops.unstack(lamina.SymbolicTensor((None, 3)))
    assert len(ops.unstack(lamina.SymbolicTensor((None, 3)), num=2)) == 2
    with pytest.raises(ValueError, match=r"unstack: num=3 does not match size 2 of axis 0"):
        ops.unstack(tensor(np.ones((2, 3))), num=3)
