"""lamina.ops.math against SciPy/NumPy: special functions, segments, top-k, logsumexp, framing."""

from __future__ import annotations

import ml_dtypes
import numpy as np
import pytest
from scipy import special

import lamina
from lamina import ops
from tests.support.op_check import BACKEND, check_gradient, check_op

RNG = np.random.default_rng(0)


@pytest.mark.parametrize("dtype", ["float16", "bfloat16", "float32", "float64", "int32"])
@pytest.mark.parametrize("shape", [(3, 4), (0, 2), ()])
def test_erf_matches_scipy(dtype, shape):
    x = RNG.uniform(-3, 3, shape).astype(ml_dtypes.bfloat16 if dtype == "bfloat16" else dtype)
    expected = "float32" if dtype == "int32" else dtype
    check_op(ops.erf, [x], lambda a: special.erf(a.astype(np.float64)), expected_dtype=expected)


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_erfinv_matches_scipy(dtype):
    x = RNG.uniform(-0.99, 0.99, (4, 5)).astype(dtype)
    rtol = {"float16": 1e-2, "float32": 1e-4, "float64": 1e-10}[dtype]
    check_op(
        ops.erfinv,
        [x],
        lambda a: special.erfinv(a.astype(np.float64)),
        expected_dtype=dtype,
        rtol=rtol,
        atol=rtol,
    )


def test_erfinv_edges():
    y = ops.convert_to_numpy(ops.erfinv(np.array([-1.0, 1.0, 2.0])))
    assert y[0] == -np.inf and y[1] == np.inf and np.isnan(y[2])


@pytest.mark.skipif(BACKEND != "numpy", reason="the SciPy-free fallback exists only on numpy")
def test_numpy_fallbacks_without_scipy(monkeypatch):
    from lamina.backend.numpy import math as numpy_math

    monkeypatch.setattr(numpy_math, "_scipy_special", lambda: None)
    x = np.linspace(-0.999, 0.999, 41)
    np.testing.assert_allclose(numpy_math.erf(x), special.erf(x), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(numpy_math.erfinv(x), special.erfinv(x), rtol=1e-9)
    edges = numpy_math.erfinv(np.array([-1.0, 1.0, 1.5]))
    assert edges[0] == -np.inf and edges[1] == np.inf and np.isnan(edges[2])


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64", "int32"])
def test_rsqrt_matches_numpy(dtype):
    x = RNG.uniform(1, 10, (3, 4)).astype(dtype)  # >= 1 so that ints are never 0
    expected = "float32" if dtype == "int32" else dtype
    check_op(ops.rsqrt, [x], lambda a: 1 / np.sqrt(a.astype(np.float64)), expected_dtype=expected)


@pytest.mark.parametrize(
    ("shape", "axis", "keepdims"),
    [((3, 4), None, False), ((3, 4), 1, True), ((2, 3, 4), (0, 2), False), ((0, 3), 0, False)],
)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_logsumexp_matches_scipy(shape, axis, keepdims, dtype):
    x = (RNG.normal(size=shape) * 50).astype(dtype)
    check_op(
        ops.logsumexp,
        [x],
        lambda a, axis, keepdims: special.logsumexp(a, axis=axis, keepdims=keepdims),
        kwargs={"axis": axis, "keepdims": keepdims},
        expected_dtype=dtype,
    )


def test_logsumexp_handles_infinities():
    x = np.array([[-np.inf, -np.inf], [np.inf, 0.0], [1e30, 1e30]], dtype="float32")
    y = ops.convert_to_numpy(ops.logsumexp(x, axis=1))
    assert y[0] == -np.inf and y[1] == np.inf
    np.testing.assert_allclose(y[2], 1e30, rtol=1e-6)


def _segment_reference(reduce, fill):
    def reference(data, ids, num_segments, sorted=False):
        out = np.full((num_segments, *data.shape[1:]), fill(data.dtype), dtype=data.dtype)
        for row, segment in zip(data, ids):
            if 0 <= segment < num_segments:
                out[segment] = reduce(out[segment], row)
        return out

    return reference


def _lowest(dtype):
    return -np.inf if np.dtype(dtype).kind == "f" else np.iinfo(dtype).min


@pytest.mark.parametrize("dtype", ["float32", "float64", "int32", "uint8"])
@pytest.mark.parametrize("data_shape", [(6,), (6, 3), (0, 3)])
def test_segment_sum_and_max_match_numpy(dtype, data_shape):
    data = RNG.uniform(0, 20, data_shape).astype(dtype)
    ids = RNG.integers(-1, 5, data_shape[:1]).astype("int32")
    kwargs = {"num_segments": 5}
    check_op(ops.segment_sum, [data, ids], _segment_reference(np.add, lambda d: 0), kwargs=kwargs)
    check_op(ops.segment_max, [data, ids], _segment_reference(np.maximum, _lowest), kwargs=kwargs)


def test_segment_sum_sorted_ids():
    data = RNG.normal(size=(5, 2)).astype("float32")
    ids = np.array([0, 0, 1, 3, 3], dtype="int64")
    reference = _segment_reference(np.add, lambda d: 0)
    kwargs = {"num_segments": 4, "sorted": True}
    check_op(ops.segment_sum, [data, ids], reference, kwargs=kwargs)


def test_segment_ops_infer_num_segments():
    data = np.arange(5, dtype="float32")
    ids = np.array([0, 0, 2, 2, 3], dtype="int32")
    assert ops.convert_to_numpy(ops.segment_sum(data, ids)).tolist() == [1.0, 0.0, 5.0, 4.0]
    assert ops.convert_to_numpy(ops.segment_max(data, ids)).tolist() == [1.0, -np.inf, 3.0, 4.0]
    symbolic = ops.segment_sum(lamina.SymbolicTensor((5, 2)), lamina.SymbolicTensor((5,), "int32"))
    assert symbolic.shape == (None, 2)


@pytest.mark.skipif(BACKEND != "jax", reason="only jax traces segment ids (inside jit)")
def test_segment_sum_needs_num_segments_under_jit():
    import jax

    data, ids = np.ones(3, dtype="float32"), np.array([0, 1, 1], dtype="int32")
    with pytest.raises(ValueError, match="segment_sum: num_segments must be given"):
        jax.jit(ops.segment_sum)(data, ids)
    jitted = jax.jit(lambda d, i: ops.segment_max(d, i, num_segments=2))
    assert ops.convert_to_numpy(jitted(data, ids)).tolist() == [1.0, 1.0]


def test_segment_sum_gradient():
    check_gradient(
        lambda data: ops.segment_sum(data, [0, 2, 2, -1], num_segments=3),
        [RNG.normal(size=(4, 2))],
    )


@pytest.mark.parametrize("dtype", ["float16", "float32", "int32", "uint8"])
@pytest.mark.parametrize(("shape", "k"), [((6,), 3), ((2, 3, 6), 2), ((0, 4), 4), ((3, 5), 0)])
def test_top_k_matches_numpy(dtype, shape, k):
    # Distinct values per row so that the order (and so the indices) is unambiguous.
    x = np.argsort(RNG.random(shape), axis=-1).astype(dtype)

    def reference(a, k):
        indices = np.argsort(-a.astype(np.float64), axis=-1)[..., :k]
        return np.take_along_axis(a, indices, axis=-1), indices.astype("int32")

    check_op(ops.top_k, [x], reference, kwargs={"k": k})


def test_top_k_unsorted_has_the_same_entries():
    x = RNG.normal(size=(3, 7)).astype("float32")
    values, indices = ops.top_k(x, 3, sorted=False)
    values, indices = ops.convert_to_numpy(values), ops.convert_to_numpy(indices)
    np.testing.assert_array_equal(np.sort(values, -1), np.sort(x, -1)[:, -3:])
    np.testing.assert_array_equal(np.take_along_axis(x, indices.astype(np.int64), -1), values)


@pytest.mark.parametrize("k", [1, 2, 4])
def test_in_top_k_matches_numpy(k):
    predictions = RNG.integers(0, 4, (8, 5)).astype("float32")  # Many ties on purpose.
    targets = RNG.integers(0, 5, (8,)).astype("int32")

    def reference(t, p, k):
        kth_best = -np.sort(-p, axis=-1)[:, k - 1]
        return p[np.arange(len(t)), t] >= kth_best

    check_op(ops.in_top_k, [targets, predictions], reference, kwargs={"k": k})


@pytest.mark.parametrize(
    ("shape", "length", "stride"), [((10,), 3, 2), ((2, 3, 8), 4, 4), ((0, 5), 5, 1), ((7,), 7, 3)]
)
@pytest.mark.parametrize("dtype", ["float32", "int32"])
def test_extract_sequences_matches_numpy(shape, length, stride, dtype):
    x = RNG.normal(size=shape).astype(dtype)

    def reference(a, sequence_length, sequence_stride):
        starts = range(0, a.shape[-1] - sequence_length + 1, sequence_stride)
        return np.stack([a[..., s : s + sequence_length] for s in starts], axis=-2)

    check_op(
        ops.extract_sequences,
        [x],
        reference,
        kwargs={"sequence_length": length, "sequence_stride": stride},
    )


def test_erf_logsumexp_rsqrt_gradients():
    check_gradient(ops.erf, [RNG.normal(size=(2, 3))])
    check_gradient(ops.rsqrt, [RNG.uniform(0.5, 2.0, (2, 3))])
    check_gradient(ops.logsumexp, [RNG.normal(size=(2, 3))], kwargs={"axis": 1})


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (
            lambda: ops.segment_sum(np.ones((3, 2)), np.zeros((3, 1), "int32")),
            ValueError,
            r"segment_sum: segment_ids must be 1-D, received shape \(3, 1\)",
        ),
        (
            lambda: ops.segment_max(np.float32(1.0), np.zeros((1,), "int32")),
            ValueError,
            "segment_max: data must have rank >= 1",
        ),
        (
            lambda: ops.segment_sum(np.ones((3, 2)), np.zeros((4,), "int32")),
            ValueError,
            r"segment_sum: segment_ids of shape \(4,\) must have one id per row of data, which "
            r"has shape \(3, 2\)",
        ),
        (
            lambda: ops.segment_sum(np.ones(3), np.zeros(3, "float32")),
            TypeError,
            "segment_sum: segment_ids must be integers, received dtype float32",
        ),
        (
            lambda: ops.segment_sum(np.ones(3), np.zeros(3, "int32"), num_segments=-1),
            ValueError,
            "segment_sum: num_segments must be a non-negative int, received -1",
        ),
        (lambda: ops.top_k(np.float32(1.0), 1), ValueError, "top_k: x must have rank >= 1"),
        (
            lambda: ops.top_k(np.ones((2, 3)), 4),
            ValueError,
            r"top_k: k=4 is larger than the last axis of x, which has shape \(2, 3\)",
        ),
        (lambda: ops.top_k(np.ones(3), 1.5), ValueError, "top_k: k must be a non-negative int"),
        (
            lambda: ops.in_top_k(np.zeros(2, "int32"), np.ones(3), 1),
            ValueError,
            r"in_top_k: expected targets of shape \(batch,\) and predictions of shape "
            r"\(batch, num_classes\), received \(2,\) and \(3,\)",
        ),
        (
            lambda: ops.in_top_k(np.zeros(2, "int32"), np.ones((3, 4)), 1),
            ValueError,
            r"in_top_k: targets of shape \(2,\) and predictions of shape \(3, 4\) have different",
        ),
        (
            lambda: ops.extract_sequences(np.ones(3), 4, 1),
            ValueError,
            r"extract_sequences: sequence_length=4 is longer than the last axis of x, which has "
            r"shape \(3,\)",
        ),
        (
            lambda: ops.extract_sequences(np.ones(3), 0, 1),
            ValueError,
            "extract_sequences: sequence_length must be a positive int, received 0",
        ),
        (
            lambda: ops.extract_sequences(np.float32(1.0), 1, 1),
            ValueError,
            "extract_sequences: x must have rank >= 1",
        ),
        (
            lambda: ops.logsumexp(np.ones((2, 3)), axis=2),
            ValueError,
            "logsumexp: axis 2 is out of range for an input of rank 2",
        ),
    ],
)
def test_math_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_math_errors_on_symbolic_inputs():
    with pytest.raises(ValueError, match=r"top_k: k=5 is larger .* shape \(None, 4\)"):
        ops.top_k(lamina.SymbolicTensor((None, 4)), 5)
    with pytest.raises(ValueError, match="segment_max: segment_ids of shape"):
        ops.segment_max(lamina.SymbolicTensor((3, 2)), lamina.SymbolicTensor((2,), "int32"))
